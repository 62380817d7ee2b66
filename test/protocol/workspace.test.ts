// The project model through the bundled server: whole-workspace diagnostics for
// closed notebooks and project files, and project facts that follow files created
// on disk (file-watch events) without a restart.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../harness/lspClient';

function notebookJson(sources: string[]): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata: {},
    cells: sources.map((s) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: s.split(/(?<=\n)/) })),
  }, null, 1);
}

describe('workspace diagnostics and the project model', () => {
  let root: string;
  let client: LspTestClient;
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).toString();
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const CELLS = ['import pandas as pd\nfrom sklearn.linear_model import LogisticRegression', 'model = LogisticRegression()\nmodel.fit(X, y)'];

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-ws-')));
    write('requirements.txt', 'pandas>=2\nscikit-learn==1.5.2\n');
    write('src/churn/__init__.py', '');
    write('src/churn/features.py', 'def build(frame):\n    return frame\n');
    write('notebooks/model.ipynb', notebookJson(CELLS));
    write('notebooks/broken.ipynb', '{"cells": [');
    // The project ships a container: NB403 asks for its brief.
    write('Dockerfile', 'FROM python:3.12-slim\nCMD ["python", "-m", "churn"]\n');
    let ready!: Promise<string>;
    // NB102, NB301, NB302, NB304, NB402 and NB403 are opt in: this workspace turns them on in its settings.
    const settings = { select: ['NB', 'NB102', 'NB301', 'NB302', 'NB304', 'NB402', 'NB403'] };
    client = await LspTestClient.start({ rootDir: root, settings, onStarted: (c) => (ready = c.waitForProgressEnd()) });
    await ready;
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists findings for closed notebooks on the lines of the .ipynb file', () => {
    const diagnostics = client.diagnostics.get(uri('notebooks/model.ipynb')) ?? [];
    const nb304 = diagnostics.find((d) => d.code === 'NB304');
    assert.ok(nb304, JSON.stringify(diagnostics));
    assert.match(String(nb304.message), /^cell 2: This notebook runs a model/);
    const jsonLine = fs.readFileSync(path.join(root, 'notebooks/model.ipynb'), 'utf8').split('\n')[nb304.range.start.line];
    assert.match(jsonLine, /model\.fit\(X, y\)/);
    assert.deepEqual(client.codesOf(uri('notebooks/broken.ipynb')), ['NB001']);
  });

  it('lists findings for project files: modules without tests, unpinned requirements, no tests, no brief', () => {
    // No test at all: NB303 says so once, NB302 per module, no NB301 per function.
    assert.deepEqual(client.codesOf(uri('src/churn/features.py')), ['NB302']);
    assert.deepEqual(client.codesOf(uri('requirements.txt')), ['NB303', 'NB401', 'NB403']);
    assert.equal(client.diagnostics.get(uri('requirements.txt'))!.find((d) => d.code === 'NB401')!.range.start.line, 0);
  });

  it('moves a notebook\'s findings to its cells while it is open, and back when it closes', async () => {
    const nbUri = uri('notebooks/model.ipynb');
    const cleared = client.waitForDiagnostics(nbUri, (d) => d.length === 0);
    const cells = await client.openNotebook(nbUri, CELLS.map((text) => ({ text })));
    await cleared;
    assert.deepEqual(client.codesOf(cells[1]), ['NB102', 'NB102', 'NB304']);
    const back = client.waitForDiagnostics(nbUri, (d) => d.length > 0);
    await client.closeNotebook(nbUri);
    await back;
  });

  it('sees a new test and a new eval case without a restart', async () => {
    const nbUri = uri('notebooks/model.ipynb');
    const cells = await client.openNotebook(nbUri, CELLS.map((text) => ({ text })));
    assert.ok(client.codesOf(cells[1]).includes('NB304'));

    write('tests/test_features.py', 'from churn.features import build\n\ndef test_build():\n    assert build(1) == 1\n');
    const moduleClean = client.waitForDiagnostics(uri('src/churn/features.py'), (d) => d.length === 0);
    await client.filesChanged([path.join(root, 'tests/test_features.py')]);
    await moduleClean;

    write('evals/cases.jsonl', '{"id": "c1", "input": {"x": 1}, "expected": 0}\n');
    const evalsSeen = client.waitForDiagnostics(cells[1], (d) => !d.some((x) => x.code === 'NB304'));
    await client.filesChanged([path.join(root, 'evals/cases.jsonl')]);
    await evalsSeen;
    await client.closeNotebook(nbUri);
  });
});

describe('project quick fixes', () => {
  it('declares an undeclared import and creates the production brief', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-pfix-')));
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'pandas==2.2.0\n');
    // A served app: the project ships, NB403 asks for the brief the quick fix creates.
    fs.writeFileSync(path.join(root, 'app.py'), 'from fastapi import FastAPI\n\napp = FastAPI()\n');
    const file = path.join(root, 'analysis.ipynb');
    fs.writeFileSync(file, notebookJson(['import cv2']));
    let ready!: Promise<string>;
    // NB402 and NB403 are opt in: selected in the settings, as a user who wants them does.
    const client = await LspTestClient.start({ rootDir: root, settings: { select: ['NB', 'NB402', 'NB403'] }, onStarted: (c) => (ready = c.waitForProgressEnd()) });
    await ready;
    try {
      const nbUri = pathToFileURL(file).toString();
      const [cell] = await client.openNotebook(nbUri, [{ text: 'import cv2' }]);
      const nb402 = client.diagnostics.get(cell)!.find((d) => d.code === 'NB402')!;
      const [declare] = await client.codeActions(cell, nb402.range, [nb402]);
      assert.equal(declare.title, 'Declare opencv-python in requirements.txt');
      await client.applyEdit(declare.edit!);
      assert.equal(fs.readFileSync(path.join(root, 'requirements.txt'), 'utf8'), 'pandas==2.2.0\nopencv-python\n');

      const reqUri = pathToFileURL(path.join(root, 'requirements.txt')).toString();
      const nb403 = client.diagnostics.get(reqUri)!.find((d) => d.code === 'NB403')!;
      const [create] = await client.codeActions(reqUri, nb403.range, [nb403]);
      assert.equal(create.title, 'Create the production brief (PRODUCTION_BRIEF.md)');
      await client.applyEdit(create.edit!);
      const brief = fs.readFileSync(path.join(root, 'PRODUCTION_BRIEF.md'), 'utf8');
      assert.match(brief, /^# .*: production brief\n/);
      for (const heading of ['Users', 'Decision', 'KPI', 'Simpler alternative', 'Approach', 'Failure modes', 'Owners', 'Serving', 'Release plan', 'Monitoring', 'Feedback']) {
        assert.match(brief, new RegExp(`^## ${heading}$`, 'm'));
      }
      // The new files are seen through file-watch events: both findings go away.
      const cleared = client.waitForDiagnostics(reqUri, (d) => !d.some((x) => x.code === 'NB403'));
      const declared = client.waitForDiagnostics(cell, (d) => !d.some((x) => x.code === 'NB402'));
      await client.filesChanged([path.join(root, 'requirements.txt'), path.join(root, 'PRODUCTION_BRIEF.md')]);
      await Promise.all([cleared, declared]);
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('scope: open files only', () => {
  it('publishes nothing for closed files', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-open-')));
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'pandas\n');
    fs.writeFileSync(path.join(root, 'a.ipynb'), notebookJson(['print(x)']));
    const client = await LspTestClient.start({ rootDir: root, settings: { scope: 'openFiles', select: ['NB', 'NB102'] } });
    const [cell] = await client.openNotebook(pathToFileURL(path.join(root, 'a.ipynb')).toString(), [{ text: 'print(x)' }]);
    assert.ok(client.codesOf(cell).includes('NB102'));
    assert.deepEqual(client.codesOf(pathToFileURL(path.join(root, 'requirements.txt')).toString()), []);
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });
});
