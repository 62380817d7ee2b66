// The NB501 fix plan: a new SEED is read from the notebook's configuration, as
// "Move to configuration" writes it (the protocol test runs the result in a kernel).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planMlFix, type SeedConfig } from '../../server/src/engine/fixes/mlFix';
import type { CellInput } from '../../server/src/engine/types';

const code = (source: string): CellInput => ({ kind: 'code', source });
const RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
/** One `train_test_split(X, y)` call in `cell`, on its first line, closing at character 28. */
const site = (cell: number) => ({ fix: 'random_state', sites: JSON.stringify([{ cell, line: 0, character: 28, text: ', random_state=SEED' }]) });
const CONFIG: SeedConfig = { name: 'churn', file: 'configs/churn.toml' };

/** The cells after the plan's edits (inserts only, applied from the end). */
function applied(cells: CellInput[], plan: NonNullable<ReturnType<typeof planMlFix>>): string[] {
  const texts = cells.map((c) => c.source.split('\n'));
  const edits = [...plan.edits].sort((a, b) => b.cell - a.cell || b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  for (const e of edits) {
    const lines = texts[e.cell];
    const line = lines[e.range.start.line] ?? '';
    lines[e.range.start.line] = line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.start.character);
    texts[e.cell] = lines.join('\n').split('\n');
  }
  return texts.map((t) => t.join('\n'));
}

describe('NB501 fix: SEED from configuration', () => {
  it('writes seed = 42 to a new configuration file, reads it in the first cell and defines SEED above the call', () => {
    const cells = [code('import pandas as pd'), code('a, b = train_test_split(X, y)')];
    const plan = planMlFix(cells, site(1), 1, RANGE, false, CONFIG)!;
    assert.equal(plan.title, 'Pass `random_state=SEED` to the call (SEED in configs/churn.toml)');
    assert.deepEqual(applied(cells, plan), [
      'from nb_config import load_config\nCONFIG = load_config("churn")\nimport pandas as pd',
      'SEED = CONFIG["seed"]\na, b = train_test_split(X, y, random_state=SEED)',
    ]);
    assert.equal(plan.configText, '# Configuration for the churn notebook, read with nb_config.load_config("churn").\nseed = 42\n');
  });

  it('reuses a seed already in the configuration and a configuration already read', () => {
    const cells = [code('from nb_config import load_config\nCONFIG = load_config("churn")'), code('a, b = train_test_split(X, y)')];
    const plan = planMlFix(cells, site(1), 1, RANGE, false, { ...CONFIG, existing: { seed: 7, threshold: 0.5 } })!;
    assert.deepEqual(applied(cells, plan)[1], 'SEED = CONFIG["seed"]\na, b = train_test_split(X, y, random_state=SEED)');
    assert.equal(plan.configText, '');
    const appended = planMlFix(cells, site(1), 1, RANGE, false, { ...CONFIG, existing: { threshold: 0.5 } })!;
    assert.equal(appended.configText, 'seed = 42\n');
  });

  it('reads the configuration in the seeded cell when it comes first, below its cell magic', () => {
    const cells = [code('%%time\na, b = train_test_split(X, y)'), code('import pandas as pd')];
    const plan = planMlFix(cells, { fix: 'random_state', sites: JSON.stringify([{ cell: 0, line: 1, character: 28, text: ', random_state=SEED' }]) }, 0, RANGE, false, CONFIG)!;
    assert.deepEqual(applied(cells, plan)[0], '%%time\nfrom nb_config import load_config\nCONFIG = load_config("churn")\nSEED = CONFIG["seed"]\na, b = train_test_split(X, y, random_state=SEED)');
  });

  it('keeps SEED = 42 in the cell when the configuration has a seed of another kind, and touches nothing when SEED exists', () => {
    const cells = [code('a, b = train_test_split(X, y)')];
    const other = planMlFix(cells, site(0), 0, RANGE, false, { ...CONFIG, existing: { seed: 'random' } })!;
    assert.equal(other.configText, undefined);
    assert.deepEqual(applied(cells, other), ['SEED = 42\na, b = train_test_split(X, y, random_state=SEED)']);
    const defined = planMlFix(cells, site(0), 0, RANGE, true, CONFIG)!;
    assert.equal(defined.configText, undefined);
    assert.deepEqual(applied(cells, defined), ['a, b = train_test_split(X, y, random_state=SEED)']);
  });
});
