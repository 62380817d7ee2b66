// The bundled server over real JSON-RPC, as VS Code drives it: notebook sync with
// cells as vscode-notebook-cell URIs, per-cell diagnostics that follow edits,
// structure changes, execution order and close.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../harness/lspClient';

describe('notebook sync against dist/server.js', () => {
  let client: LspTestClient;
  before(async () => {
    // NB102 and NB106 are opt in: the notebooks here are about hidden state, so the editor turns them on.
    client = await LspTestClient.start({ settings: { select: ['NB', 'NB102', 'NB106'] } });
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('publishes diagnostics per cell, with the other cell as related information', async () => {
    const nb = 'file:///work/analysis.ipynb';
    const [md, reader, writer] = await client.openNotebook(nb, [
      { kind: 'markdown', text: '# Analysis' },
      { text: 'print(total)' },
      { text: 'total = 1' },
    ]);
    assert.deepEqual(client.codesOf(md), []);
    assert.deepEqual(client.codesOf(writer), []);
    const [d] = client.diagnostics.get(reader)!;
    assert.equal(d.code, 'NB101');
    assert.equal(d.source, 'nb2prod');
    assert.deepEqual(d.range, { start: { line: 0, character: 6 }, end: { line: 0, character: 11 } });
    assert.match(String(d.message), /defined only in cell 3, below/);
    assert.equal(d.relatedInformation?.[0].location.uri, writer);
    assert.match(d.codeDescription!.href, /docs\/rules\.md#nb101-use-before-define$/);
    await client.closeNotebook(nb);
  });

  it('updates after a text edit, an insert, a move and a delete', async () => {
    const nb = 'file:///work/edits.ipynb';
    const [first, second] = await client.openNotebook(nb, [{ text: 'x = 1' }, { text: 'print(x)' }]);
    assert.deepEqual(client.codesOf(second), []);

    // Rename the definition: the reader's name is now undefined.
    await client.editCell(nb, first, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'y' });
    assert.deepEqual(client.codesOf(second), ['NB102']);

    // Insert a cell above that defines x: the reader is fine again.
    const [inserted] = await client.insertCells(nb, 0, [{ text: 'x = 0' }]);
    assert.deepEqual(client.codesOf(second), []);
    assert.deepEqual(client.codesOf(inserted), []);

    // Move the definition below the reader: use before define.
    await client.moveCell(nb, 0, 2);
    assert.deepEqual(client.codesOf(second), ['NB101']);

    // Delete it: the name is hidden state now.
    await client.deleteCells(nb, 2, 1);
    assert.deepEqual(client.codesOf(second), ['NB102']);
    assert.deepEqual(client.codesOf(inserted), [], 'a removed cell has its diagnostics cleared');
    await client.closeNotebook(nb);
  });

  it('reports never-run cells and out-of-order runs from executionSummary changes', async () => {
    const nb = 'file:///work/runs.ipynb';
    const [a, b, c] = await client.openNotebook(nb, [
      { text: 'x = 1', executionOrder: 1 },
      { text: 'print(x)', executionOrder: 2 },
      { text: 'x = 2' },
    ]);
    assert.deepEqual(client.codesOf(b), []);
    assert.deepEqual(client.codesOf(c), ['NB106']);
    await client.setExecutionOrder(nb, { [c]: 3 });
    // A cell below that rebinds `x` later never feeds this cell on Restart & Run All: not stale.
    assert.deepEqual(client.codesOf(b), []);
    assert.deepEqual(client.codesOf(c), []);
    // `print(x)` run again now reads the `x` cell 3 below set: Restart & Run All prints cell 1's.
    await client.setExecutionOrder(nb, { [b]: 4 });
    assert.deepEqual(client.codesOf(b), ['NB104']);
    assert.deepEqual(client.codesOf(a), []);
    await client.closeNotebook(nb);
  });

  it('clears every cell on close', async () => {
    const nb = 'file:///work/close.ipynb';
    const cells = await client.openNotebook(nb, [{ text: 'print(a)' }, { text: 'print(b)\n%who' }]);
    assert.deepEqual(client.codesOf(cells[1]), ['NB102', 'NB107']);
    await client.closeNotebook(nb);
    for (const c of cells) assert.deepEqual(client.codesOf(c), []);
  });

  it('does not analyse code cells in other languages', async () => {
    const nb = 'file:///work/sql.ipynb';
    const [sqlCell, pyCell] = await client.openNotebook(nb, [{ text: 'select * from t', language: 'sql' }, { text: 'print(undefined_thing)' }]);
    assert.deepEqual(client.codesOf(sqlCell), []);
    assert.deepEqual(client.codesOf(pyCell), ['NB102']);
    await client.closeNotebook(nb);
  });

  it('reads execution counts of a notebook opened from disk, as vscode-languageclient sends it', async () => {
    // VS Code's ipynb serializer gives such cells an executionSummary without `success`, which
    // vscode-languageclient drops; the count still arrives in the cell metadata.
    const nb = 'file:///work/from_disk.ipynb';
    const saved = (count: number | null) => ({ execution_count: count, metadata: {} });
    const [first, second, never, last] = await client.openNotebook(nb, [
      { text: 'rate = 0.05\nprint(years)', metadata: saved(3) },
      { text: 'years = 10', metadata: saved(1) },
      { text: 'months = years * 12', metadata: saved(null) },
      { text: 'print((1 + rate) ** years)', metadata: saved(4) },
    ], { nbformat: 4, nbformat_minor: 5, cells: [], metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } } });
    assert.deepEqual(client.codesOf(first), ['NB101', 'NB104'], 'the cell that ran at [3] read `years` from one below that ran at [1]');
    assert.deepEqual(client.codesOf(second), []);
    assert.deepEqual(client.codesOf(never), ['NB106']);
    assert.deepEqual(client.codesOf(last), []);
    // Running a cell sends a summary with `success`: it wins over the saved count.
    await client.setExecutionOrder(nb, { [never]: 5 });
    assert.deepEqual(client.codesOf(never), []);
    await client.closeNotebook(nb);
  });

  it('gives a notebook in another language one NB002 on its first cell and nothing else', async () => {
    const nb = 'file:///work/survival.ipynb';
    const rCell = (text: string, count: number) => ({ text, language: 'r', metadata: { execution_count: count, metadata: {} } });
    const cells = await client.openNotebook(nb, [
      { kind: 'markdown', text: '# Survival' },
      rCell('library(survival)\nfit <- coxph(Surv(time, status) ~ age, data = lung)', 2),
      rCell('summary(fit)', 1),
    ], { nbformat: 4, nbformat_minor: 5, cells: [], metadata: { kernelspec: { name: 'ir', language: 'R', display_name: 'R' } } });
    assert.deepEqual(cells.map((c) => client.codesOf(c)), [['NB002'], [], []]);
    assert.equal(client.diagnostics.get(cells[0])![0].severity, 3);
    await client.closeNotebook(nb);
  });

  it('analyses percent-format scripts as notebooks, on file lines', async () => {
    const uri = 'file:///work/explore.py';
    await client.openText(uri, '# %%\nimport os\n\n# %%\nprint(later)\n\n# %%\nlater = 1\n');
    const [d] = client.diagnostics.get(uri)!;
    assert.equal(d.code, 'NB101');
    assert.equal(d.range.start.line, 4);
    assert.equal(d.relatedInformation?.[0].location.range.start.line, 7);
  });

  it('leaves plain Python modules alone', async () => {
    const uri = 'file:///work/module.py';
    const analyzed = await (async () => {
      await client.openText(uri, 'print(undefined_here)\n');
      return client.codesOf(uri);
    })();
    assert.deepEqual(analyzed, []);
  });
});

describe('settings through workspace/configuration', () => {
  it('applies select and severity, and re-analyses on didChangeConfiguration', async () => {
    const client = await LspTestClient.start({ settings: { select: ['NB107'] } });
    const nb = 'file:///work/settings.ipynb';
    const [cell] = await client.openNotebook(nb, [{ text: '%matplotlib inline\nprint(missing)' }]);
    assert.deepEqual(client.codesOf(cell), ['NB107']);
    await client.changeSettings({ select: null, severity: { NB102: 'error' } }, nb);
    assert.deepEqual(client.codesOf(cell), ['NB102', 'NB107']);
    assert.equal(client.diagnostics.get(cell)!.find((d) => d.code === 'NB102')?.severity, 1);
    await client.changeSettings({ enable: false }, nb);
    assert.deepEqual(client.codesOf(cell), []);
    assert.equal(await client.stop(), 0);
  });
});
