// Quick fixes through the bundled server, applied as VS Code applies a
// WorkspaceEdit, on a temporary project; then the edited notebook runs in a real
// Jupyter kernel and must print what the original printed: the values read back
// from configuration and the environment equal the literals they replaced.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../harness/lspClient';
import { codeNotebookJson } from '../helpers/cli';
import { runPython } from '../helpers/python';

const SECRET = '9f8e7d6c5b4a3f2e';

const CELLS = [
  'import json',
  'DATA_PATH = "/home/alice/churn/customers.csv"\nprint(repr(DATA_PATH))',
  'split = dict(test_size=0.25, random_state=42)\nprint(json.dumps(split))',
  `api_key = "${SECRET}"\nprint(len(api_key), api_key[-4:])`,
  '!pip install requests==2.31.0\nprint("installed")',
  'MODEL = "gpt-4o-mini"\nprint(MODEL)',
];


describe('quick fixes', () => {
  let root: string;
  let client: LspTestClient;
  let nbUri: string;
  let cells: string[];

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-fix-')));
    fs.mkdirSync(path.join(root, 'notebooks'));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "churn"\ndependencies = [\n    "pandas>=2",\n]\n');
    const file = path.join(root, 'notebooks', 'analysis.ipynb');
    fs.writeFileSync(file, codeNotebookJson(CELLS));
    client = await LspTestClient.start({ rootDir: root });
    nbUri = pathToFileURL(file).toString();
    cells = await client.openNotebook(nbUri, CELLS.map((text) => ({ text })));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const diagnostic = (cell: number, code: string): Diagnostic => {
    const d = (client.diagnostics.get(cells[cell]) ?? []).find((x) => x.code === code);
    assert.ok(d, `cell ${cell + 1} has ${code}: ${JSON.stringify(client.diagnostics.get(cells[cell]))}`);
    return d;
  };
  const action = async (cell: number, code: string, title: RegExp): Promise<CodeAction> => {
    const d = diagnostic(cell, code);
    const actions = await client.codeActions(cells[cell], d.range, [d]);
    const found = actions.find((a) => title.test(a.title));
    assert.ok(found, `no action ${title} among ${actions.map((a) => a.title).join(' | ')}`);
    return found;
  };

  it('moves a path to configs/<notebook>.toml and reads it back through the loader', async () => {
    const fix = await action(1, 'NB201', /^Move to configuration \(configs\/analysis\.toml\)$/);
    await client.applyEdit(fix.edit!);
    assert.equal(client.cellText(nbUri, cells[1]), 'DATA_PATH = CONFIG["data_path"]\nprint(repr(DATA_PATH))');
    assert.equal(client.cellText(nbUri, cells[0]), 'from nb_config import load_config\nCONFIG = load_config("analysis")\nimport json');
    assert.match(fs.readFileSync(path.join(root, 'configs', 'analysis.toml'), 'utf8'), /^data_path = "\/home\/alice\/churn\/customers\.csv"$/m);
    assert.match(fs.readFileSync(path.join(root, 'notebooks', 'nb_config.py'), 'utf8'), /import tomllib/);
    assert.deepEqual(client.codesOf(cells[1]), []);
  });

  it('moves all constants of a cell at once, appending to the existing file', async () => {
    const fix = await action(2, 'NB205', /^Move all 2 constants of this cell to configuration/);
    const loaderBefore = fs.readFileSync(path.join(root, 'notebooks', 'nb_config.py'), 'utf8');
    await client.applyEdit(fix.edit!);
    assert.equal(client.cellText(nbUri, cells[2]), 'split = dict(test_size=CONFIG["test_size"], random_state=CONFIG["random_state"])\nprint(json.dumps(split))');
    const config = fs.readFileSync(path.join(root, 'configs', 'analysis.toml'), 'utf8');
    assert.match(config, /^data_path = /m);
    assert.match(config, /^test_size = 0\.25$/m);
    assert.match(config, /^random_state = 42$/m);
    assert.equal(fs.readFileSync(path.join(root, 'notebooks', 'nb_config.py'), 'utf8'), loaderBefore, 'the loader is never rewritten');
    assert.equal((client.cellText(nbUri, cells[0]).match(/load_config\("analysis"\)/g) ?? []).length, 1, 'the setup is added once');
  });

  it('gives a value whose key is taken a new key rather than overwriting it', async () => {
    fs.appendFileSync(path.join(root, 'configs', 'analysis.toml'), 'model = "something-else"\n');
    const fix = await action(5, 'NB205', /^Move to configuration/);
    await client.applyEdit(fix.edit!);
    assert.equal(client.cellText(nbUri, cells[5]), 'MODEL = CONFIG["model_2"]\nprint(MODEL)');
    assert.match(fs.readFileSync(path.join(root, 'configs', 'analysis.toml'), 'utf8'), /^model = "something-else"\nmodel_2 = "gpt-4o-mini"$/m);
  });

  it('reads a secret from the environment and never writes it anywhere', async () => {
    const d = diagnostic(3, 'NB203');
    assert.ok(!String(d.message).includes(SECRET.slice(0, 8)), 'the message masks the secret');
    const fix = await action(3, 'NB203', /^Read secret from the environment \(API_KEY\)$/);
    assert.ok(!JSON.stringify(fix).includes(SECRET), 'the edit does not contain the secret');
    await client.applyEdit(fix.edit!);
    assert.equal(client.cellText(nbUri, cells[3]), 'import os\napi_key = os.environ["API_KEY"]\nprint(len(api_key), api_key[-4:])');
    assert.equal(fs.readFileSync(path.join(root, '.env.example'), 'utf8'), 'API_KEY=\n');
    assert.deepEqual(client.codesOf(cells[3]).filter((c) => c === 'NB203'), []);
  });

  it('declares a pip-installed package in pyproject.toml and removes the install line', async () => {
    const fix = await action(4, 'NB107', /^Declare requests==2\.31\.0 in pyproject\.toml$/);
    await client.applyEdit(fix.edit!);
    assert.equal(client.cellText(nbUri, cells[4]), 'print("installed")');
    assert.equal(fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8'), '[project]\nname = "churn"\ndependencies = [\n    "pandas>=2",\n    "requests==2.31.0",\n]\n');
  });

  it('offers "Clear outputs" for a secret in a saved output', async () => {
    const file = path.join(root, 'notebooks', 'leaky.ipynb');
    const nb = JSON.parse(codeNotebookJson(['print(token)']));
    nb.cells[0].outputs = [{ output_type: 'stream', name: 'stdout', text: ['ghp_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6\n'] }];
    fs.writeFileSync(file, JSON.stringify(nb));
    const uri = pathToFileURL(file).toString();
    const [cell] = await client.openNotebook(uri, [{ text: 'print(token)' }]);
    const d = (client.diagnostics.get(cell) ?? []).find((x) => x.code === 'NB204');
    assert.ok(d, 'NB204 from the outputs saved on disk');
    assert.match(String(d.message), /GitHub token \(\*\*\*\*hJ6\)|\(\*\*\*\*3hJ6\)/);
    const actions = await client.codeActions(cell, d.range, [d]);
    const clear = actions.find((a) => a.title === 'Clear outputs of this cell');
    assert.deepEqual(clear?.command, { title: 'Clear outputs of this cell', command: 'nb2prod.clearCellOutputs', arguments: [uri, 0] });
    await client.closeNotebook(uri);
  });

  it('the edited notebook computes what the original did, in a real kernel', () => {
    const edited = path.join(root, 'notebooks', 'analysis.ipynb');
    fs.writeFileSync(edited, codeNotebookJson(cells.map((c) => client.cellText(nbUri, c))));
    // The original, minus the install line: the machines here have no package index.
    const originalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-orig-'));
    const original = path.join(originalDir, 'analysis.ipynb');
    fs.writeFileSync(original, codeNotebookJson(CELLS.map((c) => c.replace('!pip install requests==2.31.0\n', ''))));
    process.env.API_KEY = SECRET;
    try {
      const before = JSON.parse(runPython('test/oracle/run_notebooks.py', [original]))[original];
      const afterRun = JSON.parse(runPython('test/oracle/run_notebooks.py', ['--project', root, edited]))[edited];
      assert.deepEqual(before.errors, []);
      assert.deepEqual(afterRun.errors, []);
      assert.deepEqual(afterRun.stdout, before.stdout);
      assert.equal(before.stdout['1'], "'/home/alice/churn/customers.csv'\n");
    } finally {
      delete process.env.API_KEY;
      fs.rmSync(originalDir, { recursive: true, force: true });
    }
  });
});

describe('quick fixes in percent-format scripts', () => {
  it('edits file lines, not cell lines', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-pct-')));
    const file = path.join(root, 'explore.py');
    const text = '# %%\nimport pandas as pd\n\n# %%\ndf = pd.read_csv("/home/alice/data.csv")\n';
    fs.writeFileSync(file, text);
    const client = await LspTestClient.start({ rootDir: root });
    try {
      const uri = pathToFileURL(file).toString();
      await client.openText(uri, text);
      const d = client.diagnostics.get(uri)!.find((x) => x.code === 'NB201')!;
      assert.equal(d.range.start.line, 4);
      const [fix] = (await client.codeActions(uri, d.range, [d])).filter((a) => a.title.startsWith('Move to configuration'));
      assert.ok(fix, 'Move to configuration is offered');
      await client.applyEdit(fix.edit!);
      assert.equal(fs.readFileSync(file, 'utf8'), '# %%\nfrom nb_config import load_config\nCONFIG = load_config("explore")\nimport pandas as pd\n\n# %%\ndf = pd.read_csv(CONFIG["read_csv_path"])\n');
      assert.equal(fs.readFileSync(path.join(root, 'configs', 'explore.toml'), 'utf8').split('\n').slice(1).join('\n'), 'read_csv_path = "/home/alice/data.csv"\n');
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses to write outside the workspace', async () => {
    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-out-')));
    const inside = path.join(outside, 'ws');
    fs.mkdirSync(inside);
    const file = path.join(outside, 'elsewhere.py');
    const text = '# %%\np = open("/home/alice/x.csv")\n';
    fs.writeFileSync(file, text);
    const client = await LspTestClient.start({ rootDir: inside });
    try {
      const uri = pathToFileURL(file).toString();
      await client.openText(uri, text);
      const d = client.diagnostics.get(uri)!.find((x) => x.code === 'NB201')!;
      assert.deepEqual(await client.codeActions(uri, d.range, [d]), []);
    } finally {
      await client.stop();
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('extract cell to module in a percent-format script', () => {
  it('rewrites the cell on its file lines and writes the module', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-pctx-')));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "demo"\n');
    const file = path.join(root, 'explore.py');
    const text = '# %%\nrate = 3\n\n# %% [markdown]\n# ## Totals\n\n# %%\ntotal = rate * 2\n\n# %%\nprint(total)\n';
    fs.writeFileSync(file, text);
    const client = await LspTestClient.start({ rootDir: root });
    try {
      const uri = pathToFileURL(file).toString();
      await client.openText(uri, text);
      const actions = await client.codeActions(uri, { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, []);
      const extract = actions.find((a) => a.title.startsWith('Extract cell to module'));
      assert.equal(extract?.title, 'Extract cell to module: totals (rate → total) in src/demo/totals.py');
      await client.applyEdit(extract!.edit!);
      assert.equal(fs.readFileSync(file, 'utf8'), '# %%\nrate = 3\n\n# %% [markdown]\n# ## Totals\n\n# %%\nfrom demo.totals import totals\ntotal = totals(rate)\n\n# %%\nprint(total)\n');
      assert.match(fs.readFileSync(path.join(root, 'src', 'demo', 'totals.py'), 'utf8'), /def totals\(rate: int\):/);
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
