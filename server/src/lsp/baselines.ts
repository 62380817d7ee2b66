// The baseline file in the editor: findings recorded there (`nb2prod check
// --write-baseline`) show as hints, or not at all, as `nb2prod.baseline.show` says,
// so a team adopting nb2prod sees in the editor what its CI fails on. The file is the
// CLI's (cli/baseline.ts), matched by the same fingerprints (engine/fingerprint.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { baselineFileFor, inBaseline, readBaseline } from '../cli/baseline';
import { findingFingerprint } from '../engine/fingerprint';
import type { LocatedConfig } from '../engine/projectConfig';
import type { Finding } from '../engine/types';

export type BaselineShow = 'hint' | 'hidden';

export class EditorBaselines {
  /** Parsed baselines by path, re-read when the file's size or time changes. */
  private readonly loaded = new Map<string, { stamp: string; recorded: Map<string, number> }>();

  constructor(private readonly log: (message: string) => void) {}

  /**
   * A file's findings with its project's baseline applied. `sources`: the cells of a
   * notebook or script (asked for only when there is a baseline); `fileText`: the text of a plain project file.
   */
  apply(file: string, projectRoot: string, located: LocatedConfig, show: BaselineShow, findings: Finding[], sources: () => readonly string[], fileText?: string): Finding[] {
    if (findings.length === 0) return findings;
    const baseline = baselineFileFor(located, projectRoot);
    const recorded = baseline ? this.read(baseline) : undefined;
    if (!baseline || !recorded?.size) return findings;
    const rel = path.relative(projectRoot, file).split(path.sep).join('/');
    const cells = sources();
    const hits = inBaseline(findings.map((f) => findingFingerprint(f, rel, cells, fileText)), new Map(recorded));
    if (!hits.includes(true)) return findings;
    const name = path.basename(baseline);
    return findings.flatMap((f, i) => !hits[i] ? [f] : show === 'hidden' ? [] : [{ ...f, severity: 'hint' as const, message: `${f.message} (recorded in ${name})` }]);
  }

  private read(file: string): Map<string, number> | undefined {
    let stamp: string;
    try {
      const stat = fs.statSync(file);
      stamp = `${stat.size}:${stat.mtimeMs}`;
    } catch {
      this.loaded.delete(file);
      return undefined; // named in pyproject.toml but not written yet: nothing is baselined
    }
    const cached = this.loaded.get(file);
    if (cached?.stamp === stamp) return cached.recorded;
    try {
      const recorded = readBaseline(file);
      this.loaded.set(file, { stamp, recorded });
      return recorded;
    } catch (error) {
      this.log(`baseline ignored: ${(error as Error).message}`);
      this.loaded.set(file, { stamp, recorded: new Map() });
      return undefined;
    }
  }
}
