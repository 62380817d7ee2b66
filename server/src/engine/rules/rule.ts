import type { RuleConfig } from '../config';
import type { ProjectModel } from '../project/model';
import type { CodeCell, DocumentOrderFlow } from '../dataflow';
import type { CellInput, LoadRepair, Range, RelatedLocation, Severity } from '../types';

export interface RuleContext {
  cells: readonly CellInput[];
  codeCells: readonly CodeCell[];
  flow: DocumentOrderFlow;
  config: RuleConfig;
  /** The notebook's path relative to its project, when known. */
  path?: string;
  /** The project the notebook belongs to, for the NB3xx/NB4xx rules (absent: those rules are silent). */
  project?: ProjectModel;
  /** The notebook-level metadata, when known (see knowledge/kernels.ts). */
  metadata?: Record<string, unknown>;
  /** Defects the loader read past (see NB003). */
  repairs?: readonly LoadRepair[];
}

export interface RuleFinding {
  cell: number;
  range: Range;
  message: string;
  related?: RelatedLocation[];
  data?: Record<string, string>;
  /** A finding milder than the rule's default (a cosmetic magic, a generic password); a user's severity setting for the code still wins. */
  severity?: Severity;
}

/** See Rule.reads.notebookFacts: `key` says all the facts hold; the rest is for cellKey. */
export interface NotebookFacts {
  key: string;
  /** The names the rule follows from cell to cell. */
  names?: ReadonlySet<string>;
  /** The last cell index whose cell key must say everything (later cells' say less). */
  upTo?: number;
}

export interface Rule {
  code: string;
  /** kebab-case name, also the anchor in docs/rules.md. */
  name: string;
  defaultSeverity: Severity;
  /** Off unless the configuration names the code (see config.ts optedIn): too few real findings measured yet. */
  optIn?: boolean;
  /**
   * 'cell': the findings on a cell come from that cell alone (its text, summary, outputs and
   * execution count, the configuration and the path), never from other cells, and name no
   * other cell. The engine then runs the rule only on cells it has not seen (cellRuleCache.ts).
   */
  scope?: 'cell';
  /**
   * For a rule that reads every cell: all it reads of one code cell, written out, and the flow
   * lists it reads. After an edit that keeps the cells in place and leaves the changed cells'
   * keys and those lists as they were (and the configuration, path, project, metadata), the
   * engine reuses its previous findings (ruleReuse.ts). A key that misses something the rule
   * reads gives stale findings: test/engine/incremental.test.ts compares with a fresh engine.
   */
  reads?: {
    /** `notebook` is what `notebookFacts` gave for the analysis (undefined without it). */
    cellKey(c: CodeCell, cell: CellInput, config: RuleConfig, notebook?: NotebookFacts): string;
    /**
     * What the rule reads of the whole notebook that lets cellKey say less: the names it follows
     * from cell to cell, so that a cell's key holds only its events on those names and typing a
     * new variable elsewhere costs nothing. The rule runs again whenever `key` changes.
     */
    notebookFacts?(codeCells: readonly CodeCell[], cells: readonly CellInput[]): NotebookFacts;
    flow?: readonly (keyof DocumentOrderFlow)[];
    /** The rule reads the markdown cells' text too: after an edit of one its findings are not reused. */
    markdown?: boolean;
  };
  check(ctx: RuleContext): RuleFinding[];
}

/** Cells are numbered for people as they appear in the notebook, markdown included. */
export function cellLabel(index: number): string {
  return `cell ${index + 1}`;
}

export function firstLineRange(source: string): Range {
  const firstLine = source.split('\n', 1)[0].replace(/\r$/, '');
  const indent = firstLine.length - firstLine.trimStart().length;
  return { start: { line: 0, character: indent }, end: { line: 0, character: firstLine.length } };
}

/** A literal as shown in a message: one line, at most 60 characters. */
export function shown(value: string): string {
  const flat = value.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
