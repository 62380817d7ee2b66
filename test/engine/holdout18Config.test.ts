// NB205 false positives found labelling holdout18: a model folder a training script writes (given to it on a shell
// line as `--output_dir`), loaded back by path; scatter options (`c=`, `s=`, `alpha=`) bundled in a dict.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB205: holdout18 patterns', () => {
  const train = '!python run_translation.py \\\n    --model_name_or_path t5-small \\\n    --do_train \\\n    --output_dir output/tst-translation \\\n    --num_train_epochs 3';
  const load = 'from transformers import AutoModelForSeq2SeqLM\nmodel = AutoModelForSeq2SeqLM.from_pretrained(pretrained_model_name_or_path="output/tst-translation")';
  it('does not take the folder a shell-run training script writes for a model id', async () => {
    assert.deepEqual((await findingsOf('NB205', [train, load])).filter((f) => f.includes('tst-translation')), []);
  });

  it('still reports the folder when no script writes it', async () => {
    assert.deepEqual((await findingsOf('NB205', [train.replace('output/tst-translation', 'output/other'), load])).filter((f) => f.includes('tst-translation')).length, 1);
  });

  it('takes a dict of scatter colour and size as plot options', async () => {
    const scatter = 'import matplotlib.pyplot as plt\ncommon = dict(c=labels, s=1.0, alpha=0.5)\nplt.scatter(x, y, **common)';
    assert.deepEqual(await findingsOf('NB205', [scatter, 'from sklearn.linear_model import Ridge\nmodel = Ridge(alpha=0.5, max_iter=100)\nmodel.fit(X, y)']).then((f) => f.filter((x) => x.startsWith('1:'))), []);
    assert.equal((await findingsOf('NB205', ['from sklearn.linear_model import Ridge\nparams = dict(alpha=0.5, max_iter=100)\nmodel = Ridge(**params)\nmodel.fit(X, y)'])).length, 1);
  });
});
