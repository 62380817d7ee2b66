// "Serve a function" for real: for functions of several shapes (scalars, lists, a
// DataFrame in and out, an LLM answer function over a deterministic stub client) the
// app and its test are written the way the CLI and the server write them, then
// pytest runs the generated tests/test_app.py in the oracle Python (FastAPI's
// TestClient): the endpoint answers what the function returns, with the versions.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyOps, planServe, resolveServeTarget } from '../../server/src/engine/export/serve';
import type { Engine } from '../../server/src/engine/analyze';
import type { CellInput } from '../../server/src/engine/types';
import { getEngine } from '../helpers/engine';
import { oraclePython } from '../helpers/python';

interface Shape {
  id: string;
  files: Record<string, string>;
  /** The notebook's cells (the function is found through its call), or the module and function to serve. */
  notebook?: string[];
  module?: { path: string; functionName: string; examples: Record<string, string> };
}

const SHAPES: Shape[] = [
  {
    id: 'scalars',
    files: {
      'pyproject.toml': '[project]\nname = "churn"\nversion = "0.1.0"\ndependencies = [\n    "pandas==2.2.2",\n]\n',
      'src/churn/__init__.py': '',
      'src/churn/scoring.py': `"""scoring: extracted from churn.ipynb by nb2prod."""
from __future__ import annotations


def churn_risk(tenure_months: int, monthly_charges: float, contract: str = "month-to-month") -> float:
    risk = 0.5 - 0.01 * tenure_months + 0.002 * monthly_charges
    if contract != "month-to-month":
        risk -= 0.2
    return round(min(max(risk, 0.0), 1.0), 4)
`,
    },
    notebook: ['from churn.scoring import churn_risk', 'tenure = 12\ncharges = 70.5', 'risk = churn_risk(tenure, charges, contract="one-year")\nrisk'],
  },
  {
    id: 'lists',
    files: {
      'requirements.txt': 'numpy==1.26.4\n',
      'src/signals/__init__.py': '',
      'src/signals/scale.py': `"""scale: extracted from signals.ipynb by nb2prod."""
from __future__ import annotations

from typing import List, Optional


def normalise(values: List[float], scale: float = 1.0, clip: Optional[float] = None) -> list[float]:
    total = sum(values) or 1.0
    out = [scale * v / total for v in values]
    return [min(v, clip) for v in out] if clip is not None else out
`,
    },
    notebook: ['from signals.scale import normalise', 'readings = [3.0, 1.0, 2.0]', 'weights = normalise(readings, scale=10.0)\nweights'],
  },
  {
    id: 'dataframe',
    files: {
      'pyproject.toml': '[project]\nname = "retention"\nversion = "0.2.0"\ndependencies = ["pandas"]\n\n[tool.pytest.ini_options]\naddopts = "-q"\n',
      'src/retention/__init__.py': '',
      'src/retention/cohorts.py': `"""cohorts: extracted from cohorts.ipynb by nb2prod."""
from __future__ import annotations

import pandas as pd


def add_share(frame: pd.DataFrame, column: str = "customers", copy: bool = True) -> pd.DataFrame:
    out = frame.copy() if copy else frame
    out["share"] = out[column] / out[column].sum()
    out["month"] = pd.to_datetime(out["month"])
    return out
`,
    },
    module: {
      path: 'src/retention/cohorts.py', functionName: 'add_share',
      examples: { frame: '[{"month": "2024-01-01", "customers": 100}, {"month": "2024-02-01", "customers": 300}]' },
    },
  },
  {
    id: 'llm',
    files: {
      'pyproject.toml': '[project]\nname = "helpdesk"\nversion = "1.4.0"\ndependencies = []\n',
      'configs/helpdesk.toml': 'temperature = 0.0\nmax_articles = 3\n',
      'prompts/helpdesk/system.txt': 'You answer questions about our billing in one sentence.\n',
      'src/helpdesk/__init__.py': '',
      'src/helpdesk/llm.py': `"""A deterministic stand-in for the chat client: the same answer for the same messages."""
import hashlib
from types import SimpleNamespace


class _Completions:
    def create(self, model, messages, temperature=0.0):
        text = messages[-1]["content"]
        digest = hashlib.sha256(f"{model}|{temperature}|{text}".encode()).hexdigest()[:8]
        content = f"[{model}] {text.rstrip('?')}: see article {digest}"
        return SimpleNamespace(choices=[SimpleNamespace(message=SimpleNamespace(content=content))])


client = SimpleNamespace(chat=SimpleNamespace(completions=_Completions()))
`,
      'src/helpdesk/answer.py': `"""answer: extracted from helpdesk.ipynb by nb2prod."""
from __future__ import annotations

from pathlib import Path

from helpdesk.llm import client

SYSTEM_PROMPT = (Path(__file__).resolve().parents[2] / "prompts" / "helpdesk" / "system.txt").read_text()


def answer(question: str, model: str = "gpt-4o-mini", temperature: float = 0.0) -> str:
    response = client.chat.completions.create(
        model=model,
        messages=[{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": question}],
        temperature=temperature,
    )
    return response.choices[0].message.content
`,
    },
    notebook: ['from helpdesk.answer import answer', 'answer("How do I change my billing address?")'],
  },
];

function cells(sources: string[]): CellInput[] {
  return sources.map((source) => ({ kind: 'code', source, executionCount: null }));
}

/** Write the shape's project, serve its function as the CLI does; the notebook's call gives the examples. */
function serve(engine: Engine, root: string, shape: Shape): { notes: string[]; testComplete: boolean } {
  for (const [rel, text] of Object.entries(shape.files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  const read = (rel: string) => (fs.existsSync(path.join(root, rel)) ? fs.readFileSync(path.join(root, rel), 'utf8') : undefined);
  const source = shape.notebook ? { cells: cells(shape.notebook) } : { modulePath: shape.module!.path, moduleText: read(shape.module!.path)! };
  const target = resolveServeTarget(source, shape.module?.functionName, engine, read);
  assert.ok(!('refused' in target), `${shape.id}: ${'refused' in target ? target.refused : ''}`);
  const plan = planServe({ ...target, examples: { ...target.examples, ...shape.module?.examples }, statements: (s) => engine.statements(s), read, projectName: shape.id });
  assert.ok(!('refused' in plan), `${shape.id}: ${'refused' in plan ? plan.refused : ''}`);
  for (const [rel, text] of applyOps(plan.ops, read)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return plan;
}

/** Run the generated tests; the JUnit report says how many ran and how they ended. */
function pytest(root: string): { tests: number; failures: number; errors: number; skipped: number; output: string } {
  const report = path.join(root, 'pytest.xml');
  let output = '';
  try {
    output = execFileSync(oraclePython(), ['-m', 'pytest', '-p', 'no:cacheprovider', `--junitxml=${report}`, 'tests/test_app.py'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    output = `${(error as { stdout?: string }).stdout}\n${(error as { stderr?: string }).stderr}`;
  }
  const suite = /<testsuite\b[^>]*>/.exec(fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '')?.[0] ?? '';
  const count = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? NaN);
  return { tests: count('tests'), failures: count('failures'), errors: count('errors'), skipped: count('skipped'), output };
}

interface Call { endpoint: string; body: unknown; env?: Record<string, string> }

/** The app's answers to requests, in one interpreter: app.main is (re)loaded with each call's environment. */
function post(root: string, calls: Call[]): { status: number; body: Record<string, unknown> }[] {
  const script = `import importlib, json, os, sys
from fastapi.testclient import TestClient
out = []
for call in json.loads(sys.argv[1]):
    os.environ.update(call.get("env", {}))
    main = importlib.reload(sys.modules["app.main"]) if "app.main" in sys.modules else importlib.import_module("app.main")
    r = TestClient(main.app).post(call["endpoint"], json=call["body"])
    out.append({"status": r.status_code, "body": r.json()})
    for key in call.get("env", {}):
        del os.environ[key]
print(json.dumps(out))`;
  const out = execFileSync(oraclePython(), ['-c', script, JSON.stringify(calls)], {
    cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONPATH: ['src', '.'].map((p) => path.join(root, p)).join(path.delimiter) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** The folder digest the app documents: sha256 over each file's relative path, a NUL and its bytes, in path order. */
function folderDigest(folder: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else files.push(path.relative(folder, path.join(dir, e.name)).split(path.sep).join('/'));
    }
  };
  walk(folder);
  const h = createHash('sha256');
  for (const f of files.sort()) h.update(Buffer.concat([Buffer.from(`${f}\0`), fs.readFileSync(path.join(folder, f))]));
  return h.digest('hex').slice(0, 12);
}

describe('serve a function: the generated app under pytest', () => {
  let base: string;
  let engine: Engine;
  before(async () => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-serve-')));
    engine = await getEngine();
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  for (const shape of SHAPES) {
    it(`${shape.id}: the generated tests pass and the endpoint answers with the versions`, () => {
      const root = path.join(base, shape.id);
      const plan = serve(engine, root, shape);
      assert.equal(plan.testComplete, true, 'the call or the given examples provide every required argument');
      const run = pytest(root);
      // /health, the answer with the versions, the refusal of a request without its arguments.
      assert.deepEqual([run.tests, run.failures, run.errors, run.skipped], [3, 0, 0, 0], run.output);
    });
  }

  it('the LLM answer carries the stated model id and the hashes of prompts/ and configs/, and the environment overrides them', () => {
    const root = path.join(base, 'llm');
    const question = { question: 'Can I pay by invoice?' };
    const [{ status, body }, pinned] = post(root, [
      { endpoint: '/answer', body: question },
      { endpoint: '/answer', body: question, env: { MODEL_VERSION: 'gpt-4o-mini-2024-07-18', CONFIG_VERSION: 'release-7' } },
    ]);
    assert.equal(status, 200);
    assert.match(String(body.result), /^\[gpt-4o-mini\] Can I pay by invoice: see article [0-9a-f]{8}$/);
    assert.deepEqual([body.model_version, body.prompt_version, body.config_version, body.code_version],
      ['gpt-4o-mini', folderDigest(path.join(root, 'prompts')), folderDigest(path.join(root, 'configs')), 'unversioned']);
    assert.deepEqual([pinned.body.model_version, pinned.body.config_version], ['gpt-4o-mini-2024-07-18', 'release-7']);
  });

  it('a DataFrame travels as records both ways (`copy`, a pydantic attribute name, as a JSON key); a request that cannot become one is refused', () => {
    const root = path.join(base, 'dataframe');
    const [ok, refused] = post(root, [
      { endpoint: '/add_share', body: { frame: [{ month: '2024-03-01', customers: 1 }, { month: '2024-04-01', customers: 3 }], copy: false } },
      { endpoint: '/add_share', body: { frame: 'not records' } },
    ]);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.result, [{ month: '2024-03-01T00:00:00.000', customers: 1, share: 0.25 }, { month: '2024-04-01T00:00:00.000', customers: 3, share: 0.75 }]);
    assert.equal(refused.status, 422);
  });

  it('a call that takes longer than the timeout answers 504', () => {
    const root = path.join(base, 'timeout');
    serve(engine, root, {
      id: 'timeout',
      files: { 'pyproject.toml': '[project]\nname = "slow"\ndependencies = []\n', 'src/slow/__init__.py': '', 'src/slow/wait.py': 'import time\n\n\ndef wait(seconds: float) -> float:\n    time.sleep(seconds)\n    return seconds\n' },
      module: { path: 'src/slow/wait.py', functionName: 'wait', examples: { seconds: '0.0' } },
    });
    const answers = post(root, [
      { endpoint: '/wait', body: { seconds: 0.01 }, env: { NB2PROD_TIMEOUT_SECONDS: '5' } },
      { endpoint: '/wait', body: { seconds: 2 }, env: { NB2PROD_TIMEOUT_SECONDS: '0.2' } },
    ]);
    assert.deepEqual(answers.map((a) => a.status), [200, 504]);
  });
});
