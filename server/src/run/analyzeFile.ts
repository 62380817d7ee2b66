// One file of `nb2prod check`, read, analysed and reduced to what the report needs: the
// same code in the CLI's own thread and in a pool worker (run/checkWorker.ts). Only the
// findings, their fingerprints and the text of the flagged cells leave this function: the
// notebook's JSON, text and cells are released as soon as it returns, so a check over a
// folder holds no more than one notebook at a time per thread.
import type { Engine } from '../engine/analyze';
import type { RuleConfig } from '../engine/config';
import { readAndLoad, type LoadedFile } from '../engine/files';
import { findingFingerprint } from '../engine/fingerprint';
import type { PercentCell } from '../engine/percent';
import type { ProjectModel } from '../engine/project/model';
import type { Finding } from '../engine/types';
import { contentHasher } from './cache';

export interface FileResult {
  /** `module`: a plain .py file, nothing for the notebook rules (not reported). */
  kind: LoadedFile['kind'];
  findings: Finding[];
  /** One per finding (engine/fingerprint.ts). */
  fingerprints: string[];
  /** The source of each flagged cell, by cell index (a sparse array): the text report shows their lines. */
  sources: string[];
  /** Percent scripts: the cells, to map findings to file lines. */
  percentCells?: PercentCell[];
  /** contentHash of the bytes analysed, for the findings cache. */
  hash?: string;
  /** A rule threw, or the file could not be read: not to be cached. */
  ruleFailed: boolean;
}

/** The sources of the cells that have findings, at their indexes; the others are holes. */
export function flaggedSources(sources: readonly string[], findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings) if (f.cell >= 0 && sources[f.cell] !== undefined) out[f.cell] = sources[f.cell];
  return out;
}

/**
 * Findings of a loaded file. `rel` is its path in its project; `model` is asked for only
 * when there is something to analyse; `ruleFailures` counts the engine's rule errors;
 * `sources` false: no flagged cell's text (a report that shows no source lines).
 */
export function analyzeLoaded(
  engine: Engine, loaded: LoadedFile, rel: string, config: RuleConfig, model: () => ProjectModel, ruleFailures: () => number, sources = true,
): FileResult {
  if (loaded.kind === 'unreadable') return { kind: 'unreadable', findings: [loaded.finding], fingerprints: [findingFingerprint(loaded.finding, rel, [])], sources: [], ruleFailed: true };
  if (loaded.kind === 'module') return { kind: 'module', findings: [], fingerprints: [], sources: [], ruleFailed: false };
  const before = ruleFailures();
  const findings = engine.analyze({ ...loaded.notebook, path: rel }, config, model());
  const cells = loaded.notebook.cells.map((c) => c.source);
  return {
    kind: loaded.kind,
    findings,
    fingerprints: findings.map((f) => findingFingerprint(f, rel, cells)),
    sources: sources ? flaggedSources(cells, findings) : [],
    percentCells: loaded.kind === 'percent' ? loaded.notebook.cells : undefined,
    ruleFailed: ruleFailures() !== before,
  };
}

/**
 * analyzeLoaded on a file on disk, read once; the hash is of the bytes read (`hash` false: no
 * cache to write, no hash: SHA-256 of every notebook was a tenth of reading them). `sources`
 * false: the flagged cells' text is left out (a pool worker posts it to the main thread, which
 * drops it unless the report shows source lines). A file read
 * but not loadable (invalid JSON or UTF-8) is as cacheable as its bytes: only another
 * content changes its NB001 (a failed read or an oversized file is not: no bytes).
 */
export function analyzeFile(engine: Engine, file: string, rel: string, config: RuleConfig, model: () => ProjectModel, ruleFailures: () => number, hash = true, sources = true): FileResult {
  const hasher = hash ? contentHasher() : undefined;
  const { loaded, read } = readAndLoad(file, hasher?.update);
  const result = analyzeLoaded(engine, loaded, rel, config, model, ruleFailures, sources);
  if (read) {
    if (hasher) result.hash = hasher.digest();
    if (result.kind === 'unreadable') result.ruleFailed = false;
  }
  return result;
}
