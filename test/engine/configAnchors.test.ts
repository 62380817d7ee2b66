// NB205 false positive found labelling holdout7B: a grouped finding reported on a value that is no
// setting. A helper of the notebook called with toy sizes to show what it returns is a demo, so the
// group is reported at its first real setting; the group itself is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB205 a group of keyword settings is reported at a setting, not at a demo of a helper', () => {
  const helper = 'import numpy as np\n\ndef sample_windows(tokens, window, batch_size):\n    starts = np.random.choice(len(tokens) - window, batch_size)\n    return np.stack([tokens[s:s + window] for s in starts])';
  const demo = 'windows = sample_windows(encoded, window=4, batch_size=1)\nfor step, token in enumerate(windows[0]):\n    print(step, vocab[token])';
  const settings = 'hparams = dict(\n    batch_size=16,\n    learning_rate=3e-3,\n)';
  it('anchors on the dict of hyperparameters after the demo call of the notebook\'s own function', async () => {
    assert.deepEqual(await findingsOf('NB205', [helper, demo, settings]), ['3:2:16 16']);
  });
  it('keeps the first place when it is a library call', async () => {
    const fit = 'model.fit(x_train, y_train, batch_size=64)';
    assert.deepEqual(await findingsOf('NB205', [helper, fit, demo, settings]), ['2:1:40 64']);
  });
});
