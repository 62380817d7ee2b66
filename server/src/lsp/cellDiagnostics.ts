// Diagnostics of an open notebook's cells (each cell is a document of its own): after an
// analysis only the cells whose findings changed are sent. A keystroke changes few cells'
// findings, and the engine hands back unchanged findings as the same objects, so most cells
// are compared by identity; the others field by field, then by a key of what they show.
import type { Diagnostic } from 'vscode-languageserver';
import type { Finding, Range } from '../engine/types';

export class CellDiagnostics {
  /** Per cell URI, the findings it shows and their key. */
  private readonly shown = new Map<string, { key: string; findings: readonly Finding[] }>();
  /** Per notebook, its cells' URIs at its last analysis: related locations name cells by index. */
  private readonly cellUris = new Map<string, readonly string[]>();

  constructor(private readonly send: (uri: string, diagnostics: Diagnostic[]) => void) {}

  /** Sends the cells' diagnostics that changed; `convert` makes a cell's diagnostics from its findings. */
  publish(notebookUri: string, cellUris: readonly string[], findings: readonly Finding[], convert: (findings: readonly Finding[]) => Diagnostic[]): void {
    const perCell: Finding[][] = cellUris.map(() => []);
    for (const f of findings) perCell[f.cell]?.push(f);
    const sameCells = sameUris(this.cellUris.get(notebookUri), cellUris);
    this.cellUris.set(notebookUri, cellUris);
    cellUris.forEach((cellUri, i) => {
      const cellFindings = perCell[i];
      const shown = this.shown.get(cellUri);
      if (!shown && cellFindings.length === 0) return;
      if (shown && sameCells && sameFindings(shown.findings, cellFindings)) return;
      const key = cellFindings.map((f) => `${f.code}|${f.severity}|${f.range.start.line}:${f.range.start.character}:${f.range.end.line}:${f.range.end.character}|${f.message}|${f.related.map((r) => `${cellUris[r.cell]}@${r.range.start.line}:${r.range.start.character}`).join(',')}`).join('\n');
      this.shown.set(cellUri, { key, findings: cellFindings });
      if (shown?.key !== key) this.send(cellUri, convert(cellFindings));
    });
  }

  /** Forgets a cell's diagnostics (the caller clears them); true when it showed some. */
  forget(cellUri: string): boolean {
    return this.shown.delete(cellUri);
  }

  closed(notebookUri: string): void {
    this.cellUris.delete(notebookUri);
  }
}

function sameUris(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((u, i) => u === b[i]);
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
