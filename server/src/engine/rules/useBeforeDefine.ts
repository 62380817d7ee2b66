import { cellLabel, type Rule } from './rule';

/** NB101: Restart & Run All fails because a cell reads a name only a later cell binds. */
export const useBeforeDefine: Rule = {
  code: 'NB101',
  name: 'use-before-define',
  defaultSeverity: 'error',
  check({ flow }) {
    return flow.readBeforeDefine.map((r) => {
      const where = r.definedAt.cell === r.cell ? 'later in this cell' : `in ${cellLabel(r.definedAt.cell)}, below`;
      const message = r.via
        ? `\`${r.via.fn}()\` reads global \`${r.name}\`, which is defined only ${where}: Restart & Run All fails here.`
        : `\`${r.name}\` is used before it is defined: it is defined only ${where}, so Restart & Run All fails here.`;
      const related = [{ cell: r.definedAt.cell, range: r.definedAt.range, message: `\`${r.name}\` is defined here` }];
      if (r.via) related.push({ cell: r.via.readAt.cell, range: r.via.readAt.range, message: `\`${r.via.fn}\` reads \`${r.name}\` here` });
      return { cell: r.cell, range: r.range, message, related };
    });
  },
};
