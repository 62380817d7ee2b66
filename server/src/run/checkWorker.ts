// A worker thread of the check pool (run/pool.ts), bundled to dist/checkWorker.js: one
// engine, the project models of the last few roots, one job analysed per message.
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { parentPort, threadId } from 'node:worker_threads';
import { Engine } from '../engine/analyze';
import { defaultWasmDir } from '../engine/parser';
import { analyzeProjectFiles } from '../engine/projectFiles';
import { analyzeFile } from './analyzeFile';
import { CLI_ENGINE_OPTIONS, ProjectModels } from './models';
import type { AnalysisJob, JobResult } from './pool';

// No forced garbage collection before large files: a forced full collection throws away
// the worker's optimised code, which V8 then compiles again (129 notebooks with 16 of 1 MB
// or more: 444 TurboFan compilations instead of 165). On /work/corpus/dev one worker took
// 53.8 s of CPU with it and 35.6 s without (peak 199 and 205 MB).

let ruleFailures = 0;
const ready = Engine.create(defaultWasmDir(__dirname), { ...CLI_ENGINE_OPTIONS, onRuleError: () => ruleFailures++ })
  .then((engine) => ({ engine, models: new ProjectModels(engine) }));

async function analyse(job: AnalysisJob): Promise<JobResult> {
  const { engine, models } = await ready;
  const failures = () => ruleFailures;
  if (job.kind === 'project') {
    const before = ruleFailures;
    const model = models.get(job.root);
    const files = analyzeProjectFiles(model, job.config, (source) => engine.analyzeModule(source, job.config, model));
    return { files, ruleFailed: ruleFailures !== before };
  }
  // A test hook: a file named like this stops the worker, as a hostile file would.
  const crashOn = process.env.NB2PROD_TEST_WORKER_CRASH;
  if (crashOn && path.basename(job.file).includes(crashOn)) throw new Error('test crash');
  return analyzeFile(engine, job.file, job.rel, job.config, () => models.get(job.root), failures, !job.noHash, !job.noSources);
}

// NB2PROD_DEBUG_MEMORY=1: this worker's memory before and after each job, on stderr (what holds memory at a peak).
const debugMemory = process.env.NB2PROD_DEBUG_MEMORY ? (what: string, job: AnalysisJob) => {
  const m = process.memoryUsage();
  const mb = (n: number) => (n / 1048576).toFixed(1);
  const spaces = v8.getHeapSpaceStatistics().map((s) => `${s.space_name.replace('_space', '')}=${mb(s.space_size)}`).join(' ');
  process.stderr.write(`mem ${Date.now()} ${threadId} ${what} rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} ext ${mb(m.external)} ab ${mb(m.arrayBuffers)} ${spaces} ${job.kind === 'file' ? job.file : job.root}\n`);
} : undefined;

/** A job failed: the jobs the pool posted after it are not analysed (the pool hands them out again). */
let failed = false;

// The pool posts a worker its next job before this one's result is in (run/pool.ts JOBS_PER_WORKER):
// the results go back in the order the jobs came, which is how the pool tells them apart.
// One job at a time, in the order they came: a job that awaits (the grammar's first load) must not
// let the next one finish first and post its result in its place.
let previous: Promise<void> = Promise.resolve();
parentPort?.on('message', (job: AnalysisJob) => {
  previous = previous.then(async () => {
    if (failed) return;
    debugMemory?.('start', job);
    let result: JobResult;
    try {
      result = await analyse(job);
    } catch (error) {
      // Uncaught in the worker: the pool reports this file and starts another worker.
      failed = true;
      setImmediate(() => {
        throw error;
      });
      return;
    }
    debugMemory?.('end', job);
    if (!failed) parentPort?.postMessage(result);
  });
});
