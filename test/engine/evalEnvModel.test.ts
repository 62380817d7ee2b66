// Eval cases for the production setups the eighth holdout refused: an Azure deployment
// name read from the environment (recorded as that variable, read by the gate at run
// time) and a prompt literal continued over lines with a backslash (read as Python does).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { evalCaseSchema } from '../../server/src/engine/evals/caseFormat';
import { planCallExtraction } from '../../server/src/engine/evals/extractCall';
import { EVAL_GATE_SOURCE } from '../../server/src/engine/evals/gate';
import { planLlmEvalCase } from '../../server/src/engine/evals/plan';
import { evaluate } from '../../server/src/engine/evals/resolve';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine, REPO_ROOT } from '../helpers/engine';
import { oraclePython } from '../helpers/python';

const withOutput = (source: string, outputs: string[]): CellInput => ({ ...code(source, 1), outputs });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCase(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/azure.ipynb', 'cell-ask');
};
const AZURE_SETUP = 'import os\nfrom dotenv import load_dotenv\nfrom openai import AzureOpenAI\nload_dotenv()\n\nclient = AzureOpenAI(\n    azure_endpoint=os.getenv("AZURE_OPENAI_ENDPOINT"),\n    api_key=os.getenv("AZURE_OPENAI_KEY"),\n    api_version="2024-06-01",\n)\n';
const ASK = (model: string) => withOutput(`reply = client.chat.completions.create(\n    model=${model},\n    messages=[{"role": "user", "content": "Is the sky green? Answer yes or no."}],\n)\nprint(reply.choices[0].message.content)`, ['no\n']);

describe('eval cases: a model (an Azure deployment) read from the environment', () => {
  for (const [read, expected] of [
    ['os.getenv("AZURE_OPENAI_DEPLOYMENT_NAME")', { env: 'AZURE_OPENAI_DEPLOYMENT_NAME' }],
    ["os.environ['CHAT_DEPLOYMENT']", { env: 'CHAT_DEPLOYMENT' }],
    ['os.environ.get("CHAT_DEPLOYMENT", "gpt-4o-mini")  # the deployment\'s name', { env: 'CHAT_DEPLOYMENT', default: 'gpt-4o-mini' }],
  ] as const) {
    it(`records \`${read}\`, bound to a name in an earlier cell, as that variable`, async () => {
      const p = await plan([code(`${AZURE_SETUP}DEPLOYMENT = ${read}`), ASK('DEPLOYMENT')]);
      assert.ok('case' in p, JSON.stringify(p));
      assert.deepEqual(p.case.model, expected);
      assert.deepEqual(p.case.tags, ['openai', 'azure']);
      assert.equal(p.case.reference, 'no');
      evalCaseSchema.parse(p.case);
    });
  }

  it('records it written in the call itself, and on a legacy `openai.ChatCompletion.create(engine=…)` with `api_type = "azure"`', async () => {
    const direct = await plan([code(AZURE_SETUP), ASK('os.getenv("AZURE_OPENAI_DEPLOYMENT_NAME")')]);
    assert.ok('case' in direct && JSON.stringify(direct.case.model) === '{"env":"AZURE_OPENAI_DEPLOYMENT_NAME"}', JSON.stringify(direct));
    const legacy = await plan([
      code('import openai, os\nopenai.api_type = "azure"\nopenai.api_base = os.getenv("OPENAI_API_BASE")\nCHAT_MODEL = os.getenv("CHAT_COMPLETION_NAME")'),
      withOutput('response = openai.ChatCompletion.create(\n    engine=CHAT_MODEL,\n    messages=[{"role": "user", "content": "Name one primary colour."}],\n    max_tokens=20,\n)\nprint(response["choices"][0]["message"]["content"])', ['Red.\n']),
    ]);
    assert.ok('case' in legacy, JSON.stringify(legacy));
    assert.deepEqual(legacy.case.model, { env: 'CHAT_COMPLETION_NAME' });
    assert.deepEqual(legacy.case.tags, ['openai', 'azure']);
    assert.deepEqual(legacy.case.params, { max_tokens: 20 });
  });

  it('still refuses a model computed otherwise, and one rebound to a computed value after the environment read', async () => {
    const computed = await plan([code(`${AZURE_SETUP}DEPLOYMENT = pick_deployment()`), ASK('DEPLOYMENT')]);
    assert.ok('refused' in computed && /model \(`model=DEPLOYMENT`\) is not written out/.test(computed.refused), JSON.stringify(computed));
    const rebound = await plan([code(`${AZURE_SETUP}DEPLOYMENT = os.getenv("AZURE_OPENAI_DEPLOYMENT_NAME")`), code('DEPLOYMENT = DEPLOYMENT.lower()'), ASK('DEPLOYMENT')]);
    assert.ok('refused' in rebound, JSON.stringify(rebound));
  });

  it('is not extracted to a function (the module would write the model out)', async () => {
    const engine = await getEngine();
    const cells = [code(`${AZURE_SETUP}DEPLOYMENT = os.getenv("AZURE_OPENAI_DEPLOYMENT_NAME")`), ASK('DEPLOYMENT')];
    const x = planCallExtraction({ cells, cell: 1, statements: (s) => engine.statements(s), notebook: 'notebooks/azure.ipynb', packageName: 'bot', moduleName: 'ask' });
    assert.ok('refused' in x && /AZURE_OPENAI_DEPLOYMENT_NAME/.test(x.refused), JSON.stringify(x));
  });
});

describe('the gate reads an environment model at run time (stub AzureOpenAI client)', () => {
  it('skips naming the variable when it is unset, and asks the deployment it names through AzureOpenAI when set', async () => {
    const p = await plan([code(`${AZURE_SETUP}DEPLOYMENT = os.getenv("AZURE_OPENAI_DEPLOYMENT_NAME")`), ASK('DEPLOYMENT')]);
    assert.ok('case' in p, JSON.stringify(p));
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-envmodel-')));
    try {
      fs.mkdirSync(path.join(root, 'evals'));
      fs.mkdirSync(path.join(root, 'tests'));
      fs.writeFileSync(path.join(root, 'evals', 'azure.jsonl'), JSON.stringify(p.case) + '\n');
      fs.writeFileSync(path.join(root, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
      fs.writeFileSync(path.join(root, 'answers.json'), JSON.stringify({ 'sky green': 'No.' }));
      const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(?:OPENAI_API_KEY|AZURE_OPENAI_\w+|OPENAI_API_VERSION|NB2PROD_EVAL_JUDGE|PYTEST_ADDOPTS)$/.test(k)));
      const run = (env: Record<string, string>) => {
        const r = spawnSync(oraclePython(), ['-m', 'pytest', '-p', 'no:cacheprovider', '-rs', '-v', '-m', 'eval', 'tests/test_evals.py'], {
          cwd: root, encoding: 'utf8', env: { ...clean, PYTHONPATH: path.join(REPO_ROOT, 'test', 'fixtures', 'eval-stub'), STUB_OPENAI_ANSWERS: path.join(root, 'answers.json'), STUB_OPENAI_CALLS: path.join(root, 'calls.jsonl'), ...env },
        });
        return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
      };
      const azure = { AZURE_OPENAI_API_KEY: 'stub', AZURE_OPENAI_ENDPOINT: 'https://stub.openai.azure.com', OPENAI_API_VERSION: '2024-06-01' };
      // The Azure key absent: skipped for it (an OpenAI key is not enough for an Azure case).
      const noKey = run({ OPENAI_API_KEY: 'stub' });
      assert.equal(noKey.code, 0, noKey.out);
      assert.match(noKey.out, /SKIPPED .*set AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN/);
      const unset = run(azure);
      assert.equal(unset.code, 0, unset.out);
      assert.match(unset.out, /SKIPPED .*set AZURE_OPENAI_DEPLOYMENT_NAME to the model \(deployment\) name/);
      assert.ok(!fs.existsSync(path.join(root, 'calls.jsonl')));
      const set = run({ ...azure, AZURE_OPENAI_DEPLOYMENT_NAME: 'support-gpt4o' });
      assert.equal(set.code, 0, set.out);
      assert.match(set.out, /PASSED/);
      const calls = fs.readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { model: string; client: string });
      assert.deepEqual(calls.map((c) => [c.model, c.client]), [['support-gpt4o', 'AzureOpenAI']]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('eval cases: string literals read as Python reads them', () => {
  // Each literal's value comes from the real interpreter.
  const python = (literal: string) => JSON.parse(execFileSync(oraclePython(), ['-c', 'import json, sys; print(json.dumps(eval(sys.stdin.read())))'], { input: literal, encoding: 'utf8' })) as string;
  const literals = [
    // A backslash-newline inside a quote: removed, the next line's indentation kept.
    "'Write a product description for a lamp. \\\n        The description should be short.'",
    '"Summarize the text below. \\n\\n \\\n    ###\\n\\nThe partnership was extended.\\\n    It runs for years."',
    // Implicit concatenation over lines in brackets, and joined by a backslash at the line's end.
    '("Answer in one word: "\n    "what colour is the sky?")',
    '"Tab\\there, a quote \\" and \\\\ a backslash " \\\n    \'and \\x41\\u00e9 escapes, \\d kept\'',
    'r"raw \\d stays" "\\tthen escaped"',
    '"""Three quotes \\\n  continued, and an escaped \\""" inside."""',
  ];
  for (const literal of literals) {
    it(`reads ${JSON.stringify(literal.slice(0, 40))}… as Python does`, () => {
      assert.equal(evaluate(literal), python(literal));
    });
  }

  it('refuses a pipeline handed the text of a file whose URL is two literals joined by a backslash (the generator echoes the file)', async () => {
    const p = await plan([
      code('from urllib.request import urlopen\nfrom transformers import pipeline\nURL = "https://example.org/data/"\\\n    "poems/ode.txt"\nf = urlopen(URL)\ntext = f.read().decode("utf-8")\ngenerator = pipeline("text-generation")'),
      withOutput('outputs = generator(text, max_length=200)\nprint(outputs[0]["generated_text"])', ['Ode to a lamp\nThou bright companion of the night,\nand then it went on.\n']),
    ]);
    assert.ok('refused' in p && /https:\/\/example\.org\/data\/poems\/ode\.txt/.test(p.refused), JSON.stringify(p));
  });

  it('offers the case for a chat message whose text goes on over a backslash-newline', async () => {
    const p = await plan([
      code('from openai import OpenAI\nclient = OpenAI()'),
      withOutput('response = client.chat.completions.create(\n    model="gpt-4o-mini",\n    messages=[{"role": "user", "content": \'Write a one-line slogan for a lamp shop, \\\n                focusing on warm light.\'}],\n)\nprint(response.choices[0].message.content)', ['Warm light for every home.\n']),
    ]);
    assert.ok('case' in p, JSON.stringify(p));
    const message = (p.case.input.messages as { content: string }[])[0].content;
    assert.equal(message, python("'Write a one-line slogan for a lamp shop, \\\n                focusing on warm light.'"));
  });
});
