// NB109 false positive found labelling holdout19: an AutoML notebook restores `%store -r endpoint_name` alone in a
// cell, and the very next cell builds it when the store is empty (`try: endpoint_name` / `except NameError:
// endpoint_name = "automl-ep-" + suffix`). The notebook runs on its own; the store only saves a step. A fallback
// further down, after other cells used the value, or a fallback for another name does not count.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../server/src/engine/analyze';
import { mergeConfig } from '../../server/src/engine/config';
import { defaultWasmDir } from '../../server/src/engine/parser';
import { REPO_ROOT, findingsOf, notebook } from '../helpers/engine';

const FALLBACK = 'suffix = strftime("%d-%H-%M-%S", gmtime())\n\ntry:\n    endpoint_name\nexcept NameError:\n    endpoint_name = "automl-ep-" + suffix\n    print("Created endpoint name", endpoint_name)';

describe('NB109: a %store -r whose value the next cell builds when missing (holdout19)', () => {
  it('is silent when the next code cell has the NameError fallback', async () => {
    assert.deepEqual(await findingsOf('NB109', ['%store -r endpoint_name', FALLBACK, 'predictor = deploy(endpoint_name)']), []);
  });

  it('still reports a fallback further down, or for another name', async () => {
    assert.deepEqual(await findingsOf('NB109', ['%store -r endpoint_name', 'deploy(endpoint_name)', FALLBACK]), ['1:1:1 %store -r endpoint_name']);
    assert.deepEqual(await findingsOf('NB109', ['%store -r endpoint_name model_name', FALLBACK]), ['1:1:1 %store -r endpoint_name model_name']);
  });

  it('sees a fallback typed into the next cell after the restore was analysed (cells reuse their results)', async () => {
    const live = await Engine.create(defaultWasmDir(REPO_ROOT));
    const config = mergeConfig({ select: ['NB109'] });
    const before = notebook('%store -r endpoint_name', FALLBACK.replace('NameError', 'KeyError'), 'predictor = deploy(endpoint_name)');
    assert.equal(live.analyze(before, config).length, 1);
    const after = notebook('%store -r endpoint_name', FALLBACK, 'predictor = deploy(endpoint_name)');
    assert.deepEqual(live.analyze(after, config), []);
  });
});
