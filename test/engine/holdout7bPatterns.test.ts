// False positives found labelling holdout7B (engine edfb026), each fixed after the measurement.
// Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB101: a lab TODO that leaves a tuple for the student', () => {
  it('`loss, acc = # TODO` binds both names the student is to write', async () => {
    const exercise = "'''TODO: evaluate the model on the test set'''\nloss, acc = # TODO\n\nprint('Test accuracy:', acc)";
    assert.deepEqual(await findingsOf('NB101', ['model = build()', exercise, 'loss, acc = model.evaluate(x_test, y_test)']), []);
    // Without the TODO the read is an ordering slip, reported.
    const slip = "print('Test accuracy:', acc)";
    assert.deepEqual(await findingsOf('NB101', ['model = build()', slip, 'loss, acc = model.evaluate(x_test, y_test)']), ['2:1:25 acc']);
  });
});

describe('NB105: a training loop whose comment says a rerun resumes it', () => {
  const loop = (comment: string) => `${comment}\nfor episode in range(500):\n    reward = run_episode(model)\n    smoothed_reward.append(reward)`;
  it('"restarting this cell will pick up training where you left off" is the intent, not a slip', async () => {
    const resume = '## Note: stopping and restarting this cell will pick up training where you\n#        left off. To restart training, rerun the cell above as well';
    assert.deepEqual(await findingsOf('NB105', ['smoothed_reward = []', loop(resume)]), []);
  });
  it('a comment that says nothing about rerunning keeps the finding', async () => {
    assert.deepEqual(await findingsOf('NB105', ['smoothed_reward = []', loop('# main training block'), 'plt.plot(smoothed_reward)']), ['2:4:5 smoothed_reward.append(reward)']);
  });
});

describe('NB205: a plotting setting given through dict()', () => {
  it('`bbox=dict(alpha=0.7)` in `ax.text` is transparency, not a learning rate', async () => {
    const cell = 'fig, axs = plt.subplots(1, 2)\naxs[0].text(0.5, 0.9, label, bbox=dict(facecolor="white", alpha=0.7))';
    assert.deepEqual(await findingsOf('NB205', [cell]), []);
  });
  it('a dict of settings given to a model still counts', async () => {
    const given = 'search = GridSearchCV(Ridge(), param_grid=dict(alpha=0.7))';
    assert.deepEqual(await findingsOf('NB205', [given]), ['1:1:54 0.7']);
  });
});
