// The Production Brief panel's requests: read the brief, write a field, create it,
// and compute the readiness checklist, for the project of a given file.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { Engine } from '../engine/analyze';
import { parseBrief, updateBriefField } from '../engine/brief/parse';
import { BRIEF_FIELDS, BRIEF_FILE, briefTemplate } from '../engine/brief/template';
import type { RuleConfig } from '../engine/config';
import type { ProjectModel } from '../engine/project/model';
import { projectReadiness } from '../engine/projectReadiness';
import type { Readiness } from '../engine/readiness';
import type { BriefInfo, EditResult, ProjectParams, ReadinessInfo, UpdateBriefParams } from '../shared/protocol';
import type { ProjectService } from './projects';
import { EditBuilder } from './workspaceEdit';

export interface BriefHost {
  engine: Engine;
  projects: ProjectService;
  workspaceRoots(): string[];
  openDocument(uri: string): TextDocument | undefined;
  applyEdit(edit: WorkspaceEdit, label: string): Promise<EditResult>;
  configFor(fileUri: string): Promise<RuleConfig | undefined>;
}

export class BriefService {
  private readonly computed = new WeakMap<ProjectModel, Readiness>();

  constructor(private readonly host: BriefHost) {}

  /** The project root for a request: the file's project, else the first workspace folder's. */
  rootFor(params: ProjectParams): string | undefined {
    const file = params.uri?.startsWith('file:') ? fileURLToPath(params.uri) : undefined;
    const fromFile = file ? this.host.projects.rootOf(file) : undefined;
    if (fromFile) return fromFile;
    const first = this.host.workspaceRoots()[0];
    return first ? this.host.projects.rootOf(path.join(first, 'x')) ?? first : undefined;
  }

  private workspaceRootOf(root: string): string | undefined {
    return this.host.workspaceRoots().find((w) => root === w || root.startsWith(w + path.sep));
  }

  private builder(root: string): EditBuilder | undefined {
    const workspace = this.workspaceRootOf(root);
    return workspace ? new EditBuilder(workspace, (uri) => this.host.openDocument(uri)) : undefined;
  }

  brief(params: ProjectParams): BriefInfo | null {
    const root = this.rootFor(params);
    const edit = root ? this.builder(root) : undefined;
    if (!root || !edit) return null;
    const file = path.join(root, BRIEF_FILE);
    const text = edit.read(file);
    const parsed = parseBrief(text ?? briefTemplate(path.basename(root)));
    return {
      root, file, exists: text !== undefined, title: parsed.title,
      fields: BRIEF_FIELDS.map((f) => ({ id: f.id, heading: f.heading, prompt: f.prompt, value: parsed.fields[f.id] ?? '' })),
    };
  }

  async update(params: UpdateBriefParams): Promise<EditResult> {
    const edit = this.builder(params.root);
    if (!edit || !BRIEF_FIELDS.some((f) => f.id === params.fieldId)) return { applied: false, reason: 'unknown project or field' };
    const file = path.join(params.root, BRIEF_FILE);
    const current = edit.read(file) ?? briefTemplate(path.basename(params.root));
    edit.replaceFile(file, updateBriefField(current, params.fieldId, params.value));
    return this.host.applyEdit(edit.build(), `Production brief: ${params.fieldId}`);
  }

  async create(params: ProjectParams): Promise<EditResult & { file?: string }> {
    const root = this.rootFor(params);
    const edit = root ? this.builder(root) : undefined;
    if (!root || !edit) return { applied: false, reason: 'no workspace folder' };
    const file = path.join(root, BRIEF_FILE);
    if (edit.read(file) !== undefined) return { applied: false, reason: `${BRIEF_FILE} exists already`, file };
    edit.createFileOnce(file, briefTemplate(path.basename(root)));
    return { ...(await this.host.applyEdit(edit.build(), 'Create production brief')), file };
  }

  async readiness(params: ProjectParams): Promise<ReadinessInfo | null> {
    const root = this.rootFor(params);
    if (!root || !this.workspaceRootOf(root)) return null;
    const config = await this.host.configFor(pathToFileURL(path.join(root, 'pyproject.toml')).toString());
    if (!config) return null;
    // The panel asks on every editor switch; the answer changes only when the project's files do,
    // and then the project model is rebuilt, so the model object is the cache key.
    const model = this.host.projects.modelFor(root);
    let result = this.computed.get(model);
    if (!result) this.computed.set(model, (result = projectReadiness(this.host.engine, root, config, model)));
    return { root, score: result.score, items: result.items };
  }
}
