// Findings of the rules that look at one cell at a time (Rule.scope 'cell'), kept per cell
// summary. Summaries are cached by cell text, so after a one-cell edit only the edited
// cell is new to these rules: they run on it alone and the other cells' findings are reused.
import type { CellSummary } from './cellSummary';
import type { CodeCell } from './dataflow';
import type { Edit } from './lastAnalysis';
import type { Rule, RuleContext, RuleFinding } from './rules/rule';

interface Entry {
  /** What a cell-scope rule reads besides the summary: where the cell is, its run, its outputs, the configuration and path. */
  index: number;
  executionCount: number | null;
  outputs: unknown;
  result: unknown;
  context: string;
  findings: RuleFinding[];
}

/** A rule's findings in a notebook's last analysis, per code cell (by position) and all together. */
interface LastRun {
  codeCells: readonly CodeCell[];
  context: string;
  perCell: RuleFinding[][];
  all: RuleFinding[];
}

/** What a run gives: findings per cell and all together; undefined when the rule threw; NOT_CELL_SCOPE when it reported on another cell. */
type Run = { perCell: RuleFinding[][]; all: RuleFinding[] } | undefined | typeof NOT_CELL_SCOPE;
const NOT_CELL_SCOPE = { notCellScope: true } as const;

/** Notebooks whose last findings are kept (as in lastAnalysis.ts). */
const KEPT = 16;

export class CellRuleCache {
  private readonly byRule = new Map<string, WeakMap<CellSummary, Entry>>();
  private readonly last = new Map<string, Map<string, LastRun>>();

  /**
   * The rule's findings over all code cells, running `check` only on the cells not seen
   * in this state. `check` returns undefined when the rule threw (nothing is cached then).
   * `context` stands for the configuration and path. After an edit that kept the cells in
   * place (`edit`), only the changed cells are looked at: the others' findings are the last
   * analysis's, and when the changed cells have none, before and after, so is the whole list.
   */
  run(rule: Rule, ctx: RuleContext, context: string, notebook: string, edit: Edit | undefined, check: (ctx: RuleContext) => RuleFinding[] | undefined): RuleFinding[] | undefined {
    let runs = this.last.get(notebook);
    if (!runs) {
      this.last.set(notebook, (runs = new Map()));
      if (this.last.size > KEPT) this.last.delete(this.last.keys().next().value as string);
    }
    const last = runs.get(rule.code);
    runs.delete(rule.code);
    const result = last && edit && last.codeCells === edit.previous.codeCells && last.context === context
      ? this.afterEdit(rule, ctx, context, last, edit.changed, check)
      : this.whole(rule, ctx, context, check);
    if (result === undefined) return undefined;
    if ('perCell' in result) {
      runs.set(rule.code, { codeCells: ctx.codeCells, context, ...result });
      return result.all;
    }
    // A finding on another cell: the rule is not cell-scope after all; run it whole, cache nothing.
    return check(ctx);
  }

  private afterEdit(rule: Rule, ctx: RuleContext, context: string, last: LastRun, changed: readonly number[], check: (ctx: RuleContext) => RuleFinding[] | undefined): Run {
    if (changed.length === 0) return last;
    const fresh = this.findings(rule, ctx, context, changed.map((p) => ctx.codeCells[p]), check);
    if (!Array.isArray(fresh)) return fresh;
    // The last run is dropped (run() replaced it): its per-cell list is changed in place, not copied (8,000 cells, every keystroke, every cell-scope rule).
    const perCell = last.perCell;
    let same = true;
    changed.forEach((p, i) => {
      if (perCell[p].length > 0 || fresh[i].length > 0) same = false;
      perCell[p] = fresh[i];
    });
    return { perCell, all: same ? last.all : concat(perCell) };
  }

  private whole(rule: Rule, ctx: RuleContext, context: string, check: (ctx: RuleContext) => RuleFinding[] | undefined): Run {
    const cache = this.cacheOf(rule);
    const perCell: (RuleFinding[] | undefined)[] = [];
    const stale: CodeCell[] = [];
    const stalePlaces: number[] = [];
    for (const c of ctx.codeCells) {
      const input = ctx.cells[c.index];
      const e = cache.get(c.summary);
      const hit = e && e.index === c.index && e.executionCount === c.executionCount && e.outputs === input.outputs && e.result === input.result && e.context === context;
      if (!hit) {
        stalePlaces.push(perCell.length);
        stale.push(c);
      }
      perCell.push(hit ? e.findings : undefined);
    }
    if (stale.length > 0) {
      const fresh = this.findings(rule, ctx, context, stale, check);
      if (!Array.isArray(fresh)) return fresh;
      stalePlaces.forEach((p, i) => (perCell[p] = fresh[i]));
    }
    return { perCell: perCell as RuleFinding[][], all: concat(perCell as RuleFinding[][]) };
  }

  /** The rule's findings on `cells`, one list per cell, cached per summary. */
  private findings(rule: Rule, ctx: RuleContext, context: string, cells: CodeCell[], check: (ctx: RuleContext) => RuleFinding[] | undefined): RuleFinding[][] | undefined | typeof NOT_CELL_SCOPE {
    const fresh = check({ ...ctx, codeCells: cells });
    if (!fresh) return undefined;
    const byCell = new Map<number, RuleFinding[]>(cells.map((c) => [c.index, []]));
    for (const f of fresh) {
      const list = byCell.get(f.cell);
      if (!list || (f.related ?? []).some((r) => r.cell !== f.cell)) return NOT_CELL_SCOPE;
      list.push(f);
    }
    const cache = this.cacheOf(rule);
    return cells.map((c) => {
      const findings = byCell.get(c.index)!;
      const input = ctx.cells[c.index];
      cache.set(c.summary, { index: c.index, executionCount: c.executionCount, outputs: input.outputs, result: input.result, context, findings });
      return findings;
    });
  }

  private cacheOf(rule: Rule): WeakMap<CellSummary, Entry> {
    let cache = this.byRule.get(rule.code);
    if (!cache) this.byRule.set(rule.code, (cache = new WeakMap()));
    return cache;
  }
}

/** Array.prototype.flat is slow on thousands of mostly empty arrays. */
function concat(lists: RuleFinding[][]): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const list of lists) for (const f of list) out.push(f);
  return out;
}
