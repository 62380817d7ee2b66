// A pool of worker threads for `nb2prod check`: one engine per worker, one job per
// message (a notebook, or the project files of one project root), results keyed by job
// so the report keeps the order of one thread; run/schedule.ts says which job goes to
// which worker (a root's files to one worker). Each worker's heap is bounded (WORKER_LIMITS):
// V8 sizes a heap by the garbage it sees, and without a bound each worker's heap grew to
// four times what it keeps. A file that needs more than the bound is analysed again in a
// roomy worker, which then takes the rest of that project root's files (a big repository's
// project model outgrows the bound for every file of it: phoenix's 1,100 modules cost one
// bounded worker and one roomy worker per notebook, 20 CPU-minutes for 124 notebooks); a
// worker that dies on a hostile file (out of that room too, a crash) costs that file an
// NB001 finding; a new worker takes the rest.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { RuleConfig } from '../engine/config';
import { unreadable } from '../engine/files';
import { findingFingerprint } from '../engine/fingerprint';
import type { FileFindings } from '../engine/projectFiles';
import type { FileResult } from './analyzeFile';
import { JobScheduler, type WorkerPlace } from './schedule';

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
  /**
   * Run only once one of the root's files turns out to be a notebook or a percent script
   * (a one-thread check looks at a root's project files then, not for a folder of plain
   * modules); else its result is SKIPPED. Unset: the check knows it needs it.
   */
  ifNotebook?: boolean;
}

export type AnalysisJob = FileJob | ProjectJob;

export interface ProjectResult {
  files: FileFindings[];
  ruleFailed: boolean;
  /** The worker died on it: the caller analyses the project files itself. */
  crashed?: boolean;
  /** Not run: none of the root's files was a notebook (ProjectJob.ifNotebook). */
  skipped?: boolean;
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

interface PoolWorker extends WorkerPlace {
  current?: AnalysisJob;
  post(job: AnalysisJob): void;
  stop(): void;
}

/**
 * Starts `threads` workers on the jobs. A worker takes its root's next file while any are
 * left, then a root no worker has started (the earliest), then helps with the earliest root
 * still unfinished, so the last roots are shared; a root's project files go to a worker that
 * has its model when one is free. Results wait in the pool only until taken.
 */
export function startPool(jobs: AnalysisJob[], threads: number, workerFile: string, options: PoolOptions = {}): PoolResults {
  const results = new Map<string, JobResult>();
  const waiters = new Map<string, () => void>();
  const schedule = new JobScheduler(jobs);
  let outstanding = jobs.length;
  const arrived = (key: string, result: JobResult) => {
    outstanding--;
    results.set(key, result);
    waiters.get(key)?.();
    waiters.delete(key);
  };
  const idle = new Set<PoolWorker>();
  const workers = new Set<PoolWorker>();
  let live = 0;
  let started = 0;
  /**
   * Hands jobs to idle workers, starts workers up to `threads` while there is work (and a
   * roomy worker for a roomy root with work and none on it), stops them all when done.
   */
  const dispatch = () => {
    for (const root of schedule.roomyRootsWithWork()) if (![...workers].some((w) => w.roomyRoot === root)) startWorker(root);
    while (live < threads && idle.size < schedule.available()) startWorker();
    for (const worker of [...idle]) {
      const job = schedule.next(worker);
      if (!job) {
        if (worker.roomyRoot !== undefined && !schedule.roomyRootOpen(worker)) worker.stop();
        continue;
      }
      idle.delete(worker);
      worker.post(job);
    }
    if (outstanding === 0) for (const worker of [...idle]) worker.stop();
  };
  const finished = (job: AnalysisJob, result: JobResult) => {
    const skipped = schedule.finished(job, result);
    arrived(jobKey(job), result);
    if (skipped) arrived(jobKey(skipped), { files: [], ruleFailed: false, skipped: true });
  };

  /**
   * A bounded worker that takes jobs until none is left; or, given `roomyRoot`, a roomy
   * worker that takes only that root's jobs (the job that ran out of a bounded worker's heap
   * is given back to the root first) and exits when the root is done. A job that runs out
   * of a roomy worker's heap gets NB001.
   */
  const startWorker = (roomyRoot?: string) => {
    started++;
    live++;
    const thread = new Worker(workerFile, { resourceLimits: roomyRoot !== undefined ? options.roomyLimits ?? ROOMY_LIMITS : options.limits ?? WORKER_LIMITS });
    /** The job this worker ran out of memory on, for a roomy worker. */
    let again: AnalysisJob | undefined;
    const worker: PoolWorker = {
      roots: [],
      post: (job) => {
        worker.current = job;
        thread.postMessage(job);
      },
      stop: () => {
        idle.delete(worker);
        void thread.terminate();
      },
    };
    if (roomyRoot !== undefined) schedule.placeRoomy(worker, roomyRoot);
    workers.add(worker);
    thread.on('message', (result: JobResult) => {
      const done = worker.current!;
      worker.current = undefined;
      idle.add(worker);
      dispatch(); // the next job first: the worker is busy while the result is handled
      finished(done, result);
      dispatch();
    });
    thread.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      const job = worker.current;
      worker.current = undefined;
      if (job && roomyRoot === undefined && code === 'ERR_WORKER_OUT_OF_MEMORY') {
        again = job;
        schedule.needsRoom(job);
      } else if (job) finished(job, crashed(job, code ?? err.message));
    });
    thread.on('exit', (code) => {
      idle.delete(worker);
      workers.delete(worker);
      live--;
      const job = worker.current;
      worker.current = undefined;
      if (job) finished(job, crashed(job, `exit code ${code}`));
      if (again) schedule.giveBack(again);
      dispatch();
    });
    idle.add(worker);
  };
  dispatch();
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
