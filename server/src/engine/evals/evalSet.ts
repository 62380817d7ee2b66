// What the project's eval set holds, for the readiness checklist and the brief
// panel: cases per prompt version in evals/*.jsonl, and the last run's pass rate
// from the report the gate writes (evals/report.json).
import { EVAL_REPORT_FILE } from './gate';

export { EVAL_REPORT_FILE };

/** Prompt versions of the cases in one .jsonl file (`-` for a case without one). */
export function promptVersionsOf(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const version = (JSON.parse(line) as { prompt_version?: unknown }).prompt_version;
      const key = typeof version === 'string' ? version : '-';
      out.set(key, (out.get(key) ?? 0) + 1);
    } catch {
      // a line that is not JSON is counted as a case elsewhere, with no version
    }
  }
  return out;
}

export interface EvalRunReport {
  passRate: number;
  passed: number;
  ran: number;
  needsJudge: number;
}

/** The pass rate of the gate's last run, or undefined when the report is missing or unreadable. */
export function readEvalReport(text: string | undefined): EvalRunReport | undefined {
  if (!text) return undefined;
  try {
    const r = JSON.parse(text) as Record<string, unknown>;
    if (typeof r.pass_rate !== 'number' || typeof r.ran !== 'number') return undefined;
    return { passRate: r.pass_rate, passed: Number(r.passed ?? 0), ran: r.ran, needsJudge: Number(r.needs_judge ?? 0) };
  } catch {
    return undefined;
  }
}

/** One sentence for the checklist: "5 eval cases in evals/ (2 prompt versions: 3, 2); last run passed 80 % (4 of 5)." */
export function describeEvalSet(cases: number, versions: ReadonlyMap<string, number>, report: EvalRunReport | undefined): string {
  const counted = [...versions].filter(([v]) => v !== '-');
  const perVersion = counted.length > 1 ? ` (${counted.length} prompt versions: ${counted.map(([, n]) => n).join(', ')} cases)` : counted.length === 1 ? ' (1 prompt version)' : '';
  const run = report ? ` Last run passed ${Math.round(report.passRate * 100)} % (${report.passed} of ${report.ran}${report.needsJudge ? `, ${report.needsJudge} need a judge` : ''}, ${EVAL_REPORT_FILE}).` : '';
  return `${cases} eval case${cases === 1 ? '' : 's'} in evals/${perVersion}.${run}`;
}
