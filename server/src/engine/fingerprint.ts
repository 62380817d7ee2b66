// A finding's identity across edits, for baselines and SARIF partialFingerprints:
// the rule code, the file (relative to its project root), a hash of the content of
// the finding's own cell and the text the finding points at (the name or value). No
// line or cell number goes in, so moving cells or editing other cells keeps it; editing
// the cell itself makes the finding new, which is what a reviewer wants to see.
import * as crypto from 'node:crypto';
import type { Finding } from './types';

/** Node's one-shot hash (20.12 on) where there is one: no Hash object per finding and per cell, the same digest. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha = oneShot ? (text: string) => oneShot('sha256', text, 'hex') : (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * The last cell's lines and hash: a report's findings come cell by cell, and a cell with many
 * (a long notebook's NB101s) was split and hashed again for each of them.
 */
let last: { source: string; lines?: string[]; hash?: string } = { source: '' };
const cellOf = (source: string) => (last.source === source ? last : (last = { source }));

/** The text a range covers in a source (the flagged name or value), joined across lines. */
function textAt(source: string, range: Finding['range']): string {
  const cell = cellOf(source);
  const lines = (cell.lines ??= source.split(/\r?\n/));
  if (range.start.line === range.end.line) return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  const parts = [(lines[range.start.line] ?? '').slice(range.start.character)];
  for (let l = range.start.line + 1; l < range.end.line; l++) parts.push(lines[l] ?? '');
  parts.push((lines[range.end.line] ?? '').slice(0, range.end.character));
  return parts.join('\n');
}

/**
 * @param file the file's path relative to its project root, '/'-separated
 * @param cellSources the source of each cell of a notebook or percent script
 * @param fileText for a plain file (requirements.txt, a module): its text, whose flagged line is the identity
 */
export function findingFingerprint(
  finding: Pick<Finding, 'code' | 'cell' | 'range' | 'message'>, file: string, cellSources: readonly string[], fileText?: string,
): string {
  if (finding.cell < 0) {
    const line = fileText?.split(/\r?\n/)[finding.range.start.line]?.trim();
    return sha([finding.code, file, line || finding.message].join('\u0000')).slice(0, 32);
  }
  const source = cellSources[finding.cell] ?? '';
  const cell = cellOf(source);
  return sha([finding.code, file, (cell.hash ??= sha(source)), textAt(source, finding.range)].join('\u0000')).slice(0, 32);
}
