// Eval cases (lead review of ev19): the transformers docs fine-tune a model and then load it back as
// `pipeline("fill-mask", "username/my_awesome_eli5_mlm_model")`, a stand-in for the reader's own checkpoint. The saved
// answer came from whatever the author had under that name, so a case naming it cannot be reproduced: refused. A
// real owner's checkpoint (`distilbert/distilroberta-base`, `stevhliu/my_awesome_model`) is kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const returned = (source: string, result: string): CellInput => ({ ...code(source, 1), result, outputs: [], stdout: '' });
const TOP = "[{'score': 0.21, 'token': 1000, 'token_str': ' black', 'sequence': 'The Milky Way is a black galaxy.'}]";
const plan = async (model: string) => {
  const engine = await getEngine();
  const cells = [code(`from transformers import pipeline\nmask_filler = pipeline("fill-mask", "${model}")`, 0), returned('mask_filler("The Milky Way is a <mask> galaxy.", top_k=1)', TOP)];
  return planLlmEvalCases(cells, 1, (s) => engine.statements(s), 'docs/mlm.ipynb', 'c1');
};

describe('eval cases: a placeholder checkpoint', () => {
  it('refuses username/…, your-username/… and <user>/… models, saying why', async () => {
    for (const model of ['username/my_awesome_eli5_mlm_model', 'your-username/my-finetuned-model', '<your_hf_user>/mlm']) {
      const p = await plan(model);
      assert.ok('refused' in p, `${model}: ${JSON.stringify(p)}`);
      assert.match(p.refused, /placeholder for the reader's own checkpoint/);
    }
  });

  it('keeps a checkpoint of a real owner', async () => {
    for (const model of ['distilbert/distilroberta-base', 'stevhliu/my_awesome_eli5_mlm_model']) {
      const p = await plan(model);
      assert.ok('cases' in p, `${model}: ${JSON.stringify(p)}`);
      assert.equal(p.cases[0].model, model);
    }
  });
});
