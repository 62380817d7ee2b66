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
import { exportNames, planCreatePipeline, planExport, previewText, projectPackageName, type ExportRequest, type ExportResult } from '../engine/export/notebook';
import type { NotebookView } from './codeActions';
import { NOTEBOOK_COMMANDS } from '../shared/nextActions';
import type { ExportCommandResult } from '../shared/protocol';
import { EditBuilder, OutsideWorkspaceError } from './workspaceEdit';

export const EXPORT_NOTEBOOK_COMMAND = NOTEBOOK_COMMANDS.exportNotebook;
export const CREATE_PIPELINE_COMMAND = NOTEBOOK_COMMANDS.createPipeline;

export type { ExportCommandResult };

export interface ExportHost {
  engine: Engine;
  openDocument: (uri: string) => TextDocument | undefined;
  /** The open notebook (or percent script) with this URI, as the code actions see it. */
  viewOf: (uri: string) => NotebookView | undefined;
  applyEdit: (edit: WorkspaceEdit, label: string) => Promise<{ applied: boolean; reason?: string }>;
}

/** The pipeline's refusals that say a cell must be extracted first. */
const EXTRACT_FIRST = /run "Extract notebook to project" first|; extract that cell first$/;

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
      // The pipeline reads what the export extracts: a pipeline refused for code still in the notebook is the export's to do.
      if ('refused' in plan) return { applied: false, reason: plan.refused, ...(command === CREATE_PIPELINE_COMMAND && EXTRACT_FIRST.test(plan.refused) ? { resolvedBy: EXPORT_NOTEBOOK_COMMAND } : {}) };
      const pipelinePath = exportNames(path.basename(view.file)).pipeline;
      const pipelineFile = plan.pipeline ? path.join(view.projectRoot, pipelinePath) : undefined;
      // Nothing to write (the pipeline is as the notebook makes it): no plan to agree to, the file to look at.
      if (plan.cellEdits.length === 0 && plan.files.length === 0) {
        return { applied: false, unchanged: true, pipelineFile, reason: plan.pipeline ? `${pipelinePath} is up to date with the notebook; nothing to write` : 'nothing to write' };
      }
      const preview = previewText(plan);
      if (mode === 'preview') return { applied: false, preview, pipelineFile };
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
      const steps = plan.pipeline?.steps.length;
      const summary = `${steps === undefined ? '' : `${steps} step${steps === 1 ? '' : 's'} in ${pipelinePath}, `}${plan.files.length} file${plan.files.length === 1 ? '' : 's'}`;
      return { applied: result.applied, preview, summary, reason: result.reason, pipelineFile };
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
