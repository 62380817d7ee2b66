// The CLI as users and CI run it: the bundled dist/cli.js in a child process, on a
// temporary project with good, broken and excluded files: output, exit codes, formats.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/engine';
import { CLI, notebookJson, runCli as run } from '../helpers/cli';
import { spawn } from 'node:child_process';
import { once } from 'node:events';

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
    // NB102 is opt in; this project turns it on, as a team that wants it does.
    write('pyproject.toml', '[project]\nname = "demo"\n\n[tool.nb2prod]\nselect = ["NB", "NB102"]\nexclude = ["scratch/**"]\nseverity = { NB107 = "warning" }\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints findings grouped by file, with the severity, the cell and the source line under a caret', () => {
    const r = run(['check', '.'], dir);
    const text = r.stdout;
    assert.match(text, /^nb\/model\.ipynb$/m);
    assert.ok(text.includes([
      '  cell 2:2:7  error  NB101 `rate` is used before it is defined: it is defined only in cell 3, below, so Restart & Run All fails here.',
      '    2 | print(rate)',
      '      |       ^^^^',
    ].join('\n')), text);
    assert.match(text, /^nb\/broken\.ipynb\n {2}1:1 {2}error {2}NB001 Cannot analyse this file: the file is not valid JSON/m);
    assert.match(text, /^scripts\/explore\.py\n(?: .*\n)* {2}5:7 {2}warning {2}NB102 `y`/m);
    assert.match(text, /^scripts\/binary\.py\n {2}1:1 {2}error {2}NB001/m);
    assert.ok(!text.includes('skipped'), 'node_modules, checkpoints and configured excludes are skipped');
    assert.ok(!text.includes('module.py'), 'a plain module is not a notebook');
    assert.ok(!text.includes('\u001b['), 'no colour when not on a terminal');
    const lines = text.trim().split('\n');
    assert.match(lines[lines.length - 1], /^\d+ findings \(\d+ errors?, \d+ warnings?(, \d+ infos?)?\) in 5 files\.$/);
  });

  it('skips checkpoint copies in a folder given from outside it, with no configuration of its own', () => {
    // `nb2prod check /abs/path` or `../corpus` from another folder: the default excludes still hold.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-outside-'));
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-cwd-'));
    try {
      fs.mkdirSync(path.join(outside, 'lesson', '.ipynb_checkpoints'), { recursive: true });
      fs.writeFileSync(path.join(outside, 'lesson', 'intro.ipynb'), notebookJson([{ source: 'print(kept_name)' }]));
      fs.writeFileSync(path.join(outside, 'lesson', '.ipynb_checkpoints', 'intro-checkpoint.ipynb'), notebookJson([{ source: 'print(copy_name)' }]));
      for (const given of [outside, path.relative(elsewhere, outside)]) {
        const r = run(['check', given, '--format', 'json', '--fail-on', 'never', '--select', 'NB', '--select', 'NB102'], elsewhere);
        const files = (JSON.parse(r.stdout).files as { path: string }[]).map((f) => f.path);
        assert.ok(files.some((f) => f.endsWith('intro.ipynb')), `${given}: ${files.join(', ')}`);
        assert.ok(!files.some((f) => f.includes('.ipynb_checkpoints')), `${given}: ${files.join(', ')}`);
      }
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('reports a module of a project nested in another once, as its nearest project sees it', () => {
    // holdout10: trulens' examples/…/snowflake-ai-stack/src/generation.py came out twice, from the repository's root and the example's.
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-nested-'));
    try {
      const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
        fs.writeFileSync(path.join(repo, rel), text);
      };
      write('pyproject.toml', '[project]\nname = "tracer"\nversion = "1.0"\ndependencies = ["openai==1.30.0"]\n');
      // The repository's package holds the example, so the root scans its modules too.
      write('cookbook/__init__.py', '');
      write('cookbook/stack/requirements.txt', 'openai==1.30.0\n');
      write('cookbook/stack/explore.ipynb', notebookJson([{ source: 'from src.generation import answer' }]));
      write('cookbook/stack/src/__init__.py', '');
      write('cookbook/stack/src/generation.py', 'from openai import OpenAI\n\nclient = OpenAI()\n');
      write('quickstart.ipynb', notebookJson([{ source: 'import tracer' }]));
      const r = run(['check', '.', '--format', 'json', '--fail-on', 'never', '--select', 'NB503'], repo);
      const reports = (JSON.parse(r.stdout).files as { path: string; diagnostics: { code: string }[] }[]).filter((f) => f.path.endsWith('generation.py'));
      assert.equal(reports.length, 1, JSON.stringify(reports));
      assert.deepEqual(reports[0].diagnostics.map((d) => d.code), ['NB503']);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('colours the severity when FORCE_COLOR is set, and never when NO_COLOR is', () => {
    const forced = run(['check', 'nb/model.ipynb'], dir, { env: { FORCE_COLOR: '1' } });
    assert.ok(forced.stdout.includes('\u001b[31;1merror\u001b[0m'), forced.stdout);
    const plain = run(['check', 'nb/model.ipynb'], dir, { env: { NO_COLOR: '1' } });
    assert.ok(!plain.stdout.includes('\u001b['), plain.stdout);
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

  it('exits 2 with one line, never a stack trace, on a missing path, an empty folder or an unwritable -o', () => {
    fs.mkdirSync(path.join(dir, 'empty'), { recursive: true });
    const cases: [string[], RegExp][] = [
      [['check', 'nope.ipynb', '--fail-on', 'never'], /^nb2prod: error: nope\.ipynb: no such file or folder\n$/],
      [['check', 'empty'], /^nb2prod: error: no notebook \(\.ipynb\) or percent-format script \(# %% cells\) found in empty\n$/],
      [['check', 'nb/model.ipynb', '-o', 'no/such/folder/report.txt'], /^nb2prod: error: cannot write the report to no\/such\/folder\/report\.txt: its folder does not exist\n$/],
      [['readiness', 'does/not/exist'], /^nb2prod: error: does\/not\/exist: no such file or folder\n$/],
    ];
    for (const [args, message] of cases) {
      const r = run(args, dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
  });

  it('prints the version of package.json', () => {
    const r = run(['--version'], dir);
    assert.equal(r.stdout.trim(), JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    assert.notEqual(r.stdout.trim(), '0.0.0-dev');
  });

  it('writes JSON with 1-based cells counted among all cells, and file lines for scripts', () => {
    const r = run(['check', '.', '--format', 'json'], dir);
    const report = JSON.parse(r.stdout);
    assert.equal(report.version, 1);
    const model = report.files.find((f: { path: string }) => f.path === 'nb/model.ipynb');
    const nb101 = model.diagnostics.find((d: { code: string }) => d.code === 'NB101');
    assert.deepEqual(nb101, {
      code: 'NB101', severity: 'error', message: nb101.message, cell: 2, line: 2, column: 7, endLine: 2, endColumn: 11,
      related: [{ cell: 3, line: 1, message: '`rate` is defined here' }], fingerprint: nb101.fingerprint,
    });
    assert.match(nb101.fingerprint, /^[0-9a-f]{32}$/);
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
    const password = 'Winter' + '2024!Blue';
    const nb = JSON.parse(notebookJson([{ source: `token = "${secret}"\ndb_password = "${password}"\nprint(token, db_password)`, count: 1 }]));
    nb.cells[0].outputs = [{ output_type: 'stream', name: 'stdout', text: [`${secret}\n`] }];
    fs.writeFileSync(path.join(dir, 'nb', 'secret.ipynb'), JSON.stringify(nb));
    for (const format of ['text', 'json', 'sarif']) {
      const r = run(['check', 'nb/secret.ipynb', '--format', format], dir);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /NB203/);
      assert.match(r.stdout, /NB204/);
      assert.ok(!r.stdout.includes(secret.slice(0, 12)), `${format} output leaks the secret`);
      assert.ok(!r.stdout.includes(password.slice(0, 8)), `${format} output leaks the password`);
      assert.ok(r.stdout.includes('****hJ6') || r.stdout.includes('****3hJ6'), `${format} shows the last 4 characters`);
      // The code frame masks what is inside the quotes: the line still reads as Python.
      if (format === 'text') assert.match(r.stdout, /\| token = "\*\*\*\*3hJ6"$/m);
    }
    fs.rmSync(path.join(dir, 'nb', 'secret.ipynb'));
  });

  it('stops with exit 2 on a broken pyproject.toml instead of checking with a configuration nobody wrote', () => {
    const sub = path.join(dir, 'badconfig');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 'pyproject.toml'), '[tool.nb2prod\nselect = 1');
    fs.writeFileSync(path.join(sub, 'a.ipynb'), notebookJson([{ source: 'print(q)' }]));
    const r = run(['check', '.', '--fail-on', 'never'], sub);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^nb2prod: error: invalid configuration in \.: pyproject.toml is not valid TOML/);
  });

  it('checks a folder below a broken pyproject.toml that configures nothing of nb2prod (a project template) with the defaults', () => {
    const sub = path.join(dir, 'templates');
    const template = path.join(sub, '{{cookiecutter.package_name}}');
    fs.mkdirSync(template, { recursive: true });
    fs.writeFileSync(path.join(template, 'pyproject.toml'), '[project]\nname = "{{ cookiecutter.package_name }}"\n[tool.{{cookiecutter.linter}}]\n');
    fs.writeFileSync(path.join(template, 'demo.ipynb'), notebookJson([{ source: 'print(q)' }]));
    fs.writeFileSync(path.join(sub, 'other.ipynb'), notebookJson([{ source: 'print(q)' }]));
    const r = run(['check', '.', '--format', 'json', '--fail-on', 'never'], sub);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string }[] }[]; warnings: string[] };
    assert.deepEqual(report.files.map((f) => f.path).sort(), [path.join('{{cookiecutter.package_name}}', 'demo.ipynb'), 'other.ipynb'].sort());
    // The template folder is a project (its pyproject.toml) and was analysed as one.
    assert.ok(report.files.find((f) => f.path.endsWith('demo.ipynb'))!.diagnostics.some((d) => d.code === 'NB303'));
    assert.ok(report.warnings.some((w) => /pyproject\.toml is not valid TOML: .*uses its defaults there/.test(w)), JSON.stringify(report.warnings));
  });

  it('stops quietly when the reader closes the pipe early (`check | head`)', async () => {
    // The reader takes the first chunk and closes: the CLI must not die with an EPIPE stack trace.
    // A report far bigger than a pipe's buffer, so the CLI is still writing when the pipe closes.
    const many = path.join(dir, 'many');
    fs.mkdirSync(many);
    const cells = Array.from({ length: 40 }, (_, k) => ({ source: `print(undefined_${k})\nx_${k} = "/home/someone/data_${k}.csv"` }));
    for (let n = 0; n < 40; n++) fs.writeFileSync(path.join(many, `nb${n}.ipynb`), notebookJson(cells));
    const child = spawn(process.execPath, [CLI, 'check', 'many', '--format', 'json', '--fail-on', 'never', '--no-cache'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 0, stderr);
    assert.ok(!/EPIPE|internal error/.test(stderr), stderr);
  });
});
