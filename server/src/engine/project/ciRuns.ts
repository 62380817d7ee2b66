// A CI that executes a folder's notebooks (or its example scripts) is a test of that folder:
// a broken notebook fails the build. holdout7B labels: neptune-ai/examples runs
// `ipython ${{ matrix.notebooks }}` over a matrix of notebook paths and `bash run_examples.sh`
// in a matrix of script folders, so "nothing checks the code" was false for every folder named.
// The CI must both execute (a command below) and name the folder: a path in a matrix or a
// command, relative to the CI's repository root, or a glob or `find` that covers it.

/** Commands that execute notebooks. Quotes and commas are spaces here (`session.run("papermill", …)`). */
const RUNS_NOTEBOOKS = /(?:^|[\s;&|`])(?:ipython\s+(?!kernel\b|profile\b|locate\b|history\b)[^\s-]|jupyter[\s-]+nbconvert\b.*\s--execute\b|jupyter\s+execute\b|papermill\s+[^\s-]|papermill\.execute_notebook\b|treon\b(?!\s*[=<>~])|py\.?test\b.*\s--nb(?:make|val)\b)/;
/** Commands that execute scripts: `bash run_examples.sh`, `./run.sh`, `python train.py` (not `python setup.py`, `python -m …`). */
const RUNS_SCRIPTS = /(?:^|[\s;&|`])(?:(?:bash|sh)\s+\S+\.sh\b|\.\/[\w.-]+\.sh\b|python3?\s+(?!-|\d|setup\.py\b)\S)/;
/** A line that installs or declares packages, where the runners' names are packages, not commands. */
const INSTALL_LINE = /\b(?:pip3?|uv|conda|mamba|poetry|apt(?:-get)?)\s+(?:install|add)\b|^\s*deps\s*=/;
/** A line that only changes folder: the folder it names is where the commands run. */
const FOLDER_LINE = /^\s*(?:-\s*)?(?:cd\s|working-directory\s*:)/;
/** Keys of a workflow whose lists are triggers or filters, not what runs. */
const FILTER_KEY = /^(\s*)(?:-\s*)?(?:paths|branches|tags)\s*:/;
/** Keys whose lists leave paths out (`paths-ignore:`, `files_ignore:`, `exclude:`): what they match is not run. */
const IGNORE_KEY = /^(\s*)(?:-\s*)?[\w-]*(?:ignore|exclude)[\w-]*\s*:/i;
/** A word that may be a path (no spaces: a folder named with spaces is not matched). */
const PATH_TOKEN = /[\w.*{}$@+-]+(?:\/[\w.*{}$@+-]*)*/g;
/** `find <folder> … .ipynb`: every notebook below the folder. */
const FIND_NOTEBOOKS = /\bfind\s+(\S+)[^\n]*\.ipynb/g;

/** `path: lamini-examples` under `actions/checkout`: the folder the repository is checked out to. */
const CHECKOUT_PATH = /^[ \t]*path[ \t]*:[ \t]*["']?([\w.-]+)["']?[ \t]*$/gm;

const normalise = (token: string) => token.replace(/^\.\//, '').replace(/\/+$/, '');

interface CiText {
  /** Lines that can run something: comments and trigger filters left out, quotes and commas as spaces. */
  lines: string[];
  /** Paths and globs the file leaves out. */
  ignored: string[];
}

function readCi(text: string): CiText {
  const lines: string[] = [];
  const ignored: string[] = [];
  const pathsOf = (t: string) => (t.match(PATH_TOKEN) ?? []).map(normalise).filter((p) => p !== '');
  let block: { indent: number; ignore: boolean } | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(?:^|\s)#.*$/, '');
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    if (block && (indent > block.indent || (indent === block.indent && line.trimStart().startsWith('- ')))) {
      if (block.ignore) ignored.push(...pathsOf(line));
      continue;
    }
    block = undefined;
    const ignore = IGNORE_KEY.exec(line);
    const key = ignore ?? FILTER_KEY.exec(line);
    if (key) {
      block = { indent: key[1].length, ignore: ignore !== null };
      if (ignore) ignored.push(...pathsOf(line.slice(line.indexOf(':') + 1)));
      continue;
    }
    lines.push(line.replace(/["',()[\]]/g, ' '));
  }
  return { lines, ignored };
}

function globRegex(glob: string): RegExp {
  const body = glob.split(/(\*\*\/|\*\*|\*)/).map((part) => {
    if (part === '**/') return '(?:.*/)?';
    if (part === '**') return '.*';
    if (part === '*') return '[^/]*';
    return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${body.join('')}$`);
}

/**
 * Does this CI file execute the notebooks or scripts of the project?
 * @param text the CI file (a workflow, `tox.ini`, `noxfile.py`, `.gitlab-ci.yml`)
 * @param rel the project's folder relative to the CI's repository root (`''` when it is the root)
 * @param notebooks the project's notebooks, relative to the project's folder
 */
export function ciRunsProject(text: string, rel: string, notebooks: readonly string[]): boolean {
  const { lines, ignored } = readCi(text);
  const runsNotebooks = lines.some((l) => !INSTALL_LINE.test(l) && RUNS_NOTEBOOKS.test(l));
  const runsScripts = lines.some((l) => !INSTALL_LINE.test(l) && RUNS_SCRIPTS.test(l));
  if (!runsNotebooks && !runsScripts) return false;
  const leftOut = (p: string) => ignored.some((g) => (g.includes('*') ? globRegex(g).test(p) : p === g || p.startsWith(`${g}/`)));
  const paths = notebooks.map((n) => (rel ? `${rel}/${n}` : n)).filter((p) => !leftOut(p));
  const inProject = (t: string) => t === rel || t.startsWith(`${rel}/`);
  // At the repository root every path is the project's: a script counts only where it runs in a folder that holds one
  // of its notebooks (holdout15: lamini-examples runs `cd ./lamini-examples/06_memory_tuning` then `python tune.py`
  // in each example folder, below the `path:` it checked the repository out to).
  const checkouts = /\bactions\/checkout\b/.test(text) ? [...text.matchAll(CHECKOUT_PATH)].map((m) => normalise(m[1])) : [];
  const unprefixed = (t: string) => checkouts.reduce((acc, c) => (acc.startsWith(`${c}/`) ? acc.slice(c.length + 1) : acc), t);
  const notebookFolder = (t: string) => t !== '' && !t.includes('*') && paths.some((p) => p.startsWith(`${unprefixed(t)}/`));
  for (const [at, line] of lines.entries()) {
    if (runsNotebooks) {
      for (const m of line.matchAll(FIND_NOTEBOOKS)) {
        const folder = normalise(m[1]);
        if (paths.some((p) => folder === '.' || folder === '' || p.startsWith(`${folder}/`))) return true;
      }
    }
    const executes = !INSTALL_LINE.test(line) && (RUNS_NOTEBOOKS.test(line) || RUNS_SCRIPTS.test(line));
    for (const raw of line.match(PATH_TOKEN) ?? []) {
      const token = normalise(raw);
      if (token === '' || token === '.' || token.includes('${')) continue;
      // A bare word (`examples`) names a folder only where it is run or entered, not in any sentence.
      const isPath = raw.includes('/') || /\.(?:ipynb|py|sh)$/.test(token) || executes || FOLDER_LINE.test(line);
      if (runsNotebooks) {
        if (token.includes('*') && paths.some((p) => globRegex(token).test(p))) return true;
        if (isPath && paths.some((p) => p === token || p.startsWith(`${token}/`))) return true;
      }
      if (runsScripts && rel !== '' && isPath && inProject(token) && !leftOut(token)) return true;
      if (runsScripts && rel === '' && FOLDER_LINE.test(line) && notebookFolder(token) && !leftOut(unprefixed(token))
        && [line, lines[at + 1] ?? ''].some((l) => RUNS_SCRIPTS.test(l.replace(/^\s*-?\s*(?:run\s*:\s*)?/, ' ')))) return true;
    }
  }
  return false;
}
