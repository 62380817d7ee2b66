// Pragmas. `# nb2prod: ignore[NB101]` silences those codes on its own line only,
// wherever it stands (the first line of a cell too). A comment line of its own
// `# nb2prod: ignore-cell[NB105]` silences them for the whole cell. Without a code
// list (`ignore`, `ignore-cell`) a pragma silences every rule.
import type { Finding } from './types';

const PRAGMA = /#\s*nb2prod:\s*(ignore-cell|ignore)\b(?:\[([^\]]*)\])?/;

interface Suppression {
  /** undefined: every code. */
  codes?: Set<string>;
}

export interface CellSuppressions {
  wholeCell?: Suppression;
  lines: Map<number, Suppression>;
}

function parseCodes(list: string | undefined): Suppression {
  if (list === undefined) return {};
  return { codes: new Set(list.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean)) };
}

function merge(a: Suppression | undefined, b: Suppression): Suppression {
  if (!a) return b;
  if (!a.codes || !b.codes) return {};
  return { codes: new Set([...a.codes, ...b.codes]) };
}

export function cellSuppressions(source: string): CellSuppressions | undefined {
  if (!source.includes('nb2prod')) return undefined;
  const result: CellSuppressions = { lines: new Map() };
  source.split('\n').forEach((text, i) => {
    if (!text.includes('nb2prod')) return;
    const m = PRAGMA.exec(text);
    if (!m) return;
    const s = parseCodes(m[2]);
    // A cell pragma needs a line of its own; at the end of code it stays a line pragma.
    if (m[1] === 'ignore-cell' && text.trimStart().startsWith('#')) result.wholeCell = merge(result.wholeCell, s);
    else result.lines.set(i, merge(result.lines.get(i), s));
  });
  return result;
}

function covers(s: Suppression | undefined, code: string): boolean {
  return s !== undefined && (s.codes === undefined || s.codes.has(code));
}

export function isSuppressed(finding: Finding, suppressions: CellSuppressions | undefined): boolean {
  if (!suppressions) return false;
  if (covers(suppressions.wholeCell, finding.code)) return true;
  for (let line = finding.range.start.line; line <= finding.range.end.line; line++) if (covers(suppressions.lines.get(line), finding.code)) return true;
  return false;
}

/** The text of a line after adding `code` to its line pragma (or a new one at its end). */
export function withLinePragma(line: string, code: string): string {
  return addCode(line, code, 'ignore') ?? `${line.replace(/\s+$/, '')}  # nb2prod: ignore[${code}]`;
}

/** Add `code` to an existing pragma of that kind on the line; undefined when there is none. */
export function addCode(line: string, code: string, kind: 'ignore' | 'ignore-cell'): string | undefined {
  const m = PRAGMA.exec(line);
  if (!m || m[1] !== kind) return undefined;
  if (m[2] === undefined) return line; // already silences every code
  const codes = m[2].split(',').map((c) => c.trim()).filter(Boolean);
  if (codes.map((c) => c.toUpperCase()).includes(code)) return line;
  const at = (m.index ?? 0) + m[0].length - 1; // the closing bracket
  return `${line.slice(0, at)}${codes.length ? ', ' : ''}${code}${line.slice(at)}`;
}
