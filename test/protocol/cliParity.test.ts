// The editor and CI must agree: the bundled server, fed the example notebook through
// notebook sync (with its execution counts), reports exactly what the CLI reports.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { it } from 'node:test';
import { REPO_ROOT } from '../helpers/engine';
import { LspTestClient } from '../harness/lspClient';

it('server and CLI give the same diagnostics for the example notebook', async () => {
  const file = path.join(REPO_ROOT, 'examples', 'churn', 'notebooks', 'churn_model.ipynb');
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string[] | string; execution_count?: number | null }[] };

  const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', file, '--format', 'json'], { encoding: 'utf8' });
  const fromCli = (JSON.parse(cli.stdout).files[0].diagnostics as { code: string; cell: number; line: number; column: number; severity: string; message: string }[])
    .map((d) => `${d.cell}:${d.line}:${d.column} ${d.code} ${d.severity} ${d.message}`).sort();

  // The user opens the project folder: the project rules see its requirements, src/ and tests.
  const client = await LspTestClient.start({ rootDir: path.join(REPO_ROOT, 'examples', 'churn') });
  const uri = pathToFileURL(file).toString();
  const cells = await client.openNotebook(uri, nb.cells.map((c) => ({
    kind: c.cell_type === 'markdown' ? 'markdown' : 'code',
    text: Array.isArray(c.source) ? c.source.join('') : c.source,
    executionOrder: c.execution_count ?? undefined,
  })));
  const severity = ['', 'error', 'warning', 'information', 'hint'];
  const fromServer = cells.flatMap((cellUri, i) => (client.diagnostics.get(cellUri) ?? [])
    .map((d) => `${i + 1}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${severity[d.severity!]} ${d.message}`)).sort();
  await client.stop();

  assert.ok(fromCli.length >= 10, 'the example shows many findings');
  assert.deepEqual(fromServer, fromCli);
  for (const code of ['NB101', 'NB102', 'NB103', 'NB104', 'NB105', 'NB106', 'NB107', 'NB108', 'NB109', 'NB201', 'NB203', 'NB204', 'NB205', 'NB301', 'NB304', 'NB402']) {
    assert.ok(fromCli.some((l) => l.includes(` ${code} `)), `the example shows ${code}`);
  }
});

it('server and CLI give the same findings for the project files of the examples', async () => {
  const project = path.join(REPO_ROOT, 'examples', 'churn');
  const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', '.', '--format', 'json'], { encoding: 'utf8', cwd: project });
  const files = (JSON.parse(cli.stdout).files as { path: string; diagnostics: { code: string; line: number; column: number; message: string; cell: number | null }[] }[])
    .filter((f) => !f.path.endsWith('.ipynb') && !f.path.endsWith('.py') || f.path.startsWith('src/'));
  assert.ok(files.some((f) => f.path === 'requirements.txt') && files.some((f) => f.path.startsWith('src/')), 'the example has findings on project files');

  let ready!: Promise<string>;
  const client = await LspTestClient.start({ rootDir: project, onStarted: (c) => (ready = c.waitForProgressEnd()) });
  await ready;
  for (const f of files) {
    const fromServer = (client.diagnostics.get(pathToFileURL(path.join(project, f.path)).toString()) ?? [])
      .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`).sort();
    const fromCli = f.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).sort();
    assert.deepEqual(fromServer, fromCli, f.path);
  }
  await client.stop();
});
