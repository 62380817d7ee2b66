// The engine's input for each open notebook, kept between analyses. After a keystroke only the
// cells whose cell object or text document version changed are converted again; the others are
// the very objects of the last analysis, which the engine then compares by identity
// (lastAnalysis.ts). At 10,000 cells, looking up every cell's document by URI and converting it
// cost as much as the engine's whole re-analysis.
import type { NotebookCell, NotebookDocument } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CellInput, NotebookInput } from '../engine/types';
import { cellInput, ipynbMetadata } from './conversions';

/** By cell position, what the inputs were made from: the cell object and its document at a version. */
interface Kept {
  cells: NotebookCell[];
  docs: (TextDocument | undefined)[];
  versions: number[];
  inputs: CellInput[];
  /** The cells' URIs: a new array only when one changed, so that the same array means the same cells. */
  uris: readonly string[];
}

export class NotebookInputs {
  private readonly kept = new Map<string, Kept>();

  /**
   * @param textOf a cell's text document by URI
   * @param decorate what is added to a new cell input (the saved outputs)
   */
  constructor(private readonly textOf: (uri: string) => TextDocument | undefined, private readonly decorate: (notebookUri: string, cell: CellInput) => void) {}

  /**
   * The input for the notebook as it is now: a new cells array every time (the engine keeps the
   * last one to compare with), holding new objects for the changed cells only. A change of a
   * cell's kind, language, execution or metadata arrives as a new cell object (the library
   * replaces it), a text change as a new document version.
   */
  input(notebook: NotebookDocument): { input: NotebookInput; cellUris: readonly string[] } {
    const count = notebook.cells.length;
    const last = this.kept.get(notebook.uri);
    const kept: Kept = last && last.cells.length === count ? last : { cells: new Array(count), docs: new Array(count), versions: new Array(count), inputs: new Array(count), uris: new Array<string>(count) };
    let uris: string[] | undefined;
    for (let i = 0; i < count; i++) {
      const cell = notebook.cells[i];
      const doc = kept.cells[i] === cell ? kept.docs[i] : undefined;
      if (doc !== undefined && doc.version === kept.versions[i]) continue;
      const current = this.textOf(cell.document);
      const input = cellInput(cell, current);
      this.decorate(notebook.uri, input);
      kept.cells[i] = cell;
      kept.docs[i] = current;
      kept.versions[i] = current?.version ?? -1;
      kept.inputs[i] = input;
      if (kept.uris[i] !== cell.document) (uris ??= kept.uris.slice())[i] = cell.document;
    }
    if (uris) kept.uris = uris;
    this.kept.set(notebook.uri, kept);
    return { input: { cells: kept.inputs.slice(), metadata: ipynbMetadata(notebook.metadata) }, cellUris: kept.uris };
  }

  /** Converts every cell at the next analysis (the saved outputs were read again), or frees a closed notebook's. */
  forget(notebookUri: string): void {
    this.kept.delete(notebookUri);
  }
}
