import type { Rule } from '../rule';

/** NB301, in notebooks: a function defined in a cell is reusable code without a home or a test. */
export const untestedNotebookFunction: Rule = {
  code: 'NB301',
  name: 'untested-function',
  defaultSeverity: 'information',
  check({ codeCells, project }) {
    if (!project) return [];
    return codeCells.flatMap((c) => c.summary.definitions.filter((d) => d.kind === 'function' && !d.name.startsWith('_')).map((d) => ({
      cell: c.index,
      range: d.range,
      message: `\`${d.name}\` is defined in a notebook cell, where no test can reach it: extract it to a module in src/ with a test.`,
    })));
  },
};
