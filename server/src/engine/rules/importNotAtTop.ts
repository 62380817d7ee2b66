import type { Rule } from './rule';

/** NB108: imports scattered through the notebook hide its dependencies. */
export const importNotAtTop: Rule = {
  code: 'NB108',
  name: 'import-not-at-top',
  defaultSeverity: 'hint',
  check({ codeCells, cells }) {
    const first = codeCells.find((c) => cells[c.index].source.trim() !== '');
    return codeCells
      .filter((c) => first && c.index > first.index)
      .flatMap((c) => c.summary.imports.filter((i) => i.topLevel && !i.optional).map(({ range }) => ({
        cell: c.index,
        range,
        message: 'Import after the first code cell: move it to the top so the notebook\'s dependencies are in one place.',
      })));
  },
};
