// Custom messages between the extension client and the language server. Both
// sides import this file, so a message's name and payload are declared once.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

export interface AnalyzedParams {
  /** Notebook or file URI. */
  uri: string;
  version: number;
  /** Server-side analysis time, debounce excluded. */
  durationMs: number;
  findings: number;
  /** Findings per severity name. */
  counts: Record<string, number>;
}

/** Server to client, after each analysis of a document: drives the status bar item. */
export namespace AnalyzedNotification {
  export const method = 'nb2prod/analyzed';
  export const type = new NotificationType<AnalyzedParams>(method);
}

/** [notebook URI, first cell, last cell, module name?, function name?] (cells 0-based, inclusive). */
export type ExtractCellsArgs = [string, number, number, string?, string?];

export interface ExtractCellsResult {
  applied: boolean;
  /** What was extracted: function, parameters, returns and module. */
  summary?: string;
  /** Why nothing was applied. */
  reason?: string;
}

/** Client to server (workspace/executeCommand): extract consecutive cells into a src/ module with a test. */
export namespace ExtractCellsCommand {
  export const command = 'nb2prod.server.extractCells';
}

// ---- Production brief panel (client to server requests) ----

export interface BriefFieldInfo {
  id: string;
  heading: string;
  prompt: string;
  value: string;
}

export interface BriefInfo {
  /** Project root the brief belongs to. */
  root: string;
  /** Absolute path of PRODUCTION_BRIEF.md (it may not exist yet). */
  file: string;
  exists: boolean;
  title: string;
  fields: BriefFieldInfo[];
}

export interface ProjectParams {
  /** A file or notebook URI of the project; the first workspace folder when absent. */
  uri?: string;
}

export interface ReadinessItemInfo {
  id: string;
  title: string;
  status: 'done' | 'partial' | 'missing';
  reason: string;
  /** A project-relative file to open, or rule codes to show in the Problems view. */
  target?: { file: string } | { codes: string[] };
  /** Where the status comes from: the project's code, its brief, or both. */
  sources: ('code' | 'brief')[];
  /** Project-relative files that show the facts in the reason (the panel links each). */
  files: string[];
  /** The parts of the step not done yet: the panel's buttons do these (engine/readiness.ts ReadinessPart; the webview cannot import the engine). */
  missing?: ('evals' | 'baseline' | 'entry-point' | 'api' | 'job' | 'pins' | 'configuration' | 'run-command')[];
}

export interface ReadinessInfo {
  root: string;
  score: number;
  items: ReadinessItemInfo[];
}

export interface UpdateBriefParams {
  root: string;
  fieldId: string;
  value: string;
}

export interface EditResult {
  applied: boolean;
  reason?: string;
}

/** The brief of the project `uri` belongs to, or null outside any workspace folder. */
export namespace BriefRequest {
  export const type = new RequestType<ProjectParams, BriefInfo | null, void>('nb2prod/brief');
}

/** Write one field of the brief (creating the file from the template when needed), as an undoable edit. */
export namespace UpdateBriefRequest {
  export const type = new RequestType<UpdateBriefParams, EditResult, void>('nb2prod/updateBrief');
}

/** Create PRODUCTION_BRIEF.md from the template. */
export namespace CreateBriefRequest {
  export const type = new RequestType<ProjectParams, EditResult & { file?: string }, void>('nb2prod/createBrief');
}

/** The readiness checklist of the project `uri` belongs to. */
export namespace ReadinessRequest {
  export const type = new RequestType<ProjectParams, ReadinessInfo | null, void>('nb2prod/readiness');
}

/** Server to client: a project's files changed; its brief and readiness may have too. */
export namespace ProjectChangedNotification {
  export const type = new NotificationType<{ root: string }>('nb2prod/projectChanged');
}

// ---- Serve a function: the nb2prod.serveFunction command (id in nextActions.ts; the client command has the same id) ----

/** [notebook, percent script or module URI, function name?]: without a name, the only candidate is served. */
export type ServeFunctionArgs = [string, string?];

export interface ServeFunctionResult {
  applied: boolean;
  /** What was served: function, module and endpoint. */
  summary?: string;
  reason?: string;
  /** When the function was not named and several can be served. */
  candidates?: string[];
  /** Absolute path of app/main.py once written. */
  appFile?: string;
}

// ---- Extract notebook to project / Create pipeline entry point (ids in nextActions.ts) ----

/** [notebook URI, "preview" | "apply"?]: a preview returns the plan and writes nothing. */
export interface ExportCommandResult {
  applied: boolean;
  /** The plan: what each section becomes, what stays and why, the files written. */
  preview?: string;
  summary?: string;
  /** Why nothing was (or would be) applied. */
  reason?: string;
  /** The plan writes nothing: the project already has what it would write. */
  unchanged?: boolean;
  /** Absolute path of the pipeline entry point the plan writes (or that is up to date): the editor shows it. */
  pipelineFile?: string;
  /** A refusal the other command resolves (the pipeline needs the notebook extracted first): its id. */
  resolvedBy?: string;
}
