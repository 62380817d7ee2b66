// `nb2prod check --threads N`: notebooks analysed in worker threads give the report of
// one thread, in the same order; a worker that dies on a file costs that file an NB001
// finding and the other files are still analysed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { createRequire } from 'node:module';
import { describe, it, mock } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import type { FileResult } from '../../server/src/run/analyzeFile';
import { jobKey, startPool, WORKER_LIMITS, WORKER_V8_FLAGS, type FileJob } from '../../server/src/run/pool';
import { getEngine, REPO_ROOT } from '../helpers/engine';
import { startCheck, type CheckRequest } from '../../server/src/cli/check';
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

  it('sends back no cell text from the workers when the report shows no source lines', async () => {
    const dir = fixtures();
    const engine = await getEngine();
    const planned = (request: CheckRequest) => startCheck(engine, [dir], dir, request).plan().filter((j): j is FileJob => j.kind === 'file');
    assert.ok(planned({}).every((j) => j.noSources === undefined), 'the text report asks for the lines');
    const jobs = planned({ noSources: true });
    assert.ok(jobs.length >= 8 && jobs.every((j) => j.noSources === true));
    // The real worker on the same notebook: the same findings and fingerprints, no text for the JSON report.
    const job = jobs.find((j) => j.rel.endsWith('model.ipynb'))!;
    const workerFile = path.join(REPO_ROOT, 'dist', 'checkWorker.js');
    const analyse = async (j: FileJob) => {
      const pool = startPool([j], 1, workerFile);
      await pool.ready(jobKey(j));
      return pool.take(jobKey(j)) as FileResult;
    };
    const withText = await analyse({ ...job, noSources: undefined });
    const without = await analyse(job);
    assert.ok(withText.findings.length > 0 && withText.sources.some((s) => s?.includes('print(rate)')), JSON.stringify(withText.sources));
    assert.deepEqual(without.sources, []);
    assert.deepEqual(without.findings, withText.findings);
    assert.deepEqual(without.fingerprints, withText.fingerprints);
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

// A stand-in for dist/checkWorker.js: it answers each job with its heap limit, and holds as
// many MB of live arrays as the file's name says (`hog-64.ipynb`) while it works.
const HEAP_WORKER = `
const { parentPort } = require('node:worker_threads');
const v8 = require('node:v8');
parentPort.on('message', (job) => {
  const mb = Number(/hog-(\\d+)/.exec(job.file)?.[1] ?? 0);
  const held = [];
  for (let i = 0; i < mb; i++) held.push(new Array(1 << 17).fill(i + 0.5)); // 1 MB of doubles each
  const limitMb = Math.round(v8.getHeapStatistics().heap_size_limit / 1048576);
  parentPort.postMessage({ kind: 'ipynb', findings: [], fingerprints: [], sources: [String(limitMb), String(held.length)], ruleFailed: false });
});
`;

describe('the pool bounds its workers heaps', () => {
  const workerFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-heap-worker-')), 'worker.js');
  fs.writeFileSync(workerFile, HEAP_WORKER);
  const job = (name: string): FileJob => ({ kind: 'file', file: `/nowhere/${name}`, rel: name, root: '/nowhere', config: mergeConfig() });
  const results = async (jobs: FileJob[], options: Parameters<typeof startPool>[3]) => {
    const pool = startPool(jobs, 2, workerFile, options);
    const out = new Map<string, FileResult>();
    for (const j of jobs) {
      await pool.ready(jobKey(j));
      out.set(j.rel, pool.take(jobKey(j)) as FileResult);
    }
    return out;
  };

  it('runs workers within WORKER_LIMITS by default', async () => {
    const out = await results([job('a.ipynb'), job('b.ipynb'), job('c.ipynb')], undefined);
    // V8 rounds the young generation up to three whole semi-spaces.
    const bound = WORKER_LIMITS.maxOldGenerationSizeMb! + 2 * WORKER_LIMITS.maxYoungGenerationSizeMb!;
    for (const [name, r] of out) assert.ok(Number(r.sources[0]) <= bound, `${name}: heap limit ${r.sources[0]} MB over ${bound} MB`);
  });

  it('analyses a file that outgrows a bounded worker again in a roomy one, and one that outgrows that gets NB001', async () => {
    const names = ['a.ipynb', 'hog-96.ipynb', 'b.ipynb', 'hog-400.ipynb', 'c.ipynb', 'd.ipynb'];
    // Each hog in a root of its own, the small files in another: the roomy worker stays on its root.
    const rootOf = (name: string) => (name.startsWith('hog') ? `/nowhere/${name}-root` : '/nowhere');
    const out = await results(names.map((n) => ({ ...job(n), root: rootOf(n) })), { limits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 }, roomyLimits: { maxOldGenerationSizeMb: 192 } });
    assert.deepEqual([...out.keys()], names);
    const hog = out.get('hog-96.ipynb')!;
    assert.equal(hog.kind, 'ipynb', JSON.stringify(hog.findings));
    assert.deepEqual(hog.sources[1], '96', 'all 96 MB held');
    assert.ok(Number(hog.sources[0]) >= 192, `retried with the roomy heap, not ${hog.sources[0]} MB`);
    const monster = out.get('hog-400.ipynb')!;
    assert.equal(monster.kind, 'unreadable');
    assert.deepEqual(monster.findings.map((f) => f.code), ['NB001']);
    assert.match(monster.findings[0].message, /stopped the worker \(ERR_WORKER_OUT_OF_MEMORY\)/);
    for (const name of ['a.ipynb', 'b.ipynb', 'c.ipynb', 'd.ipynb']) assert.ok(Number(out.get(name)!.sources[0]) < 192, `${name} in a bounded worker`);
  });

  it('gives the rest of a root whose file outgrew the bound to one roomy worker, not a bounded worker per file', async () => {
    // A big project: every file of /big outgrows the bound (as its project model would); /small is ordinary.
    const big = ['hog-96-1.ipynb', 'hog-96-2.ipynb', 'hog-96-3.ipynb', 'hog-96-4.ipynb', 'hog-96-5.ipynb', 'hog-96-6.ipynb'];
    const small = ['a.ipynb', 'b.ipynb', 'c.ipynb'];
    const jobs = [...big.map((n) => ({ ...job(n), root: '/big' })), ...small.map((n) => ({ ...job(n), root: '/small' }))];
    const pool = startPool(jobs, 2, workerFile, { limits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 }, roomyLimits: { maxOldGenerationSizeMb: 192 } });
    const out = new Map<string, FileResult>();
    for (const j of jobs) {
      await pool.ready(jobKey(j));
      out.set(j.rel, pool.take(jobKey(j)) as FileResult);
    }
    for (const name of big) {
      const r = out.get(name)!;
      assert.equal(r.kind, 'ipynb', `${name}: ${JSON.stringify(r.findings)}`);
      assert.ok(Number(r.sources[0]) >= 192, `${name} in the roomy worker, not ${r.sources[0]} MB`);
    }
    for (const name of small) assert.ok(Number(out.get(name)!.sources[0]) < 192, `${name} in a bounded worker`);
    // Two bounded workers, at most one more per bounded worker that ran out of heap on a /big file
    // before the root went roomy (both may have started on it), and one roomy worker per such loss: far fewer than a worker per file.
    assert.ok(pool.started() <= 6, `${pool.started()} workers started for ${jobs.length} files`);
  });
});

describe('the pool tunes V8 for its workers', () => {
  it('raises the interrupt budget of V8\'s optimising compiler before its workers start', async () => {
    const workerFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-flag-worker-')), 'worker.js');
    fs.writeFileSync(workerFile, HEAP_WORKER);
    // The module object itself (an ES namespace import would be a frozen copy of it).
    const nodeV8 = createRequire(__filename)('node:v8') as typeof import('node:v8');
    const setFlags = mock.method(nodeV8, 'setFlagsFromString');
    try {
      const job: FileJob = { kind: 'file', file: '/nowhere/a.ipynb', rel: 'a.ipynb', root: '/nowhere', config: mergeConfig() };
      const pool = startPool([job], 1, workerFile);
      assert.deepEqual(setFlags.mock.calls.map((c) => c.arguments[0]), [...WORKER_V8_FLAGS], 'set as the pool starts, before its worker');
      await pool.ready(jobKey(job));
      assert.equal((pool.take(jobKey(job)) as FileResult).kind, 'ipynb');
    } finally {
      setFlags.mock.restore();
    }
    const budget = WORKER_V8_FLAGS.map((f) => /^--interrupt-budget=(\d+)$/.exec(f)?.[1]).find(Boolean);
    // Node 20's V8 defaults to 66 KB (67,584 bytes of bytecode run); a check's workers optimise at sixteen times that.
    assert.ok(Number(budget) >= 16 * 67_584, `interrupt budget ${budget}`);
  });
});
