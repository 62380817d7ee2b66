// Findings of the rules that read every cell (no Rule.scope 'cell') but say what they read of
// each (Rule.reads): after an edit that keeps every cell in place, a rule whose reads of the
// changed cells are as before, with the same configuration, path, project, metadata and flow
// entries, would find what it found: its previous findings are reused. A keystroke in a cell
// without magics, imports or configuration values then costs these rules nothing.
// test/engine/incremental.test.ts compares the results with a fresh engine's after random edits.
import type { CodeCell, DocumentOrderFlow } from './dataflow';
import type { Edit } from './lastAnalysis';
import type { Rule, RuleContext, RuleFinding } from './rules/rule';

interface Kept {
  codeCells: readonly CodeCell[];
  context: string;
  project: RuleContext['project'];
  metadata: RuleContext['metadata'];
  repairs: RuleContext['repairs'];
  flow: DocumentOrderFlow;
  notebookKey: string | undefined;
  findings: RuleFinding[];
}

/** Notebooks whose findings are kept (as in lastAnalysis.ts). */
const KEPT = 16;

export class RuleReuse {
  private readonly byNotebook = new Map<string, Map<string, Kept>>();
  /** Per rule code, how many of its runs were reused (tests check that reuse happens). */
  readonly reused = new Map<string, number>();

  /** The rule's findings; `check` returns undefined when the rule threw (nothing is kept then). */
  run(rule: Rule, ctx: RuleContext, context: string, notebook: string, edit: Edit | undefined, check: (ctx: RuleContext) => RuleFinding[] | undefined): RuleFinding[] | undefined {
    const reads = rule.reads;
    if (!reads) return check(ctx);
    let rules = this.byNotebook.get(notebook);
    if (!rules) {
      this.byNotebook.set(notebook, (rules = new Map()));
      if (this.byNotebook.size > KEPT) this.byNotebook.delete(this.byNotebook.keys().next().value as string);
    }
    const kept = rules.get(rule.code);
    // The reuse check reads the cells as the rule does: when that throws (a hostile input), the rule runs afresh and
    // its own error is reported like any rule's (runRule), instead of failing the whole analysis.
    let facts: ReturnType<NonNullable<typeof reads.notebookFacts>> | undefined;
    let reusable = false;
    try {
      facts = reads.notebookFacts?.(ctx.codeCells, ctx.cells);
      reusable = Boolean(kept && edit && kept.notebookKey === facts?.key && kept.codeCells === edit.previous.codeCells && kept.context === context && kept.project === ctx.project && kept.metadata === ctx.metadata && kept.repairs === ctx.repairs
        && (reads.flow ?? []).every((list) => sameEntries(kept.flow[list], ctx.flow[list]))
        && (!reads.markdown || ctx.cells.every((c, i) => c.kind !== 'markdown' || c.source === edit.previous.cells[i]?.source))
        && edit.changed.every((p) => {
          const before = edit.previous.codeCells[p];
          const now = ctx.codeCells[p];
          return reads.cellKey(before, edit.previous.cells[before.index], ctx.config, facts) === reads.cellKey(now, ctx.cells[now.index], ctx.config, facts);
        }));
    } catch {
      facts = undefined;
    }
    if (kept && reusable) {
      this.reused.set(rule.code, (this.reused.get(rule.code) ?? 0) + 1);
      rules.set(rule.code, { ...kept, codeCells: ctx.codeCells, flow: ctx.flow });
      return kept.findings;
    }
    const findings = check(ctx);
    if (findings) rules.set(rule.code, { codeCells: ctx.codeCells, context, project: ctx.project, metadata: ctx.metadata, repairs: ctx.repairs, flow: ctx.flow, notebookKey: facts?.key, findings });
    else rules.delete(rule.code);
    return findings;
  }
}

function sameEntries(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
