// Quick fixes of the NB5xx rules, planned from what the finding carries: replace
// the flagged expression, add an argument to calls, seed the randomness with one
// `SEED` the notebook reads once from its configuration (configs/<notebook>.toml,
// as "Move to configuration" writes it). Pure: the glue turns the plan into one edit.
import type { CellInput, Range } from '../types';
import { configHeader, hasConfigSetup, setupLines } from './moveToConfig';

export interface CellTextEdit {
  cell: number;
  range: Range;
  newText: string;
}

export interface MlFixPlan {
  title: string;
  edits: CellTextEdit[];
  /** TOML to append to the notebook's configuration file (the whole file when it is new). */
  configText?: string;
}

/** The notebook's configuration, as "Move to configuration" names and reads it. */
export interface SeedConfig {
  /** `configs/<name>.toml`, read with `load_config("<name>")`. */
  name: string;
  /** Its table when the file exists. */
  existing?: Record<string, unknown>;
  /** The file's path as the title shows it: `configs/model.toml`. */
  file: string;
}

interface Site {
  cell: number;
  line: number;
  character: number;
  text: string;
}

const SEED_VALUE = 42;
const SEED_KEY = 'seed';

/** Line where code may be inserted at the top of a cell: after a `%%` cell magic, which must stay first. */
function topOf(source: string): number {
  return /^\s*%%/.test(source) ? 1 : 0;
}

function at(cell: number, line: number, character: number, newText: string): CellTextEdit {
  return { cell, range: { start: { line, character }, end: { line, character } }, newText };
}

/**
 * `SEED = CONFIG["seed"]` at the top of the first seeded cell, the configuration read
 * above it (in the first code cell, or in that cell when it comes first), and the seed
 * in the configuration file unless it is there already.
 */
function seedFromConfig(cells: readonly CellInput[], first: number, config: SeedConfig): { edits: CellTextEdit[]; configText: string } | undefined {
  const value = config.existing?.[SEED_KEY];
  if (value !== undefined && typeof value !== 'number') return undefined; // a `seed` of another kind: not ours to reuse
  const line = topOf(cells[first]?.source ?? '');
  const seed = `SEED = CONFIG["${SEED_KEY}"]\n`;
  const edits: CellTextEdit[] = [];
  if (hasConfigSetup(cells, config.name)) edits.push(at(first, line, 0, seed));
  else {
    const firstCode = cells.findIndex((c) => c.kind === 'code' && !/^\s*%%/.test(c.source));
    if (firstCode < 0 || first <= firstCode) edits.push(at(first, line, 0, setupLines(config.name) + seed));
    else edits.push(at(firstCode, 0, 0, setupLines(config.name)), at(first, line, 0, seed));
  }
  const header = config.existing === undefined ? configHeader(config.name) : '';
  return { edits, configText: value === undefined ? `${header}${SEED_KEY} = ${SEED_VALUE}\n` : '' };
}

/**
 * @param definesSeed whether some code cell already binds `SEED`.
 * @param config the notebook's configuration file, where a new `SEED` goes; without it, `SEED = 42` is written in the cell.
 */
export function planMlFix(cells: readonly CellInput[], data: Record<string, string>, cell: number, range: Range, definesSeed: boolean, config?: SeedConfig): MlFixPlan | undefined {
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
      const calls = list.length === 1 ? 'the call' : `${list.length} calls`;
      const fromConfig = !definesSeed && config ? seedFromConfig(cells, list[0].cell, config) : undefined;
      if (fromConfig) {
        return {
          title: `Pass \`random_state=SEED\` to ${calls} (SEED in ${config!.file})`,
          edits: [...fromConfig.edits, ...list.map((s) => at(s.cell, s.line, s.character, s.text))],
          configText: fromConfig.configText,
        };
      }
      return {
        title: `Pass \`random_state=SEED\` to ${list.length === 1 ? 'the call' : `${list.length} calls`}${definesSeed ? '' : ` (SEED = ${SEED_VALUE})`}`,
        edits: [...seedLine(list[0].cell), ...list.map((s) => at(s.cell, s.line, s.character, s.text))],
      };
    }
  }
  return undefined;
}
