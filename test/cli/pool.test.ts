// `nb2prod check --threads N`: notebooks analysed in worker threads give the report of
// one thread, in the same order; a worker that dies on a file costs that file an NB001
// finding and the other files are still analysed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/engine';
import { notebookJson, runCli as run } from '../helpers/cli';
import { writeProject } from '../helpers/project';

function fixtures(extra: Record<string, string> = {}) {
  const files: Record<string, string> = {
    'pyproject.toml': '[project]\nname = "demo"\ndependencies = ["pandas"]\n',
    'notebooks/model.ipynb': notebookJson([{ source: 'import os\nprint(rate)' }, { source: 'rate = 0.1\nprint(hidden)' }]),
    'notebooks/paths.ipynb': notebookJson([{ source: 'import pandas as pd\ndf = pd.read_csv("/home/ana/data.csv")\ntoken = "sk-live-abc"' }]),
    'scripts/job.py': '# %%\nx = 1\n# %%\nprint(y)\n',
    'broken.ipynb': '{"cells": [',
    ...extra,
  };
  for (const sub of ['oracle', 'nbformat3']) {
    const dir = path.join(REPO_ROOT, 'test', 'fixtures', sub);
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.ipynb')) files[`more/${sub}_${f}`] = fs.readFileSync(path.join(dir, f), 'utf8');
  }
  return writeProject(files, 'nb2prod-pool-');
}

const check = (dir: string, extra: string[], env: Record<string, string> = {}) => {
  const r = run(['check', '.', '--format', 'json', '--fail-on', 'never', '--no-cache', ...extra], dir, { env });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};

describe('check in worker threads', () => {
  it('gives the same report with --threads 1 and --threads 2', () => {
    const dir = fixtures();
    const one = check(dir, ['--threads', '1']);
    const files = JSON.parse(one).files as { path: string; diagnostics: unknown[] }[];
    assert.ok(files.length >= 8 && files.filter((f) => f.diagnostics.length > 0).length >= 5, one.slice(0, 400));
    assert.equal(check(dir, ['--threads', '2']), one);
    assert.equal(check(dir, ['--threads', '3']), one);
  });

  it('gives the same report in every format with one thread and with the pool, cold and from the cache', () => {
    const dir = fixtures();
    const formats = [['--format', 'text'], ['--format', 'json'], ['--format', 'sarif'], ['--format', 'github'], ['--statistics']];
    const report = (args: string[]) => {
      const r = run(['check', '.', '--fail-on', 'never', ...args], dir, { env: { NB2PROD_CACHE_DIR: path.join(dir, '.cache-' + args.join('')) } });
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    };
    for (const format of formats) {
      const one = report([...format, '--threads', '1', '--no-cache']);
      assert.ok(one.length > 0, format.join(' '));
      assert.equal(report([...format, '--threads', '2', '--no-cache']), one, `${format.join(' ')}, pool`);
      assert.equal(report([...format, '--threads', '2']), one, `${format.join(' ')}, pool writing the cache`);
      assert.equal(report([...format, '--threads', '2']), one, `${format.join(' ')}, from the cache`);
    }
    // The text report shows the flagged lines, which the pool's results carry without the notebooks' text.
    assert.match(report(['--threads', '2', '--no-cache']), /print\(rate\)/);
  });

  it('writes to -o FILE and exits 1 on findings the same way with the pool', () => {
    const dir = fixtures();
    for (const threads of ['1', '2']) {
      const out = `report-${threads}.json`;
      const r = run(['check', '.', '--format', 'json', '--no-cache', '--threads', threads, '-o', out], dir);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
    }
    assert.equal(fs.readFileSync(path.join(dir, 'report-2.json'), 'utf8'), fs.readFileSync(path.join(dir, 'report-1.json'), 'utf8'));
  });

  it('survives a worker that dies on a file: that file gets NB001, the others are analysed', () => {
    const dir = fixtures({ 'notebooks/hostile.ipynb': notebookJson([{ source: 'print(1)' }]) });
    const one = JSON.parse(check(dir, ['--threads', '1'], { NB2PROD_TEST_WORKER_CRASH: 'hostile' }));
    const pooled = JSON.parse(check(dir, ['--threads', '2'], { NB2PROD_TEST_WORKER_CRASH: 'hostile' }));
    const byPath = (report: { files: { path: string; diagnostics: { code: string; message: string }[] }[] }) => new Map(report.files.map((f) => [f.path, f.diagnostics]));
    const a = byPath(one);
    const b = byPath(pooled);
    assert.deepEqual([...b.keys()], [...a.keys()], 'the same files, in the same order');
    const hostile = [...b.keys()].find((p) => p.includes('hostile'))!;
    assert.deepEqual(b.get(hostile)!.map((d) => d.code), ['NB001']);
    assert.match(b.get(hostile)![0].message, /stopped the worker/);
    for (const [p, diagnostics] of a) if (p !== hostile) assert.deepEqual(b.get(p), diagnostics, p);
  });

  it('rejects a --threads that is not a positive whole number', () => {
    const dir = fixtures();
    const r = run(['check', '.', '--threads', '0'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--threads must be/);
  });
});
