// NB501 false positive found labelling holdout13: a notebook that only times fits on random data (sklearn against
// cuML with %timeit) shows nothing a seed would make repeatable. The same notebook with a score is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB501: holdout13', () => {
  const nb = (extra: string[]) => [
    'from sklearn import datasets\nfrom sklearn.svm import SVC',
    'X, y = datasets.make_classification(n_samples=20000)',
    'def train(model, X=X, y=y):\n    model.fit(X, y)',
    'cpu_time = %timeit -o train(SVC(kernel="poly"))\nprint(cpu_time.average)',
    ...extra,
  ];

  it('is silent when the notebook only times fits and never predicts, scores or computes a metric', async () => {
    assert.deepEqual(await findingsOf('NB501', nb([])), []);
  });

  it('still reports the random data when a score or a prediction is shown, or when nothing is timed', async () => {
    assert.deepEqual(await findingsOf('NB501', nb(['clf = SVC().fit(X, y)\nprint(clf.score(X, y))'])), ['2:1:8 datasets.make_classification']);
    const untimed = nb([]).map((s) => s.replace('%timeit -o ', ''));
    assert.deepEqual(await findingsOf('NB501', untimed), ['2:1:8 datasets.make_classification']);
  });
});
