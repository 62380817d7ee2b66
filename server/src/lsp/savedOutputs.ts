// LSP notebook sync carries cell text, not outputs. Outputs matter for NB204 (a
// secret in an output) and for extraction (the saved result becomes a test's
// expected value), and what matters is what is saved in the file: read it on open
// and save, and match cells by their source.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseIpynb } from '../engine/ipynb';
import type { CellInput, NotebookInput } from '../engine/types';

interface Saved {
  outputs?: string[];
  result?: string;
  stdout?: string;
  error?: string;
}

export class SavedOutputs {
  private readonly byNotebook = new Map<string, Map<string, Saved>>();

  /** Read the notebook file behind `uri` (on open and on save). */
  read(uri: string): void {
    if (!uri.startsWith('file:')) return;
    let text: string;
    try {
      text = fs.readFileSync(fileURLToPath(uri), 'utf8');
    } catch {
      this.byNotebook.delete(uri);
      return;
    }
    const parsed = parseIpynb(text);
    if ('error' in parsed) return;
    const bySource = new Map<string, Saved>();
    for (const cell of parsed.notebook.cells) {
      if ((cell.outputs || cell.result !== undefined) && !bySource.has(cell.source)) bySource.set(cell.source, { outputs: cell.outputs, result: cell.result, stdout: cell.stdout, error: cell.error });
    }
    this.byNotebook.set(uri, bySource);
  }

  forget(uri: string): void {
    this.byNotebook.delete(uri);
  }

  /** Attach the saved outputs to the code cells whose source matches the file's. */
  attach(uri: string, input: NotebookInput): NotebookInput {
    for (const cell of input.cells) this.attachCell(uri, cell);
    return input;
  }

  /** The same for one new cell input (notebookInputs.ts converts only the cells an edit changed). */
  attachCell(uri: string, cell: CellInput): void {
    const saved = this.byNotebook.get(uri);
    if (!saved) return;
    const found = cell.kind === 'code' ? saved.get(cell.source) : undefined;
    cell.outputs = found?.outputs;
    cell.result = found?.result;
    cell.stdout = found?.stdout;
    cell.error = found?.error;
  }
}
