// "Serve a function" in the editor: the nb2prod.serveFunction command and the code
// action on a function's `def` line in a project module or on its call in a notebook.
// The engine plans (engine/export/serve.ts); this turns the plan into one WorkspaceEdit.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeActionKind, type CodeAction, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine } from '../engine/analyze';
import { APP_FILE, planServe, resolveServeTarget, servableFunctions, type ServeTarget } from '../engine/export/serve';
import { loadFile } from '../engine/files';
import type { CellInput } from '../engine/types';
import type { ServeFunctionArgs, ServeFunctionResult } from '../shared/protocol';
import type { ProjectService } from './projects';
import { EditBuilder, OutsideWorkspaceError } from './workspaceEdit';

export interface ServeHost {
  engine: Engine;
  projects: ProjectService;
  openDocument(uri: string): TextDocument | undefined;
  /** Cells of an open notebook or percent script, undefined for anything else. */
  openCells(uri: string): CellInput[] | undefined;
  applyEdit(edit: WorkspaceEdit, label: string): Promise<{ applied: boolean; reason?: string }>;
}

export const SERVE_KIND = `${CodeActionKind.RefactorExtract}.serve`;

interface Planned { edit: WorkspaceEdit; summary: string; appFile: string }

export class ServeService {
  constructor(private readonly host: ServeHost) {}

  /** The command: plan for the file's function, apply the edit through the client. */
  async serve(args: ServeFunctionArgs | undefined): Promise<ServeFunctionResult> {
    const [uri, functionName] = args ?? [];
    if (typeof uri !== 'string' || !uri.startsWith('file:')) return { applied: false, reason: 'open a notebook or a module of the project first' };
    try {
      const planned = this.plan(fileURLToPath(uri), uri, functionName || undefined);
      if ('refused' in planned) return { applied: false, reason: planned.refused, candidates: planned.candidates };
      const result = await this.host.applyEdit(planned.edit, `Serve ${planned.summary}`);
      return { applied: result.applied, reason: result.reason, summary: planned.summary, appFile: planned.appFile };
    } catch (error) {
      if (error instanceof OutsideWorkspaceError) return { applied: false, reason: error.message };
      throw error;
    }
  }

  /** "Serve <fn> as an HTTP endpoint": on a top-level def line of a project module, or in a notebook cell that calls a servable function. */
  codeActions(fileUri: string, text: { line: number; cellSource?: string }): CodeAction[] {
    const file = fileURLToPath(fileUri);
    let name: string | undefined;
    if (text.cellSource !== undefined) {
      const calls = [...text.cellSource.matchAll(/(?<![\w.])([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]);
      if (calls.length === 0) return [];
      const root = this.host.projects.rootOf(file);
      const cells = this.host.openCells(fileUri);
      if (!root || !cells) return [];
      const target = resolveServeTarget({ cells }, undefined, this.host.engine, this.reader(root));
      const candidates = 'refused' in target ? target.candidates ?? [] : [target.functionName];
      name = candidates.find((c) => calls.includes(c));
    } else {
      const doc = this.host.openDocument(fileUri);
      const def = doc?.getText().split('\n')[text.line]?.match(/^(?:async\s+)?def\s+([A-Za-z_]\w*)/)?.[1];
      if (!doc || !def || !servableFunctions(doc.getText(), (s) => this.host.engine.statements(s)).includes(def)) return [];
      name = def;
    }
    if (!name) return [];
    try {
      const planned = this.plan(file, fileUri, name);
      const title = `Serve ${name} as an HTTP endpoint (${APP_FILE})`;
      if ('refused' in planned) return [{ title, kind: SERVE_KIND, disabled: { reason: `Cannot serve: ${planned.refused}.` } }];
      return [{ title, kind: SERVE_KIND, edit: planned.edit }];
    } catch (error) {
      if (error instanceof OutsideWorkspaceError) return [];
      throw error;
    }
  }

  private reader(root: string): (rel: string) => string | undefined {
    const workspace = this.host.projects.workspaceRootOf(path.join(root, 'x')) ?? root;
    const edit = new EditBuilder(workspace, (u) => this.host.openDocument(u));
    return (rel) => edit.read(path.join(root, rel));
  }

  private plan(file: string, uri: string, functionName: string | undefined): Planned | { refused: string; candidates?: string[] } {
    const root = this.host.projects.rootOf(file);
    const workspace = this.host.projects.workspaceRootOf(file);
    if (!root || !workspace) return { refused: 'the file is not in a workspace folder' };
    const edit = new EditBuilder(workspace, (u) => this.host.openDocument(u));
    const read = (rel: string) => edit.read(path.join(root, rel));
    const target = this.target(file, uri, root, functionName, read);
    if ('refused' in target) return target;
    const plan = planServe({ ...target, statements: (s) => this.host.engine.statements(s), read, projectName: path.basename(root) });
    if ('refused' in plan) return plan;
    for (const op of plan.ops) {
      const full = path.join(root, op.file);
      if (op.kind === 'insert') edit.insertInFile(full, op.offset, op.text);
      else if (op.kind === 'append') edit.appendToFile(full, op.text);
      else if (edit.read(full) === undefined) edit.appendToFile(full, op.text);
      else edit.replaceFile(full, op.text);
    }
    return { edit: edit.build(), summary: `${target.functionName} (${target.modulePath}) at POST ${plan.endpoint}`, appFile: path.join(root, APP_FILE) };
  }

  private target(file: string, uri: string, root: string, functionName: string | undefined, read: (rel: string) => string | undefined): ServeTarget | { refused: string; candidates?: string[] } {
    const engine = this.host.engine;
    const cells = this.host.openCells(uri);
    if (cells) return resolveServeTarget({ cells }, functionName, engine, read);
    const rel = path.relative(root, file).split(path.sep).join('/');
    const open = this.host.openDocument(uri);
    const loaded = loadFile(file);
    if (loaded.kind === 'unreadable') return { refused: loaded.finding.message };
    if (loaded.kind === 'module') return resolveServeTarget({ modulePath: rel, moduleText: open?.getText() ?? read(rel) ?? '' }, functionName, engine, read);
    return resolveServeTarget({ cells: loaded.notebook.cells }, functionName, engine, read);
  }
}
