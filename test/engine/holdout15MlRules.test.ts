// False positives of NB501 found labelling holdout15 (engine 53498f5), each fixed after the
// measurement. Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { findingsOf, getEngine } from '../helpers/engine';

const CONFIG = mergeConfig({ select: ['NB501'] });

async function nb501(source: string): Promise<string[]> {
  const engine = await getEngine();
  return engine.analyzeModule(source, CONFIG).filter((f) => f.code === 'NB501').map((f) => `${f.range.start.line + 1}:${f.message.slice(0, 40)}`);
}

describe('NB501: an estimator a function builds only to save it, never fitted (holdout15: FLAML\'s log latency probe)', () => {
  const PROBE = (use: string) => `import pickle
import tempfile
import time

import mlflow
from sklearn.ensemble import ExtraTreesClassifier


def measure_save_time(path):
    started = time.time()
    with mlflow.start_run(nested=True):
        probe = ExtraTreesClassifier()
${use}
    return time.time() - started
`;

  it('is silent when every use of the estimator logs or pickles it as it is', async () => {
    assert.deepEqual(await nb501(PROBE('        mlflow.sklearn.log_model(probe, "probe")\n        with open(path, "wb") as f:\n            pickle.dump(probe, f)\n        mlflow.log_artifact(path, "probe")')), []);
  });

  it('still reports the estimator when the function fits it, or hands it on', async () => {
    assert.deepEqual(await nb501(PROBE('        probe.fit(X, y)\n        mlflow.sklearn.log_model(probe, "probe")')), ['12:`ExtraTreesClassifier` has no `random_st']);
    assert.deepEqual(await nb501(PROBE('        mlflow.sklearn.log_model(probe, "probe")\n        return probe')), ['12:`ExtraTreesClassifier` has no `random_st']);
  });
});

describe('NB501: a notebook with its own autograd engine (holdout15: a micrograd lecture)', () => {
  const SCALAR = `import math
import random

class Scalar:
    def __init__(self, data, parents=()):
        self.data = data
        self.grad = 0.0
        self._step_back = lambda: None
        self._parents = parents

    def __mul__(self, other):
        out = Scalar(self.data * other.data, (self, other))
        def _step_back():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._step_back = _step_back
        return out

    def backward(self):
        self.grad = 1.0
        self._step_back()`;
  const cells = (torchCell: string) => [
    SCALAR,
    'a = Scalar(2.0)\nb = Scalar(-3.0)\nc = a * b\nc.backward()\nprint(a.grad, b.grad)',
    torchCell,
    'w = [Scalar(random.uniform(-1, 1)) for _ in range(3)]\nfor step in range(10):\n    loss = w[0] * w[1]\n    loss.backward()\n    for p in w:\n        p.data -= 0.05 * p.grad',
  ];

  it('is silent when torch only checks gradients on fixed tensors: the backward() calls are the notebook\'s own', async () => {
    assert.deepEqual(await findingsOf('NB501', cells('import torch\nx = torch.tensor([2.0], dtype=torch.double)\nx.requires_grad = True\ny = torch.tanh(x * 3)\ny.backward()\nprint(x.grad.item())')), []);
  });

  it('still reports PyTorch training with a layer next to the own engine, and a notebook without one', async () => {
    const layer = 'import torch\nnet = torch.nn.Linear(3, 1)\nopt = torch.optim.SGD(net.parameters(), lr=0.1)\nloss = net(torch.ones(3)).sum()\nloss.backward()\nopt.step()';
    assert.equal((await findingsOf('NB501', cells(layer))).length, 1);
    const withoutEngine = cells('import torch\nx = torch.tensor([2.0], dtype=torch.double)\nx.requires_grad = True\ny = torch.tanh(x * 3)\ny.backward()\nprint(x.grad.item())');
    withoutEngine[0] = withoutEngine[0].replace('def backward(self):', 'def back(self):');
    assert.equal((await findingsOf('NB501', withoutEngine)).length, 1);
  });
});
