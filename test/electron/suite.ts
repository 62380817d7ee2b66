// Runs inside VS Code's extension host (loaded by @vscode/test-electron).
import Mocha from 'mocha';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const workspace = process.env.NB2PROD_E2E_WORKSPACE ?? '';

/** Resolves when `uri` has diagnostics that satisfy `match` (event-driven). */
function diagnosticsFor(uri: vscode.Uri, match: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  const current = vscode.languages.getDiagnostics(uri);
  if (match(current)) return Promise.resolve(current);
  return new Promise((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const now = vscode.languages.getDiagnostics(uri);
      if (match(now)) {
        sub.dispose();
        resolve(now);
      }
    });
  });
}

function scenarios(mocha: Mocha): void {
  mocha.suite.timeout(120_000);
  const suite = Mocha.Suite.create(mocha.suite, 'nb2prod in the extension host');
  let notebook: vscode.NotebookDocument;

  suite.addTest(new Mocha.Test('shows NB diagnostics on the cells of the example notebook', async () => {
    notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(path.join(workspace, 'notebooks', 'churn_model.ipynb')));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.getCells().find((c) => c.document.getText().includes('build_features(df)'))!;
    const diagnostics = await diagnosticsFor(cell.document.uri, (d) => d.some((x) => x.code === 'NB101'));
    assert.ok(diagnostics.every((d) => d.source === 'nb2prod'));
  }));

  suite.addTest(new Mocha.Test('"Move to configuration" writes the config file', async () => {
    const cell = notebook.getCells().find((c) => c.document.getText().includes('/Users/maria'))!;
    const [nb201] = await diagnosticsFor(cell.document.uri, (d) => d.some((x) => x.code === 'NB201'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cell.document.uri, nb201.range);
    const move = actions.find((a) => a.title.startsWith('Move to configuration'))!;
    assert.ok(await vscode.workspace.applyEdit(move.edit!));
    await vscode.workspace.saveAll();
    assert.match(fs.readFileSync(path.join(workspace, 'configs', 'churn_model.toml'), 'utf8'), /\/Users\/maria/);
  }));

  suite.addTest(new Mocha.Test('"Extract cell to module" writes the module and the test', async () => {
    const cell = notebook.getCells().find((c) => c.document.getText().includes('train_test_split('))!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cell.document.uri, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.RefactorExtract.value);
    const extract = actions.find((a) => a.title.startsWith('Extract cell to module'))!;
    assert.ok(await vscode.workspace.applyEdit(extract.edit!));
    await vscode.workspace.saveAll();
    assert.ok(fs.existsSync(path.join(workspace, 'src', 'churn', 'model.py')));
    assert.ok(fs.existsSync(path.join(workspace, 'tests', 'test_model.py')));
    assert.match(cell.document.getText(), /from churn\.model import model/);
  }));

  suite.addTest(new Mocha.Test('the brief and output commands exist', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['nb2prod.showBrief', 'nb2prod.createBrief', 'nb2prod.showOutput', 'nb2prod.extractCells']) assert.ok(commands.includes(c), c);
    await vscode.commands.executeCommand('nb2prod.showBrief');
  }));
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false });
  scenarios(mocha);
  return new Promise((resolve, reject) => mocha.run((failures) => (failures ? reject(new Error(`${failures} electron tests failed`)) : resolve())));
}
