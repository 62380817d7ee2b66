import { cellHasCode } from '../magics';
import type { Rule } from './rule';

/** NB108: imports scattered through the notebook hide its dependencies. */
export const importNotAtTop: Rule = {
  code: 'NB108',
  name: 'import-not-at-top',
  defaultSeverity: 'hint',
  // Whether a cell has Python code, and its imports.
  reads: { cellKey: (c, cell) => `${cellHasCode(cell.source, c.summary.magics, { pythonOnly: true })}${c.summary.imports.length === 0 ? '' : JSON.stringify(c.summary.imports)}` },
  check({ codeCells, cells }) {
    // The top is the first cell with Python code: a licence comment or a `%pip install` cell comes before it.
    const first = codeCells.find((c) => cellHasCode(cells[c.index].source, c.summary.magics, { pythonOnly: true }));
    return codeCells
      .filter((c) => first && c.index > first.index)
      // `import IPython` (the restart-after-install boilerplate) is the notebook's runtime, not a dependency.
      .flatMap((c) => c.summary.imports.filter((i) => i.topLevel && !i.optional && !i.modules.every((m) => /^IPython(?:\.|$)/.test(m))).map(({ range }) => ({
        cell: c.index,
        range,
        message: 'Import after the first code cell: move it to the top so the notebook\'s dependencies are in one place.',
      })));
  },
};
