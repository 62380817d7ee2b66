// Glue between the LSP connection and the engine: keeps open notebooks and percent
// scripts, pulls settings, debounces analysis per document and publishes
// diagnostics per cell URI. No analysis logic lives here.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Minimatch } from 'minimatch';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  NotebookDocuments,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type NotebookDocument,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../engine/analyze';
import { DEFAULT_EXCLUDE, mergeConfig, type RuleConfig } from '../engine/config';
import { toFileRange, unreadable } from '../engine/files';
import { defaultWasmDir } from '../engine/parser';
import { isPercentScript, parsePercentScript } from '../engine/percent';
import { loadProjectConfig, type LocatedConfig } from '../engine/projectConfig';
import type { Finding, Range } from '../engine/types';
import {
  AnalyzedNotification,
  BriefRequest,
  CreateBriefRequest,
  ExtractCellsCommand,
  ProjectChangedNotification,
  ReadinessRequest,
  UpdateBriefRequest,
  type ExtractCellsArgs,
  type ExtractCellsResult,
} from '../shared/protocol';
import { BriefService } from './briefService';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../shared/settings';
import { CodeActions, IGNORE_KIND, type NotebookView } from './codeActions';
import { Debouncer } from './debouncer';
import { ProjectService } from './projects';
import { SavedOutputs } from './savedOutputs';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';
import { notebookInput, toDiagnostic } from './conversions';
import { NotebookInputs } from './notebookInputs';
import { skipUnchangedCellMaps } from './cellMap';
import { CellDiagnostics } from './cellDiagnostics';
import { VERSION } from '../shared/buildInfo';
import { ConfigProblems } from './configProblems';
import { EditorBaselines } from './baselines';
import { ServeService } from './serveService';
import { NotebookCommands, PANEL_COMMANDS } from './notebookCommands';
import { ExportService } from './exportService';

const wantsRefactor = (params: CodeActionParams) => params.context.only === undefined || params.context.only.some((k) => CodeActionKind.RefactorExtract.startsWith(k));

export interface ServerOptions {
  /** Directory with the .wasm files; defaults to the bundle's own directory. */
  wasmDir?: string;
  /** Where docs/rules.md is, for the links in diagnostics. */
  docsUri?: string;
}

export class NbServer {
  private engine!: Engine;
  private readonly texts = new TextDocuments(TextDocument);
  private readonly notebooks = new NotebookDocuments(TextDocument);
  private readonly debouncer = new Debouncer();
  /** Last diagnostics sent per document URI (files), to send only changes. */
  private readonly published = new Map<string, string>();
  private readonly cellDiagnostics = new CellDiagnostics((uri, diagnostics) => void this.connection.sendDiagnostics({ uri, diagnostics }));
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  private readonly projectCache = new Map<string, LocatedConfig>();
  private readonly configProblems = new ConfigProblems({
    send: (uri, diagnostics) => this.sendIfChanged(uri, diagnostics),
    showError: (message) => void this.connection.window.showErrorMessage(message),
    log: (message) => this.connection.console.warn(message),
  });
  private workspaceRoots: string[] = [];
  private configurationSupported = false;
  private initialSettings: unknown;
  private readonly docsUri: string;
  private codeActions!: CodeActions;
  private projects!: ProjectService;
  private workspace!: WorkspaceDiagnostics;
  private briefs!: BriefService;
  private serving!: ServeService;
  private panelCommands!: NotebookCommands;
  /** Resolves when the first whole-workspace analysis has finished (tests and the benchmark wait on it). */
  workspaceReady: Promise<void> = Promise.resolve();
  /** Saved outputs of open notebooks, read from disk on open and save, by cell source (LSP does not sync outputs). */
  private readonly savedOutputs = new SavedOutputs();
  /** Open notebooks' engine inputs, converted again only where an edit changed them. */
  private readonly inputs = new NotebookInputs((u) => this.notebooks.cellTextDocuments.get(u), (uri, cell) => this.savedOutputs.attachCell(uri, cell));
  private readonly baselines = new EditorBaselines((message) => this.connection.console.warn(message));

  constructor(private readonly connection: Connection, private readonly options: ServerOptions = {}) {
    this.docsUri = options.docsUri ?? pathToFileURL(path.join(__dirname, '..', 'docs', 'rules.md')).toString();
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => {
      if (this.configurationSupported) void c.client.register(DidChangeConfigurationNotification.type, { section: 'nb2prod' });
      this.workspaceReady = this.analyzeWorkspace();
    });
    c.onDidChangeConfiguration((change) => {
      this.settingsCache.clear();
      this.projects.clear(); // readiness and project findings depend on the rule configuration
      if (!this.configurationSupported) this.initialSettings = (change.settings as { nb2prod?: unknown } | undefined)?.nb2prod;
      this.reanalyzeAll();
      this.workspaceReady = this.workspaceReady.then(() => this.analyzeWorkspace());
    });
    c.onDidChangeWatchedFiles((params) => {
      this.projectCache.clear();
      const roots = new Set<string>();
      for (const change of params.changes) {
        if (!change.uri.startsWith('file:')) continue;
        const file = fileURLToPath(change.uri);
        for (const root of this.projects.invalidate(file)) roots.add(root);
        const root = this.projects.rootOf(file);
        if (root !== undefined) roots.add(root);
      }
      for (const root of roots) {
        this.debouncer.schedule(`project:${root}`, 100, () => {
          void this.refreshProject(root);
        });
      }
    });

    this.notebooks.onDidOpen((nb) => {
      this.clear(nb.uri); // the workspace diagnostics on the file give way to live per-cell ones
      this.savedOutputs.read(nb.uri);
      this.inputs.forget(nb.uri);
      this.schedule(nb.uri);
    });
    this.notebooks.onDidSave((nb) => {
      this.savedOutputs.read(nb.uri);
      this.inputs.forget(nb.uri); // the saved outputs attached to the cells may have changed
      this.schedule(nb.uri);
    });
    this.notebooks.onDidChange((event) => {
      for (const cell of event.cells?.removed ?? []) this.clear(cell.document);
    });
    this.notebooks.onDidClose((nb) => {
      this.debouncer.cancel(nb.uri);
      this.cellDiagnostics.closed(nb.uri);
      this.savedOutputs.forget(nb.uri);
      this.inputs.forget(nb.uri);
      for (const cell of nb.cells) this.clear(cell.document);
      void this.afterClose(nb.uri);
    });
    skipUnchangedCellMaps(this.notebooks);
    this.notebooks.listen(this.rescheduleOnEveryNotebookChange(c));

    this.texts.onDidOpen((e) => this.schedule(e.document.uri));
    this.texts.onDidChangeContent((e) => this.schedule(e.document.uri));
    this.texts.onDidClose((e) => {
      this.debouncer.cancel(e.document.uri);
      this.clear(e.document.uri);
      void this.afterClose(e.document.uri);
    });
    this.texts.listen(c);
    c.onCodeAction((params, token) => this.codeActionsFor(params, token));
    c.onRequest(BriefRequest.type, (params) => this.briefs.brief(params));
    c.onRequest(UpdateBriefRequest.type, (params) => this.briefs.update(params));
    c.onRequest(CreateBriefRequest.type, (params) => this.briefs.create(params));
    c.onRequest(ReadinessRequest.type, (params) => this.briefs.readiness(params));
    c.onExecuteCommand((params) => {
      if (params.command === ExtractCellsCommand.command) return this.extractCells(params.arguments as ExtractCellsArgs);
      return this.panelCommands.run(params.command, params.arguments);
    });
    c.listen();
  }

  /**
   * NotebookDocuments fires no change event when cells are only reordered (VS Code
   * sends a move as an array change without opened or closed cell documents), so
   * we hand it a connection view whose change handler also schedules analysis,
   * after the library has applied the change.
   */
  private rescheduleOnEveryNotebookChange(c: Connection): Connection {
    const sync = c.notebooks.synchronization;
    const view = {
      notebooks: {
        synchronization: {
          onDidOpenNotebookDocument: sync.onDidOpenNotebookDocument.bind(sync),
          onDidSaveNotebookDocument: sync.onDidSaveNotebookDocument.bind(sync),
          onDidCloseNotebookDocument: sync.onDidCloseNotebookDocument.bind(sync),
          onDidChangeNotebookDocument: (handler: Parameters<typeof sync.onDidChangeNotebookDocument>[0]) =>
            sync.onDidChangeNotebookDocument(async (params) => {
              await handler(params);
              this.schedule(params.notebookDocument.uri);
            }),
        },
      },
    };
    return view as unknown as Connection;
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    this.engine = await Engine.create(this.options.wasmDir ?? defaultWasmDir(__dirname), {
      onRuleError: (code, error) => this.connection.console.error(`rule ${code} failed and its findings were dropped: ${(error as Error).stack ?? error}`),
    });
    this.codeActions = new CodeActions(this.engine, (uri) => this.texts.get(uri), (m) => this.connection.console.log(m));
    this.projects = new ProjectService(this.engine, () => this.workspaceRoots);
    this.briefs = new BriefService({
      engine: this.engine,
      projects: this.projects,
      workspaceRoots: () => this.workspaceRoots,
      openDocument: (uri) => this.texts.get(uri),
      applyEdit: (edit, label) => this.applyEdit(edit, label),
      configFor: async (uri) => this.ruleConfig(uri, await this.settingsFor(uri)),
    });
    this.serving = new ServeService({
      engine: this.engine,
      projects: this.projects,
      openDocument: (uri) => this.texts.get(uri),
      openCells: (uri) => {
        const nb = this.notebooks.getNotebookDocument(uri);
        if (nb) return this.notebookWithOutputs(nb).cells;
        const doc = this.texts.get(uri);
        return doc && isPercentScript(doc.getText()) ? parsePercentScript(doc.getText()).cells : undefined;
      },
      applyEdit: (edit, label) => this.applyEdit(edit, label),
    });
    // A notebook by its URI (the view of its first cell), or a percent script.
    const view = (uri: string) => this.viewFor(this.notebooks.getNotebookDocument(uri)?.cells[0]?.document ?? uri, 0);
    this.panelCommands = new NotebookCommands({
      codeActions: this.codeActions,
      serving: this.serving,
      exports: new ExportService({ engine: this.engine, openDocument: (uri) => this.texts.get(uri), viewOf: view, applyEdit: (edit, label) => this.applyEdit(edit, label) }),
      view,
      config: async (uri) => this.ruleConfig(uri, await this.settingsFor(uri)),
      applyEdit: (edit, label) => this.applyEdit(edit, label),
    });
    this.workspace = new WorkspaceDiagnostics({
      engine: this.engine,
      projects: this.projects,
      docsUri: this.docsUri,
      isOpen: (uri) => this.notebooks.getNotebookDocument(uri) !== undefined || this.texts.get(uri) !== undefined,
      configFor: async (uri) => this.ruleConfig(uri, await this.settingsFor(uri)),
      publish: (uri, diagnostics) => this.publish(uri, diagnostics),
      clear: (uri) => this.clear(uri),
      log: (m) => this.connection.console.log(m),
      applyBaseline: async (uri, findings, sources, fileText) => this.withBaseline(uri, await this.settingsFor(uri), findings, () => sources, fileText),
    });
    this.configurationSupported = params.capabilities.workspace?.configuration === true;
    this.initialSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    this.workspaceRoots = (params.workspaceFolders ?? [])
      .map((f) => f.uri)
      .filter((u) => u.startsWith('file:'))
      .map((u) => fileURLToPath(u));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        // No cell filter: markdown cells must be synced too, so cell numbers match the notebook.
        notebookDocumentSync: {
          notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' } }, { notebook: { notebookType: 'interactive' } }],
          save: true,
        },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorExtract] },
        executeCommandProvider: { commands: [ExtractCellsCommand.command, ...PANEL_COMMANDS] },
      },
      serverInfo: { name: 'nb2prod', version: VERSION },
    };
  }

  /** Apply an edit through the client (one undoable step, labelled). */
  private async applyEdit(edit: WorkspaceEdit, label: string): Promise<{ applied: boolean; reason?: string }> {
    const result = await this.connection.workspace.applyEdit({ label, edit });
    return { applied: result.applied, reason: result.failureReason };
  }

  /** Whole-workspace diagnostics, with progress, unless the scope is open files only. */
  private async analyzeWorkspace(): Promise<void> {
    const folders = this.workspaceRoots;
    if (folders.length === 0) return;
    const settings = await this.settingsFor(pathToFileURL(folders[0]).toString());
    if (settings.scope !== 'workspace' || !settings.enable) {
      this.workspace.clearAll();
      return;
    }
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('nb2prod', 0, 'Finding notebooks and projects', false);
    const started = performance.now();
    let done = 0;
    for (const folder of folders) {
      const { roots, truncated } = this.workspace.discover(folder);
      if (truncated) this.connection.console.warn(`nb2prod: the workspace scan of ${folder} stopped early (${truncated})`);
      for (const root of roots) {
        progress.report(Math.round((100 * done++) / Math.max(1, roots.length)), path.relative(folder, root) || path.basename(root));
        try {
          await this.workspace.refreshRoot(root);
        } catch (error) {
          this.connection.console.error(`workspace analysis of ${root} failed: ${(error as Error).stack ?? error}`);
        }
        await new Promise((resolve) => setImmediate(resolve)); // let edits and requests in between projects
      }
    }
    progress.done();
    this.connection.console.log(`nb2prod: workspace analysed in ${Math.round(performance.now() - started)} ms`);
  }

  /** A file under this project changed on disk: rebuild its model, refresh its files and open notebooks. */
  private async refreshProject(root: string): Promise<void> {
    this.projects.invalidate(path.join(root, 'x'));
    for (const uri of this.openNotebookUris().concat(this.texts.all().map((d) => d.uri))) {
      if (uri.startsWith('file:') && this.projects.rootOf(fileURLToPath(uri)) === root) this.schedule(uri);
    }
    const settings = this.workspaceRoots[0] ? await this.settingsFor(pathToFileURL(this.workspaceRoots[0]).toString()) : undefined;
    if (settings?.scope === 'workspace') await this.workspace.refreshRoot(root);
    void this.connection.sendNotification(ProjectChangedNotification.type, { root });
  }

  private async afterClose(uri: string): Promise<void> {
    if (!uri.startsWith('file:')) return;
    const settings = await this.settingsFor(uri);
    if (settings.scope === 'workspace' && settings.enable) await this.workspace.refreshFile(fileURLToPath(uri));
  }

  /** The project model for an open document's file, and its path relative to the project root. */
  private projectOf(uri: string) {
    if (!uri.startsWith('file:')) return { project: undefined, path: undefined };
    const file = fileURLToPath(uri);
    const root = this.projects.rootOf(file);
    if (root === undefined) return { project: undefined, path: undefined };
    return { project: this.projects.modelFor(root), path: path.relative(root, file).split(path.sep).join('/') };
  }

  private reanalyzeAll(): void {
    for (const doc of this.texts.all()) this.schedule(doc.uri);
    for (const uri of this.openNotebookUris()) this.schedule(uri);
  }

  private openNotebookUris(): string[] {
    const uris = new Set<string>();
    for (const cellDoc of this.notebooks.cellTextDocuments.all()) {
      const nb = this.notebooks.findNotebookDocumentForCell(cellDoc.uri);
      if (nb) uris.add(nb.uri);
    }
    return [...uris];
  }

  private schedule(uri: string): void {
    void this.settingsFor(uri).then((settings) => {
      this.debouncer.schedule(uri, settings.debounceMs, () => {
        try {
          this.analyze(uri, settings);
        } catch (error) {
          this.connection.console.error(`analysis of ${uri} failed: ${(error as Error).stack ?? error}`);
        }
      });
    });
  }

  private settingsFor(uri: string): Promise<Settings> {
    let pending = this.settingsCache.get(uri);
    if (!pending) {
      pending = this.configurationSupported
        ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'nb2prod' }).then(parseSettings, () => DEFAULT_SETTINGS)
        : Promise.resolve(parseSettings(this.initialSettings));
      this.settingsCache.set(uri, pending);
    }
    return pending;
  }

  /** pyproject.toml settings, then VS Code settings on top; undefined when the file is excluded. */
  private ruleConfig(uri: string, settings: Settings): RuleConfig | undefined {
    if (!settings.enable) return undefined;
    const file = uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    const project = file ? this.projectConfig(path.dirname(file)) : {};
    const config = mergeConfig(project.config, settings);
    if (file) {
      const root = project.root ?? this.workspaceRoots.find((r) => file.startsWith(r + path.sep)) ?? path.dirname(file);
      const relative = path.relative(root, file).split(path.sep).join('/');
      const globs = [...DEFAULT_EXCLUDE, ...config.exclude];
      if (globs.some((g) => this.glob(g).match(relative) || this.glob(g).match(file))) return undefined;
    }
    return config;
  }

  /** Compiled exclude globs: matching runs on every analysis, compiling once is enough. */
  private readonly globs = new Map<string, Minimatch>();
  private glob(pattern: string): Minimatch {
    let compiled = this.globs.get(pattern);
    if (!compiled) this.globs.set(pattern, (compiled = new Minimatch(pattern, { dot: true })));
    return compiled;
  }

  private projectConfig(dir: string): LocatedConfig {
    let config = this.projectCache.get(dir);
    if (!config) {
      this.projectCache.set(dir, (config = loadProjectConfig(dir)));
      this.configProblems.report(config);
    }
    return config;
  }

  private analyze(uri: string, settings: Settings): void {
    const notebook = this.notebooks.getNotebookDocument(uri);
    if (notebook) return this.analyzeNotebook(notebook, settings);
    const doc = this.texts.get(uri);
    if (doc) this.analyzeScript(doc, settings);
  }

  private analyzeNotebook(notebook: NotebookDocument, settings: Settings): void {
    const started = performance.now();
    const config = this.ruleConfig(notebook.uri, settings);
    const { project, path: rel } = this.projectOf(notebook.uri);
    const { input, cellUris } = this.inputs.input(notebook);
    const findings = config ? this.withBaseline(notebook.uri, settings, this.engine.analyze({ ...input, path: rel }, config, project), () => input.cells.map((c) => c.source)) : [];
    const locate = (cell: number, range: Range) => ({ uri: cellUris[cell] ?? cellUris[0], range });
    this.cellDiagnostics.publish(notebook.uri, cellUris, findings, (cellFindings) => cellFindings.map((f) => toDiagnostic(f, this.docsUri, locate)));
    this.notifyAnalyzed(notebook.uri, notebook.version, findings, started);
  }

  private analyzeScript(doc: TextDocument, settings: Settings): void {
    const started = performance.now();
    const text = doc.getText();
    const config = doc.languageId === 'python' && isPercentScript(text) ? this.ruleConfig(doc.uri, settings) : undefined;
    let findings: Finding[] = [];
    let diagnostics: Diagnostic[] = [];
    if (config) {
      if (text.includes('\u0000')) {
        findings = [unreadable('the file is binary, not Python source')];
        diagnostics = findings.map((f) => toDiagnostic(f, this.docsUri, (_c, range) => ({ uri: doc.uri, range })));
      } else {
        const notebook = parsePercentScript(text);
        const { project, path: rel } = this.projectOf(doc.uri);
        findings = this.withBaseline(doc.uri, settings, this.engine.analyze({ ...notebook, path: rel }, config, project), () => notebook.cells.map((c) => c.source));
        const locate = (cell: number, range: Range) => ({ uri: doc.uri, range: toFileRange(notebook.cells, { cell, range }) });
        diagnostics = findings.map((f) => toDiagnostic(f, this.docsUri, locate));
      }
    }
    this.publish(doc.uri, diagnostics);
    this.notifyAnalyzed(doc.uri, doc.version, findings, started);
  }

  /** Findings recorded in the project's baseline file: hints, or hidden (`nb2prod.baseline.show`). */
  private withBaseline(uri: string, settings: Settings, findings: Finding[], sources: () => readonly string[], fileText?: string): Finding[] {
    if (findings.length === 0 || !uri.startsWith('file:')) return findings;
    const file = fileURLToPath(uri);
    const root = this.projects.rootOf(file);
    if (root === undefined) return findings;
    return this.baselines.apply(file, root, this.projectConfig(path.dirname(file)), settings.baseline.show, findings, sources, fileText);
  }

  /** The engine's input for an open notebook, with the outputs saved on disk. */
  private notebookWithOutputs(notebook: NotebookDocument) {
    return this.savedOutputs.attach(notebook.uri, notebookInput(notebook, (u) => this.notebooks.cellTextDocuments.get(u)));
  }

  private async codeActionsFor(params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const fileUri = this.notebooks.findNotebookDocumentForCell(uri)?.uri ?? uri;
    if (!fileUri.startsWith('file:')) return [];
    const settings = await this.settingsFor(fileUri);
    const config = this.ruleConfig(fileUri, settings);
    // The editor drops requests it no longer needs (the cursor moved on): do not compute them.
    if (!config || token.isCancellationRequested) return [];
    try {
      const view = this.viewFor(uri, params.range.start.line);
      const actions = view ? this.codeActions.provide(view, params, config) : [];
      const file = fileURLToPath(fileUri);
      const workspaceRoot = this.projects.workspaceRootOf(file);
      const projectRoot = this.projects.rootOf(file);
      if (workspaceRoot && projectRoot) actions.push(...this.codeActions.projectFixes({ workspaceRoot, projectRoot }, params.context.diagnostics));
      if (wantsRefactor(params)) actions.push(...this.serving.codeActions(fileUri, view ? { line: 0, cellSource: view.cells[view.cell].source } : { line: params.range.start.line }));
      // Fixes for the problem at hand first, refactorings after.
      const rank = (a: CodeAction) => (a.kind?.startsWith(CodeActionKind.RefactorExtract) ? 2 : a.kind === IGNORE_KIND ? 1 : 0);
      return actions.sort((a, b) => rank(a) - rank(b));
    } catch (error) {
      this.connection.console.error(`code actions for ${params.textDocument.uri} failed: ${(error as Error).stack ?? error}`);
      return [];
    }
  }

  /** The "Extract Cells to Module…" command: plan, then apply the edit through the client. */
  private async extractCells(args: ExtractCellsArgs): Promise<ExtractCellsResult> {
    const [notebookUri, first, last, moduleName, functionName] = args ?? [];
    const notebook = this.notebooks.getNotebookDocument(notebookUri);
    const cell = notebook?.cells[first];
    const view = cell ? this.viewFor(cell.document, 0) : undefined;
    if (!notebook || !view || last < first || last >= notebook.cells.length) return { applied: false, reason: 'no such cells in an open notebook of the workspace' };
    const names = this.codeActions.defaultNames(view, first, last);
    const result = this.codeActions.extract(view, first, last, moduleName || names.moduleName, functionName || names.functionName);
    if ('refused' in result) return { applied: false, reason: result.refused };
    const applied = await this.connection.workspace.applyEdit({ label: 'Extract cells to module', edit: result.edit });
    return { applied: applied.applied, summary: result.summary, reason: applied.failureReason };
  }

  /** A notebook cell or a line of a percent script, with the roots edits must stay in. */
  private viewFor(uri: string, line: number): NotebookView | undefined {
    const notebook = this.notebooks.findNotebookDocumentForCell(uri);
    const fileUri = notebook?.uri ?? uri;
    if (!fileUri.startsWith('file:')) return undefined;
    const file = fileURLToPath(fileUri);
    // The same project root as the project rules use (configs/, .env.example and src/ go there).
    const workspaceRoot = this.projects.workspaceRootOf(file);
    const projectRoot = this.projects.rootOf(file);
    if (!workspaceRoot || !projectRoot) return undefined;
    if (notebook) {
      const cell = notebook.cells.findIndex((c) => c.document === uri);
      if (cell < 0) return undefined;
      return {
        file, workspaceRoot, projectRoot, notebookUri: notebook.uri, cell,
        cells: this.notebookWithOutputs(notebook).cells,
        locate: (i, range) => {
          const cellUri = notebook.cells[i].document;
          return { uri: cellUri, range, version: this.notebooks.cellTextDocuments.get(cellUri)?.version ?? null };
        },
      };
    }
    const doc = this.texts.get(uri);
    if (!doc || !isPercentScript(doc.getText())) return undefined;
    const script = parsePercentScript(doc.getText());
    const cell = script.cells.reduce((found, c, i) => (c.firstLine <= line ? i : found), -1);
    if (cell < 0) return undefined;
    return {
      file, workspaceRoot, projectRoot, notebookUri: uri, cell, cells: script.cells,
      locate: (i, range) => ({ uri, range: toFileRange(script.cells, { cell: i, range }), version: doc.version }),
    };
  }

  private publish(uri: string, diagnostics: Diagnostic[]): void {
    this.sendIfChanged(uri, this.configProblems.merge(uri, diagnostics));
  }

  private sendIfChanged(uri: string, diagnostics: Diagnostic[]): void {
    const key = JSON.stringify(diagnostics);
    if (this.published.get(uri) === key || (key === '[]' && !this.published.has(uri))) return;
    this.published.set(uri, key);
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  private clear(uri: string): void {
    if (this.configProblems.has(uri)) return this.publish(uri, []);
    const cell = this.cellDiagnostics.forget(uri);
    if (!this.published.has(uri) && !cell) return;
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private notifyAnalyzed(uri: string, version: number, findings: Finding[], started: number): void {
    const counts: Record<string, number> = {};
    for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
    void this.connection.sendNotification(AnalyzedNotification.type, {
      uri, version, durationMs: performance.now() - started, findings: findings.length, counts,
    });
  }
}
