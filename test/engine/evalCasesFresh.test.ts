// Eval cases: the kinds a reader rejected in 20 cases written from unseen notebooks (the eighth
// holdout), each as a minimal cell: an echoed prompt or a second value in the reference,
// openai < 1.0's `deployment_id=`, a `contains` grader on a made-up answer, a name rebound to the
// notebook's own class, and IBM watsonx's SDK enums as the model and parameter keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickGrader } from '../../server/src/engine/evals/caseFormat';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';

/** A cell whose saved output is these stdout streams. */
const printed = (source: string, ...streams: string[]): CellInput => ({ ...code(source, 1), outputs: streams, stdout: streams.join('') });
/** `cellId` null: a notebook saved without cell ids. */
const plan = async (cells: CellInput[], cell = cells.length - 1, cellId: string | null = 'c1') => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cell, (s) => engine.statements(s), 'notebooks/sql.ipynb', cellId ?? undefined);
};
const one = (p: Awaited<ReturnType<typeof plan>>) => {
  assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
  return p.cases[0];
};

const LEGACY_SETUP = code('import os\nimport openai\nopenai.api_type = "azure"\nCHAT_MODEL = os.getenv("CHAT_DEPLOYMENT")');

describe('eval cases: the reference is what the answer\'s own print wrote', () => {
  it('cuts away the prompt the cell printed before asking (`print(prompt)` of a literal)', async () => {
    const prompt = '### SQLite tables:\\n# Orders(id, customer, total)\\n### A query for the five largest orders\\nquery:';
    const c = one(await plan([
      LEGACY_SETUP,
      printed(`prompt = "${prompt}"\nprint(prompt)\nresponse = openai.ChatCompletion.create(\n    engine=CHAT_MODEL,\n    messages=[{"role": "user", "content": prompt}],\n    temperature=0,\n)\nprint(response["choices"][0]["message"]["content"])`,
        '### SQLite tables:\n# Orders(id, customer, total)\n### A query for the five largest orders\nquery:\n',
        'SELECT id, customer, total FROM Orders ORDER BY total DESC LIMIT 5;\n'),
    ]));
    assert.equal(c.reference, 'SELECT id, customer, total FROM Orders ORDER BY total DESC LIMIT 5;');
    assert.deepEqual(c.model, { env: 'CHAT_DEPLOYMENT' });
  });

  it('refuses, with the reason, when the prompt printed before the answer is computed and the answer has no label', async () => {
    const p = await plan([
      LEGACY_SETUP,
      printed('prompt = build_prompt(tables)\nprint(prompt)\nresponse = openai.ChatCompletion.create(\n    engine=CHAT_MODEL,\n    messages=[{"role": "user", "content": "List the tables."}],\n)\nprint(response["choices"][0]["message"]["content"])',
        'Tables: Orders, Customers\n', 'Orders and Customers.\n'),
    ]);
    assert.ok('refused' in p && p.modelCall && /print\(prompt\)/.test(p.refused) && /cannot be split/.test(p.refused), JSON.stringify(p));
  });

  it('refuses a second computed value printed after the answer with no label (scores after a RAG answer)', async () => {
    const p = await plan([
      code('from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o-mini", temperature=0)'),
      printed('result = llm.invoke("Why is the sky blue?")\nprint(result.content, "\\n")\nprint(score_answer(result))',
        'Sunlight scatters off air molecules; blue light scatters most. \n\n', "{'faithfulness': 1.0, 'relevancy': 0.97}\n"),
    ]);
    assert.ok('refused' in p && /print\(score_answer\(result\)\)/.test(p.refused), JSON.stringify(p));
  });

  it('keeps a cell whose later print writes a label the answer ends at', async () => {
    const c = one(await plan([
      code('from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o-mini", temperature=0)'),
      printed('result = llm.invoke("Why is the sky blue?")\nprint(result.content)\nprint(f"Tokens used: {count_tokens(result)}")',
        'Sunlight scatters off air molecules; blue light scatters most.\n', 'Tokens used: 41\n'),
    ]));
    assert.equal(c.reference, 'Sunlight scatters off air molecules; blue light scatters most.');
  });
});

describe('eval cases: openai < 1.0\'s deployment_id', () => {
  it('records `deployment_id=` as the model, not a parameter the v1 client would be sent', async () => {
    const c = one(await plan([
      code('import openai\nopenai.api_type = "azure"'),
      printed('response = openai.Completion.create(\n  deployment_id="text-davinci-003",\n  prompt="Extract the company names: Acme bought Globex.",\n  temperature=0,\n  max_tokens=50,\n)\nprint(response["choices"][0]["text"])', '\nAcme, Globex\n'),
    ]));
    assert.equal(c.model, 'text-davinci-003');
    assert.deepEqual(c.params, { temperature: 0, max_tokens: 50 });
    assert.ok(c.tags.includes('azure'));
  });
});

describe('eval cases: a short answer to a prompt that asks to make something up', () => {
  it('grades a short list (items joined without spaces) by a judge, not `contains`', () => {
    assert.equal(pickGrader('👏,🌟,🤩,👍', 'Predict up to 5 emojis as a response to a text chat message.\nThe new user interface is amazing!').kind, 'judge');
    assert.equal(pickGrader('red;green', 'Which colours are in the flag of Italy besides white?').kind, 'judge');
  });

  it('grades a made-up short answer by a judge, a short fact by `contains`, a label by `label`', () => {
    assert.equal(pickGrader('BrightBite', 'Suggest a name for a dental clinic for children.').kind, 'judge');
    assert.equal(pickGrader('Canberra', 'What is the capital of Australia?').kind, 'contains');
    assert.equal(pickGrader('positive', 'Suggest the sentiment of this review: "Loved it"').kind, 'label');
  });
});

describe('eval cases: a pipeline name rebound, and ids of cells without an id', () => {
  const PIPE = code('from transformers import pipeline\npipe = pipeline("text-classification", model="acme/bert-intents")');
  const QUERY = 'query = "I want to rent a van in Lyon next week"';
  it('does not take the notebook\'s own class bound to the same name for the pipeline', async () => {
    const cells = [
      PIPE,
      { ...code(`${QUERY}\npipe(query)`, 1), result: "[{'label': 'car_rental', 'score': 0.55}]" },
      code('class OnnxPipeline:\n    def __init__(self, session, tokenizer):\n        self.session = session\n    def __call__(self, query):\n        return run_onnx(self.session, query)'),
      { ...code('pipe = OnnxPipeline(onnx_session, tokenizer)\npipe(query)', 1), result: "[{'label': 'car_rental', 'score': 0.29}]" },
      { ...code('pipe(query)', 1), result: "[{'label': 'car_rental', 'score': 0.29}]" },
    ];
    assert.ok('cases' in (await plan(cells, 1, null)));
    const rebound = await plan(cells, 3, null);
    assert.ok('refused' in rebound && !rebound.modelCall, JSON.stringify(rebound));
    const later = await plan(cells, 4, null);
    assert.ok('refused' in later && !later.modelCall, JSON.stringify(later));
  });

  it('gives two cells without ids that ask other models different ids, and the same call repeated the same id', async () => {
    const cells = [
      PIPE,
      { ...code(`${QUERY}\npipe(query)`, 1), result: "[{'label': 'car_rental', 'score': 0.55}]" },
      { ...code('pipe = pipeline("text-classification", model="acme/distilbert-intents")', 1) },
      { ...code('pipe(query)', 1), result: "[{'label': 'car_rental', 'score': 0.61}]" },
      { ...code('pipe(query)', 1), result: "[{'label': 'car_rental', 'score': 0.61}]" },
    ];
    const [a, b, again] = [one(await plan(cells, 1, null)), one(await plan(cells, 3, null)), one(await plan(cells, 4, null))];
    assert.equal(a.model, 'acme/bert-intents');
    assert.equal(b.model, 'acme/distilbert-intents');
    assert.notEqual(a.id, b.id);
    assert.equal(b.id, again.id);
  });
});

describe('eval cases: input sent beside the prompt', () => {
  it('refuses a Cohere chat grounded on documents computed from a search (the case would send the question alone)', async () => {
    const p = await plan([
      code('import cohere\nco = cohere.Client()'),
      printed('query = "Who founded computer science?"\nhits = [{"text": r["text"]} for r in search(query)]\nreply = co.chat(message=query, documents=hits, max_tokens=100)\nprint(reply.text)', 'Alan Turing is often called its father.\n'),
    ]);
    assert.ok('refused' in p && p.modelCall && /documents=hits/.test(p.refused), JSON.stringify(p));
  });
});
