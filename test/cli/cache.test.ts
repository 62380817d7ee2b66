// The findings cache of `nb2prod check` (.nb2prod_cache/), through the bundled CLI.
// That a run read the cache is observed by planting a marker in the stored findings:
// the marker shows in the report only when the cached entry was used.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, notebookJson, runCli as run } from '../helpers/cli';
import { writeProject } from '../helpers/project';

const NOTEBOOK = notebookJson([
  { source: 'import os\nprint(rate)' },
  { source: 'rate = 0.1\nprint(hidden)' },
]);
const MARKER = 'MARKER-FROM-THE-CACHE';

function project(extra: Record<string, string> = {}) {
  return writeProject({
    // NB102 is opt in: its findings in both notebooks are what the cache stores and the tests look for.
    'pyproject.toml': '[project]\nname = "demo"\ndependencies = ["pandas"]\n\n[tool.nb2prod]\nselect = ["NB", "NB102"]\n',
    'notebooks/model.ipynb': NOTEBOOK,
    'notebooks/other.ipynb': notebookJson([{ source: 'print(undefined_here)' }]),
    ...extra,
  }, 'nb2prod-cache-');
}

const cacheFile = (dir: string) => path.join(dir, '.nb2prod_cache', 'findings.json');

/** Rewrites every stored finding's message to the marker. */
function plantMarker(dir: string) {
  const data = JSON.parse(fs.readFileSync(cacheFile(dir), 'utf8'));
  let planted = 0;
  for (const entry of Object.values(data.entries) as { findings: { message: string }[] }[]) {
    for (const f of entry.findings) {
      f.message = MARKER;
      planted++;
    }
  }
  assert.ok(planted > 0, 'the cache holds findings');
  fs.writeFileSync(cacheFile(dir), JSON.stringify(data));
}

const check = (dir: string, extra: string[] = [], cli?: string) => {
  const r = cli ? runWith(cli, dir, extra) : run(['check', '.', '--format', 'json', '--fail-on', 'never', ...extra], dir);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};

function runWith(cli: string, dir: string, extra: string[]) {
  const r = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', '--fail-on', 'never', ...extra], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('findings cache', () => {
  it('is written git-ignored on the first run and read on the second, with the same report', () => {
    const dir = project();
    const cold = check(dir);
    assert.equal(fs.readFileSync(path.join(dir, '.nb2prod_cache', '.gitignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).join(), '*');
    assert.ok(fs.existsSync(cacheFile(dir)));
    assert.equal(check(dir), cold, 'an unchanged tree gives the same report from the cache');
    plantMarker(dir);
    assert.match(check(dir), new RegExp(MARKER), 'the second run used the stored findings');
    assert.doesNotMatch(check(dir, ['--no-cache']), new RegExp(MARKER), '--no-cache analyses again');
  });

  it('misses for a changed file only', () => {
    const dir = project();
    check(dir);
    plantMarker(dir);
    fs.writeFileSync(path.join(dir, 'notebooks/other.ipynb'), notebookJson([{ source: 'print(still_undefined)' }]));
    const report = JSON.parse(check(dir));
    const messages = (name: string) => report.files.find((f: { path: string }) => f.path.endsWith(name)).diagnostics.map((f: { message: string }) => f.message);
    assert.ok(messages('other.ipynb').length > 0 && !messages('other.ipynb').includes(MARKER), 'the edited notebook is analysed');
    assert.ok(messages('other.ipynb').some((m: string) => m.includes('still_undefined')));
    assert.ok(messages('model.ipynb').includes(MARKER), 'the unchanged notebook comes from the cache');
  });

  it('trusts an unchanged size and modification time without reading the file, and checks the content of a touched file', () => {
    const dir = project();
    const file = path.join(dir, 'notebooks/other.ipynb');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(file, anHourAgo, anHourAgo);
    check(dir);
    plantMarker(dir);
    // Same size, same time, other text: a warm run goes by the stat alone, as Ruff's cache does.
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('undefined_here', 'undefined_HERE'));
    fs.utimesSync(file, anHourAgo, anHourAgo);
    const byStat = JSON.parse(check(dir)).files.find((f: { path: string }) => f.path.endsWith('other.ipynb'));
    assert.ok(byStat.diagnostics.some((d: { message: string }) => d.message === MARKER), 'the stored findings, the file unread');
    // Touched: the time changed, so the content is compared, and it changed.
    fs.utimesSync(file, new Date(), new Date());
    const touched = JSON.parse(check(dir)).files.find((f: { path: string }) => f.path.endsWith('other.ipynb'));
    assert.ok(touched.diagnostics.some((d: { message: string }) => d.message.includes('undefined_HERE')), 'analysed again');
    // Touched again without a change of content: the stored findings still hold.
    plantMarker(dir);
    fs.utimesSync(file, new Date(Date.now() + 5_000), new Date(Date.now() + 5_000));
    const same = JSON.parse(check(dir)).files.find((f: { path: string }) => f.path.endsWith('other.ipynb'));
    assert.ok(same.diagnostics.some((d: { message: string }) => d.message === MARKER), 'same content, same findings');
  });

  it('gives the text and SARIF reports of a warm run the flagged lines of the notebooks', () => {
    const dir = project();
    const text = (extra: string[] = []) => {
      const r = run(['check', '.', '--fail-on', 'never', ...extra], dir);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    };
    const coldText = text();
    const coldSarif = text(['--format', 'sarif']);
    assert.match(coldText, /print\(hidden\)/);
    assert.equal(text(), coldText);
    assert.equal(text(['--format', 'sarif']), coldSarif);
  });

  it('misses when the configuration or the project facts change', () => {
    const dir = project();
    check(dir);
    plantMarker(dir);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "demo"\ndependencies = ["pandas"]\n\n[tool.nb2prod]\nselect = ["NB", "NB102"]\nignore = ["NB107"]\n');
    assert.doesNotMatch(check(dir), new RegExp(MARKER), 'configuration changed');
    plantMarker(dir);
    assert.match(check(dir), new RegExp(MARKER));
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'numpy==1.26.4\n');
    assert.doesNotMatch(check(dir), new RegExp(MARKER), 'a dependency file changed');
    plantMarker(dir);
    fs.mkdirSync(path.join(dir, 'tests'));
    fs.writeFileSync(path.join(dir, 'tests/test_model.py'), 'def test_model():\n    assert 1\n');
    assert.doesNotMatch(check(dir), new RegExp(MARKER), 'a test was added');
    plantMarker(dir);
    assert.doesNotMatch(check(dir, ['--select', 'NB1']), new RegExp(MARKER), 'a command-line selection is configuration too');
  });

  it('misses when the engine changes', () => {
    const dir = project();
    check(dir);
    plantMarker(dir);
    // Another build of the engine: the same bundle with one more byte, next to its grammar.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-engine-'));
    after(() => fs.rmSync(other, { recursive: true, force: true }));
    for (const f of fs.readdirSync(path.dirname(CLI))) if (f.endsWith('.wasm')) fs.copyFileSync(path.join(path.dirname(CLI), f), path.join(other, f));
    fs.writeFileSync(path.join(other, 'cli.js'), fs.readFileSync(CLI, 'utf8') + '\n// another build\n');
    assert.match(check(dir), new RegExp(MARKER), 'the same engine reads the cache');
    assert.doesNotMatch(check(dir, [], path.join(other, 'cli.js')), new RegExp(MARKER), 'another engine does not');
  });

  it('ignores and rewrites a corrupt cache file, and leaves no cache with --no-cache', () => {
    const dir = project();
    const cold = check(dir);
    fs.writeFileSync(cacheFile(dir), '{"format": 1, "engine": "x", "entr');
    assert.equal(check(dir), cold);
    const rewritten = JSON.parse(fs.readFileSync(cacheFile(dir), 'utf8'));
    assert.ok(Object.keys(rewritten.entries).length >= 2, 'the cache was rewritten with both notebooks');
    fs.writeFileSync(cacheFile(dir), '[1, 2');
    assert.equal(check(dir), cold);
    const fresh = project();
    assert.equal(check(fresh, ['--no-cache']), cold.split(dir).join(fresh));
    assert.ok(!fs.existsSync(path.join(fresh, '.nb2prod_cache')));
  });
});

describe('a warm run of an unchanged tree', () => {
  // A percent script with findings, a plain module, a notebook that is not valid JSON.
  const tree = () => project({
    'scripts/train.py': '# %%\nimport os\n\n# %%\nprint(rate)\nrate = 2\n',
    'src/demo/util.py': 'def helper():\n    return 1\n',
    'notebooks/broken.ipynb': '{"cells": [',
  });
  /** `check --verbose` with two threads: the report, and what the run says it read and started. */
  const verbose = (dir: string, extra: string[] = []) => {
    const r = run(['check', '.', '--format', 'json', '--fail-on', 'never', '--threads', '2', '--verbose', ...extra], dir);
    assert.equal(r.code, 0, r.stderr);
    return { report: r.stdout, said: r.stderr };
  };

  it('is answered by the cache alone: no file analysed, no worker thread started, no project model built', () => {
    const dir = tree();
    const cold = verbose(dir);
    assert.match(cold.said, /nb2prod: 5 files: 0 from the cache, 5 analysed; the project files of 1 root: 0 from the cache, 1 analysed; 2 worker threads started/);
    const files = JSON.parse(cold.report).files.map((f: { path: string }) => f.path);
    assert.ok(files.includes('scripts/train.py') && files.includes('notebooks/broken.ipynb'), files.join());
    const warm = verbose(dir);
    assert.equal(warm.report, cold.report, 'the same report');
    assert.match(warm.said, /nb2prod: 5 files: 5 from the cache, 0 analysed; the project files of 1 root: 1 from the cache, 0 analysed; 0 worker threads started, 0 project models built/);
  });

  it('shows a cached percent script\'s flagged lines where the analysis put them', () => {
    const dir = tree();
    const text = () => {
      const r = run(['check', 'scripts', '--fail-on', 'never'], dir);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    };
    const cold = text();
    assert.match(cold, /5:7 .*NB101[^\n]*\n\s+5 \| print\(rate\)/);
    plantMarker(dir);
    const warm = text();
    assert.match(warm, new RegExp(`5:7 .*NB101 ${MARKER}\\n\\s+5 \\| print\\(rate\\)`), 'the stored finding, at the same file line, with its line');
  });

  it('analyses a cached plain module or invalid notebook again once its content changes', () => {
    const dir = tree();
    verbose(dir);
    fs.writeFileSync(path.join(dir, 'notebooks/broken.ipynb'), notebookJson([{ source: 'print(missing_name)' }]));
    assert.match(verbose(dir).said, /nb2prod: 5 files: 4 from the cache, 1 analysed/);
    // A project file changed: the project facts every file's findings hang on changed too.
    fs.writeFileSync(path.join(dir, 'src/demo/util.py'), '# %%\nprint(later)\nlater = 1\n');
    const { report, said } = verbose(dir);
    assert.match(said, /nb2prod: 5 files: 0 from the cache, 5 analysed/);
    const byPath = new Map(JSON.parse(report).files.map((f: { path: string; diagnostics: { code: string }[] }) => [f.path, f.diagnostics.map((d) => d.code)]));
    assert.ok(!(byPath.get('notebooks/broken.ipynb') as string[]).includes('NB001'), 'the fixed notebook is analysed');
    assert.ok((byPath.get('src/demo/util.py') as string[] | undefined)?.includes('NB101'), 'the module that became a percent script is reported');
  });
});
