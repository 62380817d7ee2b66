import { classifyPath, describePath } from '../detectors/paths';
import { shown, type Rule, type RuleFinding } from './rule';

/** Test fixtures may hold any path: they describe inputs, not the author's machine. */
const FIXTURE_PATH = /(?:^|\/)(?:tests?|fixtures?|testdata)\//;

/** NB201: paths that only exist on the author's machine. */
export const machineSpecificPath: Rule = {
  code: 'NB201',
  name: 'machine-specific-path',
  defaultSeverity: 'warning',
  scope: 'cell',
  check({ codeCells, config, path }) {
    if (path && FIXTURE_PATH.test(path)) return [];
    const findings: RuleFinding[] = [];
    for (const cell of codeCells) {
      for (const literal of cell.summary.strings) {
        const kind = classifyPath(literal, config.allowedPaths);
        if (!kind) continue;
        findings.push({
          cell: cell.index,
          range: literal.range,
          message: `"${shown(literal.value)}" is ${describePath(kind)}: it only works on the author's machine. Move it to configuration.`,
        });
      }
    }
    return findings;
  },
};
