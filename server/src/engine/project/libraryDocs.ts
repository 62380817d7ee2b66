// A library's notebooks are its documentation: they show how to use the package, they are
// not an app, so who uses their output and when it is wrong is the library's users' brief
// to write (no NB403). Two shapes: the library's own root, whose notebooks all live in its
// examples, tutorials, docs or dev scripts; and a demo app with its own requirements inside
// such a library's `examples/` folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isPythonNotebook } from '../knowledge/kernels';
import { importedNames } from '../readiness/facts';

/** Folders of a library's documentation (and its dev scripts and fixtures): notebooks there are not an app. */
const DOCUMENTATION_FOLDER = /(?:^|\/)(?:examples?|tutorials?|docs?|samples?|tests?|scripts?)\//;
/**
 * A library's own experiments and benchmarks: a project there measures the library (holdout16: statsforecast's
 * experiments/vn1-competition, a benchmark write-up), its code is the library's. Only for a demo below the library:
 * notebooks in a library root's `experiments/` are not counted as its documentation.
 */
const LIBRARY_BENCHMARK_FOLDER = /^(?:experiments?|benchmarks?)\/$/;
/** How far up a library whose examples hold the project is looked for. */
const MAX_LEVELS = 4;
/** A notebook bigger than this is not opened to read its kernel: it counts as Python. */
const MAX_NOTEBOOK_BYTES = 5_000_000;

/**
 * A project with a package of its own (`src/phoenix/`, `recommenders/`) whose Python notebooks all
 * live in its examples, tutorials, docs or dev scripts. A notebook in another language (a TypeScript
 * notebook of the library's JS client, NB002) runs none of the project's code and does not count;
 * nor do a few inside the package's own folders (`chromadb/experimental/density_relevance.ipynb`,
 * holdout11): a developer's research notebook, fewer than the documentation's.
 * @param packageDirs the folders of the project's packages (`src/phoenix`, `chromadb`)
 */
export function isLibraryWithExamples(root: string, hasPackage: boolean, notebooks: readonly string[], packageDirs: ReadonlySet<string> = new Set()): boolean {
  if (!hasPackage || notebooks.length === 0) return false;
  const documentation = notebooks.filter((n) => DOCUMENTATION_FOLDER.test(n));
  const inPackage = notebooks.filter((n) => !DOCUMENTATION_FOLDER.test(n) && [...packageDirs].some((d) => n.startsWith(`${d}/`)));
  const elsewhere = notebooks.filter((n) => !DOCUMENTATION_FOLDER.test(n) && !inPackage.includes(n));
  return documentation.length > inPackage.length && elsewhere.every((n) => !isPythonNotebook(notebookMetadata(path.join(root, n))));
}

function notebookMetadata(file: string): Record<string, unknown> | undefined {
  try {
    if (fs.statSync(file).size > MAX_NOTEBOOK_BYTES) return undefined;
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { metadata?: Record<string, unknown> };
    return doc.metadata;
  } catch {
    return undefined; // unreadable or a percent script: Python
  }
}

/**
 * The library whose documentation folder holds this project root (`phoenix/examples/research-agent/`
 * below a `phoenix/` with `src/phoenix/`): the demo is the library's documentation, not a product.
 * A folder of examples in a repository with no package of its own (a recipes or samples repository)
 * is not: each example there is a project of its own.
 */
export function libraryAbove(root: string): string | undefined {
  let dir = path.resolve(root);
  for (let level = 0; level < MAX_LEVELS; level++) {
    if (fs.existsSync(path.join(dir, '.git'))) return undefined; // the repository's top
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
    const rel = path.relative(dir, root).split(path.sep).join('/');
    const top = `${rel.split('/')[0]}/`;
    if ((DOCUMENTATION_FOLDER.test(top) || LIBRARY_BENCHMARK_FOLDER.test(top)) && hasOwnPackage(dir)) return dir;
  }
  return undefined;
}

/**
 * A packaging file and a package it builds: `src/<pkg>/__init__.py`, a namespace package's `src/<ns>/<pkg>/__init__.py`
 * (`src/openinference/instrumentation/`, holdout17) or a flat `<pkg>/__init__.py` (not tests).
 */
function hasOwnPackage(dir: string): boolean {
  if (!['pyproject.toml', 'setup.py', 'setup.cfg'].some((f) => fs.existsSync(path.join(dir, f)))) return false;
  const names = (base: string) => listDirs(base).filter((d) => /^[A-Za-z_]\w*$/.test(d) && !/^tests?$/.test(d));
  const packagesIn = (base: string) => names(base).some((d) => fs.existsSync(path.join(base, d, '__init__.py')));
  const src = path.join(dir, 'src');
  return packagesIn(src) || names(src).some((ns) => packagesIn(path.join(src, ns))) || packagesIn(dir);
}

function listDirs(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** More scripts than this in an example folder are not read: it is kept as code of its own. */
const MAX_SCRIPTS = 40;

/**
 * The example's Python is scripts that each show the library on their own (peft's training scripts, clearml's
 * integration demos, holdout16-18): no package (`__init__.py`) and no script that imports another. An app split into
 * modules (`run.py` importing `workflow.py`, holdout8a's research agent) is code of its own.
 * @param scripts the project's `.py` files, relative to its root
 */
export function scriptsStandAlone(scripts: readonly string[], read: (rel: string) => string | undefined): boolean {
  if (scripts.length === 0 || scripts.length > MAX_SCRIPTS || scripts.some((f) => path.posix.basename(f) === '__init__.py')) return false;
  // What another script would import: a script by its name, a folder of scripts by the folder's.
  const own = new Set(scripts.flatMap((f) => [path.posix.basename(f, '.py'), ...(f.includes('/') ? [f.split('/')[0]] : [])]));
  return scripts.every((f) => {
    const text = read(f);
    if (text === undefined) return false;
    const self = path.posix.basename(f, '.py');
    return ![...importedNames(text)].some((n) => {
      const top = n.split('.')[0];
      return top !== self && own.has(top);
    });
  });
}
