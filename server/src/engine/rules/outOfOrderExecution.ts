import { isBuiltinOrKernelGlobal } from '../builtins';
import { cellHasCode } from '../magics';
import type { CodeCell } from '../dataflow';
import type { Range } from '../types';
import { cellLabel, firstLineRange, type Rule } from './rule';

/** Imports that bind what an IPython kernel puts in every namespace. */
const KERNEL_MODULE_OF: Record<string, string> = {
  'IPython.display.display': 'display',
  'IPython.core.display.display': 'display',
  'IPython.core.display_functions.display': 'display',
  'IPython.get_ipython': 'get_ipython',
  'IPython.core.getipython.get_ipython': 'get_ipython',
};

/** Names a cell gives a value other cells see: assignments, definitions, imports, in-place changes, deletes. */
function writes(c: CodeCell): Map<string, { range: Range; imported: boolean }> {
  const out = new Map<string, { range: Range; imported: boolean }>();
  for (const e of c.summary.events) {
    if (e.kind === 'def' || e.kind === 'mutate' || e.kind === 'del') {
      if (!out.has(e.name)) out.set(e.name, { range: e.range, imported: e.kind === 'def' && e.imported === true });
    }
  }
  return out;
}

/** Names a cell reads from before it binds them itself: what it takes from other cells. */
function readsFromOthers(c: CodeCell): Map<string, Range> {
  const own = new Set<string>();
  const out = new Map<string, Range>();
  for (const e of c.summary.events) {
    if (e.kind === 'def') own.add(e.name);
    else if (e.kind === 'read' && !e.guarded && !own.has(e.name) && !out.has(e.name)) out.set(e.name, e.range);
  }
  return out;
}

/**
 * The statement that starts on `line` of `source`, with the lines that continue it (indented, or
 * closing a bracket): `calculator_tool = {` … `}` as one text.
 */
function statementAt(lines: readonly string[], line: number): string {
  let end = line + 1;
  while (end < lines.length && (lines[end].trim() === '' || /^[\s)\]}]/.test(lines[end]))) end++;
  return lines.slice(line, end).join('\n').trimEnd();
}

/**
 * A statement's text without what does not change its value: whitespace and comments outside
 * strings, and a trailing comma before `]` or `}` (`(x,)` keeps its comma: it makes a tuple).
 */
function normalized(statement: string): string {
  return statement
    .replace(/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|#[^\n]*|\s+/g, (t) => (t.startsWith('"') || t.startsWith("'") ? t : ''))
    .replace(/,(?=[\]}])/g, '');
}

/** A file a statement writes or reads back whole: the name, the path and how (a format that gives back exactly what it saved). */
interface FileValue { name: string; path: string; format: 'npy' | 'pickle' | 'joblib' }

const FORMAT_OF: Record<string, FileValue['format']> = {
  'np.load': 'npy', 'numpy.load': 'npy', 'np.save': 'npy', 'numpy.save': 'npy',
  'pd.read_pickle': 'pickle', 'pandas.read_pickle': 'pickle', 'pd.to_pickle': 'pickle', 'pandas.to_pickle': 'pickle',
  'joblib.load': 'joblib', 'joblib.dump': 'joblib',
};
const PATH = `(["'])([^"'{}\\\\]+)`;
/** `a=np.load("F.npy")` (normalized). Not `read_csv`: a CSV round trip changes the index and the dtypes. */
const LOAD = new RegExp(`^(\\w+)=(np\\.load|numpy\\.load|pd\\.read_pickle|pandas\\.read_pickle|joblib\\.load)\\(${PATH}\\3\\)$`);
/** `np.save("F",a)` (path first), `pd.to_pickle(a,"F")`, `joblib.dump(a,"F")`, `a.to_pickle("F")`. */
const SAVE_PATH_FIRST = new RegExp(`^(np\\.save|numpy\\.save)\\(${PATH}\\2,(\\w+)\\)$`);
const SAVE_VALUE_FIRST = new RegExp(`^(pd\\.to_pickle|pandas\\.to_pickle|joblib\\.dump)\\((\\w+),${PATH}\\3\\)$`);
const SAVE_METHOD = new RegExp(`^(\\w+)\\.to_pickle\\(${PATH}\\2\\)$`);

function loadOf(statement: string): FileValue | undefined {
  const m = LOAD.exec(statement);
  return m ? { name: m[1], path: m[4].replace(/^(?:\.\/)+/, ''), format: FORMAT_OF[m[2]] } : undefined;
}

/** What a save writes, as the path its load reads: `np.save("F", a)` writes `F.npy`. */
function saveOf(statement: string): FileValue | undefined {
  let m = SAVE_PATH_FIRST.exec(statement);
  if (m) return { name: m[4], path: m[3].replace(/^(?:\.\/)+/, '').replace(/(?<!\.npy)$/, '.npy'), format: 'npy' };
  m = SAVE_VALUE_FIRST.exec(statement);
  if (m) return { name: m[2], path: m[4].replace(/^(?:\.\/)+/, ''), format: FORMAT_OF[m[1]] };
  m = SAVE_METHOD.exec(statement);
  return m ? { name: m[1], path: m[3].replace(/^(?:\.\/)+/, ''), format: 'pickle' } : undefined;
}

/**
 * `a = np.load("F.npy")` in `lower` (its only write of `a`) reloads what one statement of a cell above
 * the reader saved from `a` (`np.save("F", a)`, the notebook's only write of that file, at the top
 * level of a cell that ran before the load), and no code from that save to the reader changes `a`:
 * the saved run read the file's copy of the value Restart & Run All reads.
 */
function reloadsSaved(n: string, lower: CodeCell, upper: CodeCell, codeCells: readonly CodeCell[], sources: readonly string[][], at: number): boolean {
  const lowerLines = sources[lower.index];
  if (/^\s/.test(lowerLines[at] ?? ' ')) return false;
  const load = loadOf(normalized(statementAt(lowerLines, at)));
  if (load === undefined || load.name !== n) return false;
  const changes = (c: CodeCell, after: number, except?: number) => c.summary.events.some((e) => (e.kind === 'def' || e.kind === 'mutate' || e.kind === 'del') && e.name === n && e.range.start.line > after && e.range.start.line !== except);
  if (changes(lower, -1, at)) return false;
  const bare = load.path.split('/').pop()!.replace(/\.npy$/, '');
  // Every line that names the file: a load of it, or the one save.
  let save: { cell: CodeCell; line: number; value: FileValue } | undefined;
  for (const c of codeCells) {
    const lines = sources[c.index];
    for (let k = 0; k < lines.length; k++) {
      if (!lines[k].includes(bare)) continue;
      const text = normalized(statementAt(lines, k));
      if (!text.includes(bare)) continue;
      const loaded = loadOf(text);
      if (loaded) continue;
      const saved = saveOf(text);
      if (saved === undefined || save !== undefined) return false;
      if (saved.path !== load.path || saved.format !== load.format) return false;
      save = { cell: c, line: k, value: saved };
    }
  }
  if (save === undefined || save.value.name !== n || /^\s/.test(sources[save.cell.index][save.line])) return false;
  if (save.cell.index >= upper.index || save.cell.executionCount === null || save.cell.executionCount >= lower.executionCount!) return false;
  if (changes(save.cell, save.line)) return false;
  return !codeCells.some((d) => d.index > save!.cell.index && d.index < upper.index && writes(d).has(n));
}

/** A cell whose only code is one name to show: `lim`, `df` (comments and blank lines aside; `df.dtypes` computes something). */
function bareName(source: string): boolean {
  const code = source.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  return code.length === 1 && /^[A-Za-z_]\w*\s*(?:#.*)?$/.test(code[0]);
}

/** Counts that rise from each cell that ran to the next (a notebook run top to bottom): no inversion, whatever cells have code. */
function countsIncrease(codeCells: readonly CodeCell[]): boolean {
  let last = -Infinity;
  for (const c of codeCells) {
    if (c.executionCount === null) continue;
    if (c.executionCount <= last) return false;
    last = c.executionCount;
  }
  return true;
}

/**
 * NB104: a cell ran after a cell below it and read a value that cell set, so Restart & Run All,
 * which runs it first, computes something else than the saved session did. Independent cells run
 * out of order give the same result; a cell above that only re-made a value a cell below had
 * already used is usually the same code run again. Neither is reported, nor counts from more than
 * one kernel session (a count seen twice). One finding per notebook.
 */
export const outOfOrderExecution: Rule = {
  code: 'NB104',
  name: 'out-of-order-execution',
  defaultSeverity: 'information',
  check({ codeCells, cells }) {
    if (countsIncrease(codeCells)) return [];
    const ran = codeCells.filter((c) => c.executionCount !== null && cellHasCode(cells[c.index].source, c.summary.magics));
    if (new Set(ran.map((c) => c.executionCount)).size < ran.length) return [];
    // Smallest count at or below each position: a cell with none smaller below it has no inversion (the usual case).
    const minBelow: number[] = new Array(ran.length + 1).fill(Infinity);
    for (let k = ran.length - 1; k >= 0; k--) minBelow[k] = Math.min(ran[k].executionCount!, minBelow[k + 1]);
    const saved = new Set(codeCells.map((c) => c.executionCount));
    const hasUnsavedCount = (from: number, to: number) => {
      for (let k = from + 1; k < to; k++) if (!saved.has(k)) return true;
      return false;
    };
    let lines: string[][] | undefined;
    const sources = () => (lines ??= cells.map((c) => c.source.split('\n')));
    const writtenCache = new Map<number, ReturnType<typeof writes>>();
    const readCache = new Map<number, Map<string, Range>>();
    const written = (k: number) => writtenCache.get(k) ?? writtenCache.set(k, writes(ran[k])).get(k)!;
    const readOf = (k: number) => readCache.get(k) ?? readCache.set(k, readsFromOthers(ran[k])).get(k)!;
    for (let i = 0; i < ran.length; i++) {
      const upper = ran[i];
      if (minBelow[i + 1] >= upper.executionCount!) continue;
      // A cell that only shows a name (`lim`, `df`) the very next code cell sets again: a peek nothing reads, whose value
      // the next cell replaces anyway (holdout20: a debug `lim` above the plot that computes it).
      const peekAbove = bareName(cells[upper.index].source) ? codeCells.find((c) => c.index > upper.index && cellHasCode(cells[c.index].source, c.summary.magics))?.index : undefined;
      for (let j = i + 1; j < ran.length; j++) {
        const lower = ran[j];
        if (lower.executionCount! >= upper.executionCount!) continue;
        if (lower.index === peekAbove) continue;
        const lowerWrites = written(j);
        // Another cell setting the name in between would be where the value came from.
        const setBetween = (n: string) => ran.some((c, k) => k !== j && c.executionCount! > lower.executionCount! && c.executionCount! < upper.executionCount! && written(k).has(n));
        // An import below of a module a cell above also imports gives Restart & Run All the same module.
        const importedAbove = (n: string) => lowerWrites.get(n)!.imported && codeCells.some((c) => c.index < upper.index && c.summary.events.some((e) => e.kind === 'def' && e.name === n));
        // The same statement in a cell above the reader, on inputs no cell from there to the one below changes,
        // makes the same value for Restart & Run All (code repeated, or run again).
        const sameAbove = (n: string) => {
          const text = normalized(statementAt(cells[lower.index].source.split('\n'), lowerWrites.get(n)!.range.start.line));
          if (!new RegExp(`^${n}\\b`).test(text)) return false;
          // The names it reads: words outside its string literals.
          const inputs = new Set(text.slice(n.length).replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, '""').match(/[A-Za-z_]\w*/g) ?? []);
          // `import pandas as pd` again in a later cell (the cell below often repeats the imports) binds the same module.
          const importedBy = (w: string, c: CodeCell) => c.summary.events.some((e) => e.kind === 'def' && e.name === w && e.imported === true);
          const changesInputs = (d: CodeCell, above: CodeCell) => [...writes(d)].some(([w, at]) => inputs.has(w)
            && !(at.imported && codeCells.some((c) => c.index <= above.index && importedBy(w, c))));
          return codeCells.some((c) => {
            if (c.index >= upper.index) return false;
            const lines = cells[c.index].source.split('\n');
            const repeats = lines.some((line, k) => line.trimStart().startsWith(n) && normalized(statementAt(lines, k)) === text);
            return repeats && !codeCells.some((d) => d.index >= c.index && d.index <= lower.index && changesInputs(d, c));
          });
        };
        // `from IPython.display import display`: the same function the kernel already provides.
        const kernelOwn = (n: string) => lowerWrites.get(n)!.imported && isBuiltinOrKernelGlobal(n) && lower.summary.imports.some((imp) => imp.modules.some((m) => KERNEL_MODULE_OF[m] === n));
        // `a = np.load("F.npy")` below reloading what `np.save("F", a)` above saved: the same array.
        const reloaded = (n: string) => reloadsSaved(n, lower, upper, codeCells, sources(), lowerWrites.get(n)!.range.start.line);
        // A cell above the reader that sets the name ran again after it, and some run between the cell below and
        // the reader left no count in the notebook: that cell's earlier run may be the one the reader saw (a cell
        // keeps only its last count), so the saved counts do not show where the value came from.
        const unsavedRerunAbove = (n: string) => hasUnsavedCount(lower.executionCount!, upper.executionCount!)
          && codeCells.some((c) => c.index < upper.index && c.executionCount !== null && c.executionCount > upper.executionCount! && writes(c).has(n));
        const name = [...readOf(i).keys()].find((n) => lowerWrites.has(n) && !setBetween(n) && !importedAbove(n) && !kernelOwn(n) && !sameAbove(n) && !reloaded(n) && !unsavedRerunAbove(n));
        if (name === undefined) continue;
        const message = `Cells ran out of order: ${cellLabel(upper.index)} ran at [${upper.executionCount}] and reads \`${name}\`, which ${cellLabel(lower.index)} below it set when it ran earlier, at [${lower.executionCount}]. Restart & Run All runs ${cellLabel(upper.index)} first, so it reads \`${name}\` as the cells above it leave it, not as the saved run did: its results may differ.`;
        return [{
          cell: upper.index,
          range: readOf(i).get(name)!,
          message,
          related: [{ cell: lower.index, range: lowerWrites.get(name)?.range ?? firstLineRange(cells[lower.index].source), message: `\`${name}\` is set here; this cell ran earlier, at [${lower.executionCount}]` }],
        }];
      }
    }
    return [];
  },
};
