// vscode-languageserver's NotebookDocuments maps every cell URI to its cell again after each
// change of a notebook, a keystroke included: 10,000 map writes (and as many new pairs) per
// keystroke at 10,000 cells. The map needs writing only when the notebook's cells changed
// (inserted, removed, moved, or replaced by a metadata or execution change): this skips the
// rewrite when the notebook object holds the very cell objects it held at its last mapping.
// A cell removed from the map (closed) is also gone from the cells array, so skipping is safe.
import type { NotebookCell, NotebookDocument, NotebookDocuments } from 'vscode-languageserver';

export function skipUnchangedCellMaps<T extends { uri: string }>(documents: NotebookDocuments<T>): void {
  // A private method of the library: when a version renames it, nothing is skipped.
  const target = documents as unknown as { updateCellMap?: (notebook: NotebookDocument) => void };
  const update = target.updateCellMap;
  if (typeof update !== 'function') return;
  const mapped = new WeakMap<NotebookDocument, NotebookCell[]>();
  target.updateCellMap = (notebook) => {
    const last = mapped.get(notebook);
    if (last !== undefined && sameCells(last, notebook.cells)) return;
    update.call(documents, notebook);
    mapped.set(notebook, notebook.cells.slice());
  };
}

function sameCells(a: readonly NotebookCell[], b: readonly NotebookCell[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
