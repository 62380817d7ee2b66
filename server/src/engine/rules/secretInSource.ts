import type { StringLiteral } from '../cellSummary';
import { findSecretsInLiteral, maskSecret, type SecretMatch } from '../detectors/secrets';
import type { Range } from '../types';
import type { Rule, RuleFinding } from './rule';

/**
 * NB203: credentials in code. The message never holds more than the last 4 characters.
 * A provider-format key is an error; a literal password or token under a secret-looking
 * name may be a throwaway test value, so it is a warning that claims no leak.
 */
export const secretInSource: Rule = {
  code: 'NB203',
  name: 'secret-in-source',
  defaultSeverity: 'error',
  scope: 'cell',
  check({ codeCells }) {
    const findings: RuleFinding[] = [];
    for (const cell of codeCells) {
      const found: Range[] = [];
      const report = (literal: StringLiteral, match: SecretMatch) => {
        found.push(literal.range);
        findings.push(match.provider
          ? { cell: cell.index, range: literal.range, message: `This string holds ${match.kind} (${maskSecret(match.secret)}): everyone with the notebook has it. Read it from the environment, and rotate it.` }
          : { cell: cell.index, range: literal.range, severity: 'warning', message: `This string holds ${match.kind} (${maskSecret(match.secret)}): anyone who reads the notebook sees it. Read it from the environment or a secrets manager instead.` });
      };
      for (const literal of cell.summary.strings) {
        const [match] = findSecretsInLiteral(literal);
        if (match) report(literal, match);
      }
      // `"sk-ant-" + "api03-…"` is one key: judge the joined value when no part was a finding already.
      for (const literal of cell.summary.joinedStrings ?? []) {
        if (found.some((r) => within(r, literal.range))) continue;
        const [match] = findSecretsInLiteral(literal);
        if (match) report(literal, match);
      }
    }
    return findings;
  },
};

function within(inner: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
