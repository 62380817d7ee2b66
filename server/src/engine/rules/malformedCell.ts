import { firstLineRange, type Rule } from './rule';

/**
 * NB003: cells the loader read past, as Jupyter does (`"source": null`, a missing
 * `source` or `outputs`): one finding per notebook, the other cells related.
 */
export const malformedCell: Rule = {
  code: 'NB003',
  name: 'malformed-cell',
  defaultSeverity: 'information',
  check({ cells, repairs }) {
    if (!repairs?.length) return [];
    const [first, ...rest] = repairs;
    const more = rest.length ? ` (and ${rest.length} more cell${rest.length > 1 ? 's' : ''})` : '';
    return [{
      cell: first.cell,
      range: firstLineRange(cells[first.cell]?.source ?? ''),
      message: `${first.message}${more}: nbformat's validator rejects this file, and other tools may read it differently.`,
      related: rest.map((r) => ({ cell: r.cell, range: firstLineRange(cells[r.cell]?.source ?? ''), message: r.message })),
    }];
  },
};
