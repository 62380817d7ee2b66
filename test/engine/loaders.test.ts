import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseIpynb, withoutBinaryPayloads } from '../../server/src/engine/ipynb';
import { isPercentScript, parsePercentScript } from '../../server/src/engine/percent';
import { loadText, readAndLoad, WHOLE_FILE_BYTES } from '../../server/src/engine/files';
import { analyze } from '../helpers/engine';

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
      [JSON.stringify({ nbformat: 4, cells: [null] }), /cells\.0/],
      [JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'code', source: [1] }] }), /cells\.0\.source/],
      [JSON.stringify({ nbformat: 3, cells: [] }), /^nbformat 3 notebook that cannot be read \(it has no `worksheets`\): convert it with `jupyter nbconvert --to notebook --nbformat 4/],
      [JSON.stringify({ nbformat: 2, worksheets: [] }), /^nbformat 2 is too old to read: convert it with `jupyter nbconvert/],
      [JSON.stringify({ nbformat: 5, cells: [] }), /nbformat 5 is newer/],
      ['PK\u0003\u0004\u0000\u0000', /binary/],
      // Cells the loader takes as they are, with a header the schema refuses, and a cell it refuses after good ones.
      [JSON.stringify({ nbformat: 4, metadata: [], cells: [{ cell_type: 'code', source: 'x' }] }), /at metadata$/],
      [JSON.stringify({ nbformat: 4, nbformat_minor: 4.5, cells: [] }), /at nbformat_minor$/],
      [JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'code', source: 'x' }, { cell_type: 'code', source: 'y', execution_count: 1.5 }] }), /at cells\.1\.execution_count$/],
      [JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'code', source: 'x', outputs: {} }] }), /at cells\.0\.outputs$/],
      [JSON.stringify({ nbformat: 4, cells: [{ cell_type: 7, source: 'x' }] }), /at cells\.0\.cell_type$/],
    ];
    for (const [text, why] of cases) {
      const result = parseIpynb(text);
      assert.ok('error' in result, text);
      assert.match(result.error, why);
    }
  });
});

describe('a notebook that is not valid JSON', () => {
  it('says on which line and column, whether V8 gives a position or an excerpt', () => {
    const lines = ['{', ' "cells": [', '  {', '   "cell_type": "code",', '   "source": [', '    "x = 1\\n",', '    ! gcloud storage ls\\n",', '   ]', '  }', ' ]', '}'];
    const stray = parseIpynb(lines.join('\n'));
    assert.ok('error' in stray);
    assert.equal(stray.error, "the file is not valid JSON (line 7, column 5: unexpected token '!')");
    const missingComma = parseIpynb('{\n "nbformat": 4\n "cells": []\n}');
    assert.ok('error' in missingComma);
    assert.match(missingComma.error, /^the file is not valid JSON \(line 3, column 2: expected ',' or '}' after property value/);
    const truncated = parseIpynb('{"cells": [');
    assert.ok('error' in truncated);
    assert.match(truncated.error, /^the file is not valid JSON \(Unexpected end of JSON input\)$/);
  });
});

describe('cells Jupyter reads past', () => {
  it('reads a null or missing source, missing outputs and a missing cell_type as empty, and says which cells', () => {
    const result = parseIpynb(nb([
      { cell_type: 'code', metadata: {}, source: null, execution_count: 1, outputs: [] },
      { cell_type: 'markdown', metadata: {} },
      { cell_type: 'code', metadata: {}, source: 'print(1)', execution_count: 2 },
      { metadata: {}, source: 'notes' },
      { cell_type: 'code', metadata: {}, source: 'x = 1', execution_count: null, outputs: null },
      { cell_type: 'code', metadata: {}, source: 'y = 2', execution_count: 3, outputs: [] },
    ]));
    assert.ok('notebook' in result);
    assert.deepEqual(result.notebook.cells.map((c) => [c.kind, c.source, c.executionCount]), [
      ['code', '', 1], ['markdown', '', null], ['code', 'print(1)', 2], ['raw', 'notes', null], ['code', 'x = 1', null], ['code', 'y = 2', 3],
    ]);
    assert.deepEqual(result.notebook.repairs, [
      { cell: 0, message: 'Cell 1 has `"source": null`, read as empty' },
      { cell: 1, message: 'Cell 2 has no `source`, read as empty' },
      { cell: 2, message: 'Cell 3 has no `outputs`, read as none' },
      { cell: 3, message: 'Cell 4 has no `cell_type`, read as a raw cell' },
      { cell: 4, message: 'Cell 5 has no `outputs`, read as none' },
    ]);
  });

  it('needs no repair for a well-formed notebook', () => {
    const result = parseIpynb(nb([{ cell_type: 'code', metadata: {}, source: 'x', execution_count: null, outputs: [] }, { cell_type: 'markdown', metadata: {}, source: [] }]));
    assert.ok('notebook' in result);
    assert.equal(result.notebook.repairs, undefined);
  });

  it('reports the repairs once per notebook (NB003), the other cells related, and the rules still run', async () => {
    const result = parseIpynb(nb([
      { cell_type: 'code', metadata: {}, source: null, execution_count: 1, outputs: [] },
      { cell_type: 'code', metadata: {}, source: 'print(undefined_total)', execution_count: 2 },
      { cell_type: 'markdown', metadata: {}, source: null },
    ]));
    assert.ok('notebook' in result);
    // NB102 is opt in: named here as the witness that the other rules still run.
    const findings = await analyze(result.notebook, { select: ['NB', 'NB102'] });
    const nb003 = findings.filter((f) => f.code === 'NB003');
    assert.equal(nb003.length, 1);
    assert.equal(nb003[0].cell, 0);
    assert.equal(nb003[0].severity, 'information');
    assert.match(nb003[0].message, /^Cell 1 has `"source": null`, read as empty \(and 2 more cells\): nbformat's validator rejects this file/);
    assert.deepEqual(nb003[0].related.map((r) => r.cell), [1, 2]);
    assert.ok(findings.some((f) => f.code === 'NB102' && f.cell === 1), 'the other rules still see the readable cells');
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

describe('binary output payloads are emptied before JSON.parse', () => {
  it('empties image and PDF payloads given as a string or a line array, and nothing else', () => {
    const text = nb([{
      cell_type: 'code', source: ['plot(\\"image/png\\": 1)\n', 'x = {"image/png": "kept in source"}'], execution_count: 1, outputs: [
        { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=\n', 'image/svg+xml': ['<svg>', '</svg>'], 'text/plain': ['<Figure>'] }, metadata: { 'image/png': { width: 4 } } },
        { output_type: 'display_data', data: { 'application/pdf': 'JVBERi0=', 'text/html': '<b>image/png</b>' }, metadata: {} },
      ],
    }]);
    const stripped = JSON.parse(withoutBinaryPayloads(text));
    const original = JSON.parse(text);
    assert.deepEqual(stripped.cells[0].source, original.cells[0].source);
    assert.deepEqual(stripped.cells[0].outputs[0].data, { 'image/png': '', 'image/svg+xml': '', 'text/plain': ['<Figure>'] });
    assert.deepEqual(stripped.cells[0].outputs[0].metadata, { 'image/png': { width: 4 } }, 'an object value is kept');
    assert.deepEqual(stripped.cells[0].outputs[1].data, { 'application/pdf': '', 'text/html': '<b>image/png</b>' });
    const parsed = parseIpynb(text);
    assert.ok('notebook' in parsed);
    assert.deepEqual(parsed.notebook.cells[0].outputs, ['<Figure>', '<b>image/png</b>']);
  });

  it('keeps a payload JSON.parse would stop at, and says where an error is in the file as it is', () => {
    const badEscape = '{"nbformat": 4, "metadata": {}, "cells": [{"cell_type": "code", "source": "", "outputs": [{"data": {"image/png": "ab\\qcd"}}]}]}';
    assert.equal(withoutBinaryPayloads(badEscape), badEscape);
    assert.ok('error' in parseIpynb(badEscape));
    // A payload of 1,000 characters emptied before the error: the column is the file's.
    const late = `{"nbformat": 4, "metadata": {}, "cells": [{"cell_type": "code", "source": "", "outputs": [{"data": {"image/png": "${'A'.repeat(1000)}"}}]}] !}`;
    const parsed = parseIpynb(late);
    assert.ok('error' in parsed);
    const column = Number(/line 1, column (\d+)/.exec(parsed.error)?.[1]);
    assert.ok(column > 1000 && Math.abs(column - late.indexOf('!')) <= 1, parsed.error);
  });

  it('returns the text itself when there is nothing to empty', () => {
    const text = nb([{ cell_type: 'code', source: 'x', execution_count: 1, outputs: [{ output_type: 'stream', name: 'stdout', text: 'image/png' }] }]);
    assert.equal(withoutBinaryPayloads(text), text);
  });
});

describe('readAndLoad', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-read-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a file larger than its chunk whole, and hands over every byte at once', () => {
    const source = 'x = "' + 'a'.repeat(65530) + 'é' + 'b'.repeat(100000) + '"';
    const file = path.join(dir, 'whole.ipynb');
    fs.writeFileSync(file, nb([{ cell_type: 'code', source, execution_count: null, outputs: [] }]));
    const chunks: Buffer[] = [];
    const { loaded, read } = readAndLoad(file, (bytes) => chunks.push(Buffer.from(bytes)));
    assert.equal(read, true);
    assert.equal(chunks.length, 1);
    assert.deepEqual(chunks[0], fs.readFileSync(file));
    assert.equal(loaded.kind, 'ipynb');
    if (loaded.kind === 'ipynb') assert.equal(loaded.notebook.cells[0].source, source);
  });

  it('reads a file too large to read whole a chunk at a time, a character split across chunks, and hands over every byte', () => {
    // 'é' is two bytes: 65,535 ASCII bytes before it put its bytes in two chunks.
    const source = 'x = "' + 'a'.repeat(65530) + 'é' + 'b'.repeat(WHOLE_FILE_BYTES) + '"';
    const file = path.join(dir, 'big.ipynb');
    fs.writeFileSync(file, nb([{ cell_type: 'code', source, execution_count: null, outputs: [] }]));
    const chunks: Buffer[] = [];
    const { loaded, read } = readAndLoad(file, (bytes) => chunks.push(Buffer.from(bytes)));
    assert.equal(read, true);
    assert.ok(chunks.length > 1);
    assert.deepEqual(Buffer.concat(chunks), fs.readFileSync(file));
    assert.equal(loaded.kind, 'ipynb');
    if (loaded.kind === 'ipynb') assert.equal(loaded.notebook.cells[0].source, source);
  });

  it('says a file is not UTF-8, and reads a literal U+FFFD as text', () => {
    const bad = path.join(dir, 'bad.py');
    fs.writeFileSync(bad, Buffer.concat([Buffer.from('# %%\nx = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]));
    const badLoaded = readAndLoad(bad).loaded;
    assert.equal(badLoaded.kind, 'unreadable');
    if (badLoaded.kind === 'unreadable') assert.match(badLoaded.finding.message, /not valid UTF-8/);
    const literal = path.join(dir, 'literal.py');
    fs.writeFileSync(literal, '# %%\nx = "\uFFFD"\n');
    assert.equal(readAndLoad(literal).loaded.kind, 'percent');
  });

  it('empties payloads in the bytes, and says what the file as it is says when it is not a notebook', () => {
    const outputs = (png: string) => [{ output_type: 'display_data', data: { 'image/png': png, 'text/plain': 'fig' }, metadata: {} }];
    // An escaped backslash before a letter (an SVG's TeX) is a valid payload; the loaded notebook is the text's.
    const good = nb([{ cell_type: 'code', source: 'x = "\\"image/png\\": 1"', execution_count: 1, outputs: outputs('AB\\mathdefault' + 'C'.repeat(5000)) }]);
    const goodFile = path.join(dir, 'payload.ipynb');
    fs.writeFileSync(goodFile, good);
    const hashed: Buffer[] = [];
    const loaded = readAndLoad(goodFile, (bytes) => hashed.push(Buffer.from(bytes))).loaded;
    assert.deepEqual(hashed[0], fs.readFileSync(goodFile), 'the bytes handed over are the file\'s');
    assert.deepEqual(loaded, loadText(goodFile, good));
    assert.ok(loaded.kind === 'ipynb' && loaded.notebook.cells[0].source.includes('image/png'), 'a key in a source is kept');
    assert.deepEqual(loaded.notebook.cells[0].outputs, ['fig']);
    assert.ok(!withoutBinaryPayloads(good).includes('mathdefault'), 'the payload is emptied');
    // A JSON error after an emptied payload: its line and column are the file's.
    const broken = good.replace(/}$/, ' !}');
    const brokenFile = path.join(dir, 'broken.ipynb');
    fs.writeFileSync(brokenFile, broken);
    const brokenLoaded = readAndLoad(brokenFile).loaded;
    assert.equal(brokenLoaded.kind, 'unreadable');
    assert.deepEqual(brokenLoaded, loadText(brokenFile, broken));
    assert.ok(brokenLoaded.kind === 'unreadable' && brokenLoaded.finding.message.includes(`column ${broken.indexOf('!') + 1}`), brokenLoaded.kind === 'unreadable' ? brokenLoaded.finding.message : '');
  });

  it('keeps a payload the file would fail on: a control character, a bad escape, bytes that are not UTF-8', () => {
    const withPayload = (payload: Buffer) => Buffer.concat([
      Buffer.from('{"nbformat": 4, "metadata": {}, "cells": [{"cell_type": "code", "source": "x", "outputs": [{"output_type": "display_data", "data": {"image/png": "'),
      payload, Buffer.from('"}}]}]}'),
    ]);
    for (const [name, payload, expected] of [
      ['raw-tab', Buffer.from('AB\tC'), /not valid JSON/],
      ['short-unicode', Buffer.from('AB\\u00'), /not valid JSON/],
      ['escape', Buffer.from('AB\\qC'), /not valid JSON/],
      ['latin1', Buffer.from([0x41, 0xff, 0x42]), /not valid UTF-8/],
    ] as const) {
      const file = path.join(dir, `${name}.ipynb`);
      fs.writeFileSync(file, withPayload(Buffer.from(payload)));
      const loaded = readAndLoad(file).loaded;
      assert.ok(loaded.kind === 'unreadable' && expected.test(loaded.finding.message), `${name}: ${loaded.kind === 'unreadable' ? loaded.finding.message : loaded.kind}`);
    }
  });

  it('says why a missing file or a folder cannot be read', () => {
    const missing = readAndLoad(path.join(dir, 'missing.ipynb'));
    assert.equal(missing.read, false);
    assert.ok(missing.loaded.kind === 'unreadable' && /ENOENT/.test(missing.loaded.finding.message));
    const folder = readAndLoad(dir);
    assert.ok(folder.loaded.kind === 'unreadable' && /EISDIR/.test(folder.loaded.finding.message));
  });
});
