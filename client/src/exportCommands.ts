// "Extract Notebook to Project…" and "Create Pipeline Entry Point": the server plans
// and applies; here the plan is shown first (a modal with what each section becomes
// and the files), and applied only on "Apply". Runs as the language client's
// executeCommand middleware, so the palette, the light bulb and the brief panel's
// buttons all get the preview. The pipeline entry point is what "Create Pipeline
// Entry Point" makes: it is shown once written (or when it is already up to date).
import * as vscode from 'vscode';
import { NOTEBOOK_COMMANDS } from '../../server/src/shared/nextActions';
import type { ExportCommandResult } from '../../server/src/shared/protocol';

export const EXPORT_COMMANDS: string[] = [NOTEBOOK_COMMANDS.exportNotebook, NOTEBOOK_COMMANDS.createPipeline];

const TITLES: Record<string, string> = {
  [NOTEBOOK_COMMANDS.exportNotebook]: 'Extract notebook to project',
  [NOTEBOOK_COMMANDS.createPipeline]: 'Create pipeline entry point',
};
/** What the button that runs a command says (its palette title). */
const BUTTONS: Record<string, string> = {
  [NOTEBOOK_COMMANDS.exportNotebook]: 'Extract Notebook to Project…',
  [NOTEBOOK_COMMANDS.createPipeline]: 'Create Pipeline Entry Point',
};

type Next = (command: string, args: unknown[]) => Promise<unknown>;

export async function runExportCommand(command: string, args: unknown[], next: Next): Promise<ExportCommandResult | undefined> {
  const uri = typeof args[0] === 'string' ? args[0]
    : (vscode.window.activeNotebookEditor?.notebook.uri ?? vscode.window.activeTextEditor?.document.uri)?.toString();
  const title = TITLES[command];
  if (!uri) {
    void vscode.window.showWarningMessage(`nb2prod: open a notebook to ${title.toLowerCase()}.`);
    return undefined;
  }
  const showPipeline = async (result: ExportCommandResult) => {
    if (command === NOTEBOOK_COMMANDS.createPipeline && result.pipelineFile) await vscode.window.showTextDocument(vscode.Uri.file(result.pipelineFile));
  };
  const plan = (await next(command, [uri, 'preview'])) as ExportCommandResult;
  if (plan.unchanged) {
    void vscode.window.showInformationMessage(`nb2prod: ${title}: ${plan.reason}.`);
    await showPipeline(plan);
    return plan;
  }
  if (!plan.preview) {
    // A refusal another command resolves offers that command (the pipeline needs the notebook extracted first).
    const other = plan.resolvedBy && BUTTONS[plan.resolvedBy];
    const message = `nb2prod: cannot ${title.toLowerCase()}: ${plan.reason ?? 'no plan'}.`;
    // Not awaited: the toast stays until dismissed, and the panel's button waits for this result.
    if (!other) void vscode.window.showErrorMessage(message);
    else void vscode.window.showErrorMessage(message, other).then((choice) => choice && vscode.commands.executeCommand(plan.resolvedBy!, uri));
    return plan;
  }
  const choice = await vscode.window.showInformationMessage(`nb2prod: ${title}`, { modal: true, detail: plan.preview }, 'Apply');
  if (choice !== 'Apply') return plan;
  const result = (await next(command, [uri, 'apply'])) as ExportCommandResult;
  if (result.applied) {
    void vscode.window.showInformationMessage(`nb2prod: ${title}: ${result.summary ?? 'done'}.`);
    await showPipeline(result);
  } else {
    void vscode.window.showErrorMessage(`nb2prod: ${title} was not applied: ${result.reason ?? 'the edit was refused'}.`);
  }
  return result;
}
