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
import type { ExportCommandResult } from '../../server/src/shared/protocol';

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

  const run = (command: string, args: unknown[]) => client.connection.sendRequest('workspace/executeCommand', { command, arguments: args }) as Promise<ExportCommandResult>;

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

  it('"Create pipeline entry point" on the extracted notebook has nothing to write: it says so and names the file, no plan to agree to', async () => {
    const result = await run('nb2prod.createPipeline', [nbUri, 'preview']);
    assert.deepEqual(result, {
      applied: false, unchanged: true, pipelineFile: path.join(root, 'pipelines', 'prices.py'),
      reason: 'pipelines/prices.py is up to date with the notebook; nothing to write',
    });
  });
});

/** A notebook whose code already calls the package (extracted cell by cell), and one whose code is still in it. */
const CALLS_PACKAGE: TestCell[] = [
  { kind: 'markdown', text: '# Retention call list' },
  { text: 'from nb_config import load_config\nfrom shop.scoring import call_list\n\nCONFIG = load_config("retention")\nTHRESHOLD = CONFIG["threshold"]\nSCORES = CONFIG["scores"]' },
  { text: 'to_call = call_list(SCORES, THRESHOLD)\nto_call' },
];
const NOT_EXTRACTED: TestCell[] = [
  { text: 'basket = [3.0, 4.5, 10.0]\nvat = 0.2' },
  { text: 'from shop.pricing import gross_amount\ngross = gross_amount(basket, vat)' },
];

describe('create pipeline entry point on its own (protocol)', () => {
  let root: string;
  let client: LspTestClient;
  const open = async (name: string, cells: TestCell[]) => {
    const file = path.join(root, `${name}.ipynb`);
    fs.writeFileSync(file, notebookJson(cells.map((c) => ({ type: c.kind, source: c.text }))));
    const uri = pathToFileURL(file).toString();
    await client.openNotebook(uri, cells);
    return uri;
  };
  const run = (command: string, args: unknown[]) => client.connection.sendRequest('workspace/executeCommand', { command, arguments: args }) as Promise<ExportCommandResult>;

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-pipeline-')));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "shop"\nversion = "0.1.0"\ndependencies = []\n');
    client = await LspTestClient.start({ rootDir: root });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('previews, then writes the pipeline, its test and the console script, and names the file for the editor to show', async () => {
    const uri = await open('retention', CALLS_PACKAGE);
    const plan = await run('nb2prod.createPipeline', [uri, 'preview']);
    assert.equal(plan.applied, false, plan.reason);
    assert.match(plan.preview ?? '', /^Pipeline: 1 step \(call_list\)/m);
    assert.match(plan.preview ?? '', /^  create pipelines\/retention\.py$/m);
    assert.equal(plan.pipelineFile, path.join(root, 'pipelines', 'retention.py'));
    assert.ok(!fs.existsSync(path.join(root, 'pipelines')), 'a preview writes nothing');

    const result = await run('nb2prod.createPipeline', [uri, 'apply']);
    assert.equal(result.applied, true, result.reason);
    assert.equal(result.summary, `1 step in pipelines/retention.py, ${result.preview!.match(/^  (?:create|update) /gm)!.length} files`);
    assert.match(fs.readFileSync(path.join(root, 'pipelines', 'retention.py'), 'utf8'), /^    to_call = call_list\(SCORES, THRESHOLD\)$/m);
    assert.ok(fs.existsSync(path.join(root, 'tests', 'test_pipeline_retention.py')));
    assert.match(fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8'), /^retention = "pipelines\.retention:main"$/m);
    // Run again: the pipeline is as the notebook makes it.
    assert.equal((await run('nb2prod.createPipeline', [uri, 'preview'])).unchanged, true);
  });

  it('refuses while a step reads a value only a cell left in the notebook makes, and names the command that extracts it', async () => {
    const uri = await open('basket', NOT_EXTRACTED);
    const result = await run('nb2prod.createPipeline', [uri, 'preview']);
    assert.equal(result.applied, false);
    assert.equal(result.preview, undefined);
    assert.match(result.reason ?? '', /^`gross_amount` \(cell 2\) reads `basket`, which cell 1 makes and which stays in the notebook .*; extract that cell first$/);
    assert.equal(result.resolvedBy, 'nb2prod.exportNotebook');
  });
});
