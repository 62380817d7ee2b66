import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskIPython } from '../../server/src/engine/magics';

function maskedLines(source: string): number[] {
  const { code } = maskIPython(source);
  const a = source.split('\n');
  const b = code.split('\n');
  return a.map((line, i) => (line !== b[i] ? i : -1)).filter((i) => i >= 0);
}

describe('maskIPython', () => {
  it('keeps length and every newline in place', () => {
    const sources = [
      '%matplotlib inline\nimport os\n!ls -la\nx = !pwd\nobj?\n%%bash\necho',
      '%%bash\necho hi\r\nls\n',
      'a = 1\n%time b = a + 1\nprint(b)  # why?\n',
    ];
    for (const s of sources) {
      const { code } = maskIPython(s);
      assert.equal(code.length, s.length);
      for (let i = 0; i < s.length; i++) if (s[i] === '\n' || s[i] === '\r') assert.equal(code[i], s[i]);
    }
  });

  it('masks line magics, shell escapes and help, and nothing else', () => {
    const src = 'import os\n%load_ext autoreload\n  !pip install x\nlen?\n?len\nos.path??\nprint(1)';
    assert.deepEqual(maskedLines(src), [1, 2, 3, 4, 5]);
    const kinds = maskIPython(src).magics.map((m) => `${m.kind}:${m.name}`);
    assert.deepEqual(kinds, ['line-magic:load_ext', 'shell:pip', 'help:len', 'help:len', 'help:os.path']);
  });

  it('keeps the target of `x = !cmd` and `x = %magic` so the name is bound', () => {
    const { code, magics } = maskIPython('files = !ls *.csv\nenv = %env\n');
    assert.match(code, /^files = 0\s+\nenv = 0\s+\n$/);
    assert.deepEqual(magics.map((m) => m.kind), ['shell', 'line-magic']);
  });

  it('masks a whole cell under a non-Python cell magic', () => {
    const { code, magics } = maskIPython('%%bash\nfor f in *; do echo $f; done\n');
    assert.equal(code.trim(), '');
    assert.equal(magics[0].kind, 'cell-magic');
    assert.equal(magics[0].name, 'bash');
    assert.equal(magics[0].endLine, 2);
  });

  it('keeps the body of %%time and %%capture, and binds the %%capture target', () => {
    const time = maskIPython('%%time\nx = 1\n');
    assert.equal(time.code, '      \nx = 1\n');
    const capture = maskIPython('%%capture --no-stderr out\nprint(1)\n');
    assert.deepEqual(capture.magics[0].binds, ['out']);
    assert.ok(capture.code.endsWith('print(1)\n'));
  });

  it('marks %%timeit bodies read-only (their assignments do not persist)', () => {
    const { readOnlyLines, code } = maskIPython('%%timeit\ny = sum(range(10))\n');
    assert.ok(code.includes('y = sum(range(10))'));
    assert.ok(readOnlyLines.has(1) && !readOnlyLines.has(0));
  });

  it('keeps the statement of `%time stmt`', () => {
    const { code } = maskIPython('%time model = fit(X)\n');
    assert.equal(code, '      model = fit(X)\n');
  });

  it('keeps the statement of `%prun stmt` (IPython runs it in the user namespace) and of a `%time` continued by a backslash', () => {
    assert.equal(maskIPython('%prun model = fit(X)\n').code, '      model = fit(X)\n');
    assert.equal(maskIPython('%time k = solve(f, \\\n    x0)\n').code, '      k = solve(f, \\\n    x0)\n');
  });

  it('knows which magics bind names or pull state from elsewhere', () => {
    const { magics } = maskIPython('%store -r a b\n%store -r\n%run other.ipynb\n%store x\n');
    assert.deepEqual(magics.map((m) => [m.binds, m.bindsUnknown, m.crossNotebook]), [
      [['a', 'b'], false, true],
      [[], true, true],
      [[], true, true],
      [[], false, false],
    ]);
  });

  it('does not mask escapes inside strings or bracket continuations', () => {
    assert.deepEqual(maskedLines('s = """\n%not a magic\n!nor this\n"""\nx = (1\n  % 2)\n'), []);
  });

  it('joins backslash-continued escape lines', () => {
    assert.deepEqual(maskedLines('!echo a \\\n  b\nprint(1)'), [0, 1]);
  });

  it('applies automagic only to one-line cells, and only to command-like lines', () => {
    assert.deepEqual(maskedLines('pip install pandas'), [0]);
    assert.deepEqual(maskedLines('cd ..'), [0]);
    assert.deepEqual(maskedLines('ls -la'), [0]);
    assert.deepEqual(maskedLines('pwd'), [0]);
    assert.deepEqual(maskedLines('pip install pandas\nimport pandas'), []);
    assert.deepEqual(maskedLines('time = 5'), []);
    assert.deepEqual(maskedLines('run(model)'), []);
    assert.deepEqual(maskedLines('time if ok else 0'), []);
  });

  it('handles an empty cell and a cell of only comments', () => {
    assert.equal(maskIPython('').code, '');
    assert.deepEqual(maskedLines('# %matplotlib inline\n# !ls'), []);
  });
});
