// Percent-format scripts (`# %%` cells, as Jupytext, VS Code and Spyder write them)
// are notebooks stored as .py files. Each cell keeps the file line it starts on so
// findings map back to file lines.
import type { CellInput, NotebookInput } from './types';

const CELL_MARKER = /^#\s?%%(.*)$/;

export interface PercentCell extends CellInput {
  /** File line (0-based) of the cell's first source line, after the marker. */
  firstLine: number;
  /** Percent-cell index (0-based) among marked cells; the header before the first marker is null. */
  percentIndex: number | null;
}

export interface PercentNotebook extends NotebookInput {
  cells: PercentCell[];
}

export function isPercentScript(text: string): boolean {
  return /^#\s?%%/m.test(text);
}

export function parsePercentScript(text: string): PercentNotebook {
  const lines = text.split('\n');
  const cells: PercentCell[] = [];
  let current: { kind: CellInput['kind']; start: number; percentIndex: number | null } = { kind: 'code', start: 0, percentIndex: null };
  let marked = 0;
  const close = (end: number) => {
    const source = lines.slice(current.start, end).join('\n');
    // The header before the first marker is a cell only when it holds something.
    if (current.percentIndex === null && source.trim() === '') return;
    cells.push({ kind: current.kind, source, firstLine: current.start, percentIndex: current.percentIndex, executionCount: null });
  };
  lines.forEach((line, i) => {
    const m = CELL_MARKER.exec(line.replace(/\r$/, ''));
    if (!m) return;
    close(i);
    const kind = /\[\s*(markdown|md)\s*\]/.test(m[1]) ? 'markdown' : /\[\s*raw\s*\]/.test(m[1]) ? 'raw' : 'code';
    current = { kind, start: i + 1, percentIndex: marked++ };
  });
  close(lines.length);
  return { cells };
}
