// NB501 false positives found labelling holdout18 (ClearML's tutorials): `Task.init(...)` seeds random, numpy and an
// imported torch with the task's seed (1337 unless set otherwise), so the PyTorch training after it is seeded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB501: ClearML\'s Task.init seeds the run (holdout18)', () => {
  const training = 'for x, y in loader:\n    loss = loss_fn(model(x), y)\n    loss.backward()\n    opt.step()';
  it('takes Task.init as a framework seed', async () => {
    assert.deepEqual(await findingsOf('NB501', ['import torch\nfrom clearml import Task', 'task = Task.init(project_name="examples", task_name="mnist")', training]), []);
  });

  it('still reports the same training without it, or with a Task of another library', async () => {
    assert.deepEqual(await findingsOf('NB501', ['import torch\nfrom clearml import Logger', 'logger = Logger.current_logger()', training]), ['3:3:5 loss.backward']);
    assert.deepEqual(await findingsOf('NB501', ['import torch\nfrom prefect import Task', 'task = Task.init(name="mnist")', training]), ['3:3:5 loss.backward']);
  });
});
