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
   * each cell's findings by position (sparse: none is undefined), so that a cell whose findings
   * are as before is passed over without a look-up by URI (10,000 of them per keystroke).
   */
  private readonly last = new Map<string, { cellUris: readonly string[]; perCell: (readonly Finding[] | undefined)[] }>();

  constructor(private readonly send: (uri: string, diagnostics: Diagnostic[]) => void) {}

  /** Sends the cells' diagnostics that changed; `convert` makes a cell's diagnostics from its findings. */
  publish(notebookUri: string, cellUris: readonly string[], findings: readonly Finding[], convert: (findings: readonly Finding[]) => Diagnostic[]): void {
    const perCell: (Finding[] | undefined)[] = [];
    for (const f of findings) if (f.cell >= 0 && f.cell < cellUris.length) (perCell[f.cell] ??= []).push(f);
    const last = this.last.get(notebookUri);
    const sameCells = sameUris(last?.cellUris, cellUris);
    const before = sameCells ? last!.perCell : [];
    this.last.set(notebookUri, { cellUris, perCell });
    for (let i = 0; i < cellUris.length; i++) {
      const cellFindings = perCell[i] ?? NONE;
      // Shown as before, in a cell at the same place: nothing to look up or send.
      if (sameCells && sameFindings(before[i] ?? NONE, cellFindings)) continue;
      const cellUri = cellUris[i];
      const shown = this.shown.get(cellUri);
      if (!shown && cellFindings.length === 0) continue;
      if (shown && sameCells && sameFindings(shown.findings, cellFindings)) continue;
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

function sameUris(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a === b || (a !== undefined && a.length === b.length && a.every((u, i) => u === b[i]));
}

/** The same findings as far as a cell's diagnostics show them (what the key holds). */
function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const f = a[i];
    const g = b[i];
    if (f === g) continue;
    if (f.code !== g.code || f.severity !== g.severity || f.message !== g.message || !sameRange(f.range, g.range) || f.related.length !== g.related.length) return false;
    if (f.related.some((r, j) => r.cell !== g.related[j].cell || r.range.start.line !== g.related[j].range.start.line || r.range.start.character !== g.related[j].range.start.character)) return false;
  }
  return true;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
