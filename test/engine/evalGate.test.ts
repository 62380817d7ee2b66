// The eval gate end to end, without network: cases planned from LLM cells, the
// generated tests/test_evals.py, and a stub openai package with the real SDK's call
// shape (test/fixtures/eval-stub). Real pytest from the oracle Python.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { evalCaseSchema, type EvalCase } from '../../server/src/engine/evals/caseFormat';
import { EVAL_GATE_SOURCE } from '../../server/src/engine/evals/gate';
import { planLlmEvalCase } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { mergeConfig } from '../../server/src/engine/config';
import { projectReadiness } from '../../server/src/engine/projectReadiness';
import { code, getEngine, REPO_ROOT } from '../helpers/engine';
import { writeProject } from '../helpers/project';
import { oraclePython } from '../helpers/python';

const STUB = path.join(REPO_ROOT, 'test', 'fixtures', 'eval-stub');

const asks = (question: string, printed: string): CellInput => ({
  ...code(`r = client.chat.completions.create(model=MODEL, temperature=0,\n    messages=[{"role": "user", "content": ${JSON.stringify(question)}}])\nprint(r.choices[0].message.content)`, 1),
  outputs: [printed],
});

async function plannedCases(): Promise<EvalCase[]> {
  const engine = await getEngine();
  const cells = [
    code('from openai import OpenAI\nclient = OpenAI()\nMODEL = "gpt-4o-mini"'),
    asks('Classify the sentiment: I love this lamp', 'positive\n'),
    asks('Extract the order as JSON: order 1234 for 2 lamps', '{"order_id": 1234, "items": 2}\n'),
    asks('How many days are in a leap year? Answer with a number.', '366\n'),
    asks('Explain in one sentence what a refund policy is.', 'A refund policy says when and how customers get their money back.\n'),
  ];
  return cells.slice(1).map((_, k) => {
    const plan = planLlmEvalCase(cells, k + 1, (s) => engine.statements(s), 'notebooks/ask.ipynb', `cell-${k + 1}`);
    assert.ok('case' in plan, JSON.stringify(plan));
    return evalCaseSchema.parse(plan.case);
  });
}

function pytest(root: string, env: Record<string, string>, ...args: string[]) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(?:OPENAI_API_KEY|TOGETHER_API_KEY|GOOGLE_API_KEY|GEMINI_API_KEY|GOOGLE_CLOUD_PROJECT|NB2PROD_EVAL_JUDGE|PYTEST_ADDOPTS)$/.test(k)));
  const run = spawnSync(oraclePython(), ['-m', 'pytest', '-p', 'no:cacheprovider', '-rs', '-v', ...args, 'tests/test_evals.py'], {
    cwd: root, encoding: 'utf8', env: { ...clean, PYTHONPATH: STUB, STUB_OPENAI_ANSWERS: path.join(root, 'answers.json'), STUB_OPENAI_CALLS: path.join(root, 'calls.jsonl'), STUB_GENAI_ANSWERS: path.join(root, 'answers.json'), STUB_GENAI_CALLS: path.join(root, 'genai-calls.jsonl'), ...env },
  });
  return { code: run.status, out: `${run.stdout}\n${run.stderr}` };
}

describe('the eval gate against a stub client', () => {
  it('skips without a key, grades by the case grader, reports the pass rate and fails under the threshold', async () => {
    const cases = await plannedCases();
    assert.deepEqual(cases.map((c) => c.grader.kind), ['label', 'json_schema', 'numeric', 'judge']);
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-gate-')));
    try {
      fs.mkdirSync(path.join(root, 'evals'));
      fs.mkdirSync(path.join(root, 'tests'));
      fs.mkdirSync(path.join(root, 'src', 'askbot'), { recursive: true });
      fs.writeFileSync(path.join(root, 'src', 'askbot', '__init__.py'), '');
      // The function under evaluation, as "Extract to module" leaves it: it asks the client itself.
      fs.writeFileSync(path.join(root, 'src', 'askbot', 'answer.py'), 'from openai import OpenAI\n\n\ndef answer(prompt):\n    reply = OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])\n    return reply.choices[0].message.content\n');
      const targeted = { ...cases[0], id: 'via-target', input: { prompt: 'Classify the sentiment: I love this lamp' }, target: 'askbot.answer:answer' };
      fs.writeFileSync(path.join(root, 'evals', 'ask.jsonl'), [...cases, targeted].map((c) => JSON.stringify(c)).join('\n') + '\n');
      fs.writeFileSync(path.join(root, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
      const answers = {
        'Does the answer meet the rubric': 'PASS: it says what a refund policy covers.',
        'I love this lamp': 'Positive.',
        'order 1234': '```json\n{"order_id": 1234, "items": 2}\n```',
        'leap year': 'There are 366 days.',
        'refund policy': 'It tells customers when they can get their money back.',
      };
      fs.writeFileSync(path.join(root, 'answers.json'), JSON.stringify(answers));
      fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "askbot"\n\n[tool.nb2prod.evals]\nthreshold = 0.9\n');

      // No key: every model case skips, saying which key; nothing is called.
      const noKey = pytest(root, {});
      assert.equal(noKey.code, 0, noKey.out);
      assert.match(noKey.out, /SKIPPED .*set OPENAI_API_KEY to run this openai case/);
      assert.match(noKey.out, /SKIPPED .*no eval case ran/);
      assert.ok(!fs.existsSync(path.join(root, 'calls.jsonl')));

      // Unit tests only: the eval marker keeps the model cases out.
      const unit = pytest(root, { OPENAI_API_KEY: 'stub' }, '-m', 'not eval');
      assert.match(unit.out, /6 deselected/);
      assert.ok(!fs.existsSync(path.join(root, 'calls.jsonl')));

      // With a key and no judge: the judge case is "needs a judge", not passed: 4 of 5 is under 0.9.
      const noJudge = pytest(root, { OPENAI_API_KEY: 'stub' });
      assert.equal(noJudge.code, 1, noJudge.out);
      assert.match(noJudge.out, /SKIPPED .*needs a judge: set \[tool\.nb2prod\.evals\] judge/);
      assert.match(noJudge.out, /eval pass rate 80% \(4 of 5 passed, 1 need a judge\); threshold 90%/);
      assert.match(noJudge.out, /AssertionError: eval pass rate 80%/);
      const report = JSON.parse(fs.readFileSync(path.join(root, 'evals', 'report.json'), 'utf8')) as { pass_rate: number; needs_judge: number; prompt_versions: Record<string, { cases: number; passed: number }> };
      assert.equal(report.pass_rate, 0.8);
      assert.equal(report.needs_judge, 1);
      assert.deepEqual(report.prompt_versions[cases[3].prompt_version], { cases: 1, passed: 0 });
      const calls = fs.readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { model: string; prompt: string; params: Record<string, unknown> });
      assert.deepEqual(calls[0], { model: 'gpt-4o-mini', prompt: 'Classify the sentiment: I love this lamp', params: { temperature: 0 }, client: 'OpenAI' });

      // A judge configured: it is asked, and the gate passes.
      fs.appendFileSync(path.join(root, 'pyproject.toml'), 'judge = "openai:judge-model"\n');
      const judged = pytest(root, { OPENAI_API_KEY: 'stub' });
      assert.equal(judged.code, 0, judged.out);
      assert.match(judged.out, /eval pass rate 100% \(5 of 5 passed\); threshold 90%/);
      assert.match(fs.readFileSync(path.join(root, 'calls.jsonl'), 'utf8'), /"model": "judge-model", "prompt": "Rubric: /);

      // A wrong answer fails its case, by id, and the gate.
      fs.writeFileSync(path.join(root, 'answers.json'), JSON.stringify({ ...answers, 'leap year': 'There are 365 days.' }));
      const wrong = pytest(root, { OPENAI_API_KEY: 'stub' });
      assert.equal(wrong.code, 1);
      assert.match(wrong.out, new RegExp(`test_llm_case\\[${cases[2].id}\\] FAILED`));
      assert.match(wrong.out, /eval pass rate 80% \(4 of 5 passed\)/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the eval gate: a call through an SDK that copies OpenAI\'s client (Together), against the stub together', () => {
  it('records the vendor, asks through its own client and skips without its own key', async () => {
    const engine = await getEngine();
    const cells = [
      code('from together import Together\nclient = Together()'),
      { ...code('r = client.chat.completions.create(model="meta-llama/Llama-3.3-70B-Instruct-Turbo", temperature=0,\n    messages=[{"role": "user", "content": "Capital of Peru? One word."}])\nprint(r.choices[0].message.content)', 1), outputs: ['Lima\n'] },
    ];
    const planned = planLlmEvalCase(cells, 1, (s) => engine.statements(s), 'notebooks/geo.ipynb', 't1');
    assert.ok('case' in planned, JSON.stringify(planned));
    const together = evalCaseSchema.parse(planned.case);
    assert.deepEqual([together.tags?.[0], together.model], ['together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo']);
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-gate-together-')));
    try {
      fs.mkdirSync(path.join(root, 'evals'));
      fs.mkdirSync(path.join(root, 'tests'));
      fs.writeFileSync(path.join(root, 'evals', 'geo.jsonl'), JSON.stringify(together) + '\n');
      fs.writeFileSync(path.join(root, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
      fs.writeFileSync(path.join(root, 'answers.json'), JSON.stringify({ 'Capital of Peru': 'Lima' }));
      // OpenAI's key is not Together's: the case skips and names the key it needs.
      const skipped = pytest(root, { OPENAI_API_KEY: 'stub' });
      assert.match(skipped.out, /set TOGETHER_API_KEY to run this together case/);
      const passed = pytest(root, { TOGETHER_API_KEY: 'stub' });
      assert.equal(passed.code, 0, passed.out);
      assert.match(passed.out, /eval pass rate 100% \(1 of 1 passed\)/);
      const calls = fs.readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { model: string; prompt: string });
      assert.deepEqual(calls.map((c) => [c.model, c.prompt]), [['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'Capital of Peru? One word.']]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the eval gate: system instructions and tool calls, against the stub client', () => {
  it('sends the case\'s system instruction and tools, and grades the tool call the stub makes', async () => {
    const engine = await getEngine();
    const cells = [
      code('from openai import OpenAI\nclient = OpenAI()\ntools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string"}}}}}]'),
      { ...code('r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Weather in Lyon, in celsius?"}], tools=tools)\nr.choices[0].message', 1),
        result: "ChatCompletionMessage(content=None, role='assistant', tool_calls=[ChatCompletionMessageToolCall(id='call_1', function=Function(arguments='{\"city\": \"Lyon\", \"unit\": \"celsius\"}', name='get_weather'), type='function')])" },
    ];
    const planned = planLlmEvalCase(cells, 1, (s) => engine.statements(s), 'notebooks/weather.ipynb', 'w1');
    assert.ok('case' in planned, JSON.stringify(planned));
    const toolCase = evalCaseSchema.parse(planned.case);
    assert.equal(toolCase.grader.kind, 'tool_call');
    const systemCase = evalCaseSchema.parse({ ...toolCase, id: 'pirate', input: { prompt: 'Where is the treasure?', system: 'Answer like a pirate.' }, reference: 'Under the palm tree.', grader: { kind: 'contains', text: 'palm' } });
    const viaTarget = { ...systemCase, id: 'pirate-target', target: 'bot.ask:answer' };
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-gate-tools-')));
    try {
      fs.mkdirSync(path.join(root, 'evals'));
      fs.mkdirSync(path.join(root, 'tests'));
      fs.mkdirSync(path.join(root, 'src', 'bot'), { recursive: true });
      fs.writeFileSync(path.join(root, 'src', 'bot', '__init__.py'), '');
      // A function that takes the system instruction gets it from the case.
      fs.writeFileSync(path.join(root, 'src', 'bot', 'ask.py'), 'from openai import OpenAI\n\n\ndef answer(prompt, system="Be brief."):\n    messages = [{"role": "system", "content": system}, {"role": "user", "content": prompt}]\n    return OpenAI().chat.completions.create(model="gpt-4o-mini", messages=messages).choices[0].message.content\n');
      fs.writeFileSync(path.join(root, 'evals', 'weather.jsonl'), [toolCase, systemCase, viaTarget].map((c) => JSON.stringify(c)).join('\n') + '\n');
      fs.writeFileSync(path.join(root, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
      const answers = (args: Record<string, string>) => JSON.stringify({ 'Weather in Lyon': { tool_call: { name: 'get_weather', arguments: args } }, treasure: 'Arr, under the palm tree!' });
      fs.writeFileSync(path.join(root, 'answers.json'), answers({ city: 'lyon', unit: 'Celsius' }));
      const passed = pytest(root, { OPENAI_API_KEY: 'stub' });
      assert.equal(passed.code, 0, passed.out);
      assert.match(passed.out, /eval pass rate 100% \(3 of 3 passed\)/);
      const calls = fs.readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { prompt: string; system?: string; tools?: string[] });
      assert.deepEqual(calls.map((c) => [c.prompt, c.system ?? null, c.tools ?? null]), [
        ['Weather in Lyon, in celsius?', null, ['get_weather']],
        ['Where is the treasure?', 'Answer like a pirate.', null],
        ['Where is the treasure?', 'Answer like a pirate.', null],
      ]);
      // Other arguments, or no tool call at all, fail the tool_call case by id.
      fs.writeFileSync(path.join(root, 'answers.json'), answers({ city: 'Paris', unit: 'celsius' }));
      const wrong = pytest(root, { OPENAI_API_KEY: 'stub' });
      assert.equal(wrong.code, 1);
      assert.match(wrong.out, new RegExp(`test_llm_case\\[${toolCase.id}\\] FAILED`));
      fs.writeFileSync(path.join(root, 'answers.json'), JSON.stringify({ 'Weather in Lyon': 'It is sunny.', treasure: 'Under the palm.' }));
      const text = pytest(root, { OPENAI_API_KEY: 'stub' });
      assert.match(text.out, /the model answered in text, not with a tool call/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the eval gate: a Gemini chat\'s system instruction and a Gemini function call, against the stub google-genai', () => {
  it('asks with the chat\'s system instruction and the declared functions, and grades the function call', async () => {
    const engine = await getEngine();
    const cells: CellInput[] = [
      code('from google import genai\nfrom google.genai import types\nclient = genai.Client()\nTUTOR = "You are a patient maths tutor. Ask one question at a time."'),
      code('chat = client.chats.create(model="gemini-2.0-flash", config=types.GenerateContentConfig(system_instruction=TUTOR, temperature=0))'),
      { ...code('r = chat.send_message("Help me with fractions.")\nprint(r.text)', 1), outputs: ['Sure. What is 1/2 + 1/4?\n'] },
      code('get_stock = types.FunctionDeclaration(name="get_stock", description="Units in stock", parameters={"type": "object", "properties": {"sku": {"type": "string"}}})\nstock = types.Tool(function_declarations=[get_stock])'),
      { ...code('response = client.models.generate_content(model="gemini-2.0-flash", contents="How many A-12 are left?", config=types.GenerateContentConfig(tools=[stock]))\nresponse.function_calls', 1),
        result: "[FunctionCall(\n  args={\n    'sku': 'A-12'\n  },\n  name='get_stock'\n)]" },
    ];
    const cases = [2, 4].map((k) => {
      const p = planLlmEvalCase(cells, k, (s) => engine.statements(s), 'notebooks/shop.ipynb', `g${k}`);
      assert.ok('case' in p, JSON.stringify(p));
      return evalCaseSchema.parse(p.case);
    });
    assert.deepEqual(cases.map((c) => c.grader.kind), ['judge', 'tool_call']);
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-gate-gemini-')));
    try {
      fs.mkdirSync(path.join(root, 'evals'));
      fs.mkdirSync(path.join(root, 'tests'));
      fs.writeFileSync(path.join(root, 'evals', 'shop.jsonl'), cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
      fs.writeFileSync(path.join(root, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
      fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.nb2prod.evals]\nthreshold = 0.5\n');
      fs.writeFileSync(path.join(root, 'answers.json'), JSON.stringify({ fractions: 'Sure. What is 1/3 + 1/3?', 'A-12': { tool_call: { name: 'get_stock', arguments: { sku: 'A-12' } } } }));
      const run = pytest(root, { GOOGLE_API_KEY: 'stub' });
      assert.equal(run.code, 0, run.out);
      // The judge case needs a judge (none configured); the function call passes.
      assert.match(run.out, /eval pass rate 50% \(1 of 2 passed, 1 need a judge\)/);
      const calls = fs.readFileSync(path.join(root, 'genai-calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(calls, [
        { model: 'gemini-2.0-flash', prompt: 'Help me with fractions.', system: 'You are a patient maths tutor. Ask one question at a time.', tools: [], config: { temperature: 0 } },
        { model: 'gemini-2.0-flash', prompt: 'How many A-12 are left?', system: null, tools: ['get_stock'], config: {} },
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the eval set in the readiness checklist', () => {
  it('counts cases per prompt version and shows the last run\'s pass rate, not the report as cases', async () => {
    const line = (id: string, version: string) => JSON.stringify({ id, input: { prompt: id }, reference: 'r', grader: { kind: 'exact' }, model: 'm', params: {}, prompt_version: version, tags: ['openai'], source: { notebook: 'a.ipynb', cell_id: null } });
    const root = writeProject({
      'evals/ask.jsonl': [line('a', 'v1'), line('b', 'v1'), line('c', 'v2')].join('\n') + '\n',
      'evals/report.json': JSON.stringify({ pass_rate: 0.6667, passed: 2, failed: 0, needs_judge: 1, ran: 3, threshold: 0.9, prompt_versions: {}, cases: [] }),
      'a.ipynb': JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }),
    }, 'nb2prod-evalset-');
    const evals = projectReadiness(await getEngine(), root, mergeConfig()).items.find((i) => i.id === 'evals')!;
    assert.match(evals.reason, /^3 eval cases in evals\/ \(2 prompt versions: 2, 1 cases\)\. Last run passed 67 % \(2 of 3, 1 need a judge, evals\/report\.json\)\./);
    assert.deepEqual(evals.files, ['evals/ask.jsonl', 'evals/report.json']);
  });
});
