import { cellLabel, type Rule, type RuleFinding } from './rule';

/**
 * NB103: by execution counts, this cell last ran before a cell it reads from was
 * (re)run, so its saved output reflects an older state.
 */
export const staleOutput: Rule = {
  code: 'NB103',
  name: 'stale-output',
  defaultSeverity: 'warning',
  check({ codeCells }) {
    const executed = codeCells.filter((c) => c.executionCount !== null);
    if (executed.length < 2) return [];
    // Latest run of a cell that binds each name.
    const lastDef = new Map<string, { cell: number; count: number; range: import('../types').Range }[]>();
    for (const c of executed) {
      for (const ev of c.summary.events) {
        if (ev.kind !== 'def') continue;
        let list = lastDef.get(ev.name);
        if (!list) lastDef.set(ev.name, (list = []));
        if (!list.some((d) => d.cell === c.index)) list.push({ cell: c.index, count: c.executionCount!, range: ev.range });
      }
    }
    const findings: RuleFinding[] = [];
    for (const c of executed) {
      const count = c.executionCount!;
      const boundHere = new Set<string>();
      const seen = new Set<string>();
      for (const ev of c.summary.events) {
        if (ev.kind === 'def') boundHere.add(ev.name);
        if (ev.kind !== 'read' || boundHere.has(ev.name) || seen.has(ev.name)) continue;
        seen.add(ev.name);
        const newer = (lastDef.get(ev.name) ?? []).filter((d) => d.cell !== c.index && d.count > count);
        if (newer.length === 0) continue;
        const latest = newer.reduce((a, b) => (b.count > a.count ? b : a));
        findings.push({
          cell: c.index,
          range: ev.range,
          message: `This cell last ran [${count}] before ${cellLabel(latest.cell)} redefined \`${ev.name}\` [${latest.count}]: its saved output may not match the current state.`,
          related: [{ cell: latest.cell, range: latest.range, message: `\`${ev.name}\` was redefined here, at execution ${latest.count}` }],
        });
      }
    }
    return findings;
  },
};
