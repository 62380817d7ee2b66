// The project rules on patterns seen in real notebooks (cloud samples, cookbooks,
// courses): each test is a false positive that was fixed, or the grouping that keeps
// one fact one finding. Fixture code is written for the test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { buildProjectModel } from '../../server/src/engine/project/model';
import type { CellInput, Finding } from '../../server/src/engine/types';
import { code, getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

async function run(files: Record<string, string>, cells: (string | CellInput)[], options: { path?: string; metadata?: Record<string, unknown>; select?: string[] } = {}): Promise<Finding[]> {
  const engine = await getEngine();
  const model = buildProjectModel(writeProject(files), (s) => engine.summarize(s));
  const input = { cells: cells.map((c) => (typeof c === 'string' ? code(c) : c)), path: options.path, metadata: options.metadata };
  return engine.analyze(input, mergeConfig({ select: options.select ?? ['NB3', 'NB4'] }), model);
}

const at = (f: Finding) => `${f.code}:${f.cell + 1}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
const REQ = { 'requirements.txt': 'pandas==2.2.0\n' };

describe('project rules speak only in a project', () => {
  it('a folder of loose notebooks gets no project findings', async () => {
    const found = await run({ 'other.ipynb': '{}' }, ['import torch\ndef helper(x):\n    return x', 'model.fit(X, y)']);
    assert.deepEqual(found.map(at), []);
  });

  it('a setup.py that packages nothing (an environment script) is not a project', async () => {
    const found = await run({ 'setup.py': 'import os\nIS_COLAB = "google.colab" in os.environ\n' }, ['import torch', 'model.fit(X, y)']);
    assert.deepEqual(found.map(at), []);
  });

  it('a setup.cfg, setup.py or requirements file at the root makes a project', async () => {
    for (const files of [{ 'setup.cfg': '' }, { 'setup.py': 'from setuptools import setup\nsetup(name="x")\n' }, REQ, { 'requirements-dev.txt': 'pytest\n' }] as Record<string, string>[]) {
      const found = await run(files, ['import torch'], { select: ['NB402'] });
      assert.deepEqual(found.map((f) => f.code), ['NB402'], Object.keys(files)[0]);
    }
  });
});

describe('NB402 reads what the notebook declares itself', () => {
  const imports = 'import torch\nimport transformers';

  it('%pip and !pip installs, quoted specs, options and continuation lines', async () => {
    for (const install of ['%pip install -q torch "transformers>=4.40"', '!pip install --upgrade --quiet torch transformers', '!pip install -qU \\\n    torch \\\n    transformers==4.41.0', '!{sys.executable} -m pip install torch transformers', '!pip install torch && pip install transformers', '!uv pip install torch transformers']) {
      assert.deepEqual((await run(REQ, [install, `import pandas\n${imports}`], { select: ['NB402'] })).map(at), [], install);
    }
  });

  it('a requirements file the notebook installs from, or writes with %%writefile', async () => {
    const written = await run(REQ, ['%%writefile requirements-nb.txt\ntorch==2.3.0\n', '!pip install -r requirements-nb.txt', `import pandas\n${imports}`], { select: ['NB402'] });
    assert.deepEqual(written.map((f) => f.message.match(/`(\w+)`/)?.[1]), ['transformers']);
    const onDisk = await run({ ...REQ, 'nb/requirements.txt': 'torch\ntransformers\n' }, ['%pip install -r requirements.txt', `import pandas\n${imports}`], { path: 'nb/a.ipynb', select: ['NB402'] });
    assert.deepEqual(onDisk.map(at), []);
    const elsewhere = await run(REQ, ['!pip install -r ../../requirements-gpu.txt', imports], { select: ['NB402'] });
    assert.deepEqual(elsewhere.map(at), [], 'a file we cannot read counts as declaring everything');
  });

  it('an install from git or a wheel declares its project name', async () => {
    const found = await run(REQ, ['!pip install git+https://github.com/example/torch.git@main ./wheels/transformers-4.0.0-py3-none-any.whl', `import pandas\n${imports}`], { select: ['NB402'] });
    assert.deepEqual(found.map(at), []);
  });
});

describe('NB402 knows what the runtime provides and what is local', () => {
  it('Colab, Kaggle and Databricks modules, and IPython', async () => {
    const found = await run(REQ, ['import pandas\nfrom google.colab import auth\nfrom kaggle_secrets import UserSecretsClient\nfrom IPython.display import display\nimport dbutils'], { select: ['NB402'] });
    assert.deepEqual(found.map(at), []);
  });

  it('pyspark on a Spark kernel, not on a plain Python kernel', async () => {
    const cells = ['import pandas\nfrom pyspark.sql import functions as F'];
    assert.deepEqual((await run(REQ, cells, { select: ['NB402'], metadata: { kernelspec: { name: 'pysparkkernel', display_name: 'PySpark', language: 'python' } } })).map(at), []);
    assert.deepEqual((await run(REQ, cells, { select: ['NB402'], metadata: { kernelspec: { name: 'python3', language: 'python' } } })).map(at), ['NB402:1:2:6']);
  });

  it('modules the notebook writes, folders it puts on sys.path, packages beside it', async () => {
    const files = { ...REQ, 'nb/a.ipynb': '{}', 'lib/tools.py': '', 'nb/shared/__init__.py': '', 'nb/helpers/plots.py': '' };
    const cells = ['%%writefile trainer_task.py\nprint(1)', 'import sys\nsys.path.append("../lib")', 'import pandas\nimport trainer_task\nimport tools\nimport shared\nfrom helpers import plots'];
    assert.deepEqual((await run(files, cells, { path: 'nb/a.ipynb', select: ['NB402'] })).map(at), []);
  });

  it('a sys.path folder it cannot see silences the rule for that notebook', async () => {
    const found = await run(REQ, ['import sys, os\nsys.path.insert(0, os.path.join(os.getcwd(), "code"))', 'import pandas\nimport mystery_helpers'], { select: ['NB402'] });
    assert.deepEqual(found.map(at), []);
  });

  it('imports in try/except ImportError are optional (no NB402, no NB108)', async () => {
    const found = await run(REQ, ['import pandas', 'try:\n    import ujson as json\nexcept ImportError:\n    import json\ntry:\n    from rich import print\nexcept ModuleNotFoundError:\n    pass'], { select: ['NB402', 'NB108'] });
    assert.deepEqual(found.map(at), []);
  });
});

describe('NB402 is one finding per fact', () => {
  it('once per package and notebook, the other imports related; the name squiggled, not the statement', async () => {
    const found = await run(REQ, ['import pandas\nfrom transformers import (\n    AutoTokenizer,\n    AutoModel,\n)', 'import scipy as sp, transformers'], { select: ['NB402'] });
    assert.deepEqual(found.map(at), ['NB402:1:2:6', 'NB402:2:1:8']);
    assert.equal(found[0].range.end.character - found[0].range.start.character, 'transformers'.length);
    assert.deepEqual(found[0].related.map((r) => `${r.cell + 1}:${r.range.start.line + 1}:${r.range.start.character + 1}`), ['2:1:21']);
  });

  it('without any dependency file: one finding listing the packages, with the notebook\'s installs for the fix', async () => {
    const found = await run({ 'setup.cfg': '' }, ['!pip install -q "torch==2.3.0"', 'import torch\nimport sklearn\nimport numpy', 'import sklearn.metrics'], { select: ['NB402'] });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /2 packages that nothing declares.*`scikit-learn`, `numpy`/);
    assert.deepEqual(found[0].data?.requirements.split('\n'), ['torch==2.3.0', 'scikit-learn', 'numpy']);
  });

  it('a dependency file that declares none of the notebook\'s packages (a tooling environment) counts as none: one finding', async () => {
    const found = await run({ 'requirements.txt': 'black==24.1.0\nruff==0.4.0\n' }, ['import numpy\nimport boto3', 'import matplotlib.pyplot as plt'], { select: ['NB402'] });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /requirements\.txt declares none of them/);
  });

  it('only the dependency files at the root or above the notebook are its own', async () => {
    const files = { 'environment.yml': 'dependencies:\n  - pandas=2.2.0\n', 'other_example/code/requirements.txt': 'torch==2.3.0\n' };
    const found = await run(files, ['import pandas\nimport torch'], { path: 'example/a.ipynb', select: ['NB402'] });
    assert.deepEqual(found.map((f) => f.message.match(/^`(\w+)` is imported, but (\S+)/)?.slice(1)), [['torch', 'environment.yml']]);
  });

  it('an unknown module of a namespace package gets no distribution, never `google`', async () => {
    const [f] = await run(REQ, ['import pandas\nfrom google.cloud import brandnewservice'], { select: ['NB402'] });
    assert.equal(f.data?.distribution, undefined);
    assert.doesNotMatch(f.message, /`google`/);
    const [g] = await run(REQ, ['import pandas\nfrom google.cloud import storage, bigquery'], { select: ['NB402'] });
    assert.equal(g.data?.distribution, 'google-cloud-storage');
  });
});

describe('NB304 once per notebook, for models', () => {
  const project = { ...REQ, 'tests/test_a.py': '' };

  it('not a pipeline decorator, not a script written by %%writefile, not a fitted scaler, encoder or vectorizer', async () => {
    const cells = [
      '@dsl.pipeline(name="train")\ndef pipeline(project: str):\n    pass',
      '%%writefile trainer/task.py\nmodel.fit(X, y)',
      'scaler = StandardScaler()\nscaler.fit(X)\nStandardScaler(with_mean=False).fit(X)\nle.fit(y)\nvectorizer = TfidfVectorizer()\nvectorizer.fit(texts)\nenc = preprocessing.OneHotEncoder()\nenc.fit(X)',
    ];
    assert.deepEqual((await run(project, cells, { select: ['NB304'] })).map(at), []);
    const found = await run(project, [...cells, 'clf = LogisticRegression()\nclf.fit(X, y)', 'preds = clf.predict(X)'], { select: ['NB304'] });
    assert.deepEqual(found.map(at), ['NB304:4:2:5']);
    assert.match(found[0].message, /in 2 cells/);
  });
});

describe('NB303/NB403 stand on real code', () => {
  it('not on a licence comment or a pip cell', async () => {
    // The project ships (a Procfile), so NB403 speaks.
    const found = await run({ 'setup.cfg': '', Procfile: 'web: python serve.py\n' }, ['# Copyright 2024 Example LLC\n#\n# Licensed under the Apache License', '%pip install -q pandas', '\n# load\nimport pandas as pd'], { select: ['NB303', 'NB403'] });
    assert.deepEqual(found.map(at), ['NB303:3:3:1', 'NB403:3:3:1']);
  });
});

describe('NB301 once per notebook, where there is a home for the code', () => {
  const cells = ['def load(path):\n    return path', 'def plot(df):\n    pass\ndef _private():\n    pass\ndef plot(df, ax):\n    pass'];

  it('silent in a project without a package or tests (a tutorial\'s helpers)', async () => {
    assert.deepEqual((await run(REQ, cells, { select: ['NB301'] })).map(at), []);
  });

  it('silent when the only tests belong to another example\'s folder', async () => {
    const found = await run({ ...REQ, 'other_example/tests/test_x.py': '', 'this_example/a.ipynb': '{}' }, cells, { path: 'this_example/a.ipynb', select: ['NB301'] });
    assert.deepEqual(found.map(at), []);
  });

  it('one finding listing the functions when the project has tests or src/', async () => {
    for (const files of [{ ...REQ, 'tests/test_x.py': '' }, { ...REQ, 'src/pkg/__init__.py': '' }] as Record<string, string>[]) {
      const found = await run(files, cells, { select: ['NB301'] });
      assert.deepEqual(found.map(at), ['NB301:1:1:5']);
      assert.match(found[0].message, /2 functions.*`load`, `plot`/);
      assert.deepEqual(found[0].related.map((r) => r.cell + 1), [2]);
    }
  });
});
