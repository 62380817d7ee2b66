// Findings of the rules that look at one cell at a time (Rule.scope 'cell'), kept per cell
// summary. Summaries are cached by cell text, so after a one-cell edit only the edited
// cell is new to these rules: they run on it alone and the other cells' findings are reused.
import type { CellSummary } from './cellSummary';
import type { CodeCell } from './dataflow';
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

export class CellRuleCache {
  private readonly byRule = new Map<string, WeakMap<CellSummary, Entry>>();

  /**
   * The rule's findings over all code cells, running `check` only on the cells not seen
   * in this state. `check` returns undefined when the rule threw (nothing is cached then).
   * `context` stands for the configuration and path.
   */
  run(rule: Rule, ctx: RuleContext, context: string, check: (ctx: RuleContext) => RuleFinding[] | undefined): RuleFinding[] | undefined {
    let cache = this.byRule.get(rule.code);
    if (!cache) this.byRule.set(rule.code, (cache = new WeakMap()));
    const perCell: (RuleFinding[] | undefined)[] = [];
    const stale: CodeCell[] = [];
    for (const c of ctx.codeCells) {
      const input = ctx.cells[c.index];
      const e = cache.get(c.summary);
      const hit = e && e.index === c.index && e.executionCount === c.executionCount && e.outputs === input.outputs && e.result === input.result && e.context === context;
      perCell.push(hit ? e.findings : undefined);
      if (!hit) stale.push(c);
    }
    if (stale.length === 0) return concat(perCell as RuleFinding[][]);
    const fresh = check({ ...ctx, codeCells: stale });
    if (!fresh) return undefined;
    const byCell = new Map<number, RuleFinding[]>(stale.map((c) => [c.index, []]));
    for (const f of fresh) {
      const list = byCell.get(f.cell);
      // A finding on another cell: the rule is not cell-scope after all; run it whole, cache nothing.
      if (!list || (f.related ?? []).some((r) => r.cell !== f.cell)) return check(ctx);
      list.push(f);
    }
    ctx.codeCells.forEach((c, i) => {
      if (perCell[i] !== undefined) return;
      const findings = byCell.get(c.index)!;
      const input = ctx.cells[c.index];
      cache.set(c.summary, { index: c.index, executionCount: c.executionCount, outputs: input.outputs, result: input.result, context, findings });
      perCell[i] = findings;
    });
    return concat(perCell as RuleFinding[][]);
  }
}

/** Array.prototype.flat is slow on thousands of mostly empty arrays. */
function concat(lists: RuleFinding[][]): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const list of lists) for (const f of list) out.push(f);
  return out;
}
