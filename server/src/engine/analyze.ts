// The engine's entry point: a notebook in, findings out. Cell summaries are cached
// by cell text, so re-analysis after an edit parses only the edited cell and then
// re-runs the cheap cross-cell pass.
import { CellRuleCache } from './cellRuleCache';
import { summarizeCell, type CellSummary } from './cellSummary';
import { DEFAULT_CONFIG, effectiveSeverity, type RuleConfig } from './config';
import type { CodeCell } from './dataflow';
import { FlowCache } from './flowCache';
import { loadPythonParser, type PythonParser } from './parser';
import { MODULE_RULES, NOTEBOOK_RULES } from './rules';
import { nonPythonLanguage, notPythonNotebook } from './rules/notPythonNotebook';
import type { ProjectModel } from './project/model';
import type { Rule, RuleContext, RuleFinding } from './rules/rule';
import { topLevelStatements, type Statement } from './statements';
import { cellSuppressions, isSuppressed } from './suppress';
import type { Finding, NotebookInput } from './types';

/** Link to a rule's section in docs/rules.md; `docsUri` is where that file is (it ships with the extension). */
export function ruleDocUrl(docsUri: string, code: string, name: string): string {
  return `${docsUri}#${code.toLowerCase()}-${name}`;
}

export interface EngineOptions {
  /** Called when a rule throws: its findings are dropped, the others still arrive. */
  onRuleError?: (code: string, error: unknown) => void;
  /** How many distinct cell texts to keep summaries for. */
  cacheSize?: number;
}

export class Engine {
  private readonly cache = new Map<string, CellSummary>();
  private readonly cacheSize: number;
  private readonly cellRules = new CellRuleCache();
  private readonly flows = new FlowCache();
  /** The configuration as a key, per configuration object (the server makes one per analysis). */
  private readonly configKeys = new WeakMap<RuleConfig, string>();

  private constructor(private readonly parser: PythonParser, private readonly options: EngineOptions) {
    this.cacheSize = options.cacheSize ?? 50_000;
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
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    return summary;
  }

  /** Top-level statements of a cell (for refactorings). */
  statements(source: string): Statement[] {
    return topLevelStatements(this.parser, source);
  }

  /** @param only run just these rule codes (the module rules on a `src/` file). */
  analyze(notebook: NotebookInput, config: RuleConfig = DEFAULT_CONFIG, project?: ProjectModel, only?: ReadonlySet<string>, ruleSet: readonly Rule[] = NOTEBOOK_RULES): Finding[] {
    // A notebook in another language gets NB002 alone: its code is not parsed as Python.
    const isPython = nonPythonLanguage(notebook) === undefined;
    const rules = isPython ? ruleSet : [notPythonNotebook];
    const codeCells: CodeCell[] = [];
    notebook.cells.forEach((cell, index) => {
      if (cell.kind !== 'code' || !isPython) return;
      codeCells.push({ index, summary: this.summarize(cell.source), executionCount: cell.executionCount ?? null });
    });
    const ctx = { cells: notebook.cells, codeCells, flow: this.flows.flow(codeCells, notebook.metadata, notebook.path ?? ''), config, path: notebook.path, project, metadata: notebook.metadata, repairs: notebook.repairs };
    const suppressions = notebook.cells.map((c) => (c.kind === 'code' ? cellSuppressions(c.source) : undefined));
    let configKey = this.configKeys.get(config);
    if (configKey === undefined) this.configKeys.set(config, (configKey = JSON.stringify(config)));
    const cellContext = `${configKey}\0${notebook.path ?? ''}`;
    const findings: Finding[] = [];
    for (const rule of rules) {
      if (only && !only.has(rule.code)) continue;
      const severity = effectiveSeverity(config, rule.code, rule.defaultSeverity);
      if (!severity) continue;
      const found = rule.scope === 'cell' ? this.cellRules.run(rule, ctx, cellContext, (c) => this.runRule(rule, c)) : this.runRule(rule, ctx);
      for (const f of found ?? []) {
        const ownSeverity = f.severity && config.severity[rule.code] === undefined ? f.severity : severity;
        const finding: Finding = { code: rule.code, severity: ownSeverity, message: f.message, cell: f.cell, range: f.range, related: f.related ?? [], data: f.data };
        if (!isSuppressed(finding, suppressions[f.cell])) findings.push(finding);
      }
    }
    return findings.sort((a, b) => a.cell - b.cell || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
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
