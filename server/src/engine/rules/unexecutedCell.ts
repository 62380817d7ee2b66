import type { CodeCell } from '../dataflow';
import { unrunOnPurpose } from '../knowledge/unrunOnPurpose';
import { cellHasCode } from '../magics';
import { codeIsNotPython, notebookRun, ranAsNotebook } from '../notebookRun';
import { cellLabel, firstLineRange, type Rule } from './rule';

/** Names the cells that ran read, at top level or in their functions. */
function namesReadByRunCells(codeCells: readonly CodeCell[]): Set<string> {
  const names = new Set<string>();
  for (const c of codeCells) {
    if (c.executionCount === null) continue;
    for (const e of c.summary.events) if (e.kind === 'read') names.add(e.name);
    for (const r of c.summary.deferredReads) names.add(r.name);
  }
  return names;
}

/** Only defines functions, classes or imports, none of which a cell that ran uses: nothing saved depends on it. */
function unusedDefinitions(c: CodeCell, readByRun: ReadonlySet<string>): boolean {
  const defs = c.summary.events.filter((e) => e.kind === 'def');
  return defs.length > 0
    && c.summary.events.every((e) => (e.kind === 'def' && (e.fn || e.isClass || e.imported)) || (e.kind === 'read' && !e.call))
    && defs.every((d) => !readByRun.has(d.name));
}

/** A bare (dotted) name that only shows a value (`queries`, `df.shape`): running it changes nothing a later cell reads. */
function displayOnly(source: string): boolean {
  const lines = source.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return lines.length === 1 && /^[A-Za-z_][\w.]*$/.test(lines[0]);
}

/** NB106: code cells that never ran in a notebook whose other cells did; one finding per notebook. */
export const unexecutedCell: Rule = {
  code: 'NB106',
  name: 'unexecuted-cell',
  defaultSeverity: 'information',
  // 64 % right on holdout4 and 60 % on holdout3 (docs/precision.md): cells left unrun on purpose (test hooks,
  // alternatives, placeholders, exercises) read as missing effects.
  optIn: true,
  check({ codeCells, cells, flow }) {
    // A cell with saved outputs ran, even when its count was lost (some front ends save none).
    const ran = (c: CodeCell) => c.executionCount !== null || (cells[c.index].outputs?.length ?? 0) > 0;
    if (codeCells.every(ran)) return []; // the usual saved notebook: no cell to report
    // One counted cell and no output anywhere is a notebook nobody ran: no saved state to miss effects from.
    // Code that is not Python as written (C# under a python3 kernelspec, SQL/Scala snippets) was not run here.
    const run = notebookRun(cells, codeCells);
    if (!codeCells.some((c) => c.executionCount !== null) || !ranAsNotebook(run) || codeIsNotPython(run)) return [];
    // A cell that reads three or more names nothing defines is an illustrative sketch that could not run
    // as it stands (`z = z_mean + exp(z_log_var) * epsilon`): NB102 reports it, no saved output misses it.
    const undefinedPerCell = new Map<number, number>();
    for (const r of flow.undefinedReads) if (r.owner === undefined) undefinedPerCell.set(r.cell, (undefinedPerCell.get(r.cell) ?? 0) + 1);
    const sketch = (c: CodeCell) => (undefinedPerCell.get(c.index) ?? 0) >= 3;
    let readByRun: Set<string> | undefined;
    // Comments, blank cells, installs and timing magics are not code whose effects could be missing;
    // teardown, a blocking server or an input loop is left unrun on purpose; unused helpers change nothing saved.
    // A cell Python cannot compile (`sudo apt-get install ffmpeg` typed without `!`) has no effects to miss;
    // nor has a placeholder to replace (`near_vector=[-0.0125, ... ]`) or a bare display of a value.
    const missing = (c: CodeCell) => c.summary.syntaxError || c.summary.text.snippetMark || displayOnly(cells[c.index].source) || sketch(c) || unrunOnPurpose(cells[c.index].source) || unusedDefinitions(c, (readByRun ??= namesReadByRunCells(codeCells)));
    const withCode = codeCells.filter((c) => cellHasCode(cells[c.index].source, c.summary.magics) && !(!ran(c) && missing(c)));
    const never = withCode.filter((c) => !ran(c));
    // When only installs ran, the notebook was never executed: nothing saved to be missing from.
    if (never.length === 0 || never.length === withCode.length) return [];
    const [first, ...others] = never;
    const which = never.length === 1 ? 'This cell has not run' : `${never.length} of ${withCode.length} code cells have not run (this one first)`;
    return [{
      cell: first.index,
      range: firstLineRange(cells[first.index].source),
      message: `${which}, though other cells have: the saved outputs do not include ${never.length === 1 ? 'its' : 'their'} effects.`,
      related: others.map((c) => ({ cell: c.index, range: firstLineRange(cells[c.index].source), message: `${cellLabel(c.index)} has not run` })),
    }];
  },
};
