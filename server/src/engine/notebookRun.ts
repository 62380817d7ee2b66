// How much a notebook was run, and whether its code is Python as written: facts of the whole
// notebook that the state rules (NB101-NB106) read before they trust "this ran in this order".
import type { CodeCell } from './dataflow';
import { cellHasCode } from './magics';
import type { CellInput } from './types';

export interface NotebookRun {
  /** Code cells with code in them (not only comments, blanks or installs). */
  codeCells: number;
  /** Of those, cells with an execution count. */
  counted: number;
  /** Code cells with saved outputs. */
  withOutputs: number;
  /** Code cells with Python in them (not only shell lines, magics or comments). */
  pythonCells: number;
  /** Of those, cells Python cannot compile (C#, SQL, Scala, Python 2 prints, `###` blanks to fill in). */
  notCompiling: number;
  /** A cell has a Python 2 print statement (`print x`): the code is Python 2's, whatever the kernelspec says. */
  python2: boolean;
}

const RUNS = new WeakMap<readonly CodeCell[], { cells: readonly CellInput[]; run: NotebookRun }>();

/** The facts, computed once per analysis (the rules share the same code-cell array). */
export function notebookRun(cells: readonly CellInput[], codeCells: readonly CodeCell[]): NotebookRun {
  const known = RUNS.get(codeCells);
  if (known && known.cells === cells) return known.run;
  const run: NotebookRun = { codeCells: 0, counted: 0, withOutputs: 0, pythonCells: 0, notCompiling: 0, python2: false };
  for (const c of codeCells) {
    const cell = cells[c.index];
    if ((cell.outputs?.length ?? 0) > 0) run.withOutputs++;
    if (c.summary.text.python2Print) run.python2 = true;
    if (!cellHasCode(cell.source, c.summary.magics)) continue;
    run.codeCells++;
    if (c.executionCount !== null) run.counted++;
    if (!cellHasCode(cell.source, c.summary.magics, { pythonOnly: true })) continue;
    run.pythonCells++;
    if (c.summary.syntaxError) run.notCompiling++;
  }
  RUNS.set(codeCells, { cells, run });
  return run;
}

/** All notebookRun reads of one cell, written out (for Rule.reads of the rules that use it: keep in step). */
export function cellRunKey(c: CodeCell, cell: CellInput): string {
  const code = cellHasCode(cell.source, c.summary.magics);
  const python = code && cellHasCode(cell.source, c.summary.magics, { pythonOnly: true });
  return `${(cell.outputs?.length ?? 0) > 0}|${c.summary.text.python2Print}|${code}|${c.executionCount !== null}|${python}|${c.summary.syntaxError}`;
}

/**
 * Saved state to judge by: some output, or two cells with code that ran. One counted cell and no output
 * anywhere (the imports run once to check them, a recipe saved unrun) is a notebook nobody ran.
 */
export function ranAsNotebook(run: NotebookRun): boolean {
  return run.withOutputs > 0 || run.counted >= 2;
}

/**
 * Not Python as written: at least three cells with Python in them and a fifth of them fail to compile. Real Python
 * notebooks measured stay under a tenth (a stray shell line); a .NET Interactive notebook saved with a
 * python3 kernelspec, a cheat sheet of SQL and Scala snippets, an exercise with `###` blanks are far above.
 */
export function codeIsNotPython(run: NotebookRun): boolean {
  return run.notCompiling >= 3 && run.notCompiling * 5 >= run.pythonCells;
}
