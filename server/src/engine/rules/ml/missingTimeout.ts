import { TIMEOUT_APIS } from '../../knowledge/libraries';
import type { Rule, RuleFinding } from '../rule';
import { argumentInsertion, callsKey, NotebookImports, type ResolvedCall } from './imports';

const BY_NAME = new Map(TIMEOUT_APIS.map((api) => [api.qualified, api]));

/** NB503: network calls that can hang a pipeline: once per API and notebook, the other calls related. */
export const missingTimeout: Rule = {
  code: 'NB503',
  name: 'missing-timeout',
  defaultSeverity: 'warning',
  reads: { cellKey: (c) => callsKey(c.summary) },
  check({ codeCells }) {
    const imports = NotebookImports.of(codeCells);
    const byApi = new Map<string, ResolvedCall[]>();
    for (const c of imports.calls()) {
      const api = c.qualified ? BY_NAME.get(c.qualified) : undefined;
      if (!api || c.call.splat || c.call.keywords.includes(api.keyword)) continue;
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
