// The false findings that were left on the second holdout: imports a declared
// package brings with it (NB402), a stdlib backport in requirements (NB401), a
// backend package below the app that already gets NB403, and a demo's two-line
// persona taken for a prompt template (NB506). Fixture code is written for these tests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { requirementName } from '../../server/src/engine/fixes/declareDependency';
import { CURRENT_DATA_DISTRIBUTIONS, RENAMED_DISTRIBUTIONS, STDLIB_BACKPORTS } from '../../server/src/engine/knowledge/backports';
import { HARD_REQUIREMENTS, withRequirements } from '../../server/src/engine/knowledge/requirements';
import { isStdlib } from '../../server/src/engine/knowledge/distributions';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import * as path from 'node:path';
import { code, findingsOf, getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

async function check(files: Record<string, string>, cells: string[], options: { path?: string; select: string[]; root?: string }) {
  const engine = await getEngine();
  const written = writeProject(files);
  const model = buildProjectModel(path.join(written, options.root ?? ''), (s) => engine.summarize(s));
  const config = mergeConfig({ select: options.select });
  const inCells = (await engine.analyze({ cells: cells.map((c) => code(c)), path: options.path }, config, model)).map((f) => `${f.code}:${f.cell + 1}:${f.message.match(/`([^`]+)`/)?.[1] ?? ''}`);
  const inFiles = analyzeProjectFiles(model, config).flatMap(({ file, findings }) => findings.map((f) => ({ where: `${f.code}:${file}:${f.range.start.line + 1}`, message: f.message })));
  return { inCells, inFiles, model };
}

describe('knowledge/requirements HARD_REQUIREMENTS', () => {
  for (const [name, { requires, source, earlier }] of Object.entries(HARD_REQUIREMENTS)) {
    it(`${name}: its requirements come with it, named as pip names them, from a named release`, () => {
      assert.equal(requirementName(name), name, 'the key is a PEP 503 name');
      for (const s of [source, ...(earlier ? [earlier.source] : [])]) assert.match(s, new RegExp(`^${name.replace(/[.]/g, '\\.')} \\d`), 'the source names the release read');
      assert.ok(requires.length > 0);
      const installed = withRequirements([name]);
      for (const r of [...requires, ...(earlier?.requires ?? [])]) {
        assert.equal(requirementName(r), r, `${r} is a PEP 503 name`);
        assert.ok(installed.has(r), `${name} brings ${r}`);
      }
      assert.ok(!installed.has('left-pad'));
    });
  }

  it('follows requirements of requirements: jupyter brings requests (notebook → jupyterlab-server) and beautifulsoup4 (nbconvert)', () => {
    const installed = withRequirements(['Jupyter']);
    assert.ok(installed.has('requests'));
    assert.ok(installed.has('beautifulsoup4'));
    assert.ok(!withRequirements(['pandas']).has('requests'));
  });
});

describe('NB402: what a declared package installs with itself is declared', () => {
  it('requests and bs4 with jupyter declared; langchain_core, langgraph_sdk, aiosqlite and psycopg_pool with the langgraph family', async () => {
    const analysis = [
      'import requests\nfrom bs4 import BeautifulSoup\nimport anthropic',
      'page = requests.get("https://example.org/report", timeout=10)\nsoup = BeautifulSoup(page.text, "html.parser")',
    ];
    const notebookProject = await check({ 'pyproject.toml': '[project]\nname = "cookbook"\ndependencies = ["anthropic>=0.39.0", "jupyter>=1.1.1"]\n', 'misc/scrape.ipynb': '{}' }, analysis, { path: 'misc/scrape.ipynb', select: ['NB402'] });
    assert.deepEqual(notebookProject.inCells, []);

    const backend = {
      'pyproject.toml': '[project]\nname = "support-agent"\ndependencies = ["langgraph>=0.3.21", "langgraph-checkpoint-postgres>=2.0.15", "langgraph-checkpoint-sqlite>=2.0.5"]\n',
      'agent/__init__.py': '',
      'agent/server.py': 'import aiosqlite\nfrom langchain_core.messages import HumanMessage\nfrom langgraph_sdk.schema import Thread\nfrom psycopg_pool import AsyncConnectionPool\n\n\ndef start(url):\n    return AsyncConnectionPool(url), HumanMessage(content="hi"), Thread, aiosqlite\n',
    };
    assert.deepEqual((await check(backend, [], { select: ['NB402'] })).inFiles, []);
  });

  it('llama_index.core, nest_asyncio and requests with `pip install llama-index` in the notebook', async () => {
    const cells = ['%pip install llama-index llama-index-llms-anthropic', 'import nest_asyncio\nimport requests\nfrom llama_index.core import VectorStoreIndex\nnest_asyncio.apply()'];
    assert.deepEqual((await check({ 'requirements.txt': 'anthropic==0.39.0\n', 'rag.ipynb': '{}' }, cells, { path: 'rag.ipynb', select: ['NB402'] })).inCells, []);
    // llama-index 0.10 (still pinned by notebooks) brought pandas through its core.
    const pinned = ['%pip install -qU llama-index==0.10.23', 'import pandas as pd\nfrom llama_index.core import Document\ndocs = [Document(text=t) for t in pd.read_csv("faq.csv")["answer"]]'];
    assert.deepEqual((await check({ 'requirements.txt': 'anthropic==0.39.0\n', 'rag.ipynb': '{}' }, pinned, { path: 'rag.ipynb', select: ['NB402'] })).inCells, []);
  });

  it('a notebook folder inside a package\'s repository imports that package as its own code', async () => {
    const repo = {
      'setup.py': 'from setuptools import setup, find_packages\nsetup(name="coursekit", packages=find_packages())\n',
      'coursekit/__init__.py': '',
      'coursekit/checks.py': 'def bind(scope):\n    return scope\n',
      'helpers/__init__.py': '',
      'notebooks/requirements.txt': 'nbformat==5.10.4\npandas==2.2.0\n',
      'notebooks/lesson1.ipynb': '{}',
    };
    const cells = ['from coursekit.checks import bind\nfrom helpers import grade\nimport pandas as pd\nimport torch', 'bind(globals())'];
    const found = await check(repo, cells, { root: 'notebooks', path: 'lesson1.ipynb', select: ['NB402'] });
    assert.deepEqual(found.inCells, ['NB402:1:torch']);
  });

  it('still reports what no declared package brings', async () => {
    const cells = ['import requests\nimport torch\nimport langchain_core', 'x = torch.zeros(3)'];
    const found = await check({ 'requirements.txt': 'pandas==2.2.0\njupyter==1.1.1\n', 'train.ipynb': '{}' }, cells, { path: 'train.ipynb', select: ['NB402'] });
    assert.deepEqual(found.inCells, ['NB402:1:torch', 'NB402:1:langchain_core']);
  });
});

describe('knowledge/backports STDLIB_BACKPORTS', () => {
  for (const [name, { module, since }] of Object.entries(STDLIB_BACKPORTS)) {
    it(`${name}: backports ${module}, which the standard library has`, () => {
      assert.equal(requirementName(name), name);
      assert.ok(isStdlib(module), `${module} is in the standard library`);
      assert.match(since, /^3\.\d+$/);
    });
  }
});

describe('NB401: a stdlib backport in requirements is to be removed, not pinned', () => {
  it('says "remove it" for asyncio, and "pin it" for the others', async () => {
    const found = await check({ 'requirements.txt': 'google-genai>=1.0\nasyncio\nenum34>=1.1\n', 'a.ipynb': '{}' }, [], { select: ['NB401'] });
    const messages = found.inFiles.map((f) => `${f.where} ${f.message}`);
    assert.equal(messages.length, 3);
    assert.match(messages[0], /^NB401:requirements\.txt:1 .*Pin it/);
    assert.match(messages[1], /^NB401:requirements\.txt:2 `asyncio` is an obsolete PyPI backport of the standard library's `asyncio` \(in Python since 3\.4\).* Remove it\.$/);
    assert.doesNotMatch(messages[1], /Pin it/);
    assert.match(messages[2], /`enum34>=1\.1` is an obsolete PyPI backport of the standard library's `enum`/);
  });
});

describe('knowledge/backports RENAMED_DISTRIBUTIONS and CURRENT_DATA_DISTRIBUTIONS', () => {
  for (const [alias, { real }] of Object.entries(RENAMED_DISTRIBUTIONS)) {
    it(`${alias}: an alias of ${real}`, () => {
      assert.equal(requirementName(alias), alias);
      assert.notEqual(requirementName(real), alias);
    });
  }
  for (const name of CURRENT_DATA_DISTRIBUTIONS) it(`${name}: a PEP 503 name`, () => assert.equal(requirementName(name), name));
});

// holdout19: a course's requirements.txt lists `sklearn` (PyPI's deprecated alias: the advice is the real name, not a pin)
// and `tzdata>=2024.1` (time-zone rules are data to keep current: a floor is right).
describe('NB401: a deprecated alias is to be renamed; a floor on current data is right (holdout19)', () => {
  it('says to write scikit-learn for sklearn, and is silent on tzdata>=', async () => {
    const found = await check({ 'requirements.txt': 'pandas\nsklearn\ntzdata>=2024.1\ncertifi>=2024.2.2\n', 'a.ipynb': '{}' }, [], { select: ['NB401'] });
    const messages = found.inFiles.map((f) => `${f.where} ${f.message}`);
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0], /^NB401:requirements\.txt:1 .*Pin it/);
    assert.match(messages[1], /^NB401:requirements\.txt:2 `sklearn` is PyPI's deprecated alias of `scikit-learn`.* Write `scikit-learn` pinned/);
    assert.doesNotMatch(messages[1], /Pin it \(==\) or add a lock file/);
  });

  it('still reports tzdata without a floor, and a floor on other packages', async () => {
    const found = await check({ 'requirements.txt': 'tzdata\nnumpy>=1.26\n', 'a.ipynb': '{}' }, [], { select: ['NB401'] });
    assert.equal(found.inFiles.length, 2);
  });
});

// holdout20: a sample's requirements.txt writes `sagemaker>=2.0.0<3.0.0` (no comma: pip rejects the line) and `bs4`
// (the empty dummy of beautifulsoup4): neither is "not pinned" advice.
describe('NB401: version clauses without a comma, and the bs4 dummy (holdout20)', () => {
  it('says the line is invalid and gives the comma, for clauses run together or spaced', async () => {
    const found = await check({ 'requirements.txt': 'boto3==1.34.0\nsagemaker>=2.0.0<3.0.0\nnumpy >=1.24 <2.0\npandas>=2.0,<3\nscipy>=1.10\n', 'a.ipynb': '{}' }, [], { select: ['NB401'] });
    const messages = found.inFiles.map((f) => `${f.where} ${f.message}`);
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.match(messages[0], /^NB401:requirements\.txt:2 `sagemaker>=2\.0\.0<3\.0\.0` is not a valid pip requirement: .*Write `sagemaker>=2\.0\.0,<3\.0\.0`\.$/);
    assert.match(messages[1], /^NB401:requirements\.txt:3 .*not a valid pip requirement.*Write `numpy>=1\.24,<2\.0`\.$/);
    // A range written with its comma, and a floor, are valid and loose: pin them.
    assert.match(messages[2], /^NB401:requirements\.txt:4 `pandas>=2\.0,<3` is not pinned/);
    assert.match(messages[3], /^NB401:requirements\.txt:5 `scipy>=1\.10` is not pinned/);
  });

  it('says to write beautifulsoup4 for bs4, and pin it', async () => {
    const found = await check({ 'requirements.txt': 'bs4\nbeautifulsoup4\n', 'a.ipynb': '{}' }, [], { select: ['NB401'] });
    const messages = found.inFiles.map((f) => `${f.where} ${f.message}`);
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0], /^NB401:requirements\.txt:1 `bs4` is PyPI's dummy name for `beautifulsoup4`.* Write `beautifulsoup4` pinned to one version \(==\)\.$/);
    assert.match(messages[1], /^NB401:requirements\.txt:2 `beautifulsoup4` is not pinned/);
  });
});

describe('NB401: a conda export that names the example\'s own package folder (holdout11)', () => {
  it('is silent for `api` and `api[views]` next to an `api/` package, and reports PyPI names', async () => {
    const found = await check({
      'environment.yml': 'name: demo\ndependencies:\n  - python=3.9.7\n  - pip:\n      - flask==2.0.1\n      - api\n      - api[views]\n      - gunicorn\n',
      // A folder of notebooks and scripts named like a package is not that package: keras is still to pin.
      'requirements.txt': 'flask==2.0.1\nkeras>=2.2\n',
      'keras/text/train_lstm.py': 'import keras\n',
      'api/__init__.py': '',
      'api/views.py': 'def index():\n    return "ok"\n',
      'app.py': 'from api.views import index\n',
      'a.ipynb': '{}',
    }, [], { select: ['NB401'] });
    assert.deepEqual(found.inFiles.map((f) => f.where), ['NB401:environment.yml:8', 'NB401:requirements.txt:2']);
  });
});

describe('NB401: the project named in its own dependency group', () => {
  it('is silent for `shopkit[all]` in shopkit\'s dev group (installed from source) and reports the others', async () => {
    const found = await check({
      'pyproject.toml': '[project]\nname = "Shop_Kit"\ndependencies = ["httpx"]\n[dependency-groups]\ndev = ["shop-kit[all,docs]", "pytest"]\n',
      'a.ipynb': '{}',
    }, [], { select: ['NB401'] });
    assert.deepEqual(found.inFiles.map((f) => f.where), ['NB401:pyproject.toml:3', 'NB401:pyproject.toml:5']);
    assert.ok(found.inFiles.every((f) => !f.message.includes('shop-kit')));
  });
});

describe('NB403: one brief per app, not one per part of it', () => {
  // Each part ships (NB403 asks for a brief only then): the app a container, the backend its API, the worker its process.
  const app = {
    '.git/HEAD': 'ref: refs/heads/main\n',
    'apps/concierge/pyproject.toml': '[project]\nname = "travel-concierge"\ndependencies = ["click>=8.1"]\n',
    'apps/concierge/Dockerfile': 'FROM python:3.12-slim\nCMD ["concierge"]\n',
    'apps/concierge/patterns/router.ipynb': '{}',
    'apps/concierge/services/backend/pyproject.toml': '[project]\nname = "travel-concierge-backend"\ndependencies = ["fastapi>=0.115", "langgraph>=0.3"]\n',
    'apps/concierge/services/backend/api.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
    'apps/concierge/services/backend/notebooks/try_agent.ipynb': '{}',
    'apps/concierge/services/worker/pyproject.toml': '[project]\nname = "queue-worker"\ndependencies = ["celery>=5"]\n',
    'apps/concierge/services/worker/Procfile': 'worker: celery -A tasks worker\n',
  };

  it('the app gets NB403; its backend, named after it, does not', async () => {
    const outer = await check(app, [], { root: 'apps/concierge', select: ['NB403'] });
    assert.deepEqual(outer.inFiles.map((f) => f.where), ['NB403:pyproject.toml:1']);
    const backend = await check(app, [], { root: 'apps/concierge/services/backend', select: ['NB403'] });
    assert.deepEqual(backend.inFiles, []);
    assert.ok(backend.model.partOfApp?.endsWith(path.join('apps', 'concierge')));
  });

  it('a part the app lists as a uv workspace member is one too', async () => {
    const files = { ...app, 'apps/concierge/pyproject.toml': '[project]\nname = "travel-concierge"\ndependencies = ["click>=8.1"]\n[tool.uv.workspace]\nmembers = ["services/*"]\n' };
    assert.deepEqual((await check(files, [], { root: 'apps/concierge/services/worker', select: ['NB403'] })).inFiles, []);
  });

  it('a project of its own below another one (another name, not a workspace member) still gets NB403', async () => {
    const own = await check(app, [], { root: 'apps/concierge/services/worker', select: ['NB403'] });
    assert.deepEqual(own.inFiles.map((f) => f.where), ['NB403:pyproject.toml:1']);
    // An agent that ships a container, in a cookbook repository with a pyproject.toml at its root.
    const files = { '.git/HEAD': '', 'pyproject.toml': '[project]\nname = "cookbook"\ndependencies = ["anthropic"]\n', 'sdk_agent/pyproject.toml': '[project]\nname = "sdk-agent"\ndependencies = ["claude-agent-sdk"]\n' };
    const agent = await check({ ...files, 'sdk_agent/Dockerfile': 'FROM python:3.12-slim\nCMD ["python", "-m", "agent"]\n' }, [], { root: 'sdk_agent', select: ['NB403'] });
    assert.deepEqual(agent.inFiles.map((f) => f.where), ['NB403:pyproject.toml:1']);
    // Without it the folder shows nothing that ships: a tutorial as likely as a product, no NB403.
    assert.deepEqual((await check(files, [], { root: 'sdk_agent', select: ['NB403'] })).inFiles, []);
  });
});

describe('NB303: an example\'s test.py with pytest tests is its test suite', () => {
  it('counts a plain test.py that defines test functions, not a scratch test.py', async () => {
    const app = { 'requirements.txt': 'lancedb==0.8.0\n', 'main.py': 'def recommend(user):\n    return []\n', 'app.ipynb': '{}' };
    const tested = await check({ ...app, 'test.py': 'import main\n\n\ndef test_main():\n    assert main.recommend(1) == []\n' }, [], { path: 'app.ipynb', select: ['NB303'] });
    assert.deepEqual(tested.inFiles, []);
    const scratch = await check({ ...app, 'test.py': 'import main\nprint(main.recommend(1))\n' }, [], { path: 'app.ipynb', select: ['NB303'] });
    assert.deepEqual(scratch.inFiles.map((f) => f.where), ['NB303:requirements.txt:1']);
  });

  it('counts a module of test functions in a `test_…/` folder that the homework imports; a helper there with none is no test (holdout10)', async () => {
    const homework = { 'requirements.txt': 'torch==2.4.0\n', 'homework.ipynb': '{}' };
    const tests = 'import torch\n\n\ndef test_is_done_is_used(agent, compute_td_loss):\n    assert compute_td_loss(agent) is not None\n';
    const tested = await check({ ...homework, 'test_td_loss/compute_td_loss.py': tests }, [], { path: 'homework.ipynb', select: ['NB303'] });
    assert.deepEqual(tested.inFiles, []);
    const helper = await check({ ...homework, 'test_td_loss/compute_td_loss.py': 'def td_loss(agent):\n    return 0\n' }, [], { path: 'homework.ipynb', select: ['NB303'] });
    assert.deepEqual(helper.inFiles.map((f) => f.where), ['NB303:requirements.txt:1']);
  });
});

describe('NB403: a tooling folder is not a product', () => {
  it('is silent for a CI folder that runs the notebooks (`.cloud-build/requirements.txt`)', async () => {
    // The harness's own environment also installs what the notebooks import (a runner alone makes no project).
    const files = { '.cloud-build/requirements.txt': 'papermill==2.6.0\nnbconvert==7.16.0\ngoogle-cloud-aiplatform==1.60.0\n', '.cloud-build/Dockerfile': 'FROM python:3.12\nCMD ["python", "run_notebooks.py"]\n', '.cloud-build/tests/smoke.ipynb': '{}' };
    assert.deepEqual((await check(files, [], { root: '.cloud-build', select: ['NB403'] })).inFiles, []);
    assert.deepEqual((await check(files, [], { root: '.cloud-build', select: ['NB303'] })).inFiles.map((f) => f.where), ['NB303:requirements.txt:1']);
  });
});

describe('NB506: a demo\'s two-line persona is not a prompt template', () => {
  it('is silent for a short system instruction on two lines', async () => {
    const cells = [
      'from google import genai\nfrom google.genai import types',
      'system_instruction = """\n  You are a friendly travel phrasebook.\n  Your job is to turn English sentences into Italian.\n"""\nprompt = """\n  User input: Where is the station?\n  Answer:\n"""',
    ];
    assert.deepEqual(await findingsOf('NB506', cells), []);
  });

  it('still reports a short template with placeholders on several lines, and a long system prompt', async () => {
    const template = 'qa_template = """Use only the context.\nContext: {context}\nQuestion: {question}\nAnswer:"""';
    assert.equal((await findingsOf('NB506', ['from openai import OpenAI', template])).length, 1);
    const system = 'system_instruction = """You are a claims assistant for an insurance team.\nRead the claim, list the missing documents, and answer in three short bullet points\nwithout legal advice."""';
    assert.equal((await findingsOf('NB506', ['from google import genai', system])).length, 1);
  });
});
