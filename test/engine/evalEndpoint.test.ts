// The server a client was pointed at (issue 14, twentieth holdout: 7 of 26 cases asked Ollama, NVIDIA's or Gemini's
// OpenAI-compatible endpoint through `OpenAI(base_url=…)` and lost it). The case records the endpoint, "Extract the
// model call to a function" makes the same client, and the gate asks that server (stub openai records the client).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { evalCaseSchema } from '../../server/src/engine/evals/caseFormat';
import { planCallExtraction } from '../../server/src/engine/evals/extractCall';
import { EVAL_GATE_SOURCE } from '../../server/src/engine/evals/gate';
import { planLlmEvalCases } from '../../server/src/engine/evals/plan';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine, REPO_ROOT } from '../helpers/engine';
import { oraclePython } from '../helpers/python';

const STUB = path.join(REPO_ROOT, 'test', 'fixtures', 'eval-stub');
const shown = (source: string, ...outputs: string[]): CellInput => ({ ...code(source, 2), outputs, stdout: outputs.join('') });
const plan = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planLlmEvalCases(cells, cells.length - 1, (s) => engine.statements(s), 'notebooks/local.ipynb', 'e1');
};
const extract = async (cells: CellInput[]) => {
  const engine = await getEngine();
  return planCallExtraction({ cells, cell: cells.length - 1, statements: (s) => engine.statements(s), packageName: 'localbot', moduleName: 'local_model', notebook: 'notebooks/local.ipynb', cellId: 'e1' });
};
const one = (p: Awaited<ReturnType<typeof plan>>) => {
  assert.ok('cases' in p && p.cases.length === 1, JSON.stringify(p));
  return evalCaseSchema.parse(p.cases[0]);
};

const OLLAMA = 'from openai import OpenAI\nOLLAMA_URL = "http://localhost:11434/v1"\nollama = OpenAI(base_url=OLLAMA_URL, api_key="ollama")';
const ASK = 'resp = ollama.chat.completions.create(model="llama3.2", messages=[{"role": "user", "content": "Name the largest planet. One word."}])\nprint(resp.choices[0].message.content)';

describe('eval cases keep the server the client was pointed at', () => {
  it('records an Ollama client\'s base_url and placeholder key, and the key variable a hosted endpoint reads', async () => {
    const local = one(await plan([code(OLLAMA), shown(ASK, 'Jupiter\n')]));
    assert.deepEqual(local.endpoint, { base_url: 'http://localhost:11434/v1', api_key: 'ollama' });
    assert.deepEqual([local.tags, local.model, local.reference], [['openai'], 'llama3.2', 'Jupiter']);

    const hosted = one(await plan([
      code('import os\nfrom openai import OpenAI\nrouter_key = os.getenv("OPENROUTER_API_KEY")\nrouter = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=router_key)'),
      shown(ASK.replace('ollama.', 'router.').replace('llama3.2', 'google/gemma-3-12b-it'), 'Jupiter\n'),
    ]));
    assert.deepEqual(hosted.endpoint, { base_url: 'https://openrouter.ai/api/v1', api_key_env: 'OPENROUTER_API_KEY' });
    // No key given: the client reads OPENAI_API_KEY, as `OpenAI()` does; a URL from the environment is recorded as that variable.
    const fromEnv = one(await plan([
      code('import os\nfrom openai import OpenAI\nclient = OpenAI(base_url=os.getenv("LLM_BASE_URL", "http://localhost:8000/v1"))'),
      shown(ASK.replace('ollama.', 'client.'), 'Jupiter\n'),
    ]));
    assert.deepEqual(fromEnv.endpoint, { base_url: { env: 'LLM_BASE_URL', default: 'http://localhost:8000/v1' }, api_key_env: 'OPENAI_API_KEY' });
    // The vendor's own API: no endpoint.
    assert.equal(one(await plan([code('from openai import OpenAI\nollama = OpenAI()'), shown(ASK.replace('llama3.2', 'gpt-4o-mini'), 'Jupiter\n')])).endpoint, undefined);
  });

  it('refuses a client whose URL is computed, or whose key is a secret written in the notebook', async () => {
    const refused = (p: Awaited<ReturnType<typeof plan>>, reason: RegExp) => assert.ok('refused' in p && p.modelCall && reason.test(p.refused), JSON.stringify(p));
    refused(await plan([code('from openai import OpenAI\nollama = OpenAI(base_url=settings.url(), api_key="ollama")'), shown(ASK, 'Jupiter\n')]), /`base_url=settings\.url\(\)`, which is not written out/);
    refused(await plan([code('from openai import OpenAI\nollama = OpenAI(base_url="https://api.example.net/v1", api_key="sk-3f9a8c72d1e04b6f")'), shown(ASK, 'Jupiter\n')]), /API key written in the notebook/);
    // A stand-in for the reader's key (NeMo-Curator's `"<your-openai-api-token>"`, holdout20) is neither a key nor a variable.
    refused(await plan([code('from openai import OpenAI\nollama = OpenAI(base_url="https://integrate.api.example.com/v1", api_key="<your-api-token>")'), shown(ASK, 'Jupiter\n')]), /stand-in for the reader's own \(`<your-api-token>`\)/);
  });

  it('refuses a gateway routed by the client\'s headers (Portkey, holdout15): the server alone is not the call', async () => {
    const p = await plan([code('from openai import OpenAI\nfrom portkey_ai import PORTKEY_GATEWAY_URL, createHeaders\nollama = OpenAI(api_key="groq-key", base_url=PORTKEY_GATEWAY_URL, default_headers=createHeaders(provider="groq", api_key="pk"))'), shown(ASK, 'Jupiter\n')]);
    assert.ok('refused' in p && /gateway with its own headers \(`default_headers=createHeaders/.test(p.refused), JSON.stringify(p));
  });

  it('asks the same server from an inline client, `OpenAI(base_url=…).chat.completions.create(…)`', async () => {
    const c = one(await plan([
      code('from openai import OpenAI\nmessages = [{"role": "user", "content": "Name the largest planet. One word."}]'),
      shown('r = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama").chat.completions.create(model="llama3.2", messages=messages)\nprint(r.choices[0].message.content)', 'Jupiter\n'),
    ]));
    assert.deepEqual([c.model, c.input.messages, c.reference], ['llama3.2', [{ role: 'user', content: 'Name the largest planet. One word.' }], 'Jupiter']);
    assert.deepEqual(c.endpoint, { base_url: 'http://localhost:11434/v1', api_key: 'ollama' });
    const p = await extract([code('from openai import OpenAI\nmessages = [{"role": "user", "content": "Name the largest planet. One word."}]'), shown('r = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama").chat.completions.create(model="llama3.2", messages=messages)\nprint(r.choices[0].message.content)', 'Jupiter\n')]);
    assert.ok(!('refused' in p), JSON.stringify(p));
    assert.equal(p.cellText, 'from localbot.local_model import ask\nr = ask(messages)\nprint(r.choices[0].message.content)');
  });

  it('extracts the client with its base_url and its key as the notebook got it, never a bare OpenAI()', async () => {
    const local = await extract([code(OLLAMA), shown(ASK, 'Jupiter\n')]);
    assert.ok(!('refused' in local), JSON.stringify(local));
    assert.match(local.moduleText, /^    client = OpenAI\(base_url="http:\/\/localhost:11434\/v1", api_key="ollama"\)$/m);
    assert.doesNotMatch(local.moduleText, /OpenAI\(\)/);
    assert.equal(local.evalCase?.env, undefined);
    const hosted = await extract([code('import os\nfrom openai import OpenAI\nrouter = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=os.environ["OPENROUTER_API_KEY"])'), shown(ASK.replace('ollama.', 'router.'), 'Jupiter\n')]);
    assert.ok(!('refused' in hosted), JSON.stringify(hosted));
    assert.match(hosted.moduleText, /^import os$/m);
    assert.match(hosted.moduleText, /client = OpenAI\(base_url="https:\/\/openrouter\.ai\/api\/v1", api_key=os\.environ\["OPENROUTER_API_KEY"\]\)/);
    assert.deepEqual(hosted.evalCase?.env, ['OPENROUTER_API_KEY']);
    // A client this refactor makes otherwise (Anthropic) is not silently pointed back at the vendor's API.
    const other = await extract([code('from anthropic import Anthropic\nclaude = Anthropic(base_url="http://localhost:4000", api_key="proxy")'), shown('m = claude.messages.create(model="claude-3-5-haiku", max_tokens=20, messages=[{"role": "user", "content": "Largest planet?"}])\nprint(m.content[0].text)', 'Jupiter\n')]);
    assert.ok('refused' in other && /another server/.test(other.refused), JSON.stringify(other));
  });

  it('runs the cell before and after extraction, and the gate, against the server the notebook asked (stub client)', async () => {
    const cells = [code(OLLAMA), shown(ASK, 'Jupiter\n')];
    const p = await extract(cells);
    assert.ok(!('refused' in p) && p.evalCase, JSON.stringify(p));
    const planned = one(await plan(cells));
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-endpoint-')));
    try {
      fs.mkdirSync(path.join(root, 'src', 'localbot'), { recursive: true });
      fs.writeFileSync(path.join(root, 'src', 'localbot', '__init__.py'), '');
      fs.writeFileSync(path.join(root, 'src', 'localbot', 'local_model.py'), p.moduleText);
      const notebook = (sources: string[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: sources.map((s, i) => ({ cell_type: 'code', id: `c${i}`, metadata: {}, execution_count: null, source: s, outputs: [] })) });
      fs.writeFileSync(path.join(root, 'before.ipynb'), notebook([OLLAMA, ASK]));
      fs.writeFileSync(path.join(root, 'after.ipynb'), notebook([OLLAMA, p.cellText]));
      fs.writeFileSync(path.join(root, 'answers.json'), JSON.stringify({ 'largest planet': 'Jupiter' }));
      // No OPENAI_API_KEY: a bare OpenAI() would fail; the Ollama client takes its placeholder key.
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(?:OPENAI_API_KEY|PYTEST_ADDOPTS)$/.test(k)));
      const run = { ...env, PYTHONPATH: [STUB, path.join(root, 'src')].join(path.delimiter), STUB_OPENAI_ANSWERS: path.join(root, 'answers.json'), STUB_OPENAI_CALLS: path.join(root, 'calls.jsonl') };
      const kernel = spawnSync(oraclePython(), [path.join(REPO_ROOT, 'test/oracle/run_notebooks.py'), '--project', root, path.join(root, 'before.ipynb'), path.join(root, 'after.ipynb')], { encoding: 'utf8', env: run, maxBuffer: 16 * 1024 * 1024 });
      assert.equal(kernel.status, 0, kernel.stderr);
      const runs = JSON.parse(kernel.stdout) as Record<string, { errors: unknown[]; stdout: Record<string, string> }>;
      assert.deepEqual([runs[path.join(root, 'before.ipynb')].errors, runs[path.join(root, 'after.ipynb')].errors], [[], []]);
      assert.equal(runs[path.join(root, 'after.ipynb')].stdout['1'], 'Jupiter\n');

      fs.mkdirSync(path.join(root, 'evals'));
      fs.mkdirSync(path.join(root, 'tests'));
      // The extracted case (through `answer`) and the plain case (the gate makes the client from `endpoint`).
      fs.writeFileSync(path.join(root, 'evals', 'local.jsonl'), `${JSON.stringify(p.evalCase)}\n${JSON.stringify({ ...planned, id: 'plain' })}\n`);
      fs.writeFileSync(path.join(root, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
      const gate = spawnSync(oraclePython(), ['-m', 'pytest', '-p', 'no:cacheprovider', '-rs', '-v', '-m', 'eval', 'tests/test_evals.py'], { cwd: root, encoding: 'utf8', env: run });
      assert.equal(gate.status, 0, `${gate.stdout}\n${gate.stderr}`);
      assert.match(gate.stdout, /eval pass rate 100% \(2 of 2 passed\)/);
      const calls = fs.readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { model: string; client: string });
      // Notebook, rewritten cell, extracted case, plain case: every call went to the notebook's server.
      assert.deepEqual(calls.map((c) => [c.model, c.client]), Array(4).fill(['llama3.2', 'OpenAI(http://localhost:11434/v1, key=ollama)']));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('skips a hosted endpoint\'s case without the key the notebook read, and asks that server with it', async () => {
    const c = one(await plan([
      code('import os\nfrom openai import OpenAI\nrouter = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=os.getenv("OPENROUTER_API_KEY"))'),
      shown(ASK.replace('ollama.', 'router.').replace('llama3.2', 'google/gemma-3-12b-it'), 'Jupiter\n'),
    ]));
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-endpoint-gate-')));
    try {
      fs.mkdirSync(path.join(root, 'evals'));
      fs.mkdirSync(path.join(root, 'tests'));
      fs.writeFileSync(path.join(root, 'evals', 'local.jsonl'), `${JSON.stringify(c)}\n`);
      fs.writeFileSync(path.join(root, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
      fs.writeFileSync(path.join(root, 'answers.json'), JSON.stringify({ 'largest planet': 'Jupiter' }));
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(?:OPENAI_API_KEY|OPENROUTER_API_KEY|PYTEST_ADDOPTS)$/.test(k)));
      const gate = (extra: Record<string, string>) => {
        const r = spawnSync(oraclePython(), ['-m', 'pytest', '-p', 'no:cacheprovider', '-rs', '-v', '-m', 'eval', 'tests/test_evals.py'], { cwd: root, encoding: 'utf8', env: { ...env, PYTHONPATH: STUB, STUB_OPENAI_ANSWERS: path.join(root, 'answers.json'), STUB_OPENAI_CALLS: path.join(root, 'calls.jsonl'), ...extra } });
        return `${r.stdout}\n${r.stderr}`;
      };
      // OpenAI's key is not OpenRouter's.
      assert.match(gate({ OPENAI_API_KEY: 'stub' }), /set OPENROUTER_API_KEY to run this openai case/);
      assert.match(gate({ OPENROUTER_API_KEY: 'router-stub' }), /eval pass rate 100% \(1 of 1 passed\)/);
      const calls = fs.readFileSync(path.join(root, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { model: string; client: string });
      assert.deepEqual(calls.map((k) => [k.model, k.client]), [['google/gemma-3-12b-it', 'OpenAI(https://openrouter.ai/api/v1, key=router-stub)']]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
