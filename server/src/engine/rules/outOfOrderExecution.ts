import { cellHasCode } from '../magics';
import type { CodeCell } from '../dataflow';
import { cellLabel, firstLineRange, type Rule } from './rule';

function changesState(c: CodeCell): boolean {
  return c.summary.events.some((e) => e.kind === 'def' || e.kind === 'del' || e.kind === 'mutate' || e.kind === 'unknown');
}

/** NB104: execution counts do not increase top to bottom; reported once, at the first inversion. */
export const outOfOrderExecution: Rule = {
  code: 'NB104',
  name: 'out-of-order-execution',
  defaultSeverity: 'information',
  check({ codeCells, cells }) {
    let previous: { index: number; count: number } | undefined;
    for (const c of codeCells) {
      // A cell that changes no state (comments, `%pip install`, `df.head()`) run again later changes
      // nothing another cell sees; a display out of order is NB103's business.
      if (c.executionCount === null || !changesState(c) || !cellHasCode(cells[c.index].source, c.summary.magics)) continue;
      if (previous && c.executionCount < previous.count) {
        return [{
          cell: previous.index,
          range: firstLineRange(cells[previous.index].source),
          message: `Cells ran out of order: ${cellLabel(previous.index)} ran at [${previous.count}], after ${cellLabel(c.index)} below it ran at [${c.executionCount}]. Restart & Run All may give different results.`,
          related: [{ cell: c.index, range: firstLineRange(cells[c.index].source), message: `ran earlier, at [${c.executionCount}]` }],
        }];
      }
      previous = { index: c.index, count: c.executionCount };
    }
    return [];
  },
};
