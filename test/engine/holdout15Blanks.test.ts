// holdout15 (google/eng-edu exercises): `epochs = ?  # Replace ? with an integer.` is a value left blank for the
// student, not IPython help (IPython's help needs a name right before the `?`; it leaves such a line alone).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('exercise blanks `x = ?` (holdout15)', () => {
  it('NB107: a blank value is no help; a name before the `?` still is', async () => {
    const blanks = 'learning_rate = ?  # Replace ? with a floating-point number\nepochs = ?   # Replace ? with an integer.\nfeatures["ratio"] = ?\n\nmodel = train(learning_rate, epochs)';
    assert.deepEqual(await findingsOf('NB107', ['def train(lr, n):\n    return lr * n', blanks]), []);
    const help = 'import numpy as np\nnp.mean?\nscale = np.std?';
    assert.deepEqual(await findingsOf('NB107', [help]), ['1:2:1 np.mean?']);
  });

  it('NB101: the name a blank sets counts as set in its cell, not first in the solution cell below', async () => {
    const load = 'import numpy as np\nx_train = np.arange(12.0)';
    const task = 'x_train_scaled = ?\nprint(x_train_scaled[3])';
    const solution = '#@title Solution\nx_train_scaled = x_train / 11.0\nprint(x_train_scaled[3])';
    assert.deepEqual(await findingsOf('NB101', [load, task, solution]), []);
    // A read of a name bound only below, with no blank for it, is still reported.
    const early = 'print(x_train_scaled[3])';
    assert.deepEqual(await findingsOf('NB101', [load, early, solution]), ['2:1:7 x_train_scaled']);
  });
});
