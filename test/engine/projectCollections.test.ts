// Repositories of samples, where "one project per dependency file" over-reads: a root
// pyproject.toml of linter settings over unrelated sample folders, a root requirements
// file that is the CI's environment over a repository of example projects, a lecture
// mirror that runs in `anaconda`, a cloud variant inside an app's folder, and notebooks
// a samples repository's CI runs as tests. False positives of NB303/NB403 seen on
// holdout6B and holdout7A (docs/precision.md). Fixture files are written for these tests.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import { code, getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

/** What makes a fixture project ship (NB403 speaks only then, test/engine/ships.test.ts): these tests are about what is a product, not about the evidence. */
const SHIPS = 'web: python serve.py\n';

/**
 * NB303/NB403 of one notebook of a repository, with the project root at `projectDir` (the repository's top when empty).
 * The project root ships (a Procfile there, unless the fixture says otherwise), so NB403's exclusions are what is tested.
 */
async function projectFindings(files: Record<string, string>, projectDir: string, notebook: string, cells: string[]) {
  const engine = await getEngine();
  // The repository's top: the search for its CI stops here, never reading the machine's folders above.
  const repo = writeProject({ '.git/HEAD': 'ref: refs/heads/main\n', [projectDir ? `${projectDir}/Procfile` : 'Procfile']: SHIPS, ...files });
  const model = buildProjectModel(path.join(repo, projectDir), (s) => engine.summarize(s));
  const config = mergeConfig({ select: ['NB303', 'NB403'] });
  const inCells = (await engine.analyze({ cells: cells.map((c) => code(c)), path: notebook }, config, model)).map((f) => `${f.code}:${f.cell + 1}`);
  const inFiles = analyzeProjectFiles(model, config).flatMap(({ file, findings }) => findings.map((f) => `${f.code}:${file}`));
  return { inCells, inFiles, model };
}

const LINT_SETTINGS = '[tool.black]\nline-length = 120\n\n[tool.ruff]\nline-length = 120\n\n[tool.ruff.lint]\nextend-select = ["B", "PT", "RUF"]\n\n[tool.pytest.ini_options]\naddopts = "--strict-markers"\ntestpaths = ["scenarios"]\n';
const EVAL_CELL = 'from azure.ai.evaluation import GroundednessEvaluator\nevaluator = GroundednessEvaluator(model_config)\nresult = evaluator(query=q, response=r, context=c)';

describe('a pyproject.toml of tool settings only makes no project', () => {
  it('a samples repository\'s root of linter and pytest settings: no NB303/NB403 on its notebooks', async () => {
    const files = { 'pyproject.toml': LINT_SETTINGS, 'scenarios/evaluate/groundedness/groundedness.ipynb': '{}', 'scenarios/tracing/tracing.ipynb': '{}' };
    const found = await projectFindings(files, '', 'scenarios/evaluate/groundedness/groundedness.ipynb', [EVAL_CELL]);
    assert.equal(found.model.isProject, false);
    assert.deepEqual(found.inCells, []);
    assert.deepEqual(found.inFiles, []);
  });

  // holdout16: a gallery of standalone sample notebooks whose root setup.cfg holds [metadata] and [flake8] only.
  it('a setup.cfg of metadata and linter settings (no [options]) makes no project either; one with [options] does', async () => {
    const settings = '[metadata]\nname = sample_gallery\nlicense = Apache-2.0\n\n[flake8]\nmax-line-length = 90\nexclude =\n    docs/*\n';
    const files = { 'setup.cfg': settings, 'notebooks/movie-recommendation/notebook.ipynb': '{}', 'resources/nb-check.py': 'import sys\nprint(sys.argv)\n' };
    const gallery = await projectFindings(files, '', 'notebooks/movie-recommendation/notebook.ipynb', [EVAL_CELL]);
    assert.equal(gallery.model.isProject, false);
    assert.deepEqual([...gallery.inCells, ...gallery.inFiles], []);
    const installable = await projectFindings({ ...files, 'setup.cfg': `${settings}\n[options]\ninstall_requires =\n    pandas>=2\n` }, '', 'notebooks/movie-recommendation/notebook.ipynb', [EVAL_CELL]);
    assert.equal(installable.model.isProject, true);
    assert.deepEqual([...installable.inCells, ...installable.inFiles], ['NB303:1', 'NB403:1']);
  });

  it('its samples of scripts with their own requirements.txt and no notebook keep NB401; a sample with notebooks is checked from its own root', async () => {
    const files = {
      'pyproject.toml': LINT_SETTINGS,
      'scenarios/tracing/langgraph/requirements.txt': 'langchain\nlanggraph>=0.2\nazure-identity==1.19.0\n',
      'scenarios/tracing/langgraph/weather.py': 'from langgraph.graph import StateGraph\n\ndef build():\n    return StateGraph(dict)\n',
      'scenarios/assistants/api-in-a-box/requirements.txt': 'openai\n',
      'scenarios/assistants/api-in-a-box/assistant.ipynb': '{}',
      'scenarios/evaluate/groundedness.ipynb': '{}',
    };
    const engine = await getEngine();
    const model = buildProjectModel(writeProject({ '.git/HEAD': 'ref: refs/heads/main\n', ...files }), (s) => engine.summarize(s));
    const found = analyzeProjectFiles(model, mergeConfig({ select: ['NB3', 'NB4'] })).flatMap(({ file, findings }) => findings.map((f) => `${f.code}:${file}:${f.range.start.line + 1}`));
    assert.deepEqual(found, ['NB401:scenarios/tracing/langgraph/requirements.txt:1', 'NB401:scenarios/tracing/langgraph/requirements.txt:2']);
  });

  it('the same settings with a [project] table, or beside a package of its own, still make a project', async () => {
    const declared = await projectFindings({ 'pyproject.toml': `[project]\nname = "evals"\nversion = "0.1.0"\n\n${LINT_SETTINGS}`, 'groundedness.ipynb': '{}' }, '', 'groundedness.ipynb', [EVAL_CELL]);
    assert.deepEqual(declared.inCells, ['NB303:1', 'NB403:1']);
    const packaged = await projectFindings({ 'pyproject.toml': LINT_SETTINGS, 'evalkit/__init__.py': '', 'evalkit/scoring.py': 'def score(result):\n    return result["groundedness"]\n', 'groundedness.ipynb': '{}' }, '', 'groundedness.ipynb', [EVAL_CELL]);
    assert.equal(packaged.model.isProject, true);
    assert.deepEqual(packaged.inCells, ['NB303:1', 'NB403:1']);
  });

  it('a sample folder below it with its own requirements.txt is still a project of its own', async () => {
    const files = { 'pyproject.toml': LINT_SETTINGS, 'scenarios/agents/sales-analyst/requirements.txt': 'azure-ai-projects==1.0.0\nazure-identity==1.19.0\n', 'scenarios/agents/sales-analyst/sales-analyst.ipynb': '{}' };
    const found = await projectFindings(files, 'scenarios/agents/sales-analyst', 'sales-analyst.ipynb', ['from azure.ai.projects import AIProjectClient\nclient = AIProjectClient.from_connection_string(conn)']);
    assert.deepEqual(found.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });
});

describe('NB303: notebooks the repository\'s CI runs as tests', () => {
  const sample = { 'scenarios/agents/investment-advisor/requirements.txt': 'azure-ai-projects==1.0.0\n', 'scenarios/agents/investment-advisor/advisor.ipynb': '{}' };

  const runSamples = 'name: run samples\non: [pull_request]\njobs:\n  samples:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pip install -r dev-requirements.txt\n      - run: pytest --changed-samples-only-from origin/main\n';

  it('a notebook runner for pytest in the repository\'s dev requirements, with a CI that runs pytest (or a CI running pytest --nbmake): the notebooks are tests', async () => {
    const devRequirements = 'tox ~= 4.0\npytest ~= 8.0\npytest-iovis[papermill] == 0.1.0\nipykernel ~= 6.0\n';
    const found = await projectFindings({ ...sample, 'dev-requirements.txt': devRequirements, '.github/workflows/run-samples.yml': runSamples }, 'scenarios/agents/investment-advisor', 'advisor.ipynb', ['x = 1']);
    assert.deepEqual(found.inFiles, ['NB403:requirements.txt']);
    const workflow = 'name: notebooks\non: [push]\njobs:\n  run:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pip install pytest nbmake\n      - run: pytest --nbmake scenarios/\n';
    const inCi = await projectFindings({ ...sample, '.github/workflows/notebooks.yml': workflow }, 'scenarios/agents/investment-advisor', 'advisor.ipynb', ['x = 1']);
    assert.deepEqual(inCi.inFiles, ['NB403:requirements.txt']);
  });

  it('a CI that runs the notebooks with nbconvert or papermill checks nothing of them; nor does a runner only listed among dev extras', async () => {
    const devRequirements = 'pytest==8.3.0\nnbconvert==7.16.0\npapermill==2.6.0\n';
    const found = await projectFindings({ ...sample, 'dev-requirements.txt': devRequirements, '.github/workflows/run-samples.yml': runSamples }, 'scenarios/agents/investment-advisor', 'advisor.ipynb', ['x = 1']);
    assert.deepEqual(found.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
    const extras = '[project]\nname = "cookbook"\nversion = "0.1.0"\ndependencies = ["anthropic>=0.39"]\n\n[project.optional-dependencies]\ndev = ["ruff>=0.7.0", "pytest>=8.3.3", "nbval>=0.11.0"]\n';
    const listedOnly = await projectFindings({ ...sample, 'pyproject.toml': extras, '.github/workflows/links.yml': 'name: links\non: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: lychee .\n' }, 'scenarios/agents/investment-advisor', 'advisor.ipynb', ['x = 1']);
    assert.deepEqual(listedOnly.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });
});

describe('NB403: one brief per product, not per folder of examples', () => {
  const recipe = (name: string) => ({
    [`apps/${name}/requirements.txt`]: 'lancedb==0.5.0\nopenai==1.30.0\n',
    [`apps/${name}/main.py`]: 'import lancedb\n\ndef main():\n    db = lancedb.connect("data")\n    return db\n',
    [`apps/${name}/main.ipynb`]: '{}',
  });
  const repository = {
    'requirements.txt': 'lancedb\npylance\nnbconvert\npytest\n',
    'tutorials/intro.ipynb': '{}',
    ...recipe('movie-recommender'),
    ...recipe('code-qa-bot'),
    ...recipe('arxiv-search'),
  };

  it('a root of no code of its own over three or more example projects is a repository of projects: no brief at the root, one per example', async () => {
    const root = await projectFindings(repository, '', 'tutorials/intro.ipynb', ['import lancedb\ndb = lancedb.connect("data")']);
    // Nothing in the repository has a test: NB303 says so at the root too; no brief is asked there.
    assert.deepEqual(root.inFiles, ['NB303:requirements.txt']);
    const example = await projectFindings(repository, 'apps/code-qa-bot', 'main.ipynb', ['import lancedb\ndb = lancedb.connect("data")']);
    assert.deepEqual(example.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });

  it('a root with two example projects, or with a script of its own, still gets its brief', async () => {
    const twoProjects = Object.fromEntries(Object.entries(repository).filter(([file]) => file !== 'apps/arxiv-search/requirements.txt'));
    const two = await projectFindings(twoProjects, '', 'tutorials/intro.ipynb', ['import lancedb']);
    assert.deepEqual(two.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
    const app = await projectFindings({ ...repository, 'app.py': 'import lancedb\n\ndef serve():\n    return lancedb.connect("data")\n' }, '', 'tutorials/intro.ipynb', ['import lancedb']);
    assert.deepEqual(app.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });

  it('a book\'s chapters with extra requirements (`requirements-extra.txt`) are parts of the book\'s project, not projects of their own (a book asks no brief)', async () => {
    const book = {
      'pyproject.toml': '[project]\nname = "llm-book"\nversion = "1.0.0"\ndependencies = ["torch>=2.2", "tiktoken>=0.5"]\n',
      'ch02/tokenizer.ipynb': '{}',
      'ch04/gpt.py': 'import torch\n\nclass GPTModel(torch.nn.Module):\n    pass\n',
      'ch02/bpe/requirements-extra.txt': 'requests\n',
      'ch02/bpe/bpe.ipynb': '{}',
      'ch05/ui/requirements-extra.txt': 'chainlit>=1.2\n',
      'ch05/ui/app.ipynb': '{}',
      'ch07/evaluation/requirements-extra.txt': 'openai>=1.30\n',
      'ch07/evaluation/ollama.ipynb': '{}',
    };
    const found = await projectFindings(book, '', 'ch02/tokenizer.ipynb', ['import tiktoken\ntokenizer = tiktoken.get_encoding("gpt2")']);
    assert.deepEqual(found.inFiles, ['NB303:pyproject.toml']);
  });

  it('a cloud variant in the app\'s own folder (the same notebook again) is covered by the app\'s brief', async () => {
    const files = {
      ...recipe('product-recommender'),
      'apps/product-recommender/lancedb_cloud/requirements.txt': 'lancedb==0.5.0\n',
      'apps/product-recommender/lancedb_cloud/main.py': 'import lancedb\n\ndef main():\n    return lancedb.connect("db://products")\n',
      'apps/product-recommender/lancedb_cloud/main.ipynb': '{}',
    };
    const variant = await projectFindings(files, 'apps/product-recommender/lancedb_cloud', 'main.ipynb', ['import lancedb']);
    assert.deepEqual(variant.inFiles, ['NB303:requirements.txt']);
    const app = await projectFindings(files, 'apps/product-recommender', 'main.ipynb', ['import lancedb']);
    assert.deepEqual(app.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });

  it('a cloud folder whose parent is no app (no dependency file there) is the demo\'s only project: it gets its brief', async () => {
    const files = { 'apps/llamaindex-search/lancedb_cloud/requirements.txt': 'lancedb==0.5.0\n', 'apps/llamaindex-search/lancedb_cloud/main.ipynb': '{}', 'apps/llamaindex-search/README.md': '# search\n' };
    const found = await projectFindings(files, 'apps/llamaindex-search/lancedb_cloud', 'main.ipynb', ['import lancedb']);
    assert.deepEqual(found.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });

  it('a lecture mirror whose environment is `anaconda` alone is no project; a named environment is', async () => {
    const mirror = await projectFindings({ 'environment.yml': 'name: lectures\nchannels:\n  - default\ndependencies:\n  - python=3.8\n  - anaconda\n', 'aiyagari.ipynb': '{}' }, '', 'aiyagari.ipynb', ['import numpy as np\nbeta = 0.96']);
    assert.equal(mirror.model.isProject, false);
    assert.deepEqual([...mirror.inCells, ...mirror.inFiles], []);
    const named = await projectFindings({ 'environment.yml': 'name: lectures\ndependencies:\n  - python=3.11\n  - anaconda\n  - quantecon=0.7.1\n', 'aiyagari.ipynb': '{}' }, '', 'aiyagari.ipynb', ['import numpy as np']);
    assert.deepEqual(named.inFiles, ['NB303:environment.yml', 'NB403:environment.yml']);
  });
});

describe('NB403: a course or a book is not a product (its notebooks mostly numbered lessons)', () => {
  const environment = { 'requirements.txt': 'pandas==2.2.2\nscikit-learn==1.5.0\n' };
  const notebooksAt = (paths: string[]) => Object.fromEntries(paths.map((p) => [p, '{}']));
  const cell = ['import pandas as pd\ndf = pd.read_csv("data.csv")'];

  const courses: [string, string[]][] = [
    ['labs/ beside solutions/', ['notebooks/text_models/labs/classify.ipynb', 'notebooks/text_models/solutions/classify.ipynb', 'notebooks/image_models/labs/cnn.ipynb', 'notebooks/image_models/solutions/cnn.ipynb', 'notebooks/image_models/solutions/gan.ipynb']],
    ['chapters', ['Chapter1_Introduction/Intro.ipynb', 'Chapter2_Sampling/Sampling.ipynb', 'Chapter3_Inference/Inference.ipynb']],
    ['modules', ['module-0/basics.ipynb', 'module-1/router.ipynb', 'module-2/memory.ipynb', 'module-2/summaries.ipynb']],
    ['days', ['notebooks/DAY1/eda.ipynb', 'notebooks/DAY2/trees.ipynb', 'notebooks/DAY3/boosting.ipynb', 'notebooks/extras/plots.ipynb']],
    ['numbered labs and classes in file names', ['lab1/Part1_Intro.ipynb', 'lab2/Part1_Music.ipynb', 't81_558_class_01_1_overview.ipynb', 'week_2_regression.ipynb']],
  ];
  // The lessons' own helper module: code a test suite can import, so NB303 stays.
  const helper = { 'common/plotting.py': 'import matplotlib.pyplot as plt\n\ndef plot_history(history):\n    plt.plot(history)\n' };
  for (const [layout, notebooks] of courses) {
    it(`${layout}: no brief, still NB303 when the course has Python of its own`, async () => {
      const found = await projectFindings({ ...environment, ...helper, ...notebooksAt(notebooks) }, '', notebooks[0], cell);
      assert.equal(found.model.course, true);
      assert.deepEqual(found.inFiles, ['NB303:requirements.txt']);
    });
  }

  // holdout13-15: all-rag-techniques, a feature-engineering cookbook, an LLM book and an interpretable-ML book (chapters of
  // notebooks, not one .py) were labelled wrong for NB303: a test suite has nothing of theirs to import.
  it('a book whose chapters are only notebooks: no NB303 either; a setup.py alone is no code of its own, one notebook in a course\'s folder is a project', async () => {
    const chapters = courses[1][1];
    const book = await projectFindings({ ...environment, ...notebooksAt(chapters) }, '', chapters[0], cell);
    assert.equal(book.model.course, true);
    assert.deepEqual([...book.inFiles, ...book.inCells], []);
    const packaged = await projectFindings({ ...environment, 'setup.py': 'from setuptools import setup\nsetup(name="book")\n', ...notebooksAt(chapters) }, '', chapters[0], cell);
    assert.deepEqual(packaged.inFiles, []);
    const single = await projectFindings({ 'courses/ml/document_processing/requirements.txt': environment['requirements.txt'], 'courses/ml/document_processing/notebooks/parse.ipynb': '{}' }, 'courses/ml/document_processing', 'notebooks/parse.ipynb', cell);
    assert.equal(single.model.course, true);
    assert.deepEqual(single.inFiles, ['NB303:requirements.txt']);
  });

  const products: [string, string[]][] = [
    ['a numbered pipeline', ['notebooks/01_eda.ipynb', 'notebooks/02_features.ipynb', 'notebooks/03_train.ipynb']],
    ['words that only contain a lesson word', ['notebooks/batch_1_scoring.ipynb', 'notebooks/research2.ipynb', 'notebooks/classification_3.ipynb', 'notebooks/colab1.ipynb']],
    ['two lessons only', ['lab1/intro.ipynb', 'lab2/intro.ipynb']],
    ['lessons that are fewer than half', ['chapter1/a.ipynb', 'chapter2/b.ipynb', 'chapter3/c.ipynb', 'app/serve.ipynb', 'app/score.ipynb', 'app/monitor.ipynb', 'app/retrain.ipynb']],
    ['solutions/ with no labs/ beside it', ['monitoring/solutions/drift.ipynb', 'monitoring/solutions/alerts.ipynb', 'monitoring/solutions/report.ipynb']],
  ];
  for (const [layout, notebooks] of products) {
    it(`${layout}: still a product, NB403 stays`, async () => {
      const found = await projectFindings({ ...environment, ...notebooksAt(notebooks) }, '', notebooks[0], cell);
      assert.equal(found.model.course, false);
      assert.deepEqual(found.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
    });
  }

  it('an app inside a course, with its own requirements, is a product of its own', async () => {
    const files = {
      ...environment,
      ...notebooksAt(courses[0][1]),
      'scaffolds/chatbot/requirements.txt': 'streamlit==1.36.0\n',
      'scaffolds/chatbot/app.py': 'import streamlit as st\n\ndef main():\n    st.title("chat")\n',
      'scaffolds/chatbot/build.ipynb': '{}',
    };
    const app = await projectFindings(files, 'scaffolds/chatbot', 'build.ipynb', ['import streamlit']);
    assert.deepEqual(app.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });

  // holdout11: training-data-analyst's courses/…/10_recommend/labs/endtoend (an Airflow DAG with blanks for the student),
  // self-paced-labs/…/vertex-pipelines/tfx and quests/rl/dqn (a lab's training image) were labelled wrong.
  const lab = { ...environment, 'dags/retrain.py': 'from airflow import DAG\n\ndag = DAG("retrain", schedule_interval="@daily")\n', 'recommend.ipynb': '{}' };
  for (const folder of ['courses/ml/recommend/endtoend', 'ml/recommend/labs/endtoend', 'self-paced-labs/vertex/pipelines/tfx', 'quests/rl/dqn']) {
    it(`a project in a course's or a lab's folder (${folder}): no brief, still NB303`, async () => {
      const files = Object.fromEntries(Object.entries(lab).map(([file, text]) => [`${folder}/${file}`, text]));
      const found = await projectFindings(files, folder, 'recommend.ipynb', cell);
      assert.equal(found.model.course, true);
      assert.deepEqual(found.inFiles, ['NB303:requirements.txt']);
    });
  }

  // holdout15: a Packt book's Chapter03/ (a Dockerfile for auto-sklearn) and Chapter09/ (a demo DAG) were labelled wrong.
  it('a project that is one of several numbered chapter folders of a book: no brief; a lone `chapter2` folder or `module-2` siblings still get one', async () => {
    const book = { ...lab, 'Chapter04/README.md': '# Chapter 4\n', 'Chapter11/README.md': '# Chapter 11\n' };
    const files = Object.fromEntries(Object.entries(book).map(([file, text]) => [file.startsWith('Chapter') ? file : `Chapter07/${file}`, text]));
    const chapter = await projectFindings(files, 'Chapter07', 'recommend.ipynb', cell);
    assert.equal(chapter.model.course, true);
    assert.deepEqual(chapter.inFiles, ['NB303:requirements.txt']);
    const alone = Object.fromEntries(Object.entries(lab).map(([file, text]) => [`chapter2/${file}`, text]));
    assert.deepEqual((await projectFindings(alone, 'chapter2', 'recommend.ipynb', cell)).inFiles.sort(), ['NB303:requirements.txt', 'NB403:requirements.txt']);
    const modules = Object.fromEntries(Object.entries({ ...lab, '../module-1/README.md': '', '../module-3/README.md': '' }).map(([file, text]) => [file.startsWith('../') ? file.slice(3) : `module-2/${file}`, text]));
    assert.deepEqual((await projectFindings(modules, 'module-2', 'recommend.ipynb', cell)).inFiles.sort(), ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });

  it('a lab\'s README (its Learning Objectives) makes a course too; a folder named `elasticsearch-labs` or `slicing_lab` does not', async () => {
    const readme = await projectFindings({ ...lab, 'README.md': '# Taxi tips on Vertex Pipelines\n\n## Learning Objectives\n1. Build a pipeline\n' }, '', 'recommend.ipynb', cell);
    assert.deepEqual(readme.inFiles, ['NB303:requirements.txt']);
    for (const folder of ['elasticsearch-labs/blog/agent', 'community/slicing_lab', 'apps/recommend']) {
      const files = Object.fromEntries(Object.entries({ ...lab, 'README.md': '# Recommender\n\n## Objectives\nServe recommendations daily.\n' }).map(([file, text]) => [`${folder}/${file}`, text]));
      const found = await projectFindings(files, folder, 'recommend.ipynb', cell);
      assert.deepEqual(found.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt'], folder);
    }
  });
});

describe('NB303: a CI that executes a folder\'s notebooks or scripts is its test', () => {
  const sample = (dir: string, notebook: string) => ({ [`${dir}/requirements.txt`]: 'neptune==1.10.0\nscikit-learn==1.5.0\n', [`${dir}/${notebook}`]: '{}' });
  const workflow = (steps: string, matrix = '') => `name: tests\non:\n  pull_request:\n    paths:\n      - "how-to-guides/**"\njobs:\n  run:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n${matrix}    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -U ipython nbconvert\n${steps}`;
  const notebookMatrix = workflow('      - run: ipython ${{ matrix.notebooks }}\n', '        notebooks:\n          - how-to-guides/hello/notebooks/hello.ipynb\n          # - how-to-guides/retired/notebooks/retired.ipynb\n');
  const repository = { ...sample('how-to-guides/hello/notebooks', 'hello.ipynb'), ...sample('how-to-guides/other/notebooks', 'other.ipynb'), ...sample('how-to-guides/retired/notebooks', 'retired.ipynb') };

  it('a matrix of notebook paths run with `ipython`: the notebooks it names are tested, the others are not', async () => {
    const files = { ...repository, '.github/workflows/test-notebooks.yml': notebookMatrix };
    const named = await projectFindings(files, 'how-to-guides/hello/notebooks', 'hello.ipynb', ['x = 1']);
    assert.match(named.model.notebookTestRunner ?? '', /test-notebooks\.yml$/);
    assert.deepEqual(named.inFiles, ['NB403:requirements.txt']);
    const other = await projectFindings(files, 'how-to-guides/other/notebooks', 'other.ipynb', ['x = 1']);
    assert.deepEqual(other.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
    // A path in a comment is not run.
    const retired = await projectFindings(files, 'how-to-guides/retired/notebooks', 'retired.ipynb', ['x = 1']);
    assert.deepEqual(retired.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });

  it('a matrix of script folders entered and run (`cd ${{ matrix.scripts }}`, `bash run_examples.sh`) tests the project they are in', async () => {
    const forecast = { 'use-cases/forecast/requirements.txt': 'prophet==1.1.5\n', 'use-cases/forecast/scripts/run_examples.sh': '', 'use-cases/forecast/scripts/train.py': 'print(1)\n', 'use-cases/forecast/notebooks/eda.ipynb': '{}' };
    const scripts = workflow('      - run: |\n          cd ${{ matrix.scripts }}\n          bash run_examples.sh\n', '        scripts:\n          - use-cases/forecast/scripts\n');
    const found = await projectFindings({ ...forecast, '.github/workflows/test-scripts.yml': scripts }, 'use-cases/forecast', 'notebooks/eda.ipynb', ['x = 1']);
    assert.deepEqual(found.inFiles, ['NB403:requirements.txt']);
  });

  it('at the repository root, a script run in a notebook\'s folder below the checkout path tests the project (holdout15: lamini-examples)', async () => {
    const examples = { 'requirements.txt': 'lamini==3.1.0\n', '02_tuning/tune.py': 'print(1)\n', '02_tuning/Tuning.ipynb': '{}', 'intro/chat.py': 'print(1)\n' };
    const job = (folder: string) => `name: Run examples\non:\n  workflow_call:\njobs:\n  tuning:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          path: acme-examples\n      - run: pip install -r ./acme-examples/requirements.txt\n      - run: |\n          cd ./acme-examples/${folder}\n          python tune.py\n`;
    const tested = await projectFindings({ ...examples, '.github/workflows/run_examples.yaml': job('02_tuning') }, '', '02_tuning/Tuning.ipynb', ['x = 1']);
    assert.match(tested.model.notebookTestRunner ?? '', /run_examples\.yaml$/);
    assert.deepEqual(tested.inFiles.filter((f) => f.startsWith('NB303')), []);
    // A script run in a folder with no notebook (a demo script, a deploy step) checks nothing the notebooks use.
    const elsewhere = await projectFindings({ ...examples, '.github/workflows/run_examples.yaml': job('intro') }, '', '02_tuning/Tuning.ipynb', ['x = 1']);
    assert.deepEqual(elsewhere.inFiles.filter((f) => f.startsWith('NB303')), ['NB303:requirements.txt']);
    // Entering the notebook's folder without running a script there checks nothing either.
    const converted = job('02_tuning').replace('python tune.py', 'jupyter nbconvert --to html Tuning.ipynb');
    const onlyConverted = await projectFindings({ ...examples, '.github/workflows/run_examples.yaml': `${converted}      - run: python intro/chat.py\n` }, '', '02_tuning/Tuning.ipynb', ['x = 1']);
    assert.deepEqual(onlyConverted.inFiles.filter((f) => f.startsWith('NB303')), ['NB303:requirements.txt']);
  });

  it('a `find` or a glob over the notebooks, executed with nbconvert, papermill or `jupyter execute`, covers every notebook below it', async () => {
    const commands = [
      '      - run: find . -name "*.ipynb" -exec jupyter nbconvert --to notebook --execute {} \\;\n',
      '      - run: for nb in how-to-guides/*/notebooks/*.ipynb; do papermill "$nb" out.ipynb; done\n',
      '      - run: jupyter execute how-to-guides/other/notebooks/other.ipynb\n',
    ];
    for (const steps of commands) {
      const found = await projectFindings({ ...repository, '.github/workflows/notebooks.yml': workflow(steps) }, 'how-to-guides/other/notebooks', 'other.ipynb', ['x = 1']);
      assert.deepEqual(found.inFiles, ['NB403:requirements.txt'], steps);
    }
  });

  it('naming the folder without executing it, executing without naming it, or leaving it out checks nothing', async () => {
    const workflows = [
      // Converted to pages, not executed.
      workflow('      - run: jupyter nbconvert --to html how-to-guides/hello/notebooks/hello.ipynb\n'),
      // Installs the runners; runs a link checker over a trigger path.
      workflow('      - run: python scripts/check_links.py\n'),
      // Executes every notebook but the ones its filter leaves out.
      `name: changed\non: [pull_request]\njobs:\n  changed:\n    steps:\n      - uses: tj-actions/changed-files@v46\n        with:\n          files: |\n            **/*.ipynb\n          files_ignore: |\n            **/how-to-guides/**\n      - run: ipython \${{ matrix.notebooks }}\n`,
    ];
    for (const text of workflows) {
      const found = await projectFindings({ ...repository, '.github/workflows/ci.yml': text }, 'how-to-guides/hello/notebooks', 'hello.ipynb', ['x = 1']);
      assert.deepEqual(found.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt'], text);
    }
  });

  it('a root requirements file of only the runner\'s tooling (`ipython`, `nbconvert`) is the CI\'s environment, not a project', async () => {
    const runner = await projectFindings({ 'requirements.txt': 'iprogress\nipython\nipywidgets\nnbconvert\n', 'utils/Create_projects.ipynb': '{}' }, '', 'utils/Create_projects.ipynb', ['import neptune\nrun = neptune.init_run()']);
    assert.equal(runner.model.isProject, false);
    assert.deepEqual([...runner.inCells, ...runner.inFiles], []);
    const imports = await projectFindings({ 'requirements.txt': 'ipython\nnbconvert\nneptune\n', 'utils/Create_projects.ipynb': '{}' }, '', 'utils/Create_projects.ipynb', ['import neptune']);
    assert.deepEqual(imports.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });
});

describe('NB403: a library\'s notebooks are its documentation (holdout8A)', () => {
  const TS_NOTEBOOK = JSON.stringify({ metadata: { kernelspec: { name: 'deno', language: 'typescript' } }, nbformat: 4, nbformat_minor: 5, cells: [] });
  const library = {
    'pyproject.toml': '[project]\nname = "tracekit"\nversion = "1.0.0"\ndependencies = ["httpx>=0.27"]\n',
    'src/tracekit/__init__.py': '',
    'src/tracekit/spans.py': 'def export(spans):\n    return list(spans)\n',
    'tutorials/tracing/quickstart.ipynb': '{}',
    'scripts/fixtures/load_spans.ipynb': '{}',
    'js/notebooks/client.ipynb': TS_NOTEBOOK,
    'examples/research-agent/requirements.txt': 'llama-index==0.12.0\ntracekit\n',
    'examples/research-agent/agent.py': 'from llama_index.core.workflow import Workflow\n\nclass Research(Workflow):\n    pass\n',
    'examples/research-agent/evaluate.ipynb': '{}',
  };

  it('a library whose Python notebooks live in tutorials/ and its dev scripts/ asks no brief; a TypeScript notebook (NB002) does not count', async () => {
    const root = await projectFindings(library, '', 'tutorials/tracing/quickstart.ipynb', ['import tracekit']);
    assert.deepEqual(root.inFiles, ['NB303:pyproject.toml']);
    const pythonElsewhere = await projectFindings({ ...library, 'js/notebooks/client.ipynb': '{}' }, '', 'tutorials/tracing/quickstart.ipynb', ['import tracekit']);
    assert.deepEqual(pythonElsewhere.inFiles, ['NB303:pyproject.toml', 'NB403:pyproject.toml']);
  });

  it('a research notebook inside the library\'s own package does not make it a product; more of them than its tutorials do (holdout11: chroma)', async () => {
    const research = { ...library, 'src/tracekit/experimental/span_density.ipynb': '{}' };
    const root = await projectFindings(research, '', 'tutorials/tracing/quickstart.ipynb', ['import tracekit']);
    assert.deepEqual(root.inFiles, ['NB303:pyproject.toml']);
    const mostlyInPackage = { ...research, 'src/tracekit/experimental/span_drift.ipynb': '{}', 'src/tracekit/experimental/span_costs.ipynb': '{}' };
    const app = await projectFindings(mostlyInPackage, '', 'tutorials/tracing/quickstart.ipynb', ['import tracekit']);
    assert.deepEqual(app.inFiles, ['NB303:pyproject.toml', 'NB403:pyproject.toml']);
  });

  it('a demo app with its own requirements in the library\'s examples/ is the library\'s documentation: NB303 stays, no NB403', async () => {
    const demo = await projectFindings(library, 'examples/research-agent', 'evaluate.ipynb', ['from agent import Research']);
    assert.deepEqual(demo.inFiles, ['NB303:requirements.txt']);
  });

  it('the same demo in a repository with no package of its own is still an example: no NB403; in an apps/ folder it gets its brief', async () => {
    // holdout10: e2b-cookbook's examples/langchain-python, a console script that runs a demo, was labelled wrong.
    const recipes = Object.fromEntries(Object.entries(library).filter(([file]) => !file.startsWith('src/')));
    const demo = await projectFindings(recipes, 'examples/research-agent', 'evaluate.ipynb', ['from agent import Research']);
    assert.deepEqual(demo.inFiles, ['NB303:requirements.txt']);
    const asApp = Object.fromEntries(Object.entries(recipes).map(([file, text]) => [file.replace(/^examples\//, 'apps/'), text]));
    const app = await projectFindings(asApp, 'apps/research-agent', 'evaluate.ipynb', ['from agent import Research']);
    assert.deepEqual(app.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });

  it('a project in a repository named for examples (`acme-cookbook`, `kubeflow-examples`) asks no brief; in `acme-platform` it does (holdout10)', async () => {
    const project = { 'requirements.txt': 'tensorflow==2.5.3\n', 'train.ipynb': '{}' };
    // A name of several parts before the word (`owner+Video-Tutorials`, holdout14: a clone named with its owner) too.
    for (const [top, brief] of [['acme-cookbook', false], ['kubeflow-examples', false], ['acme+Video-Tutorials', false], ['acme+video-platform', true], ['acme-platform', true]] as const) {
      const files = Object.fromEntries(Object.entries(project).map(([file, text]) => [`${top}/nmt/${file}`, text]));
      const found = await projectFindings({ ...files, [`${top}/.git/HEAD`]: 'ref: refs/heads/main\n' }, `${top}/nmt`, 'train.ipynb', ['import tensorflow as tf']);
      assert.equal(found.inFiles.includes('NB403:requirements.txt'), brief, `${top}: ${found.inFiles.join(', ')}`);
    }
  });
});

describe('a notebook collection\'s tooling pyproject.toml makes no project (holdout8A)', () => {
  const tooling = (extra: string) => `[project]\nname = "notebooks"\nversion = "0.1.0"\ndependencies = [\n    "ipykernel>=6.30",\n    "ipywidgets>=8.1",\n    "nbconvert>=7.16",\n]\n\n[project.optional-dependencies]\n${extra}\n`;
  const cells = ['%pip install transformers', 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("gpt2")'];

  it('the kernel, nbconvert and a generator extra of marimo and ruff: no NB303/NB403', async () => {
    const found = await projectFindings({ 'pyproject.toml': tooling('generator = ["marimo==0.23.8", "ruff==0.15.16"]'), 'uv.lock': '', 'nb/Llama_FineTune.ipynb': '{}' }, '', 'nb/Llama_FineTune.ipynb', cells);
    assert.equal(found.model.isProject, false);
    assert.deepEqual([...found.inFiles, ...found.inCells], []);
  });

  it('an extra of what the code runs with (torch) keeps it a project', async () => {
    const found = await projectFindings({ 'pyproject.toml': tooling('train = ["torch==2.4.0"]'), 'uv.lock': '', 'nb/Llama_FineTune.ipynb': '{}' }, '', 'nb/Llama_FineTune.ipynb', cells);
    assert.deepEqual(found.inFiles, ['NB303:pyproject.toml', 'NB403:pyproject.toml']);
  });
});

describe('NB303: a library\'s demo of notebooks only is documented by the library (holdout16-17)', () => {
  // A library with its own package and tests; its examples/ folder holds demos with a requirements.txt each.
  const library = {
    'pyproject.toml': '[project]\nname = "featurestore"\ndependencies = ["pandas==2.2.3"]\n',
    'featurestore/__init__.py': 'def apply(repo):\n    return repo\n',
    'tests/test_apply.py': 'from featurestore import apply\n\ndef test_apply():\n    assert apply(1) == 1\n',
  };

  it('a folder of notebooks only: nothing of it for a test suite to import, the library\'s tests live above', async () => {
    const files = { ...library, 'examples/credit-risk/requirements.txt': 'featurestore\nscikit-learn==1.5.2\n', 'examples/credit-risk/01_prep.ipynb': '{}', 'examples/credit-risk/02_train.ipynb': '{}' };
    const found = await projectFindings(files, 'examples/credit-risk', 'examples/credit-risk/02_train.ipynb', ['from featurestore import apply\nstore = apply(".")']);
    assert.ok(found.model.libraryDocs !== undefined);
    assert.deepEqual([...found.inCells, ...found.inFiles].filter((c) => c.startsWith('NB303')), []);
  });

  // holdout16: statsforecast's experiments/vn1-competition (a benchmark write-up of the library, one notebook).
  it('a benchmark of the library in its experiments/ or benchmarks/ (notebooks, or src/ scripts each on its own): no NB303; scripts importing one another, or no library above, keep it', async () => {
    const benchmark = { 'pyproject.toml': '[project]\nname = "vn1"\ndependencies = ["featurestore==0.4.0", "ipykernel"]\n', 'src/vn1.ipynb': '{}', Procfile: '' };
    const cell = ['from featurestore import apply\nscores = apply("vn1")'];
    for (const folder of ['experiments/vn1-competition', 'benchmarks/vn1']) {
      const files = { ...library, ...Object.fromEntries(Object.entries(benchmark).map(([f, t]) => [`${folder}/${f}`, t])) };
      const found = await projectFindings(files, folder, 'src/vn1.ipynb', cell);
      assert.ok(found.model.libraryDocs !== undefined, folder);
      assert.deepEqual(found.inFiles.filter((c) => c.startsWith('NB303')), [], folder);
    }
    const folder = 'experiments/vn1-competition';
    const inFolder = (files: Record<string, string>) => ({ ...library, ...Object.fromEntries(Object.entries({ ...benchmark, ...files }).map(([f, t]) => [`${folder}/${f}`, t])) });
    // holdout16: benchmarks_at_scale's src/data.py and src/experiment.py, two fire scripts that each call the library.
    const DATA = 'import fire\nfrom featurestore import apply\n\ndef main(n):\n    apply(n)\n\nif __name__ == "__main__":\n    fire.Fire(main)\n';
    const scripts = inFolder({ 'src/data.py': DATA, 'src/experiment.py': 'import fire\nfrom featurestore import apply\n\ndef run(group):\n    return apply(group)\n\nif __name__ == "__main__":\n    fire.Fire(run)\n' });
    assert.deepEqual((await projectFindings(scripts, folder, 'src/vn1.ipynb', cell)).inFiles.filter((c) => c.startsWith('NB303')), []);
    const own = inFolder({ 'src/data.py': DATA, 'src/experiment.py': 'from data import main\n\ndef run(group):\n    return main(group)\n' });
    assert.deepEqual((await projectFindings(own, folder, 'src/vn1.ipynb', cell)).inFiles.filter((c) => c.startsWith('NB303')), ['NB303:pyproject.toml']);
    const noLibrary = Object.fromEntries(Object.entries(benchmark).map(([f, t]) => [`${folder}/${f}`, t]));
    assert.deepEqual((await projectFindings(noLibrary, folder, 'src/vn1.ipynb', cell)).inFiles.filter((c) => c.startsWith('NB303')), ['NB303:pyproject.toml']);
  });

  it('an example app with code of its own still has untested code', async () => {
    const files = { ...library, 'examples/churn-app/requirements.txt': 'featurestore\nflask==3.0.3\n', 'examples/churn-app/app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'examples/churn-app/demo.ipynb': '{}' };
    const found = await projectFindings(files, 'examples/churn-app', 'examples/churn-app/demo.ipynb', ['import requests\nrequests.post("http://localhost:5000", timeout=5)']);
    assert.deepEqual(found.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:requirements.txt']);
  });

  // holdout16-18: peft's and clearml's example folders hold training scripts beside the notebooks, each a demo of the
  // library on its own; the labels say the library's tests are where tests live.
  const FINETUNE = 'import argparse\n\nfrom featurestore import apply\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--repo")\n    print(apply(parser.parse_args().repo))\n\n\nif __name__ == "__main__":\n    main()\n';
  const NOTEBOOK_CELL = ['from featurestore import apply\nstore = apply(".")'];

  it('scripts that each show the library on their own: no NB303 in the example folder (holdout16: peft, holdout18: clearml)', async () => {
    const files = { ...library, 'examples/int8/requirements.txt': 'featurestore\ntorch==2.4.0\n', 'examples/int8/finetune_int8.py': FINETUNE, 'examples/int8/export_adapter.py': 'import sys\nfrom featurestore import apply\n\napply(sys.argv[1])\n', 'examples/int8/finetune.ipynb': '{}', 'examples/int8/Procfile': '' };
    const found = await projectFindings(files, 'examples/int8', 'examples/int8/finetune.ipynb', NOTEBOOK_CELL);
    assert.deepEqual([...found.inCells, ...found.inFiles].filter((c) => c.startsWith('NB303')), []);
  });

  it('scripts that import one another are an app of its own: NB303 stays (holdout8a: a research agent whose run.py imports workflow.py)', async () => {
    const files = { ...library, 'examples/agent/requirements.txt': 'featurestore\nllama-index==0.11.0\n', 'examples/agent/workflow.py': 'class ResearchWorkflow:\n    def run(self, query):\n        return query\n', 'examples/agent/run.py': 'import sys\n\nfrom workflow import ResearchWorkflow\n\nprint(ResearchWorkflow().run(sys.argv[1]))\n', 'examples/agent/evaluate.ipynb': '{}', 'examples/agent/Procfile': '' };
    const found = await projectFindings(files, 'examples/agent', 'examples/agent/evaluate.ipynb', NOTEBOOK_CELL);
    assert.equal(found.model.ships, undefined, 'kept for its imports, not for shipping');
    assert.deepEqual(found.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:requirements.txt']);
  });

  it('a lone script that ships (a scheduled job beside a docker-compose) stays reported (holdout15: evidently\'s Grafana dashboard)', async () => {
    const job = 'from prefect import flow, task\n\n\n@task\ndef compute():\n    return 1\n\n\n@flow\ndef batch_monitoring_backfill():\n    compute()\n\n\nif __name__ == "__main__":\n    batch_monitoring_backfill()\n';
    const files = { ...library, 'examples/grafana/dashboard/requirements.txt': 'featurestore\nprefect==2.19.0\n', 'examples/grafana/dashboard/metrics_job.py': job, 'examples/grafana/dashboard/docker-compose.yml': 'services:\n  db:\n    image: postgres\n  grafana:\n    image: grafana/grafana\n', 'examples/grafana/dashboard/drift.ipynb': '{}', 'examples/grafana/dashboard/Procfile': '' };
    const found = await projectFindings(files, 'examples/grafana/dashboard', 'examples/grafana/dashboard/drift.ipynb', NOTEBOOK_CELL);
    assert.ok(found.model.ships !== undefined, 'the fixture ships');
    assert.deepEqual(found.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:requirements.txt']);
  });

  it('a namespace package under src/ is the library\'s package too (holdout17: openinference-instrumentation\'s examples)', async () => {
    const namespaced = {
      'python/tracekit-instrumentation/pyproject.toml': '[project]\nname = "tracekit-instrumentation"\ndependencies = ["opentelemetry-api>=1.20"]\n',
      'python/tracekit-instrumentation/src/tracekit/instrumentation/__init__.py': 'def using_session(session_id):\n    return session_id\n',
      'python/tracekit-instrumentation/tests/test_session.py': 'from tracekit.instrumentation import using_session\n\ndef test_session():\n    assert using_session("a") == "a"\n',
      'python/tracekit-instrumentation/examples/requirements.txt': 'tracekit-instrumentation\nopenai==1.40.0\n',
      'python/tracekit-instrumentation/examples/manual_spans.ipynb': '{}',
    };
    const cell = ['from tracekit.instrumentation import using_session\nusing_session("demo")'];
    const found = await projectFindings(namespaced, 'python/tracekit-instrumentation/examples', 'manual_spans.ipynb', cell);
    assert.ok(found.model.libraryDocs !== undefined);
    assert.deepEqual([...found.inCells, ...found.inFiles].filter((c) => c.startsWith('NB303')), []);
    // A src/ of job scripts in folders (no __init__.py anywhere) is no package: the examples are a project of their own.
    const jobs = Object.fromEntries(Object.entries(namespaced).map(([f, t]) => [f.replace('src/tracekit/instrumentation/__init__.py', 'src/jobs/nightly/run_export.py'), t]));
    const notLibrary = await projectFindings(jobs, 'python/tracekit-instrumentation/examples', 'manual_spans.ipynb', cell);
    assert.equal(notLibrary.model.libraryDocs, undefined);
    assert.deepEqual(notLibrary.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:requirements.txt']);
  });

  it('the library\'s own root keeps NB303 when it has no tests (holdout18: clearml\'s root)', async () => {
    const untested = { 'pyproject.toml': library['pyproject.toml'], 'featurestore/__init__.py': library['featurestore/__init__.py'], 'examples/int8/finetune.ipynb': '{}', 'examples/int8/finetune_int8.py': FINETUNE, Procfile: '' };
    const found = await projectFindings(untested, '', 'examples/int8/finetune.ipynb', NOTEBOOK_CELL);
    assert.deepEqual(found.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:pyproject.toml']);
  });
});

// holdout20: a notes repository's `pyutils/revdiff-check.py` is a unittest suite (TestCase classes, unittest.main()).
describe('NB303: a unittest suite named outside pytest\'s patterns is a test (holdout20)', () => {
  const repo = { 'requirements.txt': 'numpy==2.0.0\n', 'pyutils/revdiff.py': 'def grad(f, x):\n    return f(x)\n', 'linalg.ipynb': '{}' };
  const suite = 'import unittest\nimport revdiff as rd\n\n\nclass RDTestCase(unittest.TestCase):\n    def test_grad(self):\n        self.assertEqual(rd.grad(lambda v: v, 2), 2)\n\n\nif __name__ == "__main__":\n    unittest.main()\n';
  it('no NB303 with revdiff-check.py; a script with no TestCase or no unittest.main() is no test', async () => {
    const tested = await projectFindings({ ...repo, 'pyutils/revdiff-check.py': suite }, '', 'linalg.ipynb', ['import numpy as np']);
    assert.deepEqual(tested.inFiles.filter((c) => c.startsWith('NB303')), []);
    const script = await projectFindings({ ...repo, 'pyutils/revdiff-demo.py': 'import revdiff as rd\n\nif __name__ == "__main__":\n    print(rd.grad(abs, -2))\n' }, '', 'linalg.ipynb', ['import numpy as np']);
    assert.deepEqual(script.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:requirements.txt']);
  });
});

describe('NB303: a retired project has nothing to test (holdout12, holdout16, holdout18)', () => {
  const nb = (...cells: { cell_type: string; source: string }[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((c) => ({ ...c, metadata: {} })) });
  const moved = nb({ cell_type: 'markdown', source: '## This repo has been moved\n\nThe quickstart now lives in its own repository.' });
  const CELL = ['import pandas as pd\ndf = pd.read_csv("churn.csv")'];

  it('a folder whose only notebook is a markdown stub ("This repo has been moved"): no NB303; one code cell keeps it', async () => {
    const stub = await projectFindings({ 'churn/environment.yml': 'name: churn\ndependencies:\n  - pandas\n', 'churn/Churn Analysis.ipynb': moved, 'churn/Procfile': '' }, 'churn', 'Churn Analysis.ipynb', CELL);
    assert.ok(stub.model.retired !== undefined);
    assert.deepEqual(stub.inFiles.filter((c) => c.startsWith('NB303')), []);
    const withCode = nb({ cell_type: 'markdown', source: '# Churn' }, { cell_type: 'code', source: 'import pandas as pd\ndf = pd.read_csv("churn.csv")' });
    const live = await projectFindings({ 'churn/environment.yml': 'name: churn\ndependencies:\n  - pandas\n', 'churn/Churn Analysis.ipynb': withCode, 'churn/Procfile': '' }, 'churn', 'Churn Analysis.ipynb', CELL);
    assert.deepEqual(live.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:environment.yml']);
  });

  it('a dependency kernel whose notebook only runs shell commands (`!uv pip download …`): no NB303; one line of Python keeps it', async () => {
    const shell = nb({ cell_type: 'code', source: '# build the offline wheels\n!uv pip download -d /kaggle/working -r requirements.txt\n%ls /kaggle/working' });
    const deps = { 'deps/requirements.txt': 'polars==1.9.0\nlightgbm==4.5.0\n', 'deps/kernel-metadata.json': '{"id": "me/deps"}', 'deps/Procfile': '' };
    const kernel = await projectFindings({ ...deps, 'deps/deps.ipynb': shell }, 'deps', 'deps.ipynb', ['!uv pip download -d /kaggle/working -r requirements.txt']);
    assert.ok(kernel.model.retired !== undefined);
    assert.deepEqual(kernel.inFiles.filter((c) => c.startsWith('NB303')), []);
    const withPython = nb({ cell_type: 'code', source: '!uv pip download -d /kaggle/working -r requirements.txt\nimport polars as pl\nprint(pl.__version__)' });
    const live = await projectFindings({ ...deps, 'deps/deps.ipynb': withPython }, 'deps', 'deps.ipynb', ['import polars as pl']);
    assert.equal(live.model.retired, undefined);
    assert.deepEqual(live.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:requirements.txt']);
  });

  it('a README that opens "DEPRECATED: go to …" or "no longer maintained": no NB303; a deprecated API named further on keeps it', async () => {
    const sample = { 'summarize/requirements.txt': 'google-cloud-documentai==2.29.0\n', 'summarize/paper_summarization.ipynb': nb({ cell_type: 'code', source: 'from google.cloud import documentai' }), 'summarize/Procfile': '' };
    const deprecated = await projectFindings({ ...sample, 'summarize/README.md': '# Paper summarization\n\nDEPRECATED: Go to the generative-ai repository for the current sample.\n\n## Training data\n' }, 'summarize', 'paper_summarization.ipynb', CELL);
    assert.deepEqual(deprecated.inFiles.filter((c) => c.startsWith('NB303')), []);
    const unmaintained = await projectFindings({ ...sample, 'summarize/README.md': '# ⚠️ Important notice\n\nThis repository is deprecated and no longer maintained.\n' }, 'summarize', 'paper_summarization.ipynb', CELL);
    assert.deepEqual(unmaintained.inFiles.filter((c) => c.startsWith('NB303')), []);
    const live = await projectFindings({ ...sample, 'summarize/README.md': '# Paper summarization\n\nSummarizes papers with Document AI. The v1beta3 endpoint is deprecated, so this sample calls v1.\nIt used pdfminer-six-fork, which is no longer maintained.\n' }, 'summarize', 'paper_summarization.ipynb', CELL);
    assert.equal(live.model.retired, undefined);
    assert.deepEqual(live.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:requirements.txt']);
  });

  // holdout20: a samples repository whose top README says it has moved, and an archived workshop whose plain `README`
  // says "This workshop is currently deprecated".
  it('a repository README above the project saying it has moved retires the samples below; "archived" above does not', async () => {
    const sample = { 'solutions/assistant/src/notebooks/requirements.txt': 'openai==1.40.0\n', 'solutions/assistant/src/notebooks/topics.ipynb': nb({ cell_type: 'code', source: 'import openai' }), 'solutions/assistant/src/bot/app.py': 'def reply(text):\n    return text\n' };
    const where = 'solutions/assistant/src/notebooks';
    const moved = await projectFindings({ ...sample, 'README.md': '| :information_source: | This repository has been migrated to a new location. [Click](https://example.com) to redirect. |\n|---|:---|\n\n# Samples\n' }, where, 'topics.ipynb', CELL);
    assert.ok(moved.model.retired?.includes('migrated'));
    assert.deepEqual(moved.inFiles.filter((c) => c.startsWith('NB303')), []);
    // Archived, the repository's samples are still its code here, untested (holdout13 label right).
    const archived = await projectFindings({ ...sample, 'README.md': '> [!NOTE]\n> This repository has been archived and is no longer actively maintained.\n\n# Patterns\n' }, where, 'topics.ipynb', CELL);
    assert.deepEqual(archived.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:requirements.txt']);
    const live = await projectFindings({ ...sample, 'README.md': '# Samples\n\nThe old v1 samples were migrated to the new SDK.\n' }, where, 'topics.ipynb', CELL);
    assert.deepEqual(live.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:requirements.txt']);
  });

  it('the project\'s own plain README saying "This workshop is currently deprecated" retires it', async () => {
    const workshop = { 'byo-classifier/requirements.txt': 'scikit-learn==1.5.2\n', 'byo-classifier/classifier.ipynb': nb({ cell_type: 'code', source: 'import sklearn' }), 'byo-classifier/train.py': 'def fit(x):\n    return x\n' };
    const retired = await projectFindings({ ...workshop, 'byo-classifier/README': '# Analyze Tabular Data With A Custom Classifier\n\nNOTE: This workshop is currently deprecated and only included in this repository for reference.\n' }, 'byo-classifier', 'classifier.ipynb', CELL);
    assert.deepEqual(retired.inFiles.filter((c) => c.startsWith('NB303')), []);
    const live = await projectFindings({ ...workshop, 'byo-classifier/README': '# Analyze Tabular Data With A Custom Classifier\n\nThis workshop trains a classifier.\n' }, 'byo-classifier', 'classifier.ipynb', CELL);
    assert.deepEqual(live.inFiles.filter((c) => c.startsWith('NB303')), ['NB303:requirements.txt']);
  });
});

describe('NB303: a collection of notebooks with no Python of its own (holdout11-19 labels)', () => {
  const notebooksAt = (paths: string[]) => Object.fromEntries(paths.map((p) => [p, '{}']));
  const environment = { 'environment.yml': 'name: pandas\ndependencies:\n  - python=3.11\n  - pandas\n  - matplotlib\n', Procfile: '' };
  const CELL = ['import pandas as pd\nufo = pd.read_csv("data/ufo.csv")\nufo.groupby("State").size()'];
  // A video series' or a tutorial book's notebooks, none with a lesson number in its name.
  const series = ['pandas_basics.ipynb', 'pandas_merge.ipynb', 'pandas_multiindex.ipynb', 'pandas_tricks.ipynb', 'more_pandas_tricks.ipynb', 'pandas_changes.ipynb'];
  const nb303 = (found: { inFiles: string[] }) => found.inFiles.filter((c) => c.startsWith('NB303'));

  it('six notebooks side by side and not one .py: no NB303 (pandas-videos, Prompt_Engineering, a hackathon\'s notebooks)', async () => {
    const found = await projectFindings({ ...environment, ...notebooksAt(series) }, '', series[0], CELL);
    assert.equal(found.model.course, false);
    assert.deepEqual(nb303(found), []);
  });

  it('the Jupyter server\'s configuration is no Python of the project\'s own (handson-ml2\'s docker/, pandas-cookbook\'s .jupyter/)', async () => {
    for (const config of ['docker/jupyter_notebook_config.py', '.jupyter/jupyter_notebook_config.py', 'profile/ipython_config.py']) {
      const found = await projectFindings({ ...environment, ...notebooksAt(series), [config]: 'c = get_config()\nc.NotebookApp.ip = "0.0.0.0"\n' }, '', series[0], CELL);
      assert.deepEqual(nb303(found), [], config);
    }
  });

  it('a helper module of its own, four notebooks only, or a served entry point: NB303 stays', async () => {
    const helper = { 'plotting.py': 'import matplotlib.pyplot as plt\n\ndef plot_counts(series):\n    series.plot(kind="bar")\n    plt.tight_layout()\n' };
    assert.deepEqual(nb303(await projectFindings({ ...environment, ...helper, ...notebooksAt(series) }, '', series[0], CELL)), ['NB303:environment.yml']);
    // kubeflow's Kaggle examples: the original notebook, its Kale and its KFP variants (labelled right).
    const variants = ['house-prices-orig.ipynb', 'house-prices-kale.ipynb', 'house-prices-kfp.ipynb', 'data-exploration.ipynb'];
    assert.deepEqual(nb303(await projectFindings({ ...environment, ...notebooksAt(variants) }, '', variants[0], CELL)), ['NB303:environment.yml']);
    const served = await projectFindings({ ...environment, Procfile: SHIPS, ...notebooksAt(series) }, '', series[0], CELL);
    assert.deepEqual(nb303(served), ['NB303:environment.yml']);
  });
});

describe('NB303: a hands-on workshop\'s lab of notebooks only is a lesson (holdout18)', () => {
  const notebooksAt = (dir: string, names: string[]) => Object.fromEntries(names.map((n) => [`${dir}/${n}`, '{}']));
  const requirements = 'langfuse==3.2.1\nstrands-agents==1.4.0\nboto3==1.40.0\n';
  const CELL = ['from langfuse import Langfuse\nlangfuse = Langfuse()\ntrace = langfuse.trace(name="agent-run")'];
  const lab = ['01-langfuse-setup.ipynb', '02-tracing-agents.ipynb', '03-evaluations.ipynb', '04-dashboards.ipynb'];
  const nb303 = (found: { inFiles: string[] }) => found.inFiles.filter((c) => c.startsWith('NB303'));

  for (const workshop of ['workshops/building-agents', '04-workshops/inference']) {
    it(`a module of ${workshop.split('/')[0]}/ with four notebooks and no .py: a course's lesson, no NB303`, async () => {
      const dir = `${workshop}/5-observability/1-langfuse`;
      const found = await projectFindings({ [`${dir}/requirements.txt`]: requirements, [`${dir}/Procfile`]: '', ...notebooksAt(dir, lab) }, dir, lab[0], CELL);
      assert.equal(found.model.course, true);
      assert.deepEqual(nb303(found), []);
    });
  }

  it('a workshop lab with a training script of its own, or one notebook, or a folder named `bedrock-workshop`: NB303 stays', async () => {
    const dir = 'workshops/rag/03-02_fine-tuning-embedding';
    const trainer = { [`${dir}/scripts/trainer.py`]: 'from sentence_transformers import SentenceTransformer\n\ndef train(model_id, data):\n    return SentenceTransformer(model_id)\n' };
    const withScript = await projectFindings({ [`${dir}/requirements.txt`]: requirements, [`${dir}/Procfile`]: '', ...trainer, ...notebooksAt(dir, lab) }, dir, lab[0], CELL);
    assert.deepEqual(nb303(withScript), ['NB303:requirements.txt']);
    const one = 'workshops/inference/lab4/image-generation';
    const single = await projectFindings({ [`${one}/requirements.txt`]: requirements, [`${one}/Procfile`]: '', ...notebooksAt(one, ['flux-deploy.ipynb']) }, one, 'flux-deploy.ipynb', CELL);
    assert.equal(single.model.course, true);
    assert.deepEqual(nb303(single), ['NB303:requirements.txt']);
    const named = 'bedrock-workshop/agents';
    const notCourse = await projectFindings({ [`${named}/requirements.txt`]: requirements, [`${named}/Procfile`]: '', ...notebooksAt(named, lab) }, named, lab[0], CELL);
    assert.equal(notCourse.model.course, false);
    assert.deepEqual(nb303(notCourse), ['NB303:requirements.txt']);
  });
});
