import type { StringLiteral } from '../cellSummary';
import { findSecretsInLiteral, LOCAL_HOST, maskSecret, type SecretMatch } from '../detectors/secrets';
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
      const localOnly = onlyLocalServers(cell.summary.strings);
      const report = (literal: StringLiteral, match: SecretMatch) => {
        found.push(literal.range);
        // A database password next to the local server it logs in to (`bolt://localhost:7687`) opens
        // nothing anyone else can reach, like `postgres:postgres@localhost` in one URI.
        if (localOnly && !match.provider && match.name !== undefined && PASSWORD_NAME.test(match.name)) return;
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

const PASSWORD_NAME = /passw(?:or)?d|pwd/i;

/** The cell names servers, and every one of them is on this machine. */
function onlyLocalServers(strings: readonly StringLiteral[]): boolean {
  let local = false;
  for (const { value } of strings) {
    const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?(\[[^\]]*\]|[^/:?#\s]*)/i.exec(value.trim())?.[1];
    if (host === undefined) continue;
    if (!LOCAL_HOST.test(host)) return false;
    local = true;
  }
  return local;
}

function within(inner: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
