// holdout16 (a deep-learning course's homework): `i = #index of the class` leaves the value blank. Python stops at
// the `=` that ends its line (SyntaxError), while the parser reads on into the next line (`i = cam = build(i)`), so the
// cell looked like a read of `i` before its definition.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, getEngine } from '../helpers/engine';

describe('an assignment whose `=` ends its line (holdout16)', () => {
  const load = 'import numpy as np\nscores = np.arange(10)';
  const blank = 'i = #index of the class to show\nmap1 = scores[i] * 2\nprint(map1)';

  it('is a syntax error: the cell runs nothing, so none of its reads is reported', async () => {
    const engine = await getEngine();
    assert.equal(engine.summarize(blank).syntaxError, true);
    assert.deepEqual(await findingsOf('NB101', [load, blank, 'i = #index of another class\nmap2 = scores[i]']), []);
  });

  it('is not a line that continues: brackets, a backslash, a comparison or a finished value stay Python', async () => {
    const engine = await getEngine();
    for (const ok of ['x = (\n    1 + 2\n)', 'x = \\\n    3', 'ok = a == b\nprint(ok)', 'x = 1  # one\ny = x', 'f(a=\n  1)', 'total += 2  # =\n']) {
      assert.equal(engine.summarize(ok).syntaxError, false, ok);
    }
    // A read before a definition below, in a cell that compiles, is still reported.
    assert.deepEqual(await findingsOf('NB101', [load, 'map1 = scores[i]', 'i = 3']), ['2:1:15 i']);
  });
});
