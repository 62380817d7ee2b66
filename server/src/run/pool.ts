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

/** The pool's answers as they come in: a check takes each once, in its own order. */
export interface PoolResults {
  /** Resolves when the job's result is in (at once if it already is). */
  ready(key: string): Promise<void>;
  /** The job's result, handed over once (the pool keeps no reference); undefined if not in. */
  take(key: string): JobResult | undefined;
  /** Workers started so far, replacements of crashed ones included (`check --verbose`). */
  started(): number;
}

/**
 * Starts `threads` workers on the jobs, in order. Results wait in the pool only until taken,
 * and the jobs come in the order the check reports them, so few wait at any time.
 */
export function startPool(jobs: AnalysisJob[], threads: number, workerFile: string, options: PoolOptions = {}): PoolResults {
  const results = new Map<string, JobResult>();
  const waiters = new Map<string, () => void>();
  const arrived = (key: string, result: JobResult) => {
    results.set(key, result);
    waiters.get(key)?.();
    waiters.delete(key);
  };
  let next = 0;
  let started = 0;
  const startWorker = () => {
    if (next >= jobs.length) return;
    started++;
    const worker = new Worker(workerFile, { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 2048 } });
    let current: AnalysisJob | undefined;
    const feed = () => {
      current = next < jobs.length ? jobs[next++] : undefined;
      if (current) worker.postMessage(current);
      else void worker.terminate();
    };
    worker.on('message', (result: JobResult) => {
      const done = current;
      feed(); // the next job first: the worker is busy while the result is handled
      if (done) arrived(jobKey(done), result);
    });
    worker.on('error', (err) => {
      if (current) arrived(jobKey(current), crashed(current, (err as NodeJS.ErrnoException).code ?? err.message));
      current = undefined;
    });
    worker.on('exit', (code) => {
      if (current) arrived(jobKey(current), crashed(current, `exit code ${code}`));
      current = undefined;
      startWorker();
    });
    feed();
  };
  for (let i = 0; i < Math.min(threads, jobs.length); i++) startWorker();
  return {
    ready: (key) => (results.has(key) ? Promise.resolve() : new Promise((resolve) => waiters.set(key, resolve))),
    take: (key) => {
      const result = results.get(key);
      results.delete(key);
      return result;
    },
    started: () => started,
  };
}
