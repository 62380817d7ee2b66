// The CLI as users and CI run it: the bundled dist/cli.js in a child process, on a
// temporary project with good, broken and excluded files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/engine';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function notebookJson(cells: { type?: string; source: string; count?: number | null }[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((c) => c.type === 'markdown'
      ? { cell_type: 'markdown', metadata: {}, source: c.source.split(/(?<=\n)/) }
      : { cell_type: 'code', metadata: {}, execution_count: c.count ?? null, outputs: [], source: c.source.split(/(?<=\n)/) }),
  }, null, 1);
}

describe('nb2prod check', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-cli-'));
    const write = (rel: string, content: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    };
    write('nb/model.ipynb', notebookJson([
      { type: 'markdown', source: '# Model' },
      { source: 'import os\nprint(rate)' },
      { source: 'rate = 0.1\n%matplotlib inline' },
    ]));
    write('nb/only_warnings.ipynb', notebookJson([{ source: 'print(hidden)' }]));
    write('nb/broken.ipynb', '{"cells": [');
    write('scripts/explore.py', '# %%\nx = 1\n\n# %%\nprint(y)\n');
    write('scripts/module.py', 'print(undefined_in_module)\n');
    write('scripts/binary.py', Buffer.from([0x23, 0x20, 0x25, 0x25, 0x0a, 0x00, 0xff, 0x00]));
    write('node_modules/pkg/skip.ipynb', notebookJson([{ source: 'print(skipped)' }]));
    write('nb/.ipynb_checkpoints/model-checkpoint.ipynb', notebookJson([{ source: 'print(skipped)' }]));
    write('scratch/ignored.ipynb', notebookJson([{ source: 'print(skipped)' }]));
    write('pyproject.toml', '[project]\nname = "demo"\n\n[tool.nb2prod]\nexclude = ["scratch/**"]\nseverity = { NB107 = "warning" }\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints one line per finding as path:cell N:line:col: CODE message', () => {
    const r = run(['check', '.'], dir);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.includes('nb/model.ipynb:cell 2:2:7: NB101 `rate` is used before it is defined: it is defined only in cell 3, below, so Restart & Run All fails here.'), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('nb/broken.ipynb:1:1: NB001 Cannot analyse this file: the file is not valid JSON')), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('scripts/explore.py:5:7: NB102 `y`')), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('scripts/binary.py:1:1: NB001')), r.stdout);
    assert.ok(!r.stdout.includes('skipped'), 'node_modules, checkpoints and configured excludes are skipped');
    assert.ok(!r.stdout.includes('module.py'), 'a plain module is not a notebook');
    assert.match(lines[lines.length - 1], /^\d+ findings in 5 files\.$/);
  });

  it('exits 1 on errors by default, honours --fail-on, and exits 2 on usage errors', () => {
    assert.equal(run(['check', '.'], dir).code, 1);
    assert.equal(run(['check', 'nb/only_warnings.ipynb'], dir).code, 0);
    assert.equal(run(['check', 'nb/only_warnings.ipynb', '--fail-on', 'warning'], dir).code, 1);
    assert.equal(run(['check', 'nb/only_warnings.ipynb', '--fail-on=information'], dir).code, 1);
    assert.equal(run(['check', '.', '--fail-on', 'never'], dir).code, 0);
    for (const bad of [['check', '--format', 'xml'], ['check', '--fail-on', 'sometimes'], ['check', '--nope'], ['lint'], ['check', '--format']]) {
      const r = run(bad, dir);
      assert.equal(r.code, 2, bad.join(' '));
      assert.match(r.stderr, /^nb2prod: /);
    }
    assert.equal(run(['--help'], dir).code, 0);
  });

  it('reports a missing path as a finding, not a crash', () => {
    const r = run(['check', 'nope.ipynb'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /nope\.ipynb:1:1: NB001 Cannot analyse this file: it cannot be read \(ENOENT\)/);
  });

  it('writes JSON with 1-based cells counted among all cells, and file lines for scripts', () => {
    const r = run(['check', '.', '--format', 'json'], dir);
    const report = JSON.parse(r.stdout);
    assert.equal(report.version, 1);
    const model = report.files.find((f: { path: string }) => f.path === 'nb/model.ipynb');
    const nb101 = model.diagnostics.find((d: { code: string }) => d.code === 'NB101');
    assert.deepEqual(nb101, {
      code: 'NB101', severity: 'error', message: nb101.message, cell: 2, line: 2, column: 7, endLine: 2, endColumn: 11,
      related: [{ cell: 3, line: 1, message: '`rate` is defined here' }],
    });
    assert.equal(model.diagnostics.find((d: { code: string }) => d.code === 'NB107').severity, 'warning', 'pyproject severity applies');
    const script = report.files.find((f: { path: string }) => f.path === 'scripts/explore.py');
    assert.deepEqual(script.diagnostics.filter((d: { code: string }) => d.code.startsWith('NB1')).map((d: { cell: number; line: number }) => [d.cell, d.line]), [[2, 5]]);
    const broken = report.files.find((f: { path: string }) => f.path === 'nb/broken.ipynb');
    assert.equal(broken.diagnostics[0].cell, null);
  });

  it('writes SARIF 2.1.0 that points into the notebook JSON', () => {
    const r = run(['check', 'nb/model.ipynb', '--format', 'sarif'], dir);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'nb2prod');
    const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    const result = run0.results.find((x: { ruleId: string }) => x.ruleId === 'NB101');
    assert.equal(ids[result.ruleIndex], 'NB101');
    assert.equal(result.level, 'error');
    assert.match(result.message.text, /^cell 2, line 2: /);
    const loc = result.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'nb/model.ipynb');
    const jsonLines = fs.readFileSync(path.join(dir, 'nb/model.ipynb'), 'utf8').split('\n');
    assert.match(jsonLines[loc.region.startLine - 1], /print\(rate\)/);
    for (const x of run0.results) assert.ok(x.locations[0].physicalLocation.region.startLine >= 1);
  });

  it('never prints a secret in full, in any format', () => {
    const secret = 'ghp_' + 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6';
    const nb = JSON.parse(notebookJson([{ source: `token = "${secret}"`, count: 1 }]));
    nb.cells[0].outputs = [{ output_type: 'stream', name: 'stdout', text: [`${secret}\n`] }];
    fs.writeFileSync(path.join(dir, 'nb', 'secret.ipynb'), JSON.stringify(nb));
    for (const format of ['text', 'json', 'sarif']) {
      const r = run(['check', 'nb/secret.ipynb', '--format', format], dir);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /NB203/);
      assert.match(r.stdout, /NB204/);
      assert.ok(!r.stdout.includes(secret.slice(0, 12)), `${format} output leaks the secret`);
      assert.ok(r.stdout.includes('****hJ6') || r.stdout.includes('****3hJ6'), `${format} shows the last 4 characters`);
    }
    fs.rmSync(path.join(dir, 'nb', 'secret.ipynb'));
  });

  it('reads configuration problems as warnings and keeps going', () => {
    const sub = path.join(dir, 'badconfig');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 'pyproject.toml'), '[tool.nb2prod\nselect = 1');
    fs.writeFileSync(path.join(sub, 'a.ipynb'), notebookJson([{ source: 'print(q)' }]));
    const r = run(['check', '.'], sub);
    assert.match(r.stdout, /a\.ipynb:cell 1:1:7: NB102/);
    assert.match(r.stdout, /warning: pyproject.toml is not valid TOML/);
  });
});
