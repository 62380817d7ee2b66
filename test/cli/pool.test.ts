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
