// Finds the pyproject.toml that governs a file (the nearest one above it) and reads
// its [tool.nb2prod] table. Shared by the server and the CLI so both see the same
// configuration.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePyprojectConfig, type PyprojectConfig } from './config';

export interface LocatedConfig extends PyprojectConfig {
  /** Directory of the pyproject.toml, the root that exclude globs are relative to. */
  root?: string;
}

/** @param exists a memo of fs.existsSync, for a caller that asks for many folders of one tree (check). */
export function findPyproject(startDir: string, exists: (file: string) => boolean = fs.existsSync): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, 'pyproject.toml');
    if (exists(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Files that mark the root of a Python project. */
export const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'environment.yml', '.git'];

/** The project a file belongs to: the nearest folder above it with a project marker, else its own folder. */
export function findProjectRoot(startDir: string, stopAt?: string, exists: (file: string) => boolean = fs.existsSync): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (PROJECT_MARKERS.some((m) => exists(path.join(dir, m)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir || (stopAt && dir === path.resolve(stopAt))) return path.resolve(startDir);
    dir = parent;
  }
}

export function loadProjectConfig(startDir: string): LocatedConfig {
  const file = findPyproject(startDir);
  if (!file) return {};
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { root: path.dirname(file), error: `cannot read ${file}: ${(err as Error).message}` };
  }
  return { root: path.dirname(file), ...parsePyprojectConfig(text) };
}
