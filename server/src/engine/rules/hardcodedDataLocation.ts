import { classifyDataLocation } from '../detectors/dataLocations';
import { findSecretsInText } from '../detectors/secrets';
import { shown, type Rule, type RuleFinding } from './rule';

/** NB202: cloud storage, database and remote-file locations written into code. */
export const hardcodedDataLocation: Rule = {
  code: 'NB202',
  name: 'hardcoded-data-location',
  defaultSeverity: 'information',
  // In public notebooks most hardcoded locations are public sample data, the same for
  // everyone (measured: docs/rules.md); a team turns it on for its own code.
  optIn: true,
  scope: 'cell',
  check({ codeCells }) {
    const findings: RuleFinding[] = [];
    for (const cell of codeCells) {
      for (const literal of cell.summary.strings) {
        const kind = classifyDataLocation(literal);
        // A URI with a password in it is a secret first (NB203).
        if (!kind || findSecretsInText(literal.value).length > 0) continue;
        findings.push({
          cell: cell.index,
          range: literal.range,
          message: `"${shown(literal.value)}" is ${kind} written into the code: read the location from configuration so each environment can use its own.`,
        });
      }
    }
    return findings;
  },
};
