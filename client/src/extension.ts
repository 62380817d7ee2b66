// The VS Code side: starts the language server over Node IPC, shows a status bar
// item with the findings of the active notebook or file, and offers commands to
// show the log and restart the server. All analysis happens in the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { BRIEF_VIEW_ID, BriefView, createBrief, runNotebookCommand } from './briefView';
import { EXPORT_COMMANDS, runExportCommand } from './exportCommands';
import { NOTEBOOK_COMMANDS } from '../../server/src/shared/nextActions';
import { AnalyzedNotification, ExtractCellsCommand, type AnalyzedParams, type ExtractCellsArgs, type ExtractCellsResult } from '../../server/src/shared/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const activationStarted = performance.now();
  const output = vscode.window.createOutputChannel('nb2prod', { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { scheme: 'vscode-notebook-cell', language: 'python' },
    ],
    outputChannel: output,
    middleware: {
      executeCommand: (command, args, next) => (EXPORT_COMMANDS.includes(command) ? runExportCommand(command, args, next) : next(command, args)),
    },
    // Project facts (tests, evals, requirements, the brief) come from these files.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{ipynb,py,txt,in,toml,lock,yml,yaml,jsonl,json,csv,cfg,ini,md}') },
  };
  client = new LanguageClient('nb2prod', 'nb2prod', serverOptions, clientOptions);

  const status = new FindingsStatus();
  const briefView = new BriefView(context.extensionUri, client);
  context.subscriptions.push(status, briefView, vscode.window.registerWebviewViewProvider(BRIEF_VIEW_ID, briefView));
  context.subscriptions.push(
    client.onNotification(AnalyzedNotification.type, (params) => status.update(params)),
    vscode.commands.registerCommand('nb2prod.showOutput', () => output.show()),
    vscode.commands.registerCommand('nb2prod.clearCellOutputs', clearCellOutputs),
    vscode.commands.registerCommand('nb2prod.extractCells', () => extractCells(client!)),
    vscode.commands.registerCommand('nb2prod.createBrief', () => createBrief(client!, vscode.window.activeNotebookEditor?.notebook.uri.toString() ?? vscode.window.activeTextEditor?.document.uri.toString())),
    vscode.commands.registerCommand('nb2prod.serveActiveFunction', serveActiveFunction),
    vscode.commands.registerCommand('nb2prod.showBrief', () => vscode.commands.executeCommand(`${BRIEF_VIEW_ID}.focus`)),
    vscode.commands.registerCommand('nb2prod.restartServer', async () => {
      output.info('Restarting the nb2prod language server');
      await client?.restart();
    }),
  );

  // Activation ends here: the server starts in the background, so VS Code is not kept waiting.
  output.info(`nb2prod activated in ${(performance.now() - activationStarted).toFixed(1)} ms`);
  void startServer(client, output, briefView);
}

async function startServer(languageClient: LanguageClient, output: vscode.LogOutputChannel, briefView: BriefView): Promise<void> {
  const started = performance.now();
  try {
    await languageClient.start();
    output.info(`nb2prod language server ready in ${(performance.now() - started).toFixed(1)} ms`);
    void briefView.refresh();
  } catch (error) {
    // VS Code would swallow this; say it where the user looks.
    output.error(`nb2prod language server failed to start: ${(error as Error).message}`);
    void vscode.window.showErrorMessage('nb2prod: the language server failed to start. See the "nb2prod" output for details.');
  }
}

/**
 * The quick fix for NB204: LSP cannot edit outputs, so the server sends this
 * command. The cell is replaced by itself without outputs: one undoable edit.
 */
async function clearCellOutputs(notebookUri: string, index: number): Promise<boolean> {
  const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === notebookUri);
  const cell = notebook?.cellAt(index);
  if (!notebook || !cell) return false;
  const data = new vscode.NotebookCellData(cell.kind, cell.document.getText(), cell.document.languageId);
  data.metadata = cell.metadata;
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [vscode.NotebookEdit.replaceCells(new vscode.NotebookRange(index, index + 1), [data])]);
  return vscode.workspace.applyEdit(edit);
}

/** "nb2prod: Extract Cells to Module…": the selected cells, names asked for, the edit made by the server. */
async function extractCells(languageClient: LanguageClient): Promise<void> {
  const editor = vscode.window.activeNotebookEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('nb2prod: open a notebook and select the cells to extract.');
    return;
  }
  const range = editor.selections[0] ?? new vscode.NotebookRange(0, 1);
  const first = range.start;
  const last = Math.max(range.start, range.end - 1);
  // Empty names let the server pick them from the heading above or what the code computes.
  const moduleName = await vscode.window.showInputBox({ title: `Extract cells ${first + 1}-${last + 1} to module`, prompt: 'Module name (src/<package>/<module>.py); empty: nb2prod picks one', value: '' });
  if (moduleName === undefined) return;
  const functionName = await vscode.window.showInputBox({ title: `Extract cells ${first + 1}-${last + 1} to module`, prompt: 'Function name; empty: named after the heading above or what the code computes', value: '' });
  if (functionName === undefined) return;
  const args: ExtractCellsArgs = [editor.notebook.uri.toString(), first, last, moduleName, functionName];
  const result = (await languageClient.sendRequest(ExecuteCommandRequest.type, { command: ExtractCellsCommand.command, arguments: args })) as ExtractCellsResult;
  if (result.applied) void vscode.window.showInformationMessage(`nb2prod: extracted ${result.summary}.`);
  else void vscode.window.showErrorMessage(`nb2prod: cannot extract: ${result.reason ?? 'the edit was not applied'}.`);
}

/** "nb2prod: Serve a Function as an HTTP Endpoint…": the function the active notebook calls, or one of the active module's. */
async function serveActiveFunction(): Promise<void> {
  const uri = vscode.window.activeNotebookEditor?.notebook.uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('nb2prod: open a notebook that calls a function of a src/ module, or the module itself.');
    return;
  }
  const outcome = await runNotebookCommand(NOTEBOOK_COMMANDS.serveFunction, uri, 'Serve a function');
  if (outcome.ok) void vscode.window.showInformationMessage(`nb2prod: ${outcome.text}`);
  else void vscode.window.showErrorMessage(`nb2prod: ${outcome.text}`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** "nb2prod: 3" for the active notebook or editor; clicking opens the Problems view. */
class FindingsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nb2prod.findings', vscode.StatusBarAlignment.Left, 50);
  private readonly byUri = new Map<string, AnalyzedParams>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.item.name = 'nb2prod findings';
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions = [
      vscode.window.onDidChangeActiveNotebookEditor(() => this.render()),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
    ];
    this.render();
  }

  update(params: AnalyzedParams): void {
    this.byUri.set(params.uri, params);
    this.render();
  }

  private activeUri(): string | undefined {
    return vscode.window.activeNotebookEditor?.notebook.uri.toString() ?? vscode.window.activeTextEditor?.document.uri.toString();
  }

  private render(): void {
    const active = this.activeUri();
    const params = active ? this.byUri.get(active) : undefined;
    if (!params) {
      this.item.text = '$(notebook) nb2prod';
      this.item.tooltip = 'nb2prod: notebook-to-production checks are on';
    } else {
      const errors = params.counts.error ?? 0;
      const warnings = params.counts.warning ?? 0;
      this.item.text = `$(notebook) nb2prod: ${params.findings}`;
      this.item.tooltip = `nb2prod: ${errors} errors, ${warnings} warnings, ${params.findings - errors - warnings} other findings (analysed in ${params.durationMs.toFixed(1)} ms)`;
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
