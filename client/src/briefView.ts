// The "Production Brief" webview view and the readiness status bar item. All data
// comes from the language server (nb2prod/brief, nb2prod/readiness); edits go back
// through it, so the file is changed by one undoable WorkspaceEdit.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BriefRequest, CreateBriefRequest, ProjectChangedNotification, ReadinessRequest, UpdateBriefRequest, type BriefInfo, type ReadinessInfo } from '../../server/src/shared/protocol';
import type { FromWebview, ToWebview } from '../../server/src/shared/webviewMessages';

export const BRIEF_VIEW_ID = 'nb2prod.briefView';

export class BriefView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view?: vscode.WebviewView;
  private readonly status = vscode.window.createStatusBarItem('nb2prod.readiness', vscode.StatusBarAlignment.Left, 49);
  private readonly subscriptions: vscode.Disposable[] = [];
  private last?: { brief: BriefInfo | null; readiness: ReadinessInfo | null };
  /** The notebook the next-action buttons act on: the active one, else the last one active (the panel takes focus). */
  private notebook?: vscode.Uri;

  constructor(private readonly extensionUri: vscode.Uri, private readonly client: LanguageClient) {
    this.status.name = 'nb2prod production readiness';
    this.status.command = 'nb2prod.showBrief';
    this.subscriptions.push(
      client.onNotification(ProjectChangedNotification.type, () => void this.refresh()),
      vscode.window.onDidChangeActiveNotebookEditor((editor) => {
        if (editor) this.notebook = editor.notebook.uri;
        void this.refresh();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    view.webview.html = this.html(view.webview, media);
    view.webview.onDidReceiveMessage((m: FromWebview) => void this.receive(m));
    view.onDidChangeVisibility(() => view.visible && void this.refresh());
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'brief.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'brief.css'));
    const csp = `default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}'; img-src ${webview.cspSource}; font-src ${webview.cspSource}`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${style}" rel="stylesheet">
<title>Production Brief</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  private activeUri(): string | undefined {
    return vscode.window.activeNotebookEditor?.notebook.uri.toString() ?? vscode.window.activeTextEditor?.document.uri.toString();
  }

  async refresh(): Promise<void> {
    const uri = this.activeUri();
    try {
      const [brief, readiness] = await Promise.all([
        this.client.sendRequest(BriefRequest.type, { uri }),
        this.client.sendRequest(ReadinessRequest.type, { uri }),
      ]);
      this.last = { brief, readiness };
    } catch {
      return; // the server is restarting; the next refresh will fill in
    }
    this.notebook = vscode.window.activeNotebookEditor?.notebook.uri ?? this.notebook;
    this.post({ type: 'state', ...this.last, notebook: this.notebook ? path.basename(this.notebook.fsPath) : null });
    if (this.last.readiness) {
      this.status.text = `$(checklist) Readiness ${this.last.readiness.score}%`;
      this.status.tooltip = `Production readiness of ${path.basename(this.last.readiness.root)}: ${this.last.readiness.items.filter((i) => i.status === 'done').length} of ${this.last.readiness.items.length} steps done. Open the Production Brief.`;
      this.status.show();
    } else {
      this.status.hide();
    }
  }

  private post(message: ToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  private async receive(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
      case 'refresh':
        return this.refresh();
      case 'updateField': {
        const root = this.last?.brief?.root;
        if (!root) return;
        const result = await this.client.sendRequest(UpdateBriefRequest.type, { root, fieldId: message.fieldId, value: message.value });
        this.post({ type: 'saved', fieldId: message.fieldId, ok: result.applied, reason: result.reason });
        return this.refresh();
      }
      case 'createBrief':
        await createBrief(this.client, this.activeUri());
        return this.refresh();
      case 'run': {
        const outcome = this.notebook ? await runNotebookCommand(message.command, this.notebook, message.label) : { ok: false, text: 'Open a notebook first.' };
        this.post({ type: 'ran', itemId: message.itemId, ...outcome });
        return this.refresh();
      }
      case 'open': {
        const root = this.last?.brief?.root;
        if ('file' in message.target && root) {
          // Only files inside the project: the reason's links are project-relative.
          const full = path.resolve(root, message.target.file);
          if (full !== root && !full.startsWith(root + path.sep)) return;
          const file = vscode.Uri.file(full);
          await vscode.commands.executeCommand('vscode.open', file);
        } else {
          await vscode.commands.executeCommand('workbench.actions.view.problems');
        }
        return;
      }
    }
  }

  dispose(): void {
    this.status.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

interface CommandResult { applied?: boolean; reason?: string; summary?: string; candidates?: string[]; appFile?: string; preview?: string; unchanged?: boolean }

/**
 * A next-action button's command on a notebook (the server's commands return what they did;
 * a command of a later version may be missing). With several candidates, the user picks one.
 */
export async function runNotebookCommand(command: string, notebook: vscode.Uri, label: string): Promise<{ ok: boolean; text: string }> {
  if (!(await vscode.commands.getCommands(true)).includes(command)) return { ok: false, text: `${label}: not available in this version of nb2prod.` };
  try {
    let result = await vscode.commands.executeCommand<CommandResult | undefined>(command, notebook.toString());
    if (result && !result.applied && result.candidates?.length) {
      const pick = await vscode.window.showQuickPick(result.candidates, { title: label, placeHolder: 'Which function?' });
      if (!pick) return { ok: false, text: `${label}: cancelled.` };
      result = await vscode.commands.executeCommand<CommandResult | undefined>(command, notebook.toString(), pick);
    }
    // The export commands show their plan first (exportCommands.ts): a plan not applied, with no reason, was cancelled.
    if (result?.applied === false && result.preview && !result.reason) return { ok: false, text: `${label}: cancelled.` };
    // Nothing to write: what the button does is already there (the export commands show the file).
    if (result?.unchanged) return { ok: true, text: `${label}: ${result.reason ?? 'already done'}.` };
    if (result?.applied === false) return { ok: false, text: `${label}: ${result.reason ?? 'the edit was not applied'}.` };
    if (result?.appFile) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(result.appFile));
    return { ok: true, text: `${label}: ${result?.summary ?? 'done'}.` };
  } catch (error) {
    return { ok: false, text: `${label} failed: ${(error as Error).message}` };
  }
}

export async function createBrief(client: LanguageClient, uri: string | undefined): Promise<void> {
  const result = await client.sendRequest(CreateBriefRequest.type, { uri });
  if (result.file && (result.applied || /exists/.test(result.reason ?? ''))) {
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(result.file));
  } else if (!result.applied) {
    void vscode.window.showErrorMessage(`nb2prod: could not create the brief: ${result.reason ?? 'the edit was refused'}.`);
  }
}
