// "Extract cells to module" through the bundled server, then the oracle: the
// notebook runs in a real kernel before and after (with src/ importable) and every
// cell prints and displays the same; the generated tests run under pytest.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../harness/lspClient';
import { oraclePython, runPython } from '../helpers/python';

const CELLS = [
  { kind: 'markdown' as const, text: '# Flow' },
  { text: 'import math\nimport statistics\nvalues = [3, 1, 4, 1, 5, 9, 2, 6]\nscale = 2' },
  { kind: 'markdown' as const, text: '## Summary statistics' },
  { text: 'import json\nscaled = [v * scale for v in values]\nmean = statistics.mean(scaled)\nspread = max(scaled) - min(scaled)\nprint(json.dumps({"n": len(scaled)}))' },
  { text: 'print(round(mean, 3), spread, json.dumps(values[:2]))' },
  { text: 'def describe(x):\n    return f"{x:.2f}"\n\nlabel = describe(mean)' },
  { text: 'print(label, describe(spread))' },
  { text: '%time total = sum(values)' },
  { text: 'word = "ab"\nrepeat = 3', executionOrder: 1 },
  { text: 'word * repeat' },
  { text: 'a = mean * 2' },
  { text: 'b = a + spread * scale' },
  { text: 'c = math.sqrt(b)' },
  { text: 'print(round(c, 4))' },
];

function notebookJson(sources: { kind?: string; text: string }[], results: Record<number, string> = {}): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: sources.map((c, i) => (c.kind === 'markdown'
      ? { cell_type: 'markdown', metadata: {}, source: c.text }
      : {
        cell_type: 'code', metadata: {}, execution_count: results[i] ? i : null, source: c.text,
        outputs: results[i] ? [{ output_type: 'execute_result', execution_count: i, metadata: {}, data: { 'text/plain': results[i] } }] : [],
      })),
  }, null, 1);
}

describe('extract cells to module', () => {
  let root: string;
  let client: LspTestClient;
  let nbUri: string;
  let cells: string[];
  const SAVED = { 9: "'ababab'" };

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-extract-')));
    fs.mkdirSync(path.join(root, 'notebooks'));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "flowkit"\nversion = "0.1.0"\n');
    const file = path.join(root, 'notebooks', 'flow.ipynb');
    fs.writeFileSync(file, notebookJson(CELLS, SAVED));
    client = await LspTestClient.start({ rootDir: root });
    nbUri = pathToFileURL(file).toString();
    cells = await client.openNotebook(nbUri, CELLS);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const extractAction = async (cell: number) => {
    const actions = await client.codeActions(cells[cell], { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []);
    const action = actions.find((a) => a.title.startsWith('Extract cell to module'));
    assert.ok(action, `no extract action on cell ${cell + 1}`);
    return action;
  };

  it('offers the action on a code cell, named after the heading above, with parameters and returns', async () => {
    const action = await extractAction(3);
    assert.equal(action.title, 'Extract cell to module: summary_statistics (values, scale → mean, spread) in src/flowkit/summary_statistics.py');
    await client.applyEdit(action.edit!);
    assert.equal(client.cellText(nbUri, cells[3]), 'import json\nfrom flowkit.summary_statistics import summary_statistics\nmean, spread = summary_statistics(values, scale)');
    const module = fs.readFileSync(path.join(root, 'src/flowkit/summary_statistics.py'), 'utf8');
    assert.match(module, /^import statistics\nimport json\n/m);
    assert.ok(fs.existsSync(path.join(root, 'src/flowkit/__init__.py')));
    assert.match(fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8'), /\[build-system\][\s\S]*where = \["src"\]/);
  });

  it('moves a function defined in the cell and imports it back, into the same module', async () => {
    const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'nb2prod.server.extractCells', arguments: [nbUri, 5, 5, 'summary_statistics', 'make_label'] });
    assert.deepEqual(result, { applied: true, summary: 'make_label (mean → label) in src/flowkit/summary_statistics.py' });
  });

  it('refuses a cell with IPython syntax, saying why', async () => {
    const action = await extractAction(7);
    assert.match(action.disabled?.reason ?? '', /IPython syntax/);
    assert.equal(action.edit, undefined);
  });

  it('picks a unique name, and writes a complete test from literal inputs and the saved result', async () => {
    const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'nb2prod.server.extractCells', arguments: [nbUri, 9, 9, 'summary_statistics', 'summary_statistics'] });
    assert.deepEqual(result, { applied: true, summary: 'make_summary_statistics (word, repeat → no returns) in src/flowkit/summary_statistics.py' });
    assert.match(fs.readFileSync(path.join(root, 'tests/test_summary_statistics.py'), 'utf8'), /    word = "ab"\n    repeat = 3\n    shown = make_summary_statistics\(word, repeat\)\n    # What the notebook displayed.\n    assert repr\(shown\) == "'ababab'"/);
  });

  it('extracts a selection of three cells', async () => {
    const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'nb2prod.server.extractCells', arguments: [nbUri, 10, 12, 'chain', 'chain'] });
    assert.deepEqual(result, { applied: true, summary: 'chain (mean, spread, scale → c) in src/flowkit/chain.py' }, 'parameters from several earlier cells');
    assert.deepEqual([10, 11, 12].map((i) => client.cellText(nbUri, cells[i])), ['# Moved to src/flowkit/chain.py', '# Moved to src/flowkit/chain.py', 'from flowkit.chain import chain\nc = chain(mean, spread, scale)']);
  });

  it('the notebook prints and displays the same in a real kernel, and the generated tests run', () => {
    const original = path.join(root, 'original.ipynb');
    fs.writeFileSync(original, notebookJson(CELLS.map((c) => ({ ...c, text: c.text.replace('%time total = sum(values)', 'total = sum(values)') })), SAVED));
    const edited = path.join(root, 'notebooks', 'flow.ipynb');
    fs.writeFileSync(edited, notebookJson(CELLS.map((c, i) => ({ kind: c.kind, text: client.cellText(nbUri, cells[i]).replace('%time total = sum(values)', 'total = sum(values)') }))));
    process.env.PYTHONPATH = path.join(root, 'src');
    try {
      const before = JSON.parse(runPython('test/oracle/run_notebooks.py', ['--project', root, original]))[original];
      const afterRun = JSON.parse(runPython('test/oracle/run_notebooks.py', ['--project', root, edited]))[edited];
      assert.deepEqual(before.errors, []);
      assert.deepEqual(afterRun.errors, []);
      // Cells 11 and 12 moved into cell 13; they printed nothing before either.
      assert.deepEqual(afterRun.stdout, before.stdout);
      assert.deepEqual(afterRun.results, before.results);
      assert.equal(before.results['9'], "'ababab'");

      const pytest = spawnSync(oraclePython(), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], { cwd: root, encoding: 'utf8', env: { ...process.env } });
      // The complete test passes; the tests nb2prod could not complete fail until the user completes them.
      assert.match(pytest.stdout, /3 failed, 1 passed/);
      for (const fn of ['summary_statistics', 'make_label', 'chain']) assert.match(pytest.stdout, new RegExp(`E\\s+Failed: nb2prod: complete this test for ${fn}\\n`));
      assert.ok(!/Failed: nb2prod: complete this test for make_summary_statistics/.test(pytest.stdout), 'the complete test passes');
    } finally {
      delete process.env.PYTHONPATH;
    }
  });
});

describe('add as eval case', () => {
  it('appends the case, writes the pytest gate once, and the gate passes on the real function', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-evals-')));
    fs.mkdirSync(path.join(root, 'src', 'flowkit'), { recursive: true });
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "flowkit"\n');
    fs.writeFileSync(path.join(root, 'src', 'flowkit', '__init__.py'), '');
    fs.writeFileSync(path.join(root, 'src', 'flowkit', 'scoring.py'), 'def call_list(ids, probabilities, threshold):\n    return [i for i, p in zip(ids, probabilities) if p >= threshold]\n');
    const cellsText = ['from flowkit.scoring import call_list', 'call_list([1, 2, 3], [0.2, 0.9, 0.7], threshold=0.5)'];
    const file = path.join(root, 'score.ipynb');
    fs.writeFileSync(file, notebookJson(cellsText.map((text) => ({ text })), { 1: '[2, 3]' }));
    const client = await LspTestClient.start({ rootDir: root });
    try {
      const uri = pathToFileURL(file).toString();
      const cells = await client.openNotebook(uri, cellsText.map((text) => ({ text })));
      for (const expectedId of ['score-cell2', 'score-cell2-2']) {
        const actions = await client.codeActions(cells[1], { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []);
        const add = actions.find((a) => a.title.startsWith('Add as eval case'));
        assert.equal(add?.title, `Add as eval case (evals/score.jsonl, ${expectedId})`);
        await client.applyEdit(add!.edit!);
      }
      const lines = fs.readFileSync(path.join(root, 'evals', 'score.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => [l.id, l.function, l.expected]), [['score-cell2', 'flowkit.scoring.call_list', [2, 3]], ['score-cell2-2', 'flowkit.scoring.call_list', [2, 3]]]);
      const pytest = spawnSync(oraclePython(), ['-m', 'pytest', '-p', 'no:cacheprovider', '-v', 'tests/test_evals.py'], { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.join(root, 'src') } });
      assert.match(pytest.stdout, /test_eval_case\[score-cell2\] PASSED/);
      assert.match(pytest.stdout, /2 passed/);
      // A wrong expectation fails, naming the case.
      fs.appendFileSync(path.join(root, 'evals', 'score.jsonl'), JSON.stringify({ ...lines[0], id: 'wrong', expected: [1] }) + '\n');
      const failing = spawnSync(oraclePython(), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_evals.py'], { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.join(root, 'src') } });
      assert.match(failing.stdout, /FAILED tests\/test_evals\.py::test_eval_case\[wrong\]/);
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
