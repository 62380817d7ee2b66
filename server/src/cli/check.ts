// The engine over files and folders, for CI. Walks folders for .ipynb notebooks and
// percent-format .py scripts; a file that cannot be read is a finding (NB001), never
// an abort. A path that does not exist, nothing to check or invalid configuration
// is a CheckError (exit 2): CI must not pass because it checked nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import type { Engine } from '../engine/analyze';
import { DEFAULT_EXCLUDE, mergeConfig, parsePyprojectConfig, type RuleConfig } from '../engine/config';
import { loadText, toFileRange } from '../engine/files';
import { findingFingerprint } from '../engine/fingerprint';
import { baselineFileFor } from './baseline';
import type { PercentCell } from '../engine/percent';
import { loadProjectConfig, PROJECT_MARKERS, type LocatedConfig } from '../engine/projectConfig';
import { analyzeProjectFiles, type FileFindings } from '../engine/projectFiles';
import type { Finding } from '../engine/types';
import { configHash, FindingsCache, projectFactsKey, sha256, type CachedFindings } from '../run/cache';
import { analyzeFile, analyzeLoaded, flaggedSources, type FileResult } from '../run/analyzeFile';
import { ProjectModels } from '../run/models';
import { jobKey, type AnalysisJob, type JobResult, type ProjectJob, type ProjectResult } from '../run/pool';

export interface FileReport {
  /** Path as given or found, relative to the working directory when inside it. */
  path: string;
  /** `file`: a project file (module, requirements) with findings on its lines. */
  kind: 'ipynb' | 'percent' | 'unreadable' | 'file';
  findings: Finding[];
  /** One per finding: its identity across edits (engine/fingerprint.ts), for baselines and SARIF. */
  fingerprints: string[];
  /** For percent scripts: where each cell starts in the file, to map findings to file lines. */
  percentCells?: Pick<PercentCell, 'firstLine' | 'percentIndex'>[];
  /**
   * For notebooks: the raw text, to map cells to lines of the JSON file (SARIF, GitHub
   * annotations). Read from disk each time it is asked for: a report over a folder does
   * not hold every notebook's text.
   */
  rawText?: string;
  /** Source of each flagged cell, by cell index (a plain file: its lines as one text), to show the flagged line. */
  sources: string[];
}

export interface CheckResult {
  files: FileReport[];
  /** Configuration problems that did not stop the check (an unknown key), reported once each. */
  warnings: string[];
  /** Findings on project files outside the given paths: counted, not listed (the paths are the scope). */
  outOfScope: { count: number; files: string[] };
  /** Baseline files named in the `[tool.nb2prod]` sections that applied (absolute paths). */
  baselines: string[];
}

/** Exit 2 without the usage text: a missing path, nothing to check, invalid configuration. */
export class CheckError extends Error {}

/** What the command line adds to the configuration files. */
export interface CheckRequest {
  /** A file whose [tool.nb2prod] replaces the nearest pyproject.toml's. */
  configFile?: string;
  select?: string[];
  extendSelect?: string[];
  ignore?: string[];
  exclude?: string[];
  /** Text read from standard input, checked as if it were the file `name`. */
  stdin?: { name: string; text: string };
  /** Findings of unchanged files are read from here and new ones stored (run/cache.ts). */
  cache?: FindingsCache;
  /** Rule failures so far (Engine onRuleError): a file whose rule failed is not cached. */
  ruleFailures?: () => number;
  /** The report shows no source lines (every format but text): pool jobs send back no flagged cell's text. */
  noSources?: boolean;
  /** Results of the worker pool, by jobKey (a file's absolute path), each taken once (CheckRun.plan lists the jobs). */
  analyzed?: (key: string) => JobResult | undefined;
}

/** The names the check looks for in a folder (findPyproject, findProjectRoot). */
const MARKER_NAMES = new Set(['pyproject.toml', ...PROJECT_MARKERS]);

function isCandidate(file: string): boolean {
  return file.endsWith('.ipynb') || file.endsWith('.py');
}

/**
 * Files to check under the given paths, in a stable order; folders are walked without following links.
 * `exclude` is asked about folders and candidate files only: a folder's other files (images, data,
 * docs: over half of a repository's files) are dropped on their directory entry, neither stat'ed nor
 * matched against the globs (a warm check of /work/corpus/seen spent 430 of its 820 ms excluding them).
 * `seeFolder` is given each folder read that has entries other than links, with its entries, before
 * they are visited (the check reads the folder's configuration there, as it did when each of those
 * entries was excluded or not, and learns which project markers the folder holds without asking).
 */
export function collectFiles(inputs: string[], exclude: (file: string) => boolean, seeFolder?: (dir: string, entries: fs.Dirent[]) => void): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    const real = path.resolve(p);
    if (!seen.has(real)) {
      seen.add(real);
      out.push(p);
    }
  };
  /** A file listed but gone before it is reached (a race with the file system) is not checked. */
  const stillThere = (p: string) => {
    try {
      return fs.lstatSync(p).isFile();
    } catch {
      return false;
    }
  };
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => !e.isSymbolicLink())) seeFolder?.(dir, entries);
    for (const e of entries) {
      // Links are not followed inside folders; sockets and the like are not files.
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!exclude(p)) walk(p);
      } else if (e.isFile() && isCandidate(p) && !exclude(p) && stillThere(p)) add(p);
    }
  };
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p); // a path given is followed when it is a link
    } catch {
      out.push(p); // reported as unreadable
      return;
    }
    if (stat.isDirectory()) walk(p);
    else if (stat.isFile()) add(p);
  };
  for (const input of inputs) visit(input);
  return out;
}

function loadConfigFile(file: string, cwd: string): LocatedConfig {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(full, 'utf8');
  } catch (err) {
    throw new CheckError(`cannot read --config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return { root: path.dirname(full), ...parsePyprojectConfig(text) };
}

/**
 * path.relative(from, full) for normalised absolute paths: the tail when `full` is below `from`,
 * without normalising both again (else path.relative).
 */
function relativeTo(from: string, full: string): string {
  return full.length > from.length + 1 && full[from.length] === path.sep && full.startsWith(from) ? full.slice(from.length + 1) : path.relative(from, full);
}

/** A relative path with forward slashes (as the configuration's globs and the cache keys have them). */
function posix(rel: string): string {
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

function isUnder(file: string, inputs: string[]): boolean {
  return inputs.some((input) => file === input || file.startsWith(input.endsWith(path.sep) ? input : input + path.sep));
}

/**
 * A check whose walk is done: each found file's report is asked for in order (`report`),
 * then the project files' (`finish`). Nothing is kept between files but what the cache
 * and the project files need, so a caller that writes each report out holds one at a time.
 */
export interface CheckRun {
  /** Files found under the given paths, in report order. */
  found: string[];
  /** Jobs for the pool: the files the cache does not answer and their project roots, nothing read. */
  plan(): AnalysisJob[];
  /** One found file's report: from the cache, the pool (request.analyzed) or analysed here; undefined for a plain module. */
  report(file: string): FileReport | undefined;
  /** The project files' reports, once every found file has been reported (`reported` of them). */
  finish(reported: number): CheckResult;
  /** The baseline files the configuration names (known once the walk is done). */
  baselines(): string[];
  /** Where the reports came from so far (`--verbose`, and the tests of what a warm run skips). */
  stats(): CheckStats;
}

export interface CheckStats {
  /** Found files answered by the cache (no read, no analysis). */
  fromCache: number;
  /** Found files analysed: by the pool or in this thread. */
  analysed: number;
  /** Project roots whose own files' findings came from the cache, or were analysed. */
  projectsFromCache: number;
  projectsAnalysed: number;
  /** Project models built in this thread (the pool's workers build their own). */
  modelsBuilt: number;
}

export function runCheck(engine: Engine, inputs: string[], cwd: string, request: CheckRequest = {}): CheckResult {
  const run = startCheck(engine, inputs, cwd, request);
  const files: FileReport[] = [];
  for (const file of run.found) {
    const report = run.report(file);
    if (report) files.push(report);
  }
  const end = run.finish(files.length);
  return { ...end, files: [...files, ...end.files] };
}

export function startCheck(engine: Engine, inputs: string[], givenCwd: string, request: CheckRequest = {}): CheckRun {
  const cwd = path.resolve(givenCwd); // normalised: relativeTo below compares strings
  /**
   * path.resolve(cwd, file), for the file last asked about: the walk, the plan and the report ask a
   * dozen times per file, and each call normalises the path afresh (over 2,000 notebooks, a sixth of
   * what this thread allocated went to path.resolve).
   */
  let lastFile: string | undefined;
  let lastFull = '';
  const resolved = (file: string) => {
    if (file !== lastFile) {
      lastFull = path.resolve(cwd, file);
      lastFile = file;
    }
    return lastFull;
  };
  for (const input of inputs) {
    if (input !== '-' && !fs.existsSync(path.resolve(cwd, input))) throw new CheckError(`${input}: no such file or folder`);
  }
  const fixed = request.configFile ? loadConfigFile(request.configFile, cwd) : undefined;
  const warnings = new Set<string>();
  const baselines = new Set<string>();
  // Once per folder: the walk asks for every file and folder, the cache key for every file.
  const folders = new Map<string, { config: RuleConfig; root: string }>();
  const configFor = (file: string): { config: RuleConfig; root: string } => {
    const dir = path.dirname(resolved(file));
    let found = folders.get(dir);
    if (!found) folders.set(dir, (found = configOfFolder(dir)));
    return found;
  };
  // Each folder's pyproject.toml and project root are looked for up the tree: each path is asked about once.
  const existing = new Map<string, boolean>();
  const exists = (file: string) => {
    let yes = existing.get(file);
    if (yes === undefined) {
      // A folder the walk has read: the markers it holds are known (a link is followed, as existsSync does).
      const name = path.basename(file);
      const listed = MARKER_NAMES.has(name) ? listedMarkers.get(path.dirname(file)) : undefined;
      const entry = listed && (listed.get(name) ?? 'none');
      yes = entry === 'none' ? false : entry === 'entry' ? true : fs.existsSync(file);
      existing.set(file, yes);
    }
    return yes;
  };
  /** The project markers (and pyproject.toml) in each folder the walk read, by absolute path: `link` entries are asked about. */
  const listedMarkers = new Map<string, Map<string, 'entry' | 'link'>>();
  const seeFolder = (dir: string, entries: fs.Dirent[]) => {
    const full = path.resolve(cwd, dir);
    const markers = new Map<string, 'entry' | 'link'>();
    for (const e of entries) if (MARKER_NAMES.has(e.name)) markers.set(e.name, e.isSymbolicLink() ? 'link' : 'entry');
    listedMarkers.set(full, markers);
    configFor(path.join(full, '-'));
  };
  /**
   * The nearest folder at or above `dir` (absolute) that holds one of `names`, each folder asked
   * about once (findPyproject and findProjectRoot ask every folder up to /, for each folder).
   */
  const nearestWith = (names: readonly string[]) => {
    const memo = new Map<string, string | null>();
    const above = (dir: string): string | null => {
      let found = memo.get(dir);
      if (found === undefined) {
        const parent = path.dirname(dir);
        found = names.some((n) => exists(path.join(dir, n))) ? dir : parent === dir ? null : above(parent);
        memo.set(dir, found);
      }
      return found;
    };
    return above;
  };
  const pyprojectDir = nearestWith(['pyproject.toml']);
  const markedDir = nearestWith(PROJECT_MARKERS);
  /** findPyproject(dir) */
  const pyprojectAbove = (dir: string) => {
    const found = pyprojectDir(dir);
    return found === null ? undefined : path.join(found, 'pyproject.toml');
  };
  // Read once per pyproject.toml: every folder under it shares its configuration object (and its hash, its globs).
  const pyprojects = new Map<string | undefined, LocatedConfig>();
  const configs = new WeakMap<LocatedConfig, RuleConfig>();
  const configOfFolder = (dir: string): { config: RuleConfig; root: string } => {
    const pyproject = fixed ? undefined : pyprojectAbove(dir);
    let located = fixed ?? pyprojects.get(pyproject);
    if (!located) pyprojects.set(pyproject, (located = pyproject ? loadProjectConfig(path.dirname(pyproject)) : {}));
    if (located.error) throw new CheckError(`invalid configuration${located.root ? ` in ${path.relative(cwd, located.root) || '.'}` : ''}: ${located.error}`);
    for (const w of located.warnings ?? []) warnings.add(w);
    const baseline = baselineFileFor(located, rootOfFolder(dir), exists);
    if (baseline) baselines.add(baseline);
    let config = configs.get(located);
    if (!config) {
      configs.set(located, (config = mergeConfig(located.config)));
      if (request.select?.length) config.select = request.select.map((c) => c.toUpperCase());
      if (request.extendSelect?.length) config.select = [...config.select, ...request.extendSelect.map((c) => c.toUpperCase())];
      if (request.ignore?.length) config.ignore = [...config.ignore, ...request.ignore.map((c) => c.toUpperCase())];
      if (request.exclude?.length) config.exclude = [...config.exclude, ...request.exclude];
    }
    return { config, root: located.root ?? cwd };
  };
  // The project models of the last few roots (see engine/projectConfig.ts findProjectRoot): the walk visits a root's files together.
  const models = new ProjectModels(engine);
  const ruleFailures = () => request.ruleFailures?.() ?? 0;
  // Compiled once per configuration: matching runs for every file and folder of the walk.
  const globs = new WeakMap<RuleConfig, Minimatch[]>();
  const excluded = (file: string) => {
    const { config, root } = configFor(file);
    let matchers = globs.get(config);
    if (!matchers) globs.set(config, (matchers = [...DEFAULT_EXCLUDE, ...config.exclude].map((g) => new Minimatch(g, { dot: true }))));
    const full = resolved(file);
    let rel = posix(relativeTo(root, full));
    // A file outside the root (a folder given by an absolute or ../ path, no config of its own):
    // `**` never matches `..`, so match the absolute path, where `**/.ipynb_checkpoints/**` still holds.
    if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) rel = full.split(path.sep).join('/').replace(/^\/+/, '');
    return matchers.some((m) => m.match(rel) || m.match(rel + '/'));
  };
  const roots = new Map<string, string>();
  const rootOfFolder = (dir: string) => {
    let root = roots.get(dir);
    if (root === undefined) roots.set(dir, (root = markedDir(dir) ?? dir)); // findProjectRoot(dir)
    return root;
  };
  const rootOf = (full: string) => rootOfFolder(path.dirname(full));
  const shownPath = (file: string) => {
    const full = resolved(file);
    // Outside the working folder (path.relative would climb out with ..): the absolute path.
    if (path.sep === '/' && cwd !== '/' && full !== cwd && !full.startsWith(`${cwd}/`)) return full;
    const display = relativeTo(cwd, full) || file;
    return display.startsWith('..') ? full : display;
  };

  // The cache key of a file's findings, its content aside (run/cache.ts).
  const factsKeys = new Map<string, string>();
  const configKeys = new WeakMap<RuleConfig, string>(); // configFor gives a folder's files one object
  const cacheKey = (config: RuleConfig, root: string, file: string) => {
    let facts = factsKeys.get(root);
    if (facts === undefined) factsKeys.set(root, (facts = projectFactsKey(root)));
    let configKey = configKeys.get(config);
    if (configKey === undefined) configKeys.set(config, (configKey = configHash(config)));
    return sha256(configKey, facts, file);
  };
  const stats: CheckStats = { fromCache: 0, analysed: 0, projectsFromCache: 0, projectsAnalysed: 0, modelsBuilt: 0 };
  /** Project roots of the checked files, in the order first seen: their own files are checked below. */
  const projectRoots = new Set<string>();
  const projectFindings = new Map<string, FileFindings[]>();
  /**
   * NB302/NB401 and the module rules on the project's own files, when its first checked file
   * is seen (its model is at hand then): from the cache when the project facts are unchanged,
   * from the pool, or analysed here. The planning pass hands the job to the pool instead.
   */
  let plan: ((job: AnalysisJob) => void) | undefined;
  /** The planning pass's project jobs, by root: one asked for by a file not yet read waits for a notebook (ifNotebook). */
  const plannedProjects = new Map<string, ProjectJob>();
  const seeRoot = (root: string, ifNotebook = false) => {
    if (projectRoots.has(root)) {
      const planned = plannedProjects.get(root);
      if (planned && !ifNotebook) planned.ifNotebook = undefined;
      return;
    }
    projectRoots.add(root);
    // With the pool, its result is taken in finish(): it may not be there yet.
    if (!plan && request.analyzed) return;
    projectFilesOf(root, ifNotebook);
  };
  const projectFilesOf = (root: string, ifNotebook = false) => {
    if (projectFindings.has(root)) return; // from the cache in the planning pass
    const { cache, analyzed } = request;
    const config = configFor(path.join(root, 'pyproject.toml')).config;
    const key = cache ? cacheKey(config, root, '') : undefined;
    const cached = key ? cache?.getProject(root, key) : undefined;
    if (cached) {
      stats.projectsFromCache++;
      projectFindings.set(root, cached);
      return;
    }
    if (plan) {
      const job: ProjectJob = { kind: 'project', root, config, ifNotebook: ifNotebook || undefined };
      plannedProjects.set(root, job);
      plan(job);
      return;
    }
    let pooled = analyzed?.(jobKey({ kind: 'project', root })) as ProjectResult | undefined;
    if (!pooled || pooled.crashed || pooled.skipped) {
      const failuresBefore = ruleFailures();
      const model = models.get(root);
      const files = analyzeProjectFiles(model, config, (source) => engine.analyzeModule(source, config, model));
      pooled = { files, ruleFailed: ruleFailures() !== failuresBefore };
    }
    const files = pooled.files.map(({ file, findings }) => ({ file, findings }));
    stats.projectsAnalysed++;
    if (key && !pooled.ruleFailed) cache?.setProject(root, key, files);
    projectFindings.set(root, files);
  };

  /**
   * A file's report from its analysis, stored in the cache (whatever the file turned out to
   * be: a plain module too); `rawText` only for standard input (a notebook on disk is read
   * again when a format asks).
   */
  const toReport = (file: string, full: string, result: FileResult, st?: fs.Stats, rawText?: string): FileReport | undefined => {
    const root = rootOf(full);
    const { findings, fingerprints, sources } = result;
    stats.analysed++;
    if (request.cache && !result.ruleFailed && st && result.hash) {
      const rel = posix(relativeTo(root, full));
      const cells = result.percentCells?.map((c): [number, number | null] => [c.firstLine, c.percentIndex]);
      request.cache.set(full, cacheKey(configFor(file).config, root, rel), st, result.hash, { findings, fingerprints, kind: result.kind, cells });
    }
    if (result.kind === 'module') return undefined;
    if (result.kind === 'unreadable') return { path: shownPath(file), kind: 'unreadable', findings, fingerprints, sources };
    seeRoot(root);
    if (result.kind === 'percent') return { path: shownPath(file), kind: 'percent', findings, fingerprints, percentCells: result.percentCells, sources };
    const fileReport: FileReport = { path: shownPath(file), kind: 'ipynb', findings, fingerprints, sources };
    Object.defineProperty(fileReport, 'rawText', { get: () => rawText ?? readText(full), enumerable: true });
    return fileReport;
  };
  /** Analyses a file that the cache does not answer: planned for the pool, its result from the pool, else here. */
  const fresh = (file: string, st?: fs.Stats): FileReport | undefined => {
    const full = resolved(file);
    const root = rootOf(full);
    const rel = posix(relativeTo(root, full));
    const { config } = configFor(file);
    if (plan) {
      plan({ kind: 'file', file: full, rel, root, config, ...(request.cache ? {} : { noHash: true }), ...(request.noSources ? { noSources: true } : {}) });
      seeRoot(root, true); // planned early, near the root's files; run once one of them turns out to be a notebook
      return undefined;
    }
    const pooled = request.analyzed?.(full) as FileResult | undefined;
    return toReport(file, full, pooled ?? analyzeFile(engine, full, rel, config, () => models.get(root), ruleFailures, request.cache !== undefined), st);
  };
  /**
   * A file's stat and what the cache holds for it, looked up once: the planning pass keeps
   * them for the report pass (the stat taken before the pool reads the file).
   */
  const lookups = new Map<string, { st?: fs.Stats; cached?: CachedFindings }>();
  const lookUp = (file: string, full: string): { st?: fs.Stats; cached?: CachedFindings } => {
    const kept = lookups.get(full);
    if (kept) {
      lookups.delete(full);
      return kept;
    }
    if (!request.cache || !isCandidate(full)) return {};
    // Stat before reading: a change after the read makes the stored stat stale, never the findings.
    let st: fs.Stats;
    try {
      st = fs.statSync(full);
    } catch {
      return {}; // reported unreadable
    }
    const root = rootOf(full);
    const rel = posix(relativeTo(root, full));
    return { st, cached: request.cache.get(full, cacheKey(configFor(file).config, root, rel), st, () => readBytes(full)) };
  };
  /** A file the cache answers: its text is read only if a report format asks for it (nothing for a plain module). */
  const fromCache = (file: string, full: string, cached: CachedFindings): FileReport | undefined => {
    stats.fromCache++;
    const { findings, fingerprints } = cached;
    const kind = cached.kind ?? 'ipynb';
    if (kind === 'module') return undefined;
    if (kind === 'unreadable') return { path: shownPath(file), kind, findings, fingerprints, sources: [] };
    seeRoot(rootOf(full));
    const report = { path: shownPath(file), kind, findings, fingerprints } as FileReport;
    if (kind === 'percent') report.percentCells = (cached.cells ?? []).map(([firstLine, percentIndex]) => ({ firstLine, percentIndex }));
    let sources: string[] | undefined;
    // Only the flagged cells are kept once read: the text report shows their lines.
    const flagged = () => {
      if (!sources) {
        const text = readText(full);
        const loaded = text === undefined ? undefined : loadText(full, text);
        sources = loaded?.kind === kind ? flaggedSources(loaded.notebook.cells.map((c) => c.source), findings) : [];
      }
      return sources;
    };
    Object.defineProperty(report, 'sources', { get: flagged, enumerable: true });
    if (kind === 'ipynb') Object.defineProperty(report, 'rawText', { get: () => readText(full), enumerable: true });
    return report;
  };

  /** A found file's report (or its job, when planning): from the cache, else fresh. */
  const reportOf = (file: string): FileReport | undefined => {
    if (request.stdin) {
      const { name, text } = request.stdin;
      const full = path.resolve(cwd, name);
      const root = rootOf(full);
      const rel = path.relative(root, full).split(path.sep).join('/');
      return toReport(name, full, analyzeLoaded(engine, loadText(name, text), rel, configFor(name).config, () => models.get(root), ruleFailures), undefined, text);
    }
    const full = resolved(file);
    const { st, cached } = lookUp(file, full);
    if (plan) {
      lookups.set(full, { st, cached });
      if (cached) fromCache(file, full, cached); // its project root, in the walk's order
      else fresh(file, st);
      return undefined;
    }
    return cached ? fromCache(file, full, cached) : fresh(file, st);
  };

  const found = request.stdin ? [request.stdin.name] : collectFiles(inputs, excluded, seeFolder);
  if (request.stdin) configFor(request.stdin.name); // its configuration's baseline, before the report
  return {
    found,
    baselines: () => [...baselines],
    plan() {
      const jobs: AnalysisJob[] = [];
      plan = (job) => jobs.push(job);
      try {
        if (!request.stdin) for (const file of found) reportOf(file);
      } finally {
        plan = undefined;
        plannedProjects.clear();
        projectRoots.clear(); // the real pass sees them again, in its order
        stats.fromCache = 0; // counted when reported
      }
      return jobs;
    },
    report: reportOf,
    finish,
    stats: () => ({ ...stats, modelsBuilt: models.built }),
  };

  function finish(reported: number): CheckResult {
    // Explicit files (a pre-commit hook passes plain modules too) may hold nothing to check; folders must.
    const onlyFolders = !request.stdin && inputs.every((i) => fs.statSync(path.resolve(cwd, i)).isDirectory());
    if (reported === 0 && onlyFolders) {
      throw new CheckError(`no notebook (.ipynb) or percent-format script (# %% cells) found in ${inputs.join(', ')}`);
    }
    const files: FileReport[] = [];
    // Findings on the project's own files (modules, requirements): listed when the file is
    // under the given paths, else only counted.
    const scope = request.stdin ? [] : inputs.map((i) => path.resolve(cwd, i));
    const outOfScope = { count: 0, files: [] as string[] };
    // A module inside a nested project (an example's src/ below the repository's pyproject.toml) is
    // analysed from both roots: report it once, as the nearest root sees it.
    const nearest = new Map<string, { root: string; file: string; findings: Finding[] }>();
    for (const root of projectRoots) {
      if (!projectFindings.has(root)) projectFilesOf(root);
      for (const { file, findings } of projectFindings.get(root) ?? []) {
        const full = path.join(root, file);
        const seen = nearest.get(full);
        if (!seen || seen.root.length < root.length) nearest.set(full, { root, file, findings });
      }
    }
    for (const [full, { file, findings }] of nearest) {
      if (excluded(full)) continue;
      if (!isUnder(full, scope)) {
        outOfScope.count += findings.length;
        outOfScope.files.push(shownPath(full));
        continue;
      }
      let text = '';
      try {
        text = fs.readFileSync(full, 'utf8');
      } catch {
        // A file that vanished since the scan: the findings still stand, without their line text.
      }
      const fingerprints = findings.map((f) => findingFingerprint(f, file, [], text));
      files.push({ path: shownPath(full), kind: 'file', findings, fingerprints, sources: [text] });
    }
    return { files, warnings: [...warnings], outOfScope, baselines: [...baselines] };
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readBytes(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
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
