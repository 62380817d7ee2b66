// NB101 false positives found labelling holdout18 (a write-up that quotes its library's code): a cell holding an
// indented excerpt of a function's body ends in `return`. IPython dedents the cell, and Python then refuses to compile
// it ("'return' outside function"), so none of its reads can fail. An excerpt without `return` still runs, and fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB101: a cell with `return` or `yield` outside a function does not compile (holdout18)', () => {
  it('reads nothing of such a cell', async () => {
    assert.deepEqual(await findingsOf('NB101', ['import numpy as np', '    E = np.outer(E, np.ones([1, v.N]))\n\n    return E', 'E = np.zeros(3)\nv = grid(3)']), []);
    assert.deepEqual(await findingsOf('NB101', ['for q in range(1, params["N"]):\n    flux += c[q] * d[:, q]\nreturn flux', 'params = {"N": 3}']), []);
    assert.deepEqual(await findingsOf('NB101', ['for row in rows:\n    yield row', 'rows = [1, 2]']), []);
  });

  it('still reads a cell whose return is inside a function, or an indented excerpt that runs', async () => {
    assert.deepEqual(await findingsOf('NB101', ['def total():\n    return flux\nprint(total() + offset)', 'offset = 1']), ['1:3:17 offset']);
    assert.deepEqual(await findingsOf('NB101', ['    splitting = sim_params["splitting"]', 'sim_params = {"splitting": 2}']), ['1:1:17 sim_params']);
    assert.deepEqual(await findingsOf('NB101', ['f = lambda: (yield)\nprint(later)', 'later = 2']), ['1:2:7 later']);
  });
});
