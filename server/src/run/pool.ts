// A pool of worker threads for `nb2prod check`: one engine per worker, one job per
// message (a notebook, or the project files of one project root), results keyed by job
// so the report keeps the order of one thread. A worker that dies on a hostile file (out
// of memory, a crash) costs that file an NB001 finding; a new worker takes the rest.
import { Worker } from 'node:worker_threads';
import type { RuleConfig } from '../engine/config';
import { unreadable } from '../engine/files';
import { findingFingerprint } from '../engine/fingerprint';
import type { FileFindings } from '../engine/projectFiles';
import type { FileResult } from './analyzeFile';

/** One file to analyse: where it is, its path in its project, the project root and its configuration. */
export interface FileJob {
  kind: 'file';
  file: string;
  rel: string;
  root: string;
  config: RuleConfig;
}

/** The findings on a project's own files (modules, requirements). */
export interface ProjectJob {
  kind: 'project';
  root: string;
  config: RuleConfig;
}

export type AnalysisJob = FileJob | ProjectJob;

export interface ProjectResult {
  files: FileFindings[];
  ruleFailed: boolean;
  /** The worker died on it: the caller analyses the project files itself. */
  crashed?: boolean;
}

export type JobResult = FileResult | ProjectResult;

/** Where a job's result is kept in the pool's answer. */
export function jobKey(job: { kind: AnalysisJob['kind']; file?: string; root: string }): string {
  return job.kind === 'project' ? `project\0${job.root}` : job.file!;
}

export interface PoolOptions {
  /** Heap limit of each worker: a file that needs more stops only its worker. */
  maxHeapMb?: number;
}

function crashed(job: AnalysisJob, reason: string): JobResult {
  if (job.kind === 'project') return { files: [], ruleFailed: true, crashed: true };
  const finding = unreadable(`its analysis stopped the worker (${reason})`);
  return { kind: 'unreadable', findings: [finding], fingerprints: [findingFingerprint(finding, job.rel, [])], sources: [], ruleFailed: true };
}

export function analyzeInPool(jobs: AnalysisJob[], threads: number, workerFile: string, options: PoolOptions = {}): Promise<Map<string, JobResult>> {
  const results = new Map<string, JobResult>();
  let next = 0;
  let active = 0;
  return new Promise((resolve) => {
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
        if (current) results.set(jobKey(current), result);
        feed();
      });
      worker.on('error', (err) => {
        if (current) results.set(jobKey(current), crashed(current, (err as NodeJS.ErrnoException).code ?? err.message));
        current = undefined;
      });
      worker.on('exit', (code) => {
        active--;
        if (current) results.set(jobKey(current), crashed(current, `exit code ${code}`));
        current = undefined;
        startWorker();
      });
      feed();
    };
    if (jobs.length === 0) resolve(results);
    for (let i = 0; i < Math.min(threads, jobs.length); i++) startWorker();
  });
}
