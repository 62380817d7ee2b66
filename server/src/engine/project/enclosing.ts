// What lies above a project root in the same repository. A project can be one
// part of a bigger app: a `backend/` package with its own pyproject.toml below the
// app's. The app's brief covers the part, so the once-per-project NB403 stands on
// the app only. Recognised narrowly: the part's [project] name extends the app's
// (`shop-backend` below `shop`), or the app's uv workspace lists the part's folder.
// And a notebook folder with its own requirements.txt inside a package's repository
// imports that package (`learntools` in Kaggle's learntools/notebooks): it is the
// repository's own code, not an undeclared dependency.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { requirementName } from '../fixes/declareDependency';
import { ciRunsProject } from './ciRuns';

/** How far up an app's pyproject.toml is looked for. */
const MAX_LEVELS = 4;

interface PyprojectHead {
  name?: string;
  members: string[];
  /** `[tool.uv.workspace] exclude`: folders the member globs match that are not members. */
  excluded: string[];
  /** Folders its Poetry dependencies install from (`pkg = { path = "src/benchmark", develop = true }`), any group. */
  poetryPaths: string[];
}

type PoetryDeps = Record<string, unknown> | undefined;

/** The `path` of each table-valued Poetry dependency, in the main group and the others. */
function poetryPathsOf(poetry: { dependencies?: PoetryDeps; 'dev-dependencies'?: PoetryDeps; group?: Record<string, { dependencies?: PoetryDeps }> } | undefined): string[] {
  if (!poetry) return [];
  const tables = [poetry.dependencies, poetry['dev-dependencies'], ...Object.values(poetry.group ?? {}).map((g) => g?.dependencies)];
  const out: string[] = [];
  for (const deps of tables) {
    for (const spec of Object.values(deps ?? {})) {
      const where = (spec as { path?: unknown } | null)?.path;
      if (typeof where === 'string') out.push(where.replace(/^\.\//, '').replace(/\/$/, ''));
    }
  }
  return out;
}

function readHead(dir: string): PyprojectHead | undefined {
  const file = path.join(dir, 'pyproject.toml');
  try {
    if (!fs.existsSync(file)) return undefined;
    const doc = parseToml(fs.readFileSync(file, 'utf8')) as { project?: { name?: unknown }; tool?: { uv?: { workspace?: { members?: unknown; exclude?: unknown } }; poetry?: Parameters<typeof poetryPathsOf>[0] } };
    const { members, exclude } = doc.tool?.uv?.workspace ?? {};
    return { name: typeof doc.project?.name === 'string' ? doc.project.name : undefined, members: strings(members), excluded: strings(exclude), poetryPaths: poetryPathsOf(doc.tool?.poetry) };
  } catch {
    return undefined; // unreadable or invalid: not evidence of anything
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((m): m is string => typeof m === 'string') : [];
}

function globMatches(glob: string, rel: string): boolean {
  const re = new RegExp(`^${glob.replace(/\/$/, '').split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return re.test(rel);
}

/** The folder of the app this project root is a part of, or undefined. */
export function enclosingApp(root: string): string | undefined {
  const own = readHead(root);
  if (!own) return undefined;
  let dir = path.resolve(root);
  for (let level = 0; level < MAX_LEVELS; level++) {
    if (fs.existsSync(path.join(dir, '.git'))) return undefined; // the repository's top: no app above
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
    const app = readHead(dir);
    if (!app) continue;
    const rel = path.relative(dir, root).split(path.sep).join('/');
    if (app.members.some((m) => globMatches(m, rel))) return dir;
    if (own.name && app.name && requirementName(own.name).startsWith(`${requirementName(app.name)}-`)) return dir;
    return undefined; // the nearest project above decides
  }
  return undefined;
}

/**
 * A folder named for examples (`examples/`, `samples/`, `tutorials/`, `demos/`, a `cookbook` or
 * `recipes` repository: `e2b-cookbook`, `kubeflow-examples`, `vectordb-recipes`, `owner+Youtube-Tutorials`,
 * `ai-avatar-demo`: any number of words before it), the project root
 * itself or a folder above it up to the repository's top. What lives there shows how to use
 * something; it is nobody's product (holdout10: every NB403 there was labelled wrong).
 */
const EXAMPLES_FOLDER = /^(?:[\w.]+[-_+])*(?:examples?|samples?|tutorials?|demos?|cookbooks?|recipes?)$/i;

/** The examples folder this project root is in (or is), or undefined. */
export function examplesFolder(root: string): string | undefined {
  let dir = path.resolve(root);
  for (let level = 0; level <= MAX_LEVELS; level++) {
    if (EXAMPLES_FOLDER.test(path.basename(dir))) return dir;
    if (fs.existsSync(path.join(dir, '.git'))) return undefined; // the repository's top, its own name checked
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/**
 * A folder of course or hands-on lab material (`courses/`, `labs/`, Qwiklabs' `self-paced-labs/` and `quests/`), the
 * project root itself or a folder above it up to the repository's top: what lives there is a lesson's exercise or its
 * solution, run once by a student (holdout11: training-data-analyst's courses/…/labs/endtoend Airflow DAG, a quest's
 * training image), and a hands-on workshop's `workshops/` (`04-workshops/`; holdout18: a SageMaker workshop's lab-4 and
 * 1-langfuse modules, notebooks of SDK calls). Exact names only: `elasticsearch-labs` or `autonomous_5g_slicing_lab` are not such folders.
 */
const COURSE_FOLDER = /^(?:courses?|labs?|self-paced-labs|quests?|(?:\d+[-_])?workshops?)$/i;

/** A book's or a course's numbered chapter folder: `Chapter09`, `chapter_3`, `Ch04`, `Lesson-2`, `lecture05`. */
const CHAPTER_FOLDER = /^(?:chapter|ch|lesson|lecture)[\s_.-]*\d+(?:[\s_.-]|$)/i;

/**
 * A project whose root is one of several numbered chapter folders side by side (`Chapter03/`, `Chapter09/`, `Chapter10/`
 * of a Packt book, holdout15 labels): each is a chapter's examples, its demo DAG or Dockerfile belongs to the lesson.
 */
export function isBookChapter(root: string): boolean {
  const dir = path.resolve(root);
  if (!CHAPTER_FOLDER.test(path.basename(dir))) return false;
  try {
    const siblings = fs.readdirSync(path.dirname(dir), { withFileTypes: true });
    return siblings.filter((e) => e.isDirectory() && e.name !== path.basename(dir) && CHAPTER_FOLDER.test(e.name)).length >= 2;
  } catch {
    return false;
  }
}

/** The course or lab folder this project root is in (or is), or undefined. */
export function courseFolder(root: string): string | undefined {
  let dir = path.resolve(root);
  for (let level = 0; level <= MAX_LEVELS; level++) {
    if (COURSE_FOLDER.test(path.basename(dir))) return dir;
    if (fs.existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/**
 * The nearest pyproject.toml above the root (up to the repository's top, MAX_LEVELS folders at most): its folder, its
 * head, and the root's path relative to it, with whether its uv workspace lists the root as a member (not excluded).
 */
function pyprojectAbove(root: string): { dir: string; head: PyprojectHead; rel: string; uvMember: boolean } | undefined {
  let dir = path.resolve(root);
  for (let level = 0; level < MAX_LEVELS; level++) {
    if (fs.existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
    const head = readHead(dir);
    if (!head) continue;
    const rel = path.relative(dir, root).split(path.sep).join('/');
    return { dir, head, rel, uvMember: head.members.some((m) => globMatches(m, rel)) && !head.excluded.some((m) => globMatches(m, rel)) };
  }
  return undefined;
}

/**
 * The lock file of the uv workspace this project root is a member of (`members = ["packages/*"]` in a
 * pyproject.toml above, not excluded), relative to the root: `uv sync` installs every member from the
 * workspace's one `uv.lock`, so the member's ranges are pinned there.
 */
export function workspaceLockFile(root: string): string | undefined {
  if (!fs.existsSync(path.join(root, 'pyproject.toml'))) return undefined;
  const above = pyprojectAbove(root);
  if (!above) return undefined;
  // A Poetry monorepo installs its packages by path from the root, all pinned by the root's poetry.lock.
  const poetryMember = above.head.poetryPaths.includes(above.rel);
  const lock = path.join(above.dir, above.uvMember ? 'uv.lock' : 'poetry.lock');
  return (above.uvMember || poetryMember) && fs.existsSync(lock) ? path.relative(root, lock).split(path.sep).join('/') : undefined;
}

/** The most test files of a workspace's root `tests/` read to find one that imports a member. */
const MAX_WORKSPACE_TEST_FILES = 2000;

/**
 * A uv workspace member's tests kept at the workspace's root (microsoft/graphrag: `packages/graphrag-cache` is
 * tested by `tests/integration/cache/test_factory.py`, which imports `graphrag_cache`): the first such test file,
 * relative to the member's root, or undefined.
 */
export function workspaceTests(root: string): string | undefined {
  const own = readHead(root);
  if (!own?.name) return undefined;
  const module = own.name.replace(/[-.]/g, '_');
  const imports = new RegExp(`^\\s*(?:from|import)\\s+${module}\\b`, 'm');
  const above = pyprojectAbove(root);
  if (!above?.uvMember) return undefined;
  const found = testFiles(path.join(above.dir, 'tests')).find((f) => imports.test(readSmall(f) ?? ''));
  return found === undefined ? undefined : path.relative(root, found).split(path.sep).join('/');
}

/**
 * At a workspace's root, a test file of one of its members (autogluon's root lists `tabular`, `core`, `multimodal`…
 * as uv workspace members, each with its own `tests/`; a Poetry root installs its packages by path): the scan skips
 * those folders as projects of their own, yet the docs notebooks at the root show exactly their code. The first such
 * test file, relative to the root, or undefined.
 */
export function memberTests(root: string): string | undefined {
  const head = readHead(root);
  if (!head) return undefined;
  const dirs = [...memberFolders(root, head.members, head.excluded), ...head.poetryPaths.filter((p) => p !== '.' && p !== '')];
  for (const rel of dirs) {
    const found = testFiles(path.join(root, rel), 1)[0];
    if (found) return path.relative(root, found).split(path.sep).join('/');
  }
  return undefined;
}

/** The folders a uv workspace's member globs (`packages/*`, `core`) name below the root, not excluded. */
function memberFolders(root: string, members: readonly string[], excluded: readonly string[]): string[] {
  const out: string[] = [];
  for (const m of members) {
    const glob = m.replace(/^\.\//, '').replace(/\/$/, '');
    if (!glob.includes('*')) {
      if (!excluded.some((x) => globMatches(x, glob))) out.push(glob);
      continue;
    }
    const parent = glob.slice(0, glob.lastIndexOf('/') + 1);
    if (parent.includes('*')) continue; // `*/packages/*`: not followed
    for (const e of listEntries(path.join(root, parent))) {
      const rel = `${parent}${e.name}`;
      if (e.isDirectory() && globMatches(glob, rel) && !excluded.some((x) => globMatches(x, rel))) out.push(rel);
    }
  }
  return out;
}

function listEntries(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** `test_*.py` / `*_test.py` files below a folder, breadth first, at most `limit` (MAX_WORKSPACE_TEST_FILES). */
function testFiles(top: string, limit = MAX_WORKSPACE_TEST_FILES): string[] {
  const out: string[] = [];
  const queue = [top];
  while (queue.length > 0 && out.length < limit) {
    const dir = queue.shift()!;
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== '__pycache__') queue.push(path.join(dir, e.name));
      else if (e.isFile() && /^test_.*\.py$|_test\.py$/.test(e.name)) out.push(path.join(dir, e.name));
    }
  }
  return out;
}

const SETUP_NAME = /\bsetup\s*\([^)]*?\bname\s*=\s*["']([A-Za-z_][\w.-]*)["']/s;

/** Packages of the repository above the root: what an ancestor's setup.py or pyproject.toml builds, and its top-level packages. */
export function enclosingPackages(root: string): Set<string> {
  const found = new Set<string>();
  let dir = path.resolve(root);
  for (let level = 0; level < MAX_LEVELS; level++) {
    if (fs.existsSync(path.join(dir, '.git'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
    const name = readHead(dir)?.name ?? SETUP_NAME.exec(readSmall(path.join(dir, 'setup.py')) ?? '')?.[1];
    if (name) found.add(name.replace(/-/g, '_'));
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) if (e.isDirectory() && /^[A-Za-z_]\w*$/.test(e.name) && fs.existsSync(path.join(dir, e.name, '__init__.py'))) found.add(e.name);
  }
  return found;
}

function readSmall(file: string): string | undefined {
  try {
    return fs.statSync(file).size > 200_000 ? undefined : fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A variant of an app kept in a folder of the app (`product-recommender/lancedb_cloud/` beside
 * `product-recommender/main.ipynb`): the same notebook again, with a dependency file of its own.
 * The app's brief covers it. Returns the app's folder.
 */
export function variantOf(root: string, topNotebooks: readonly string[]): string | undefined {
  if (topNotebooks.length === 0 || fs.existsSync(path.join(root, '.git'))) return undefined;
  const parent = path.dirname(path.resolve(root));
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return undefined;
  }
  const isApp = names.some((n) => /^(?:requirements[\w.-]*\.txt|pyproject\.toml|setup\.py|environment\.ya?ml|Pipfile)$/.test(n));
  return isApp && topNotebooks.some((n) => names.includes(n)) ? parent : undefined;
}

/** pytest plugins and runners that run notebooks as tests. */
const NOTEBOOK_TEST_RUNNER = /\b(?:nbmake|nbval|pytest-iovis|pytest-notebook|testbook)\b/i;
/** Where a repository names its test tools: dependency files, tool settings, CI. */
const TOOLING_FILE = /^(?:[\w.-]*requirements[\w.-]*\.(?:txt|in)|pyproject\.toml|setup\.cfg|tox\.ini|noxfile\.py|Pipfile|environment\.ya?ml|\.gitlab-ci\.ya?ml|\.github\/workflows\/[\w.-]+\.ya?ml)$/;
/** What CI runs: a workflow, a tox or nox session. */
const CI_FILE = /^(?:tox\.ini|noxfile\.py|\.gitlab-ci\.ya?ml|\.github\/workflows\/[\w.-]+\.ya?ml)$/;
/** How far up the repository's CI is looked for (a sample four folders below the repository's top). */
const MAX_CI_LEVELS = 6;

/**
 * The file that makes the notebooks tests: a notebook runner for pytest (`nbmake`, `nbval`,
 * `pytest-iovis`…) named at the project root or in the repository above it, in a folder whose
 * CI runs pytest (a samples repository whose CI runs every sample's notebook); or a CI file
 * there that executes this project's notebooks or scripts and names its folder or notebooks
 * (`ipython ${{ matrix.notebooks }}` over a list of paths). Then "nothing checks the code" is
 * false. A runner only listed among dev dependencies, with no CI that runs it, checks nothing.
 * @param files the project's own files, relative to the root.
 * @param notebooks the project's notebooks, relative to the root.
 */
export function notebookTestRunner(root: string, files: readonly string[], notebooks: readonly string[]): string | undefined {
  let dir = path.resolve(root);
  const own = testedBy(dir, files.filter((f) => TOOLING_FILE.test(f))) ?? executedBy(dir, files.filter((f) => CI_FILE.test(f)), '', notebooks);
  if (own) return own;
  for (let level = 0; level < MAX_CI_LEVELS; level++) {
    if (fs.existsSync(path.join(dir, '.git'))) break; // the repository's top
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
    const candidates = [...listDir(dir), ...listDir(path.join(dir, '.github', 'workflows')).map((f) => `.github/workflows/${f}`)].filter((f) => TOOLING_FILE.test(f));
    const rel = path.relative(dir, root).split(path.sep).join('/');
    const found = testedBy(dir, candidates) ?? executedBy(dir, candidates.filter((f) => CI_FILE.test(f)), rel, notebooks);
    if (found) return found;
  }
  return undefined;
}

/** A CI file of `dir` that executes the notebooks or scripts of the project at `rel` below it. */
function executedBy(dir: string, ciFiles: readonly string[], rel: string, notebooks: readonly string[]): string | undefined {
  return ciFiles.map((f) => path.join(dir, f)).find((file) => ciRunsProject(readSmall(file) ?? '', rel, notebooks));
}

/** A file of `dir` naming a notebook runner, when a CI file of `dir` runs pytest. */
function testedBy(dir: string, files: readonly string[]): string | undefined {
  const texts = files.map((f) => ({ file: path.join(dir, f), ci: CI_FILE.test(f), text: readSmall(path.join(dir, f)) ?? '' }));
  if (!texts.some((t) => t.ci && /\bpytest\b/.test(t.text))) return undefined;
  return texts.find((t) => NOTEBOOK_TEST_RUNNER.test(t.text))?.file;
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
