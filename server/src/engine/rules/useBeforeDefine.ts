import type { ReadBeforeDefine } from '../dataflow';
import { cellRunKey, codeIsNotPython, notebookRun, ranAsNotebook } from '../notebookRun';
import { cellLabel, type Rule, type RuleContext } from './rule';
import { EXERCISE_STUB } from './exercise';

/** A `TODO` comment: where a lab leaves the student a step to write. */
const TODO = /#[^\n]*\bTODO\b/;
/**
 * `# ******** DO NOT RUN THIS CELL ********`, `# for reference only`: a cell the reader is told to read, not run.
 * (`# Do not run this cell again` is a cell that did run once, in some order: still reported.)
 */
const DO_NOT_RUN = /#[^\n]*(?:\b(?:do not|don'?t|never)\s+run\b(?![^\n]*\bagain\b)|\bfor reference only\b)/i;

/** NB101: Restart & Run All fails because a cell reads a name only a later cell binds. */
export const useBeforeDefine: Rule = {
  code: 'NB101',
  name: 'use-before-define',
  defaultSeverity: 'error',
  // Everything the check below reads of a cell (keep in step with it): a keystroke elsewhere reuses its findings.
  reads: {
    cellKey: (c, cell) => `${cellRunKey(c, cell)}|${EXERCISE_STUB.test(cell.source)}|${DO_NOT_RUN.test(cell.source)}|${[...magicBodyNames(cell.source)].join(',')}|${todoCellKey(cell.source)}|${EXERCISE_STUB.test(cell.source) ? [...moduleReads(c)].join(',') : ''}|${docstringStubKey(cell.source)}|${flagKey(c)}`,
    flow: ['readBeforeDefine', 'undefinedReads'],
  },
  check(ctx) {
    // Most notebooks read nothing before its definition: then what is runnable code needs no look.
    if (ctx.flow.readBeforeDefine.length === 0) return [];
    const notCode = notRunnableCode(ctx);
    // The flow gives a read under a config flag its own entry (dataflow.ts): one finding per cell and name remains.
    const seen = new Set<string>();
    const firstPerName = (r: ReadBeforeDefine) => {
      const key = `${r.cell}:${r.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    return ctx.flow.readBeforeDefine.filter((r) => !notCode(r) && firstPerName(r)).map((r) => {
      const where = r.definedAt.cell === r.cell ? 'later in this cell' : `in ${cellLabel(r.definedAt.cell)}, below`;
      const message = r.via
        ? `\`${r.via.fn}()\` reads global \`${r.name}\`, which is defined only ${where}: Restart & Run All fails here.`
        : `\`${r.name}\` is used before it is defined: it is defined only ${where}, so Restart & Run All fails here.`;
      const related = [{ cell: r.definedAt.cell, range: r.definedAt.range, message: `\`${r.name}\` is defined here` }];
      if (r.via) related.push({ cell: r.via.readAt.cell, range: r.via.readAt.range, message: `\`${r.via.fn}\` reads \`${r.name}\` here` });
      return { cell: r.cell, range: r.range, message, related };
    });
  },
};

/**
 * Reads that are not an ordering mistake, because the code around them is not meant to run as is:
 * - a cell left unrun in a notebook that ran, which also reads names no cell binds: a sketch or
 *   an API signature (`SimpleRNN(output_dim, init='glorot_uniform', ...)`), not a step of the notebook
 *   (in a notebook saved without any run, such a cell is as much a step as any other);
 * - a "definition" in a cell Python cannot parse (a Scala `val logs = ...` in a cheat sheet):
 *   such a cell binds nothing when it runs;
 * - an exercise stub (`# TODO: Your code goes here`) whose body the student is to write;
 * - a cell marked `# DO NOT RUN THIS CELL` (or `for reference only`): shown, never run;
 * - a name an exercise cell above reads (`# TODO 2 / # TODO -- Your code here.` then
 *   `print(len(train_df))`): the student makes it there, not the cell below that rebinds it;
 * - a template's stub whose body is only a docstring before `return client`, called by the very
 *   statement that binds `client` (`client = get_db_client()`): the author is to write the body;
 * - a lab's `TODO` at the place of the missing binding: `users_feats =  # TODO: multiply …` (the
 *   value left for the student), a cell above the read of nothing but comments with a `TODO`
 *   (`# TODO 1 - load the ratings here`), or a function whose body before the read is only such
 *   comments (`def build():` / `# TODO: build the model` / `return model`);
 * - a name an earlier cell binds in a cell magic saved as a call (Kaggle's export of `%%time`:
 *   `get_ipython().run_cell_magic('time', '', 'X_train = extract(paths)\n')`), where the
 *   analysis sees only a string;
 * - a read in a branch of a config flag that is false as written: `if CFG.get("run_grid", False):` (or
 *   `CFG["run_grid"]`, or the `else` of `if not CFG["run_grid"]:`) where the one binding of `CFG` is a
 *   dict literal with `"run_grid": False` and no cell sets that item or changes the dict by a method;
 * - anything in a cheat sheet: a notebook nobody ran whose code is not Python as written
 *   (notebookRun.ts: Scala `val`s, shell lines, config snippets next to PySpark ones).
 */
function notRunnableCode({ flow, codeCells, cells }: RuleContext): (r: ReadBeforeDefine) => boolean {
  const byIndex = new Map(codeCells.map((c) => [c.index, c]));
  const run = notebookRun(cells, codeCells);
  if (!ranAsNotebook(run) && codeIsNotPython(run)) return () => true;
  const ran = codeCells.some((c) => c.executionCount !== null);
  const sketches = new Set(!ran ? [] : flow.undefinedReads.filter((u) => u.owner === undefined && byIndex.get(u.cell)?.executionCount === null).map((u) => u.cell));
  const boundInMagicBodies = magicBodyBindings(codeCells, cells);
  const todoStubCells = codeCells.filter((c) => isTodoStubCell(cells[c.index].source)).map((c) => c.index);
  const exerciseReads = codeCells.filter((c) => EXERCISE_STUB.test(cells[c.index].source)).map((c) => ({ cell: c.index, names: moduleReads(c) }));
  const offFlags = falseFlags(codeCells, flow.readBeforeDefine);
  return (r) => {
    if (offFlags.size > 0 && readEvent(byIndex.get(r.cell), r)?.flags?.some((f) => offFlags.has(f))) return true;
    if (boundInMagicBodies.some((b) => b.cell < r.cell && b.names.has(r.name))) return true;
    if (sketches.has(r.cell) || byIndex.get(r.definedAt.cell)?.summary.syntaxError) return true;
    if (EXERCISE_STUB.test(cells[r.via ? r.via.readAt.cell : r.cell].source)) return true;
    if (DO_NOT_RUN.test(cells[r.cell].source)) return true;
    if (exerciseReads.some((e) => e.cell < r.cell && e.names.has(r.name))) return true;
    if (r.via) {
      const { source } = cells[r.via.readAt.cell];
      const line = r.via.readAt.range.start.line;
      // `client = get_db_client()`: the statement binds what the stub returns.
      const bindsItsRead = r.definedAt.cell === r.cell && before(r.definedAt.range.start, r.range.start);
      return todoBeforeRead(source, line) || (bindsItsRead && docstringBeforeRead(source, line));
    }
    return todoStubCells.some((i) => i < r.cell) || codeCells.some((c) => c.index <= r.cell && todoAssigned(cells[c.index].source, c.index === r.cell ? r.range.start.line : Infinity).has(r.name));
  };
}

// `get_ipython().run_cell_magic('time', '', '…')`: the body of a magic that runs it in the notebook's
// namespace (`%%time`, `%%capture`; not `%%timeit`, nor `%%writefile`, whose body is a file), as a string literal.
const RUN_CELL_MAGIC = /get_ipython\(\)\.run_cell_magic\(\s*(['"])(?:time|capture)\1\s*,\s*(['"])[^'"]*\2\s*,\s*(['"])((?:\\.|(?!\3).)*)\3/g;
const ASSIGNED = /^\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*=(?!=)/;

/** Names assigned at the top of cell-magic bodies saved as `run_cell_magic` calls, per cell. */
function magicBodyBindings(codeCells: RuleContext['codeCells'], cells: RuleContext['cells']): { cell: number; names: ReadonlySet<string> }[] {
  const found: { cell: number; names: ReadonlySet<string> }[] = [];
  for (const c of codeCells) {
    const names = magicBodyNames(cells[c.index].source);
    if (names.size > 0) found.push({ cell: c.index, names });
  }
  return found;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** The names one cell binds in such magic bodies. */
function magicBodyNames(source: string): ReadonlySet<string> {
  if (!source.includes('run_cell_magic')) return NO_NAMES;
  const names = new Set<string>();
  for (const m of source.matchAll(RUN_CELL_MAGIC)) {
    for (const line of m[4].split('\\n')) {
      const assigned = ASSIGNED.exec(line);
      if (assigned) for (const n of assigned[1].split(',')) names.add(n.trim());
    }
  }
  return names;
}

/** A cell of nothing but comments, one of them a `TODO`: the step a lab leaves empty for the student. */
function isTodoStubCell(source: string): boolean {
  const lines = source.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.length > 0 && lines.every((l) => l.startsWith('#')) && lines.some((l) => TODO.test(l));
}

/** `name =  # TODO: …` before line `before`: an assignment whose value the student is to write. */
function todoAssigned(source: string, before: number): ReadonlySet<string> {
  if (!source.includes('TODO')) return NO_NAMES;
  const names = new Set<string>();
  source.split('\n').slice(0, before).forEach((l) => {
    // `test_loss, test_acc = # TODO`: every name of the target is left for the student.
    const m = /^\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*,?\s*=\s*(#.*)$/.exec(l);
    if (m && TODO.test(m[2])) for (const n of m[1].split(',')) names.add(n.trim());
  });
  return names;
}

/** The lines of the function body above the read on `line` are only comments, one a `TODO`, and blank lines. */
function todoBeforeRead(source: string, line: number): boolean {
  const lines = source.split('\n');
  let todo = false;
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i].trim();
    if (/^(?:async\s+)?def\s/.test(text)) return todo;
    if (text !== '' && !text.startsWith('#')) return false;
    todo ||= TODO.test(text);
  }
  return false;
}

/** What the lab `TODO` checks read of one cell. */
function todoCellKey(source: string): string {
  if (!source.includes('TODO')) return '';
  return `${isTodoStubCell(source)}|${source.split('\n').map((l) => (TODO.test(l) ? 'T' : /^\s*(?:#|$)/.test(l) ? 'c' : /^\s*(?:async\s+)?def\s/.test(l) ? 'd' : '.')).join('')}|${[...todoAssigned(source, Infinity)].join(',')}`;
}

/** Position `a` comes before `b`. */
function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Names a cell reads at module level. */
function moduleReads(c: RuleContext['codeCells'][number]): ReadonlySet<string> {
  return new Set(c.summary.events.filter((e) => e.kind === 'read').map((e) => e.name));
}

/** What the docstring-stub check reads of one cell: the lines it holds for. */
function docstringStubKey(source: string): string {
  if (!/"""|'''/.test(source)) return '';
  return source.split('\n').map((_, i) => (docstringBeforeRead(source, i) ? String(i) : '')).filter((i) => i !== '').join(',');
}

/** The lines of the function body above the read on `line` are only a docstring (and comments, blank lines). */
function docstringBeforeRead(source: string, line: number): boolean {
  const lines = source.split('\n');
  for (let i = line - 1; i >= 0; i--) {
    if (/^\s*(?:async\s+)?def\s/.test(lines[i])) {
      const body = lines.slice(i + 1, line).filter((l) => !/^\s*(?:#|$)/.test(l)).join('\n');
      return /^\s*(?:"""[\s\S]*"""|'''[\s\S]*''')\s*$/.test(body);
    }
  }
  return false;
}

/** The module-level read a finding is at (for a call, the call of the function). */
function readEvent(c: RuleContext['codeCells'][number] | undefined, r: ReadBeforeDefine) {
  const name = r.via ? undefined : r.name;
  for (const ev of c?.summary.events ?? []) {
    if (ev.kind === 'read' && (name === undefined || ev.name === name) && ev.range.start.line === r.range.start.line && ev.range.start.character === r.range.start.character) return ev;
  }
  return undefined;
}

/**
 * Dict items false as written (`CFG['run_grid']`): set to `False`, `None` or `0` by a dict literal that is the
 * only binding of its name in the notebook, with no cell that sets the item, changes the dict by a method
 * (`CFG.update(…)`) or binds names unseen (a star import, `%run`).
 */
function falseFlags(codeCells: RuleContext['codeCells'], reads: readonly ReadBeforeDefine[]): ReadonlySet<string> {
  const off = new Set<string>();
  const byIndex = new Map(codeCells.map((c) => [c.index, c]));
  if (!reads.some((r) => readEvent(byIndex.get(r.cell), r)?.flags)) return off;
  const literal = new Map<string, string[]>();
  const bindings = new Map<string, number>();
  const written = new Set<string>();
  for (const c of codeCells) {
    // A cell Python cannot compile binds nothing.
    if (!c.summary.syntaxError) for (const d of c.summary.flagDicts ?? []) literal.set(d.name, d.falseKeys);
    for (const w of c.summary.itemWrites ?? []) written.add(w);
    for (const ev of c.summary.events) {
      if (ev.kind === 'unknown') return off;
      if (ev.kind === 'def' || ev.kind === 'del') bindings.set(ev.name, (bindings.get(ev.name) ?? 0) + 1);
    }
  }
  for (const [name, keys] of literal) {
    if (bindings.get(name) !== 1 || written.has(`${name}[*]`)) continue;
    for (const key of keys) if (!written.has(`${name}['${key}']`)) off.add(`${name}['${key}']`);
  }
  return off;
}

/** What the config-flag check reads of one cell: its flag dicts, item writes, flagged reads and bindings. */
function flagKey(c: RuleContext['codeCells'][number]): string {
  const { summary } = c;
  const events = summary.events.map((e) => (e.kind === 'read' ? (e.flags ? `r${e.name}@${e.range.start.line}:${e.range.start.character}${e.flags.join()}` : '') : e.kind === 'mutate' ? '' : `${e.kind[0]}${'name' in e ? e.name : ''}`)).filter((k) => k !== '').join(',');
  return `${JSON.stringify(summary.flagDicts ?? [])}|${(summary.itemWrites ?? []).join()}|${events}`;
}
