// Running the bundled CLI (dist/cli.js) as users and CI do: a child process, with
// the environment and standard input given.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './engine';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export function runCli(args: string[], cwd: string, options: { input?: string; env?: Record<string, string | undefined> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', input: options.input ?? '', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An nbformat 4 notebook's JSON from cell sources (code unless `type: 'markdown'`). */
export function notebookJson(cells: { type?: string; source: string; count?: number | null }[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((c) => c.type === 'markdown'
      ? { cell_type: 'markdown', metadata: {}, source: c.source.split(/(?<=\n)/) }
      : { cell_type: 'code', metadata: {}, execution_count: c.count ?? null, outputs: [], source: c.source.split(/(?<=\n)/) }),
  }, null, 1);
}

/** A Python notebook of never-run code cells, one per source (the protocol tests' usual fixture). */
export function codeNotebookJson(sources: string[]): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: sources.map((s) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: s })),
  }, null, 1);
}
