// False positives found labelling holdout8A (engine 30c4d77), each fixed after the measurement.
// Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code, findingsOf, notebook } from '../helpers/engine';

describe('dead code under `if False:` binds and uses nothing (every rule)', () => {
  const reload = (condition: string) => `${condition}\n    from unsloth import FastLanguageModel\n    model, tokenizer = FastLanguageModel.from_pretrained(\n        model_name = "unsloth/Qwen3-4B",\n    )`;
  it('NB104: a cell that sets `model` only under `if False:` did not set it when it ran', async () => {
    const nb = (setter: string) => notebook(code('model = load_model()', 1), code('emb = model.encode(query)', 3), code(setter, 2));
    assert.deepEqual(await findingsOf('NB104', nb('if False:\n    model = other_model()')), []);
    assert.deepEqual(await findingsOf('NB104', nb('if 0:\n    model = other_model()')), []);
    // A condition that may hold keeps the finding.
    assert.deepEqual(await findingsOf('NB104', nb('if use_other:\n    model = other_model()')), ['2:1:7 model']);
  });
  it('NB205: a model id only in an `if False:` block is never used', async () => {
    assert.deepEqual(await findingsOf('NB205', [reload('if False:')]), []);
    assert.deepEqual(await findingsOf('NB205', [reload('if (False):')]), []);
    assert.deepEqual(await findingsOf('NB205', [reload('if reload_adapter:')]), ['1:4:22 "unsloth/Qwen3-4B"']);
  });
  it('the `else` of an `if False:` still runs', async () => {
    const cell = 'if False:\n    pass\nelse:\n    model = AutoModel.from_pretrained("unsloth/Qwen3-4B")';
    assert.deepEqual(await findingsOf('NB205', [cell]), ['1:4:39 "unsloth/Qwen3-4B"']);
  });
});

describe('NB503: code after an unconditional `raise` or `return` never runs', () => {
  const submit = (first: string) => `import requests\n\ndef submit(answer):\n${first}    r = requests.post(SUBMIT_URL, json=answer)\n    return r.json()`;
  it('a `submit()` that raises on its first line never posts', async () => {
    assert.deepEqual(await findingsOf('NB503', [submit('    raise Exception("The competition is closed")\n')]), []);
    assert.deepEqual(await findingsOf('NB503', [submit('    return None\n')]), []);
  });
  it('a raise under a condition keeps the finding', async () => {
    assert.deepEqual(await findingsOf('NB503', [submit('    if closed:\n        raise Exception("The competition is closed")\n')]), ['1:6:9 requests.post']);
  });
});
