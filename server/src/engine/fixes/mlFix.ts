// Quick fixes of the NB5xx rules, planned from what the finding carries: replace
// the flagged expression, add an argument to calls, seed the randomness with one
// `SEED` the notebook defines once. Pure: the glue turns the plan into one edit.
import type { CellInput, Range } from '../types';

export interface CellTextEdit {
  cell: number;
  range: Range;
  newText: string;
}

export interface MlFixPlan {
  title: string;
  edits: CellTextEdit[];
}

interface Site {
  cell: number;
  line: number;
  character: number;
  text: string;
}

const SEED_VALUE = 42;

/** Line where code may be inserted at the top of a cell: after a `%%` cell magic, which must stay first. */
function topOf(source: string): number {
  return /^\s*%%/.test(source) ? 1 : 0;
}

function at(cell: number, line: number, character: number, newText: string): CellTextEdit {
  return { cell, range: { start: { line, character }, end: { line, character } }, newText };
}

/**
 * @param definesSeed whether some code cell already binds `SEED`.
 */
export function planMlFix(cells: readonly CellInput[], data: Record<string, string>, cell: number, range: Range, definesSeed: boolean): MlFixPlan | undefined {
  const sites = (): Site[] => JSON.parse(data.sites ?? '[]') as Site[];
  const seedLine = (first: number): CellTextEdit[] => (definesSeed ? [] : [at(first, topOf(cells[first]?.source ?? ''), 0, `SEED = ${SEED_VALUE}\n`)]);
  switch (data.fix) {
    case 'replace':
      return data.replacement ? { title: `Replace with \`${data.replacement}\``, edits: [{ cell, range, newText: data.replacement }] } : undefined;
    case 'arguments': {
      const list = sites();
      if (list.length === 0) return undefined;
      const arg = list[0].text.replace(/^,\s*/, '');
      return { title: `Add \`${arg}\` to ${list.length === 1 ? 'the call' : `${list.length} calls`}`, edits: list.map((s) => at(s.cell, s.line, s.character, s.text)) };
    }
    case 'random_state': {
      const list = sites();
      if (list.length === 0) return undefined;
      return {
        title: `Pass \`random_state=SEED\` to ${list.length === 1 ? 'the call' : `${list.length} calls`}${definesSeed ? '' : ` (SEED = ${SEED_VALUE})`}`,
        edits: [...seedLine(list[0].cell), ...list.map((s) => at(s.cell, s.line, s.character, s.text))],
      };
    }
  }
  return undefined;
}
