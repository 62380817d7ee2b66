// What a notebook's own imports make of a callee: `np.random.rand` is
// `numpy.random.rand` only where the notebook ran `import numpy as np`. The NB5xx
// rules match library calls through this, never by a bare name.
import type { CodeCell } from '../../dataflow';
import type { CallFact } from '../../mlFacts';

export interface ResolvedCall {
  cell: number;
  call: CallFact;
  /** Fully qualified callee (`sklearn.model_selection.train_test_split`), or undefined when no import explains it. */
  qualified?: string;
}

/** One per analysis: the NB5xx rules share the alias map, the qualified names and the call list. */
const PER_ANALYSIS = new WeakMap<readonly CodeCell[], NotebookImports>();

export class NotebookImports {
  private readonly aliases = new Map<string, string>();
  private readonly qualified = new Map<string, string | undefined>();
  private resolved?: ResolvedCall[];

  private constructor(private readonly cells: readonly CodeCell[]) {
    for (const c of cells) for (const a of c.summary.ml.aliases) if (!this.aliases.has(a.local)) this.aliases.set(a.local, a.qualified);
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

  imports(prefix: string): boolean {
    for (const qualified of this.aliases.values()) if (qualified === prefix || qualified.startsWith(`${prefix}.`)) return true;
    return false;
  }

  qualify(callee: string): string | undefined {
    if (this.qualified.has(callee)) return this.qualified.get(callee);
    const result = this.qualifyUncached(callee);
    this.qualified.set(callee, result);
    return result;
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
      for (const c of this.cells) for (const call of c.summary.ml.calls) this.resolved.push({ cell: c.index, call, qualified: this.qualify(call.callee) });
    }
    return this.resolved;
  }
}

/** Text that adds `argument` to a call: `, x=1` after existing arguments, `x=1` in empty parentheses. */
export function argumentInsertion(call: CallFact, argument: string): { line: number; character: number; text: string } {
  return { ...call.closeParen, text: call.hasArguments ? `, ${argument}` : argument };
}
