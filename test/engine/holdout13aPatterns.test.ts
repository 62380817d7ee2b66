// False positives found labelling holdout13 (engine 6816f49), each fixed after the measurement.
// Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB205, NB501: an exercise skeleton left blank says nothing (holdout13)', () => {
  const setup = 'import pandas as pd\nimport tensorflow as tf\nfrom sklearn.model_selection import train_test_split\nframe = pd.read_csv("heart.csv")';
  const split = 'train, test = train_test_split(frame, test_size=0.2)';
  const blankA = '# EXERCISE: build the input pipeline\ntrain_ds = # YOUR CODE HERE\ntest_ds = # YOUR CODE HERE';
  const blankB = '# EXERCISE: a numeric column for age\nage_col = # YOUR CODE HERE';
  const fit = 'model = tf.keras.Sequential([\n    # YOUR CODE HERE\n])\nmodel.compile(optimizer=tf.keras.optimizers.SGD(lr=0.003, momentum=0.9), loss="mse")\nmodel.fit(train_ds, epochs=40)';
  it('two cells with `x = # YOUR CODE HERE` blanks that do not compile silence the notebook', async () => {
    assert.deepEqual(await findingsOf('NB501', [setup, split, blankA, blankB, fit]), []);
    assert.deepEqual(await findingsOf('NB205', [setup, split, blankA, blankB, fit]), []);
  });
  it('a blank the parser chains into the next assignment (`x = # YOUR CODE HERE` then `y = 30`) is one too', async () => {
    const chained = 'split_at = 2000\ntime_train = # YOUR CODE HERE\nx_train = # YOUR CODE HERE\n\nwindow_size = 30';
    assert.deepEqual(await findingsOf('NB205', [setup, chained, blankB, fit]), []);
  });
  it('one blank, or blanks the student filled in, are still reported', async () => {
    assert.equal((await findingsOf('NB501', [setup, split, blankA, fit])).length, 1);
    assert.equal((await findingsOf('NB205', [setup, split, blankA, fit])).length, 1);
    const filled = (s: string) => s.replace(/# YOUR CODE HERE/g, 'make_dataset(train)  # YOUR CODE HERE');
    assert.equal((await findingsOf('NB501', [setup, split, filled(blankA), filled(blankB), fit])).length, 1);
    assert.equal((await findingsOf('NB205', [setup, split, filled(blankA), filled(blankB), fit])).length, 1);
  });
});
