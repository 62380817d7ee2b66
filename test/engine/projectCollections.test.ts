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

/** NB303/NB403 of one notebook of a repository, with the project root at `projectDir` (the repository's top when empty). */
async function projectFindings(files: Record<string, string>, projectDir: string, notebook: string, cells: string[]) {
  const engine = await getEngine();
  // The repository's top: the search for its CI stops here, never reading the machine's folders above.
  const repo = writeProject({ '.git/HEAD': 'ref: refs/heads/main\n', ...files });
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
    [`examples/${name}/requirements.txt`]: 'lancedb==0.5.0\nopenai==1.30.0\n',
    [`examples/${name}/main.py`]: 'import lancedb\n\ndef main():\n    db = lancedb.connect("data")\n    return db\n',
    [`examples/${name}/main.ipynb`]: '{}',
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
    const example = await projectFindings(repository, 'examples/code-qa-bot', 'main.ipynb', ['import lancedb\ndb = lancedb.connect("data")']);
    assert.deepEqual(example.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });

  it('a root with two example projects, or with a script of its own, still gets its brief', async () => {
    const twoProjects = Object.fromEntries(Object.entries(repository).filter(([file]) => file !== 'examples/arxiv-search/requirements.txt'));
    const two = await projectFindings(twoProjects, '', 'tutorials/intro.ipynb', ['import lancedb']);
    assert.deepEqual(two.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
    const app = await projectFindings({ ...repository, 'app.py': 'import lancedb\n\ndef serve():\n    return lancedb.connect("data")\n' }, '', 'tutorials/intro.ipynb', ['import lancedb']);
    assert.deepEqual(app.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });

  it('a book\'s chapters with extra requirements (`requirements-extra.txt`) are parts of the book\'s project, not projects of their own', async () => {
    const book = {
      'pyproject.toml': '[project]\nname = "llm-book"\nversion = "1.0.0"\ndependencies = ["torch>=2.2", "tiktoken>=0.5"]\n',
      'ch02/tokenizer.ipynb': '{}',
      'ch02/bpe/requirements-extra.txt': 'requests\n',
      'ch02/bpe/bpe.ipynb': '{}',
      'ch05/ui/requirements-extra.txt': 'chainlit>=1.2\n',
      'ch05/ui/app.ipynb': '{}',
      'ch07/evaluation/requirements-extra.txt': 'openai>=1.30\n',
      'ch07/evaluation/ollama.ipynb': '{}',
    };
    const found = await projectFindings(book, '', 'ch02/tokenizer.ipynb', ['import tiktoken\ntokenizer = tiktoken.get_encoding("gpt2")']);
    assert.deepEqual(found.inFiles, ['NB303:pyproject.toml', 'NB403:pyproject.toml']);
  });

  it('a cloud variant in the app\'s own folder (the same notebook again) is covered by the app\'s brief', async () => {
    const files = {
      ...recipe('product-recommender'),
      'examples/product-recommender/lancedb_cloud/requirements.txt': 'lancedb==0.5.0\n',
      'examples/product-recommender/lancedb_cloud/main.py': 'import lancedb\n\ndef main():\n    return lancedb.connect("db://products")\n',
      'examples/product-recommender/lancedb_cloud/main.ipynb': '{}',
    };
    const variant = await projectFindings(files, 'examples/product-recommender/lancedb_cloud', 'main.ipynb', ['import lancedb']);
    assert.deepEqual(variant.inFiles, ['NB303:requirements.txt']);
    const app = await projectFindings(files, 'examples/product-recommender', 'main.ipynb', ['import lancedb']);
    assert.deepEqual(app.inFiles, ['NB303:requirements.txt', 'NB403:requirements.txt']);
  });

  it('a cloud folder whose parent is no app (no dependency file there) is the demo\'s only project: it gets its brief', async () => {
    const files = { 'examples/llamaindex-demo/lancedb_cloud/requirements.txt': 'lancedb==0.5.0\n', 'examples/llamaindex-demo/lancedb_cloud/main.ipynb': '{}', 'examples/llamaindex-demo/README.md': '# demo\n' };
    const found = await projectFindings(files, 'examples/llamaindex-demo/lancedb_cloud', 'main.ipynb', ['import lancedb']);
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
