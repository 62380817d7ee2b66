import type { CodeCell } from '../dataflow';
import type { Range } from '../types';
import { outputFixedByLiterals } from './fixedOutput';
import { cellLabel, type Rule, type RuleFinding } from './rule';

interface Reaching {
  cell: CodeCell;
  range: Range;
  /** An import gives the same module however often it runs: running it later stales nothing. */
  imported?: boolean;
}

// `type(x)` alone: the same code above gives a value of the same type, whenever it ran.
const ONLY_A_TYPE = /^\s*type\(\s*[A-Za-z_][\w.]*\s*\)\s*;?\s*$/;

/**
 * NB103: a cell's saved output was made before the cell that Restart & Run All
 * would take one of its inputs from (the nearest cell above that binds the name)
 * ran, so the output shows an older state. A cell below that rebinds the name
 * later says nothing about this cell's output; a cell without saved output has
 * nothing stale to show, nor one whose output its own literals fix (fixedOutput.ts).
 */
export const staleOutput: Rule = {
  code: 'NB103',
  name: 'stale-output',
  defaultSeverity: 'warning',
  // 56 % right on holdout4 (docs/precision.md): outputs the changed input cannot change (shapes, reprs of
  // literal structure, deterministic reruns on the same inputs).
  optIn: true,
  check({ codeCells, cells }) {
    const findings: RuleFinding[] = [];
    const hasOutput = (c: CodeCell) => (cells[c.index].outputs?.length ?? 0) > 0 || cells[c.index].result !== undefined;
    // The walk ends at the last cell with a saved output: nothing below it can be reported (a notebook being written often has none).
    let last = codeCells.length - 1;
    while (last >= 0 && (codeCells[last].executionCount === null || !hasOutput(codeCells[last]))) last--;
    // The nearest binding above, per name, kept up to date while walking down.
    const reaching = new Map<string, Reaching>();
    for (let i = 0; i <= last; i++) {
      const c = codeCells[i];
      const input = cells[c.index];
      const count = c.executionCount;
      if (count !== null && hasOutput(c) && !ONLY_A_TYPE.test(input.source) && !outputFixedByLiterals(input, c.summary)) {
        const finding = staleInputs(c, count, reaching);
        if (finding) findings.push(finding);
      }
      for (const ev of c.summary.events) {
        if (ev.kind === 'def') reaching.set(ev.name, { cell: c, range: ev.range, imported: ev.imported });
        else if (ev.kind === 'del') reaching.delete(ev.name);
        // After a star import or `%run` any name may come from here: nothing is known about the ones above.
        else if (ev.kind === 'unknown') reaching.clear();
      }
    }
    return findings;
  },
};

function staleInputs(c: CodeCell, count: number, reaching: ReadonlyMap<string, Reaching>): RuleFinding | undefined {
  const boundHere = new Set<string>();
  const stale: { name: string; range: Range; from: Reaching }[] = [];
  for (const ev of c.summary.events) {
    if (ev.kind === 'def') boundHere.add(ev.name);
    if (ev.kind !== 'read' || boundHere.has(ev.name) || stale.some((s) => s.name === ev.name)) continue;
    const from = reaching.get(ev.name);
    if (from && !from.imported && from.cell.executionCount != null && from.cell.executionCount > count) stale.push({ name: ev.name, range: ev.range, from });
  }
  if (stale.length === 0) return undefined;
  const [first] = stale;
  const names = stale.slice(0, 3).map((s) => `\`${s.name}\``).join(', ') + (stale.length > 3 ? ` and ${stale.length - 3} more` : '');
  const newest = stale.reduce((a, b) => (b.from.cell.executionCount! > a.from.cell.executionCount! ? b : a));
  return {
    cell: c.index,
    range: first.range,
    message: new Set(stale.map((s) => s.from.cell.index)).size === 1
      ? `This cell's saved output is from run [${count}], but ${cellLabel(newest.from.cell.index)} above, which defines ${names} for it, ran later [${newest.from.cell.executionCount}]: the output may not match what Restart & Run All shows.`
      : `This cell's saved output is from run [${count}], but cells above that define ${names} for it ran later (up to [${newest.from.cell.executionCount}] in ${cellLabel(newest.from.cell.index)}): the output may not match what Restart & Run All shows.`,
    related: stale.map((s) => ({ cell: s.from.cell.index, range: s.from.range, message: `\`${s.name}\` is defined here, at execution ${s.from.cell.executionCount}` })),
  };
}
