// `check --watch`: check once, then again whenever a notebook, script or project file
// under the given paths changes, until Ctrl+C. Each check's report goes to standard
// output (one line of JSON per check in the machine formats); a failing check (a
// configuration error while the user edits pyproject.toml) is reported and the
// watching goes on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckOptions } from './args';
import { CheckError } from './check';
import type { Io } from './checkCommand';

/** Files whose change can change a report: notebooks, scripts, configuration, dependency lists, baselines. */
const RELEVANT = /\.(?:ipynb|py|toml|txt|cfg|json|lock)$/;
/** Folders nb2prod never reads from, and its own cache (written by each check). */
const IGNORED = /(?:^|[\\/])(?:\.git|node_modules|\.ipynb_checkpoints|__pycache__|\.venv|venv|\.nb2prod_cache)(?:[\\/]|$)/;
/** Changes closer together than this are one change (an editor saves through a temporary file). */
const SETTLE_MS = 100;

export interface WatchControl {
  /** Resolves when watching stops (SIGINT, SIGTERM, or `stop`). */
  stopped: Promise<void>;
  stop(): void;
}

export function watchCheck(options: CheckOptions, io: Io, checkOnce: (options: CheckOptions, io: Io) => Promise<number>): WatchControl {
  const text = options.format === 'text';
  const cacheDir = path.resolve(io.cwd, options.cacheDir ?? io.env.NB2PROD_CACHE_DIR ?? '.nb2prod_cache');
  // Machine formats: one report per line, so a consumer reads one line per check.
  const stdout = text ? io.stdout : { isTTY: false, write: (s: string) => io.stdout.write(`${JSON.stringify(JSON.parse(s))}\n`) };
  const once = { ...options, watch: false, output: undefined };
  let running = false;
  let again: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  const run = async (changed?: string) => {
    if (running) {
      again = changed;
      return;
    }
    running = true;
    const time = new Date().toTimeString().slice(0, 8);
    if (text) io.stdout.write(`[${time}] nb2prod: ${changed ? `${changed} changed, checking again` : 'checking'}\n`);
    try {
      await checkOnce(once, { ...io, stdout });
    } catch (err) {
      if (!(err instanceof CheckError)) throw err;
      io.stderr.write(`nb2prod: error: ${err.message}\n`);
    }
    io.stderr.write(`nb2prod: watching ${options.paths.join(', ')} for changes (Ctrl+C to stop)\n`);
    running = false;
    if (again !== undefined) {
      const next = again;
      again = undefined;
      void run(next);
    }
  };

  const watchers: fs.FSWatcher[] = [];
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const stop = () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    resolveStopped();
  };
  const changedFile = (file: string) => {
    if (!RELEVANT.test(file) || IGNORED.test(file) || path.resolve(file).startsWith(cacheDir + path.sep)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(path.relative(io.cwd, file) || file), SETTLE_MS);
  };
  for (const input of options.paths) {
    const full = path.resolve(io.cwd, input);
    const isDir = fs.statSync(full).isDirectory(); // the paths exist: the first check said so
    const dir = isDir ? full : path.dirname(full);
    const watcher = fs.watch(dir, { recursive: isDir }, (_event, name) => {
      if (!name) return;
      const file = path.join(dir, name.toString());
      if (isDir || file === full) changedFile(file);
    });
    watcher.on('error', (err) => io.stderr.write(`nb2prod: cannot watch ${input}: ${err.message}\n`));
    watchers.push(watcher);
  }
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void run();
  return { stopped, stop };
}
