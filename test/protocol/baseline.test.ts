// The editor honours the baseline the CLI writes: findings recorded in
// nb2prod-baseline.json (or the file `baseline = "..."` names) show as hints, or not
// at all with nb2prod.baseline.show = "hidden"; new findings stay as they are.
// Through the bundled server over JSON-RPC, with the baseline written by dist/cli.js.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../harness/lspClient';
import { notebookJson, runCli } from '../helpers/cli';

const CELLS = ['import os\nprint(rate)', 'rate = 0.1\nprint(hidden)'];
const HINT = 4;

describe('the baseline in the editor', () => {
  let root: string;
  let client: LspTestClient;
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).toString();

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-editor-baseline-')));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "demo"\n\n[tool.nb2prod]\nselect = ["NB101", "NB102"]\n');
    fs.writeFileSync(path.join(root, 'model.ipynb'), notebookJson(CELLS.map((source) => ({ source }))));
    fs.writeFileSync(path.join(root, 'closed.ipynb'), notebookJson([{ source: 'print(missing_in_closed)' }]));
    const written = runCli(['check', '.', '--write-baseline', 'nb2prod-baseline.json'], root);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stderr, /recorded 3 findings/);
    client = await LspTestClient.start({ rootDir: root });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('shows baselined findings as hints naming the file, and new ones as they are', async () => {
    const closed = client.waitForDiagnostics(uri('closed.ipynb'), (d) => d.length > 0);
    // The recorded cells moved down and a new problem came in: fingerprints ignore positions.
    const cells = await client.openNotebook(uri('model.ipynb'), [{ text: 'print(brand_new_name)' }, ...CELLS.map((text) => ({ text }))]);
    const fresh = client.diagnostics.get(cells[0])!;
    assert.deepEqual(fresh.map((d) => [d.code, d.severity]), [['NB102', 2]]);
    const recorded = [...client.diagnostics.get(cells[1])!, ...client.diagnostics.get(cells[2])!];
    assert.deepEqual(recorded.map((d) => d.code).sort(), ['NB101', 'NB102']);
    for (const d of recorded) {
      assert.equal(d.severity, HINT, String(d.message));
      assert.match(String(d.message), / \(recorded in nb2prod-baseline\.json\)$/);
    }
    // A closed notebook in the Problems view too.
    const closedDiagnostics = await closed;
    assert.deepEqual(closedDiagnostics.map((d) => [d.code, d.severity]), [['NB102', HINT]]);
  });

  it('hides them with nb2prod.baseline.show = "hidden", and shows an edited cell\'s finding again', async () => {
    const nb = uri('model.ipynb');
    const cells = [LspTestClient.cellUri(nb, 0), LspTestClient.cellUri(nb, 1), LspTestClient.cellUri(nb, 2)];
    await client.changeSettings({ baseline: { show: 'hidden' } }, nb);
    assert.deepEqual(client.codesOf(cells[0]), ['NB102']);
    assert.deepEqual(client.codesOf(cells[1]), []);
    assert.deepEqual(client.codesOf(cells[2]), []);
    // Editing a recorded cell makes its finding new: a reviewer should see it.
    const analyzed = client.waitForAnalysis(nb);
    await client.editCell(nb, cells[2], { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' });
    await analyzed;
    assert.deepEqual(client.diagnostics.get(cells[2])!.map((d) => [d.code, d.severity]), [['NB102', 2]]);
  });
});
