// Builds one WorkspaceEdit from edits to open cells and to project files. Files
// are created, never overwritten: an existing file is appended to. Every path must
// stay inside the workspace root.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CreateFile, Position, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export class OutsideWorkspaceError extends Error {}

function endPosition(text: string): Position {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

export class EditBuilder {
  private readonly creates: CreateFile[] = [];
  private readonly edits = new Map<string, { version: number | null; edits: TextEdit[] }>();

  constructor(
    private readonly root: string,
    /** Open documents win over the disk: their text and version are what the edit applies to. */
    private readonly openDocument: (uri: string) => TextDocument | undefined,
  ) {}

  private inside(file: string): string {
    const resolved = path.resolve(file);
    const rel = path.relative(this.root, resolved);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new OutsideWorkspaceError(`${resolved} is outside the workspace ${this.root}`);
    return resolved;
  }

  /** Current text of a project file (open editor first, then disk), or undefined when it does not exist. */
  read(file: string): string | undefined {
    const resolved = this.inside(file);
    const open = this.openDocument(pathToFileURL(resolved).toString());
    if (open) return open.getText();
    try {
      return fs.readFileSync(resolved, 'utf8');
    } catch {
      return undefined;
    }
  }

  textEdit(uri: string, version: number | null, edit: TextEdit): void {
    let entry = this.edits.get(uri);
    if (!entry) this.edits.set(uri, (entry = { version, edits: [] }));
    entry.edits.push(edit);
  }

  /** Append to a project file, creating it when it does not exist. */
  appendToFile(file: string, text: string): void {
    if (!text) return;
    const resolved = this.inside(file);
    const uri = pathToFileURL(resolved).toString();
    const open = this.openDocument(uri);
    const existing = this.read(resolved);
    if (existing === undefined && !this.edits.has(uri)) {
      this.creates.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: true } });
      this.textEdit(uri, null, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text });
      return;
    }
    const end = endPosition(existing ?? '');
    this.textEdit(uri, open?.version ?? null, { range: { start: end, end }, newText: text });
  }

  /** Insert at an offset of an existing project file. */
  insertInFile(file: string, offset: number, text: string): void {
    const resolved = this.inside(file);
    const uri = pathToFileURL(resolved).toString();
    const existing = this.read(resolved) ?? '';
    const at = endPosition(existing.slice(0, offset));
    this.textEdit(uri, this.openDocument(uri)?.version ?? null, { range: { start: at, end: at }, newText: text });
  }

  /** Insert at an offset of a project file, or create it with the text when it does not exist. */
  insertOrCreate(file: string, offset: number, text: string): void {
    if (this.read(file) === undefined) this.appendToFile(file, text);
    else this.insertInFile(file, offset, text);
  }

  /** Replace a project file's whole text (created when it does not exist). */
  replaceFile(file: string, text: string): void {
    const resolved = this.inside(file);
    const uri = pathToFileURL(resolved).toString();
    const existing = this.read(resolved);
    if (existing === undefined) return this.appendToFile(resolved, text);
    if (existing === text) return;
    this.textEdit(uri, this.openDocument(uri)?.version ?? null, { range: { start: { line: 0, character: 0 }, end: endPosition(existing) }, newText: text });
  }

  /** Create a file only when it does not exist yet. */
  createFileOnce(file: string, text: string): void {
    if (this.read(file) !== undefined) return;
    this.appendToFile(file, text);
  }

  build(): WorkspaceEdit {
    const changes: (CreateFile | TextDocumentEdit)[] = [...this.creates];
    for (const [uri, { version, edits }] of this.edits) changes.push({ textDocument: { uri, version }, edits });
    return { documentChanges: changes };
  }
}
