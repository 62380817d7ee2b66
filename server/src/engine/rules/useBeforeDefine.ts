import type { ReadBeforeDefine } from '../dataflow';
import { cellRunKey, codeIsNotPython, notebookRun, ranAsNotebook } from '../notebookRun';
import { cellLabel, type Rule, type RuleContext } from './rule';

// `# TODO 5: Your code goes here`, `# YOUR CODE HERE`: an exercise left for the student to write.
const EXERCISE_STUB = /#[^\n]*\b(?:your code (?:goes )?here|your code below|code goes here)\b/i;

/** NB101: Restart & Run All fails because a cell reads a name only a later cell binds. */
export const useBeforeDefine: Rule = {
  code: 'NB101',
  name: 'use-before-define',
  defaultSeverity: 'error',
  // Everything the check below reads of a cell (keep in step with it): a keystroke elsewhere reuses its findings.
  reads: {
    cellKey: (c, cell) => `${cellRunKey(c, cell)}|${EXERCISE_STUB.test(cell.source)}|${[...magicBodyNames(cell.source)].join(',')}`,
    flow: ['readBeforeDefine', 'undefinedReads'],
  },
  check(ctx) {
    const notCode = notRunnableCode(ctx);
    return ctx.flow.readBeforeDefine.filter((r) => !notCode(r)).map((r) => {
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
 * - a name an earlier cell binds in a cell magic saved as a call (Kaggle's export of `%%time`:
 *   `get_ipython().run_cell_magic('time', '', 'X_train = extract(paths)\n')`), where the
 *   analysis sees only a string;
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
  return (r) => {
    if (boundInMagicBodies.some((b) => b.cell < r.cell && b.names.has(r.name))) return true;
    if (sketches.has(r.cell) || byIndex.get(r.definedAt.cell)?.summary.syntaxError) return true;
    return EXERCISE_STUB.test(cells[r.via ? r.via.readAt.cell : r.cell].source);
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
