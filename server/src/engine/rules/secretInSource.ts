import { findSecretsInLiteral, maskSecret } from '../detectors/secrets';
import type { Rule, RuleFinding } from './rule';

/** NB203: credentials in code. The message never holds more than the last 4 characters. */
export const secretInSource: Rule = {
  code: 'NB203',
  name: 'secret-in-source',
  defaultSeverity: 'error',
  check({ codeCells }) {
    const findings: RuleFinding[] = [];
    for (const cell of codeCells) {
      for (const literal of cell.summary.strings) {
        const [match] = findSecretsInLiteral(literal);
        if (!match) continue;
        findings.push({
          cell: cell.index,
          range: literal.range,
          message: `This string holds ${match.kind} (${maskSecret(match.secret)}): everyone with the notebook has it. Read it from the environment, and rotate it.`,
        });
      }
    }
    return findings;
  },
};
