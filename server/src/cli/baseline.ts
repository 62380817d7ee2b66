// Baseline files: today's findings recorded by fingerprint (engine/fingerprint.ts),
// so a team can adopt nb2prod on existing notebooks and fail only on new findings.
// A fingerprint recorded twice hides two findings: the file is a multiset.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocatedConfig } from '../engine/projectConfig';
import { CheckError, type CheckResult, type FileReport } from './check';

/** The file a project's baseline is in when `[tool.nb2prod]` names none: used when it exists. */
export const DEFAULT_BASELINE = 'nb2prod-baseline.json';

/**
 * The baseline that applies to a project: `baseline = "..."` in `[tool.nb2prod]`
 * (relative to pyproject.toml), else nb2prod-baseline.json beside pyproject.toml or
 * at the project root when there is one. The CLI and the editor both use this.
 */
export function baselineFileFor(located: LocatedConfig, projectRoot: string | undefined, exists: (file: string) => boolean = fs.existsSync): string | undefined {
  if (located.baseline && located.root) return path.resolve(located.root, located.baseline);
  for (const dir of [located.root, projectRoot]) {
    if (dir && exists(path.join(dir, DEFAULT_BASELINE))) return path.join(dir, DEFAULT_BASELINE);
  }
  return undefined;
}

interface BaselineFile {
  version: 1;
  tool: 'nb2prod';
  findings: { fingerprint: string; code: string; path: string; message: string }[];
}

export function writeBaseline(file: string, result: CheckResult): number {
  const findings = result.files.flatMap((f) => f.findings.map((x, i) => ({ fingerprint: f.fingerprints[i], code: x.code, path: f.path.split('\\').join('/'), message: x.message })));
  const baseline: BaselineFile = { version: 1, tool: 'nb2prod', findings };
  try {
    fs.writeFileSync(file, JSON.stringify(baseline, null, 2) + '\n');
  } catch (err) {
    throw new CheckError(`cannot write the baseline ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return findings.length;
}

export function readBaseline(file: string): Map<string, number> {
  let parsed: Partial<BaselineFile>;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<BaselineFile>;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist (create it with --write-baseline)' : (err as Error).message;
    throw new CheckError(`cannot read the baseline ${file}: ${reason}`);
  }
  if (parsed.tool !== 'nb2prod' || !Array.isArray(parsed.findings)) throw new CheckError(`${file} is not an nb2prod baseline (written by --write-baseline)`);
  const counts = new Map<string, number>();
  for (const f of parsed.findings) if (typeof f?.fingerprint === 'string') counts.set(f.fingerprint, (counts.get(f.fingerprint) ?? 0) + 1);
  return counts;
}

/**
 * Which fingerprints the baseline records, each recorded one matched once (`left`
 * counts down, so two equal findings need two records).
 */
export function inBaseline(fingerprints: readonly string[], left: Map<string, number>): boolean[] {
  return fingerprints.map((fp) => {
    const n = left.get(fp) ?? 0;
    if (n === 0) return false;
    left.set(fp, n - 1);
    return true;
  });
}

/** Drop the findings the baseline records; returns how many were dropped. */
export function applyBaseline(result: CheckResult, recorded: Map<string, number>): number {
  const filter = baselineFilter(recorded);
  return result.files.reduce((dropped, file) => dropped + filter(file), 0);
}

/** The same, a file at a time in report order (a streamed report): drops the file's recorded findings, returns how many. */
export function baselineFilter(recorded: Map<string, number>): (file: FileReport) => number {
  const left = new Map(recorded);
  return (file) => {
    let dropped = 0;
    const keep = inBaseline(file.fingerprints, left).map((hit) => {
      if (hit) dropped++;
      return !hit;
    });
    file.findings = file.findings.filter((_f, i) => keep[i]);
    file.fingerprints = file.fingerprints.filter((_f, i) => keep[i]);
    return dropped;
  };
}
