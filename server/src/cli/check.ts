// `nb2prod check`: the engine over files and folders, for CI. Walks folders for
// .ipynb notebooks and percent-format .py scripts; a file that cannot be read is a
// finding (NB001), never an abort.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import type { Engine } from '../engine/analyze';
import { DEFAULT_EXCLUDE, mergeConfig, type RuleConfig } from '../engine/config';
import { loadFile, toFileRange } from '../engine/files';
import type { PercentCell } from '../engine/percent';
import { findProjectRoot, loadProjectConfig, type LocatedConfig } from '../engine/projectConfig';
import { buildProjectModel, type ProjectModel } from '../engine/project/model';
import { analyzeProjectFiles } from '../engine/projectFiles';
import type { Finding } from '../engine/types';

export interface FileReport {
  /** Path as given or found, relative to the working directory when inside it. */
  path: string;
  /** `file`: a project file (module, requirements) with findings on its lines. */
  kind: 'ipynb' | 'percent' | 'unreadable' | 'file';
  findings: Finding[];
  /** For percent scripts: the cells, to map findings to file lines. */
  percentCells?: PercentCell[];
  /** For notebooks: the raw text, to map cells to lines of the JSON file (SARIF). */
  rawText?: string;
}

export interface CheckResult {
  files: FileReport[];
  /** Configuration problems (a broken pyproject.toml), reported once each. */
  warnings: string[];
}

function isCandidate(file: string): boolean {
  return file.endsWith('.ipynb') || file.endsWith('.py');
}

/** Files to check under the given paths, in a stable order; folders are walked without following links. */
export function collectFiles(inputs: string[], exclude: (file: string) => boolean): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (p: string, explicit: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(p);
    } catch {
      if (explicit) out.push(p); // reported as unreadable
      return;
    }
    if (stat.isSymbolicLink() && !explicit) return;
    if (stat.isSymbolicLink()) {
      try {
        stat = fs.statSync(p);
      } catch {
        out.push(p);
        return;
      }
    }
    if (!explicit && exclude(p)) return;
    if (stat.isDirectory()) {
      let entries: string[];
      try {
        entries = fs.readdirSync(p).sort();
      } catch {
        return;
      }
      for (const e of entries) visit(path.join(p, e), false);
    } else if (stat.isFile() && (explicit || isCandidate(p))) {
      const real = path.resolve(p);
      if (!seen.has(real)) {
        seen.add(real);
        out.push(p);
      }
    }
  };
  for (const input of inputs) visit(input, true);
  return out;
}

export function runCheck(engine: Engine, inputs: string[], cwd: string): CheckResult {
  const projectCache = new Map<string, LocatedConfig>();
  const warnings = new Set<string>();
  const configFor = (file: string): { config: RuleConfig; root: string; hasProject: boolean } => {
    const dir = path.dirname(path.resolve(cwd, file));
    let located = projectCache.get(dir);
    if (!located) projectCache.set(dir, (located = loadProjectConfig(dir)));
    if (located.error) warnings.add(located.error);
    return { config: mergeConfig(located.config), root: located.root ?? cwd, hasProject: located.root !== undefined };
  };
  // One project model per project root (see findProjectRoot).
  const models = new Map<string, ProjectModel>();
  const modelFor = (root: string) => {
    let model = models.get(root);
    if (!model) models.set(root, (model = buildProjectModel(root, (s) => engine.summarize(s))));
    return model;
  };
  const excluded = (file: string) => {
    const { config, root } = configFor(file);
    const rel = path.relative(root, path.resolve(cwd, file)).split(path.sep).join('/');
    return [...DEFAULT_EXCLUDE, ...config.exclude].some((g) => minimatch(rel, g, { dot: true }) || minimatch(rel + '/', g, { dot: true }));
  };

  const files: FileReport[] = [];
  for (const file of collectFiles(inputs, excluded)) {
    const display = path.relative(cwd, path.resolve(cwd, file)) || file;
    const shown = display.startsWith('..') ? file : display;
    const loaded = loadFile(path.resolve(cwd, file));
    if (loaded.kind === 'module') continue;
    if (loaded.kind === 'unreadable') {
      files.push({ path: shown, kind: 'unreadable', findings: [loaded.finding] });
      continue;
    }
    const { config } = configFor(file);
    const root = findProjectRoot(path.dirname(path.resolve(cwd, file)));
    const project = modelFor(root);
    const notebook = { ...loaded.notebook, path: path.relative(root, path.resolve(cwd, file)).split(path.sep).join('/') };
    const findings = engine.analyze(notebook, config, project);
    if (loaded.kind === 'percent') {
      files.push({ path: shown, kind: 'percent', findings, percentCells: loaded.notebook.cells });
    } else {
      files.push({ path: shown, kind: 'ipynb', findings, rawText: fs.readFileSync(path.resolve(cwd, file), 'utf8') });
    }
  }
  // Findings on the project's own files: modules, requirements, the project itself.
  for (const [root, model] of models) {
    const config = configFor(path.join(root, 'pyproject.toml')).config;
    for (const { file, findings } of analyzeProjectFiles(model, config)) {
      const full = path.join(root, file);
      if (excluded(full)) continue;
      const display = path.relative(cwd, full) || file;
      files.push({ path: display.startsWith('..') ? full : display, kind: 'file', findings });
    }
  }
  return { files, warnings: [...warnings] };
}

/** 1-based location of a finding as the CLI reports it: notebook cell and cell line, or file line for scripts. */
export function locationOf(report: FileReport, finding: { cell: number; range: Finding['range'] }) {
  if (finding.cell < 0) {
    const r = finding.range;
    return { cell: null, line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
  }
  if (report.kind === 'percent' && report.percentCells) {
    const r = toFileRange(report.percentCells, finding);
    const index = report.percentCells[finding.cell].percentIndex;
    return { cell: index === null ? null : index + 1, line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
  }
  const r = finding.range;
  return { cell: finding.cell + 1, line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}
