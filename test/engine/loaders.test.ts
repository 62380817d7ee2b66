import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIpynb } from '../../server/src/engine/ipynb';
import { isPercentScript, parsePercentScript } from '../../server/src/engine/percent';
import { loadText } from '../../server/src/engine/files';

const nb = (cells: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells, ...extra });

describe('parseIpynb', () => {
  it('reads cells, sources as strings or line arrays, and execution counts', () => {
    const result = parseIpynb(nb([
      { cell_type: 'markdown', metadata: {}, source: '# Title' },
      { cell_type: 'code', metadata: {}, source: ['x = 1\n', 'y = 2'], execution_count: 3, outputs: [] },
      { cell_type: 'raw', metadata: {}, source: [] },
    ]));
    assert.ok('notebook' in result);
    assert.deepEqual(result.notebook.cells, [
      { kind: 'markdown', source: '# Title', executionCount: null, outputs: undefined, result: undefined },
      { kind: 'code', source: 'x = 1\ny = 2', executionCount: 3, outputs: undefined, result: undefined },
      { kind: 'raw', source: '', executionCount: null, outputs: undefined, result: undefined },
    ]);
  });

  it('keeps the text of outputs and never their images', () => {
    const result = parseIpynb(nb([{
      cell_type: 'code', source: 'x', execution_count: 1, outputs: [
        { output_type: 'stream', name: 'stdout', text: ['a\n', 'b'] },
        { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': ['<Figure>'] }, metadata: {} },
        { output_type: 'execute_result', data: { 'text/html': '<b>t</b>' }, metadata: {}, execution_count: 1 },
        { output_type: 'error', ename: 'ValueError', evalue: 'bad', traceback: ['line 1', 'line 2'] },
      ],
    }]));
    assert.ok('notebook' in result);
    assert.deepEqual(result.notebook.cells[0].outputs, ['a\nb', '<Figure>', '<b>t</b>', 'bad', 'line 1line 2']);
    assert.equal(result.notebook.cells[0].result, undefined, 'only an execute_result has a result');
  });

  it('tolerates unknown fields and a byte-order mark', () => {
    const result = parseIpynb('\ufeff' + nb([{ cell_type: 'code', source: 'x', execution_count: null, outputs: [], attachments: {}, id: 'a' }], { extra: 1 }));
    assert.ok('notebook' in result);
  });

  it('says why a file is not a notebook', () => {
    const cases: [string, RegExp][] = [
      ['{"cells": [', /not valid JSON/],
      ['[1, 2]', /not an nbformat 4 notebook/],
      [JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'code' }] }), /cells\.0\.source/],
      [JSON.stringify({ nbformat: 3, cells: [] }), /nbformat 3 is not supported/],
      ['PK\u0003\u0004\u0000\u0000', /binary/],
    ];
    for (const [text, why] of cases) {
      const result = parseIpynb(text);
      assert.ok('error' in result, text);
      assert.match(result.error, why);
    }
  });
});

describe('percent scripts', () => {
  it('recognises `# %%` markers only at line starts', () => {
    assert.equal(isPercentScript('x = 1\n# %%\ny = 2'), true);
    assert.equal(isPercentScript('x = "# %%"\n'), false);
  });

  it('splits cells, keeps the header and file line offsets, and reads markdown cells', () => {
    const nb = parsePercentScript('import os\n# %% [markdown]\n# Title\n# %%\nx = 1\n# %% load\ny = x\n');
    assert.deepEqual(nb.cells.map((c) => [c.kind, c.firstLine, c.percentIndex, c.source]), [
      ['code', 0, null, 'import os'],
      ['markdown', 2, 0, '# Title'],
      ['code', 4, 1, 'x = 1'],
      ['code', 6, 2, 'y = x\n'],
    ]);
  });

  it('treats a plain module as not a notebook, and a binary .py as unreadable', () => {
    assert.equal(loadText('a.py', 'x = 1\n').kind, 'module');
    assert.equal(loadText('a.py', 'ab\u0000cd').kind, 'unreadable');
  });
});
