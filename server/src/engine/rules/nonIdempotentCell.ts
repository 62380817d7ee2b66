import { cellLabel, type Rule } from './rule';

/** NB105: the cell changes a global an earlier cell made, so running it twice changes the state. */
export const nonIdempotentCell: Rule = {
  code: 'NB105',
  name: 'non-idempotent-cell',
  defaultSeverity: 'warning',
  check({ flow }) {
    return flow.nonIdempotent.map((c) => ({
      cell: c.cell,
      range: c.range,
      message: c.how === 'rebinds'
        ? `This cell reads \`${c.name}\` from ${cellLabel(c.definedAt.cell)} and rebinds it: running the cell twice gives a different result.`
        : `This cell changes \`${c.name}\` from ${cellLabel(c.definedAt.cell)} in place (${c.detail}): running it twice changes the state.`,
      related: [{ cell: c.definedAt.cell, range: c.definedAt.range, message: `\`${c.name}\` is defined here` }],
    }));
  },
};
