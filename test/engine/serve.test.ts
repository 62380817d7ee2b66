// Planning "Serve a function" (engine/export/serve.ts): what crosses JSON and what is
// refused, where the dependencies go, which files it will and will not overwrite,
// the examples it takes from the notebook's call, and the readiness items the
// written app turns done.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Engine } from '../../server/src/engine/analyze';
import { mergeConfig } from '../../server/src/engine/config';
import { APP_FILE, applyOps, notebookServables, planServe, resolveServeTarget, type ServePlan, type ServeResult } from '../../server/src/engine/export/serve';
import { writtenByUs } from '../../server/src/engine/export/serveTemplates';
import { parseSignature } from '../../server/src/engine/export/serveSignature';
import { projectReadiness } from '../../server/src/engine/projectReadiness';
import { code, getEngine } from '../helpers/engine';

let engine: Engine;
before(async () => {
  engine = await getEngine();
});

const MODULE = 'src/shop/pricing.py';

function plan(moduleText: string, functionName: string, files: Record<string, string> = {}, examples?: Record<string, string>): ServeResult {
  const read = (rel: string) => (rel === MODULE ? moduleText : files[rel]);
  return planServe({ modulePath: MODULE, moduleText, functionName, statements: (s) => engine.statements(s), read, examples, projectName: 'shop' });
}

function planned(result: ServeResult): ServePlan {
  assert.ok(!('refused' in result), 'refused' in result ? result.refused : '');
  return result;
}

function written(result: ServeResult, files: Record<string, string> = {}): Map<string, string> {
  return applyOps(planned(result).ops, (rel) => files[rel]);
}

describe('function signatures', () => {
  it('reads names, annotations, defaults and the return type, with decorators, comments and nested brackets', () => {
    const sig = parseSignature('@cache\nasync def score(rows: dict[str, list[int]], *, scale: float = 1.0,  # why\n    tags: tuple = ("a", "b,c"), **extra) -> dict[str, float]:\n    pass\n');
    assert.deepEqual(sig, {
      name: 'score', isAsync: true, returns: 'dict[str, float]',
      params: [
        { name: 'rows', annotation: 'dict[str, list[int]]', defaultSource: undefined, variadic: undefined },
        { name: 'scale', annotation: 'float', defaultSource: '1.0', variadic: undefined },
        { name: 'tags', annotation: 'tuple', defaultSource: '("a", "b,c")', variadic: undefined },
        { name: 'extra', annotation: undefined, defaultSource: undefined, variadic: true },
      ],
    });
    assert.equal(parseSignature('class Model:\n    pass\n'), undefined);
  });
});

describe('serve a function: the request and response models', () => {
  it('JSON types go as they are, with literal defaults in the request model', () => {
    const app = written(plan('def price(amount: float, currency: str = "EUR", tags: list[str] | None = None) -> dict[str, float]:\n    return {currency: amount}\n', 'price')).get(APP_FILE)!;
    assert.match(app, /^class PriceRequest\(BaseModel\):[\s\S]*?^    amount: float\n    currency: str = "EUR"\n    tags: list\[str\] \| None = None$/m);
    assert.match(app, /^    result: dict\[str, float\]$/m);
    assert.match(app, /^from shop\.pricing import price$/m);
  });

  it('a DataFrame comes and goes as records, an array as a list; a default that is not a literal stays the function\'s', () => {
    const moduleText = 'import numpy as np\nimport pandas as pd\n\n\ndef enrich(frame: pd.DataFrame, weights: np.ndarray, rng=np.random.default_rng(0)) -> pd.DataFrame:\n    return frame\n';
    const result = planned(plan(moduleText, 'enrich'));
    const app = written(result).get(APP_FILE)!;
    assert.match(app, /^    frame: List\[Dict\[str, Any\]\]\n    weights: List\[Any\]\n    rng: Optional\[Any\] = None  # left out: the function's own default$/m);
    assert.match(app, /kwargs\["frame"\] = pandas\.DataFrame\.from_records\(kwargs\["frame"\]\)/);
    assert.match(app, /kwargs\["weights"\] = numpy\.asarray\(kwargs\["weights"\]\)/);
    assert.match(app, /^    result: List\[Dict\[str, Any\]\]$/m);
    assert.ok(result.notes.some((n) => /`rng` is optional: left out, the function's default \(np\.random\.default_rng\(0\)\) applies/.test(n)));
    assert.ok(result.notes.some((n) => /`frame` \(DataFrame\) comes as a list of records/.test(n)));
  });

  it('refuses a required argument or a result that cannot cross JSON, and says why', () => {
    const estimator = plan('from sklearn.linear_model import LogisticRegression\n\n\ndef fit(model: LogisticRegression, rows: list) -> float:\n    return 0.0\n', 'fit');
    assert.match('refused' in estimator ? estimator.refused : '', /parameter `model: LogisticRegression` cannot come in a JSON request; give it a default/);
    const returnsModel = plan('from sklearn.linear_model import LogisticRegression\n\n\ndef train(rows: list) -> LogisticRegression:\n    return LogisticRegression()\n', 'train');
    assert.match('refused' in returnsModel ? returnsModel.refused : '', /returns `LogisticRegression`, which cannot cross JSON/);
  });

  it('names a field that would shadow a pydantic attribute apart, keeping the parameter\'s name as its JSON key', () => {
    const app = written(plan('def render(schema: dict, json: str = "{}") -> str:\n    return json\n', 'render')).get(APP_FILE)!;
    assert.match(app, /^from pydantic import BaseModel, ConfigDict, Field$/m);
    assert.match(app, /^    schema_: dict = Field\(alias="schema"\)\n    json_: str = Field\("\{\}", alias="json"\)$/m);
    assert.match(app, /request\.model_dump\(exclude_unset=True, by_alias=True\)/);
  });

  it('leaves out an argument it cannot take from JSON when the function has a default for it', () => {
    const result = planned(plan('from openai import OpenAI\n\nCLIENT = OpenAI()\n\n\ndef ask(question: str, client: OpenAI = CLIENT) -> str:\n    return question\n', 'ask'));
    const app = written(result).get(APP_FILE)!;
    assert.doesNotMatch(app, /^    client:/m);
    assert.ok(result.notes.some((n) => /`client: OpenAI` cannot come in JSON: the function's default is used/.test(n)));
  });

  it('unannotated arguments and results are accepted as any JSON value, and the notes say so', () => {
    const result = planned(plan('def score(x, y=2):\n    return x * y\n', 'score'));
    const app = written(result).get(APP_FILE)!;
    assert.match(app, /^    x: Any\n    y: Any = 2$/m);
    assert.match(app, /^    result: Any$/m);
    assert.ok(result.notes.some((n) => /`x` has no annotation/.test(n)));
  });

  it('states the model id the module gives as the default model version', () => {
    const app = written(plan('MODEL = "claude-3-5-sonnet-20241022"\n\n\ndef ask(question: str, model: str = MODEL) -> str:\n    return question\n', 'ask')).get(APP_FILE)!;
    assert.match(app, /"model_version": os\.environ\.get\("MODEL_VERSION"\) or "claude-3-5-sonnet-20241022",/);
    const plain = written(plan('def add(a: int, b: int) -> int:\n    return a + b\n', 'add')).get(APP_FILE)!;
    assert.match(plain, /"model_version": os\.environ\.get\("MODEL_VERSION"\) or \(_digest\("models"\)/);
  });

  it('imports a function whose name the app uses itself under another name', () => {
    const app = written(plan('def health(x: int) -> int:\n    return x\n', 'health')).get(APP_FILE)!;
    assert.match(app, /^from shop\.pricing import health as served_health$/m);
    assert.match(app, /asyncio\.to_thread\(served_health, \*\*kwargs\)/);
  });
});

describe('serve a function: files', () => {
  const fn = 'def add(a: int, b: int) -> int:\n    return a + b\n';

  it('never overwrites an app or a test nb2prod did not write, or one edited since', () => {
    const ours = written(plan(fn, 'add'));
    assert.ok(writtenByUs(ours.get(APP_FILE)!) && writtenByUs(ours.get('tests/test_app.py')!));
    const mine = plan(fn, 'add', { [APP_FILE]: 'from fastapi import FastAPI\napp = FastAPI()\n' });
    assert.match('refused' in mine ? mine.refused : '', /app\/main\.py exists and nb2prod did not write it/);
    const edited = plan(fn, 'add', { 'tests/test_app.py': `${ours.get('tests/test_app.py')!}\n\ndef test_mine():\n    pass\n` });
    assert.match('refused' in edited ? edited.refused : '', /tests\/test_app\.py exists and nb2prod did not write it \(or it was edited since\)/);
    assert.ok(!('refused' in plan(fn, 'add', { [APP_FILE]: ours.get(APP_FILE)!, 'tests/test_app.py': ours.get('tests/test_app.py')! })));
  });

  it('declares fastapi and uvicorn in pyproject.toml dependencies and lets pytest import src/ and app/', () => {
    const files = { 'pyproject.toml': '[project]\nname = "shop"\ndependencies = ["pandas==2.2.2"]\n' };
    assert.equal(written(plan(fn, 'add', files), files).get('pyproject.toml'),
      '[project]\nname = "shop"\ndependencies = ["pandas==2.2.2", "fastapi>=0.100", "pydantic>=2", "uvicorn>=0.20", "httpx>=0.24"]\n\n[tool.pytest.ini_options]\npythonpath = ["src", "."]\n');
  });

  it('uses requirements.txt when the project has one, and keeps an existing pytest section', () => {
    const files = { 'requirements.txt': 'pandas==2.2.2\nfastapi==0.115.0\n', 'pyproject.toml': '[tool.pytest.ini_options]\naddopts = "-q"\n' };
    const out = written(plan(fn, 'add', files), files);
    assert.equal(out.get('requirements.txt'), 'pandas==2.2.2\nfastapi==0.115.0\npydantic>=2\nuvicorn>=0.20\nhttpx>=0.24\n');
    assert.equal(out.get('pyproject.toml'), '[tool.pytest.ini_options]\npythonpath = ["src", "."]\naddopts = "-q"\n');
  });

  it('writes the version variables to .env.example once', () => {
    const files = { '.env.example': 'OPENAI_API_KEY=\nMODEL_VERSION=\n' };
    assert.equal(written(plan(fn, 'add', files), files).get('.env.example'), 'OPENAI_API_KEY=\nMODEL_VERSION=\nPROMPT_VERSION=\nCONFIG_VERSION=\nNB2PROD_TIMEOUT_SECONDS=\n');
  });

  it('without examples, the test asks for one and fails until it is written', () => {
    const result = planned(plan(fn, 'add'));
    assert.equal(result.testComplete, false);
    assert.match(written(result).get('tests/test_app.py')!, /^EXAMPLE = None$[\s\S]*pytest\.fail\("write an EXAMPLE request/m);
    assert.match(written(plan(fn, 'add', {}, { a: '1', b: '2' })).get('tests/test_app.py')!, /^EXAMPLE = \{"a": 1, "b": 2\}$/m);
  });
});

describe('serve a function: from the notebook', () => {
  const files: Record<string, string> = { [MODULE]: 'def discount(price: float, rate: float = 0.1) -> float:\n    return price * (1 - rate)\n\n\ndef _helper():\n    pass\n' };
  const read = (rel: string) => files[rel];

  it('finds the project function a notebook imports and calls, with literal arguments as examples', () => {
    const cells = [code('from shop.pricing import discount'), code('base = 120.0'), code('final = discount(base, rate=0.25)\nfinal')];
    assert.deepEqual(notebookServables(cells, (s) => engine.statements(s), (s) => engine.summarize(s), read),
      [{ functionName: 'discount', modulePath: MODULE, cell: 2, examples: { price: '120.0', rate: '0.25' } }]);
  });

  it('takes no example from a value the notebook computes', () => {
    const cells = [code('from shop.pricing import discount\nimport random'), code('base = random.random()'), code('discount(base)')];
    assert.deepEqual(notebookServables(cells, (s) => engine.statements(s), (s) => engine.summarize(s), read)[0].examples, {});
  });

  it('says why when the notebook calls nothing of the project, and lists the candidates of a module', () => {
    const none = resolveServeTarget({ cells: [code('import math\nmath.sqrt(2)')] }, undefined, engine, read);
    assert.match('refused' in none ? none.refused : '', /calls no function of a project module/);
    const wrong = resolveServeTarget({ modulePath: MODULE, moduleText: files[MODULE] }, 'nope', engine, read);
    assert.deepEqual('refused' in wrong ? wrong.candidates : undefined, ['discount']);
  });
});

describe('serve a function: readiness', () => {
  it('the written app makes serving and logging done, and gives packaging its run command and configuration', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-serve-readiness-')));
    try {
      const moduleText = 'import pandas as pd\n\n\ndef load_orders(path: str) -> pd.DataFrame:\n    return pd.read_csv(path)\n';
      const initial: Record<string, string> = { 'pyproject.toml': '[project]\nname = "shop"\ndependencies = ["pandas==2.2.2"]\n', [MODULE]: moduleText, 'src/shop/__init__.py': '', 'uv.lock': 'version = 1\n' };
      for (const [rel, text] of Object.entries(initial)) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      }
      const status = () => Object.fromEntries(projectReadiness(engine, root, mergeConfig()).items.filter((i) => ['serving', 'packaging', 'logging'].includes(i.id)).map((i) => [i.id, i.status]));
      assert.deepEqual(status(), { serving: 'missing', packaging: 'partial', logging: 'missing' });
      const read = (rel: string) => (fs.existsSync(path.join(root, rel)) ? fs.readFileSync(path.join(root, rel), 'utf8') : undefined);
      for (const [rel, text] of written(planServe({ modulePath: MODULE, moduleText, functionName: 'load_orders', statements: (s) => engine.statements(s), read, projectName: 'shop' }), initial)) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      }
      const items = projectReadiness(engine, root, mergeConfig()).items;
      assert.deepEqual(status(), { serving: 'done', packaging: 'done', logging: 'done' });
      assert.match(items.find((i) => i.id === 'packaging')!.reason, /Configuration: environment template \(\.env\.example\)[\s\S]*Run with: server started by `python -m` \(app\/main\.py\)/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
