// The engine's entry point: a notebook in, findings out. Cell summaries are cached
// by cell text, so re-analysis after an edit parses only the edited cell and then
// re-runs the cheap cross-cell pass.
import { CellRuleCache } from './cellRuleCache';
import { outlineCell, summarizeCell, type CellOutline, type CellSummary } from './cellSummary';
import { DEFAULT_CONFIG, effectiveSeverity, type RuleConfig } from './config';
import type { CodeCell } from './dataflow';
import { FlowCache } from './flowCache';
import { loadPythonParser, type PythonParser } from './parser';
import { MODULE_RULES, NOTEBOOK_RULES } from './rules';
import { nonPythonLanguage, notPythonNotebook } from './rules/notPythonNotebook';
import type { ProjectModel } from './project/model';
import type { Rule, RuleContext, RuleFinding } from './rules/rule';
import { topLevelStatements, type Statement } from './statements';
import { cellSuppressions, isSuppressed, type CellSuppressions } from './suppress';
import type { Finding, NotebookInput, Severity } from './types';
import { editSince, LastAnalyses, type Edit } from './lastAnalysis';
import { RuleReuse } from './ruleReuse';

/** Link to a rule's section in docs/rules.md; `docsUri` is where that file is (it ships with the extension). */
export function ruleDocUrl(docsUri: string, code: string, name: string): string {
  return `${docsUri}#${code.toLowerCase()}-${name}`;
}

const byPlace = (a: Finding, b: Finding) => a.cell - b.cell || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
const NO_FINDINGS: readonly Finding[] = [];

/** The rules' findings (in rule order) by cell, each cell's in the order rules and lines give: no sort of them all. */
function inOrder(lists: readonly (readonly Finding[])[]): Finding[] {
  const byCell: Finding[][] = [];
  const elsewhere: Finding[] = [];
  for (const list of lists) {
    for (const f of list) {
      if (Number.isInteger(f.cell) && f.cell >= 0) (byCell[f.cell] ??= []).push(f);
      else elsewhere.push(f);
    }
  }
  // A finding on no cell of the notebook (none of the rules makes one today) goes first, as a sort would put it.
  if (elsewhere.length > 0) return [...elsewhere, ...byCell.flatMap((l) => l ?? [])].sort(byPlace);
  const findings: Finding[] = [];
  for (const list of byCell) {
    if (!list) continue;
    if (list.length > 1) list.sort(byPlace);
    for (const f of list) findings.push(f);
  }
  return findings;
}

/** A rule's findings (`found`) as the engine reported them. */
interface ConvertedFindings {
  found: RuleFinding[];
  severity: Severity;
  configKey: string;
  findings: Finding[];
  /** By position in `found`: its finding, or undefined when a pragma hides it. */
  byFound: (Finding | undefined)[];
}

export interface EngineOptions {
  /** Called when a rule throws: its findings are dropped, the others still arrive. */
  onRuleError?: (code: string, error: unknown) => void;
  /** How many distinct cell texts to keep summaries for. */
  cacheSize?: number;
  /**
   * At most this many characters of source in the kept summaries (default: no bound). A
   * summary's size follows its source's: a count alone lets 200 whole modules of a project
   * (the CLI's project files) hold tens of MB where 200 notebook cells hold one or two.
   */
  cacheChars?: number;
  /**
   * Each notebook is analysed once (the CLI's check): nothing is kept for a later analysis of the same
   * path (its last cells, flow pass and findings, the cell-scope and reuse caches of the rules), and each
   * rule runs once on all code cells. Those caches only pay back after an edit; in a one-thread check of
   * seen they never hit and cost their look-ups, their keys (NB205's and NB108's notebook facts) and the
   * garbage collector's time on 16 notebooks' cells and findings held at any time.
   */
  oneShot?: boolean;
}

export class Engine {
  private readonly cache = new Map<string, CellSummary>();
  private readonly cacheSize: number;
  private readonly cacheChars: number;
  /** Characters of source in `cache`. */
  private cachedChars = 0;
  private readonly cellRules = new CellRuleCache();
  private readonly flows = new FlowCache();
  private readonly reuse = new RuleReuse();
  /** Per rule code, how many analyses reused its previous findings (ruleReuse.ts). */
  readonly reusedFindings: ReadonlyMap<string, number> = this.reuse.reused;
  private readonly lastAnalyses = new LastAnalyses();
  /** Per notebook, each rule's findings as reported in its last analysis, and all of them in order. */
  private readonly lastFindings = new Map<string, { codeCells: readonly CodeCell[]; byRule: Map<string, ConvertedFindings>; findings: readonly Finding[] }>();
  /** The configuration as a key, per configuration object (the server makes one per analysis). */
  private readonly configKeys = new WeakMap<RuleConfig, string>();

  private constructor(private readonly parser: PythonParser, private readonly options: EngineOptions) {
    this.cacheSize = options.cacheSize ?? 50_000;
    this.cacheChars = options.cacheChars ?? Infinity;
  }

  static async create(wasmDir: string, options: EngineOptions = {}): Promise<Engine> {
    return new Engine(await loadPythonParser(wasmDir), options);
  }

  summarize(source: string): CellSummary {
    let summary = this.cache.get(source);
    if (summary) {
      // Refresh recency: Map keeps insertion order, the oldest entry is evicted first.
      this.cache.delete(source);
      this.cache.set(source, summary);
      return summary;
    }
    summary = summarizeCell(this.parser, source);
    this.cache.set(source, summary);
    this.cachedChars += source.length;
    // The oldest go first; the newest stays even when it alone is over the bound.
    while (this.cache.size > this.cacheSize || (this.cache.size > 1 && this.cachedChars > this.cacheChars)) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
      this.cachedChars -= oldest.length;
    }
    return summary;
  }

  /** A source's imports and definitions (cellSummary.ts outlineCell): a kept summary's, else read without one, nothing kept. */
  outline(source: string): CellOutline {
    return this.cache.get(source) ?? outlineCell(this.parser, source);
  }

  /** Top-level statements of a cell (for refactorings). */
  statements(source: string): Statement[] {
    return topLevelStatements(this.parser, source);
  }

  /**
   * @param only run just these rule codes (the module rules on a `src/` file).
   * A notebook analysed again (by its path) is compared with its last analysis: pass new cell
   * objects for changed cells, never change the last ones in place (the server and the CLI don't).
   */
  analyze(notebook: NotebookInput, config: RuleConfig = DEFAULT_CONFIG, project?: ProjectModel, only?: ReadonlySet<string>, ruleSet: readonly Rule[] = NOTEBOOK_RULES): Finding[] {
    // A notebook in another language gets NB002 alone: its code is not parsed as Python.
    const isPython = nonPythonLanguage(notebook) === undefined;
    const rules = isPython ? ruleSet : [notPythonNotebook];
    const key = notebook.path ?? '';
    const oneShot = this.options.oneShot === true;
    const last = oneShot ? undefined : this.lastAnalyses.get(key);
    const codeCells: CodeCell[] = [];
    const cells = notebook.cells;
    const summaries: (CellSummary | undefined)[] = new Array(cells.length);
    const suppressions: (CellSuppressions | undefined)[] = new Array(cells.length);
    const lastCodeCells = last?.isPython === isPython ? last.codeCells : undefined;
    let lastPosition = 0;
    for (let index = 0; index < cells.length; index++) {
      const cell = cells[index];
      if (cell.kind !== 'code') continue;
      // A cell whose text is as in the last analysis keeps its summary and pragmas (most cells, after a keystroke).
      const before = last?.cells[index];
      const same = before !== undefined && (before === cell || (before.kind === 'code' && before.source === cell.source));
      suppressions[index] = same ? last!.suppressions[index] : cellSuppressions(cell.source);
      if (!isPython) continue;
      const summary = (same ? last!.summaries[index] : undefined) ?? this.summarize(cell.source);
      summaries[index] = summary;
      const executionCount = cell.executionCount ?? null;
      // The last analysis's code cell at this index, when it is the same (one object less per cell and keystroke).
      while (lastCodeCells !== undefined && lastPosition < lastCodeCells.length && lastCodeCells[lastPosition].index < index) lastPosition++;
      const kept = lastCodeCells?.[lastPosition];
      codeCells.push(kept !== undefined && kept.index === index && kept.summary === summary && kept.executionCount === executionCount ? kept : { index, summary, executionCount });
    }
    const edit = editSince(last, notebook.cells, codeCells, isPython);
    if (!oneShot) this.lastAnalyses.set(key, { cells: notebook.cells, codeCells, isPython, summaries, suppressions });
    const ctx = { cells: notebook.cells, codeCells, flow: this.flows.flow(codeCells, notebook.metadata, key, !oneShot), config, path: notebook.path, project, metadata: notebook.metadata, repairs: notebook.repairs };
    let configKey = this.configKeys.get(config);
    if (configKey === undefined) this.configKeys.set(config, (configKey = JSON.stringify(config)));
    const cellContext = `${configKey}\0${notebook.path ?? ''}`;
    const kept = this.lastFindings.get(key);
    const before = edit && kept?.codeCells === edit.previous.codeCells ? kept.byRule : undefined;
    const byRule = new Map<string, ConvertedFindings>();
    const analysis = { codeCells, byRule, findings: [] as readonly Finding[] };
    if (!oneShot) this.lastFindings.set(key, analysis);
    if (this.lastFindings.size > 16) this.lastFindings.delete(this.lastFindings.keys().next().value as string);
    // Each rule's findings in rule order; whether every rule reported its last analysis's findings.
    const lists: (readonly Finding[])[] = [];
    let asBefore = before !== undefined;
    for (const rule of rules) {
      if (only && !only.has(rule.code)) continue;
      const severity = effectiveSeverity(config, rule.code, rule.defaultSeverity);
      if (!severity) continue;
      const check = (c: RuleContext) => this.runRule(rule, c);
      const found = oneShot ? check(ctx) : rule.scope === 'cell' ? this.cellRules.run(rule, ctx, cellContext, key, edit, check) : this.reuse.run(rule, ctx, cellContext, key, edit, check);
      lists.push(this.converted(rule, found, severity, config, configKey, before, byRule, edit, ctx, suppressions));
      if (byRule.get(rule.code) !== before?.get(rule.code)) asBefore = false;
    }
    // The same findings from every rule as in the last analysis (most keystrokes): the same list, not regrouped.
    if (asBefore && byRule.size === before!.size) {
      analysis.findings = kept!.findings;
      return kept!.findings.slice();
    }
    analysis.findings = inOrder(lists);
    return analysis.findings.slice();
  }

  /**
   * A rule's findings as the engine reports them (severity, pragmas applied). When the rule
   * gave the very same findings as in the last analysis and no changed cell has or had a
   * pragma, they are those of the last analysis.
   */
  private converted(rule: Rule, found: RuleFinding[] | undefined, severity: Severity, config: RuleConfig, configKey: string, before: ReadonlyMap<string, ConvertedFindings> | undefined, byRule: Map<string, ConvertedFindings>, edit: Edit | undefined, ctx: RuleContext, suppressions: readonly (CellSuppressions | undefined)[]): readonly Finding[] {
    if (!found || found.length === 0) return NO_FINDINGS;
    const previous = before?.get(rule.code);
    const pragmasAsBefore = () => edit!.changed.every((p) => suppressions[ctx.codeCells[p].index] === edit!.previous.suppressions[edit!.previous.codeCells[p].index]);
    if (previous && previous.found === found && previous.severity === severity && previous.configKey === configKey && pragmasAsBefore()) {
      byRule.set(rule.code, previous);
      return previous.findings;
    }
    // A rule finding given again (the same object) on a cell whose pragmas are as before is the same
    // finding: after a keystroke that changed a cell-scope rule's findings in one cell, the thousands
    // in the other cells stay the objects the server compares by identity.
    const old = previous && previous.severity === severity && previous.configKey === configKey ? previous : undefined;
    const oldSuppressions = edit?.previous.suppressions;
    const findings: Finding[] = [];
    const byFound: (Finding | undefined)[] = new Array(found.length);
    let next = 0;
    for (let i = 0; i < found.length; i++) {
      const f = found[i];
      let finding: Finding | undefined;
      let known = false;
      if (old && oldSuppressions) {
        // Both lists run in cell order for the rules whose findings stay the same objects (cell-scope, reused).
        let k = next;
        while (k < old.found.length && old.found[k] !== f && old.found[k].cell <= f.cell) k++;
        if (k < old.found.length && old.found[k] === f) {
          next = k + 1;
          known = suppressions[f.cell] === oldSuppressions[f.cell];
          finding = old.byFound[k];
        } else {
          while (next < old.found.length && old.found[next].cell < f.cell) next++;
        }
      }
      if (!known) {
        const ownSeverity = f.severity && config.severity[rule.code] === undefined ? f.severity : severity;
        const made: Finding = { code: rule.code, severity: ownSeverity, message: f.message, cell: f.cell, range: f.range, related: f.related ?? [], data: f.data };
        finding = isSuppressed(made, suppressions[f.cell]) ? undefined : made;
      }
      byFound[i] = finding;
      if (finding) findings.push(finding);
    }
    byRule.set(rule.code, { found, severity, configKey, findings, byFound });
    return findings;
  }

  /** NB501-NB505 and NB507 on a plain module (a `src/` file): the same rules on a one-cell document, whose lines are the file's. */
  analyzeModule(source: string, config: RuleConfig = DEFAULT_CONFIG, project?: ProjectModel): Finding[] {
    return this.analyze({ cells: [{ kind: 'code', source }] }, config, project, undefined, MODULE_RULES).map((f) => ({ ...f, cell: -1, related: [] }));
  }

  /** The rule's findings, or undefined when it threw (reported to onRuleError). */
  private runRule(rule: Rule, ctx: RuleContext): RuleFinding[] | undefined {
    try {
      return rule.check(ctx);
    } catch (error) {
      this.options.onRuleError?.(rule.code, error);
      return undefined;
    }
  }
}
