// Configuration that fails loudly in the editor: an invalid `[tool.nb2prod]` value is a
// problem on pyproject.toml and one message; an unknown key a warning on its line;
// fixing the file clears them. The server reports package.json's version.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../harness/lspClient';
import { REPO_ROOT } from '../helpers/engine';

describe('configuration problems in the editor', () => {
  let root: string;
  let client: LspTestClient;
  const pyproject = () => pathToFileURL(path.join(root, 'pyproject.toml')).toString();

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-cfg-')));
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "demo"\n\n[tool.nb2prod]\nignore = ["NB108"]\nseverity = { NB105 = "informational" }\n');
    client = await LspTestClient.start({ rootDir: root });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports the version of package.json in serverInfo', () => {
    const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
    assert.deepEqual(client.serverInfo, { name: 'nb2prod', version });
  });

  it('puts an invalid value on its line of pyproject.toml and shows one message', async () => {
    const problems = client.waitForDiagnostics(pyproject(), (d) => d.some((x) => x.severity === 1));
    await client.openNotebook(pathToFileURL(path.join(root, 'a.ipynb')).toString(), [{ text: 'print(q)' }]);
    const diagnostics = await problems;
    const error = diagnostics.find((d) => d.severity === 1)!;
    assert.match(String(error.message), /^\[tool\.nb2prod\] severity\.NB105: "informational" is not allowed; expected one of "error", "warning", "information", "hint", "off"\. The \[tool\.nb2prod\] section is not applied\.$/);
    assert.equal(error.range.start.line, 5);
    assert.equal(client.messages.filter((m) => m.includes('severity.NB105')).length, 1);
  });

  it('turns an unknown key into a warning with a suggestion, and clears the error once fixed', async () => {
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "demo"\n\n[tool.nb2prod]\nselct = ["NB1"]\n');
    const fixed = client.waitForDiagnostics(pyproject(), (d) => !d.some((x) => x.severity === 1) && d.some((x) => x.severity === 2));
    await client.filesChanged([path.join(root, 'pyproject.toml')], 2);
    const diagnostics = await fixed;
    const warning = diagnostics.find((d) => d.severity === 2 && /selct/.test(String(d.message)))!;
    assert.equal(warning.message, '[tool.nb2prod] unknown key "selct" is ignored (did you mean "select"?)');
    assert.equal(warning.range.start.line, 4);
  });
});
