// What a project is, which scripts are library code, and which environment declares
// what: false positives of NB301-NB304, NB402 and NB403 seen in cloud ML samples
// (job scripts in src/, MLflow model folders, Docker build contexts, environments
// written by the notebook). Fixture code is written for these tests.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { ENTRY_POINT_FUNCTIONS, PIPELINE_DECORATORS, SCORING_PAIRS, decoratorsByFunction, isEntryPoint } from '../../server/src/engine/knowledge/entryPoints';
import { INSTALLED_WITH, isDeclared } from '../../server/src/engine/knowledge/distributions';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import type { CellInput } from '../../server/src/engine/types';
import { code, findingsOf, getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

async function check(files: Record<string, string>, cells: (string | CellInput)[], options: { path?: string; select?: string[] } = {}) {
  const engine = await getEngine();
  const model = buildProjectModel(writeProject(files), (s) => engine.summarize(s));
  const select = options.select ?? ['NB3', 'NB4'];
  const input = { cells: cells.map((c) => (typeof c === 'string' ? code(c) : c)), path: options.path };
  const inCells = (await engine.analyze(input, mergeConfig({ select }), model)).map((f) => `${f.code}:${f.cell + 1}`);
  const inFiles = analyzeProjectFiles(model, mergeConfig({ select })).flatMap(({ file, findings }) => findings.map((f) => `${f.code}:${file}:${f.range.start.line + 1}`));
  return { inCells, inFiles, model };
}

const TRAIN_SCRIPT = 'import argparse\nimport pandas as pd\nparser = argparse.ArgumentParser()\nparser.add_argument("--data")\nargs = parser.parse_args()\ndf = pd.read_csv(args.data)\nprint(df.head())\n';

describe('a project is a root with a dependency or package file', () => {
  it('a notebook with job scripts in src/ and nothing else is not a project: no finding at all', async () => {
    const found = await check({ 'submit.ipynb': '{}', 'src/train.py': TRAIN_SCRIPT, 'src/score.py': 'import numpy\ndef helper(x):\n    return x\n' }, ['from azure.ai.ml import command\ndef build():\n    pass', 'model.fit(X, y)'], { path: 'submit.ipynb' });
    assert.deepEqual(found.inCells, []);
    assert.deepEqual(found.inFiles, []);
  });

  it('an MLflow model folder or a Docker build context below the root is not the project\'s home', async () => {
    const files = {
      'setup.cfg': '',
      // The project ships (NB403 speaks only then); the Docker build context below is an environment's, no evidence.
      Procfile: 'web: python serve.py\n',
      'deploy.ipynb': '{}',
      'model/MLmodel': 'flavors:\n  python_function: {}\n',
      'model/requirements.txt': 'mlflow\nscikit-learn\n',
      'environment/Dockerfile': 'FROM python:3.11\n',
      'environment/requirements.txt': 'torch\n',
    };
    const found = await check(files, ['import pandas as pd\ndf = pd.DataFrame()'], { path: 'deploy.ipynb', select: ['NB303', 'NB401', 'NB403'] });
    // NB303/NB403 stand on the notebook (the root has no dependency file), never on the artifact's file.
    assert.deepEqual(found.inCells, ['NB303:1', 'NB403:1']);
    assert.deepEqual(found.inFiles, []);
    assert.deepEqual(found.model.environmentFiles, ['environment/requirements.txt', 'model/requirements.txt']);
  });

  it('a requirements file of another example below the root is not the home either', async () => {
    const found = await check({ 'setup.cfg': '', Procfile: 'web: python serve.py\n', 'a.ipynb': '{}', 'agents/modernizer/requirements.txt': 'openai==1.0.0\n' }, ['import os\nprint(os.getcwd())'], { path: 'a.ipynb', select: ['NB303', 'NB403'] });
    assert.deepEqual(found.inFiles, []);
    assert.deepEqual(found.inCells, ['NB303:1', 'NB403:1']);
  });

  it('a requirements file at the root is the home: once there, not on the notebook', async () => {
    const found = await check({ 'requirements.txt': 'pandas==2.2.0\n', Procfile: 'web: python serve.py\n', 'a.ipynb': '{}' }, ['import pandas'], { path: 'a.ipynb', select: ['NB303', 'NB403'] });
    assert.deepEqual(found.inCells, []);
    assert.deepEqual(found.inFiles, ['NB303:requirements.txt:1', 'NB403:requirements.txt:1']);
  });
});

describe('NB301/NB302: entry points and job scripts are not library code', () => {
  const project = { 'pyproject.toml': '[project]\nname = "jobs"\ndependencies = ["pandas==2.2.0", "numpy==2.0.0"]\n' };

  it('a top-level script with nothing to import gets no NB302', async () => {
    const found = await check({ ...project, 'src/train.py': TRAIN_SCRIPT }, [], { select: ['NB301', 'NB302'] });
    assert.deepEqual(found.inFiles, []);
  });

  it('main(), parse_args(), a scoring script\'s init/run and a component are not reported; a helper is', async () => {
    const files = {
      ...project,
      'src/train.py': 'import argparse\ndef parse_args():\n    return argparse.ArgumentParser().parse_args()\ndef main(args):\n    print(args)\nif __name__ == "__main__":\n    main(parse_args())\n',
      'src/score.py': 'def init():\n    global model\n    model = 1\ndef run(raw):\n    return raw\n',
      'src/components.py': 'from mldesigner import command_component, Input\n@command_component(\n    name="train",\n    display_name="Train",\n)\ndef train_model(data: Input):\n    return data\n',
      'src/features.py': 'def main():\n    pass\ndef add_ratio(df):\n    return df\n',
      'src/evaluate_job.py': 'import json\ndef get_evaluations(path):\n    return json.load(open(path))\nif __name__ == "__main__":\n    print(get_evaluations("/opt/ml/input/data.json"))\n',
      'tests/test_other.py': 'def test_nothing():\n    pass\n',
    };
    const found = await check(files, [], { select: ['NB301', 'NB302'] });
    assert.deepEqual(found.inFiles.sort(), ['NB301:src/features.py:3', 'NB302:src/features.py:1']);
  });

  it('a pipeline definition in a notebook cell is not untested reusable code', async () => {
    const files = { ...project, 'tests/test_x.py': '' };
    const pipeline = 'from azure.ai.ml import dsl\n@dsl.pipeline(\n    compute="cpu-cluster",\n)\ndef train_pipeline(data):\n    step = train(data=data)\n    return step.outputs';
    assert.deepEqual((await check(files, [pipeline], { select: ['NB301'] })).inCells, []);
    assert.deepEqual((await check(files, [pipeline, 'def clean(df):\n    return df.dropna()'], { select: ['NB301'] })).inCells, ['NB301:2']);
  });

  it('knowledge/entryPoints: every entry is recognised, and an ordinary function is not', () => {
    for (const name of ENTRY_POINT_FUNCTIONS) assert.ok(isEntryPoint(name, [], new Set([name])), name);
    for (const pair of SCORING_PAIRS) {
      assert.ok(pair.every((n) => isEntryPoint(n, [], new Set(pair))), pair.join('/'));
      assert.ok(!isEntryPoint(pair[1], [], new Set([pair[1]])), `${pair[1]} alone is a function like any other`);
    }
    for (const d of PIPELINE_DECORATORS) assert.ok(isEntryPoint('build', [`sdk.${d}`], new Set()), d);
    assert.ok(!isEntryPoint('build', ['functools.lru_cache'], new Set()));
    assert.deepEqual([...decoratorsByFunction('@a.pipeline(\n  x=1,\n)\n@cache\ndef f():\n    pass\nclass C:\n    pass\ndef g():\n    pass')], [['f', ['a.pipeline', 'cache']]]);
  });
});

describe('NB402: the environments a project and its notebooks name', () => {
  it('dev-requirements.txt declares, but alone makes no project (a file named so may hold anything)', async () => {
    const found = await check({ 'requirements.txt': 'pandas==2.2.0\n', 'dev-requirements.txt': 'tensorflow==2.16.1\n' }, ['import tensorflow as tf\nimport pandas'], { select: ['NB401', 'NB402'] });
    assert.deepEqual([...found.inCells, ...found.inFiles], []);
    assert.equal((await check({ 'battery_requirements.txt': 'capacity >= 5 Ah\n' }, ['import torch'])).model.isProject, false);
  });

  it('a conda environment beside a job script declares what the script imports', async () => {
    const files = { 'pyproject.toml': '[project]\nname = "jobs"\ndependencies = ["pandas==2.2.0"]\n', 'src/jobs/__init__.py': '', 'src/jobs/train.py': 'import lightgbm\nimport pandas\n', 'src/jobs/conda.yaml': 'name: job\ndependencies:\n  - python=3.10\n  - pip:\n    - lightgbm==4.3.0\n' };
    const found = await check(files, [], { select: ['NB401', 'NB402'] });
    assert.deepEqual(found.inFiles, [], 'declared by the job environment; its pins are its own (no NB401)');
  });

  it('a conda environment the notebook writes with %%writefile declares', async () => {
    const cells = ['%%writefile src/conda.yaml\nname: keras-env\ndependencies:\n  - python=3.10\n  - pip:\n    - tensorflow==2.16.1\n    - azureml-mlflow\n', 'import tensorflow as tf\nimport mlflow'];
    assert.deepEqual((await check({ 'requirements.txt': 'azure-ai-ml==1.15.0\n' }, cells, { select: ['NB402'] })).inCells, []);
  });

  it('a module the notebook names as a file (code_paths) is its own code', async () => {
    const cells = ['import mlflow\nmlflow.pyfunc.save_model("model", python_model=Wrapper(), code_paths=["explanation_wrapper.py"])', 'from explanation_wrapper import Wrapper'];
    assert.deepEqual((await check({ 'requirements.txt': 'mlflow==2.12.0\n' }, cells, { select: ['NB402'] })).inCells, []);
  });

  it('what a declared package installs with itself is declared; what nothing brings is still reported', async () => {
    const found = await check({ 'requirements.txt': 'sagemaker==2.220.0\nseaborn==0.13.2\n' }, ['import boto3\nimport numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\nimport polars'], { select: ['NB402'] });
    assert.deepEqual(found.inCells, ['NB402:1']);
  });

  it('knowledge/distributions INSTALLED_WITH: each entry declares its import, and nothing else does', () => {
    for (const [module, carriers] of Object.entries(INSTALLED_WITH)) {
      for (const carrier of carriers) assert.ok(isDeclared(module, new Set([carrier])), `${module} with ${carrier}`);
      assert.ok(!isDeclared(module, new Set(['left-pad'])), `${module} alone`);
    }
  });
});

describe('NB202: placeholder accounts, Hugging Face datasets, the Databricks warehouse', () => {
  it('is silent for a storage account to fill in, a Hub dataset file and the default warehouse', async () => {
    assert.deepEqual(await findingsOf('NB202', [
      'import pandas as pd',
      'docs = "wasbs://doc-intelligence-container@storageaccount.blob.core.windows.net/pdfs/"\n'
        + 'raw = "abfss://raw@youraccount.dfs.core.windows.net/sales"\n'
        + 'chat = pd.read_parquet("https://huggingface.co/datasets/HuggingFaceH4/ultrachat_200k/resolve/main/data/test_gen-00000-of-00001.parquet")\n'
        + 'warehouse = "dbfs:/user/hive/warehouse"',
    ]), []);
  });

  it('still reports a team\'s own account and a table under the warehouse', async () => {
    assert.equal((await findingsOf('NB202', ['docs = "wasbs://pdfs@contosodocs.blob.core.windows.net/in/"\nsales = "dbfs:/user/hive/warehouse/sales.db/orders"'])).length, 2);
  });
});

describe('a docs build environment is not a project', () => {
  const docsEnv = 'channels:\n  - conda-forge\ndependencies:\n  - IPython==7.6.1\n  - sphinx==4.2.0\n  - pip\n  - pip:\n    - nbsphinx==0.8.7\n    - sagemaker\n    - sphinx-rtd-theme==1.0.0\n';

  it('a root environment.yml that builds the docs site makes no project of a samples repository', async () => {
    const found = await check({ 'environment.yml': docsEnv, 'train/a.ipynb': '{}' }, ['import boto3\nimport matplotlib', 'model.fit(X, y)'], { path: 'train/a.ipynb' });
    assert.deepEqual(found.inCells, []);
    assert.deepEqual(found.inFiles, []);
  });

  it('a root requirements.txt of nbconvert alone (a cookbook that publishes its notebooks as pages) makes no project', async () => {
    const found = await check({ 'requirements.txt': 'nbconvert\n', 'scripts/publish.py': 'import nbconvert\n', 'notebooks/rag.ipynb': '{}' }, ['import haystack', 'pipe.run(q)'], { path: 'notebooks/rag.ipynb', select: ['NB3', 'NB4'] });
    assert.deepEqual(found.inCells, []);
    assert.deepEqual(found.inFiles, []);
  });

  // holdout11: cleanlab's docs/requirements.txt (Sphinx and its plugins beside the tutorials' torch and xgboost) got NB303:
  // docs/ is a project root of its own by that file, so its path there is `requirements.txt`.
  const sphinxSite = 'sphinx==7.1.2\nnbsphinx==0.9.3\nfuro==2023.9.10\nipykernel==6.29.0\ntorch==2.1.2\nxgboost\nmatplotlib==3.7.4\nscikit-learn==1.5.2\nseaborn==0.13.2\ndatasets>=2.14\n';
  it('a `docs/` folder that is a project root of its own by its requirements.txt is the docs build: no project', async () => {
    const engine = await getEngine();
    const repo = writeProject({ '.git/HEAD': 'ref: refs/heads/main\n', 'docs/requirements.txt': sphinxSite, 'docs/source/conf.py': 'project = "acme"\n', 'docs/source/tutorials/image.ipynb': '{}' });
    const model = buildProjectModel(path.join(repo, 'docs'), (s) => engine.summarize(s));
    assert.equal(model.isProject, false);
    assert.deepEqual(analyzeProjectFiles(model, mergeConfig({ select: ['NB303'] })), []);
    // The same file in a folder named otherwise is the notebooks' environment.
    const other = writeProject({ '.git/HEAD': 'ref: refs/heads/main\n', 'guides/requirements.txt': sphinxSite, 'guides/image.ipynb': '{}' });
    assert.equal(buildProjectModel(path.join(other, 'guides'), (s) => engine.summarize(s)).isProject, true);
  });

  it('Sphinx\'s plugins (`sphinxcontrib-*`, `sphinxext-*`) count as the docs build\'s', async () => {
    const found = await check({ 'requirements.txt': 'sphinx==7.1.2\nsphinxcontrib-katex==0.9.9\nsphinxext-opengraph==0.9.1\ntorch==2.1.2\nxgboost\nseaborn==0.13.2\nscikit-learn==1.5.2\n', 'image.ipynb': '{}' }, ['import torch'], { path: 'image.ipynb', select: ['NB303'] });
    assert.equal(found.model.isProject, false);
  });

  it('a project whose requirements also list Sphinx stays a project', async () => {
    const found = await check({ 'requirements.txt': 'pandas==2.2.0\nscikit-learn==1.5.0\nmatplotlib==3.9.0\nsphinx==7.3.0\n', 'a.ipynb': '{}' }, ['import polars'], { path: 'a.ipynb', select: ['NB402'] });
    assert.deepEqual(found.inCells, ['NB402:1']);
  });
});

describe('percent scripts that are the project\'s own code', () => {
  it('a module or a test written with # %% sections is code, not a notebook: no NB301/NB304/NB402 as a notebook', async () => {
    const engine = await getEngine();
    const files = { 'pyproject.toml': '[project]\nname = "bikes"\ndependencies = ["pandas==2.2.0"]\n', 'src/bikes/__init__.py': '', 'src/bikes/models.py': '# %% IMPORTS\nimport pandas\n# %% MODELS\ndef fit(df):\n    return df\n', 'tests/test_models.py': '# %% IMPORTS\nfrom bikes import models\n# %% TESTS\ndef test_fit():\n    models.fit(None)\n    model.predict(None)\n' };
    const model = buildProjectModel(writeProject(files), (s) => engine.summarize(s));
    for (const [path, source] of [['src/bikes/models.py', files['src/bikes/models.py']], ['tests/test_models.py', files['tests/test_models.py']]]) {
      const cells = source.split(/(?=# %%)/).map((c) => code(c));
      const found = await engine.analyze({ cells, path }, mergeConfig({ select: ['NB3', 'NB4'] }), model);
      assert.deepEqual(found.map((f) => f.code), [], path);
    }
  });

  it('a base class is exercised through its subclasses; a class nobody names is reported', async () => {
    const files = { 'pyproject.toml': '[project]\nname = "bikes"\n', 'src/bikes/__init__.py': '', 'src/bikes/io.py': 'import abc\nclass Reader(abc.ABC):\n    pass\nclass ParquetReader(Reader):\n    pass\nclass CsvWriter:\n    pass\n', 'tests/test_io.py': 'from bikes import io\ndef test_read():\n    io.ParquetReader()\n' };
    assert.deepEqual((await check(files, [], { select: ['NB301'] })).inFiles, ['NB301:src/bikes/io.py:6']);
  });
});

describe('NB301 on modules: one fact one finding, and the author\'s own exclusions', () => {
  const project = { 'pyproject.toml': '[project]\nname = "shop"\n', 'src/shop/__init__.py': '', 'src/shop/metrics.py': 'def overall(y, p):  # pragma: no cover, eval workload\n    return 0\ndef per_class(y, p):\n    return 0\n' };

  it('a project without tests gets NB303 and NB302, not a finding per function', async () => {
    const found = await check(project, ['import os'], { select: ['NB301', 'NB302'] });
    assert.deepEqual(found.inFiles, ['NB302:src/shop/metrics.py:1']);
  });

  it('with tests, a function marked `pragma: no cover` is not reported; the others are', async () => {
    const found = await check({ ...project, 'tests/test_metrics.py': 'from shop import metrics\n' }, [], { select: ['NB301'] });
    assert.deepEqual(found.inFiles, ['NB301:src/shop/metrics.py:3']);
  });
});

describe('NB402: setup.py, job scripts and folders of modules', () => {
  it('setup.py install_requires, as a literal or a variable, declares; built another way it may declare anything', async () => {
    const setup = 'import setuptools\nrequired_packages = ["sagemaker", "xgboost==2.0.3"]\nsetuptools.setup(name="pipelines", install_requires=required_packages)\n';
    const found = await check({ 'setup.py': setup }, ['import sagemaker\nimport xgboost\nimport boto3\nimport polars'], { select: ['NB401', 'NB402'] });
    assert.deepEqual([...found.inCells, ...found.inFiles], ['NB402:1'], 'no NB401 on a library\'s open ranges');
    assert.match(found.model.dependencyFiles.join(), /setup\.py/);
    assert.deepEqual((await check({ 'setup.py': setup }, ['import sagemaker\nimport xgboost\nimport boto3\nimport polars'], { select: ['NB402'] })).model.dependencies.map((d) => d.name), ['sagemaker', 'xgboost']);
    const unknown = 'from setuptools import setup\nsetup(name="x", install_requires=open("requirements.in").read().splitlines())\n';
    assert.deepEqual((await check({ 'setup.py': unknown }, ['import polars'], { select: ['NB402'] })).inCells, []);
  });

  it('the package setup.py builds is the project\'s own code', async () => {
    const setup = 'from setuptools import setup, find_packages\nsetup(\n    name="learntools",\n    packages=find_packages(),\n    install_requires=["pandas"],\n)\n';
    assert.deepEqual((await check({ 'setup.py': setup }, ['from learntools.core import binder\nimport pandas'], { select: ['NB402'] })).inCells, []);
  });

  it('a job script (a __main__ guard) runs in its job\'s environment: its imports are not the project\'s to declare', async () => {
    const files = { 'setup.cfg': '', 'pipelines/__init__.py': '', 'pipelines/preprocess.py': 'import sklearn\ndef split(df):\n    return df\nif __name__ == "__main__":\n    split(None)\n', 'pipelines/helpers.py': 'import sklearn\n' };
    assert.deepEqual((await check(files, [], { select: ['NB402'] })).inFiles, ['NB402:pipelines/helpers.py:1']);
  });

  it('a folder of modules beside the notebook, without __init__.py, is local', async () => {
    const files = { 'requirements.txt': 'prompty==0.1.0\n', 'api/evaluators/custom_evals/coherence.py': 'def score():\n    return 1\n', 'api/evaluate.ipynb': '{}' };
    assert.deepEqual((await check(files, ['from evaluators.custom_evals.coherence import score'], { path: 'api/evaluate.ipynb', select: ['NB402'] })).inCells, []);
  });
});

describe('NB304: a word cloud is not a model', () => {
  it('WordCloud(...).generate(text) is silent; a model\'s generate is reported', async () => {
    const project = { 'requirements.txt': 'wordcloud==1.9.2\n' };
    const cloud = 'cloud = WordCloud(\n    background_color="black",\n    width=500).generate(" ".join(titles))\nplt.imshow(cloud)';
    assert.deepEqual((await check(project, [cloud], { select: ['NB304'] })).inCells, []);
    assert.deepEqual((await check(project, [cloud, 'out = model.generate(**inputs)'], { select: ['NB304'] })).inCells, ['NB304:2']);
  });
});

describe('NB401: a freeze file beside the requirements (holdout13)', () => {
  it('a package a fully pinned requirements file in the same folder pins is locked; one it does not pin, or one in another folder, is reported', async () => {
    const files = {
      'requirements.txt': 'pandas==2.2.0\n',
      'src/requirements.txt': 'jinja2\npython-dotenv\nhttpx>=0.27\n',
      'src/requirements.freeze.txt': 'Jinja2==3.1.4\npython-dotenv==1.0.1\npandas==2.2.0\n',
      'src/flow/requirements.txt': 'jinja2\n',
      // A conda environment beside the pinned requirements.txt is another install: its open line is reported.
      'environment.yml': 'name: rag\ndependencies:\n  - python=3.11\n  - pandas\n',
    };
    const found = await check(files, ['import pandas as pd'], { select: ['NB401'] });
    assert.deepEqual(found.inFiles.sort(), ['NB401:environment.yml:4', 'NB401:src/flow/requirements.txt:1', 'NB401:src/requirements.txt:3']);
    // A file with one open line still pins what it pins (holdout15); its own open line is reported.
    const partly = { ...files, 'src/requirements.freeze.txt': 'Jinja2==3.1.4\npython-dotenv==1.0.1\nhttpx\n' };
    assert.deepEqual((await check(partly, ['import pandas as pd'], { select: ['NB401'] })).inFiles.sort(), ['NB401:environment.yml:4', 'NB401:src/flow/requirements.txt:1', 'NB401:src/requirements.freeze.txt:3', 'NB401:src/requirements.txt:3']);
  });

  it('a book\'s loose requirements_min.txt beside the requirements.txt that pins each package (holdout15)', async () => {
    const files = {
      'requirements.txt': '# Data handling\nnumpy == 1.26.4\ntorch == 2.3.1\nscipy >= 1.15.0\n',
      'requirements_min.txt': 'numpy >= 1.26.4\ntorch >= 2.3.1\nscipy >= 1.15.0\nannoy >= 1.17.3\n',
    };
    const found = await check(files, ['import numpy as np'], { select: ['NB401'] });
    // scipy is pinned nowhere and annoy only in the loose file: both reported, the pinned two are not.
    assert.deepEqual(found.inFiles.sort(), ['NB401:requirements.txt:4', 'NB401:requirements_min.txt:3', 'NB401:requirements_min.txt:4']);
  });
});

describe('NB401: a VCS reference to one commit is pinned (holdout15)', () => {
  it('`name @ git+…@<commit>` is one version; a branch or a tag-less URL is not', async () => {
    const files = {
      'requirements.txt': [
        'pandas==2.2.2',
        'alepython @ git+https://github.com/someone/ALEPython.git@286350ab674980a32270db2a0b5ccca1380312a7',
        'shaplib @ git+https://github.com/someone/shaplib.git@main',
        'tools @ git+ssh://git@github.com/someone/tools.git',
        'short @ git+https://github.com/someone/short.git@9f3c2e1#egg=short',
      ].join('\n') + '\n',
    };
    const found = await check(files, ['import pandas as pd'], { select: ['NB401'] });
    assert.deepEqual(found.inFiles.sort(), ['NB401:requirements.txt:3', 'NB401:requirements.txt:4']);
  });
});
