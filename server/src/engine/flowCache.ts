// The cross-cell pass after a one-cell edit: only the names the edited cell mentions (before
// and after the edit) are followed again, with every name tied to them through the functions
// the notebook defines; the other names' entries are reused. Anything else (cells inserted,
// removed or moved, several cells changed, a star import or `%run` in the edited cell, the
// kernel's globals changed) runs the whole pass. test/engine/incremental.test.ts compares
// the result with a whole pass over random edits of real notebooks.
import { cellFlowFacts, flowPass, providedGlobals, type CodeCell, type DocumentOrderFlow, type KeyedFlow } from './dataflow';

interface LastPass {
  cells: readonly CodeCell[];
  provided: ReadonlySet<string>;
  result: KeyedFlow;
}

/** Notebooks whose last pass is kept (the server analyses the open ones in turn). */
const KEPT = 16;

export class FlowCache {
  private readonly last = new Map<string, LastPass>();
  /** How many passes were whole and how many followed the edited cell's names only. */
  readonly passes = { whole: 0, incremental: 0 };

  /** `notebook` names the document (any stable key); a wrong key costs time, never correctness. */
  flow(cells: readonly CodeCell[], metadata: Record<string, unknown> | undefined, notebook: string): DocumentOrderFlow {
    const provided = providedGlobals(cells, metadata);
    const previous = this.last.get(notebook);
    let result = previous && provided === previous.provided ? incremental(previous, cells, provided) : undefined;
    if (result) this.passes.incremental++;
    else {
      result = flowPass(cells, provided);
      this.passes.whole++;
    }
    this.last.delete(notebook);
    this.last.set(notebook, { cells, provided, result });
    if (this.last.size > KEPT) this.last.delete(this.last.keys().next().value as string);
    return result.flow;
  }
}

/** The pass re-run for the edited cell's names only, or undefined when the edit is not one cell's text. */
function incremental(previous: LastPass, cells: readonly CodeCell[], provided: ReadonlySet<string>): KeyedFlow | undefined {
  if (previous.cells.length !== cells.length) return undefined;
  let edited = -1;
  for (let i = 0; i < cells.length; i++) {
    if (cells[i].index !== previous.cells[i].index) return undefined;
    if (cells[i].summary === previous.cells[i].summary) continue;
    if (edited >= 0) return undefined;
    edited = i;
  }
  if (edited < 0) return previous.result;
  const before = cellFlowFacts(previous.cells[edited].summary);
  const now = cellFlowFacts(cells[edited].summary);
  // An unknown binder moves what every later read resolves to; Spark imports change the kernel's globals.
  if (before.firstUnknown >= 0 || now.firstUnknown >= 0 || before.importsPyspark || now.importsPyspark) return undefined;

  const names = followedNames(cells, before.names, now.names);
  const relevant: number[] = [];
  for (let order = 0; order < cells.length; order++) {
    const mentioned = cellFlowFacts(cells[order].summary).names;
    const [few, many] = mentioned.size < names.size ? [mentioned, names] : [names, mentioned];
    for (const name of few) {
      if (many.has(name)) {
        relevant.push(order);
        break;
      }
    }
  }
  return merge(previous.result, flowPass(cells, provided, names, relevant), names);
}

/**
 * The edited cell's names, closed over the notebook's functions: a call of `f` reads what `f`
 * (and what it calls) reads, and an entry found through such a call shares state and a report
 * with those names. So a function is followed with every name it reaches, and a name with
 * every function that reaches it. The edited cell's old functions are in `before`.
 */
function followedNames(cells: readonly CodeCell[], before: ReadonlySet<string>, now: ReadonlySet<string>): Set<string> {
  const edges = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    let list = edges.get(a);
    if (!list) edges.set(a, (list = []));
    list.push(b);
  };
  for (const cell of cells) {
    for (const [fn, reached] of cellFlowFacts(cell.summary).functions) {
      for (const name of reached) {
        link(fn, name);
        link(name, fn);
      }
    }
  }
  const names = new Set<string>();
  const todo = [...before, ...now];
  while (todo.length > 0) {
    const name = todo.pop()!;
    if (names.has(name)) continue;
    names.add(name);
    for (const next of edges.get(name) ?? []) if (!names.has(next)) todo.push(next);
  }
  return names;
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
