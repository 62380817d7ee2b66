// A worker thread of the check pool (run/pool.ts), bundled to dist/checkWorker.js: one
// engine, a project model per root built once, one notebook analysed per message.
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { Engine } from '../engine/analyze';
import { loadFile } from '../engine/files';
import { defaultWasmDir } from '../engine/parser';
import { buildProjectModel, type ProjectModel } from '../engine/project/model';
import type { AnalysisJob, JobResult } from './pool';

let ruleFailures = 0;
const ready = Engine.create(defaultWasmDir(__dirname), { onRuleError: () => ruleFailures++ });
const models = new Map<string, ProjectModel>();

async function analyse(job: AnalysisJob): Promise<JobResult> {
  const engine = await ready;
  // A test hook: a file named like this stops the worker, as a hostile file would.
  const crashOn = process.env.NB2PROD_TEST_WORKER_CRASH;
  if (crashOn && path.basename(job.file).includes(crashOn)) throw new Error('test crash');
  const loaded = loadFile(job.file);
  if (loaded.kind === 'unreadable') return { findings: [loaded.finding], ruleFailed: true };
  if (loaded.kind === 'module') return { findings: [], ruleFailed: true };
  let model = models.get(job.root);
  if (!model) models.set(job.root, (model = buildProjectModel(job.root, (s) => engine.summarize(s))));
  const before = ruleFailures;
  const findings = engine.analyze({ ...loaded.notebook, path: job.rel }, job.config, model);
  return { findings, ruleFailed: ruleFailures !== before };
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
