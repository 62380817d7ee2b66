import { TIMEOUT_APIS } from '../../knowledge/libraries';
import type { Rule, RuleFinding } from '../rule';
import { argumentInsertion, callsKey, NotebookImports, type ResolvedCall } from './imports';

const BY_NAME = new Map(TIMEOUT_APIS.map((api) => [api.qualified, api]));

/** A comment that says a call has no timeout on purpose. A TODO asks for one. */
const ON_PURPOSE = /#(?!.*\b(?:TODO|FIXME|XXX)\b).*(?:\b(?:no|without|never|not|none)\b.{0,20}\btime-?outs?\b|\btime-?outs?\b.{0,30}\b(?:on purpose|intentional(?:ly)?|deliberate(?:ly)?)\b)/i;

/**
 * Lines whose call has no timeout on purpose: the comment is on the line or at most three lines above
 * it (`# No timeout: localhost call, long operations have no upper bound` over a `try:` and the call).
 */
function noTimeoutOnPurpose(source: string): number[] {
  if (!/time-?out/i.test(source)) return [];
  const lines = source.split('\n');
  const excused: number[] = [];
  lines.forEach((line, i) => {
    if (ON_PURPOSE.test(line)) for (let l = i; l <= i + 3 && l < lines.length; l++) excused.push(l);
  });
  return excused;
}

/** NB503: network calls that can hang a pipeline: once per API and notebook, the other calls related. */
export const missingTimeout: Rule = {
  code: 'NB503',
  name: 'missing-timeout',
  defaultSeverity: 'warning',
  reads: { cellKey: (c, cell) => callsKey(c.summary, noTimeoutOnPurpose(cell.source)) },
  check({ codeCells, cells }) {
    const imports = NotebookImports.of(codeCells);
    const byApi = new Map<string, ResolvedCall[]>();
    const excused = new Map<number, number[]>();
    for (const c of imports.calls()) {
      const api = c.qualified ? BY_NAME.get(c.qualified) : undefined;
      if (!api || c.call.splat || c.call.keywords.includes(api.keyword)) continue;
      if (!excused.has(c.cell)) excused.set(c.cell, noTimeoutOnPurpose(cells[c.cell].source));
      if (excused.get(c.cell)!.includes(c.call.range.start.line)) continue;
      const list = byApi.get(api.qualified) ?? [];
      list.push(c);
      byApi.set(api.qualified, list);
    }
    const findings: RuleFinding[] = [];
    for (const [qualified, [first, ...rest]] of byApi) {
      const api = BY_NAME.get(qualified)!;
      findings.push({
        cell: first.cell,
        range: first.call.range,
        message: `\`${first.call.callee}(…)\` has no \`${api.keyword}\`: ${api.otherwise}. Pass \`${api.fix}\` (or a value from configuration).`,
        related: rest.map((s) => ({ cell: s.cell, range: s.call.range, message: `another \`${s.call.callee}\` call without \`${api.keyword}\`` })),
        data: { fix: 'arguments', sites: JSON.stringify([first, ...rest].map((s) => ({ cell: s.cell, ...argumentInsertion(s.call, api.fix) }))) },
      });
    }
    return findings;
  },
};
