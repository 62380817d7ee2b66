// What the engine keeps of a notebook's last analysis, so that after an edit it redoes only
// what the edit changed: cells whose text is the same keep their summary and pragmas without
// a cache look-up, and the rules see which code cells changed (cellRuleCache.ts, ruleReuse.ts).
// test/engine/incremental.test.ts compares the results with a fresh engine's after random edits.
import type { CellSummary } from './cellSummary';
import type { CodeCell } from './dataflow';
import type { CellSuppressions } from './suppress';
import type { CellInput } from './types';

export interface LastAnalysis {
  cells: readonly CellInput[];
  codeCells: readonly CodeCell[];
  isPython: boolean;
  /** By cell index: a code cell's summary (Python notebooks) and pragmas. */
  summaries: (CellSummary | undefined)[];
  suppressions: (CellSuppressions | undefined)[];
}

/** An analysis of the notebook after its last one, with every code cell where it was. */
export interface Edit {
  previous: LastAnalysis;
  /** Positions in `codeCells` of the code cells whose text, run or saved outputs (result, stdout, error) changed, or language. */
  changed: number[];
}

/** Notebooks whose last analysis is kept (the server analyses the open ones in turn). */
const KEPT = 16;

export class LastAnalyses {
  private readonly byNotebook = new Map<string, LastAnalysis>();

  get(notebook: string): LastAnalysis | undefined {
    return this.byNotebook.get(notebook);
  }

  set(notebook: string, analysis: LastAnalysis): void {
    this.byNotebook.delete(notebook);
    this.byNotebook.set(notebook, analysis);
    if (this.byNotebook.size > KEPT) this.byNotebook.delete(this.byNotebook.keys().next().value as string);
  }
}

/** The edit from `previous` to this analysis, or undefined when cells were inserted, removed, moved or changed kind. */
export function editSince(previous: LastAnalysis | undefined, cells: readonly CellInput[], codeCells: readonly CodeCell[], isPython: boolean): Edit | undefined {
  if (!previous || previous.isPython !== isPython || previous.cells.length !== cells.length || previous.codeCells.length !== codeCells.length) return undefined;
  const changed: number[] = [];
  for (let p = 0; p < codeCells.length; p++) {
    const now = codeCells[p];
    const before = previous.codeCells[p];
    if (now.index !== before.index) return undefined;
    const input = cells[now.index];
    const old = previous.cells[before.index];
    // The same code cell and cell input objects: nothing of the cell changed (most cells, after a keystroke).
    if (now === before && input === old) continue;
    if (now.summary !== before.summary || now.executionCount !== before.executionCount || input.outputs !== old.outputs || input.result !== old.result
      || input.stdout !== old.stdout || input.error !== old.error || input.language !== old.language) changed.push(p);
  }
  return { previous, changed };
}
