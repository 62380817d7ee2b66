// NB205 false positives found labelling holdout19: `alpha` is transparency in a call given a colour, whatever draws
// it: matplotlib's `patches.Rectangle(xy, w, h, alpha=0.2, color=colors[level])`, SageMath's
// `circle(center, r, rgbcolor=c, fill=True, alpha=0.3)`, seaborn's `g.plot_joint(sns.scatterplot, color="g", alpha=0.6)`.
// No model is given a colour. A regulariser's `alpha` (Ridge, Lasso) is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB205: a call given a colour draws (holdout19)', () => {
  it('is silent on alpha next to color, rgbcolor or hue', async () => {
    assert.deepEqual(await findingsOf('NB205', ['import matplotlib.patches as patches\nbox = patches.Rectangle((0, 0), 2, 3, alpha=0.2, color=colors[level])\nax.add_patch(box)']), []);
    assert.deepEqual(await findingsOf('NB205', ['G = Graphics()\nfor i in range(3):\n    G += circle(centers[i], scale, rgbcolor=clr[i], fill=True, alpha=0.3)']), []);
    assert.deepEqual(await findingsOf('NB205', ['import seaborn as sns\ng = sns.JointGrid(data=data, x="shots", y="hits")\ng.plot_joint(sns.scatterplot, color="g", alpha=0.6, legend=False)']), []);
  });

  it('still reports a model\'s alpha', async () => {
    assert.deepEqual(await findingsOf('NB205', ['from sklearn.linear_model import Ridge\nmodel = Ridge(alpha=0.2)\nmodel.fit(X, y)']), ['1:2:21 0.2']);
  });
});

// NB501 false positive found labelling holdout19: `for i in range(30):` around an unseeded `train_test_split`, `i`
// never read, the 30 accuracies averaged: the loop repeats the random draw on purpose, as `for _ in` does.
describe('NB501: a range loop whose variable the body never reads repeats a random draw (holdout19)', () => {
  const cell = (header: string, split: string) => `from sklearn.model_selection import train_test_split\nscores = []\n${header}\n    X_tr, X_te, y_tr, y_te = ${split}\n    scores.append(clf.fit(X_tr, y_tr).score(X_te, y_te))\nprint(sum(scores) / len(scores))`;
  it('is silent when the loop variable is unread', async () => {
    assert.deepEqual(await findingsOf('NB501', [cell('for i in range(30):', 'train_test_split(X, y, test_size=0.2)')]), []);
  });
  it('still reports it when the body reads the variable, or outside the loop', async () => {
    assert.deepEqual(await findingsOf('NB501', [cell('for i in range(30):', 'train_test_split(X, y, test_size=0.1 + i / 100)')]), ['1:4:30 train_test_split']);
    assert.deepEqual(await findingsOf('NB501', ['from sklearn.model_selection import train_test_split\nX_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)']), ['1:2:26 train_test_split']);
  });
});
