// The engine's vocabulary. Nothing here knows about VS Code or LSP; positions are
// 0-based lines and UTF-16 columns inside one cell, which is what both LSP and
// tree-sitter (fed a JS string) use.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const SEVERITY_RANK: Record<Severity, number> = { error: 4, warning: 3, information: 2, hint: 1 };

export type CellKind = 'code' | 'markdown' | 'raw';

/** One cell as the engine sees it, whatever it was read from (LSP, .ipynb, percent script). */
export interface CellInput {
  kind: CellKind;
  source: string;
  /** Execution count ("[7]") when the cell has run; null or undefined when it has not. */
  executionCount?: number | null;
  /** Saved text outputs (streams, text/plain, text/html, tracebacks); images and binary data are never kept. */
  outputs?: string[];
  /** The saved `text/plain` of the cell's result (what Jupyter displayed for its last expression). */
  result?: string;
  /** What the cell printed (its saved `stdout` streams), for tests of extracted code. */
  stdout?: string;
  /** The saved error (`ename: evalue`) when the cell's last run raised: extraction refuses such a cell. */
  error?: string;
  /** The cell's language where the source says it per cell (the editor's languageId, an nbformat 3 code cell's `language`). */
  language?: string;
}

/** A defect the loader read past, as Jupyter does (a cell with `"source": null` read as empty). */
export interface LoadRepair {
  cell: number;
  message: string;
}

export interface NotebookInput {
  cells: CellInput[];
  /** The file's path relative to its project root, when known (some rules treat test fixtures differently). */
  path?: string;
  /** The notebook-level metadata as saved (kernelspec, language_info, platform keys); read through knowledge/kernels.ts. */
  metadata?: Record<string, unknown>;
  /** What the loader had to repair to read the file (reported once, by NB003). */
  repairs?: LoadRepair[];
}

export interface RelatedLocation {
  /** Index into NotebookInput.cells. */
  cell: number;
  range: Range;
  message: string;
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** Index into NotebookInput.cells. */
  cell: number;
  range: Range;
  related: RelatedLocation[];
  /** What a quick fix needs to know, carried with the diagnostic (LSP `Diagnostic.data`). */
  data?: Record<string, string>;
}

export function rangeOf(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}
