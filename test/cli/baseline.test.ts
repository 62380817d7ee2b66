// Baselines: record today's findings, then report only new ones; the fingerprints
// survive cells moved and other cells edited; `baseline = "..."` in pyproject works
// like --baseline. SARIF carries the same fingerprints and the rule help.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { notebookJson, runCli as run } from '../helpers/cli';
import { writeProject } from '../helpers/project';

const CELLS = [
  { source: 'import os\nprint(rate)' },
  { source: 'rate = 0.1\nprint(hidden)' },
];

function project(extra: Record<string, string> = {}) {
  return writeProject({
    'pyproject.toml': '[project]\nname = "demo"\n\n[tool.nb2prod]\nselect = ["NB1", "NB102"]\n',
    'notebooks/model.ipynb': notebookJson(CELLS),
    ...extra,
  }, 'nb2prod-baseline-');
}

const codesIn = (stdout: string) => [...stdout.matchAll(/ (NB\d{3}) /g)].map((m) => m[1]).sort();

describe('baseline', () => {
  it('--write-baseline records every finding; --baseline then reports only new ones', () => {
    const dir = project();
    const before = run(['check', '.'], dir);
    assert.equal(before.code, 1);
    const written = run(['check', '.', '--write-baseline', 'nb2prod-baseline.json'], dir);
    assert.equal(written.code, 0);
    const recorded = JSON.parse(fs.readFileSync(path.join(dir, 'nb2prod-baseline.json'), 'utf8'));
    assert.equal(recorded.findings.length, codesIn(before.stdout).length);
    const clean = run(['check', '.', '--baseline', 'nb2prod-baseline.json'], dir);
    assert.equal(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, new RegExp(`^${recorded.findings.length} findings recorded in the baseline not shown\\.$`, 'm'));

    // Move cells around, edit another cell and add a new problem in a new cell.
    fs.writeFileSync(path.join(dir, 'notebooks/model.ipynb'), notebookJson([
      { type: 'markdown', source: '# Model' },
      { source: 'import os\nimport sys\nprint(rate)' },
      CELLS[1],
      { source: 'print(new_missing_name)' },
    ]));
    const after = run(['check', '.', '--baseline', 'nb2prod-baseline.json'], dir);
    assert.deepEqual(codesIn(after.stdout), ['NB101', 'NB102'], after.stdout);
    assert.match(after.stdout, /NB102 `new_missing_name`/);
    assert.match(after.stdout, /NB101 `rate`/, 'the edited cell\'s finding is new again');
    assert.doesNotMatch(after.stdout, /`hidden`/, 'the untouched cell keeps its baselined finding, though it moved');
  });

  it('applies nb2prod-baseline.json beside pyproject.toml without being told, as the editor does', () => {
    const dir = project();
    assert.equal(run(['check', '.'], dir).code, 1);
    run(['check', '.', '--write-baseline', 'nb2prod-baseline.json'], dir);
    const r = run(['check', '.'], dir);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /findings recorded in the baseline not shown/);
  });

  it('reads the baseline named in [tool.nb2prod], and fails with exit 2 when it is missing', () => {
    const dir = project();
    run(['check', '.', '--write-baseline', 'base.json'], dir);
    fs.appendFileSync(path.join(dir, 'pyproject.toml'), 'baseline = "base.json"\n');
    assert.equal(run(['check', '.'], dir).code, 0);
    fs.rmSync(path.join(dir, 'base.json'));
    const r = run(['check', '.'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^nb2prod: error: cannot read the baseline .*base\.json: it does not exist \(create it with --write-baseline\)\n$/);
    const notBaseline = project({ 'other.json': '{"a": 1}' });
    assert.match(run(['check', '.', '--baseline', 'other.json'], notBaseline).stderr, /other\.json is not an nb2prod baseline/);
  });
});

describe('SARIF for code scanning', () => {
  it('links each rule to its section of docs/rules.md in the repository, with the help text, level and fingerprints', () => {
    const dir = project();
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const sarif = JSON.parse(run(['check', '.', '--format', 'sarif'], dir).stdout);
    const driver = sarif.runs[0].tool.driver;
    assert.equal(driver.version, pkg.version);
    const nb101 = driver.rules.find((r: { id: string }) => r.id === 'NB101');
    assert.equal(nb101.helpUri, `${pkg.repository.url}/blob/main/docs/rules.md#nb101-use-before-define`);
    assert.match(nb101.fullDescription.text, /^The cell reads a name that is only defined by a cell \*below\* it/);
    assert.match(nb101.help.markdown, /^## NB101 use-before-define\n/);
    assert.equal(nb101.defaultConfiguration.level, 'error');
    assert.ok(driver.rules.every((r: { helpUri: string }) => !r.helpUri.startsWith('file:')));
    const json = JSON.parse(run(['check', '.', '--format', 'json'], dir).stdout);
    const fingerprints = json.files.flatMap((f: { diagnostics: { fingerprint: string }[] }) => f.diagnostics.map((d) => d.fingerprint)).sort();
    const sarifFingerprints = sarif.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['nb2prodFinding/v1']).sort();
    assert.deepEqual(sarifFingerprints, fingerprints);
    const custom = JSON.parse(run(['check', '.', '--format', 'sarif', '--docs-url', 'https://example.org/rules.html'], dir).stdout);
    assert.equal(custom.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'NB101').helpUri, 'https://example.org/rules.html#nb101-use-before-define');
  });
});
