import type { Rule, RuleFinding } from '../rule';
import { callsKey, NotebookImports } from './imports';

/** NB504: `x == np.nan` is always False and `x != np.nan` always True, elementwise too. */
export const nanComparison: Rule = {
  code: 'NB504',
  name: 'nan-comparison',
  defaultSeverity: 'error',
  // Opt in: 10 of 10 right, but under 20 findings in public notebooks to measure precision on (docs/precision.md).
  optIn: true,
  reads: { cellKey: (c) => callsKey(c.summary, c.summary.ml.nanComparisons) },
  check({ codeCells }) {
    if (!codeCells.some((c) => c.summary.ml.nanComparisons.length > 0)) return [];
    const imports = NotebookImports.of(codeCells);
    const pandas = imports.localNameOf('pandas');
    const numpy = imports.localNameOf('numpy');
    const findings: RuleFinding[] = [];
    for (const c of codeCells) {
      for (const cmp of c.summary.ml.nanComparisons) {
        const replacement = pandas
          ? `${pandas}.${cmp.operator === '==' ? 'isna' : 'notna'}(${cmp.other})`
          : numpy
            ? `${cmp.operator === '==' ? '' : `${numpy}.logical_not(`}${numpy}.isnan(${cmp.other})${cmp.operator === '==' ? '' : ')'}`
            : undefined;
        findings.push({
          cell: c.index,
          range: cmp.range,
          message: `\`${cmp.other} ${cmp.operator} ${cmp.nan}\` is always ${cmp.operator === '==' ? 'False' : 'True'}: NaN equals nothing, itself included.${replacement ? ` Use \`${replacement}\`.` : ' Use `math.isnan`, `np.isnan` or `pd.isna`.'}`,
          data: replacement ? { fix: 'replace', replacement } : undefined,
        });
      }
    }
    return findings;
  },
};
