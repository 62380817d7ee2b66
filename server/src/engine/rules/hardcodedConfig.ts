import { classifyConfigNumber, classifyConfigString } from '../detectors/hardcodedConfig';
import type { Rule, RuleFinding } from './rule';

/** NB205: values production changes without a code change. */
export const hardcodedConfig: Rule = {
  code: 'NB205',
  name: 'hardcoded-config',
  defaultSeverity: 'information',
  check({ codeCells, config }) {
    const findings: RuleFinding[] = [];
    for (const cell of codeCells) {
      for (const literal of cell.summary.strings) {
        const found = classifyConfigString(literal);
        if (found) findings.push({ cell: cell.index, range: literal.range, message: `${capitalize(found.what)} is configuration written into code: move it to configuration so it can change without a code change.` });
      }
      for (const literal of cell.summary.numbers) {
        const found = classifyConfigNumber(literal, config.configKeywords);
        if (found) findings.push({ cell: cell.index, range: literal.range, message: `${capitalize(found.what)} is configuration written into code: move it to configuration so it can change without a code change.` });
      }
    }
    return findings;
  },
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
