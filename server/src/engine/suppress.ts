// `# nb2prod: ignore[NB101]` at the end of a line silences those codes on that
// line; on the first line of a cell it silences them for the whole cell. Without a
// code list it silences every rule.
import type { Finding } from './types';

const PRAGMA = /#\s*nb2prod:\s*ignore(?:\[([^\]]*)\])?/;

interface Suppression {
  /** undefined: every code. */
  codes?: Set<string>;
}

export interface CellSuppressions {
  wholeCell?: Suppression;
  lines: Map<number, Suppression>;
}

function parse(line: string): Suppression | undefined {
  if (!line.includes('nb2prod')) return undefined;
  const m = PRAGMA.exec(line);
  if (!m) return undefined;
  if (m[1] === undefined) return {};
  const codes = m[1].split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  return { codes: new Set(codes) };
}

export function cellSuppressions(source: string): CellSuppressions | undefined {
  if (!source.includes('nb2prod')) return undefined;
  const lines = source.split('\n');
  const result: CellSuppressions = { lines: new Map() };
  lines.forEach((text, i) => {
    const s = parse(text);
    if (!s) return;
    if (i === 0) result.wholeCell = s;
    else result.lines.set(i, s);
  });
  return result;
}

function covers(s: Suppression | undefined, code: string): boolean {
  return s !== undefined && (s.codes === undefined || s.codes.has(code));
}

export function isSuppressed(finding: Finding, suppressions: CellSuppressions | undefined): boolean {
  if (!suppressions) return false;
  return covers(suppressions.wholeCell, finding.code) || covers(suppressions.lines.get(finding.range.start.line), finding.code);
}
