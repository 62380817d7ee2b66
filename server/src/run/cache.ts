// The persistent findings cache of `nb2prod check`, like Ruff's: `.nb2prod_cache/`
// (git-ignored by a `.gitignore` inside it) holds the findings of each file under a key
// made of the engine build, the file's configuration, its path and the project facts the
// rules read, and the file's content by size and modification time (its hash when those
// changed, or were too recent to trust). A warm run of an unchanged tree reads the cache
// and stats the files: no notebook is read, parsed or hashed. The cache is an
// optimisation only: a missing, corrupt or unwritable cache means a cold run, never an
// error.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleConfig } from '../engine/config';
import { scanProject } from '../engine/project/scan';
import type { Finding } from '../engine/types';

export const CACHE_DIR_NAME = '.nb2prod_cache';
const CACHE_FILE = 'findings.json';
/** 4: entries say what the file was (a notebook, a percent script, a plain module, unreadable); 3 held notebooks only. */
const FORMAT = 4;
/** A file changed this close to the moment its entry was made may change again within the same timestamp: check its hash. */
const RACY_MS = 2_000;

export interface CachedFindings {
  findings: Finding[];
  /** One per finding (engine/fingerprint.ts), computed from the sources when the entry was made. */
  fingerprints: string[];
  /**
   * What the file was: a plain module (nothing to report) or an unreadable file (its NB001:
   * invalid JSON or UTF-8, which only a change of content changes) are cached too, so a warm
   * run reads none of them. Absent: a notebook.
   */
  kind?: 'ipynb' | 'percent' | 'module' | 'unreadable';
  /** A percent script's cells as [first file line, percent index]: where its findings are in the file. */
  cells?: [number, number | null][];
}

interface Entry extends CachedFindings {
  key: string;
  /** `size:mtimeMs` of the file when it was read. */
  stat: string;
  mtimeMs: number;
  /** sha256 of the file's bytes (contentHash). */
  hash: string;
}

/** Findings on a project's own files (modules, requirements), per project root. */
interface ProjectEntry {
  key: string;
  files: { file: string; findings: Finding[] }[];
}

interface CacheFile {
  format: number;
  engine: string;
  /** When the cache was written (ms): entries for files modified just before are verified by hash. */
  savedAt: number;
  entries: Record<string, Entry>;
  projects?: Record<string, ProjectEntry>;
}

/** The hash cache entries keep of a file's content: its bytes, so a hit needs no decoding. */
export function contentHash(bytes: Buffer): string {
  return sha256(bytes);
}

/** contentHash of bytes given a piece at a time (a file read in chunks). */
export function contentHasher(): { update(bytes: Buffer): void; digest(): string } {
  const h = createHash('sha256');
  return { update: (bytes) => void h.update(bytes), digest: () => h.update('\0').digest('hex') };
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

/**
 * A key for everything the rules read from the project (dependency files, modules, tests,
 * evals, brief) without reading it: the project's file list as the project model scans it,
 * and the size and modification time of each file other than notebooks (the model reads
 * no notebook's content). Any change to those files misses, even one that changes nothing.
 */
export function projectFactsKey(root: string): string {
  const { files, truncated } = scanProject(root);
  const h = createHash('sha256');
  h.update(`${root}\0${truncated ?? ''}\0`);
  for (const rel of files) {
    h.update(rel);
    if (!rel.endsWith('.ipynb')) {
      try {
        const st = fs.statSync(path.join(root, rel));
        h.update(`:${st.size}:${st.mtimeMs}`);
      } catch {
        h.update(':gone');
      }
    }
    h.update('\0');
  }
  return h.digest('hex');
}

/** A file's size and modification time, as cache entries record them. */
export function statKey(st: fs.Stats): string {
  return `${st.size}:${st.mtimeMs}`;
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
  private projects: Record<string, ProjectEntry> = {};
  private savedAt = 0;
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
      if (data && data.format === FORMAT && data.engine === engine && data.entries && typeof data.entries === 'object') {
        cache.entries = data.entries;
        cache.projects = data.projects && typeof data.projects === 'object' ? data.projects : {};
        cache.savedAt = typeof data.savedAt === 'number' ? data.savedAt : 0;
      } else {
        cache.dirty = true;
      }
    } catch {
      cache.dirty = true; // missing or corrupt: rewritten on save
    }
    return cache;
  }

  /** The key of a file's findings, its content aside: configuration, project facts and path. */
  static key(parts: { config: RuleConfig; facts: string; file: string }): string {
    return sha256(configHash(parts.config), parts.facts, parts.file);
  }

  /**
   * The stored findings of `file` under `key`: by its size and modification time, or, when
   * those changed or were too recent to trust, by the hash of `content()` (read only then).
   */
  get(file: string, key: string, st: fs.Stats, content: () => Buffer | undefined): CachedFindings | undefined {
    const entry = this.entries[file];
    if (!entry || entry.key !== key || !Array.isArray(entry.findings) || !Array.isArray(entry.fingerprints)) {
      this.misses++;
      return undefined;
    }
    const stat = statKey(st);
    if (entry.stat === stat && entry.mtimeMs < this.savedAt - RACY_MS) {
      this.hits++;
      return entry;
    }
    const bytes = content();
    if (bytes !== undefined && entry.hash === contentHash(bytes)) {
      this.set(file, key, st, entry.hash, entry); // the same content, touched: remember the new stat
      this.hits++;
      return entry;
    }
    this.misses++;
    return undefined;
  }

  /** @param hash contentHash of the bytes that were analysed (read after `st` was taken). */
  set(file: string, key: string, st: fs.Stats, hash: string, result: CachedFindings): void {
    const { findings, fingerprints, kind, cells } = result;
    this.entries[file] = { key, stat: statKey(st), mtimeMs: st.mtimeMs, hash, findings, fingerprints, ...(kind && kind !== 'ipynb' ? { kind } : {}), ...(cells ? { cells } : {}) };
    this.dirty = true;
  }

  /** Findings on a project's own files, stored under the project facts and configuration key. */
  getProject(root: string, key: string): ProjectEntry['files'] | undefined {
    const entry = this.projects[root];
    return entry && entry.key === key && Array.isArray(entry.files) ? entry.files : undefined;
  }

  setProject(root: string, key: string, files: ProjectEntry['files']): void {
    this.projects[root] = { key, files };
    this.dirty = true;
  }

  /** Writes the cache atomically (a temporary file renamed), with its `.gitignore`; failures are ignored. */
  save(): void {
    if (!this.dirty) return;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const ignore = path.join(this.dir, '.gitignore');
      if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Created by nb2prod: the findings cache, never committed.\n*\n');
      const data: CacheFile = { format: FORMAT, engine: this.engine, savedAt: Date.now(), entries: this.entries, projects: this.projects };
      const tmp = path.join(this.dir, `${CACHE_FILE}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, JSON.stringify(data));
      fs.renameSync(tmp, path.join(this.dir, CACHE_FILE));
      this.dirty = false;
    } catch {
      // A read-only checkout: the next run is cold, the check itself is unaffected.
    }
  }
}
