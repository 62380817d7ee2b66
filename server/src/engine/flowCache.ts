// The cross-cell pass after an edit of one cell (or a few): only the names whose events in the
// changed cells differ are followed again, with every name tied to them through the
// notebook's functions; the other names' entries are reused. Anything else (cells inserted,
// removed or moved, many cells changed, a star import, `%run` or a Spark import in a changed
// cell, the kernel's globals changed) runs the whole pass. test/engine/incrementalFlow.test.ts
// compares the result with the whole pass over random edits of fixture and real notebooks.
import { isBuiltinOrKernelGlobal } from './builtins';
import type { CellSummary } from './cellSummary';
import { cellFlowFacts, firstUnknownEvent, flowPass, usesSpark, type CellFlowFacts, type CodeCell, type DocumentOrderFlow, type KeyedFlow } from './dataflow';
import { kernelGlobals } from './knowledge/kernels';

interface LastPass {
  cells: readonly CodeCell[];
  /** The cells' cellFlowFacts, by position: a cell kept in place keeps them without a WeakMap look-up (slow on 10,000 cells). */
  facts: readonly CellFlowFacts[];
  /** How many cells import or call Spark (providedGlobals), kept up to date without reading every cell. */
  sparkCells: number;
  provided: ReadonlySet<string>;
  result: KeyedFlow;
  /** The function links of followedNames, once built. */
  edges?: Edges;
  /** Per name, the positions of the cells whose facts mention it (ascending), once built. */
  mentions?: Mentions;
}

type Mentions = Map<string, number[]>;

type Edges = Map<string, string[]>;

/** Notebooks whose last pass is kept (the server analyses the open ones in turn). */
const KEPT = 16;

export class FlowCache {
  private readonly last = new Map<string, LastPass>();
  /** How many passes were whole and how many followed the edited cell's names only. */
  readonly passes = { whole: 0, incremental: 0 };

  /** `notebook` names the document (any stable key); a wrong key costs time, never correctness. `keep` false: nothing is kept for the next pass. */
  flow(cells: readonly CodeCell[], metadata: Record<string, unknown> | undefined, notebook: string, keep = true): DocumentOrderFlow {
    // Nothing kept, no incremental pass to come: the whole pass needs only where each cell's first unknown binder is and
    // whether Spark is used, not every cell's names and function links (CellFlowFacts).
    if (!keep) {
      this.passes.whole++;
      return flowPass(cells, kernelGlobals(metadata, cells.some((c) => usesSpark(c.summary))), undefined, undefined, cells.map((c) => ({ firstUnknown: firstUnknownEvent(c.summary) }))).flow;
    }
    const previous = this.last.get(notebook);
    const kept = previous?.cells.length === cells.length ? previous : undefined;
    // One walk over the cells: their facts (kept for a cell whose summary is the same), the
    // positions whose summary changed, whether any cell moved, and the cells that use Spark.
    const facts = new Array<CellFlowFacts>(cells.length);
    const changed: number[] = [];
    let moved = false;
    let sparkCells = kept?.sparkCells ?? 0;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      const before = kept?.cells[i];
      if (before !== undefined && before.summary === cell.summary) {
        facts[i] = kept!.facts[i];
        if (before.index !== cell.index) moved = true;
        continue;
      }
      const fresh = (facts[i] = cellFlowFacts(cell.summary));
      if (before !== undefined) {
        changed.push(i);
        if (before.index !== cell.index) moved = true;
        if (kept!.facts[i].importsPyspark) sparkCells--;
      }
      if (fresh.importsPyspark) sparkCells++;
    }
    // As providedGlobals (dataflow.ts) gives it.
    const provided = kernelGlobals(metadata, sparkCells > 0);
    const pass = kept && !moved && provided === kept.provided ? incremental(kept, cells, facts, changed) : undefined;
    let result = pass?.result;
    if (result) this.passes.incremental++;
    else {
      result = flowPass(cells, provided, undefined, undefined, facts);
      this.passes.whole++;
    }
    this.last.delete(notebook);
    this.last.set(notebook, { cells, facts, sparkCells, provided, result, edges: pass?.edges, mentions: pass?.mentions });
    if (this.last.size > KEPT) this.last.delete(this.last.keys().next().value as string);
    return result.flow;
  }
}

/** Cells changed by more than this: the whole pass is as quick. */
const MAX_CHANGED = 8;

/** The pass re-run for the changed cells' names only (`changed`: their positions, every cell in place), or undefined when it cannot be. */
function incremental(previous: LastPass, cells: readonly CodeCell[], facts: readonly CellFlowFacts[], positions: readonly number[]): { result: KeyedFlow; edges?: Edges; mentions?: Mentions } | undefined {
  if (positions.length > MAX_CHANGED) return undefined;
  if (positions.length === 0) return { result: previous.result, edges: previous.edges, mentions: previous.mentions };
  const provided = previous.provided;
  const changed: [CellSummary, CellSummary][] = [];
  let functionsAsBefore = true;
  for (const i of positions) {
    changed.push([previous.cells[i].summary, cells[i].summary]);
    if (JSON.stringify(previous.facts[i].functions) !== JSON.stringify(facts[i].functions)) functionsAsBefore = false;
  }
  // An unknown binder moves what every later read resolves to; Spark imports change the kernel's globals.
  const special = (s: CellSummary) => cellFlowFacts(s).firstUnknown >= 0 || cellFlowFacts(s).importsPyspark;
  if (changed.some(([before, now]) => special(before) || special(now))) return undefined;

  // The links between functions and names are those of the last pass when no changed cell's functions changed.
  const edges = (functionsAsBefore ? previous.edges : undefined) ?? functionEdges(facts);
  const names = followedNames(cells, facts, edges, changed.map(([before]) => before), changedNames(changed), provided);
  // The cells that mention a followed name, from the index of the last pass moved to the changed cells' facts.
  const mentions = previous.mentions ?? mentionIndex(previous.facts);
  for (const i of positions) {
    for (const name of previous.facts[i].names) removePosition(mentions, name, i);
    for (const name of facts[i].names) addPosition(mentions, name, i);
  }
  const lists = [...names].map((name) => mentions.get(name)).filter((list): list is number[] => list !== undefined);
  let relevant: number[];
  if (lists.length <= 1) relevant = lists.length ? lists[0].slice() : [];
  else {
    const marked = new Uint8Array(cells.length);
    for (const list of lists) for (const position of list) marked[position] = 1;
    relevant = [];
    for (let position = 0; position < marked.length; position++) if (marked[position]) relevant.push(position);
  }
  return { result: merge(previous.result, flowPass(cells, provided, names, relevant, facts), names), edges, mentions };
}

function mentionIndex(facts: readonly CellFlowFacts[]): Mentions {
  const mentions: Mentions = new Map();
  facts.forEach((f, position) => {
    for (const name of f.names) {
      const list = mentions.get(name);
      if (list) list.push(position);
      else mentions.set(name, [position]);
    }
  });
  return mentions;
}

/** Where `position` is or goes in an ascending list. */
function place(list: readonly number[], position: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid] < position) low = mid + 1;
    else high = mid;
  }
  return low;
}

function removePosition(mentions: Mentions, name: string, position: number): void {
  const list = mentions.get(name);
  if (!list) return;
  const at = place(list, position);
  if (list[at] !== position) return;
  if (list.length === 1) mentions.delete(name);
  else list.splice(at, 1);
}

function addPosition(mentions: Mentions, name: string, position: number): void {
  const list = mentions.get(name);
  if (!list) return void mentions.set(name, [position]);
  const at = place(list, position);
  if (list[at] !== position) list.splice(at, 0, position);
}

/**
 * Names whose events (or deferred reads) differ between a changed cell's old and new
 * summary, at the same positions: text typed at the end of a cell leaves the others'
 * entries as they were. What a changed function's old body read is among them: the reads of
 * a function body are deferred reads of the cell too.
 */
function changedNames(changed: readonly [CellSummary, CellSummary][]): Set<string> {
  const names = new Set<string>();
  for (const [before, now] of changed) {
    const old = nameSignatures(before);
    const fresh = nameSignatures(now);
    for (const [name, signature] of old) if (fresh.get(name) !== signature) names.add(name);
    for (const [name, signature] of fresh) if (old.get(name) !== signature) names.add(name);
  }
  return names;
}

const SIGNATURES = new WeakMap<CellSummary, Map<string, string>>();

/** Per name, its events and deferred reads in the cell written out with their positions. */
function nameSignatures(summary: CellSummary): Map<string, string> {
  let signatures = SIGNATURES.get(summary);
  if (signatures) return signatures;
  signatures = new Map();
  const add = (name: string, text: string) => signatures!.set(name, (signatures!.get(name) ?? '') + text);
  summary.events.forEach((ev, i) => {
    if (ev.kind !== 'unknown') add(ev.name, `${i}${JSON.stringify(ev)}\n`);
  });
  summary.deferredReads.forEach((read, i) => add(read.name, `d${i}${JSON.stringify(read)}\n`));
  SIGNATURES.set(summary, signatures);
  return signatures;
}

/**
 * The changed names, closed over the notebook's functions: a call of `f` reads what `f` (and
 * what it calls) reads, and an entry found through such a call shares state and a report with
 * those names. So a function is followed with every name it reaches, and a name with every
 * function that reaches it. `before`: the changed cells' old summaries.
 */
function followedNames(cells: readonly CodeCell[], facts: readonly CellFlowFacts[], edges: Edges, before: readonly CellSummary[], changed: ReadonlySet<string>, provided: ReadonlySet<string>): Set<string> {
  // A builtin (or kernel global) that no cell binds, now or before the edit, is always
  // resolved and never reported: it is not followed, and the closure does not go through it.
  const binds = (s: CellSummary, name: string) => s.events.some((ev) => ev.kind === 'def' && ev.name === name);
  const unbound = (name: string) => {
    if (before.some((s) => binds(s, name))) return false;
    // Only the cells that mention the name can bind it.
    for (let i = 0; i < cells.length; i++) if (facts[i].names.has(name) && binds(cells[i].summary, name)) return false;
    return true;
  };
  const inertNames = new Map<string, boolean>();
  const inert = (name: string) => {
    if (!isBuiltinOrKernelGlobal(name) && !provided.has(name)) return false;
    let known = inertNames.get(name);
    if (known === undefined) inertNames.set(name, (known = unbound(name)));
    return known;
  };
  const names = new Set<string>();
  const todo = [...changed];
  while (todo.length > 0) {
    const name = todo.pop()!;
    if (names.has(name) || inert(name)) continue;
    names.add(name);
    for (const next of edges.get(name) ?? []) if (!names.has(next)) todo.push(next);
  }
  return names;
}

/** Each function's name linked with every name it reaches, both ways. */
function functionEdges(facts: readonly CellFlowFacts[]): Edges {
  const edges: Edges = new Map();
  const link = (a: string, b: string) => {
    let list = edges.get(a);
    if (!list) edges.set(a, (list = []));
    list.push(b);
  };
  for (const cell of facts) {
    for (const [fn, reached] of cell.functions) {
      for (const name of reached) {
        link(fn, name);
        link(name, fn);
      }
    }
  }
  return edges;
}

/** The previous entries of names not followed again, with the new ones, in the order a whole pass gives. */
function merge(previous: KeyedFlow, fresh: KeyedFlow, names: ReadonlySet<string>): KeyedFlow {
  const flow = {} as DocumentOrderFlow;
  const keys = {} as KeyedFlow['keys'];
  for (const list of ['readBeforeDefine', 'undefinedReads', 'nonIdempotent', 'readsFromUnknown'] as const) {
    const oldEntries: readonly { name: string }[] = previous.flow[list];
    const oldKeys = previous.keys[list];
    const newEntries: readonly { name: string }[] = fresh.flow[list];
    const newKeys = fresh.keys[list];
    const entries: { name: string }[] = [];
    const entryKeys: number[] = [];
    let j = 0;
    for (let i = 0; i < oldEntries.length; i++) {
      if (names.has(oldEntries[i].name)) continue;
      while (j < newEntries.length && newKeys[j] < oldKeys[i]) {
        entries.push(newEntries[j]);
        entryKeys.push(newKeys[j++]);
      }
      entries.push(oldEntries[i]);
      entryKeys.push(oldKeys[i]);
    }
    for (; j < newEntries.length; j++) {
      entries.push(newEntries[j]);
      entryKeys.push(newKeys[j]);
    }
    (flow as unknown as Record<string, unknown>)[list] = entries;
    keys[list] = entryKeys;
  }
  return { flow, keys };
}
