import * as path from 'node:path';
import { PYLAB_NAMES, PYLAB_ONLY } from '../knowledge/pylab';
import type { CellSummary } from '../cellSummary';
import type { CodeCell } from '../dataflow';
import { memoByObject } from '../detectors/memo';
import type { MagicLine } from '../magics';
import type { ProjectModel } from '../project/model';
import { readSmall } from './ml/modelOutputUnlogged';
import { cellLabel, type NotebookFacts, type Rule } from './rule';
import type { CellInput } from '../types';

/** The file a `%%writefile -a ./src/task.py` or `%run -i ./src/task.py arg` names: `src/task.py`. */
function scriptPath(args: string): string {
  const path = args.split(/\s+/).filter((w) => !w.startsWith('-'))[0] ?? '';
  return path.replace(/^["']|["']$/g, '').replace(/^(?:\.\/)+/, '');
}

/**
 * What a `%%writefile` path matches: itself, or with IPython's expansions (`{APP_DIR}/task.py`,
 * `$APP_DIR/task.py`) standing for one folder or file name each, so `%run trainer/task.py` matches.
 */
function writtenPath(path: string): (run: string) => boolean {
  const parts = path.split(/(\{[^{}]*\}|\$\{?\w+\}?)/);
  if (parts.length === 1) return (run) => run === path;
  const pattern = new RegExp(`^${parts.map((p, i) => (i % 2 ? '[^/]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
  return (run) => run === path || pattern.test(run);
}

/** What binds names a script's text does not show: a star import, exec/eval, the namespace dicts, setattr, IPython. */
const BINDS_UNSEEN = /\bimport\s*\*|\b(?:exec|eval|compile|globals|locals|vars|setattr|__import__|get_ipython|import_module)\b|__dict__|__builtins__|\bbuiltins\b|sys\.modules/;
/** The text of each project file these rules read: its words, and whether it may bind names it never writes. Read once per project model. */
const FILE_WORDS = new WeakMap<ProjectModel, Map<string, { words: Set<string>; bindsUnseen: boolean } | null>>();

/** A project file's words (null when it is empty or unread), read once per project model. */
function fileWords(project: ProjectModel, rel: string): { words: Set<string>; bindsUnseen: boolean } | null {
  let cache = FILE_WORDS.get(project);
  if (!cache) FILE_WORDS.set(project, (cache = new Map()));
  if (!cache.has(rel)) {
    const text = readSmall(project.root, rel);
    cache.set(rel, text === '' ? null : { words: new Set(text.match(/[A-Za-z_]\w*/g) ?? []), bindsUnseen: BINDS_UNSEEN.test(text) });
  }
  return cache.get(rel) ?? null;
}

/**
 * The words of the `.py` file `%run script.py` runs, when it is a project file next to the notebook
 * and nothing in it binds names it does not write out: a name it never mentions, it does not bind.
 * Undefined when that cannot be known (no project, another folder, a missing or unread file).
 */
function scriptWords(project: ProjectModel | undefined, notebook: string | undefined, args: string): Set<string> | undefined {
  const script = scriptPath(args);
  if (!project || notebook === undefined || !script.endsWith('.py') || /[{}$*?~]/.test(script)) return undefined;
  const rel = path.posix.normalize(path.posix.join(path.posix.dirname(notebook), script));
  if (rel.startsWith('../') || !project.files.includes(rel)) return undefined;
  const read = fileWords(project, rel);
  return read && !read.bindsUnseen ? read.words : undefined;
}

const STAR_IMPORT = /^[ \t]*from[ \t]+([A-Za-z_][\w.]*)[ \t]+import[ \t]*\*/gm;

/**
 * The words of the project's own modules the notebook star-imports (`from helper_library import *` of a package beside
 * it): a name they mention may come from them rather than from `%store`/`%run`. Empty when it star-imports none.
 */
function localStarImportWords(project: ProjectModel | undefined, notebook: string | undefined, sources: readonly string[]): Set<string> {
  const words = new Set<string>();
  if (!project || notebook === undefined) return words;
  const folder = path.posix.dirname(notebook);
  for (const source of sources) {
    if (!source.includes('import')) continue;
    for (const m of source.matchAll(STAR_IMPORT)) {
      const base = path.posix.normalize(path.posix.join(folder, m[1].replace(/\./g, '/')));
      const files = project.files.filter((f) => f === `${base}.py` || (f.startsWith(`${base}/`) && f.endsWith('.py')));
      for (const f of files) for (const w of fileWords(project, f)?.words ?? []) words.add(w);
    }
  }
  return words;
}

/** A notebook that changes its folder (`%cd`, `os.chdir`): a `%run` path may name another file. */
const CHANGES_FOLDER = /^\s*%cd\b|\bchdir\s*\(/m;

/**
 * After `%store -r name`, a block that makes the value when the store is empty: `try: name` /
 * `except NameError: name = …`, or `if "name" not in locals(): name = …`. The notebook then
 * runs on its own; the store only saves a step.
 */
function buildsFallback(source: string, afterLine: number, name: string): boolean {
  const rest = source.split('\n').slice(afterLine + 1).join('\n').replace(/\r/g, '');
  if (!rest.includes(name)) return false;
  const assigns = new RegExp(`^[ \\t]+${name}[ \\t]*(?::[^=\\n]*)?=(?!=)`, 'm');
  const mentions = new RegExp(`\\b${name}\\b`);
  for (const m of rest.matchAll(TRY_NAME_ERROR)) if (mentions.test(m[2]) && assigns.test(m[3])) return true;
  for (const m of rest.matchAll(IF_NOT_IN_LOCALS)) if (m[2] === name && assigns.test(m[3])) return true;
  return false;
}

/** Lines indented under the block opened at indentation \1, blank lines included (the two kinds never overlap: no backtracking blow-up). */
const BLOCK = '((?:\\1[ \\t]+\\S.*(?:\\n|(?![\\s\\S]))|[ \\t]*\\n)*)';
/** `try:` body, then `except NameError:` (or a tuple naming it) and its handler: groups 2 and 3. */
const TRY_NAME_ERROR = new RegExp(`^([ \\t]*)try[ \\t]*:[ \\t]*\\n${BLOCK}\\1except\\b[^\\n:]*\\bNameError\\b[^\\n]*:[ \\t]*\\n${BLOCK}`, 'gm');
/** `if "name" not in locals():` (or globals()) and its body: groups 2 (the name) and 3. */
const IF_NOT_IN_LOCALS = new RegExp(`^([ \\t]*)if[ \\t]+["'](\\w+)["'][ \\t]+not[ \\t]+in[ \\t]+(?:locals|globals)\\(\\)[ \\t]*:[ \\t]*\\n${BLOCK}`, 'gm');

/**
 * Every name a `%store -r a b` restores is built again when missing (see buildsFallback), in the rest of its
 * cell or in the code cell right after it (`%store -r endpoint_name` alone, then `try: endpoint_name` /
 * `except NameError: endpoint_name = …` as the next cell).
 */
function restoresWithFallback(source: string, m: MagicLine, nextSource?: string): boolean {
  return m.name === 'store' && m.binds.length > 0
    && m.binds.every((n) => buildsFallback(source, m.endLine, n) || (nextSource !== undefined && buildsFallback(nextSource, -1, n)));
}

/** The names a cell builds when they are missing (`except NameError:` or `not in locals()` blocks): what the cell before it may lean on. */
function fallbackNames(source: string): string {
  if (!source.includes('NameError') && !source.includes('locals()') && !source.includes('globals()')) return '';
  const names = new Set<string>();
  for (const m of source.replace(/\r/g, '').matchAll(TRY_NAME_ERROR)) {
    for (const a of m[3].matchAll(/^[ \t]+([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)/gm)) if (new RegExp(`\\b${a[1]}\\b`).test(m[2])) names.add(a[1]);
  }
  for (const m of source.replace(/\r/g, '').matchAll(IF_NOT_IN_LOCALS)) names.add(m[2]);
  return [...names].sort().join(',');
}

/** `"SAGEMAKER"`, `'a' | 'b'`: the string literals of a `case` pattern, or undefined for any other pattern. */
function caseLiterals(pattern: string): string[] | undefined {
  const parts = pattern.split('|').map((p) => /^\s*(["'])([^"'\\]*)\1\s*$/.exec(p)?.[2]);
  return parts.every((p): p is string => p !== undefined) ? parts : undefined;
}

/**
 * The magic stands in a branch that the string set just above does not take (holdout18: `provider = "BEDROCK"`, then
 * `match provider:` … `case "SAGEMAKER":` with `%store -r SAGEMAKER_ENDPOINT_NAME`; also `if provider == "SAGEMAKER":`).
 * As written the notebook runs without it; the value is one line of the cell, bound once, at its left margin.
 */
function branchOffAsWritten(source: string, magicLine: number): boolean {
  const lines = source.split('\n').map((l) => l.replace(/\r$/, ''));
  const indent = (l: string) => l.length - l.trimStart().length;
  const code = (l: string) => l.trim() !== '' && !l.trimStart().startsWith('#');
  const headerAbove = (line: number): number => {
    const own = indent(lines[line]);
    for (let i = line - 1; i >= 0; i--) if (code(lines[i]) && indent(lines[i]) < own) return i;
    return -1;
  };
  if (indent(lines[magicLine] ?? '') === 0) return false;
  const header = headerAbove(magicLine);
  if (header < 0) return false;
  let subject: string | undefined;
  let taken: string[] | undefined;
  let from = header;
  const ifTest = /^\s*if\s+([A-Za-z_]\w*)\s*==\s*(["'])([^"'\\]*)\2\s*:\s*(?:#.*)?$/.exec(lines[header]);
  const caseTest = /^\s*case\s+(.+?)\s*:\s*(?:#.*)?$/.exec(lines[header]);
  if (ifTest) {
    subject = ifTest[1];
    taken = [ifTest[3]];
  } else if (caseTest) {
    taken = caseLiterals(caseTest[1]);
    from = headerAbove(header);
    subject = from >= 0 ? /^\s*match\s+([A-Za-z_]\w*)\s*:\s*(?:#.*)?$/.exec(lines[from])?.[1] : undefined;
  }
  if (!subject || !taken) return false;
  const mentions = new RegExp(`(?<![\\w.])${subject}\\b`);
  const bound = new RegExp(`^${subject}\\s*=\\s*(["'])([^"'\\\\]*)\\1\\s*(?:#.*)?$`);
  for (let i = from - 1; i >= 0; i--) {
    if (!mentions.test(lines[i])) continue;
    const value = bound.exec(lines[i])?.[2];
    return value !== undefined && !taken.includes(value);
  }
  return false;
}

/**
 * What a cell refers to: names its own code reads when it runs (and the words of its magics' arguments), and the
 * names each function body reads or calls, by the top-level function that owns the body.
 */
const references = memoByObject((summary: CellSummary): { run: ReadonlySet<string>; byOwner: ReadonlyMap<string, readonly string[]> } => {
  const run = new Set<string>();
  const byOwner = new Map<string, string[]>();
  const add = (owner: string, name: string) => {
    let list = byOwner.get(owner);
    if (!list) byOwner.set(owner, (list = []));
    list.push(name);
  };
  for (const e of summary.events) {
    if (e.kind === 'read') run.add(e.name);
    else if (e.kind === 'def' && e.fn) for (const n of e.fn.calls) add(e.name, n);
  }
  for (const r of summary.deferredReads) add(r.owner, r.name);
  for (const m of summary.magics) for (const w of m.args.match(/[A-Za-z_]\w*/g) ?? []) run.add(w);
  return { run, byOwner };
});

/** `@tool` (also over several lines, `@app.route(\n    "/x",\n)`) right above the line of a `def`: something calls it for the notebook. */
function decorated(source: string, defLine: number): boolean {
  const lines = source.split('\n');
  const indent = (l: string) => l.length - l.trimStart().length;
  const own = indent(lines[defLine] ?? '');
  for (let i = defLine - 1; i >= 0; i--) {
    const text = lines[i];
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    if (text.trimStart().startsWith('@')) return true;
    // A decorator's arguments over several lines: indented deeper, or the closing bracket.
    if (indent(text) > own || /^\s*[)\]}]/.test(text)) continue;
    return false;
  }
  return false;
}

/**
 * Functions the notebook defines and never calls, passes, names or decorates (holdout18: a write-up quoting its
 * library's methods as indented cells, `    def __call__(self, n):` … `pylab.plot(…)`): their bodies never run,
 * so a name only they read is no name `%run` or `%store -r` has to bind. Once per analysis; empty without such a magic.
 */
const NEVER_CALLED = new WeakMap<readonly CodeCell[], ReadonlySet<string>>();

function neverCalled(codeCells: readonly CodeCell[], cells: readonly CellInput[]): ReadonlySet<string> {
  let found = NEVER_CALLED.get(codeCells);
  if (found) return found;
  const names = new Set<string>();
  if (codeCells.some((c) => c.summary.magics.some((m) => m.crossNotebook))) {
    const functions = new Set<string>();
    const live: string[] = [];
    const edges = new Map<string, string[]>();
    for (const c of codeCells) {
      for (const e of c.summary.events) {
        if (e.kind !== 'def' || !e.fn) continue;
        functions.add(e.name);
        if (decorated(cells[c.index].source, e.range.start.line)) live.push(e.name);
      }
      const refs = references(c.summary);
      live.push(...refs.run);
      for (const [owner, read] of refs.byOwner) {
        let list = edges.get(owner);
        if (!list) edges.set(owner, (list = []));
        list.push(...read);
      }
    }
    // A body whose owner is no function of the notebook's (a method, a lambda) may run: what it reads is live too.
    for (const [owner, read] of edges) if (!functions.has(owner)) live.push(...read);
    // What runs calls what it reads: a function only uncalled functions call is never called either (holdout18:
    // `advection_step` quoted as an excerpt calls `remap_step`, quoted too).
    const reached = new Set<string>();
    while (live.length > 0) {
      const name = live.pop()!;
      if (reached.has(name)) continue;
      reached.add(name);
      if (functions.has(name)) live.push(...(edges.get(name) ?? []));
    }
    for (const f of functions) if (!reached.has(f)) names.add(f);
  }
  found = names;
  NEVER_CALLED.set(codeCells, found);
  return found;
}

/** NB109: `%run other.ipynb` and `%store -r` bring in state this notebook cannot show. */
export const crossNotebookState: Rule = {
  code: 'NB109',
  name: 'cross-notebook-state',
  defaultSeverity: 'warning',
  // A cell's magics, the length of their lines and which restores have a fallback; the reads that only a magic may bind.
  reads: {
    cellKey: (c, cell) => {
      // A cell without magics matters for what it changes folder with and the names it builds when missing.
      if (c.summary.magics.length === 0) return `${CHANGES_FOLDER.test(cell.source) ? 'cd' : ''}|${fallbackNames(cell.source)}`;
      const lines = cell.source.split('\n');
      return `${CHANGES_FOLDER.test(cell.source)}|${fallbackNames(cell.source)}|` + JSON.stringify(c.summary.magics) + c.summary.magics.map((m) => `|${lines[m.line]?.length}|${lines[m.endLine]?.length}|${restoresWithFallback(cell.source, m)}|${branchOffAsWritten(cell.source, m.line)}`).join('');
    },
    flow: ['readsFromUnknown', 'undefinedReads'],
    // Which functions nothing calls: a read in their bodies is not counted (see neverCalled).
    notebookFacts: (codeCells, cells): NotebookFacts => ({ key: [...neverCalled(codeCells, cells)].sort().join(',') }),
  },
  check({ codeCells, cells, flow, project, path: notebookPath }) {
    // `%%writefile task.py` then `%run task.py`: the state comes from this notebook after all.
    const written = codeCells.flatMap((c) => c.summary.magics.filter((m) => m.kind === 'cell-magic' && m.name === 'writefile').map((m) => writtenPath(scriptPath(m.args))));
    // `%store model` above and `%store -r model` below: restoring its own value after a kernel restart.
    // Where each name is first `%store`-d: (cell index, line).
    const storedAt = new Map<string, [number, number]>();
    for (const c of codeCells) {
      for (const m of c.summary.magics) {
        if (m.name !== 'store' || m.crossNotebook) continue;
        for (const name of m.args.split(/\s+/)) if (!storedAt.has(name)) storedAt.set(name, [c.index, m.line]);
      }
    }
    const ownStore = (cell: number, m: MagicLine) => m.name === 'store' && m.binds.length > 0 && m.binds.every((n) => {
      const at = storedAt.get(n);
      return at !== undefined && (at[0] < cell || (at[0] === cell && at[1] < m.line));
    });
    // `%run script.py --out dir` binds names nobody can see; it matters only when a read at or
    // after it finds its name nowhere else (a command-line step such as a download binds nothing used).
    // In pylab mode (`%pylab`, or a kernel started with it: `figsize(…)` read from nowhere) `plt` and
    // `log2` come from the mode, not from the script: name only a read the script may really bind.
    const pylab = codeCells.some((c) => c.summary.magics.some((m) => m.name === 'pylab')) 
      || [...flow.readsFromUnknown, ...flow.undefinedReads].some((r) => PYLAB_ONLY.has(r.name));
    // `%run helper.py` of a script beside the notebook: a read of a name the script never mentions does not come from it.
    const movesFolder = codeCells.some((c) => CHANGES_FOLDER.test(cells[c.index].source));
    // `from helper_library import *` of the project's own package: the names it writes come from there, not from the magic.
    let starWords: Set<string> | undefined;
    const fromStarImport = (name: string) => (starWords ??= localStarImportWords(project, notebookPath, codeCells.map((c) => cells[c.index].source))).has(name);
    // The flow keeps a name's first read in a function body: it counts if any function that reads the name may run.
    const uncalled = neverCalled(codeCells, cells);
    const readWhenRun = (name: string) => uncalled.size === 0
      || codeCells.some((c) => c.summary.deferredReads.some((d) => d.name === name && !uncalled.has(d.owner)));
    const readAfter = (cell: number, m: MagicLine) => {
      const words = m.name === 'run' && !movesFolder ? scriptWords(project, notebookPath, m.args) : undefined;
      return flow.readsFromUnknown.find((r) => (r.deferred || r.cell > cell || (r.cell === cell && r.range.start.line > m.line)) && !(pylab && PYLAB_NAMES.has(r.name))
        && (words === undefined || words.has(r.name)) && !fromStarImport(r.name) && (!r.deferred || readWhenRun(r.name)));
    };
    return codeCells.flatMap((c, at) => {
      const next = codeCells[at + 1];
      const external = (m: MagicLine) => m.crossNotebook && !m.guarded && !ownStore(c.index, m) && !(m.name === 'run' && written.some((matches) => matches(scriptPath(m.args))))
        && !restoresWithFallback(cells[c.index].source, m, next === undefined ? undefined : cells[next.index].source) && !branchOffAsWritten(cells[c.index].source, m.line);
      if (!c.summary.magics.some(external)) return [];
      const lines = cells[c.index].source.split('\n');
      const lineEnd = (line: number) => (lines[line] ?? '').replace(/\r$/, '').length;
      // A cell of `%store -r a`, `%store -r b`, … lines is one fact: one finding for all its names.
      const namedRestores = c.summary.magics.filter((m) => external(m) && m.name === 'store' && m.binds.length > 0);
      const grouped = namedRestores.length > 1 ? namedRestores : [];
      const restoreFinding = grouped.length === 0 ? [] : [{
        cell: c.index,
        range: {
          start: { line: grouped[0].line, character: grouped[0].column },
          end: { line: grouped[grouped.length - 1].line, character: lineEnd(grouped[grouped.length - 1].line) },
        },
        message: `\`%store -r\` restores ${grouped.flatMap((m) => m.binds).map((n) => `\`${n}\``).join(', ')}, saved by another notebook or session: nothing here shows how they were made.`,
      }];
      return restoreFinding.concat(c.summary.magics.filter((m) => external(m) && !grouped.includes(m)).flatMap((m) => {
        const read = m.bindsUnknown ? readAfter(c.index, m) : undefined;
        if (m.bindsUnknown && !read) return [];
        const uses = read ? ` \`${read.name}\` (${cellLabel(read.cell)}) is defined nowhere else in this notebook.` : '';
        return [{
          cell: c.index,
          range: {
            start: { line: m.line, character: m.column },
            end: { line: m.line, character: lineEnd(m.line) },
          },
          message: m.name === 'run'
            ? `\`%run ${m.args}\` pulls in the state of another notebook or script: this notebook only works after it, with its side effects.${uses}`
            : `\`%store -r${m.binds.length > 0 ? ` ${m.binds.join(' ')}` : ''}\` restores state saved by another notebook or session: nothing here shows how it was made.${uses}`,
          related: read ? [{ cell: read.cell, range: read.range, message: `\`${read.name}\` comes only from \`%${m.name}\`` }] : undefined,
        }];
      }));
    });
  },
};
