// Eval cases (ev19): a fill-mask pipeline returns its candidates for the mask, best first
// (`[{'score': …, 'token': …, 'token_str': …, 'sequence': …}, …]`); 45 such cells over seen
// (the course's chapter1/section3 and chapter4/section2, transformers_doc's masked_language_modeling,
// in every translation) were refused as "holds no answer text". The answer is the top word, graded exactly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planCallExtraction } from '../../server/src/engine/evals/extractCall';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const returned = (source: string, result: string): CellInput => ({ ...code(source, 1), result, outputs: [], stdout: '' });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/masks.ipynb', 'm1');
};

const CANDIDATES = `[{'score': 0.4213,
  'token': 2829,
  'token_str': ' quiet',
  'sequence': 'The library is a quiet place to study.'},
 {'score': 0.1177,
  'token': 2307,
  'token_str': ' great',
  'sequence': 'The library is a great place to study.'}]`;

describe('eval cases: a fill-mask pipeline', () => {
  it('answers with the top candidate\'s word, graded exactly, the model and top_k recorded', async () => {
    const p = await plan([
      code('from transformers import pipeline\nfiller = pipeline("fill-mask", model="distilroberta-base")', 0),
      returned('filler("The library is a <mask> place to study.", top_k=2)', CANDIDATES),
    ]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.equal(p.cases.length, 1);
    const [c] = p.cases;
    assert.deepEqual(c.input, { prompt: 'The library is a <mask> place to study.' });
    assert.equal(c.reference, 'quiet');
    assert.deepEqual(c.grader, { kind: 'exact' });
    assert.equal(c.model, 'distilroberta-base');
    assert.deepEqual(c.params, { top_k: 2 });
  });

  it('reads a single candidate (top_k=1) the same way', async () => {
    const p = await plan([
      code('from transformers import pipeline\nfiller = pipeline("fill-mask", model="bert-base-uncased")', 0),
      returned('filler("Paris is the [MASK] of France.", top_k=1)', "[{'score': 0.9969, 'token': 3007, 'token_str': 'capital', 'sequence': 'paris is the capital of france.'}]"),
    ]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.equal(p.cases[0].reference, 'capital');
    assert.deepEqual(p.cases[0].grader, { kind: 'exact' });
  });

  it('still refuses a list of dicts that are not mask candidates (no token_str)', async () => {
    const p = await plan([
      code('from transformers import pipeline\nner = pipeline("fill-mask", model="bert-base-uncased")', 0),
      returned('ner("Paris is the [MASK] of France.")', "[{'score': 0.99, 'token': 3007}, {'score': 0.01, 'token': 2103}]"),
    ]);
    assert.ok('refused' in p, JSON.stringify(p));
  });

  it('extracts the call with an answer that returns the top word', async () => {
    const engine = await getEngine();
    const cells = [
      code('from transformers import pipeline\nfiller = pipeline("fill-mask", model="distilroberta-base")', 0),
      returned('filler("The library is a <mask> place to study.")', CANDIDATES),
    ];
    const x = planCallExtraction({ cells, cell: 1, statements: (s) => engine.statements(s), packageName: 'lib', moduleName: 'masks', notebook: 'notebooks/masks.ipynb' });
    assert.ok(!('refused' in x), JSON.stringify(x));
    assert.match(x.moduleText, /return ask\(prompt\)\[0\]\["token_str"\]/);
    assert.equal(x.evalCase?.reference, 'quiet');
  });
});
