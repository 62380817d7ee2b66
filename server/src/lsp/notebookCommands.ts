// Commands the Production Brief panel runs on the active notebook, each one
// WorkspaceEdit applied through the client: move every constant to configuration,
// add every eval case the notebook's cells make, extract the notebook and create
// the pipeline (exportService.ts), serve a function (serveService.ts).
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { RuleConfig } from '../engine/config';
import { NOTEBOOK_COMMANDS } from '../shared/nextActions';
import type { ServeFunctionArgs } from '../shared/protocol';
import type { CodeActions, NotebookView } from './codeActions';
import type { ExportService } from './exportService';
import type { ServeService } from './serveService';
import { OutsideWorkspaceError } from './workspaceEdit';

export interface NotebookCommandsHost {
  codeActions: CodeActions;
  serving: ServeService;
  exports: ExportService;
  /** The open notebook or percent script with this URI, as the code actions see it. */
  view(uri: string): NotebookView | undefined;
  config(uri: string): Promise<RuleConfig | undefined>;
  applyEdit(edit: WorkspaceEdit, label: string): Promise<{ applied: boolean; reason?: string }>;
}

export interface NotebookCommandResult { applied: boolean; summary?: string; reason?: string }

export const PANEL_COMMANDS: string[] = Object.values(NOTEBOOK_COMMANDS);

export class NotebookCommands {
  constructor(private readonly host: NotebookCommandsHost) {}

  /** Run a panel command; undefined when the command is not one of these. */
  run(command: string, args: unknown[] | undefined): Promise<unknown> | undefined {
    if (command === NOTEBOOK_COMMANDS.serveFunction) return this.host.serving.serve(args as ServeFunctionArgs);
    if (command === NOTEBOOK_COMMANDS.exportNotebook || command === NOTEBOOK_COMMANDS.createPipeline) return this.host.exports.run(command, args);
    if (command === NOTEBOOK_COMMANDS.moveConfiguration) return this.onNotebook(args, async (view) => {
      const config = await this.host.config(view.notebookUri);
      const action = config ? this.host.codeActions.moveAllToConfig(view, config) : undefined;
      return action?.edit ? { edit: action.edit, summary: action.title } : { refused: 'the notebook has no constant or data location to move' };
    });
    if (command === NOTEBOOK_COMMANDS.addEvalCases) return this.onNotebook(args, async (view) => {
      const planned = this.host.codeActions.allEvalCases(view);
      return 'refused' in planned ? planned : { edit: planned.edit, summary: `${planned.ids.length} eval case${planned.ids.length === 1 ? '' : 's'} (${planned.ids.join(', ')})` };
    });
    return undefined;
  }

  private async onNotebook(args: unknown[] | undefined, plan: (view: NotebookView) => Promise<{ edit: WorkspaceEdit; summary: string } | { refused: string }>): Promise<NotebookCommandResult> {
    const uri = args?.[0];
    const view = typeof uri === 'string' ? this.host.view(uri) : undefined;
    if (!view) return { applied: false, reason: 'open the notebook in the editor first' };
    try {
      const planned = await plan(view);
      if ('refused' in planned) return { applied: false, reason: planned.refused };
      const result = await this.host.applyEdit(planned.edit, planned.summary);
      return { applied: result.applied, reason: result.reason, summary: planned.summary };
    } catch (error) {
      if (error instanceof OutsideWorkspaceError) return { applied: false, reason: error.message };
      throw error;
    }
  }
}
