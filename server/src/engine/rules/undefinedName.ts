import { cellLabel, type Rule } from './rule';

/** NB102: a name no cell, import, magic or builtin binds: hidden kernel state. */
export const undefinedName: Rule = {
  code: 'NB102',
  name: 'undefined-name',
  defaultSeverity: 'warning',
  check({ flow }) {
    return flow.undefinedReads.map((r) => {
      if (r.deletedAt) {
        return {
          cell: r.cell,
          range: r.range,
          message: `\`${r.name}\` was deleted ${r.deletedAt.cell === r.cell ? "earlier in this cell" : `in ${cellLabel(r.deletedAt.cell)}`} and is not defined again before this read.`,
          related: [{ cell: r.deletedAt.cell, range: r.deletedAt.range, message: `\`${r.name}\` is deleted here` }],
        };
      }
      const when = r.owner && !r.owner.startsWith('<') ? `; \`${r.owner}\` fails with NameError when it runs` : '';
      return {
        cell: r.cell,
        range: r.range,
        message: `\`${r.name}\` is not defined by any cell, import or magic${when}. In a running kernel it is hidden state from a deleted or edited cell.`,
      };
    });
  },
};
