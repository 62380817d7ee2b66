import { firstLineRange, type Rule } from './rule';

/** NB106: a code cell that never ran in a notebook whose other cells did. */
export const unexecutedCell: Rule = {
  code: 'NB106',
  name: 'unexecuted-cell',
  defaultSeverity: 'information',
  check({ codeCells, cells }) {
    if (!codeCells.some((c) => c.executionCount !== null)) return [];
    return codeCells
      .filter((c) => c.executionCount === null && cells[c.index].source.trim() !== '')
      .map((c) => ({
        cell: c.index,
        range: firstLineRange(cells[c.index].source),
        message: 'This cell has not run, though other cells have: the saved outputs do not include its effects.',
      }));
  },
};
