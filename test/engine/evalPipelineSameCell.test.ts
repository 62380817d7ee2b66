// Eval cases (ev17): a Hugging Face pipeline made in the same cell as its call is a model call, read like one
// made in an earlier cell; a call above the pipeline's making, or after the name is rebound, is not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const returned = (source: string, result: string): CellInput => ({ ...code(source, 1), result, outputs: [], stdout: '' });
const printed = (source: string, out: string): CellInput => ({ ...code(source, 1), outputs: [out], stdout: out });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/hf.ipynb', 'c3');
};

describe('eval cases: a pipeline made in the calling cell', () => {
  it('offers a case for a sentiment pipeline made and called in one cell', async () => {
    const p = await plan([
      code('from transformers import pipeline', 0),
      returned('classifier = pipeline("sentiment-analysis", model="distilbert-base-uncased-finetuned-sst-2-english")\nclassifier("The delivery came two days late and the box was crushed.")', "[{'label': 'NEGATIVE', 'score': 0.9991}]"),
    ]);
    assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
    assert.equal(p.cases[0].reference, 'NEGATIVE');
    assert.equal(p.cases[0].model, 'distilbert-base-uncased-finetuned-sst-2-english');
  });

  it('reads the generation settings the pipeline was made with in the cell', async () => {
    const p = await plan([
      printed('from transformers import pipeline\ngenerator = pipeline("text-generation", model="gpt2", max_new_tokens=12)\nout = generator("The old lighthouse keeper")\nprint(out[0]["generated_text"])', 'The old lighthouse keeper climbed the stairs at dusk.\n'),
    ]);
    assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
    assert.deepEqual(p.cases[0].params, { max_new_tokens: 12 });
    assert.equal(p.cases[0].model, 'gpt2');
  });

  it('does not take a call before the pipeline is made, or after the name is rebound, as the pipeline\'s', async () => {
    const before = await plan([
      code('from transformers import pipeline\ndef classifier(text):\n    return text.upper()', 0),
      returned('classifier("plain text")\nclassifier = pipeline("sentiment-analysis", model="distilbert-base-uncased-finetuned-sst-2-english")', "'PLAIN TEXT'"),
    ]);
    assert.ok('refused' in before && !before.modelCall, JSON.stringify(before));
    const rebound = await plan([
      code('from transformers import pipeline\nfrom mylib import Scorer', 0),
      returned('scorer = pipeline("sentiment-analysis", model="distilbert-base-uncased-finetuned-sst-2-english")\nscorer = Scorer()\nscorer("plain text")', "0.5"),
    ]);
    assert.ok('refused' in rebound && !rebound.modelCall, JSON.stringify(rebound));
  });
});
