import { cellHasCode } from '../magics';
import { cellLabel, firstLineRange, type Rule } from './rule';

/** NB104: execution counts do not increase top to bottom; reported once, at the first inversion. */
export const outOfOrderExecution: Rule = {
  code: 'NB104',
  name: 'out-of-order-execution',
  defaultSeverity: 'information',
  check({ codeCells, cells }) {
    let previous: { index: number; count: number } | undefined;
    for (const c of codeCells) {
      // A comment-only or `%pip install` cell run again later changes nothing below it.
      if (c.executionCount === null || !cellHasCode(cells[c.index].source, c.summary.magics)) continue;
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
