import { isBuiltinOrKernelGlobal } from '../builtins';
import type { FunctionSummary, ImportInfo, ModuleEvent } from '../cellSummary';
import type { CodeCell } from '../dataflow';
import type { CellInput } from '../types';
import { cellHasCode, isCosmeticMagic, isInstallMagic, type MagicLine } from '../magics';
import { memoByObject, memoByObjectAnd, memoByText } from '../detectors/memo';
import { enclosingHeaders } from './blocks';
import type { Rule } from './rule';

/**
 * Modules an environment set-up cell imports to probe and prepare the runtime, not the notebook's dependencies:
 * `getpass` and `os` to set a key, `dotenv`, LangChain-OpenTutorial's `package.install`/`set_env` helpers, and
 * `urllib` with IPython's display for a banner of the notebook's "Run in Colab" links (holdout13, a book's notebooks),
 * `logging` to quiet a library's log before the key is set (holdout15 Giskard `avid-integration-llm`), and `importlib`
 * to list which packages are installed (holdout18 deepagents notebooks).
 */
const SETUP_MODULES = /^(?:sys|os|subprocess|shutil|warnings|logging|getpass|dotenv|urllib|importlib|langchain_opentutorial|google\.colab|IPython)(?:\..+)?$/;
/**
 * A shell or magic line, a Colab check, or pip run through `subprocess`/`os.system`: the cell prepares the runtime
 * (`!pip`, `!wget`, `if 'google.colab' in sys.modules`, `subprocess.run([sys.executable, "-m", "pip", "install", …])`,
 * holdout17 birdclef's torch reinstall).
 */
const SETUP_LINE = /^\s*[!%]|google\.colab|\b(?:subprocess\.\w+|os\.system)\s*\(\s*(?:\[[^\]]*['"]pip3?['"]|f?['"][^'"\n]*\bpip3?\s+install)/m;
/**
 * `sys.path.insert(0, ROOT)`, or a statement that calls a helper named for the path it fixes
 * (`fix_pythonpath_if_working_locally()` in darts' examples, `add_to_sys_path(ROOT)`): the imports that follow
 * it (its cell and the next) need it first.
 */
const SYS_PATH_CHANGE = /\bsys\.path\.(?:insert|append|extend)\s*\(|\bsys\.path\s*(?:\+=|=)|^[ \t]*(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?:python_?path|sys_?path)\w*\s*\(/im;

/**
 * A module file the cell downloads or writes: `download("https://…/code/first.py")`, `!wget https://…/thinkplot.py`,
 * `%%writefile helpers.py`. Its import has to come after that cell (holdout16: ThinkStats2's chapters fetch their
 * helper modules one by one, each imported right after its download).
 */
const FETCHED_MODULE = /https?:\/\/[^\s"'`]*\/([A-Za-z_]\w*)\.py\b|^%%(?:writefile|file)\s+(?:-a\s+)?(?:[^\s]*\/)?([A-Za-z_]\w*)\.py\s*$/gm;

/** The modules (file names without `.py`) a cell downloads or writes. */
function fetchedModules(source: string): string[] {
  if (!source.includes('.py')) return [];
  return [...source.matchAll(FETCHED_MODULE)].map((m) => m[1] ?? m[2]);
}

/**
 * A cell the rendered documentation hides (`#| echo: false`, `#| include: false`, nbdev's `#| hide`): the docs build's
 * own set-up (quieting logs and warnings), not the notebook's top (holdout16: statsforecast's model pages).
 */
const HIDDEN_CELL = /^\s*#\s*\|\s*(?:echo|include)\s*:\s*false\s*$|^\s*#\s*\|?\s*hide\s*$/m;

/**
 * Calls that set up or report on the runtime, by their last name: warnings, display options, seeds, logging, a key
 * asked, the working folder, GPU probes, a value formatted for printing.
 */
const SETTING_METHOD = /^(?:(?:browser_|notebook_)?login|filterwarnings|simplefilter|set_option|set_printoptions|seed|manual_seed(?:_all)?|set_seed|basicConfig|setLevel|getLogger|get_logger|disable_warnings|set_theme|set_style|set_context|set_palette|getpass|load_dotenv|find_dotenv|getenv|getcwd|chdir|makedirs|exists|is_available|device_count|get_device_name|gpu_device_name|list_physical_devices|set_memory_growth|init_notebook_mode|output_notebook|format|(?:\w+_)?(?:enable|disable)_\w+)$/;
/** The same, written whole: builtins that print or convert, a library's one set-up call, an exception raised when the runtime is wrong. */
const SETTING_CALL = /^(?:print|display|(?:google\.colab\.)?userdata\.get|str|repr|int|float|len|Path|nest_asyncio\.apply|nltk\.download|(?:plt|mpl|matplotlib)\.(?:style\.use|rc|use|rcParams\.update)|sns\.set|time\.time|torch\.device|platform\.\w+|sys\.path\.(?:append|insert)|os\.environ\.(?:get|setdefault|update)|[A-Z]\w*(?:Error|Exception))$/;
/** Shell commands that install, fetch or look at the machine (`!nvidia-smi`, `!git clone`, `!wget`), not the notebook's work. */
const SETUP_SHELL = /^(?:pip3?|uv|conda|mamba|apt(?:-get)?|sudo|wget|curl|git|unzip|tar|gunzip|mkdir|cp|mv|ln|ls|rm|cd|pwd|echo|nvidia-smi|nvcc|which|kaggle)$/;

function isSetupMagic(m: MagicLine): boolean {
  if (isCosmeticMagic(m) || isInstallMagic(m)) return true;
  if (m.kind === 'shell') return SETUP_SHELL.test(m.name) || (/^python3?$/.test(m.name) && /^(?:--version|-V)\b/.test(m.args));
  return ['cd', 'env', 'load_ext', 'reload_ext', 'capture', 'tensorflow_version'].includes(m.name);
}

/**
 * A cell that only prepares the runtime: imports, settings and seeds, a version printed, a key asked, a star import,
 * pip run through `subprocess`, set-up shell lines; no function or class, and no other call.
 */
function isQuietCell(c: CodeCell, source: string): boolean {
  const install = SETUP_LINE.test(source);
  const setupCall = (callee: string) => SETTING_CALL.test(callee) || SETTING_METHOD.test(callee.slice(callee.lastIndexOf('.') + 1))
    || (install && /^(?:subprocess\.\w+|os\.system)$/.test(callee));
  const { events, definitions, magics, ml } = c.summary;
  return definitions.length === 0 && events.every((e) => e.kind !== 'unknown' || e.why === 'a star import')
    && ml.calls.every((k) => setupCall(k.callee)) && magics.every(isSetupMagic);
}

/** NB108: imports scattered through the notebook hide its dependencies. */
export const importNotAtTop: Rule = {
  code: 'NB108',
  name: 'import-not-at-top',
  defaultSeverity: 'hint',
  // Whether a cell has Python code, is a set-up cell, changes sys.path, may sit between that and its imports, its imports and which of them load on demand.
  reads: {
    // What makes a set-up cell or a quiet one matters only up to the first cell that does work: past it (the same
    // opening as before) a cell's bindings and calls change nothing.
    cellKey: (c, cell, _config, notebook) =>
      `${cellHasCode(cell.source, c.summary.magics, { pythonOnly: true })}${SETUP_LINE.test(cell.source)}${HIDDEN_CELL.test(cell.source)}${SYS_PATH_CHANGE.test(cell.source)}${isBetweenPathAndImports(c, cell.source)}${c.summary.imports.length === 0 ? '' : JSON.stringify(c.summary.imports)}|${c.summary.imports.map((i) => +downloadsWhenMissing(cell.source, i.range.start.line) + 2 * +onlyWithEnvironment(cell.source, i.range.start.line) + 4 * +underAvailabilityTest(cell.source, i.range.start.line)).join('')}|${fetchedModules(cell.source).join(',')}|${notebook?.upTo !== undefined && c.index > notebook.upTo ? '' : `${JSON.stringify(preambleFacts(c))}${isQuietCell(c, cell.source)}${c.summary.magics.every(isSetupMagic)}`}`,
    notebookFacts: (codeCells, cells) => {
      const found = opening(codeCells, cells);
      // The sections that start over read every cell's names and the markdown headings: their openings are in the key.
      return found ? { key: `${found.top.index}:${found.work}:${found.continued}:${[...selfContainedSections(codeCells, cells)].join(',')}`, upTo: found.work } : { key: 'none' };
    },
  },
  check({ codeCells, cells }) {
    const found = opening(codeCells, cells);
    if (!found) return [];
    const { top, work, continued } = found;
    // Imports that come after a change of sys.path, in its cell or the next, are placed after it on purpose.
    const afterPathChange = new Map<number, number>(); // cell index -> first line whose imports need the change
    codeCells.forEach((c, k) => {
      const lines = cells[c.index].source.split('\n');
      const at = lines.findIndex((l) => SYS_PATH_CHANGE.test(l));
      if (at < 0) return;
      afterPathChange.set(c.index, Math.min(afterPathChange.get(c.index) ?? Infinity, at));
      // The next cell, past cells of magics (`%load_ext autoreload`) and of settings made with what they import
      // (`from darts import set_option` + `set_option(…)`): darts' examples import after such cells too.
      let j = k + 1;
      for (; j < codeCells.length && isBetweenPathAndImports(codeCells[j], cells[codeCells[j].index].source); j++) afterPathChange.set(codeCells[j].index, 0);
      if (j < codeCells.length) afterPathChange.set(codeCells[j].index, 0);
    });
    // Modules the notebook downloads or writes, by the first cell that does: importing them any earlier fails.
    const fetchedAt = new Map<string, number>();
    for (const c of codeCells) for (const m of fetchedModules(cells[c.index].source)) if (!fetchedAt.has(m)) fetchedAt.set(m, c.index);
    const fetchedBefore = (i: ImportInfo, cell: number) => i.modules.some((m) => (fetchedAt.get(m.split('.')[0]) ?? Infinity) <= cell);
    const sections = selfContainedSections(codeCells, cells);
    return codeCells
      .filter((c) => c.index > top.index && c.index >= work && !sections.has(c.index))
      // `import IPython` (the restart-after-install boilerplate) is the notebook's runtime, not a dependency.
      .flatMap((c) => c.summary.imports.filter((i) => i.topLevel && !i.optional && !i.modules.every((m) => /^IPython(?:\.|$)/.test(m))
        && !downloadsWhenMissing(cells[c.index].source, i.range.start.line)
        && !onlyWithEnvironment(cells[c.index].source, i.range.start.line)
        && !underAvailabilityTest(cells[c.index].source, i.range.start.line)
        && !fetchedBefore(i, c.index)
        && !(c.index === work && i.range.start.line < continued)
        && !(i.range.start.line >= (afterPathChange.get(c.index) ?? Infinity))).map(({ range }) => ({
        cell: c.index,
        range,
        message: 'Import after the first code cell: move it to the top so the notebook\'s dependencies are in one place.',
      })));
  },
};

/**
 * The notebook's top, its first code cell that is not set-up (see isPreamble), and the first cell from the top on that
 * does work (Infinity when none does). The opening between them is the top and the cells after it that only prepare the
 * runtime (more imports, settings, a version printed, a key asked, an install), with markdown or set-up shell cells
 * between: its imports are at the top in all but name (holdout17: GeostatsGuy's import cells split by markdown,
 * catboost's after a version print); an import from the first cell that does work on is reported, but for the
 * leading imports that continue an import block (see continuedImports).
 */
// Once per analysis (the code cells array is new for each): the reuse check and the rule both ask.
const opening = memoByObjectAnd(openingOf);

function openingOf(codeCells: readonly CodeCell[], cells: readonly CellInput[]): { top: CodeCell; work: number; continued: number } | undefined {
  const bound = new Set<string>();
  let top: CodeCell | undefined;
  for (const c of codeCells) {
    // The top is a cell with Python code: a licence comment or a `%pip install` cell comes before it.
    if (!cellHasCode(cells[c.index].source, c.summary.magics, { pythonOnly: true })) continue;
    const facts = preambleFacts(c);
    const hidden = HIDDEN_CELL.test(cells[c.index].source);
    if (!hidden && !isPreamble(c, cells[c.index].source, facts, SETUP_LINE.test(cells[c.index].source), bound)) {
      top = c;
      break;
    }
    facts.binds.forEach((n) => bound.add(n));
  }
  if (!top) return undefined;
  for (const c of codeCells) {
    if (c.index < top.index) continue;
    const source = cells[c.index].source;
    if (!cellHasCode(source, c.summary.magics, { pythonOnly: true })) {
      if (c.summary.magics.every(isSetupMagic)) continue;
      return { top, work: c.index, continued: 0 };
    }
    const facts = preambleFacts(c);
    if (!isQuietCell(c, source) || !facts.needs.every((n) => bound.has(n))) return { top, work: c.index, continued: continuedImports(codeCells, cells, top, c.index) };
    facts.binds.forEach((n) => bound.add(n));
  }
  return { top, work: Infinity, continued: 0 };
}

/**
 * How many lines opening the first working cell continue the opening's import block: its leading imports (blank and
 * comment lines between) when the opening imports what later cells use. `import tensorflow as tf; print(tf.__version__)`
 * then a cell opening with `import numpy as np` and `import matplotlib.pyplot as plt` before its first function
 * (holdout13 dlaicourse, holdout19 dcgan, holdout20 causalml labels): the imports are at the top in all but name. An
 * opening that only patches the runtime for itself (`import nest_asyncio; nest_asyncio.apply()`) is no import block:
 * the imports of the cell after it are the notebook's first (holdout10 NeMo-Guardrails).
 */
function continuedImports(codeCells: readonly CodeCell[], cells: readonly CellInput[], top: CodeCell, work: number): number {
  const imported = new Set<string>();
  for (const c of codeCells) {
    if (c.index < top.index || c.index >= work) continue;
    for (const e of c.summary.events) if (e.kind === 'def' && e.imported) imported.add(e.name);
  }
  const usedLater = imported.size > 0 && codeCells.some((c) => c.index >= work && c.summary.events.some((e) => ((e.kind === 'read' || e.kind === 'mutate') && imported.has(e.name))
    || (e.kind === 'def' && !!e.fn?.reads.some((r) => imported.has(r.name)))));
  const workCell = codeCells.find((c) => c.index === work);
  if (!usedLater || !workCell) return 0;
  const imports = workCell.summary.imports.filter((i) => i.topLevel && i.range.start.character === 0);
  const lines = cells[work].source.split('\n');
  let line = 0;
  while (line < lines.length) {
    const statement = imports.find((i) => i.range.start.line === line);
    if (statement) line = statement.range.end.line + 1;
    else if (/^\s*(?:#.*)?$|^from\s+__future__\s+import\b/.test(lines[line])) line++;
    else break;
  }
  return line;
}

/**
 * A cell between a change of sys.path and the imports that need it: comments and display magics only (`%autoreload 2`,
 * not a `!pip install`), or a setting made
 * with only what the cell imports (`from darts import set_option` then `set_option("plotting…", True)`): it
 * binds nothing else, reads nothing from elsewhere and defines nothing.
 */
function isBetweenPathAndImports(c: CodeCell, source: string): boolean {
  if (!cellHasCode(source, c.summary.magics, { pythonOnly: true })) return c.summary.magics.every(isCosmeticMagic);
  const facts = preambleFacts(c);
  const imported = new Set(c.summary.events.flatMap((e) => (e.kind === 'def' && e.imported ? [e.name] : [])));
  return imported.size > 0 && !facts.defines && !facts.unknown && facts.uses && facts.needs.length === 0
    && c.summary.events.every((e) => e.kind !== 'def' || e.imported);
}

/** What isPreamble reads of a cell: the names it needs from elsewhere, those it binds, and whether it defines a function or class. */
function preambleFacts(c: CodeCell): { needs: string[]; binds: string[]; defines: boolean; uses: boolean; unknown: boolean } {
  const binds = new Set<string>();
  const needs = new Set<string>();
  let uses = false;
  let unknown = false;
  for (const e of c.summary.events) {
    if (e.kind === 'def') binds.add(e.name);
    // A bare `%store -r` restores another notebook's variables: a set-up step, as long as nothing it restores is
    // read unguarded (such a read stays a need below, which no set-up cell binds).
    else if (e.kind === 'unknown') unknown ||= e.why !== '%store';
    else if (e.kind === 'read' || e.kind === 'mutate') {
      uses = true;
      // `try: initialized except NameError: print("run the set-up notebook first")` checks for a name, needs none.
      const guarded = e.kind === 'read' && e.guarded;
      if (!guarded && !binds.has(e.name) && !isBuiltinOrKernelGlobal(e.name)) needs.add(e.name);
    }
  }
  return { needs: [...needs], binds: [...binds], defines: c.summary.definitions.length > 0, uses, unknown };
}

/**
 * A set-up cell before the notebook's real top, which needs no library of its own: its module-level imports are
 * only set-up modules, what it reads is a builtin or bound by itself or an earlier set-up cell, and it is either
 * an install or Colab cell (`!pip`, `%pip` in an `if`, a `try` that installs what is missing) or a cell of
 * constants, environment settings (`os.environ[...] = ...`, `load_dotenv()`) or a file printed. A cell of bare
 * imports (`import os`) with no set-up line is the import block itself, and a cell defining a function is code.
 */
function isPreamble(c: CodeCell, source: string, facts: ReturnType<typeof preambleFacts>, setupLine: boolean, bound: ReadonlySet<string>): boolean {
  if (facts.unknown || !facts.needs.every((n) => bound.has(n))) return false;
  // In an install cell, imports in a branch belong to one runtime (`if iskaggle: !pip install …` / `else: import kaggle`
  // to download the data), and `pathlib` names where the data goes: the cell still prepares the runtime.
  // An import that runs only when a variable is set (`if os.environ.get("LANGFUSE_SECRET_KEY"): from langfuse… import
  // CallbackHandler`) is optional tracing, not the notebook's library (holdout18 deepagents notebooks' set-up cells).
  const imports = c.summary.imports.filter((i) => i.topLevel && !(setupLine && i.range.start.character > 0)
    && !(i.range.start.character > 0 && onlyWithEnvironment(source, i.range.start.line)));
  // `%pip install xgboost clearml` + `import clearml` + `clearml.browser_login()`: a package the cell installs, imported
  // there only to log in or set up (holdout18 label, ClearML's getting-started notebook).
  const installed = setupLine && c.summary.ml.calls.length > 0 && isQuietCell(c, source) ? installedPackages(c.summary.magics) : new Set<string>();
  const setupModule = (m: string) => SETUP_MODULES.test(m) || (setupLine && /^pathlib(?:\..+)?$/.test(m)) || installed.has(m.split('.')[0].toLowerCase());
  if (!imports.every((i) => !i.relative && i.modules.every(setupModule))) return false;
  return setupLine || (!facts.defines && (imports.length === 0 || facts.uses));
}

/** `if not path.exists():` (or `os.path.isfile(…)`, `Path(…).is_dir()`): a test that a file or folder is missing. */
const MISSING_PATH = /^\s*if\s+not\s+.*\b(?:exists|isfile|isdir|is_file|is_dir)\s*\(.*:\s*(?:#.*)?$/;
const PATH_TEST = /\b(?:exists|isfile|isdir|is_file|is_dir)\s*\(/;

/**
 * The import on `line` sits in a block that runs only when a path is missing (`if not path.exists():
 * from kaggle import api`): it loads a downloader on demand (the Kaggle client authenticates on import and
 * needs the credentials an earlier cell writes), not a dependency of the notebook's code.
 */
function downloadsWhenMissing(source: string, line: number): boolean {
  // Asked for every import of every cell (the cell key too): most cells test no path.
  if (!PATH_TEST.test(source)) return false;
  const lines = source.split('\n');
  for (const header of enclosingHeaders(lines, line)) if (MISSING_PATH.test(lines[header])) return true;
  return false;
}

/** The level of a markdown cell's highest heading (`## Spark` gives 2), undefined without one; a `# comment` in a fenced code block is none. */
function headingLevel(source: string): number | undefined {
  // Asked of every markdown cell at each keystroke (sectionsOf): the answer for a text is kept.
  return source.includes('#') ? headingLevelOf(source) : undefined;
}

const headingLevelOf = memoByText(readHeadingLevel);

function readHeadingLevel(source: string): number | undefined {
  let level: number | undefined;
  let fenced = false;
  for (const line of source.split('\n')) {
    if (/^ {0,3}(?:```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^ {0,3}(#{1,6})[ \t]+\S/.exec(line);
    if (m) level = Math.min(level ?? 6, m[1].length);
  }
  return level;
}

/** What a cell binds or reads, of what kind: code (an import, a function, a class) or data (anything else assigned). */
type Binding = { code: boolean; literal?: boolean; fn?: FunctionSummary };
const bindingOf = (e: Extract<ModuleEvent, { kind: 'def' }>): Binding => ({ code: !!(e.imported || e.fn || e.isClass), fn: e.fn });


/**
 * Code cells with imports that open a section which starts over: the cell follows markdown with a heading, and the
 * section (down to the next heading as high) makes again data the cells above made (a file reloaded, a pipeline
 * created again; a constant assigned again is not enough) and reads it, needs from above only code (imports,
 * functions and classes whose bodies read no data from above), and nothing after it reads what it binds. A
 * cookbook's "2D visualization" example re-imports pandas and reloads its CSV, a reference's "Section 4.3" example
 * reads its own file (holdout18 labels), a recipe's scikit-learn section reloads the data (holdout14): its imports
 * belong to it. A section that reads what the cells above computed (`X_train`, a `client`), or whose results later
 * cells use, is one analysis with its imports scattered.
 */
const selfContainedSections = memoByObjectAnd(sectionsOf);

function sectionsOf(codeCells: readonly CodeCell[], cells: readonly CellInput[]): Set<number> {
  const found = new Set<number>();
  const work = opening(codeCells, cells)?.work ?? Infinity;
  codeCells.forEach((c, k) => {
    if (c.index < work || c.index === 0 || cells[c.index - 1].kind !== 'markdown' || !c.summary.imports.some((i) => i.topLevel)) return;
    let level: number | undefined;
    for (let j = c.index - 1; j >= 0 && cells[j].kind === 'markdown'; j--) {
      const l = headingLevel(cells[j].source);
      if (l !== undefined) level = Math.min(level ?? l, l);
    }
    if (level === undefined) return;
    let end = cells.length;
    for (let j = c.index + 1; j < cells.length; j++) {
      const l = cells[j].kind === 'markdown' ? headingLevel(cells[j].source) : undefined;
      if (l !== undefined && l <= level) { end = j; break; }
    }
    if (startsOver(codeCells, k, end) && !usedAfter(codeCells, k, end)) found.add(c.index);
  });
  return found;
}

/** The last binding of each name before code cell k (a search in the notebook's index of bindings, see BindingIndex). */
function bindingsAbove(codeCells: readonly CodeCell[], k: number): (name: string) => Binding | undefined {
  const index = bindingIndex(codeCells);
  return (name) => {
    const positions = index.get(name);
    if (!positions) return undefined;
    // The last position below k: positions are ascending.
    let lo = 0;
    let hi = positions.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (positions[mid] < k) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    // Each position is checked against the cell's own bindings, so a stale entry can only be skipped, never believed.
    for (; at >= 0; at--) {
      const binding = cellBindings(codeCells[positions[at]].summary).get(name);
      if (binding) return binding;
    }
    return undefined;
  };
}

/** The last binding each name gets in one cell, kept with its summary (unchanged cells keep theirs across edits). */
const cellBindings = memoByObject((summary: CodeCell['summary']) => {
  const out = new Map<string, Binding>();
  for (const e of summary.events) if (e.kind === 'def') out.set(e.name, bindingOf(e));
  return out;
});

/**
 * Per name, the positions of the code cells that bind it, ascending. Asked at every keystroke (NB108's reuse key reads
 * the sections): after an edit that leaves the cells in place, only the positions whose summary changed are updated.
 */
let lastIndex: { cells: readonly CodeCell[]; index: Map<string, number[]> } | undefined;

function bindingIndex(codeCells: readonly CodeCell[]): Map<string, number[]> {
  const last = lastIndex;
  if (last?.cells === codeCells) return last.index;
  let index: Map<string, number[]>;
  if (last && last.cells.length === codeCells.length) {
    index = last.index;
    for (let pos = 0; pos < codeCells.length; pos++) {
      const before = last.cells[pos].summary;
      const now = codeCells[pos].summary;
      if (before === now) continue;
      for (const name of cellBindings(before).keys()) {
        const positions = index.get(name)!;
        positions.splice(positions.indexOf(pos), 1);
        if (positions.length === 0) index.delete(name);
      }
      for (const name of cellBindings(now).keys()) {
        let positions = index.get(name);
        if (!positions) index.set(name, (positions = []));
        let at = positions.length;
        while (at > 0 && positions[at - 1] > pos) at--;
        positions.splice(at, 0, pos);
      }
    }
  } else {
    index = new Map();
    codeCells.forEach((c, pos) => {
      for (const name of cellBindings(c.summary).keys()) {
        let positions = index.get(name);
        if (!positions) index.set(name, (positions = []));
        positions.push(pos);
      }
    });
  }
  lastIndex = { cells: codeCells, index };
  return index;
}

/** The section of code cells k.. (before cell index `end`) reads no data bound above it, and uses data it binds again. */
function startsOver(codeCells: readonly CodeCell[], k: number, end: number): boolean {
  const above = bindingsAbove(codeCells, k);
  const bound = new Map<string, Binding>();
  const needs = new Set<string>();
  let rebound = false;
  const read = (name: string, depth: number): void => {
    const own = bound.get(name);
    if (own) {
      if (!own.code && !own.literal && above(name) && !above(name)!.code) rebound = true;
      if (own.fn && depth < 3) own.fn.reads.forEach((r) => read(r.name, depth + 1));
      return;
    }
    if (isBuiltinOrKernelGlobal(name)) return;
    needs.add(name);
  };
  for (let j = k; j < codeCells.length && codeCells[j].index < end; j++) {
    const { strings, numbers } = codeCells[j].summary;
    // `seq_len = 50` or a prompt string assigned again is a setting, not data made again (holdout15 Modern-Time-Series).
    const literal = new Set([...strings, ...numbers].flatMap((l) => (l.context.target !== undefined && l.context.callee === undefined ? [l.context.target] : [])));
    for (const e of codeCells[j].summary.events) {
      if (e.kind === 'unknown') return false;
      if (e.kind === 'def') bound.set(e.name, literal.has(e.name) ? { code: false, literal: true } : bindingOf(e));
      else if ((e.kind === 'read' && !e.guarded) || e.kind === 'mutate') read(e.name, 0);
    }
  }
  if (!rebound) return false;
  // What the section needs from above must be code, and a function's body must need only code from above too.
  const checked = new Set<string>();
  const codeOnly = (name: string, depth: number): boolean => {
    if (checked.has(name)) return true;
    checked.add(name);
    const b = above(name);
    if (!b || !b.code) return false;
    return !b.fn || depth >= 3 || b.fn.reads.every((r) => isBuiltinOrKernelGlobal(r.name) || codeOnly(r.name, depth + 1));
  };
  return [...needs].every((n) => codeOnly(n, 0));
}

/** A later cell reads something the section (code cells k.. before cell index `end`) binds, before binding it again. */
function usedAfter(codeCells: readonly CodeCell[], k: number, end: number): boolean {
  const live = new Set<string>();
  let j = k;
  for (; j < codeCells.length && codeCells[j].index < end; j++) for (const e of codeCells[j].summary.events) if (e.kind === 'def') live.add(e.name);
  for (; j < codeCells.length && live.size > 0; j++) {
    for (const e of codeCells[j].summary.events) {
      if (e.kind === 'unknown') return true;
      if ((e.kind === 'read' || e.kind === 'mutate') && live.has(e.name)) return true;
      if (e.kind === 'def') {
        // A function defined later that reads the section's names may be called with them.
        if (e.fn?.reads.some((r) => live.has(r.name))) return true;
        live.delete(e.name);
      }
    }
  }
  return false;
}

/** `if os.environ.get("OPENAI_API_KEY"):`, `if os.getenv(…)`, `if "KEY" in os.environ:`: a test that a variable is set. */
const ENVIRONMENT_TEST = /^\s*(?:el)?if\s+(?!not\b).*(?:\b(?:os\.environ\.get|os\.getenv|getenv)\s*\(|\bin\s+os\.environ\b)/;

/**
 * The import on `line` sits in a block that runs only when an environment variable is set (`if
 * os.environ.get("OPENAI_API_KEY"): from langchain_openai import ChatOpenAI`, the key-less run skips it, holdout18
 * label): an optional part the notebook runs without, as an import under `except ImportError` is.
 */
function onlyWithEnvironment(source: string, line: number): boolean {
  if (!source.includes('environ') && !source.includes('getenv')) return false;
  const lines = source.split('\n');
  for (const header of enclosingHeaders(lines, line)) if (ENVIRONMENT_TEST.test(lines[header])) return true;
  return false;
}

/**
 * `if module_exists("ray"):`, `if importlib.util.find_spec("ray") is None:`, `if is_torch_available():`: a test that a
 * package is installed. Also matched on an `else:`/`elif` of such an `if`.
 */
const AVAILABILITY_TEST = /^\s*(?:el)?if\b.*\b(?:module_exists|module_available|is_module_available|package_exists|is_installed|find_spec|find_loader|is_\w+_available)\s*\(/;

/**
 * The import on `line` sits in a branch chosen by whether a package is installed (holdout20 forecasting's
 * `if module_exists("ray"):` with `import ray` and its `logging` level, and the sequential fallback of `if not
 * module_exists("ray"):`): an optional path with its fallback beside it, as an import under `except ImportError` is.
 * Moving it to the top would make the optional package required.
 */
function underAvailabilityTest(source: string, line: number): boolean {
  if (!/module_exists|module_available|package_exists|is_installed|find_spec|find_loader|_available\s*\(/.test(source)) return false;
  const lines = source.split('\n');
  for (const header of enclosingHeaders(lines, line)) {
    if (AVAILABILITY_TEST.test(lines[header])) return true;
    if (!/^\s*(?:else|elif\b.*)\s*:/.test(lines[header])) continue;
    // The `if` this `else` belongs to: the closest line above at the same indent that opens one.
    const indent = /^\s*/.exec(lines[header])![0].length;
    for (let i = header - 1; i >= 0; i--) {
      const at = /^\s*/.exec(lines[i])![0].length;
      if (/^\s*(?:#.*)?$/.test(lines[i]) || at > indent) continue;
      if (at < indent) break;
      if (AVAILABILITY_TEST.test(lines[i])) return true;
      if (/^\s*if\b/.test(lines[i])) break;
    }
  }
  return false;
}

/** The packages a cell's pip lines install, as import names (`%pip install --upgrade scikit-learn clearml>=1.14` gives `scikit_learn`, `clearml`). */
function installedPackages(magics: readonly MagicLine[]): Set<string> {
  const names = new Set<string>();
  for (const m of magics) {
    if (!isInstallMagic(m)) continue;
    const words = `${m.name} ${m.args}`.split(/\s+/);
    const at = words.indexOf('install');
    for (const w of words.slice(at + 1)) {
      const name = /^([A-Za-z][\w.-]*)/.exec(w)?.[1];
      if (name && !w.startsWith('-')) names.add(name.replace(/[-.]/g, '_').toLowerCase());
    }
  }
  return names;
}
