// A worker thread of the check pool (run/pool.ts), bundled to dist/checkWorker.js: one
// engine, the project models of the last few roots, one job analysed per message.
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { Engine } from '../engine/analyze';
import { defaultWasmDir } from '../engine/parser';
import { analyzeProjectFiles } from '../engine/projectFiles';
import { analyzeFile } from './analyzeFile';
import { CLI_ENGINE_OPTIONS, ProjectModels } from './models';
import type { AnalysisJob, JobResult } from './pool';

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
  return analyzeFile(engine, job.file, job.rel, job.config, () => models.get(job.root), failures);
}

parentPort?.on('message', (job: AnalysisJob) => {
  analyse(job).then(
    (result) => parentPort?.postMessage(result),
    (error) => {
      // Uncaught in the worker: the pool reports this file and starts another worker.
      setImmediate(() => {
        throw error;
      });
    },
  );
});
