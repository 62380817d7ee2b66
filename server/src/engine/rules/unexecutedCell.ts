import { unrunOnPurpose } from '../knowledge/unrunOnPurpose';
import { cellHasCode } from '../magics';
import { cellLabel, firstLineRange, type Rule } from './rule';

/** NB106: code cells that never ran in a notebook whose other cells did; one finding per notebook. */
export const unexecutedCell: Rule = {
  code: 'NB106',
  name: 'unexecuted-cell',
  defaultSeverity: 'information',
  check({ codeCells, cells }) {
    if (!codeCells.some((c) => c.executionCount !== null)) return [];
    // Comments, blank cells, installs and timing magics are not code whose effects could be missing.
    // Teardown, a blocking server or an input loop is left unrun on purpose: not a missing step.
    const withCode = codeCells.filter((c) => cellHasCode(cells[c.index].source, c.summary.magics) && !(c.executionCount === null && unrunOnPurpose(cells[c.index].source)));
    const never = withCode.filter((c) => c.executionCount === null);
    if (never.length === 0) return [];
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
