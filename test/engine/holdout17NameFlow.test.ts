// NB101 false positives found labelling holdout17 (and two of holdout16): a function that reads a global defined
// below only in a branch or loop its arguments decide. The call above the definition passes arguments that skip it
// (`config["quantization"] = "none"`, `config["pruning"] = {}`, `predict_flag=False`), so Restart & Run All does not
// fail there. A read outside such a branch is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB101: reads a call may skip (holdout17)', () => {
  it('a read in a branch whose test reads a parameter is not a certain failure', async () => {
    const train = 'def train(net, config):\n    net.fit()\n    if config["quantization"] == "post":\n        net = quantize(net)\n    return net';
    assert.deepEqual(await findingsOf('NB101', [train, 'config = {"quantization": "none"}\nbaseline = train(net, config)', 'def quantize(net):\n    return net']), []);
  });

  it('a read in a loop over a parameter may run zero times', async () => {
    const train = 'def train(net, config):\n    callbacks = []\n    for spec in config["pruning"].values():\n        callbacks.append(make_pruner(spec))\n    return net';
    assert.deepEqual(await findingsOf('NB101', [train, 'config = {"pruning": {}}\nnet = train(net, config)', 'def make_pruner(spec):\n    return spec']), []);
  });

  it('a flag parameter with a default that skips the branch', async () => {
    const plot = 'def plot_resampled(resps, predict_flag=False):\n    draw(resps)\n    if predict_flag:\n        plot_predictions(resps)';
    assert.deepEqual(await findingsOf('NB101', [plot, 'plot_resampled(resps)', 'def plot_predictions(r):\n    pass']), []);
  });

  it('an unconditional read, or a branch on a global, is still reported', async () => {
    const load = 'def load(path):\n    data = json.load(open(path))\n    return data';
    assert.deepEqual(await findingsOf('NB101', [load, 'rows = load("a.json")', 'import json']), ['2:1:8 load']);
    const branch = 'def load(path):\n    if USE_JSON:\n        return json.load(open(path))';
    assert.deepEqual(await findingsOf('NB101', ['USE_JSON = True', branch, 'rows = load("a.json")', 'import json']), ['3:1:8 load']);
  });
});
