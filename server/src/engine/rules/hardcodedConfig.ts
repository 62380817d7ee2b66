import { classifyConfigNumber, classifyConfigString, type ConfigFinding } from '../detectors/hardcodedConfig';
import type { Range } from '../types';
import type { Rule, RuleFinding } from './rule';

interface Place {
  cell: number;
  range: Range;
  text: string;
  found: ConfigFinding;
}

/**
 * NB205: values production changes without a code change. One finding per fact and
 * notebook: a model id used in nine cells, or `temperature=` set in six calls, is
 * reported where it first appears, with the other places as related information.
 */
export const hardcodedConfig: Rule = {
  code: 'NB205',
  name: 'hardcoded-config',
  defaultSeverity: 'information',
  check({ codeCells, config }) {
    const groups = new Map<string, Place[]>();
    const add = (cell: number, range: Range, text: string, found: ConfigFinding | undefined) => {
      if (!found) return;
      const places = groups.get(found.group);
      if (places) places.push({ cell, range, text, found });
      else groups.set(found.group, [{ cell, range, text, found }]);
    };
    for (const cell of codeCells) {
      for (const literal of cell.summary.strings) add(cell.index, literal.range, literal.value, classifyConfigString(literal));
      for (const literal of cell.summary.numbers) add(cell.index, literal.range, literal.text, classifyConfigNumber(literal, config.configKeywords));
    }
    const findings: RuleFinding[] = [];
    for (const [first, ...others] of groups.values()) {
      const message = first.found.group === 'keywords' && others.length > 0
        ? `${others.length + 1} literal settings are configuration written into code: ${keywordList([first, ...others])}. Move them to configuration so they can change without a code change.`
        : `${capitalize(first.found.what)} is configuration written into code${others.length > 0 ? ` (${others.length + 1} places in this notebook)` : ''}: move it to configuration so it can change without a code change.`;
      findings.push({
        cell: first.cell,
        range: first.range,
        message,
        related: others.length > 0 ? others.map((p) => ({ cell: p.cell, range: p.range, message: `also here: ${p.found.what}` })) : undefined,
      });
    }
    return findings;
  },
};

/** "`temperature` (0.2, 0), `max_tokens` (1024) and 2 more": each keyword once, with its values. */
function keywordList(places: Place[]): string {
  const byKey = new Map<string, Set<string>>();
  for (const p of places) {
    const key = p.found.key ?? '?';
    byKey.set(key, (byKey.get(key) ?? new Set()).add(p.text));
  }
  const listed = [...byKey].slice(0, 5).map(([key, values]) => `\`${key}\` (${[...values].slice(0, 3).join(', ')}${values.size > 3 ? ', …' : ''})`);
  return listed.join(', ') + (byKey.size > 5 ? ` and ${byKey.size - 5} more` : '');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
