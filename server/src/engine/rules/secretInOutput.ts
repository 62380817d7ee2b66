import { findSecretsInOutputs, maskSecret } from '../detectors/secrets';
import { firstLineRange, type Rule, type RuleFinding } from './rule';

/** NB204: credentials in saved outputs, which travel with the .ipynb file. */
export const secretInOutput: Rule = {
  code: 'NB204',
  name: 'secret-in-output',
  defaultSeverity: 'error',
  scope: 'cell',
  check({ codeCells, cells }) {
    const findings: RuleFinding[] = [];
    for (const cell of codeCells) {
      const outputs = cells[cell.index].outputs;
      if (!outputs) continue;
      const matches = findSecretsInOutputs(outputs);
      if (matches.length === 0) continue;
      const [first] = matches;
      const more = matches.length > 1 ? ` and ${matches.length - 1} more` : '';
      findings.push({
        cell: cell.index,
        range: firstLineRange(cells[cell.index].source),
        message: `The saved output of this cell shows ${first.kind} (${maskSecret(first.secret)})${more}: clear the output, and rotate the secret.`,
      });
    }
    return findings;
  },
};
