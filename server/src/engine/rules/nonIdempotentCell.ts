import { recentersOnItself, rerunOnPurpose, standardisesOnItself } from './rerunExpected';
import { cellLabel, type Rule } from './rule';

/**
 * NB105: the cell changes a global an earlier cell made in a way a second run
 * repeats (`x += 1`, `items.append(…)`, `df = df.reset_index()`), so running it
 * twice gives a different state or fails. Steps that land on the same state
 * (`df = df.dropna()`, guarded defaults, `x -= offset` with the offset the cell takes
 * from `x` itself, `x = (x - mu) / sigma` with both taken from `x`) are not reported, nor a cell whose comment says a rerun is meant to
 * change the state; see knowledge/idempotence.ts and rerunExpected.ts.
 */
export const nonIdempotentCell: Rule = {
  code: 'NB105',
  name: 'non-idempotent-cell',
  defaultSeverity: 'warning',
  check({ flow, cells }) {
    const expected = (c: (typeof flow.nonIdempotent)[number]) => {
      const source = cells[c.cell].source;
      const line = c.range.start.line;
      return rerunOnPurpose(source) || recentersOnItself(source, line, c.name) || standardisesOnItself(source, line, c.name);
    };
    return flow.nonIdempotent.filter((c) => !expected(c)).map((c) => ({
      cell: c.cell,
      range: c.range,
      message: c.how === 'rebinds'
        ? `This cell computes \`${c.name}\` from its value in ${cellLabel(c.definedAt.cell)}: ${c.detail}, so running the cell twice gives a different result.`
        : `This cell changes \`${c.name}\` from ${cellLabel(c.definedAt.cell)} in place: ${c.detail}. Running the cell twice changes the state again.`,
      related: [{ cell: c.definedAt.cell, range: c.definedAt.range, message: `\`${c.name}\` is defined here` }],
    }));
  },
};
