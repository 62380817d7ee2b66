// The persistent findings cache of `nb2prod check`, like Ruff's: `.nb2prod_cache/`
// (git-ignored by a `.gitignore` inside it) holds the findings of each file under a key
// made of the engine build, the file's configuration, its content, its path and the
// project facts the rules read. An unchanged file is never analysed twice. The cache is
// an optimisation only: a missing, corrupt or unwritable cache means a cold run, never
// an error.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleConfig } from '../engine/config';
import type { ProjectModel } from '../engine/project/model';
import type { Finding } from '../engine/types';

export const CACHE_DIR_NAME = '.nb2prod_cache';
const CACHE_FILE = 'findings.json';
const FORMAT = 1;

interface Entry {
  key: string;
  findings: Finding[];
}

interface CacheFile {
  format: number;
  engine: string;
  entries: Record<string, Entry>;
}

export function sha256(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(typeof p === 'string' ? p : p);
    h.update('\0');
  }
  return h.digest('hex');
}

/** Sets and Maps as sorted arrays, so equal facts give equal hashes. */
function stableReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Set) return [...value].map(String).sort();
  if (value instanceof Map) return [...value.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)));
  return value;
}

/** Hash of everything the rules read from the project: dependency files, modules, tests, evals, brief. */
export function projectFactsHash(model: ProjectModel | undefined): string {
  return model ? sha256(JSON.stringify(model, stableReplacer)) : 'no-project';
}

export function configHash(config: RuleConfig): string {
  return sha256(JSON.stringify(config, stableReplacer));
}

/** The engine's identity: the version and a hash of the running bundles, so any code change misses. */
export function engineIdentity(version: string, bundleFiles: string[]): string {
  const code = bundleFiles.map((file) => {
    try {
      return sha256(fs.readFileSync(file));
    } catch {
      return 'unreadable'; // an unusual install: the version and the other bundles
    }
  });
  return `${version}+${sha256(...code).slice(0, 16)}`;
}

export class FindingsCache {
  private entries: Record<string, Entry> = {};
  private dirty = false;
  /** Counts, for the benchmark and `--verbose`-style reporting. */
  hits = 0;
  misses = 0;

  private constructor(readonly dir: string, readonly engine: string) {}

  /** Opens the cache in `dir`; anything unreadable or from another engine starts empty. */
  static open(dir: string, engine: string): FindingsCache {
    const cache = new FindingsCache(dir, engine);
    try {
      const data = JSON.parse(fs.readFileSync(path.join(dir, CACHE_FILE), 'utf8')) as CacheFile;
      if (data && data.format === FORMAT && data.engine === engine && data.entries && typeof data.entries === 'object') cache.entries = data.entries;
      else cache.dirty = true;
    } catch {
      cache.dirty = true; // missing or corrupt: rewritten on save
    }
    return cache;
  }

  static key(parts: { config: RuleConfig; facts: string; file: string; content: Buffer | string }): string {
    return sha256(configHash(parts.config), parts.facts, parts.file, parts.content);
  }

  get(file: string, key: string): Finding[] | undefined {
    const entry = this.entries[file];
    if (entry && entry.key === key && Array.isArray(entry.findings)) {
      this.hits++;
      return entry.findings;
    }
    this.misses++;
    return undefined;
  }

  set(file: string, key: string, findings: Finding[]): void {
    this.entries[file] = { key, findings };
    this.dirty = true;
  }

  /** Writes the cache atomically (a temporary file renamed), with its `.gitignore`; failures are ignored. */
  save(): void {
    if (!this.dirty) return;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const ignore = path.join(this.dir, '.gitignore');
      if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Created by nb2prod: the findings cache, never committed.\n*\n');
      const data: CacheFile = { format: FORMAT, engine: this.engine, entries: this.entries };
      const tmp = path.join(this.dir, `${CACHE_FILE}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, JSON.stringify(data));
      fs.renameSync(tmp, path.join(this.dir, CACHE_FILE));
      this.dirty = false;
    } catch {
      // A read-only checkout: the next run is cold, the check itself is unaffected.
    }
  }
}
