// "Serve a function" over the real server (dist/server.js, JSON-RPC): the
// nb2prod.serveFunction command on an open notebook and on a module file on disk,
// the code action on a `def` line and on the call in a notebook cell, and the
// refusal to overwrite an app nb2prod did not write.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver';
import { LspTestClient } from '../harness/lspClient';
import { codeNotebookJson } from '../helpers/cli';

const MODULE = `"""forecast: extracted from demand.ipynb by nb2prod."""
from __future__ import annotations


def forecast(history: list[float], horizon: int = 3) -> list[float]:
    level = sum(history[-3:]) / len(history[-3:])
    return [round(level, 2)] * horizon


def describe(history: list[float]) -> dict[str, float]:
    return {"mean": sum(history) / len(history)}
`;
const CELLS = ['from demand.forecast import forecast', 'sales = [10.0, 12.0, 14.0, 13.0]', 'forecast(sales, horizon=2)'];
const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });

describe('serve a function over the protocol', () => {
  let root: string;
  let client: LspTestClient;
  let nbUri: string;
  let cells: string[];
  const moduleFile = () => path.join(root, 'src', 'demand', 'forecast.py');
  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-serve-protocol-')));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "demand"\nversion = "0.1.0"\ndependencies = []\n');
    fs.mkdirSync(path.join(root, 'src', 'demand'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', 'demand', '__init__.py'), '');
    fs.writeFileSync(moduleFile(), MODULE);
    const nb = path.join(root, 'demand.ipynb');
    fs.writeFileSync(nb, codeNotebookJson(CELLS));
    nbUri = pathToFileURL(nb).toString();
    client = await LspTestClient.start({ rootDir: root });
    cells = await client.openNotebook(nbUri, CELLS.map((text) => ({ text })));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const serveAction = (actions: CodeAction[]) => actions.find((a) => a.title.startsWith('Serve '));

  it('offers the code action on the call in the notebook, and none on a cell without one', async () => {
    assert.equal(serveAction(await client.codeActions(cells[1], at(0), [])), undefined);
    const action = serveAction(await client.codeActions(cells[2], at(0), []));
    assert.equal(action?.title, 'Serve forecast as an HTTP endpoint (app/main.py)');
    assert.equal(action?.kind, 'refactor.extract.serve');
    assert.ok(action?.edit?.documentChanges?.length);
  });

  it('the command serves the function the notebook calls, as one edit, with the call\'s values as the test example', async () => {
    const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'nb2prod.serveFunction', arguments: [nbUri] });
    assert.deepEqual(result, { applied: true, summary: 'forecast (src/demand/forecast.py) at POST /forecast', appFile: path.join(root, 'app', 'main.py') });
    assert.match(fs.readFileSync(path.join(root, 'app', 'main.py'), 'utf8'), /^class ForecastRequest\(BaseModel\):[\s\S]*^    history: list\[float\]\n    horizon: int = 3$/m);
    assert.match(fs.readFileSync(path.join(root, 'tests', 'test_app.py'), 'utf8'), /^EXAMPLE = \{"history": \[10\.0, 12\.0, 14\.0, 13\.0\], "horizon": 2\}$/m);
    assert.match(fs.readFileSync(path.join(root, 'pyproject.toml'), 'utf8'), /dependencies = \["fastapi>=0\.100", "pydantic>=2", "uvicorn>=0\.20", "httpx>=0\.24"\][\s\S]*pythonpath = \["src", "\."\]/);
  });

  it('on a module: lists the candidates when no function is named, serves the one named, replacing its own unedited app', async () => {
    const moduleUri = pathToFileURL(moduleFile()).toString();
    const unnamed = await client.connection.sendRequest('workspace/executeCommand', { command: 'nb2prod.serveFunction', arguments: [moduleUri] });
    assert.deepEqual(unnamed, { applied: false, reason: 'choose the function to serve: forecast, describe', candidates: ['forecast', 'describe'] });
    const named = await client.connection.sendRequest('workspace/executeCommand', { command: 'nb2prod.serveFunction', arguments: [moduleUri, 'describe'] });
    assert.equal((named as { applied: boolean }).applied, true);
    assert.match(fs.readFileSync(path.join(root, 'app', 'main.py'), 'utf8'), /^ENDPOINT = "\/describe"$/m);
  });

  it('offers the action on a def line of an open module, and shows it disabled with the reason when the app is the user\'s', async () => {
    const moduleUri = pathToFileURL(moduleFile()).toString();
    await client.openText(moduleUri, MODULE);
    assert.equal(serveAction(await client.codeActions(moduleUri, at(2), [])), undefined, 'not on a line that defines nothing');
    fs.appendFileSync(path.join(root, 'app', 'main.py'), '\n# my change\n');
    const action = serveAction(await client.codeActions(moduleUri, at(4), []));
    assert.equal(action?.title, 'Serve forecast as an HTTP endpoint (app/main.py)');
    assert.match(action?.disabled?.reason ?? '', /app\/main\.py exists and nb2prod did not write it \(or it was edited since\)/);
    const refused = await client.connection.sendRequest('workspace/executeCommand', { command: 'nb2prod.serveFunction', arguments: [moduleUri, 'forecast'] });
    assert.match((refused as { reason: string }).reason, /app\/main\.py exists and nb2prod did not write it/);
    assert.match(fs.readFileSync(path.join(root, 'app', 'main.py'), 'utf8'), /# my change\n$/);
  });
});
