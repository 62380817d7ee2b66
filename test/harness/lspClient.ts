// A small LSP client for tests: forks the bundled dist/server.js over Node IPC,
// exactly as VS Code's LanguageClient does, and speaks real JSON-RPC to it.
// Waiting is event-driven: on publishDiagnostics and on the server's
// nb2prod/analyzed notification, never on timers.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type CodeAction,
  type Diagnostic,
  type NotebookCell,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import type { AnalyzedParams } from '../../server/src/shared/protocol';
import { REPO_ROOT } from '../helpers/engine';

export interface TestCell {
  kind?: 'code' | 'markdown';
  text: string;
  executionOrder?: number;
  language?: string;
  /** Cell metadata as the client sends it (VS Code's ipynb serializer: `{execution_count, metadata}`). */
  metadata?: Record<string, unknown>;
}

interface Waiter<T> {
  match: (value: T) => boolean;
  resolve: (value: T) => void;
}

export class LspTestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly logs: string[] = [];
  /** window/showMessage notifications and requests, as the editor would show them. */
  readonly messages: string[] = [];
  /** The server's answer to initialize. */
  serverInfo?: { name: string; version?: string };
  /** The commands the server runs (executeCommandProvider): what VS Code registers for the panel's buttons. */
  serverCommands: string[] = [];
  settings: Record<string, unknown> = { debounceMs: 0 };
  private readonly diagnosticWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private readonly analyzedWaiters: Waiter<AnalyzedParams>[] = [];
  private readonly progressWaiters: Waiter<string>[] = [];
  private readonly notebooks = new Map<string, { version: number; cells: NotebookCell[]; texts: Map<string, { text: string; version: number }> }>();
  private exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess, readonly connection: ProtocolConnection) {
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.settle(this.diagnosticWaiters, p);
    });
    connection.onNotification('nb2prod/analyzed', (p: AnalyzedParams) => this.settle(this.analyzedWaiters, p));
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    connection.onNotification('window/showMessage', (p: { message: string }) => {
      this.messages.push(p.message);
    });
    connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
      this.messages.push(p.message);
      return null;
    });
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    // The server asks the editor to apply an edit (commands do this): apply it as VS Code would.
    connection.onRequest('workspace/applyEdit', async (p: { edit: WorkspaceEdit }) => {
      await this.applyEdit(p.edit);
      return { applied: true };
    });
    connection.onNotification('$/progress', (p: { token: string; value: { kind: string } }) => {
      if (p.value.kind === 'end') this.settle(this.progressWaiters, String(p.token));
    });
    connection.listen();
  }

  /** Resolves when the server ends a progress (the whole-workspace analysis reports one). */
  waitForProgressEnd(): Promise<string> {
    return new Promise((resolve) => this.progressWaiters.push({ match: () => true, resolve }));
  }

  /** Tell the server files changed on disk, as VS Code's file watcher does. */
  async filesChanged(files: string[], type: 1 | 2 | 3 = 1): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: files.map((f) => ({ uri: `file://${f}`, type })) });
  }

  static async start(options: { rootDir?: string; settings?: Record<string, unknown>; onStarted?: (client: LspTestClient) => void } = {}): Promise<LspTestClient> {
    const child = fork(path.join(REPO_ROOT, 'dist', 'server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const client = new LspTestClient(child, connection);
    if (options.settings) client.settings = { ...client.settings, ...options.settings };
    options.onStarted?.(client);
    const rootUri = options.rootDir ? `file://${options.rootDir}` : null;
    const initialized: { serverInfo?: { name: string; version?: string }; capabilities?: { executeCommandProvider?: { commands: string[] } } } = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } },
        notebookDocument: { synchronization: { dynamicRegistration: false, executionSummarySupport: true } },
        window: { workDoneProgress: true },
      },
    });
    client.serverInfo = initialized.serverInfo;
    client.serverCommands = initialized.capabilities?.executeCommandProvider?.commands ?? [];
    await connection.sendNotification('initialized', {});
    return client;
  }

  private settle<T>(waiters: Waiter<T>[], value: T): void {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].match(value)) {
        waiters[i].resolve(value);
        waiters.splice(i, 1);
      }
    }
  }

  /** Resolves at the next analysis of `uri` whose version is at least `version`. */
  waitForAnalysis(uri: string, version?: number): Promise<AnalyzedParams> {
    return new Promise((resolve) => this.analyzedWaiters.push({ match: (p) => p.uri === uri && (version === undefined || p.version >= version), resolve }));
  }

  waitForDiagnostics(uri: string, match: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.diagnosticWaiters.push({ match: (p) => p.uri === uri && match(p.diagnostics), resolve: (p) => resolve(p.diagnostics) }));
  }

  /** Diagnostics last published for a cell or file (empty when none were). */
  codesOf(uri: string): string[] {
    return (this.diagnostics.get(uri) ?? []).map((d) => String(d.code)).sort();
  }

  static cellUri(notebookUri: string, n: number): string {
    return `vscode-notebook-cell:${notebookUri.replace(/^file:/, '')}#W${n}sZmlsZQ%3D%3D`;
  }

  private cellOf(uri: string, cell: TestCell): NotebookCell {
    return {
      kind: cell.kind === 'markdown' ? 1 : 2,
      document: uri,
      executionSummary: cell.executionOrder !== undefined ? { executionOrder: cell.executionOrder, success: true } : undefined,
      metadata: cell.metadata,
    };
  }

  private nextCellId = 0;

  /** Open a notebook; `metadata` is the notebook metadata as the client sends it. */
  async openNotebook(uri: string, cells: TestCell[], metadata?: Record<string, unknown>): Promise<string[]> {
    const uris = cells.map(() => LspTestClient.cellUri(uri, this.nextCellId++));
    const nbCells = cells.map((c, i) => this.cellOf(uris[i], c));
    const texts = new Map(cells.map((c, i) => [uris[i], { text: c.text, version: 1 }]));
    this.notebooks.set(uri, { version: 1, cells: nbCells, texts });
    const analyzed = this.waitForAnalysis(uri, 1);
    await this.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri, notebookType: 'jupyter-notebook', version: 1, cells: nbCells, metadata },
      cellTextDocuments: cells.map((c, i) => ({ uri: uris[i], languageId: c.language ?? (c.kind === 'markdown' ? 'markdown' : 'python'), version: 1, text: c.text })),
    });
    await analyzed;
    return uris;
  }

  private bump(uri: string): number {
    const nb = this.notebooks.get(uri)!;
    return ++nb.version;
  }

  /** Replace a range of a cell's text (incremental sync), then wait for the re-analysis. */
  async editCell(notebookUri: string, cellUri: string, change: TextDocumentContentChangeEvent): Promise<void> {
    const nb = this.notebooks.get(notebookUri)!;
    const doc = nb.texts.get(cellUri)!;
    doc.version++;
    if ('range' in change) doc.text = applyTextEdits(doc.text, [{ range: change.range, newText: change.text }]);
    else doc.text = change.text;
    const version = this.bump(notebookUri);
    const analyzed = this.waitForAnalysis(notebookUri, version);
    await this.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version },
      change: { cells: { textContent: [{ document: { uri: cellUri, version: doc.version }, changes: [change] }] } },
    });
    await analyzed;
  }

  /** Insert cells at `index`, then wait for the re-analysis. */
  async insertCells(notebookUri: string, index: number, cells: TestCell[]): Promise<string[]> {
    const nb = this.notebooks.get(notebookUri)!;
    const uris = cells.map(() => LspTestClient.cellUri(notebookUri, this.nextCellId++));
    const nbCells = cells.map((c, i) => this.cellOf(uris[i], c));
    nb.cells.splice(index, 0, ...nbCells);
    cells.forEach((c, i) => nb.texts.set(uris[i], { text: c.text, version: 1 }));
    const version = this.bump(notebookUri);
    const analyzed = this.waitForAnalysis(notebookUri, version);
    await this.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version },
      change: {
        cells: {
          structure: {
            array: { start: index, deleteCount: 0, cells: nbCells },
            didOpen: cells.map((c, i) => ({ uri: uris[i], languageId: c.kind === 'markdown' ? 'markdown' : 'python', version: 1, text: c.text })),
          },
        },
      },
    });
    await analyzed;
    return uris;
  }

  /** Delete `count` cells at `index`, then wait for the re-analysis. */
  async deleteCells(notebookUri: string, index: number, count: number): Promise<void> {
    const nb = this.notebooks.get(notebookUri)!;
    const removed = nb.cells.splice(index, count);
    const version = this.bump(notebookUri);
    const analyzed = this.waitForAnalysis(notebookUri, version);
    await this.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version },
      change: { cells: { structure: { array: { start: index, deleteCount: count }, didClose: removed.map((c) => ({ uri: c.document })) } } },
    });
    await analyzed;
  }

  /** Move one cell, as VS Code reports it: the affected span replaced by its new order, documents kept open. */
  async moveCell(notebookUri: string, from: number, to: number): Promise<void> {
    const nb = this.notebooks.get(notebookUri)!;
    const start = Math.min(from, to);
    const end = Math.max(from, to) + 1;
    const [cell] = nb.cells.splice(from, 1);
    nb.cells.splice(to, 0, cell);
    const version = this.bump(notebookUri);
    const analyzed = this.waitForAnalysis(notebookUri, version);
    await this.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version },
      change: { cells: { structure: { array: { start, deleteCount: end - start, cells: nb.cells.slice(start, end) } } } },
    });
    await analyzed;
  }

  /** Report that cells ran: new execution orders by cell URI, then wait for the re-analysis. */
  async setExecutionOrder(notebookUri: string, orders: Record<string, number>): Promise<void> {
    const nb = this.notebooks.get(notebookUri)!;
    const changed = nb.cells.filter((c) => orders[c.document] !== undefined);
    for (const c of changed) c.executionSummary = { executionOrder: orders[c.document], success: true };
    const version = this.bump(notebookUri);
    const analyzed = this.waitForAnalysis(notebookUri, version);
    await this.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version },
      change: { cells: { data: changed } },
    });
    await analyzed;
  }

  async closeNotebook(notebookUri: string): Promise<void> {
    const nb = this.notebooks.get(notebookUri)!;
    this.notebooks.delete(notebookUri);
    const cleared = Promise.all(nb.cells.filter((c) => (this.diagnostics.get(c.document) ?? []).length > 0)
      .map((c) => this.waitForDiagnostics(c.document, (d) => d.length === 0)));
    await this.connection.sendNotification('notebookDocument/didClose', {
      notebookDocument: { uri: notebookUri },
      cellTextDocuments: nb.cells.map((c) => ({ uri: c.document })),
    });
    await cleared;
  }

  /** Current text of a cell, as this client holds it. */
  cellText(notebookUri: string, cellUri: string): string {
    return this.notebooks.get(notebookUri)!.texts.get(cellUri)!.text;
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return (await this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } })) as CodeAction[];
  }

  /**
   * Apply a WorkspaceEdit as VS Code would: create files, edit files on disk, and
   * edit open cells (sending the change to the server and waiting for the analysis).
   */
  async applyEdit(edit: WorkspaceEdit): Promise<void> {
    const cellChanges = new Map<string, { notebook: string; cell: string; edits: TextEdit[] }[]>();
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        assert(change.kind === 'create', `unexpected resource operation ${change.kind}`);
        const file = fileURLToPath(change.uri);
        if (fs.existsSync(file)) {
          assert(change.options?.ignoreIfExists || change.options?.overwrite, `create would fail: ${file} exists`);
          if (change.options?.overwrite) throw new Error(`nb2prod must never overwrite ${file}`);
          continue;
        }
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, '');
        continue;
      }
      const uri = change.textDocument.uri;
      const owner = [...this.notebooks.entries()].find(([, nb]) => nb.texts.has(uri));
      if (owner) {
        const doc = owner[1].texts.get(uri)!;
        assert(change.textDocument.version === null || change.textDocument.version === doc.version, 'edit for a stale cell version');
        const list = cellChanges.get(owner[0]) ?? [];
        list.push({ notebook: owner[0], cell: uri, edits: change.edits as TextEdit[] });
        cellChanges.set(owner[0], list);
      } else {
        const file = fileURLToPath(uri);
        fs.writeFileSync(file, applyTextEdits(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '', change.edits as TextEdit[]));
      }
    }
    for (const [notebookUri, changes] of cellChanges) {
      const nb = this.notebooks.get(notebookUri)!;
      const textContent = changes.map(({ cell, edits }) => {
        const doc = nb.texts.get(cell)!;
        const before = doc.text;
        doc.text = applyTextEdits(before, edits);
        doc.version++;
        const lines = before.split('\n');
        return {
          document: { uri: cell, version: doc.version },
          changes: [{ range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, text: doc.text }],
        };
      });
      const version = this.bump(notebookUri);
      const analyzed = this.waitForAnalysis(notebookUri, version);
      await this.connection.sendNotification('notebookDocument/didChange', { notebookDocument: { uri: notebookUri, version }, change: { cells: { textContent } } });
      await analyzed;
    }
  }

  async openText(uri: string, text: string, languageId = 'python'): Promise<void> {
    const analyzed = this.waitForAnalysis(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    await analyzed;
  }

  async changeSettings(settings: Record<string, unknown>, notebookUri: string): Promise<void> {
    this.settings = { ...this.settings, ...settings };
    const analyzed = this.waitForAnalysis(notebookUri);
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await analyzed;
  }

  async stop(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  get alive(): boolean {
    return this.child.exitCode === null;
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Apply LSP text edits (non-overlapping, positions in the original text). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = edits.map((e) => ({ from: offset(e.range.start), to: offset(e.range.end), text: e.newText })).sort((a, b) => b.from - a.from || b.to - a.to);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}
