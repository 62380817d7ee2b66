// A pool of worker threads for `nb2prod check`: one engine per worker, one notebook
// per message, results keyed by file so the report keeps the order of one thread. A
// worker that dies on a hostile file (out of memory, a crash) costs that file an NB001
// finding; a new worker takes the rest.
import { Worker } from 'node:worker_threads';
import type { RuleConfig } from '../engine/config';
import { unreadable } from '../engine/files';
import type { Finding } from '../engine/types';

/** One file to analyse: where it is, its path in its project, the project root and its configuration. */
export interface AnalysisJob {
  file: string;
  rel: string;
  root: string;
  config: RuleConfig;
}

export interface JobResult {
  findings: Finding[];
  /** A rule threw: the findings are incomplete, not to be cached. */
  ruleFailed: boolean;
}

export interface PoolOptions {
  /** Heap limit of each worker: a file that needs more stops only its worker. */
  maxHeapMb?: number;
}

export function analyzeInPool(jobs: AnalysisJob[], threads: number, workerFile: string, options: PoolOptions = {}): Promise<Map<string, JobResult>> {
  const results = new Map<string, JobResult>();
  let next = 0;
  let active = 0;
  return new Promise((resolve) => {
    const crashed = (reason: string): JobResult => ({ findings: [unreadable(`its analysis stopped the worker (${reason})`)], ruleFailed: true });
    const startWorker = () => {
      if (next >= jobs.length) {
        if (active === 0) resolve(results);
        return;
      }
      const worker = new Worker(workerFile, { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 2048 } });
      active++;
      let current: AnalysisJob | undefined;
      const feed = () => {
        current = next < jobs.length ? jobs[next++] : undefined;
        if (current) worker.postMessage(current);
        else void worker.terminate();
      };
      worker.on('message', (result: JobResult) => {
        if (current) results.set(current.file, result);
        feed();
      });
      worker.on('error', (err) => {
        if (current) results.set(current.file, crashed((err as NodeJS.ErrnoException).code ?? err.message));
        current = undefined;
      });
      worker.on('exit', (code) => {
        active--;
        if (current) results.set(current.file, crashed(`exit code ${code}`));
        current = undefined;
        startWorker();
      });
      feed();
    };
    if (jobs.length === 0) resolve(results);
    for (let i = 0; i < Math.min(threads, jobs.length); i++) startWorker();
  });
}
