// `nb2prod check`: run the check, apply the baseline, print the report in the chosen
// format and decide the exit code (0 clean, 1 findings at --fail-on).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Engine } from '../engine/analyze';
import { mergeConfig } from '../engine/config';
import { SEVERITY_RANK } from '../engine/types';
import { DEFAULT_DOCS_URL, VERSION } from '../shared/buildInfo';
import type { CheckOptions } from './args';
import { CACHE_DIR_NAME, FindingsCache } from '../run/cache';
import { jobKey, startPool, type PoolResults } from '../run/pool';
import { baselineFilter, readBaseline, writeBaseline } from './baseline';
import { CheckError, runCheck, startCheck, type CheckRequest, type CheckResult, type FileReport } from './check';
import { Fixer, formatDiff, writeFixes } from './fix';
import { watchCheck } from './watch';
import { COLOUR, PLAIN, githubWriter, jsonWriter, sarifWriter, statisticsWriter, textWriter, useColour } from './format';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  readStdin(): string;
}

export function writeReport(report: string, output: string | undefined, io: Io): void {
  if (!output) {
    io.stdout.write(report);
    return;
  }
  try {
    fs.writeFileSync(path.resolve(io.cwd, output), report);
  } catch (err) {
    throw new CheckError(`cannot write the report to ${output}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (err as Error).message}`);
  }
}

/** What the entry point knows about the running engine, for the findings cache. */
export interface EngineHooks {
  /** Identity of the engine build (run/cache.ts engineIdentity). */
  engineId?: string;
  /** Rule failures so far: results with a failed rule are not cached. */
  ruleFailures?: () => number;
  /** The bundled pool worker (dist/checkWorker.js); without it, one thread. */
  workerFile?: string;
}

export async function checkCommand(engine: Engine, options: CheckOptions, io: Io, hooks: EngineHooks = {}): Promise<number> {
  if (options.watch) {
    // A missing path or invalid configuration fails before watching starts (exit 2).
    for (const p of options.paths) if (!fs.existsSync(path.resolve(io.cwd, p))) throw new CheckError(`${p}: no such file or folder`);
    await watchCheck(options, io, (once, onceIo) => checkCommand(engine, once, onceIo, hooks)).stopped;
    return 0;
  }
  let stdin: { name: string; text: string } | undefined;
  if (options.paths[0] === '-') {
    const text = io.readStdin();
    stdin = { name: options.stdinFilename ?? (text.trimStart().startsWith('{') ? 'stdin.ipynb' : 'stdin.py'), text };
  }
  const cache = options.noCache || stdin || !hooks.engineId ? undefined
    : FindingsCache.open(path.resolve(io.cwd, options.cacheDir ?? io.env.NB2PROD_CACHE_DIR ?? CACHE_DIR_NAME), hooks.engineId);
  const request: CheckRequest = {
    configFile: options.config, select: options.select, extendSelect: options.extendSelect, ignore: options.ignore, exclude: options.exclude, stdin,
    cache, ruleFailures: hooks.ruleFailures,
    // Only the text report shows the flagged lines: for the others the pool sends back no cell text
    // (structured-cloned to this thread and kept until its turn to be written, then dropped unread).
    noSources: options.statistics || options.format !== 'text',
  };
  const run = startCheck(engine, options.paths, io.cwd, request);
  // Worker threads (one per core by default): a planning pass lists the files the cache does
  // not answer without reading them, the pool reads and analyses them, and the reports come
  // in the order of one thread, each as soon as its result is in. `--threads 1` is one worker
  // too: its heap is bounded, this thread's is not (peak on /work/corpus/dev 345 MB in this
  // thread, 205 MB with one worker, which also reads and analyses while this thread writes).
  const threads = options.threads ?? os.availableParallelism();
  let pool: { results: PoolResults; keys: Set<string> } | undefined;
  if (!stdin && hooks.workerFile) {
    const jobs = run.plan();
    if (jobs.length > 1) {
      pool = { results: startPool(jobs, threads, hooks.workerFile), keys: new Set(jobs.map(jobKey)) };
      request.analyzed = pool.results.take; // read by the run as it reports
    }
  }
  /** Every found file's report in order, the pool's results awaited as needed, then the project files'. */
  const reportAll = async (sink: (report: FileReport) => void): Promise<Omit<CheckResult, 'files'> & { checked: number }> => {
    let reported = 0;
    for (const file of run.found) {
      const key = path.resolve(io.cwd, file);
      if (pool?.keys.has(key)) await pool.results.ready(key);
      const report = run.report(file);
      if (report) {
        reported++;
        sink(report);
      }
    }
    if (pool) for (const key of pool.keys) if (key.startsWith('project\0')) await pool.results.ready(key);
    const { files, ...rest } = run.finish(reported);
    for (const report of files) sink(report);
    return { ...rest, checked: reported + files.length };
  };

  /** Writes the reports out as they come (each released once written) and returns the exit code. */
  const emit = async (baselines: string[], each: typeof reportAll): Promise<number> => {
    const filters = (options.baseline ? [path.resolve(io.cwd, options.baseline)] : baselines).map((file) => baselineFilter(readBaseline(file)));
    const output = streamOutput(options.output, io);
    const colour = !options.output && useColour(io.env, io.stdout.isTTY === true);
    const docsUrl = options.docsUrl ?? io.env.NB2PROD_DOCS_URL ?? DEFAULT_DOCS_URL;
    const writer = options.statistics ? statisticsWriter(output.write)
      : options.format === 'json' ? jsonWriter(output.write)
        : options.format === 'sarif' ? sarifWriter(VERSION, docsUrl, output.write)
          : options.format === 'github' ? githubWriter(output.write)
            : textWriter({ style: colour ? COLOUR : PLAIN, quiet: options.quiet }, output.write);
    const threshold = SEVERITY_RANK[options.failOn === 'never' ? 'error' : options.failOn];
    let baselined = 0;
    let failing = false;
    const rest = await each((report) => {
      for (const filter of filters) baselined += filter(report);
      failing ||= report.findings.some((x) => SEVERITY_RANK[x.severity] >= threshold);
      writer.file(report);
    });
    cache?.save();
    if (options.format !== 'text' && options.format !== 'json') for (const w of rest.warnings) io.stderr.write(`nb2prod: warning: ${w}\n`);
    writer.end({ ...rest, baselined });
    output.close();
    if (options.verbose) {
      const s = run.stats();
      const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
      io.stderr.write(`nb2prod: ${n(s.fromCache + s.analysed, 'file')}: ${s.fromCache} from the cache, ${s.analysed} analysed; `
        + `the project files of ${n(s.projectsFromCache + s.projectsAnalysed, 'root')}: ${s.projectsFromCache} from the cache, ${s.projectsAnalysed} analysed; `
        + `${n(pool?.results.started() ?? 0, 'worker thread')} started, ${n(s.modelsBuilt, 'project model')} built in the main thread\n`);
    }
    return options.exitZero || options.failOn === 'never' || !failing ? 0 : 1;
  };
  if (!options.fix && !options.diff && !options.writeBaseline) return emit(run.baselines(), reportAll);

  const files: FileReport[] = [];
  let result: CheckResult = { ...(await reportAll((report) => files.push(report))), files };
  request.analyzed = undefined; // every result is taken: a later check analyses here
  cache?.save(); // before the baseline filters the findings
  if (options.fix || options.diff) {
    // Every fixable finding is fixed, baselined or not: --fix is asked for explicitly.
    const fixer = new Fixer(engine, (file, text) => runCheck(engine, ['-'], io.cwd, { ...request, cache: undefined, stdin: { name: file, text } }).files[0]?.findings ?? []);
    for (const f of result.files) fixer.fixFile(path.resolve(io.cwd, f.path), f.path, f.kind, f.findings, mergeConfig());
    const fixes = fixer.result(io.cwd);
    for (const s of fixes.skipped) io.stderr.write(`nb2prod: not fixed: ${s}\n`);
    if (options.diff) {
      writeReport(formatDiff(fixes), options.output, io);
      if (!options.quiet) io.stderr.write(`nb2prod: ${fixes.applied.length} fix${fixes.applied.length === 1 ? '' : 'es'} in ${fixes.files.length} file${fixes.files.length === 1 ? '' : 's'} would be applied by --fix${fixes.applied.length ? ':' : '.'}\n${fixes.applied.map((a) => `  ${a}\n`).join('')}`);
      return fixes.files.length > 0 && !options.exitZero ? 1 : 0;
    }
    writeFixes(fixer);
    if (!options.quiet && fixes.applied.length) io.stderr.write(`nb2prod: fixed ${fixes.applied.length}:\n${fixes.applied.map((a) => `  ${a}\n`).join('')}`);
    // What is left, as the files now are.
    result = runCheck(engine, options.paths, io.cwd, request);
    cache?.save();
  }
  if (options.writeBaseline) {
    const n = writeBaseline(path.resolve(io.cwd, options.writeBaseline), result);
    io.stderr.write(`nb2prod: recorded ${n} finding${n === 1 ? '' : 's'} in ${options.writeBaseline}; check with --baseline ${options.writeBaseline} to see only new ones.\n`);
    return 0;
  }
  const remaining = result;
  return emit(remaining.baselines, async (sink) => {
    remaining.files.forEach(sink);
    return { ...remaining, checked: remaining.files.length };
  });
}

/** The report's destination, written a piece at a time: standard output, or -o FILE (created even when the report is empty). */
function streamOutput(output: string | undefined, io: Io): { write(s: string): void; close(): void } {
  if (!output) return { write: (s) => void io.stdout.write(s), close: () => undefined };
  let fd: number | undefined;
  const open = () => {
    try {
      return fs.openSync(path.resolve(io.cwd, output), 'w');
    } catch (err) {
      throw new CheckError(`cannot write the report to ${output}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (err as Error).message}`);
    }
  };
  return {
    write: (s) => void fs.writeSync((fd ??= open()), s),
    close: () => fs.closeSync(fd ?? open()),
  };
}
