// Diagnostics for files that are not open: closed notebooks (on the lines of the
// .ipynb file that hold each cell), percent scripts, and the project's own files
// (src/ modules, dependency files). Open notebooks keep their live per-cell
// diagnostics; this only fills in the rest of the Problems view.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import type { Engine } from '../engine/analyze';
import type { RuleConfig } from '../engine/config';
import { loadFile, notebookJsonLines, toFileRange } from '../engine/files';
import { scanProject } from '../engine/project/scan';
import { analyzeProjectFiles } from '../engine/projectFiles';
import type { Finding, Range } from '../engine/types';
import { toDiagnostic } from './conversions';
import type { ProjectService } from './projects';

/** Closed notebooks analysed per workspace folder, at most. */
export const MAX_WORKSPACE_NOTEBOOKS = 500;

export interface WorkspaceHost {
  engine: Engine;
  projects: ProjectService;
  docsUri: string;
  isOpen(fileUri: string): boolean;
  /** The rule configuration for a file, or undefined when it is excluded or nb2prod is off for it. */
  configFor(fileUri: string): Promise<RuleConfig | undefined>;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  clear(uri: string): void;
  log(message: string): void;
  /** The findings with the project's baseline applied (recorded ones as hints, or dropped). */
  applyBaseline(fileUri: string, findings: Finding[], sources: readonly string[], fileText?: string): Promise<Finding[]>;
}

export class WorkspaceDiagnostics {
  /** URIs this module published, per project root, to clear what no longer applies. */
  private readonly publishedByRoot = new Map<string, Set<string>>();

  constructor(private readonly host: WorkspaceHost) {}

  /** The project roots under a workspace folder, and the notebooks and scripts in it (bounded). */
  discover(folder: string): { roots: string[]; files: string[]; truncated?: string } {
    const scan = scanProjectFiles(folder);
    const candidates = scan.files.filter((f) => f.endsWith('.ipynb') || f.endsWith('.py'));
    const roots = new Set<string>([this.host.projects.rootOf(path.join(folder, 'x')) ?? folder]);
    for (const rel of scan.files) if (/(?:^|\/)(?:pyproject\.toml|requirements\.txt|setup\.py|environment\.yml)$/.test(rel)) roots.add(path.join(folder, path.dirname(rel)));
    return { roots: [...roots], files: candidates.map((f) => path.join(folder, f)), truncated: scan.truncated };
  }

  /** Analyse one project root: its closed notebooks and scripts, and its project files. */
  async refreshRoot(root: string, files?: string[]): Promise<void> {
    const model = this.host.projects.modelFor(root);
    const now = new Set<string>();
    const notebooks = (files ?? model.notebooks.map((n) => path.join(root, n)).concat(model.files.filter((f) => f.endsWith('.py')).map((f) => path.join(root, f))))
      .filter((f) => this.host.projects.rootOf(f) === root)
      .slice(0, MAX_WORKSPACE_NOTEBOOKS);
    for (const [i, file] of notebooks.entries()) {
      // Let edits and requests in between files: a big workspace must not freeze the editor.
      if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
      const uri = pathToFileURL(file).toString();
      if (this.host.isOpen(uri)) continue;
      const config = await this.host.configFor(uri);
      if (!config) continue;
      const diagnostics = await this.notebookDiagnostics(file, config, root);
      if (diagnostics === undefined) continue;
      this.host.publish(uri, diagnostics);
      now.add(uri);
    }
    const rootConfig = await this.host.configFor(pathToFileURL(path.join(root, 'pyproject.toml')).toString());
    if (rootConfig) {
      for (const { file, findings } of analyzeProjectFiles(model, rootConfig, (source) => this.host.engine.analyzeModule(source, rootConfig, model))) {
        const uri = pathToFileURL(path.join(root, file)).toString();
        const shown = await this.host.applyBaseline(uri, findings, [], readText(path.join(root, file)));
        this.host.publish(uri, shown.map((f) => toDiagnostic(f, this.host.docsUri, (_cell, range) => ({ uri, range }))));
        now.add(uri);
      }
    }
    for (const uri of this.publishedByRoot.get(root) ?? []) if (!now.has(uri) && !this.host.isOpen(uri)) this.host.clear(uri);
    this.publishedByRoot.set(root, now);
  }

  /** Diagnostics for a closed notebook or percent script, or undefined for a plain module. */
  private async notebookDiagnostics(file: string, config: RuleConfig, root: string): Promise<Diagnostic[] | undefined> {
    const loaded = loadFile(file);
    const uri = pathToFileURL(file).toString();
    if (loaded.kind === 'module') return undefined;
    if (loaded.kind === 'unreadable') return [toDiagnostic(loaded.finding, this.host.docsUri, (_c, range) => ({ uri, range }))];
    const project = this.host.projects.modelFor(root);
    const notebook = { ...loaded.notebook, path: path.relative(root, file).split(path.sep).join('/') };
    const findings = await this.host.applyBaseline(uri, this.host.engine.analyze(notebook, config, project), loaded.notebook.cells.map((c) => c.source));
    if (loaded.kind === 'percent') {
      const cells = loaded.notebook.cells;
      return findings.map((f) => toDiagnostic(f, this.host.docsUri, (cell, range) => ({ uri, range: toFileRange(cells, { cell, range }) })));
    }
    // A closed notebook shows in the Problems view by file: point at the JSON lines of each cell.
    let raw = '';
    try {
      raw = fs.readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    const jsonLine = notebookJsonLines(raw);
    const lines = raw.split('\n');
    const toJson = (cell: number, range: Range): Range => {
      const line = (cell >= 0 ? jsonLine(cell, range.start.line) : 1) - 1;
      return { start: { line, character: 0 }, end: { line, character: (lines[line] ?? '').length } };
    };
    return findings.map((f: Finding) => {
      const d = toDiagnostic(f, this.host.docsUri, (cell, range) => ({ uri, range: toJson(cell, range) }));
      return f.cell >= 0 ? { ...d, message: `cell ${f.cell + 1}: ${d.message}` } : d;
    });
  }

  /** Re-analyse one closed notebook or script (after it was closed in the editor). */
  async refreshFile(file: string): Promise<void> {
    const uri = pathToFileURL(file).toString();
    const config = await this.host.configFor(uri);
    if (!config || this.host.isOpen(uri)) return;
    const root = this.host.projects.rootOf(file);
    if (root === undefined) return;
    const diagnostics = await this.notebookDiagnostics(file, config, root);
    if (diagnostics === undefined) return;
    this.host.publish(uri, diagnostics);
    let set = this.publishedByRoot.get(root);
    if (!set) this.publishedByRoot.set(root, (set = new Set()));
    set.add(uri);
  }

  clearAll(): void {
    for (const root of [...this.publishedByRoot.keys()]) this.clearRoot(root);
  }

  /** Forget a root (its files were re-scanned or the folder was removed). */
  clearRoot(root: string): void {
    for (const uri of this.publishedByRoot.get(root) ?? []) this.host.clear(uri);
    this.publishedByRoot.delete(root);
  }
}

/** A project file's text, for the fingerprints of its findings ('' when it vanished since the scan). */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function scanProjectFiles(folder: string) {
  return scanProject(folder, { maxFiles: 20_000, timeBudgetMs: 10_000, nested: true });
}
