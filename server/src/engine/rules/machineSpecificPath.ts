import type { CellSummary, StringLiteral } from '../cellSummary';
import { classifyPath, describePath } from '../detectors/paths';
import { clonesInto, createsFolder } from '../knowledge/localStores';
import type { MagicLine } from '../magics';
import type { CallFact } from '../mlFacts';
import type { Range } from '../types';
import { cellSuppressions, isSuppressed } from '../suppress';
import { shown, type Rule, type RuleFinding } from './rule';

/** Test fixtures may hold any path: they describe inputs, not the author's machine. */
const FIXTURE_PATH = /(?:^|\/)(?:tests?|fixtures?|testdata)\//;

/**
 * NB201: paths that only exist on the author's machine. Each cell is judged alone, except that a
 * home-relative path (`~/…`) an earlier cell (or the same one) creates is not reported: `!mkdir -p
 * ~/tmp/lab` in cell 3 makes `os.listdir(os.path.expanduser("~/tmp/lab"))` in cell 5 work in any home.
 */
export const machineSpecificPath: Rule = {
  code: 'NB201',
  name: 'machine-specific-path',
  defaultSeverity: 'warning',
  // A pragma on one place moves the group's finding to the next place, so the cell's pragmas are read too.
  reads: { cellKey: (c, cell, config) => JSON.stringify([cellPaths(c.summary, config.allowedPaths), cell.source.includes('nb2prod') ? pragmaLines(cell.source) : []]) },
  check({ codeCells, cells, config, path }) {
    if (path && FIXTURE_PATH.test(path)) return [];
    const findings: RuleFinding[] = [];
    const created = new Set<string>();
    // The last cell that searches each list: a candidate is excused when its own cell or a later one searches it.
    const searchedUntil = new Map<string, number>();
    for (const cell of codeCells) for (const name of cellPaths(cell.summary, config.allowedPaths).searched) searchedUntil.set(name, cell.index);
    // One finding per kind of place (Kaggle's input, a Colab runtime, the author's home …): a notebook that names
    // /kaggle/input in 29 places is one fact, shown where it first appears with the other places related (holdout17).
    const byKind = new Map<string, RuleFinding>();
    for (const cell of codeCells) {
      const paths = cellPaths(cell.summary, config.allowedPaths);
      for (const made of paths.created) created.add(made);
      const pragmas = cellSuppressions(cells[cell.index].source);
      for (const f of paths.findings) {
        if (f.home !== undefined && created.has(f.home)) continue;
        if (f.list !== undefined && (searchedUntil.get(f.list) ?? -1) >= cell.index) continue;
        // A place silenced by its own pragma leaves the group; the finding stands on the next place of its kind.
        if (pragmas && isSuppressed({ code: 'NB201', severity: 'warning', message: '', cell: cell.index, range: f.range, related: [] }, pragmas)) continue;
        const first = byKind.get(f.kind);
        if (first) {
          (first.related ??= []).push({ cell: cell.index, range: f.range, message: `also here: "${f.shown}"` });
          continue;
        }
        const finding: RuleFinding = { cell: cell.index, range: f.range, message: f.message };
        byKind.set(f.kind, finding);
        findings.push(finding);
      }
    }
    for (const f of findings) {
      const more = f.related?.length ?? 0;
      if (more > 0) f.message = f.message.replace("the author's machine.", `the author's machine (${more} more ${more === 1 ? 'place' : 'places'} like it in this notebook).`);
    }
    return findings;
  },
};

/** The cell's pragma lines, as written. */
function pragmaLines(source: string): string[] {
  return source.split('\n').filter((line) => line.includes('nb2prod'));
}

interface CellPaths {
  /** The cell's findings judged from the cell alone; `home`: the `~/…` path, normalised, that a creation elsewhere may excuse. */
  findings: { range: Range; message: string; kind: string; shown: string; home?: string; list?: string }[];
  /** Home-relative paths (`~/…`, normalised) the cell creates: folders made or written by its magics, stores its calls create. */
  created: string[];
  /**
   * Lists the cell searches (`for p in PATHS: if p.exists(): …`). A finding's `list`: the module-level list with a
   * configured path (`from utils import DATA_PATH`, `os.environ`) that holds the literal as a fallback, excused where
   * a cell searches that list (holdout14, ml4t's WIKI_PATHS tried in a later cell).
   */
  searched: string[];
}

/** Per summary (cached by cell text) and allowed-path list: an edit recomputes the changed cells only. */
const CELL_PATHS = new WeakMap<CellSummary, { allowed: readonly string[]; paths: CellPaths }>();

function cellPaths(summary: CellSummary, allowed: readonly string[]): CellPaths {
  const kept = CELL_PATHS.get(summary);
  if (kept && kept.allowed === allowed) return kept.paths;
  const paths: CellPaths = { findings: [], created: createdByMagics(summary.magics), searched: summary.searchedLists ?? [] };
  for (const literal of summary.strings) {
    const kind = classifyPath(literal, allowed);
    if (!kind) continue;
    const tilde = kind === 'home' && TILDE.test(literal.value);
    if (tilde && (createdInAnyHome(literal, summary.ml.calls) || clonedInAnyHome(literal, summary) || madeByShellInAnyHome(literal, summary))) {
      paths.created.push(normalised(literal.value));
      continue;
    }
    paths.findings.push({
      range: literal.range,
      message: `"${shown(literal.value)}" is ${describePath(kind)}: it only works on the author's machine. Move it to configuration.`,
      kind,
      shown: shown(literal.value),
      ...(tilde ? { home: normalised(literal.value) } : {}),
      ...(literal.context.candidateOf !== undefined ? { list: literal.context.candidateOf } : {}),
    });
  }
  CELL_PATHS.set(summary, { allowed, paths });
  return paths;
}

const TILDE = /^~[/\\]/;

function normalised(value: string): string {
  return value.replace(/\\/g, '/').replace(/\/+$/, '');
}

/** `!mkdir -p ~/tmp/lab` (or `%mkdir`) and `%%writefile ~/tmp/run.sh`: home-relative paths the notebook makes. */
function createdByMagics(magics: readonly MagicLine[]): string[] {
  const made: string[] = [];
  for (const m of magics) {
    const args = m.args.split(/\s+/).map((a) => a.replace(/^(["'])(.*)\1$/, '$2'));
    if (m.name === 'mkdir' && (m.kind === 'shell' || m.kind === 'line-magic' || m.kind === 'automagic')) {
      made.push(...args.filter((a) => TILDE.test(a)).map(normalised));
    } else if (m.name === 'writefile' && m.kind === 'cell-magic') {
      const file = args.find((a) => !a.startsWith('-'));
      if (file !== undefined && TILDE.test(file)) made.push(normalised(file));
    }
  }
  return made;
}

/**
 * `lancedb.connect("~/lancedb")`, or `uri = "~/lancedb"` (a variable or a parameter's default) given
 * in the same cell to such a call: a store the library creates in whatever home runs it, not a
 * folder of the author's (knowledge/localStores.ts). A path with a user name stays reported.
 */
function createdInAnyHome(literal: StringLiteral, calls: readonly CallFact[]): boolean {
  if (!/^~[/\\]/.test(literal.value)) return false;
  const { callee, keyword, target, parameter, argIndex } = literal.context;
  if (callee !== undefined) {
    return calls.some((c) => {
      const text = textOf(c, keyword, argIndex);
      return c.callee === callee && text !== undefined && (text === `"${literal.value}"` || text === `'${literal.value}'`) && createsFolder(c, text);
    });
  }
  const name = target ?? parameter;
  return name !== undefined && /^[A-Za-z_]\w*$/.test(name) && calls.some((c) => createsFolder(c, name));
}

/**
 * `GYM_DIR = os.path.expanduser("~/Gym")` then `subprocess.run(["git", "clone", url, GYM_DIR])` in the
 * same cell: a folder the notebook clones into whatever home runs it. Only when `expanduser` is the
 * whole right-hand side (no call around it on the line) and the name is the only one bound there.
 */
function clonedInAnyHome(literal: StringLiteral, summary: CellSummary): boolean {
  const { callee, argIndex } = literal.context;
  if (!/^~[/\\]/.test(literal.value) || callee !== 'os.path.expanduser' || argIndex !== 0) return false;
  const line = literal.range.start.line;
  const bound = summary.events.filter((e) => e.kind === 'def' && e.range.start.line === line);
  const onLine = summary.ml.calls.filter((c) => c.range.start.line === line);
  if (bound.length !== 1 || onLine.length !== 1 || onLine[0].callee !== callee) return false;
  const name = (bound[0] as { name: string }).name;
  return summary.ml.calls.some((c) => clonesInto(c, name) || (/^os\.(?:makedirs|mkdir)$/.test(c.callee) && c.firstArg === name));
}

/**
 * `spectrum_clone_folder = "~/spectrum"` then `!git clone https://… {spectrum_clone_folder}` (or `!mkdir -p
 * $folder`) in the same cell: the shell makes the folder in whatever home runs it (holdout18, a workshop's set-up).
 */
function madeByShellInAnyHome(literal: StringLiteral, summary: CellSummary): boolean {
  const name = literal.context.target;
  if (name === undefined || !/^[A-Za-z_]\w*$/.test(name) || literal.context.callee !== undefined) return false;
  // The name bound to the literal on its line (not a dict key of that name).
  if (!summary.events.some((e) => e.kind === 'def' && e.name === name && e.range.start.line === literal.range.start.line)) return false;
  const given = new RegExp(`(?:^|\\s)(?:\\{${name}\\}|\\$${name}|\\$\\{${name}\\})(?:\\s|$)`);
  return summary.magics.some((m) => m.kind === 'shell' && ((m.name === 'git' && /^clone\s/.test(m.args)) || m.name === 'mkdir') && given.test(m.args));
}

/** The text of the argument a literal stands in: its keyword's value, or the first positional argument. */
function textOf(c: CallFact, keyword: string | undefined, argIndex: number | undefined): string | undefined {
  if (keyword !== undefined) return c.values[c.keywords.indexOf(keyword)];
  return argIndex === 0 ? c.firstArg : undefined;
}

