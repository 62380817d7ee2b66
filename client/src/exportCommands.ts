// "Extract Notebook to Project…" and "Create Pipeline Entry Point": the server plans
// and applies; here the plan is shown first (a modal with what each section becomes
// and the files), and applied only on "Apply". Runs as the language client's
// executeCommand middleware, so the palette, the light bulb and the brief panel's
// buttons all get the preview.
import * as vscode from 'vscode';

export const EXPORT_COMMANDS = ['nb2prod.exportNotebook', 'nb2prod.createPipeline'];

interface ExportCommandResult { applied: boolean; preview?: string; summary?: string; reason?: string }

type Next = (command: string, args: unknown[]) => Promise<unknown>;

export async function runExportCommand(command: string, args: unknown[], next: Next): Promise<ExportCommandResult | undefined> {
  const uri = typeof args[0] === 'string' ? args[0]
    : (vscode.window.activeNotebookEditor?.notebook.uri ?? vscode.window.activeTextEditor?.document.uri)?.toString();
  const title = command === 'nb2prod.createPipeline' ? 'Create pipeline entry point' : 'Extract notebook to project';
  if (!uri) {
    void vscode.window.showWarningMessage(`nb2prod: open a notebook to ${title.toLowerCase()}.`);
    return undefined;
  }
  const plan = (await next(command, [uri, 'preview'])) as ExportCommandResult;
  if (!plan.preview) {
    void vscode.window.showErrorMessage(`nb2prod: cannot ${title.toLowerCase()}: ${plan.reason ?? 'no plan'}.`);
    return plan;
  }
  const choice = await vscode.window.showInformationMessage(`nb2prod: ${title}`, { modal: true, detail: plan.preview }, 'Apply');
  if (choice !== 'Apply') return plan;
  const result = (await next(command, [uri, 'apply'])) as ExportCommandResult;
  if (result.applied) void vscode.window.showInformationMessage(`nb2prod: ${title}: ${result.summary ?? 'done'}.`);
  else void vscode.window.showErrorMessage(`nb2prod: ${title} was not applied: ${result.reason ?? 'the edit was refused'}.`);
  return result;
}
