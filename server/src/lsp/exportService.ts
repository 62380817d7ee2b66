// "Extract notebook to project" and "Create pipeline entry point" as server
// commands (workspace/executeCommand). Called with [notebook URI, "preview"] they
// return the plan's text and change nothing; with [notebook URI] (or "apply") they
// apply it as one WorkspaceEdit inside the workspace root. The client shows the
// preview first (a modal with the plan) and applies only when the user agrees.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine } from '../engine/analyze';
import { planCreatePipeline, planExport, previewText, projectPackageName, type ExportRequest, type ExportResult } from '../engine/export/notebook';
import type { NotebookView } from './codeActions';
import { NOTEBOOK_COMMANDS } from '../shared/nextActions';
import { EditBuilder, OutsideWorkspaceError } from './workspaceEdit';

export const EXPORT_NOTEBOOK_COMMAND = NOTEBOOK_COMMANDS.exportNotebook;
export const CREATE_PIPELINE_COMMAND = NOTEBOOK_COMMANDS.createPipeline;

export interface ExportCommandResult {
  applied: boolean;
  /** The plan: what each section becomes, what stays and why, the files written. */
  preview?: string;
  summary?: string;
  /** Why nothing was (or would be) applied. */
  reason?: string;
}

export interface ExportHost {
  engine: Engine;
  openDocument: (uri: string) => TextDocument | undefined;
  /** The open notebook (or percent script) with this URI, as the code actions see it. */
  viewOf: (uri: string) => NotebookView | undefined;
  applyEdit: (edit: WorkspaceEdit, label: string) => Promise<{ applied: boolean; reason?: string }>;
}

export class ExportService {
  constructor(private readonly host: ExportHost) {}

  async run(command: string, args: unknown[] | undefined): Promise<ExportCommandResult> {
    const [uri, mode] = (args ?? []) as [string | undefined, string | undefined];
    const view = typeof uri === 'string' ? this.host.viewOf(uri) : undefined;
    if (!view) return { applied: false, reason: 'open the notebook in the workspace first' };
    const label = command === CREATE_PIPELINE_COMMAND ? 'Create pipeline entry point' : 'Extract notebook to project';
    try {
      const edit = new EditBuilder(view.workspaceRoot, this.host.openDocument);
      const plan = this.plan(command, view, edit);
      if ('refused' in plan) return { applied: false, reason: plan.refused };
      const preview = previewText(plan);
      if (mode === 'preview') return { applied: false, preview };
      for (const e of plan.cellEdits) {
        // The cell's code is replaced whole; its trailing blank lines stay (in a script they separate cells).
        const lines = view.cells[e.cell].source.split('\n');
        let last = lines.length - 1;
        while (last > 0 && lines[last].trim() === '') last--;
        const at = view.locate(e.cell, { start: { line: 0, character: 0 }, end: { line: last, character: lines[last].length } });
        edit.textEdit(at.uri, at.version, { range: at.range, newText: e.newText });
      }
      for (const f of plan.files) edit.replaceFile(path.join(view.projectRoot, f.path), f.text);
      const result = await this.host.applyEdit(edit.build(), label);
      const summary = plan.pipeline ? `${plan.pipeline.steps.length} steps in pipelines/, ${plan.files.length} files` : `${plan.files.length} files`;
      return { applied: result.applied, preview, summary, reason: result.reason };
    } catch (error) {
      if (error instanceof OutsideWorkspaceError) return { applied: false, reason: error.message };
      throw error;
    }
  }

  private plan(command: string, view: NotebookView, edit: EditBuilder): ExportResult {
    const root = view.projectRoot;
    const read = (rel: string) => edit.read(path.join(root, rel));
    const packageName = projectPackageName(read('pyproject.toml'), path.basename(root));
    if (typeof packageName !== 'string') return packageName;
    const dirs = [root, path.dirname(view.file)];
    const req: ExportRequest = {
      cells: view.cells, summarize: (s) => this.host.engine.summarize(s), statements: (s) => this.host.engine.statements(s),
      notebookPath: path.relative(root, view.file).split(path.sep).join('/'), packageName, read,
      isLocal: (name) => dirs.some((d) => fs.existsSync(path.join(d, `${name}.py`)) || fs.existsSync(path.join(d, name, '__init__.py'))),
    };
    return command === CREATE_PIPELINE_COMMAND ? planCreatePipeline(req) : planExport(req);
  }
}
