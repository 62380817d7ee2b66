// "Ignore NBxxx …" through the bundled server: the pragma lands on the line or the
// cell and the finding goes; a project rule goes into pyproject.toml's ignore list,
// which the server reads back.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../harness/lspClient';
import { codeNotebookJson } from '../helpers/cli';

const CELLS = ['print(first_missing)\nprint(second_missing)', 'import pandas\nimport torch\nprint(third_missing)'];
// NB402 is opt in: this project selects it.
const PROJECT_TABLE = '[project]\nname = "churn"\ndependencies = [\n    "pandas==2.2.0",\n]\n';
const PYPROJECT = `${PROJECT_TABLE}\n[tool.nb2prod]\nselect = ["NB", "NB102", "NB402"]\n`;


describe('Ignore quick fixes', () => {
  let root: string;
  let client: LspTestClient;
  let nbUri: string;
  let cells: string[];

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-ignore-')));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), PYPROJECT);
    const file = path.join(root, 'analysis.ipynb');
    fs.writeFileSync(file, codeNotebookJson(CELLS));
    client = await LspTestClient.start({ rootDir: root });
    nbUri = pathToFileURL(file).toString();
    cells = await client.openNotebook(nbUri, CELLS.map((text) => ({ text })));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const actionFor = async (cell: number, d: Diagnostic, title: string): Promise<CodeAction> => {
    const actions = await client.codeActions(cells[cell], d.range, [d]);
    const found = actions.find((a) => a.title === title);
    assert.ok(found, `no "${title}" among ${actions.map((a) => a.title).join(' | ')}`);
    return found;
  };
  const nb102 = (cell: number) => (client.diagnostics.get(cells[cell]) ?? []).filter((d) => d.code === 'NB102');

  it('every finding offers both pragmas, after the fixes that solve it', async () => {
    const d = (client.diagnostics.get(cells[1]) ?? []).find((x) => x.code === 'NB402');
    assert.ok(d, JSON.stringify(client.diagnostics.get(cells[1])));
    const titles = (await client.codeActions(cells[1], d.range, [d])).map((a) => a.title);
    assert.equal(titles[0], 'Declare torch in pyproject.toml');
    for (const t of ['Ignore NB402 on this line', 'Ignore NB402 for this cell', 'Ignore NB402 in pyproject.toml']) assert.ok(titles.includes(t), `${t} in ${titles.join(' | ')}`);
  });

  it('"on this line" silences the first line only', async () => {
    const [first] = nb102(0);
    assert.equal(first.range.start.line, 0);
    await client.applyEdit((await actionFor(0, first, 'Ignore NB102 on this line')).edit!);
    assert.equal(client.cellText(nbUri, cells[0]), 'print(first_missing)  # nb2prod: ignore[NB102]\nprint(second_missing)');
    assert.deepEqual(nb102(0).map((d) => d.range.start.line), [1]);
  });

  it('"for this cell" writes a comment line of its own and silences the rest', async () => {
    const [second] = nb102(0);
    await client.applyEdit((await actionFor(0, second, 'Ignore NB102 for this cell')).edit!);
    assert.equal(client.cellText(nbUri, cells[0]).split('\n')[0], '# nb2prod: ignore-cell[NB102]');
    assert.deepEqual(nb102(0), []);
    assert.equal(nb102(1).length, 1, 'the other cell still reports');
  });

  it('"in pyproject.toml" adds [tool.nb2prod] ignore, keeps the project table, and the finding goes', async () => {
    const d = (client.diagnostics.get(cells[1]) ?? []).find((x) => x.code === 'NB402')!;
    await client.applyEdit((await actionFor(1, d, 'Ignore NB402 in pyproject.toml')).edit!);
    const text = fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8');
    assert.ok(text.startsWith(PROJECT_TABLE));
    const doc = parseToml(text) as { project: { dependencies: string[] }; tool: { nb2prod: { ignore: string[]; select: string[] } } };
    assert.deepEqual([doc.project.dependencies, doc.tool.nb2prod.ignore, doc.tool.nb2prod.select], [['pandas==2.2.0'], ['NB402'], ['NB', 'NB102', 'NB402']]);
    const gone = client.waitForDiagnostics(cells[1], (ds) => !ds.some((x) => x.code === 'NB402'));
    await client.filesChanged([path.join(root, 'pyproject.toml')], 2);
    await gone;
  });
});
