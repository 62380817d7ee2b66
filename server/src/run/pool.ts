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
import * as v8 from 'node:v8';
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
  /** No findings cache to write (`--no-cache`): the file's bytes need no hash. */
  noHash?: boolean;
  /** The report shows no source lines (every format but text): the flagged cells' text is not sent back. */
  noSources?: boolean;
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

/**
 * V8 flags set before the first worker starts (V8's flags are the process's, read by each new
 * isolate). V8 hands a function to its optimising compiler (TurboFan, on V8's helper threads) once
 * it has run through an "interrupt budget" of bytecode (66 KB in Node 20's V8): a worker runs a large
 * engine over a few thousand files, and at that budget its TurboFan compilations took over a quarter
 * of a check's CPU (`check /work/corpus/seen --threads 1`: 1,537 compilations; V8's helper threads
 * 6.5 of 18 s of CPU, three quarters of it TurboFan's). Eight times the budget optimises only what
 * stays hot: 759 compilations, helper threads 3.4 s, the worker's own time the same within the
 * noise; the check's CPU 18 % lower with one worker and 13 % lower with two (same reports).
 * Sixteen times (2026-11-28, seen, three alternating runs each): with two workers, each of which
 * sees half the files and compiles its own code, 14.7 -> 13.8 s of CPU and 8.6 -> 7.8 s wall
 * (holdout11 30.1 -> 28.2 s of CPU); with one worker the same within the noise.
 */
export const WORKER_V8_FLAGS: readonly string[] = ['--interrupt-budget=1081344'];

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
 * Jobs a worker holds at once: the one it analyses and the next, so that it starts the next
 * as soon as it posts a result rather than idle while this thread handles that result and
 * answers (one job at a time, a worker of `check dev --threads 1` waited 2.2 s in all).
 */
export const JOBS_PER_WORKER = 2;

interface PoolWorker extends WorkerPlace {
  /** Jobs posted to the worker whose results are not in, oldest (the one it analyses) first. */
  queue: AnalysisJob[];
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
  for (const flag of WORKER_V8_FLAGS) v8.setFlagsFromString(flag);
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
  const workers = new Set<PoolWorker>();
  const idle = () => [...workers].filter((w) => w.queue.length === 0);
  let live = 0;
  let started = 0;
  /**
   * Hands jobs to idle workers, then a next job to each busy one, starts workers up to
   * `threads` while there is work (and a roomy worker for a roomy root with work and none
   * on it), stops them all when done.
   */
  const dispatch = () => {
    for (const root of schedule.roomyRootsWithWork()) if (![...workers].some((w) => w.roomyRoot === root)) startWorker(root);
    while (live < threads && idle().length < schedule.available()) startWorker();
    for (let held = 0; held < JOBS_PER_WORKER; held++) {
      for (const worker of workers) {
        if (worker.queue.length !== held) continue;
        const job = schedule.next(worker);
        if (job) worker.post(job);
        else if (held === 0 && worker.roomyRoot !== undefined && !schedule.roomyRootOpen(worker)) worker.stop();
      }
    }
    if (outstanding === 0) for (const worker of idle()) worker.stop();
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
    /** Why the worker stopped on the job it was analysing (its `error` event), for its `exit`. */
    let failure: { outOfMemory: boolean; reason: string } | undefined;
    let stopped = false;
    const worker: PoolWorker = {
      roots: [],
      queue: [],
      post: (job) => {
        worker.queue.push(job);
        thread.postMessage(job);
      },
      stop: () => {
        if (stopped) return;
        stopped = true;
        workers.delete(worker);
        void thread.terminate();
      },
    };
    if (roomyRoot !== undefined) schedule.placeRoomy(worker, roomyRoot);
    workers.add(worker);
    thread.on('message', (result: JobResult) => {
      const done = worker.queue.shift()!;
      dispatch(); // the next job first: the worker is busy while the result is handled
      finished(done, result);
      dispatch();
    });
    thread.on('error', (err) => {
      // Which job it stopped on is decided at `exit`: a result the worker posted before it threw can
      // still be on its way, and taking the first held job here would blame that finished job.
      const code = (err as NodeJS.ErrnoException).code;
      workers.delete(worker); // no more jobs for it
      failure = { outOfMemory: roomyRoot === undefined && code === 'ERR_WORKER_OUT_OF_MEMORY', reason: code ?? err.message };
    });
    thread.on('exit', (code) => {
      workers.delete(worker);
      live--;
      // The job it was on: analysed again in a roomy worker, or NB001; the jobs it held after it are handed out again, in order.
      const stoppedOn = worker.queue.shift();
      const current = stoppedOn && { job: stoppedOn, ...(failure ?? { outOfMemory: false, reason: `exit code ${code}` }) };
      const held = worker.queue.splice(0);
      if (current?.outOfMemory) {
        schedule.needsRoom(current.job);
        held.unshift(current.job);
      } else if (current) finished(current.job, crashed(current.job, current.reason));
      for (const job of held.reverse()) schedule.giveBack(job);
      dispatch();
    });
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
