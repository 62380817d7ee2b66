// "Extract notebook to project" and "Create pipeline entry point" through the
// bundled server: the code action carries the command; the command previews the
// plan without writing, then applies it as one edit (cells and project files); it
// refuses to overwrite a pipeline nb2prod did not write.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspTestClient, type TestCell } from '../harness/lspClient';
import { notebookJson } from '../helpers/cli';

const CELLS: TestCell[] = [
  { kind: 'markdown', text: '# Prices' },
  { text: 'import statistics' },
  { text: 'TAX_RATE = 0.2\nCURRENCY = "EUR"' },
  { kind: 'markdown', text: '## Totals' },
  { text: 'prices = [3.0, 4.5, 10.0]\ntotal = round(sum(prices) * (1 + TAX_RATE), 2)' },
  { text: 'print(total, CURRENCY)' },
  { kind: 'markdown', text: '## Summary' },
  { text: 'middle = statistics.median(prices)\nmiddle' },
];

describe('export notebook to project (protocol)', () => {
  let root: string;
  let client: LspTestClient;
  let nbUri: string;
  let cells: string[];

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-export-')));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "shop"\nversion = "0.1.0"\ndependencies = []\n');
    const file = path.join(root, 'prices.ipynb');
    fs.writeFileSync(file, notebookJson(CELLS.map((c) => ({ type: c.kind, source: c.text }))));
    client = await LspTestClient.start({ rootDir: root });
    nbUri = pathToFileURL(file).toString();
    cells = await client.openNotebook(nbUri, CELLS);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const run = (command: string, args: unknown[]) => client.connection.sendRequest('workspace/executeCommand', { command, arguments: args }) as Promise<{ applied: boolean; preview?: string; reason?: string }>;

  it('offers "Extract notebook to project…" on a code cell, as a command on the notebook', async () => {
    const actions = await client.codeActions(cells[4], { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []);
    const action = actions.find((a) => a.title === 'Extract notebook to project…');
    assert.ok(action?.command, actions.map((a) => a.title).join('\n'));
    assert.deepEqual(action.command.arguments, [nbUri]);
    assert.equal(action.command.command, 'nb2prod.exportNotebook');
  });

  it('refuses to overwrite a pipeline file it did not write, with the reason', async () => {
    fs.mkdirSync(path.join(root, 'pipelines'));
    fs.writeFileSync(path.join(root, 'pipelines', 'prices.py'), 'print("mine")\n');
    const result = await run('nb2prod.exportNotebook', [nbUri, 'preview']);
    assert.equal(result.applied, false);
    assert.match(result.reason ?? '', /pipelines\/prices\.py exists and nb2prod did not write it/);
    fs.rmSync(path.join(root, 'pipelines'), { recursive: true });
  });

  it('previews the plan section by section and writes nothing', async () => {
    const result = await run('nb2prod.exportNotebook', [nbUri, 'preview']);
    assert.equal(result.applied, false, result.reason);
    const preview = result.preview ?? '';
    assert.match(preview, /^Configuration \(configs\/prices\.toml\)\n  tax_rate = 0\.2\n  currency = "EUR"/m);
    assert.match(preview, /^Totals\n  cell 5: totals\(TAX_RATE\) → prices, total in src\/shop\/totals\.py/m);
    assert.match(preview, /cell 6: stays \(a display \(exploration\)\)/);
    assert.match(preview, /^Pipeline: 2 steps/m);
    assert.match(preview, /create pipelines\/prices\.py/);
    assert.ok(!fs.existsSync(path.join(root, 'pipelines')), 'nothing written by a preview');
    assert.ok(!fs.existsSync(path.join(root, 'configs')), 'nothing written by a preview');
  });

  it('applies it as one edit: cells call the package, the pipeline, config, tests, pyproject and README are written', async () => {
    const result = await run('nb2prod.exportNotebook', [nbUri]);
    assert.equal(result.applied, true, result.reason);
    assert.equal(client.cellText(nbUri, cells[4]), 'from shop.totals import totals\nprices, total = totals(TAX_RATE)');
    assert.equal(client.cellText(nbUri, cells[2]), 'TAX_RATE = CONFIG["tax_rate"]\nCURRENCY = CONFIG["currency"]');
    const pipeline = fs.readFileSync(path.join(root, 'pipelines', 'prices.py'), 'utf8');
    assert.match(pipeline, /^def run\(config: Config\) -> dict:/m);
    assert.match(pipeline, /^    prices, total = totals\(TAX_RATE\)$/m);
    assert.match(pipeline, /- cell 6 \(Totals\): a display \(exploration\)/);
    assert.match(fs.readFileSync(path.join(root, 'configs', 'prices.toml'), 'utf8'), /^tax_rate = 0\.2$/m);
    const pyproject = fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8');
    assert.match(pyproject, /^\[project\.scripts\]\nprices = "pipelines\.prices:main"$/m);
    assert.match(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), /python -m pipelines\.prices --config configs\/prices\.toml/);
    assert.ok(fs.existsSync(path.join(root, 'tests', 'test_pipeline_prices.py')));
    assert.ok(fs.existsSync(path.join(root, 'src', 'shop', 'totals.py')));
  });

  it('creates the pipeline again from the extracted notebook ("Create pipeline entry point")', async () => {
    const result = await run('nb2prod.createPipeline', [nbUri, 'preview']);
    assert.equal(result.applied, false, result.reason);
    assert.match(result.preview ?? '', /^Pipeline: 2 steps \(totals → /m);
  });
});
