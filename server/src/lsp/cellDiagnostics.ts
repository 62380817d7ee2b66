// Diagnostics of an open notebook's cells (each cell is a document of its own): after an
// analysis only the cells whose findings changed are sent. A keystroke changes few cells'
// findings, and the engine hands back unchanged findings as the same objects, so most cells
// are compared by identity; the others field by field, then by a key of what they show.
import type { Diagnostic } from 'vscode-languageserver';
import type { Finding, Range } from '../engine/types';

export class CellDiagnostics {
  /** Per cell URI, the findings it shows and their key. */
  private readonly shown = new Map<string, { key: string; findings: readonly Finding[] }>();
  /**
   * Per notebook, its cells' URIs at its last analysis (related locations name cells by index), and
   * its findings in cell order, so that a cell whose findings are as before is passed over without a
   * look-up by URI or a list of its own (10,000 cells, thousands of findings, every keystroke).
   */
  private readonly last = new Map<string, { cellUris: readonly string[]; findings: readonly Finding[] }>();

  constructor(private readonly send: (uri: string, diagnostics: Diagnostic[]) => void) {}

  /** Sends the cells' diagnostics that changed; `convert` makes a cell's diagnostics from its findings. */
  publish(notebookUri: string, cellUris: readonly string[], findings: readonly Finding[], convert: (findings: readonly Finding[]) => Diagnostic[]): void {
    const now = inCellOrder(findings, cellUris.length);
    const last = this.last.get(notebookUri);
    const sameCells = sameUris(last?.cellUris, cellUris);
    const before = sameCells ? last!.findings : NONE;
    this.last.set(notebookUri, { cellUris, findings: now });
    // Each cell's findings are now[start, end) and before[from, to).
    let start = 0;
    let from = 0;
    for (let i = 0; i < cellUris.length; i++) {
      let end = start;
      while (end < now.length && now[end].cell === i) end++;
      let to = from;
      while (to < before.length && before[to].cell === i) to++;
      const asBefore = sameCells && sameSlices(before, from, to, now, start, end);
      const cellStart = start;
      start = end;
      from = to;
      // Shown as before, in a cell at the same place: nothing to look up or send.
      if (asBefore) continue;
      const cellFindings = now.slice(cellStart, end);
      const cellUri = cellUris[i];
      const shown = this.shown.get(cellUri);
      if (!shown && cellFindings.length === 0) continue;
      if (shown && sameCells && sameSlices(shown.findings, 0, shown.findings.length, cellFindings, 0, cellFindings.length)) continue;
      const key = cellFindings.map((f) => `${f.code}|${f.severity}|${f.range.start.line}:${f.range.start.character}:${f.range.end.line}:${f.range.end.character}|${f.message}|${f.related.map((r) => `${cellUris[r.cell]}@${r.range.start.line}:${r.range.start.character}`).join(',')}`).join('\n');
      this.shown.set(cellUri, { key, findings: cellFindings });
      if (shown?.key !== key) this.send(cellUri, convert(cellFindings));
    }
  }

  /** Forgets a cell's diagnostics (the caller clears them); true when it showed some. */
  forget(cellUri: string): boolean {
    if (!this.shown.delete(cellUri)) return false;
    // What a notebook's cells show by position no longer holds for this one: compare by URI next time.
    this.last.clear();
    return true;
  }

  closed(notebookUri: string): void {
    this.last.delete(notebookUri);
  }
}

const NONE: readonly Finding[] = [];

/** The findings on the notebook's cells, in cell order (the engine gives them so; kept stable otherwise). */
function inCellOrder(findings: readonly Finding[], cells: number): readonly Finding[] {
  let sorted = true;
  let inside = true;
  for (let i = 0; i < findings.length; i++) {
    const cell = findings[i].cell;
    if (i > 0 && cell < findings[i - 1].cell) sorted = false;
    if (!(Number.isInteger(cell) && cell >= 0 && cell < cells)) inside = false;
  }
  if (sorted && inside) return findings;
  return findings.filter((f) => Number.isInteger(f.cell) && f.cell >= 0 && f.cell < cells).sort((a, b) => a.cell - b.cell);
}

function sameUris(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a === b || (a !== undefined && a.length === b.length && a.every((u, i) => u === b[i]));
}

/** a[from, to) and b[start, end): the same findings as far as a cell's diagnostics show them (what the key holds). */
function sameSlices(a: readonly Finding[], from: number, to: number, b: readonly Finding[], start: number, end: number): boolean {
  if (to - from !== end - start) return false;
  for (let i = 0; i < to - from; i++) {
    const f = a[from + i];
    const g = b[start + i];
    if (f === g) continue;
    if (f.code !== g.code || f.severity !== g.severity || f.message !== g.message || !sameRange(f.range, g.range) || f.related.length !== g.related.length) return false;
    if (f.related.some((r, j) => r.cell !== g.related[j].cell || r.range.start.line !== g.related[j].range.start.line || r.range.start.character !== g.related[j].range.start.character)) return false;
  }
  return true;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
