// NB501 on a project module: the training function is seeded by the entry point that calls it
// (holdout5 label: a fine-tuning package whose main() runs torch.manual_seed(cfg.seed) and then
// train()). The same module with an entry point that never seeds, or seeds only after the call,
// is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import { getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

const CONFIG = mergeConfig({ select: ['NB501'] });

const TRAINING = `import torch


def fit(model, loader, optimizer, epochs):
    for _ in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
    return model
`;

const entryPoint = (body: string) => `import torch

from tuner.training import fit
from tuner.model import build_model, make_loader


def main(cfg):
${body}
`;

async function nb501(main: string): Promise<string[]> {
  const engine = await getEngine();
  const root = writeProject({
    'pyproject.toml': '[project]\nname = "tuner"\ndependencies = ["torch==2.3.1"]\n',
    'src/tuner/__init__.py': '',
    'src/tuner/training.py': TRAINING,
    'src/tuner/model.py': 'import torch\n\n\ndef build_model():\n    return torch.nn.Linear(4, 2)\n\n\ndef make_loader():\n    return []\n',
    'src/tuner/cli.py': main,
  });
  const model = buildProjectModel(root, (s) => engine.summarize(s));
  return analyzeProjectFiles(model, CONFIG, (source) => engine.analyzeModule(source, CONFIG, model))
    .flatMap((f) => f.findings.filter((x) => x.code === 'NB501').map((x) => `${f.file}:${x.range.start.line + 1}`));
}

describe('NB501 a training function its caller seeds', () => {
  it('is silent when another module of the project seeds torch and then calls it', async () => {
    assert.deepEqual(await nb501(entryPoint('    torch.manual_seed(cfg.seed)\n    model = build_model()\n    return fit(model, make_loader(), torch.optim.SGD(model.parameters(), lr=0.1), cfg.epochs)')), []);
  });

  it('is reported when the caller never seeds, or seeds only after the call', async () => {
    assert.deepEqual(await nb501(entryPoint('    model = build_model()\n    return fit(model, make_loader(), torch.optim.SGD(model.parameters(), lr=0.1), cfg.epochs)')), ['src/tuner/training.py:9']);
    assert.deepEqual(await nb501(entryPoint('    model = build_model()\n    fit(model, make_loader(), torch.optim.SGD(model.parameters(), lr=0.1), cfg.epochs)\n    torch.manual_seed(cfg.seed)')), ['src/tuner/training.py:9']);
  });
});

describe('NB501 a library module (holdout7a: alibi)', () => {
  async function findings(files: Record<string, string>): Promise<string[]> {
    const engine = await getEngine();
    const root = writeProject({ 'pyproject.toml': '[project]\nname = "explainers"\ndependencies = ["torch==2.3.1"]\n', 'src/explainers/__init__.py': '', ...files });
    const model = buildProjectModel(root, (s) => engine.summarize(s));
    return analyzeProjectFiles(model, CONFIG, (source) => engine.analyzeModule(source, CONFIG, model))
      .flatMap((f) => f.findings.filter((x) => x.code === 'NB501').map((x) => `${f.file}:${x.range.start.line + 1} ${x.message.split(' trains')[0]}`));
  }
  const wrapper = `import torch


class Trainer:
    def __init__(self, model, optimizer):
        self.model = model
        self.optimizer = optimizer

    def train_step(self, x, y):
        self.optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(self.model(x), y)
        loss.backward()
        self.optimizer.step()
        return loss.item()
`;

  it('is silent for training code only a user of the library runs: the caller seeds', async () => {
    assert.deepEqual(await findings({ 'src/explainers/trainer.py': wrapper }), []);
  });

  it('is reported, as "This module", when the module runs its training itself', async () => {
    const script = `${wrapper}\n\nif __name__ == "__main__":\n    Trainer(torch.nn.Linear(2, 1), None).train_step(torch.ones(1, 2), torch.ones(1, 1))\n`;
    assert.deepEqual(await findings({ 'src/explainers/trainer.py': script }), ['src/explainers/trainer.py:12 This module']);
  });

  it('is silent for gradients read in eval mode with no optimizer step: nothing is trained', async () => {
    const grads = `import torch


def gradients_of(model, x, y, loss_fn):
    model.zero_grad()
    model.train(False)
    loss = loss_fn(model(x), y)
    loss.backward()
    return [p.grad for p in model.parameters()]


grads = gradients_of(torch.nn.Linear(2, 1), torch.ones(1, 2), torch.ones(1, 1), torch.nn.functional.mse_loss)
`;
    assert.deepEqual(await findings({ 'src/explainers/similarity.py': grads }), []);
    // The same module with an optimizer step does train.
    const steps = grads.replace('    return [p.grad', '    torch.optim.SGD(model.parameters(), lr=0.1).step()\n    return [p.grad');
    assert.deepEqual(await findings({ 'src/explainers/similarity.py': steps }), ['src/explainers/similarity.py:8 This module']);
  });
});
