import type { CodeCell, DocumentOrderFlow } from '../dataflow';
import type { CellInput, Range, RelatedLocation, Severity } from '../types';

export interface RuleContext {
  cells: readonly CellInput[];
  codeCells: readonly CodeCell[];
  flow: DocumentOrderFlow;
}

export interface RuleFinding {
  cell: number;
  range: Range;
  message: string;
  related?: RelatedLocation[];
}

export interface Rule {
  code: string;
  /** kebab-case name, also the anchor in docs/rules.md. */
  name: string;
  defaultSeverity: Severity;
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
