// The order in which the check pool (run/pool.ts) hands out its jobs. Each worker builds
// the project model of every root it analyses a file of (run/models.ts), so a worker stays
// on one root's files while any are left: handed out in turn, every worker built every
// model (on 646 notebooks of one repository, 72 models built by two workers against 36 by
// one thread). A root's project-files job waits, when asked to, until one of its files
// turns out to be a notebook: a folder of plain modules gets no project findings in a
// one-thread check either.
import type { FileResult } from './analyzeFile';
import type { AnalysisJob, FileJob, JobResult, ProjectJob } from './pool';

/** The jobs of one project root, in the check's order. */
interface RootGroup {
  files: FileJob[];
  /** Files handed out so far. */
  next: number;
  /** Files handed out whose result is not in yet. */
  running: number;
  project?: ProjectJob;
  /** `waiting`: for a notebook among the files (ifNotebook); `ready`: to hand out; `out`: handed out or skipped. */
  projectState: 'waiting' | 'ready' | 'out';
}

/** What the scheduler knows of a worker: the root it is on and the models it holds. */
export interface WorkerPlace {
  group?: RootGroup;
  /** Roots this worker has built a model of, most recent last (as run/models.ts keeps them). */
  roots: string[];
  /** A roomy worker's one root: it takes that root's jobs only. */
  roomyRoot?: string;
}

/** Models a worker keeps (run/models.ts KEPT_MODELS): a root seen longer ago is built again. */
const REMEMBERED_ROOTS = 8;

export class JobScheduler {
  private readonly groups: RootGroup[];
  private readonly groupOf = new Map<string, RootGroup>();
  /**
   * Roots one of whose jobs ran out of a bounded worker's heap: their jobs go to a roomy
   * worker that stays on the root. A big project's model (a repository's hundreds of test
   * and source modules) outgrows the bound in every bounded worker, for each of its files.
   */
  private readonly roomy = new Set<RootGroup>();

  constructor(jobs: AnalysisJob[]) {
    for (const job of jobs) {
      let group = this.groupOf.get(job.root);
      if (!group) this.groupOf.set(job.root, (group = { files: [], next: 0, running: 0, projectState: 'out' }));
      if (job.kind === 'file') group.files.push(job);
      else {
        group.project = job;
        group.projectState = job.ifNotebook ? 'waiting' : 'ready';
      }
    }
    this.groups = [...this.groupOf.values()];
  }

  /** Jobs that could be handed out now. */
  available(): number {
    return this.groups.reduce((n, g) => n + (this.roomy.has(g) ? 0 : this.left(g)), 0);
  }

  private left(g: RootGroup): number {
    return g.files.length - g.next + (g.projectState === 'ready' ? 1 : 0);
  }

  /** The job ran out of a bounded worker's heap: its root's jobs are a roomy worker's from now on. */
  needsRoom(job: AnalysisJob): void {
    this.roomy.add(this.groupOf.get(job.root)!);
  }

  /** A job handed out whose worker ran out of memory: its root hands it out again, next. */
  giveBack(job: AnalysisJob): void {
    const group = this.groupOf.get(job.root)!;
    if (job.kind === 'file') {
      group.running--;
      group.files.splice(group.next, 0, job);
    } else group.projectState = 'ready';
  }

  /** Places a roomy worker on its root (it starts on the job that needed the room, or on the root's next). */
  placeRoomy(worker: WorkerPlace, root: string): void {
    worker.roomyRoot = root;
    worker.group = this.groupOf.get(root);
    worker.roots = [root];
  }

  /** Roomy roots with jobs to hand out now (for the pool to start a roomy worker when none is on it). */
  roomyRootsWithWork(): string[] {
    return [...this.roomy].filter((g) => this.left(g) > 0).map((g) => (g.files[0] ?? g.project!).root);
  }

  /** A roomy worker's root still has files out or jobs to hand out: the worker waits for them. */
  roomyRootOpen(worker: WorkerPlace): boolean {
    const g = worker.roomyRoot === undefined ? undefined : this.groupOf.get(worker.roomyRoot);
    return g !== undefined && (g.running > 0 || this.left(g) > 0);
  }

  /**
   * The next job for a worker: its root's project files once ready; its root's next file; the project
   * files of a root it holds the model of; the earliest root no worker has started; any
   * project files; a file of the earliest root still unfinished (the last roots are shared).
   * Undefined when nothing can be handed out now.
   */
  next(worker: WorkerPlace): AnalysisJob | undefined {
    const own = worker.group;
    if (worker.roomyRoot !== undefined) {
      return own && own.next < own.files.length ? this.file(worker, own) : own?.projectState === 'ready' ? this.project(own) : undefined;
    }
    if (own && this.roomy.has(own)) worker.group = undefined;
    // A root's project job before its remaining files: it is a root's longest job (the module rules
    // on every module), and taken last it ran alone at the end of a check while the other workers,
    // done with the shared files, waited (seen: pyvespa's, 270 ms of two-worker wall time).
    const job = own && worker.group && own.projectState === 'ready' ? this.project(own)
      : own && worker.group && own.next < own.files.length ? this.file(worker, own)
        : this.pick((g) => g.projectState === 'ready' && worker.roots.includes(g.project!.root), (g) => this.project(g))
          ?? this.pick((g) => g.next === 0 && g.files.length > 0, (g) => this.file(worker, g))
          ?? this.pick((g) => g.projectState === 'ready', (g) => this.project(g))
          ?? this.pick((g) => g.next < g.files.length, (g) => this.file(worker, g));
    if (job) worker.roots = [...worker.roots.filter((r) => r !== job.root), job.root].slice(-REMEMBERED_ROOTS);
    return job;
  }

  /**
   * A file's result is in: a notebook or percent script makes its root's waiting project job
   * ready. Returns the project job that will never run (none of the root's files was a
   * notebook), for the pool to answer as skipped.
   */
  finished(job: AnalysisJob, result: JobResult): ProjectJob | undefined {
    if (job.kind !== 'file') return undefined;
    const group = this.groupOf.get(job.root)!;
    group.running--;
    const kind = (result as FileResult).kind;
    if (group.projectState === 'waiting' && (kind === 'ipynb' || kind === 'percent')) group.projectState = 'ready';
    if (group.projectState === 'waiting' && group.running === 0 && group.next === group.files.length) {
      group.projectState = 'out';
      return group.project;
    }
    return undefined;
  }

  private pick<T>(test: (g: RootGroup) => boolean, take: (g: RootGroup) => T): T | undefined {
    const group = this.groups.find((g) => !this.roomy.has(g) && test(g));
    return group ? take(group) : undefined;
  }

  private file(worker: WorkerPlace, group: RootGroup): FileJob {
    worker.group = group;
    group.running++;
    return group.files[group.next++];
  }

  private project(group: RootGroup): ProjectJob {
    group.projectState = 'out';
    return group.project!;
  }
}
