// The project facts the NB3xx/NB4xx rules need: modules in src/, tests and what
// they import, eval cases, declared dependencies and lock files, the brief.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { CellOutline, CellSummary, Definition, ImportInfo } from '../cellSummary';
import { parseEnvironmentYml, parsePyprojectDependencies, parseRequirements, parseSetupPy, type DeclaredDependency } from './dependencies';
import { courseFolder, isBookChapter, enclosingApp, enclosingPackages, examplesFolder, memberTests, notebookTestRunner, variantOf, workspaceLockFile, workspaceTests } from './enclosing';
import { isCollectionOfPieces, isCourse, isLabReadme } from './lessons';
import { isLibraryWithExamples, libraryAbove, scriptsStandAlone } from './libraryDocs';
import { notebooksWithoutCode, retiredHereOrAbove } from './retired';
import { scanProject, type ScanOptions } from './scan';
import { MAX_EVIDENCE_BYTES, shipsEvidence, type ShipsEvidence } from './ships';
import { EVAL_REPORT_FILE, promptVersionsOf, readEvalReport, type EvalRunReport } from '../evals/evalSet';

export interface SourceModule {
  /** Path relative to the project root. */
  file: string;
  /** Dotted module name: `churn.features`. */
  module: string;
  definitions: Definition[];
  imports: ImportInfo[];
}

export interface TestFile {
  file: string;
  /** Dotted modules it imports. */
  modules: string[];
  /** Identifiers written in it, to see which functions it exercises. */
  words: Set<string>;
}

export interface ProjectModel {
  root: string;
  files: string[];
  notebooks: string[];
  modules: SourceModule[];
  tests: TestFile[];
  evalFiles: string[];
  evalCases: number;
  /** Cases per prompt version, over evals/*.jsonl. */
  evalPromptVersions: Map<string, number>;
  /** The eval gate's last run (evals/report.json). */
  evalReport?: EvalRunReport;
  dependencies: DeclaredDependency[];
  dependencyFiles: string[];
  /**
   * Environment files that declare what a job, a container or a model runs with (a
   * `conda.yaml` beside a training script, the requirements of an MLflow model or a
   * Docker build context): their dependencies count as declared, but they are not
   * the project's own dependency files (no NB303/NB403 stands on them, no NB401).
   */
  environmentFiles: string[];
  /** A lock file (or fully hashed requirements) pins everything. */
  lockFile?: string;
  /** setup.py builds its install_requires in a way nb2prod cannot read: it may declare anything (NB402 stays silent). */
  declaresUnknown?: boolean;
  /** Top-level import names that are the project's own code. */
  localModules: Set<string>;
  brief?: string;
  /** The app this project is one part of (a `backend/` below the app's pyproject.toml): NB403 stands on the app. */
  partOfApp?: string;
  /**
   * The file that makes CI test the notebooks: a pytest runner (`nbmake`, `nbval`, `pytest-iovis`…), or a CI
   * workflow that executes this folder's notebooks or scripts, here or in the repository above.
   */
  notebookTestRunner?: string;
  /**
   * A uv workspace member's test file kept in the workspace root's `tests/` (one importing the member), or, at the
   * workspace's root, a test file of a member (the scan skips members as projects of their own): it has tests.
   */
  workspaceTests?: string;
  /**
   * Its notebooks are mostly numbered lessons (`Chapter1_…`, `module-2/`, `labs/` + `solutions/`), it is in a course's or a
   * lab's folder (`courses/`, `labs/`, `self-paced-labs/`, `quests/`), or its README lists a lab's Learning Objectives: a course or a book, not a product.
   */
  course?: boolean;
  /**
   * Its notebooks are a library's documentation: the library's own root with its notebooks in examples,
   * tutorials, docs or dev scripts, or a demo in such a library's `examples/` (the library's folder).
   */
  libraryDocs?: string;
  /**
   * A demo in a library's examples (not the library's root) whose Python is scripts that each show the library on
   * their own, no package and none importing another (see libraryDocs.ts): nothing of its own for a test to import.
   */
  standaloneScripts?: boolean;
  /**
   * The project is retired: its README opens saying it is deprecated or has moved (the notice's line), or its notebooks
   * hold no code and it has no Python of its own (the first notebook). Only looked for when it has no tests (NB303).
   */
  retired?: string;
  /** The examples folder (`examples/`, a `…-cookbook` repository) the project is in: it shows how to use something, no product. */
  examples?: string;
  /** Packages the repository above the project builds (an example folder inside its library's repository): `clearml`. */
  repositoryPackages?: Set<string>;
  /** The file that shows the project ships (a Dockerfile, a served app, a deploying CI…): only then does NB403 ask for a brief. */
  ships?: ShipsEvidence;
  truncated?: string;
  /**
   * The folder is a project (a pyproject.toml, setup.py/setup.cfg, a requirements or
   * environment file at its root), not a folder of loose notebooks or of job scripts
   * in src/: only then do the project rules speak.
   */
  isProject: boolean;
}

const PROJECT_FILE = /^(?:pyproject\.toml|setup\.py|setup\.cfg|Pipfile|environment\.ya?ml|requirements[\w.-]*\.(?:txt|in))$/;

const LOCK_FILES = /(?:^|\/)(?:uv\.lock|poetry\.lock|pdm\.lock|Pipfile\.lock|conda-lock\.ya?ml|requirements[\w.-]*\.lock)$/;
/** pytest's names, and `tests.py` / `problem_unittests.py` modules of test functions (not `latest.py`). */
const TEST_FILE = /(?:^|\/)(?:tests?\/.*\.py|test_[^/]*\.py|[^/]*_test\.py|conftest\.py)$|(?:^|[/_])(?:unittests?|tests)\.py$/;
/** `requirements.txt`, `requirements-gpu.txt`, `requirements/base.in`. */
const REQUIREMENTS = /(?:^|\/)requirements[\w.-]*\.(?:txt|in)$/;
/** `dev-requirements.txt`, `mlflow-requirements.txt`: they declare, but a file named so may be anything (`battery_requirements.txt`). */
const OTHER_REQUIREMENTS = /(?:^|\/)[\w.]+[-_]requirements[\w.-]*\.txt$/;
/** Conda environment files of jobs and deployments: `conda.yaml`, `conda_env.yml`, `src/environment.yml`. */
const CONDA_FILE = /(?:^|\/)[\w.-]*(?:conda|environment|env)[\w.-]*\.ya?ml$/i;
/** A folder that is an artifact, not code: an MLflow model (`MLmodel`) or a Docker build context. */
const ARTIFACT_MARKER = /(?:^|\/)(?:MLmodel|Dockerfile)$/;

/** Would read() give the file's text: it exists and is within the limit. */
function readable(root: string, rel: string, limit = 2_000_000): boolean {
  try {
    return fs.statSync(path.join(root, rel)).size <= limit;
  } catch {
    return false;
  }
}

function read(root: string, rel: string, limit = 2_000_000): string | undefined {
  try {
    const full = path.join(root, rel);
    if (fs.statSync(full).size > limit) return undefined;
    return fs.readFileSync(full, 'utf8');
  } catch {
    return undefined;
  }
}

/** Tools that build a documentation site: an environment of only these and their helpers is not what the code runs with. */
const DOCS_BUILDERS = new Set(['sphinx', 'nbsphinx', 'mkdocs', 'mkdocs-material', 'jupyter-book', 'myst-nb', 'myst-parser', 'sphinx-rtd-theme', 'pydata-sphinx-theme', 'furo', 'mkdocstrings']);

/** Sphinx's and MkDocs' plugins and themes (`sphinxcontrib-katex`, `sphinxext-opengraph`, `mkdocs-jupyter`). */
const isDocsBuilder = (name: string) => DOCS_BUILDERS.has(name) || /^(?:sphinx|sphinxcontrib|sphinxext|mkdocs)-/.test(name);

/** A folder that is the docs site's: its dependency files are the docs build's, wherever the project root search starts. */
const DOCS_FOLDER = /^docs?$/i;

/**
 * `docs/requirements.txt` (also as the root of its own, `docs/` with its `requirements.txt`), an environment that is a
 * third Sphinx or MkDocs, or one that only turns the notebooks into pages (`nbconvert` alone): the docs build's, not the
 * notebooks'. (nbconvert next to papermill is a CI that runs the notebooks: still a project.)
 */
function isBuildEnvironment(rel: string, deps: readonly DeclaredDependency[], docsRoot = false): boolean {
  return (docsRoot && !rel.includes('/')) || /(?:^|\/)docs?[-_]requirements|(?:^|\/)docs?\//i.test(rel)
    || deps.filter((d) => isDocsBuilder(d.name)).length * 3 >= Math.max(deps.length, 1)
    || (deps.length > 0 && deps.every((d) => isDocsBuilder(d.name) || d.name === 'nbconvert'))
    || isWholeDistribution(deps)
    || isNotebookRunnerEnvironment(deps);
}

/** What a CI installs to execute notebooks: the kernel, the runner and their helpers, nothing the notebooks import. */
const NOTEBOOK_RUNNER_TOOLING = new Set(['ipython', 'ipykernel', 'ipywidgets', 'iprogress', 'jupyter', 'notebook', 'jupyterlab', 'jupyter-client', 'jupyter-core', 'nbformat', 'nbclient', 'nbconvert', 'papermill', 'treon', 'nbmake', 'nbval', 'testbook', 'pytest', 'pytest-xdist', 'pre-commit']);
const NOTEBOOK_RUNNERS = ['nbconvert', 'nbclient', 'papermill', 'treon', 'nbmake', 'nbval', 'testbook'];
/** What scripts that generate, convert or format the notebooks use (a collection's `generator` extra): tooling too. */
const NOTEBOOK_AUTHORING_TOOLING = new Set(['marimo', 'jupytext', 'nbqa', 'nbstripout', 'ruff', 'black', 'isort', 'flake8', 'pylint', 'mypy']);

/**
 * The environment of a CI that runs the notebooks (`ipython`, `nbconvert`, … and the linters and
 * converters of the scripts that generate them, nothing else): each example below has its own
 * requirements, or each notebook installs its own; this one is not what any code runs with.
 */
function isNotebookRunnerEnvironment(deps: readonly DeclaredDependency[]): boolean {
  return deps.some((d) => NOTEBOOK_RUNNERS.includes(d.name)) && deps.every((d) => NOTEBOOK_RUNNER_TOOLING.has(d.name) || NOTEBOOK_AUTHORING_TOOLING.has(d.name));
}

/**
 * `anaconda` alone (with the interpreter): a whole distribution to run a course or a lecture
 * mirror in, not the dependencies of code of one's own.
 */
function isWholeDistribution(deps: readonly DeclaredDependency[]): boolean {
  return deps.some((d) => d.name === 'anaconda') && deps.every((d) => ['anaconda', 'python', 'pip'].includes(d.name));
}

/** Tables of a pyproject.toml that build, package or declare (or configure nb2prod itself): any of them makes the folder a project. */
const PROJECT_TOOLS = ['poetry', 'pdm', 'uv', 'hatch', 'flit', 'setuptools', 'setuptools_scm', 'maturin', 'pixi', 'nb2prod'];

/**
 * A pyproject.toml of tool settings only (`[tool.black]`, `[tool.ruff]`, `[tool.pytest.ini_options]`):
 * a repository of samples configures its linters so, but declares nothing a product runs with.
 */
function isToolSettingsOnly(text: string | undefined): boolean {
  if (text === undefined) return false;
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch {
    return false; // reported by the configuration loader; keep the folder a project
  }
  if (Object.keys(doc).some((k) => k !== 'tool')) return false;
  const tools = Object.keys((doc.tool ?? {}) as Record<string, unknown>);
  return !tools.some((t) => PROJECT_TOOLS.includes(t));
}

/**
 * A setup.cfg with no `[options]` (nothing to install, no packages): its metadata and linter sections (`[metadata]`,
 * `[flake8]`, `[tool:pytest]`) configure a repository of samples, as a pyproject.toml of tool settings does
 * (holdout16: a gallery of standalone notebooks whose only Python is its own check scripts).
 */
function isSetupCfgSettingsOnly(text: string | undefined): boolean {
  if (text === undefined) return false;
  const sections = [...text.matchAll(/^\[([^\]\n]+)\]/gm)].map((m) => m[1].trim());
  // A linter's or a test runner's section says what the file is for; `[metadata]` alone still names a package.
  return sections.some((s) => LINTER_SECTION.test(s)) && !sections.some((s) => /^options(?:\.|$)/.test(s));
}

const LINTER_SECTION = /^(?:flake8|pycodestyle|pep8|pydocstyle|isort|mypy(?:-.+)?|pylint(?:\..+)?|tool:pytest|coverage:.+|codespell|yapf|darglint)$/;

/** Dotted module name of a .py file, for src layout (`src/pkg/mod.py`) or a flat package (`pkg/mod.py`). */
function moduleName(rel: string): string {
  const parts = rel.replace(/\.py$/, '').split('/');
  if (parts[0] === 'src') parts.shift();
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.join('.');
}

function countEvalCases(rel: string, text: string): number {
  if (rel.endsWith('.jsonl')) return text.split('\n').filter((l) => l.trim().startsWith('{')).length;
  if (rel.endsWith('.csv')) return Math.max(0, text.split('\n').filter((l) => l.trim()).length - 1);
  if (rel.endsWith('.json')) {
    try {
      const data = JSON.parse(text) as unknown;
      if (Array.isArray(data)) return data.length;
      const cases = (data as { cases?: unknown[] }).cases;
      return Array.isArray(cases) ? cases.length : 1;
    } catch {
      return 0;
    }
  }
  return text.split('\n').filter((l) => /^-\s/.test(l)).length || (text.trim() ? 1 : 0);
}

/**
 * Is this file (a percent-format script the engine reads as a notebook) the project's
 * own code, a module of its package or a test? Then the project rules see it as code
 * (projectFiles.ts), not as a notebook: its functions can be imported, it runs no model.
 */
export function isProjectCode(model: ProjectModel, rel: string | undefined): boolean {
  return rel !== undefined && rel.endsWith('.py') && (TEST_FILE.test(rel) || model.modules.some((m) => m.file === rel));
}

/**
 * The project's own dependency file, where the once-per-project NB303/NB403 stand: at
 * the root only (a nested one is an example's, a job's or a container's, not the project's).
 */
export function projectHome(model: ProjectModel): string | undefined {
  return model.dependencyFiles.find((f) => !f.includes('/'));
}

/** The tests that import a module, directly, below it, or through its package. */
export function testsOf(model: ProjectModel, m: SourceModule): TestFile[] {
  return model.tests.filter((t) => t.modules.some((x) => x === m.module || x.startsWith(`${m.module}.`) || m.module.startsWith(`${x}.`)));
}

/**
 * How the model reads the project's code without a whole summary where none will be reused: a
 * test's imports (from an outline) and words, and a module's imports and definitions, when first asked for.
 * Notebooks read only which modules there are (their files and names); the module rules read
 * the facts, and parse each module for its summary anyway (projectFiles.ts asks for its facts
 * then, while that summary is cached): read at the build, every module was parsed twice.
 */
export interface ModelReads {
  /** A source's imports and definitions (Engine.outline: from a cached summary when there is one). */
  outline: (source: string) => CellOutline;
}

/** A module whose imports and definitions are outlined from its text when first read. */
function lazyModule(file: string, module: string, text: () => string | undefined, outline: ModelReads['outline']): SourceModule {
  let facts: CellOutline | undefined;
  const get = () => {
    if (!facts) {
      const { definitions, imports } = outline(text() ?? '');
      facts = { definitions, imports };
    }
    return facts;
  };
  const m = { file, module } as SourceModule;
  Object.defineProperty(m, 'definitions', { get: () => get().definitions, enumerable: true });
  Object.defineProperty(m, 'imports', { get: () => get().imports, enumerable: true });
  return m;
}

/** What the module rules read of a test file: the modules it imports and the words it names. */
function testFacts(source: string, imports: readonly ImportInfo[]): { modules: string[]; words: Set<string> } {
  return { modules: imports.flatMap((i) => i.modules), words: new Set(source.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) };
}

/**
 * A test whose imports and words are read from its text when first asked for: notebooks read
 * only which tests there are (NB303, NB301's home); the module rules read the rest. Outlined at
 * the build, the tests of seen's 534 roots took 550 ms of a one-thread check, in each worker
 * that built the model, most of them for roots whose module rules never ran.
 */
function lazyTest(file: string, text: () => string | undefined, outline: ModelReads['outline']): TestFile {
  let facts: { modules: string[]; words: Set<string> } | undefined;
  const get = () => {
    if (!facts) {
      const source = text() ?? '';
      facts = testFacts(source, outline(source).imports);
    }
    return facts;
  };
  const t = { file } as TestFile;
  Object.defineProperty(t, 'modules', { get: () => get().modules, enumerable: true });
  Object.defineProperty(t, 'words', { get: () => get().words, enumerable: true });
  return t;
}

/** The folders of the project's packages: `src/phoenix` of a src layout, `chromadb` of a flat one. */
function packageFolders(modules: readonly SourceModule[]): Set<string> {
  return new Set(modules.map((m) => m.file.split('/')).filter((parts) => parts.length > (parts[0] === 'src' ? 2 : 1)).map((parts) => parts.slice(0, parts[0] === 'src' ? 2 : 1).join('/')));
}

/** Scripts read to find a unittest suite named outside pytest's patterns: only when the project has no test file. */
const MAX_UNITTEST_CANDIDATES = 200;
const TEST_CASE_CLASS = /^class\s+\w+\s*\(\s*(?:unittest\.)?TestCase\s*\)\s*:/m;
const UNITTEST_MAIN = /^\s*unittest\.main\(/m;

/**
 * A unittest suite whose file name is not pytest's (holdout20: `pyutils/revdiff-check.py`, `unittest.TestCase` classes
 * run by `unittest.main()`): it checks the code as a test file does.
 */
function unittestScripts(root: string, files: readonly string[], summarize: (source: string) => CellSummary, reads?: ModelReads): TestFile[] {
  const out: TestFile[] = [];
  for (const rel of files.filter((f) => f.endsWith('.py')).slice(0, MAX_UNITTEST_CANDIDATES)) {
    const text = read(root, rel, 256 * 1024);
    if (text === undefined || !TEST_CASE_CLASS.test(text) || !UNITTEST_MAIN.test(text)) continue;
    out.push(reads ? lazyTest(rel, () => text, reads.outline) : { file: rel, ...testFacts(text, summarize(text).imports) });
  }
  return out;
}

/**
 * @param reads without it, every test and module gets a whole summary at once (the editor's engine keeps them all).
 */
export function buildProjectModel(root: string, summarize: (source: string) => CellSummary, options?: ScanOptions, reads?: ModelReads): ProjectModel {
  const { files, truncated } = scanProject(root, options);
  const model: ProjectModel = {
    root, files, notebooks: [], modules: [], tests: [], evalFiles: [], evalCases: 0, evalPromptVersions: new Map(), dependencies: [], dependencyFiles: [], environmentFiles: [],
    localModules: new Set(['nb_config']), truncated,
    // A setup.py that packages nothing (an environment script some samples ship) is not a project.
    isProject: files.some((f) => PROJECT_FILE.test(f) && (f !== 'setup.py' || /\bsetup\s*\(/.test(read(root, f) ?? ''))),
  };
  const pyproject = files.includes('pyproject.toml') ? read(root, 'pyproject.toml') : undefined;
  let flatPackages = new Set<string>();
  if (pyproject !== undefined) {
    try {
      const doc = parseToml(pyproject) as { project?: { name?: string } };
      if (doc.project?.name) model.localModules.add(doc.project.name.replace(/-/g, '_'));
    } catch {
      // reported by the configuration loader
    }
  }
  // Flat packages: top-level folders with __init__.py that are not tests.
  flatPackages = new Set(files.filter((f) => /^[^/]+\/__init__\.py$/.test(f)).map((f) => f.split('/')[0]).filter((p) => !/^tests?$/.test(p)));

  const outline = reads?.outline ?? summarize;

  // holdout11: cleanlab's docs/ (Sphinx, nbsphinx, the tutorials' packages) is a project root of its own by its requirements.txt.
  const docsRoot = DOCS_FOLDER.test(path.basename(path.resolve(root)));
  const artifactDirs = new Set(files.filter((f) => ARTIFACT_MARKER.test(f)).map((f) => path.posix.dirname(f)));
  const notebookDirs = new Set(files.filter((f) => f.endsWith('.ipynb')).map((f) => f.split('/').slice(0, -1).join('/')));
  for (const rel of files) {
    if (rel.endsWith('.ipynb')) {
      model.notebooks.push(rel);
      continue;
    }
    if (rel === 'setup.py') {
      const setup = parseSetupPy(rel, read(root, rel) ?? '');
      if (setup.dependencies.length > 0) model.dependencyFiles.push(rel);
      model.dependencies.push(...setup.dependencies);
      if (setup.unknown) model.declaresUnknown = true;
      // The package setup.py builds is the project's own (`setup(name="learntools")`).
      const name = /\bsetup\s*\([^)]*?\bname\s*=\s*["']([A-Za-z_][\w.-]*)["']/s.exec(read(root, rel) ?? '')?.[1];
      if (name) model.localModules.add(name.replace(/-/g, '_'));
    }
    if (rel.endsWith('.py')) {
      // Modules next to notebooks and at the root are importable from them, and so
      // are packages, and folders of modules next to a notebook.
      model.localModules.add(path.basename(rel, '.py'));
      // A folder of modules at the root or beside a notebook imports by its name (`evaluators/custom/x.py`), with or without __init__.py.
      for (const dir of ['', ...notebookDirs]) {
        const prefix = dir ? `${dir}/` : '';
        const rest = rel.startsWith(prefix) ? rel.slice(prefix.length).split('/') : [];
        if (rest.length > 1 && /^[A-Za-z_]\w*$/.test(rest[0])) model.localModules.add(rest[0]);
      }
      const parts = rel.split('/');
      if (parts.length > 1 && (parts[parts.length - 1] === '__init__.py' || notebookDirs.has(parts.slice(0, -2).join('/')))) model.localModules.add(parts[parts.length - 2]);
      // A plain `test.py`, or a module in a `test_…/` folder (`test_td_loss/compute_td_loss.py`), is a test when it
      // holds test functions (`def test_main():`), else a scratch script or a helper.
      const plainTest = /(?:^|\/)test\.py$|(?:^|\/)test_[^/]+\/[^/]+\.py$/.test(rel) ? read(root, rel) : undefined;
      if (TEST_FILE.test(rel) || (plainTest !== undefined && /^def test_\w*\(/m.test(plainTest))) {
        if (reads) {
          // Outlined on demand: only the module rules read what a test imports and names.
          if (plainTest !== undefined || readable(root, rel)) model.tests.push(lazyTest(rel, () => read(root, rel), reads.outline));
          continue;
        }
        const text = plainTest ?? read(root, rel);
        if (text === undefined) continue;
        model.tests.push({ file: rel, ...testFacts(text, outline(text).imports) });
        continue;
      }
      const top = rel.split('/')[0];
      if (rel.startsWith('src/') || flatPackages.has(top)) {
        // Outlined on demand, a module's text is read when its facts are (here only whether read() would give it).
        const text = reads ? (readable(root, rel) ? '' : undefined) : read(root, rel);
        if (text === undefined) continue;
        const module = moduleName(rel);
        model.localModules.add(module.split('.')[0]);
        if (reads) {
          model.modules.push(lazyModule(rel, module, () => read(root, rel), reads.outline));
          continue;
        }
        const summary = summarize(text);
        model.modules.push({ file: rel, module, definitions: summary.definitions, imports: summary.imports });
      }
      continue;
    }
    if (rel === EVAL_REPORT_FILE) {
      model.evalReport = readEvalReport(read(root, rel));
      continue;
    }
    if (rel.startsWith('evals/') && /\.(?:jsonl|json|ya?ml|csv)$/.test(rel)) {
      const text = read(root, rel) ?? '';
      const cases = countEvalCases(rel, text);
      if (rel.endsWith('.jsonl')) for (const [v, n] of promptVersionsOf(text)) model.evalPromptVersions.set(v, (model.evalPromptVersions.get(v) ?? 0) + n);
      model.evalFiles.push(rel);
      model.evalCases += cases;
      continue;
    }
    if (LOCK_FILES.test(rel)) {
      model.lockFile ??= rel;
      continue;
    }
    if (REQUIREMENTS.test(rel)) {
      const text = read(root, rel) ?? '';
      const deps = parseRequirements(rel, text);
      (isBuildEnvironment(rel, deps, docsRoot) || (rel.includes('/') && artifactDirs.has(path.posix.dirname(rel))) ? model.environmentFiles : model.dependencyFiles).push(rel);
      model.dependencies.push(...deps);
      if (deps.length > 0 && text.includes('--hash=')) model.lockFile ??= rel;
      continue;
    }
    if (OTHER_REQUIREMENTS.test(rel)) {
      model.environmentFiles.push(rel);
      model.dependencies.push(...parseRequirements(rel, read(root, rel) ?? ''));
      continue;
    }
    if (rel === 'pyproject.toml' && pyproject !== undefined) {
      const deps = parsePyprojectDependencies(rel, pyproject);
      // A notebook collection's tooling (`ipykernel`, `nbconvert`, a `generator` extra of `marimo`, `ruff`) is not a product's.
      if (deps.length > 0) (isNotebookRunnerEnvironment(deps) ? model.environmentFiles : model.dependencyFiles).push(rel);
      model.dependencies.push(...deps);
      continue;
    }
    if (/^environment\.ya?ml$/.test(rel)) {
      const deps = parseEnvironmentYml(rel, read(root, rel) ?? '');
      (isBuildEnvironment(rel, deps, docsRoot) ? model.environmentFiles : model.dependencyFiles).push(rel);
      model.dependencies.push(...deps);
      continue;
    }
    if (CONDA_FILE.test(rel)) {
      // Only a conda environment (top-level `dependencies:`), not an Azure ML asset spec or a CI file.
      const text = read(root, rel, 200_000) ?? '';
      if (!/^dependencies\s*:/m.test(text)) continue;
      model.environmentFiles.push(rel);
      model.dependencies.push(...parseEnvironmentYml(rel, text));
      continue;
    }
    if (/^PRODUCTION_BRIEF\.md$/i.test(rel)) model.brief = rel;
  }
  if (model.tests.length === 0) model.tests.push(...unittestScripts(root, files, summarize, reads));
  // A root requirements or environment file makes a project only when it declares what code runs with, not a docs build;
  // a pyproject.toml of tool settings only, when the root has code of its own (a package).
  const environments = new Set(model.environmentFiles);
  const toolSettingsOnly = isToolSettingsOnly(pyproject) && model.modules.length === 0;
  const cfgSettingsOnly = files.includes('setup.cfg') && model.modules.length === 0 && isSetupCfgSettingsOnly(read(root, 'setup.cfg'));
  model.isProject &&= files.some((f) => PROJECT_FILE.test(f) && !environments.has(f) && !(f === 'pyproject.toml' && toolSettingsOnly) && !(f === 'setup.cfg' && cfgSettingsOnly));
  // Packages under src/ are local too, even as namespace packages without __init__.py.
  for (const rel of files) if (rel.startsWith('src/')) model.localModules.add(rel.split('/')[1].replace(/\.py$/, ''));
  if (model.isProject) {
    model.partOfApp = (pyproject !== undefined ? enclosingApp(root) : undefined) ?? variantOf(root, model.notebooks.filter((n) => !n.includes('/')));
    // A uv workspace member is pinned by the workspace's uv.lock.
    if (pyproject !== undefined) model.lockFile ??= workspaceLockFile(root);
    model.notebookTestRunner = notebookTestRunner(root, files, model.notebooks);
    if (pyproject !== undefined && model.tests.length === 0) model.workspaceTests = workspaceTests(root) ?? memberTests(root);
    // Lessons by their names, a course's or a lab's folder (`courses/`, `self-paced-labs/`), or a lab's README.
    const readme = files.includes('README.md') ? read(root, 'README.md', 200_000) : undefined;
    model.course = isCourse(model.notebooks) || courseFolder(root) !== undefined || isBookChapter(root) || isLabReadme(readme)
      || isCollectionOfPieces(readme, pyproject === undefined ? undefined : /^description\s*=\s*["'](.*)["']\s*$/m.exec(pyproject)?.[1]);
    model.libraryDocs = isLibraryWithExamples(root, model.modules.length > 0, model.notebooks, packageFolders(model.modules)) ? root : libraryAbove(root);
    model.ships = shipsEvidence(files, (rel) => read(root, rel, MAX_EVIDENCE_BYTES));
    // Scripts under src/ too (holdout16: statsforecast's benchmark src/data.py, src/experiment.py): a package's __init__.py says otherwise.
    if (model.libraryDocs !== undefined && model.libraryDocs !== root && model.ships === undefined) {
      model.standaloneScripts = scriptsStandAlone(files.filter((f) => f.endsWith('.py') && !TEST_FILE.test(f)), (rel) => read(root, rel, MAX_EVIDENCE_BYTES));
    }
    model.examples = examplesFolder(root);
    if (model.tests.length === 0 && model.notebookTestRunner === undefined) {
      const ownPython = files.some((f) => f.endsWith('.py'));
      model.retired = retiredHereOrAbove(root) ?? (!ownPython && notebooksWithoutCode(root, model.notebooks) ? model.notebooks[0] : undefined);
    }
  }
  // The repository's own packages above the root (a notebook folder inside the package's repository).
  if (model.isProject) {
    model.repositoryPackages = enclosingPackages(root);
    for (const p of model.repositoryPackages) model.localModules.add(p);
  }
  return model;
}

/**
 * The project as one notebook sees it: only the dependency files at the root or in a
 * folder above the notebook declare its environment (a `code/requirements.txt`
 * beside it is a training container's, a sibling folder's is another example's).
 */
export function projectForNotebook(model: ProjectModel, notebookPath: string | undefined): ProjectModel {
  if (notebookPath === undefined) return model;
  const dir = path.posix.dirname(notebookPath);
  const applies = (file: string) => {
    const fileDir = path.posix.dirname(file);
    return fileDir === '.' || dir === fileDir || dir.startsWith(`${fileDir}/`);
  };
  if (model.dependencies.every((d) => applies(d.file))) return model;
  return { ...model, dependencyFiles: model.dependencyFiles.filter(applies), dependencies: model.dependencies.filter((d) => applies(d.file)) };
}
