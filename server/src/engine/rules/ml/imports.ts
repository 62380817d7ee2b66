// What a notebook's own imports make of a callee: `np.random.rand` is
// `numpy.random.rand` only where the notebook ran `import numpy as np`. The NB5xx
// rules match library calls through this, never by a bare name.
import type { CellSummary } from '../../cellSummary';
import type { CodeCell } from '../../dataflow';
import type { CallFact } from '../../mlFacts';
import type { Range } from '../../types';
import type { NotebookFacts } from '../rule';
import { memoByObject } from '../../detectors/memo';

export interface ResolvedCall {
  cell: number;
  call: CallFact;
  /** Fully qualified callee (`sklearn.model_selection.train_test_split`), or undefined when no import explains it. */
  qualified?: string;
}

/** One per analysis: the NB5xx rules share the alias map, the qualified names and the call list. */
const PER_ANALYSIS = new WeakMap<readonly CodeCell[], NotebookImports>();

/**
 * Qualified names per import map, shared by analyses: a keystroke that changes no import
 * resolves no callee again. Keyed by the map written out; the few latest maps are kept.
 */
interface ImportMap {
  qualified: Map<string, string | undefined>;
}
const IMPORT_MAPS = new Map<string, ImportMap>();
const IMPORT_MAPS_KEPT = 32;

/** A cell's calls resolved under one import map, at one cell index (summaries are cached by cell text). */
const RESOLVED_BY_CELL = new WeakMap<CellSummary, { map: ImportMap; index: number; calls: ResolvedCall[] }>();

export class NotebookImports {
  private readonly aliases = new Map<string, string>();
  private readonly qualified: Map<string, string | undefined>;
  private readonly map: ImportMap;
  private resolved?: ResolvedCall[];
  private byCell?: ResolvedCall[][];

  /**
   * Local names imported from different libraries in different cells (`from openai import OpenAI`, later
   * `from llama_index.llms.openai import OpenAI`), with each import's cell: a call takes the latest at or above its cell.
   */
  private readonly shadowed = new Map<string, { cell: number; qualified: string }[]>();

  private constructor(private readonly cells: readonly CodeCell[]) {
    const imported = new Map<string, { cell: number; qualified: string }[]>();
    for (const c of cells) {
      for (const a of c.summary.ml.aliases) {
        const first = this.aliases.get(a.local);
        if (first === undefined) this.aliases.set(a.local, a.qualified);
        let list = imported.get(a.local);
        if (!list) imported.set(a.local, (list = []));
        list.push({ cell: c.index, qualified: a.qualified });
        // Within one library the name is the same object (`from sklearn.tree import tree`, then `tree.DecisionTreeRegressor`).
        if (first !== undefined && topPackage(a.qualified) !== topPackage(first)) this.shadowed.set(a.local, list);
      }
    }
    let key = '';
    for (const [local, qualified] of this.aliases) key += `${local}=${qualified}\n`;
    for (const [local, list] of this.shadowed) for (const { cell, qualified } of list) key += `${local}@${cell}=${qualified}\n`;
    let map = IMPORT_MAPS.get(key);
    if (map) IMPORT_MAPS.delete(key); // re-inserted below: the most recent is kept longest
    else map = { qualified: new Map() };
    IMPORT_MAPS.set(key, map);
    if (IMPORT_MAPS.size > IMPORT_MAPS_KEPT) IMPORT_MAPS.delete(IMPORT_MAPS.keys().next().value as string);
    this.map = map;
    this.qualified = map.qualified;
  }

  /** The notebook's imports, built once per analysis (the code cells array is new for each). */
  static of(cells: readonly CodeCell[]): NotebookImports {
    let imports = PER_ANALYSIS.get(cells);
    if (!imports) PER_ANALYSIS.set(cells, (imports = new NotebookImports(cells)));
    return imports;
  }

  /** The local name a module is reachable by (`np` for numpy), when the notebook imported it as a whole. */
  localNameOf(module: string): string | undefined {
    for (const [local, qualified] of this.aliases) if (qualified === module) return local;
    return undefined;
  }

  private *allImported(): Iterable<string> {
    yield* this.aliases.values();
    for (const list of this.shadowed.values()) for (const { qualified } of list) yield qualified;
  }

  /** Answers by prefix: NB507 asks for a dozen libraries per call of a function (no string built per question). */
  private readonly imported = new Map<string, boolean>();

  imports(prefix: string): boolean {
    let answer = this.imported.get(prefix);
    if (answer === undefined) {
      answer = false;
      for (const qualified of this.allImported()) {
        if (qualified === prefix || (qualified.length > prefix.length && qualified.charCodeAt(prefix.length) === 46 /* . */ && qualified.startsWith(prefix))) {
          answer = true;
          break;
        }
      }
      this.imported.set(prefix, answer);
    }
    return answer;
  }

  qualify(callee: string): string | undefined {
    if (this.qualified.has(callee)) return this.qualified.get(callee);
    const result = this.qualifyUncached(callee);
    this.qualified.set(callee, result);
    return result;
  }

  /** The callee qualified by the imports a Restart & Run All has run when it reaches `cell` (see shadowed). */
  private qualifyIn(callee: string, cell: number): string | undefined {
    const dot = callee.indexOf('.');
    const list = this.shadowed.get(dot < 0 ? callee : callee.slice(0, dot));
    if (!list) return this.qualify(callee);
    // A call above every import of the name takes the first (as the notebook-wide map does).
    let module = list[0].qualified;
    for (const entry of list) if (entry.cell <= cell) module = entry.qualified;
    return dot < 0 ? module : `${module}${callee.slice(dot)}`;
  }

  private qualifyUncached(callee: string): string | undefined {
    const dot = callee.indexOf('.');
    const head = dot < 0 ? callee : callee.slice(0, dot);
    const module = this.aliases.get(head);
    if (!module) return undefined;
    return dot < 0 ? module : `${module}${callee.slice(dot)}`;
  }

  /** Every call of the notebook in document order, with its qualified name. */
  calls(): ResolvedCall[] {
    if (!this.resolved) {
      this.resolved = [];
      for (const calls of this.callsByCell()) for (const r of calls) this.resolved.push(r);
    }
    return this.resolved;
  }

  /**
   * The calls cell by cell (cells without calls left out), in document order. A cell's array
   * stays the same object while its text, position and the import map do: rules may keep
   * per-cell facts keyed by it.
   */
  callsByCell(): readonly (readonly ResolvedCall[])[] {
    if (!this.byCell) {
      this.byCell = [];
      for (const c of this.cells) {
        if (c.summary.ml.calls.length === 0) continue;
        let cell = RESOLVED_BY_CELL.get(c.summary);
        if (!cell || cell.map !== this.map || cell.index !== c.index) {
          cell = { map: this.map, index: c.index, calls: c.summary.ml.calls.map((call) => ({ cell: c.index, call, qualified: this.qualifyIn(call.callee, c.index) })) };
          RESOLVED_BY_CELL.set(c.summary, cell);
        }
        this.byCell.push(cell.calls);
      }
    }
    return this.byCell;
  }
}

function topPackage(qualified: string): string {
  const dot = qualified.indexOf('.');
  return dot < 0 ? qualified : qualified.slice(0, dot);
}

const CALLS_KEY = new WeakMap<CellSummary, string>();

/**
 * What a rule that resolves calls through NotebookImports reads of a cell, written out: its
 * import aliases and calls (Rule.reads); `more` adds what else the rule reads of it.
 */
export function callsKey(summary: CellSummary, more?: unknown): string {
  let key = CALLS_KEY.get(summary);
  if (key === undefined) CALLS_KEY.set(summary, (key = summary.ml.aliases.length === 0 && summary.ml.calls.length === 0 ? '' : JSON.stringify([summary.ml.aliases, summary.ml.calls])));
  return more === undefined ? key : `${key}|${JSON.stringify(more)}`;
}

/** Text that adds `argument` to a call: `, x=1` after existing arguments, `x=1` in empty parentheses. */
export function argumentInsertion(call: CallFact, argument: string): { line: number; character: number; text: string } {
  return { ...call.closeParen, text: call.hasArguments ? `, ${argument}` : argument };
}

/**
 * `rf_new = RandomForestRegressor(…)` that nothing reads before the name is bound again (or ever): the
 * estimator is never fitted or used, so nothing random reaches a result (a constructor shown for its API),
 * and its keyword settings configure nothing (NB501; NB205 with `rebound`: only an object bound again before any
 * use, unconditionally, counts there, as one never read may be an API shown for copying).
 */
export function resultNeverUsed(cellIndex: number, call: CallFact, codeCells: readonly CodeCell[], options: { rebound?: boolean } = {}): boolean {
  const name = call.assignedTo;
  if (!name || !call.topLevel) return false;
  const at = call.range.end;
  const after = (r: { start: { line: number; character: number } }) => r.start.line > at.line || (r.start.line === at.line && r.start.character >= at.character);
  const index = usesOf(codeCells);
  const from = index.position.get(cellIndex);
  if (from === undefined) return false;
  // The first read, binding or change of the name after the call, in cell order (events in their order in a cell).
  const uses = usesOfName(index, name);
  let next: NameUse | undefined;
  for (let i = firstAtOrAfter(uses, from, (u) => u.position); i < uses.length; i++) {
    const u = uses[i];
    if (u.position === from && !after(u.range)) continue;
    next = u;
    break;
  }
  // A cell that may bind anything (`%run`, `exec`) or that reads it in a function body counts as a use;
  // within one cell the events come first.
  const unknownAt = index.unknown[firstAtOrAfter(index.unknown, from, (p) => p)];
  const deferred = index.deferred.get(name) ?? [];
  const deferredAt = deferred[firstAtOrAfter(deferred, from, (p) => p)];
  const opaque = Math.min(unknownAt ?? Infinity, deferredAt ?? Infinity);
  if (next && next.position <= opaque) return next.kind === 'def' && (!options.rebound || next.range.start.character === 0);
  if (opaque !== Infinity) return false;
  return !options.rebound;
}

/** Names that results of calls are bound to at the top of a cell (`rf = RandomForestRegressor()`, `models = [Lasso(), MLPRegressor()]`), per cell summary. */
const resultNames = memoByObject((summary: CellSummary): readonly string[] =>
  summary.ml.calls.flatMap((c) => (c.topLevel ? [c.assignedTo, c.listedIn].filter((n): n is string => n !== undefined) : [])));

/**
 * The names resultNeverUsed can be asked about: the only ones whose reads and bindings in other cells
 * NB501 and NB205 follow (their Rule.reads.notebookFacts).
 */
export const followedResults = memoByObject((codeCells: readonly CodeCell[]): NotebookFacts => {
  // Once per analysis (the code cells array is new for each): NB501 and NB205 both ask.
  const names = new Set<string>();
  for (const c of codeCells) for (const n of resultNames(c.summary)) names.add(n);
  return { key: [...names].sort().join(','), names };
});

/**
 * What a cell does with the names resultNeverUsed follows, for a rule's cell key: their reads, bindings and
 * changes (where: a binding at a line's start counts), reads in function bodies, and whether it may bind anything.
 */
export function followedUsesKey(summary: CellSummary, facts: NotebookFacts | undefined): string {
  const names = facts?.names;
  const uses = summary.events.flatMap((e) => (e.kind === 'unknown' ? ['?']
    : (e.kind === 'read' || e.kind === 'def' || e.kind === 'mutate') && (!names || names.has(e.name)) ? [`${e.kind[0]}${e.name}@${e.range.start.line}:${e.range.start.character}`] : []));
  const deferred = summary.deferredReads.flatMap((r) => (!names || names.has(r.name) ? [r.name] : []));
  return `${uses.join(',')}|${deferred.join(',')}`;
}

interface NameUse {
  /** Position of its cell in `codeCells`. */
  position: number;
  kind: 'read' | 'def' | 'mutate';
  range: Range;
}

/** What one cell does with its module-level names, kept per cell summary (cached by cell text). */
interface CellUses {
  uses: Map<string, { kind: 'read' | 'def' | 'mutate'; range: Range }[]>;
  unknown: boolean;
  deferred: Set<string>;
}

const cellUses = memoByObject((summary: CellSummary): CellUses => {
  const uses = new Map<string, { kind: 'read' | 'def' | 'mutate'; range: Range }[]>();
  let unknown = false;
  for (const e of summary.events) {
    if (e.kind === 'unknown') unknown = true;
    else if (e.kind === 'read' || e.kind === 'def' || e.kind === 'mutate') {
      let list = uses.get(e.name);
      if (!list) uses.set(e.name, (list = []));
      list.push({ kind: e.kind, range: e.range });
    }
  }
  return { uses, unknown, deferred: new Set(summary.deferredReads.map((d) => d.name)) };
});

interface UseIndex {
  position: Map<number, number>;
  /** Per name asked for, its uses in cell order (built on the first question). */
  uses: Map<string, NameUse[]>;
  /** Positions of cells with an event that may bind anything. */
  unknown: number[];
  /** Per name asked for, positions of cells that read it in a function body. */
  deferred: Map<string, number[]>;
  cells: readonly CellUses[];
}

/**
 * The uses of the names asked about, once per analysis: resultNeverUsed asks for each call of a notebook, and
 * walking the cells after each one cost NB501 and NB205 a whole notebook per call (150 ms per edit at 10,000 cells).
 * Each cell's uses are kept with its summary, so an analysis only collects the names it asks about.
 */
const USE_INDEX = new WeakMap<readonly CodeCell[], UseIndex>();

function usesOf(codeCells: readonly CodeCell[]): UseIndex {
  let index = USE_INDEX.get(codeCells);
  if (index) return index;
  const cells = codeCells.map((c) => cellUses(c.summary));
  index = { position: new Map(codeCells.map((c, i) => [c.index, i])), uses: new Map(), unknown: [], deferred: new Map(), cells };
  for (let position = 0; position < cells.length; position++) if (cells[position].unknown) index.unknown.push(position);
  USE_INDEX.set(codeCells, index);
  return index;
}

function usesOfName(index: UseIndex, name: string): NameUse[] {
  let list = index.uses.get(name);
  if (list) return list;
  list = [];
  const deferred: number[] = [];
  for (let position = 0; position < index.cells.length; position++) {
    const cell = index.cells[position];
    for (const u of cell.uses.get(name) ?? []) list.push({ position, kind: u.kind, range: u.range });
    if (cell.deferred.has(name)) deferred.push(position);
  }
  index.uses.set(name, list);
  index.deferred.set(name, deferred);
  return list;
}

/** The first index of a list sorted by position whose position is at least `from`. */
function firstAtOrAfter<T>(list: readonly T[], from: number, positionOf: (item: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positionOf(list[mid]) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
