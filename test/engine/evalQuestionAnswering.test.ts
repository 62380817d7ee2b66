// Eval cases (ev18): an extractive question-answering pipeline asked with `question=` and `context=` (the Hugging Face
// course's `question_answerer(question=…, context=…)`, 58 refused cells over seen as "no prompt argument") is a case:
// both keywords are its variables, the answer is the span under `answer`, graded by `contains`; a print that shows
// the score after the answer in the same f-string is cut before it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

const returned = (source: string, result: string): CellInput => ({ ...code(source, 1), result, outputs: [], stdout: '' });
const printed = (source: string, out: string): CellInput => ({ ...code(source, 1), outputs: [out], stdout: out });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/qa.ipynb', 'c7');
};

const CONTEXT = 'The Riverside library opens at nine on weekdays and lends up to six books per card. Late returns cost ten cents a day.';

describe('eval cases: an extractive question-answering pipeline', () => {
  it('makes a case of question= and context=, the answer span its reference', async () => {
    const p = await plan([
      code('from transformers import pipeline\nqa = pipeline("question-answering", model="deepset/roberta-base-squad2")', 0),
      returned(`qa(\n    question="How many books can I borrow?",\n    context="${CONTEXT}",\n)`, "{'score': 0.8123, 'start': 68, 'end': 71, 'answer': 'six'}"),
    ]);
    assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
    const c = p.cases[0];
    assert.deepEqual(c.input, { variables: { question: 'How many books can I borrow?', context: CONTEXT } });
    assert.equal(c.reference, 'six');
    assert.deepEqual(c.grader, { kind: 'contains', text: 'six' });
    assert.equal(c.model, 'deepset/roberta-base-squad2');
  });

  it('keeps a span with commas whole (one span, not a list for a judge)', async () => {
    const p = await plan([
      code('from transformers import pipeline\nqa = pipeline("question-answering", model="deepset/roberta-base-squad2")\ncontext = """The kit holds a hammer, pliers and a tape measure."""', 0),
      returned('question = "What does the kit hold?"\nqa(question=question, context=context)', "{'score': 0.71, 'start': 14, 'end': 48, 'answer': 'a hammer, pliers and a tape measure'}"),
    ]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.deepEqual(p.cases[0].grader, { kind: 'contains', text: 'a hammer, pliers and a tape measure' });
  });

  it('cuts the score printed after the answer in the same f-string', async () => {
    const p = await plan([
      code(`from transformers import pipeline\nqa = pipeline("question-answering", model="deepset/roberta-base-squad2")\ncontext = "${CONTEXT}"`, 0),
      printed(
        'result = qa(question="What does a late return cost?", context=context)\nprint(f"Answer: \'{result[\'answer\']}\', score: {round(result[\'score\'], 4)}, start: {result[\'start\']}")',
        "Answer: 'ten cents a day', score: 0.6402, start: 98\n",
      ),
    ]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.equal(p.cases[0].reference, 'ten cents a day');
  });

  it('still refuses a question-answering call whose context is computed', async () => {
    const p = await plan([
      code('from transformers import pipeline\nqa = pipeline("question-answering", model="deepset/roberta-base-squad2")\ncontext = open("policy.txt").read()', 0),
      returned('qa(question="How many books can I borrow?", context=context)', "{'score': 0.8, 'start': 1, 'end': 4, 'answer': 'six'}"),
    ]);
    assert.ok('refused' in p && p.modelCall, JSON.stringify(p));
  });
});

describe('eval cases: more computed values printed after the answer in one f-string', () => {
  it('cuts a classifier\'s score off its printed label (the reference was `NEGATIVE, with score: 0.9991`)', async () => {
    const p = await plan([
      code('from transformers import pipeline\nclassifier = pipeline("sentiment-analysis", model="distilbert-base-uncased-finetuned-sst-2-english")', 0),
      printed('result = classifier("The parcel arrived broken and nobody answered my emails.")[0]\nprint(f"{result[\'label\']}, with score: {round(result[\'score\'], 4)}")', 'NEGATIVE, with score: 0.9991\n'),
    ]);
    assert.ok('cases' in p, JSON.stringify(p));
    assert.equal(p.cases[0].reference, 'NEGATIVE');
    assert.deepEqual(p.cases[0].grader, { kind: 'label', labels: ['NEGATIVE'] });
  });
});
