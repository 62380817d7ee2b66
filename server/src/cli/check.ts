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
import { loadProjectConfig, type LocatedConfig } from '../engine/projectConfig';
import type { Finding } from '../engine/types';

export interface FileReport {
  /** Path as given or found, relative to the working directory when inside it. */
  path: string;
  kind: 'ipynb' | 'percent' | 'unreadable';
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
  const configFor = (file: string): { config: RuleConfig; root: string } => {
    const dir = path.dirname(path.resolve(cwd, file));
    let located = projectCache.get(dir);
    if (!located) projectCache.set(dir, (located = loadProjectConfig(dir)));
    if (located.error) warnings.add(located.error);
    return { config: mergeConfig(located.config), root: located.root ?? cwd };
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
    const findings = engine.analyze(loaded.notebook, config);
    if (loaded.kind === 'percent') {
      files.push({ path: shown, kind: 'percent', findings, percentCells: loaded.notebook.cells });
    } else {
      files.push({ path: shown, kind: 'ipynb', findings, rawText: fs.readFileSync(path.resolve(cwd, file), 'utf8') });
    }
  }
  return { files, warnings: [...warnings] };
}

/** 1-based location of a finding as the CLI reports it: notebook cell and cell line, or file line for scripts. */
export function locationOf(report: FileReport, finding: { cell: number; range: Finding['range'] }) {
  if (finding.cell < 0) return { cell: null, line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (report.kind === 'percent' && report.percentCells) {
    const r = toFileRange(report.percentCells, finding);
    const index = report.percentCells[finding.cell].percentIndex;
    return { cell: index === null ? null : index + 1, line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
  }
  const r = finding.range;
  return { cell: finding.cell + 1, line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}
