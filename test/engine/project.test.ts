// The project model and the NB3xx/NB4xx rules on fixture projects written to a
// temporary folder: each rule positive and negative.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import { findProjectRoot } from '../../server/src/engine/projectConfig';
import { code, getEngine, notebook } from '../helpers/engine';
import { writeProject } from '../helpers/project';

// NB301, NB302 and NB304 are opt in: these tests name them, as a team that turns them on does.
const PROJECT_RULES = mergeConfig({ select: ['NB3', 'NB4', 'NB301', 'NB302', 'NB304', 'NB402', 'NB403'] });

async function project(files: Record<string, string>) {
  const root = writeProject(files);
  const engine = await getEngine();
  const model = buildProjectModel(root, (s) => engine.summarize(s));
  const fileFindings = analyzeProjectFiles(model, PROJECT_RULES);
  const codes = (file: string) => (fileFindings.find((f) => f.file === file)?.findings ?? []).map((f) => `${f.code}:${f.range.start.line + 1}`);
  const cells = async (...sources: string[]) => (await engine.analyze(notebook(...sources.map((s) => code(s))), PROJECT_RULES, model)).map((f) => `${f.code}:${f.cell + 1}`);
  return { root, model, codes, cells };
}

describe('NB301/NB302 tests for src/ modules', () => {
  it('finds modules in a src layout and the tests that import them, under any alias', async () => {
    const p = await project({
      'pyproject.toml': '[project]\nname = "churn"\ndependencies = ["pandas==2.2.0"]\n',
      'src/churn/__init__.py': '',
      'src/churn/features.py': 'def build(x):\n    return x\n\ndef _private():\n    pass\n\nclass Scaler:\n    pass\n',
      'src/churn/untested.py': 'def lonely():\n    return 1\n',
      'tests/test_features.py': 'import churn.features as f\n\ndef test_build():\n    assert f.build(1) == 1\n',
    });
    assert.deepEqual(p.model.modules.map((m) => m.module).sort(), ['churn', 'churn.features', 'churn.untested']);
    assert.deepEqual(p.codes('src/churn/features.py'), ['NB301:7'], 'Scaler is never named by the test; build is');
    assert.deepEqual(p.codes('src/churn/untested.py'), ['NB302:1', 'NB301:1']);
    assert.deepEqual(p.codes('src/churn/__init__.py'), []);
  });

  it('handles namespace packages and flat layouts', async () => {
    const p = await project({
      'requirements.txt': 'numpy==2.0.0\n',
      'src/pkg/mod.py': 'def f():\n    pass\n',
      'flat/__init__.py': 'def g():\n    pass\n',
      'tests/test_all.py': 'from pkg.mod import f\nfrom flat import g\nf(); g()\n',
    });
    assert.deepEqual(p.model.modules.map((m) => m.module).sort(), ['flat', 'pkg.mod']);
    assert.deepEqual([p.codes('src/pkg/mod.py'), p.codes('flat/__init__.py')], [[], []]);
    assert.ok(p.model.localModules.has('pkg') && p.model.localModules.has('flat'));
  });

  it('reports functions defined in notebook cells', async () => {
    const p = await project({ 'requirements.txt': 'x==1\n', 'tests/test_a.py': '' });
    assert.deepEqual(await p.cells('def helper(x):\n    return x\n\ndef _private():\n    pass'), ['NB301:1']);
  });
});

describe('NB303 no-test-suite and NB403 missing-production-brief', () => {
  // NB403 asks for the brief where the project ships (here a Dockerfile); notebooks and requirements alone show nothing (test/engine/ships.test.ts).
  const SHIPS = { Dockerfile: 'FROM python:3.12-slim\nCMD ["python", "-m", "churn"]\n' };

  it('stand on the first dependency file, once', async () => {
    const p = await project({ 'requirements.txt': 'pandas==2.2.0\n', ...SHIPS });
    assert.deepEqual(p.codes('requirements.txt'), ['NB303:1', 'NB403:1']);
    assert.deepEqual((await project({ 'requirements.txt': 'pandas==2.2.0\n' })).codes('requirements.txt'), ['NB303:1']);
    assert.deepEqual(await p.cells('x = 1'), []);
  });

  it('NB403 is opt in (under 95 % on unseen repositories): off unless selected', async () => {
    const p = await project({ 'requirements.txt': 'pandas==2.2.0\n', ...SHIPS });
    const byDefault = analyzeProjectFiles(p.model, mergeConfig({})).flatMap((f) => f.findings.map((x) => x.code));
    assert.deepEqual(byDefault, ['NB303']);
  });

  it('stand on the first code cell of notebooks when there is no dependency file', async () => {
    const p = await project({ 'setup.cfg': '', ...SHIPS });
    assert.deepEqual(await p.cells('', 'x = 1', 'y = 2'), ['NB303:2', 'NB403:2']);
  });

  it('count a module of test functions not named for pytest (problem_unittests.py, tests.py), not latest.py', async () => {
    const p = await project({ 'requirements.txt': 'pandas==2.2.0\n', 'project-1/problem_unittests.py': 'def test_create_lookup_tables(f):\n    assert f(["a"])\n', 'PRODUCTION_BRIEF.md': '# Brief\n' });
    assert.deepEqual(p.codes('requirements.txt'), []);
    const q = await project({ 'requirements.txt': 'pandas==2.2.0\n', 'latest.py': 'x = 1\n', 'PRODUCTION_BRIEF.md': '# Brief\n' });
    assert.deepEqual(q.codes('requirements.txt'), ['NB303:1']);
  });

  it('NB403 is silent for a library whose notebooks are all its examples or tutorials, not for a project with notebooks/', async () => {
    const library = await project({ ...SHIPS, 'pyproject.toml': '[project]\nname = "reco"\ndependencies = ["pandas==2.2.0"]\n', 'reco/__init__.py': '', 'reco/models.py': 'def fit(x):\n    return x\n', 'tests/test_models.py': 'def test(): pass\n', 'examples/quick_start.ipynb': '{}', 'tutorials/deep_dive.ipynb': '{}' });
    assert.deepEqual(library.codes('pyproject.toml'), []);
    const product = await project({ ...SHIPS, 'pyproject.toml': '[project]\nname = "churn"\ndependencies = ["pandas==2.2.0"]\n', 'churn/__init__.py': '', 'churn/features.py': 'def build(x):\n    return x\n', 'tests/test_features.py': 'def test(): pass\n', 'notebooks/train.ipynb': '{}' });
    assert.deepEqual(product.codes('pyproject.toml'), ['NB403:1']);
  });

  it('are silent once tests and the brief exist', async () => {
    const p = await project({ 'requirements.txt': 'pandas==2.2.0\n', 'tests/test_x.py': 'def test(): pass\n', 'PRODUCTION_BRIEF.md': '# Brief\n' });
    assert.deepEqual(p.codes('requirements.txt'), []);
  });
});

describe('NB304 model-without-evals', () => {
  const calls = ['model.fit(X, y)', 'clf.predict_proba(X)', 'gen = pipeline("text-generation")', 'client.chat.completions.create(model=m, messages=[])', 'client.messages.create(model=m)', 'model.generate_content("hi")', 'chain.invoke({"q": 1})'];

  it('reports model calls when evals/ has no cases', async () => {
    const p = await project({ 'requirements.txt': 'x==1\n', 'tests/test_a.py': '', 'PRODUCTION_BRIEF.md': '' });
    // Once per notebook, on the first call, the other cells related.
    const engine = await getEngine();
    const found = (await engine.analyze(notebook(...calls.map((c) => code(c))), mergeConfig({ select: ['NB304'] }), p.model));
    assert.deepEqual(found.map((f) => `${f.code}:${f.cell + 1}`), ['NB304:1']);
    assert.deepEqual(found[0].related.map((r) => r.cell + 1), [2, 3, 4, 5, 6, 7]);
    for (const c of calls) assert.deepEqual(await p.cells(c), ['NB304:1'], c);
    assert.deepEqual(await p.cells('df.predictions = 1\n# model.fit(X)\nfit(X)'), []);
  });

  it('counts cases in jsonl, json, yaml and csv files', async () => {
    const p = await project({
      'evals/a.jsonl': '{"id": 1}\n{"id": 2}\n\n',
      'evals/b.json': '[{"id": 3}]',
      'evals/c.yaml': '- id: 4\n  input: x\n- id: 5\n',
      'evals/d.csv': 'id,input\n6,x\n',
    });
    assert.equal(p.model.evalCases, 6);
    assert.deepEqual((await p.cells(...calls)).filter((c) => c.startsWith('NB304')), []);
  });
});

describe('NB401 unpinned-dependency', () => {
  it('reports requirements without an exact pin, on their line (a conda python=3.11 picks the interpreter: pinned enough)', async () => {
    const p = await project({
      'requirements.txt': '# data\npandas>=2\nnumpy==1.26.4\nscikit-learn~=1.5\n-r more.txt\nrequests==2.*\n',
      'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n  "polars",\n  "pyarrow==16.1.0",\n]\n[project.optional-dependencies]\ndev = ["pytest>=8"]\n',
      'environment.yml': 'name: x\ndependencies:\n  - python=3.11\n  - xgboost=2.0.3\n  - lightgbm\n  - pip:\n    - shap==0.45.0\n',
    });
    assert.deepEqual(p.codes('requirements.txt').filter((c) => c.startsWith('NB401')), ['NB401:2', 'NB401:4', 'NB401:6']);
    assert.deepEqual(p.codes('pyproject.toml').filter((c) => c.startsWith('NB401')), ['NB401:4', 'NB401:8']);
    assert.deepEqual(p.codes('environment.yml').filter((c) => c.startsWith('NB401')), ['NB401:5']);
  });

  it('leaves a conda environment\'s installer and file tools unpinned: pip, git, git-lfs run no notebook code (holdout8B labels)', async () => {
    const p = await project({
      'environment.yml': 'name: book\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.9\n  - pip\n  - git-lfs\n  - pandas\n  - pip:\n    - transformers==4.16.2\n',
    });
    assert.deepEqual(p.codes('environment.yml').filter((c) => c.startsWith('NB401')), ['NB401:8']);
  });

  it('takes a conda export line `name=version=build` as the exact pin it is, and still reports `name=1.17` (holdout21 labels)', async () => {
    const p = await project({
      'environment.yml': 'name: allen\nchannels:\n  - conda-forge\ndependencies:\n  - libiconv=1.17=h166bdaf_0\n  - r-xfun=0.37=r42h38f115c_0\n  - icu=68.1\n  - zlib=1.2.*=h166bdaf_5\n',
    });
    assert.deepEqual(p.codes('environment.yml').filter((c) => c.startsWith('NB401')), ['NB401:7', 'NB401:8']);
  });

  it('skips a line whose marker holds only on Pythons past their end of life, not one that holds today', async () => {
    const p = await project({
      'requirements.txt': 'connexion >= 2.6.0; python_version>="3.6"\nconnexion <= 2.3.0; python_version=="3.5" or python_version=="3.4"\nwerkzeug == 2.2.3; python_version=="3.5"\nenum34; python_version < "3.4"\ntomli; python_version < "3.11"\n',
    });
    // Line 1 holds on every current Python; line 5 on 3.9 and 3.10.
    assert.deepEqual(p.codes('requirements.txt').filter((c) => c.startsWith('NB401')), ['NB401:1', 'NB401:5']);
  });

  it('skips shell commands pasted into a requirements file (`pip install boto3`): they name no requirement pip can read', async () => {
    const p = await project({ 'requirements.txt': 'pip install arize-phoenix\npython -m pip install opentelemetry-sdk --upgrade\nboto3>=1.34\n' });
    assert.deepEqual(p.codes('requirements.txt').filter((c) => c.startsWith('NB401')), ['NB401:3']);
  });

  it('is silent with a lock file or hashed requirements', async () => {
    const variants: Record<string, string>[] = [{ 'requirements.txt': 'pandas>=2\n', 'uv.lock': 'version = 1\n' }, { 'requirements.txt': 'pandas==2.2.0 --hash=sha256:abc\nnumpy>=1 --hash=sha256:def\n' }];
    for (const files of variants) {
      const p = await project(files);
      assert.deepEqual(p.codes('requirements.txt').filter((c) => c.startsWith('NB401')), []);
    }
  });

  it('is silent for a uv workspace member: the workspace root\'s uv.lock pins it, not for an excluded folder (holdout8A labels)', async () => {
    const root = writeProject({
      'pyproject.toml': '[project]\nname = "tracer"\ndependencies = ["tracer-client"]\n[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/vendored"]\n[tool.uv.sources]\ntracer-client = { workspace = true }\n',
      'uv.lock': 'version = 1\n',
      'packages/client/pyproject.toml': '[project]\nname = "tracer-client"\ndependencies = [\n  "httpx>=0.27",\n  "typing-extensions",\n]\n',
      'packages/vendored/pyproject.toml': '[project]\nname = "vendored-ext"\ndependencies = ["cffi>=1.15"]\n',
    });
    const engine = await getEngine();
    const unpinned = (rel: string) => {
      const model = buildProjectModel(path.join(root, rel), (s) => engine.summarize(s));
      return analyzeProjectFiles(model, PROJECT_RULES).flatMap((f) => f.findings.filter((x) => x.code === 'NB401').map((x) => `${f.file}:${x.range.start.line + 1}`));
    };
    assert.deepEqual(unpinned('packages/client'), []);
    assert.deepEqual(unpinned('packages/vendored'), ['pyproject.toml:3'], 'excluded from the workspace: its own ranges, no lock');
    // Without the lock the member's ranges are open again.
    const unlocked = writeProject({ 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n', 'packages/client/pyproject.toml': '[project]\nname = "c"\ndependencies = ["httpx>=0.27"]\n' });
    const model = buildProjectModel(path.join(unlocked, 'packages/client'), (s) => engine.summarize(s));
    assert.equal(analyzeProjectFiles(model, PROJECT_RULES).flatMap((f) => f.findings).filter((x) => x.code === 'NB401').length, 1);
  });

  it('NB303 is silent for a uv workspace member that a test in the workspace root\'s tests/ imports (holdout13: graphrag packages)', async () => {
    const files = {
      'pyproject.toml': '[project]\nname = "graph"\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      'packages/graph-cache/pyproject.toml': '[project]\nname = "graph-cache"\ndependencies = ["diskcache==5.6.3"]\n',
      'packages/graph-cache/graph_cache/__init__.py': 'def get(key):\n    return None\n',
      'packages/graph-cache/notebooks/demo.ipynb': '{}',
      'packages/graph-llm/pyproject.toml': '[project]\nname = "graph-llm"\ndependencies = ["openai==1.40.0"]\n',
      'packages/graph-llm/graph_llm/__init__.py': 'def ask(q):\n    return q\n',
      'packages/graph-llm/notebooks/demo.ipynb': '{}',
      'tests/unit/cache/test_cache.py': 'from graph_cache import get\n\ndef test_get():\n    assert get("k") is None\n',
    };
    const engine = await getEngine();
    const noTests = (root: string, rel: string) => {
      const model = buildProjectModel(path.join(root, rel), (s) => engine.summarize(s));
      return analyzeProjectFiles(model, PROJECT_RULES).flatMap((f) => f.findings.filter((x) => x.code === 'NB303').map(() => f.file));
    };
    const root = writeProject(files);
    assert.deepEqual(noTests(root, 'packages/graph-cache'), []);
    // The member no root test imports still has no tests.
    assert.deepEqual(noTests(root, 'packages/graph-llm'), ['pyproject.toml']);
    // Not a member of the workspace: the root's tests are another project's.
    const outside = writeProject({ ...files, 'pyproject.toml': '[project]\nname = "graph"\n[tool.uv.workspace]\nmembers = ["libs/*"]\n' });
    assert.deepEqual(noTests(outside, 'packages/graph-cache'), ['pyproject.toml']);
  });

  it('NB303 is silent on a workspace root\'s docs notebooks when a member has tests (holdout20: a library\'s docs/tutorials)', async () => {
    const files: Record<string, string> = {
      'pyproject.toml': '[tool.uv.workspace]\nmembers = ["core", "forecast"]\n\n[tool.ruff]\nline-length = 119\n',
      'core/pyproject.toml': '[project]\nname = "acme.core"\ndependencies = ["numpy==2.0.0"]\n',
      'core/src/acme/core/__init__.py': 'def scale(x):\n    return x\n',
      'forecast/pyproject.toml': '[project]\nname = "acme.forecast"\ndependencies = ["pandas==2.2.0"]\n',
      'forecast/src/acme/forecast/__init__.py': 'def fit(df):\n    return df\n',
      'forecast/tests/unittests/test_fit.py': 'from acme.forecast import fit\n\ndef test_fit():\n    assert fit(1) == 1\n',
      'docs/requirements_doc.txt': 'sphinx\nmyst_nb\nfuro\n',
      'docs/tutorials/forecast/quickstart.ipynb': '{}',
    };
    const engine = await getEngine();
    const noTests = async (root: string) => {
      const model = buildProjectModel(root, (s) => engine.summarize(s));
      return (await engine.analyze(notebook(code('from acme.forecast import fit\nfit(df)')), PROJECT_RULES, model)).filter((f) => f.code === 'NB303').length;
    };
    assert.equal(await noTests(writeProject(files)), 0);
    // No member has a test: the workspace is untested, NB303 stays.
    const { 'forecast/tests/unittests/test_fit.py': _test, ...untested } = files;
    assert.equal(await noTests(writeProject(untested)), 1);
    // A tested folder the workspace does not list is another project's.
    assert.equal(await noTests(writeProject({ ...files, 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["core"]\n' })), 1);
  });

  it('is silent for a package a Poetry monorepo installs by path: the root\'s poetry.lock pins it (holdout10: trulens src/benchmark)', async () => {
    const member = '[tool.poetry]\nname = "tracer-benchmark"\n\n[tool.poetry.dependencies]\npython = "^3.10"\ntracer-core = { version = "^2.0.0" }\n';
    const files = {
      'pyproject.toml': '[tool.poetry]\nname = "tracer"\n\n[tool.poetry.group.dev.dependencies]\ntracer-benchmark = { path = "src/benchmark", develop = true }\n',
      'poetry.lock': '# This file is automatically @generated by Poetry\n',
      'src/benchmark/pyproject.toml': member,
      'src/other/pyproject.toml': member.replace('tracer-benchmark', 'tracer-other'),
    };
    const engine = await getEngine();
    const unpinned = (root: string, rel: string) => {
      const model = buildProjectModel(path.join(root, rel), (s) => engine.summarize(s));
      return analyzeProjectFiles(model, PROJECT_RULES).flatMap((f) => f.findings.filter((x) => x.code === 'NB401').map((x) => `${f.file}:${x.range.start.line + 1}`));
    };
    const root = writeProject(files);
    assert.deepEqual(unpinned(root, 'src/benchmark'), []);
    assert.deepEqual(unpinned(root, 'src/other'), ['pyproject.toml:6'], 'not installed by the root: its own ranges');
    const { 'poetry.lock': _lock, ...unlocked } = files;
    assert.deepEqual(unpinned(writeProject(unlocked), 'src/benchmark'), ['pyproject.toml:6'], 'no lock, nothing pinned');
  });

  it('reads Poetry versions: exact versions are pins, carets are not', async () => {
    const p = await project({ 'pyproject.toml': '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.11"\npandas = "^2.0"\nnumpy = "1.26.4"\ntorch = { version = ">=2", source = "pt" }\n' });
    assert.deepEqual(p.codes('pyproject.toml').filter((c) => c.startsWith('NB401')), ['NB401:6', 'NB401:8']);
  });
});

describe('NB402 undeclared-dependency', () => {
  it('reports third-party imports no file declares, mapping import names to distributions', async () => {
    const p = await project({ 'requirements.txt': 'scikit-learn==1.5.2\nPillow==10.0.0\ngoogle-cloud-storage==2.0\n', 'src/mypkg/util.py': '', 'helpers.py': '' });
    const findings = await p.cells(
      'import os, sys, json\nfrom collections import Counter\nimport sklearn\nfrom PIL import Image\nfrom google.cloud import storage',
      'import mypkg.util\nimport helpers\nfrom . import sibling\nfrom IPython.display import display',
      'import pandas as pd\nimport pandas.io\nfrom yaml import safe_load',
    );
    assert.deepEqual(findings, ['NB402:3', 'NB402:3'], 'pandas and pyyaml, once each');
    const engine = await getEngine();
    const [f] = await engine.analyze(notebook(code('import sklearn\nimport cv2')), mergeConfig({ select: ['NB402'] }), p.model);
    assert.equal(f.data?.distribution, 'opencv-python');
    assert.match(f.message, /`opencv-python`/);
  });

  it('reports undeclared imports in src/ modules too', async () => {
    const p = await project({ 'requirements.txt': 'pandas==2.2.0\n', 'src/a/b.py': 'import pandas\nimport torch\n', 'tests/test_b.py': 'import a.b\n' });
    assert.deepEqual(p.codes('src/a/b.py').filter((c) => c.startsWith('NB402')), ['NB402:2']);
  });
});

describe('project roots and the scan', () => {
  it('finds the project root by its markers and skips environments, caches and nested projects', async () => {
    const p = await project({
      'requirements.txt': 'x==1\n',
      'notebooks/deep/a.ipynb': '{}',
      '.venv/pyvenv.cfg': '',
      '.venv/lib/site.py': 'import undeclared_thing\n',
      'node_modules/x/y.py': '',
      'other/pyproject.toml': '[project]\nname = "other"\n',
      'other/src/o.py': '',
    });
    assert.equal(findProjectRoot(path.join(p.root, 'notebooks', 'deep')), p.root);
    assert.deepEqual(p.model.files.filter((f) => f.endsWith('.py')), []);
    assert.deepEqual(p.model.notebooks, ['notebooks/deep/a.ipynb']);
  });
});

describe('NB301, NB302, NB304 and NB402 are opt in', () => {
  it('says nothing of untested code or missing evals by default, and reports them once selected', async () => {
    const root = writeProject({ 'requirements.txt': 'scikit-learn==1.5.0\n', 'src/features.py': 'def scale(x):\n    return x / 2\n', 'tests/test_other.py': 'def test_nothing():\n    assert True\n' });
    const engine = await getEngine();
    const model = buildProjectModel(root, (s) => engine.summarize(s));
    const nb = notebook(code('from sklearn.linear_model import LogisticRegression\nimport torch\nmodel = LogisticRegression().fit(X, y)'), code('def clean(df):\n    return df.dropna()'));
    const codesOf = async (config: ReturnType<typeof mergeConfig>) => [
      ...analyzeProjectFiles(model, config).flatMap((f) => f.findings.map((x) => x.code)),
      ...(await engine.analyze(nb, config, model)).map((f) => f.code),
    ].filter((c) => ['NB301', 'NB302', 'NB304', 'NB402'].includes(c));
    assert.deepEqual(await codesOf(mergeConfig()), []);
    assert.deepEqual([...new Set(await codesOf(PROJECT_RULES))].sort(), ['NB301', 'NB302', 'NB304', 'NB402']);
  });
});
