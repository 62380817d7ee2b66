// A pool of worker threads for `nb2prod check`: one engine per worker, one job per
// message (a notebook, or the project files of one project root), results keyed by job
// so the report keeps the order of one thread. Each worker's heap is bounded (WORKER_LIMITS):
// V8 sizes a heap by the garbage it sees, and without a bound each worker's heap grew to
// four times what it keeps. A file that needs more than the bound is analysed again in a
// worker of its own with room to spare; a worker that dies on a hostile file (out of that
// room too, a crash) costs that file an NB001 finding; a new worker takes the rest.
import { Worker, type ResourceLimits } from 'node:worker_threads';
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

/**
 * Heap bounds of a pool worker. A worker keeps about 20 MB between files (its engine's
 * caches, run/models.ts) and a notebook of a few MB needs tens more while it is analysed;
 * the young generation (V8's default is 48 MB) is where each file's garbage dies, and a
 * small one is collected often and cheaply. Measured on 2,000 real notebooks: peak memory
 * of the check 500-580 MB without bounds, about 230 MB with these, the same report.
 */
export const WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 };

/** The heap of the worker that analyses again, alone, a file that ran out of WORKER_LIMITS. */
export const ROOMY_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 2048 };

export interface PoolOptions {
  /** Heap bounds of each worker (default WORKER_LIMITS). */
  limits?: ResourceLimits;
  /** Heap bounds of the worker that retries a file that ran out of `limits` (default ROOMY_LIMITS). */
  roomyLimits?: ResourceLimits;
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
  /**
   * A worker that takes jobs in order until none is left; or, given `retry` (a job that ran
   * out of a bounded worker's heap), a roomy worker for that job alone. Either way a bounded
   * worker takes its place when it exits, so `threads` workers run at any time.
   */
  const startWorker = (retry?: AnalysisJob) => {
    if (!retry && next >= jobs.length) return;
    started++;
    const worker = new Worker(workerFile, { resourceLimits: retry ? options.roomyLimits ?? ROOMY_LIMITS : options.limits ?? WORKER_LIMITS });
    const alone = retry ? [retry] : undefined;
    let current: AnalysisJob | undefined;
    /** The job this worker ran out of memory on, for a roomy worker. */
    let again: AnalysisJob | undefined;
    const feed = () => {
      current = alone ? alone.shift() : next < jobs.length ? jobs[next++] : undefined;
      if (current) worker.postMessage(current);
      else void worker.terminate();
    };
    worker.on('message', (result: JobResult) => {
      const done = current;
      feed(); // the next job first: the worker is busy while the result is handled
      if (done) arrived(jobKey(done), result);
    });
    worker.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      if (current && !retry && code === 'ERR_WORKER_OUT_OF_MEMORY') again = current;
      else if (current) arrived(jobKey(current), crashed(current, code ?? err.message));
      current = undefined;
    });
    worker.on('exit', (code) => {
      if (current) arrived(jobKey(current), crashed(current, `exit code ${code}`));
      current = undefined;
      startWorker(again);
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
