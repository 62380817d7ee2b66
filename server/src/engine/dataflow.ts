// Cross-cell dataflow in document order: what "Restart & Run All" does. One pass
// over the cached cell summaries yields the facts the state rules report on.
import { isBuiltinOrKernelGlobal } from './builtins';
import { kernelGlobals, SPARK_GLOBAL_CALL } from './knowledge/kernels';
import type { CellSummary, FunctionSummary } from './cellSummary';
import type { Range } from './types';

export interface CodeCell {
  /** Index among all cells of the notebook. */
  index: number;
  summary: CellSummary;
  executionCount: number | null;
}

export interface Site {
  cell: number;
  range: Range;
}

/** A read that fails on Restart & Run All because the name is bound only later. */
export interface ReadBeforeDefine extends Site {
  name: string;
  definedAt: Site;
  /** Set when the read happens inside a function the cell calls. */
  via?: { fn: string; readAt: Site };
}

/** A read of a name that nothing in the notebook binds (or that a cell deleted). */
export interface UndefinedRead extends Site {
  name: string;
  deletedAt?: Site;
  /** Set when the read is in a function or lambda body (it fails when that runs). */
  owner?: string;
}

/** A cell that changes a global an earlier cell made: running it twice changes the state. */
export interface NonIdempotentChange extends Site {
  name: string;
  how: 'rebinds' | 'mutates';
  detail: string;
  definedAt: Site;
}

export interface DocumentOrderFlow {
  readBeforeDefine: ReadBeforeDefine[];
  undefinedReads: UndefinedRead[];
  nonIdempotent: NonIdempotentChange[];
  /** Reads of names no cell binds, resolved only because a magic above (`%run x`, `%store -r`) may bind any name (NB109). */
  readsFromUnknown: (Site & { name: string; deferred?: boolean })[];
}

interface Binding extends Site {
  fn?: FunctionSummary;
  /** Bound by an import: `os.remove(f)` calls a module function, it mutates nothing of the notebook's. */
  imported?: boolean;
}

interface DefSite extends Site {
  /** Position of the defining cell among code cells, and of the event in the cell. */
  order: number;
  event: number;
  /** `x *= 2`, `x = x + 1`: made from the old value, so it defines nothing for a read above it. */
  fromOld?: boolean;
}

export function documentOrderFlow(cells: readonly CodeCell[], metadata?: Record<string, unknown>): DocumentOrderFlow {
  return flowPass(cells, providedGlobals(cells, metadata)).flow;
}

/** Globals a Spark or Databricks kernel defines before the first cell runs. */
export function providedGlobals(cells: readonly CodeCell[], metadata?: Record<string, unknown>, facts = cells.map((c) => cellFlowFacts(c.summary))): ReadonlySet<string> {
  return kernelGlobals(metadata, facts.some((f) => f.importsPyspark));
}

/** What the incremental pass (flowCache.ts) needs to know of a cell, computed once per summary. */
export interface CellFlowFacts {
  /** Every name the cell's events, deferred reads and functions mention. */
  names: ReadonlySet<string>;
  /** For each function the cell binds: the binding name and the names a call of it may read or call. */
  functions: readonly (readonly [string, readonly string[]])[];
  /** Index of the first 'unknown' event, or -1. */
  firstUnknown: number;
  importsPyspark: boolean;
}

const FLOW_FACTS = new WeakMap<CellSummary, CellFlowFacts>();

/** Index of the cell's first 'unknown' event, or -1. */
export function firstUnknownEvent(summary: CellSummary): number {
  return summary.events.findIndex((ev) => ev.kind === 'unknown');
}

/** A pyspark import, or `sc.textFile(…)` / `dbutils.fs.ls(…)`: the notebook runs where the kernel provides them. */
export function usesSpark(summary: CellSummary): boolean {
  return summary.imports.some((i) => i.modules.some((m) => m === 'pyspark' || m.startsWith('pyspark.'))) || summary.ml.calls.some((k) => SPARK_GLOBAL_CALL.test(k.callee));
}

export function cellFlowFacts(summary: CellSummary): CellFlowFacts {
  let facts = FLOW_FACTS.get(summary);
  if (facts) return facts;
  const names = new Set<string>();
  const functions: [string, string[]][] = [];
  for (const ev of summary.events) {
    if (ev.kind === 'unknown') continue;
    names.add(ev.name);
    if (ev.kind === 'def' && ev.fn) {
      const reached = [ev.fn.name, ...ev.fn.reads.map((r) => r.name), ...ev.fn.calls];
      functions.push([ev.name, reached]);
      for (const n of reached) names.add(n);
    }
  }
  for (const read of summary.deferredReads) names.add(read.name);
  facts = {
    names,
    functions,
    firstUnknown: firstUnknownEvent(summary),
    importsPyspark: usesSpark(summary),
  };
  FLOW_FACTS.set(summary, facts);
  return facts;
}

/** Where an entry was produced: entries of the main pass by (cell, event), then the deferred reads by (cell, read). */
const CELL_KEY = 2 ** 21;
const DEFERRED_KEY = 2 ** 51;

/** The flow with a sort key per entry, parallel to each list (see flowCache.ts). */
export interface KeyedFlow {
  flow: DocumentOrderFlow;
  keys: { [K in keyof DocumentOrderFlow]: number[] };
}

/**
 * The document-order pass. With `only`, just the events and deferred reads of those names
 * are followed (the caller guarantees that no other name's state matters to them, see
 * flowCache.ts), and `relevant` lists the positions of the cells that mention them.
 * `facts`: the cells' cellFlowFacts, when the caller has them at hand.
 */
export function flowPass(cells: readonly CodeCell[], provided: ReadonlySet<string>, only?: ReadonlySet<string>, relevant?: readonly number[], facts?: readonly Pick<CellFlowFacts, 'firstUnknown'>[]): KeyedFlow {
  const known = (name: string) => isBuiltinOrKernelGlobal(name) || provided.has(name);
  // 'unknown' events count by position: every event after the first one sees it.
  let unknownKey = Infinity;
  for (let order = 0; order < cells.length; order++) {
    const at = (facts?.[order] ?? cellFlowFacts(cells[order].summary)).firstUnknown;
    if (at >= 0) {
      unknownKey = order * CELL_KEY + at;
      break;
    }
  }
  const unknownAnywhere = unknownKey !== Infinity;
  const orders = relevant ?? cells.map((_, order) => order);
  const follows = (name: string) => only === undefined || only.has(name);

  const defSites = new Map<string, DefSite[]>();
  for (const order of orders) {
    const cell = cells[order];
    cell.summary.events.forEach((ev, event) => {
      if (ev.kind === 'def' && follows(ev.name)) {
        let sites = defSites.get(ev.name);
        if (!sites) defSites.set(ev.name, (sites = []));
        sites.push({ cell: cell.index, range: ev.range, order, event, fromOld: ev.update !== undefined });
      }
    });
  }

  // `x *= 2` and `x = f(x)` read and bind the same `x`: the statement's own target is not a
  // definition "later in this cell" (it comes later in events but not in the text).
  const ownTarget = (s: DefSite, order: number, at?: Range) => s.order === order && at !== undefined && !after(s.range, at);
  const firstDefAfter = (name: string, order: number, event: number, at?: Range): DefSite | undefined =>
    defSites.get(name)?.find((s) => (s.order > order || (s.order === order && s.event > event)) && !ownTarget(s, order, at) && !s.fromOld);
  // `train_data = train_data.shuffle()` (then `.map(…)`) where no other cell binds `train_data`: a
  // value the reader supplies ("ACTION REQUIRED"), not an ordering mistake and not lost state.
  const rebindsOnlyItself = (name: string, order: number, at: Range) => {
    const sites = defSites.get(name) ?? [];
    return sites.some((s) => ownTarget(s, order, at) && after(at, s.range)) && sites.every((s) => s.order === order);
  };

  const flow: DocumentOrderFlow = { readBeforeDefine: [], undefinedReads: [], nonIdempotent: [], readsFromUnknown: [] };
  const keys: KeyedFlow['keys'] = { readBeforeDefine: [], undefinedReads: [], nonIdempotent: [], readsFromUnknown: [] };
  let key = 0;
  const push = <K extends keyof DocumentOrderFlow>(list: K, entry: DocumentOrderFlow[K][number]) => {
    (flow[list] as DocumentOrderFlow[K][number][]).push(entry);
    keys[list].push(key);
  };
  const fromUnknown = new Set<string>();
  const defined = new Map<string, Binding>();
  const deleted = new Map<string, Site>();
  let unknownSeen = false;
  const resolvable = (name: string) => unknownSeen || defined.has(name) || known(name);

  for (const order of orders) {
    const cell = cells[order];
    const reported = new Set<string>();
    const report = (what: string) => {
      if (reported.has(what)) return false;
      reported.add(what);
      return true;
    };
    // For NB105: names this cell has bound so far, and names it read from earlier cells.
    const boundHere = new Set<string>();
    const readFromEarlier = new Set<string>();

    cell.summary.events.forEach((ev, event) => {
      if (ev.kind === 'unknown' || !follows(ev.name)) return;
      key = order * CELL_KEY + event;
      unknownSeen = key > unknownKey;
      switch (ev.kind) {
        case 'read': {
          if (ev.guarded) break;
          if (unknownSeen && !defined.has(ev.name) && !known(ev.name) && !defSites.has(ev.name) && !fromUnknown.has(ev.name)) {
            fromUnknown.add(ev.name);
            push('readsFromUnknown', { cell: cell.index, range: ev.range, name: ev.name });
          }
          if (!resolvable(ev.name)) {
            const later = firstDefAfter(ev.name, order, event, ev.range);
            if (rebindsOnlyItself(ev.name, order, ev.range)) break;
            if (later) {
              // A read under a config flag keeps its own slot: NB101 drops it when the flag is off as written, and a
              // later read of the name in the cell is then the one to report (the rule keeps one per cell and name).
              if (report(ev.flags ? `101:${ev.name}:${ev.flags.join()}` : `101:${ev.name}`)) push('readBeforeDefine', { cell: cell.index, range: ev.range, name: ev.name, definedAt: later });
            } else if (report(`102:${ev.name}`)) {
              push('undefinedReads', { cell: cell.index, range: ev.range, name: ev.name, deletedAt: deleted.get(ev.name) });
            }
            break;
          }
          if (!boundHere.has(ev.name) && defined.has(ev.name) && defined.get(ev.name)!.cell !== cell.index) readFromEarlier.add(ev.name);
          const callee = ev.call ? defined.get(ev.name)?.fn : undefined;
          if (callee) {
            forEachReadOfCall(callee, (name) => defined.get(name)?.fn, (read, fn) => {
              if (resolvable(read.name)) return;
              const later = firstDefAfter(read.name, order, event);
              if (later && report(ev.flags ? `101:${read.name}:${ev.flags.join()}` : `101:${read.name}`)) {
                const fnSite = defined.get(ev.name)!;
                push('readBeforeDefine', {
                  cell: cell.index, range: ev.range, name: read.name, definedAt: later,
                  via: { fn: fn.name, readAt: { cell: fn === callee ? fnSite.cell : defined.get(fn.name)?.cell ?? fnSite.cell, range: read.range } },
                });
              }
            });
          }
          break;
        }
        case 'def':
          // Only a new value made from the old one by a step a second run repeats (`x += 1`,
          // `df = df.reset_index()`); `df = df.dropna()` or `X = X or default` land on the same state.
          if (ev.update && readFromEarlier.has(ev.name) && !boundHere.has(ev.name)) {
            const before = defined.get(ev.name);
            if (before && report(`105:${ev.name}`)) {
              push('nonIdempotent', { cell: cell.index, range: ev.range, name: ev.name, how: 'rebinds', detail: ev.update, definedAt: before });
            }
          }
          boundHere.add(ev.name);
          defined.set(ev.name, { cell: cell.index, range: ev.range, fn: ev.fn, imported: ev.imported });
          deleted.delete(ev.name);
          break;
        case 'del':
          if (defined.has(ev.name)) deleted.set(ev.name, { cell: cell.index, range: ev.range });
          defined.delete(ev.name);
          boundHere.delete(ev.name);
          break;
        case 'mutate': {
          const before = defined.get(ev.name);
          if (before && !before.imported && before.cell !== cell.index && !boundHere.has(ev.name) && report(`105:${ev.name}`)) {
            push('nonIdempotent', { cell: cell.index, range: ev.range, name: ev.name, how: 'mutates', detail: ev.how, definedAt: before });
          }
          break;
        }
      }
    });
  }

  // Reads inside function bodies run later, if ever: report only names nothing binds.
  for (const order of orders) {
    const cell = cells[order];
    const reported = new Set<string>();
    cell.summary.deferredReads.forEach((read, i) => {
      if (!follows(read.name) || reported.has(read.name) || defSites.has(read.name) || known(read.name)) return;
      reported.add(read.name);
      key = DEFERRED_KEY + order * CELL_KEY + i;
      if (!unknownAnywhere) push('undefinedReads', { cell: cell.index, range: read.range, name: read.name, owner: read.owner });
      else if (!fromUnknown.has(read.name)) {
        fromUnknown.add(read.name);
        push('readsFromUnknown', { cell: cell.index, range: read.range, name: read.name, deferred: true });
      }
    });
  }
  return { flow, keys };
}

/** `a` starts after `b` in the text. */
function after(a: Range, b: Range): boolean {
  return a.start.line > b.start.line || (a.start.line === b.start.line && a.start.character > b.start.character);
}

/** Visit the global reads a call of `fn` performs, following the functions it calls. */
function forEachReadOfCall(
  fn: FunctionSummary,
  lookup: (name: string) => FunctionSummary | undefined,
  visit: (read: { name: string; range: Range }, owner: FunctionSummary) => void,
): void {
  const seen = new Set<FunctionSummary>();
  const walk = (f: FunctionSummary) => {
    if (seen.has(f)) return;
    seen.add(f);
    // A read in a branch the arguments decide (`if predict_flag:`) may not happen on this call: not a certain failure.
    for (const read of f.reads) if (!read.argumentDependent) visit(read, f);
    for (const callee of f.calls) {
      const next = lookup(callee);
      if (next) walk(next);
    }
  };
  walk(fn);
}
