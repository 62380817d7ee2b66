import type { CellSummary, StringLiteral } from '../cellSummary';
import { classifyPath, describePath } from '../detectors/paths';
import { clonesInto, createsFolder } from '../knowledge/localStores';
import type { CallFact } from '../mlFacts';
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
        if (!kind || (kind === 'home' && (createdInAnyHome(literal, cell.summary.ml.calls) || clonedInAnyHome(literal, cell.summary)))) continue;
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

/**
 * `lancedb.connect("~/lancedb")`, or `uri = "~/lancedb"` (a variable or a parameter's default) given
 * in the same cell to such a call: a store the library creates in whatever home runs it, not a
 * folder of the author's (knowledge/localStores.ts). A path with a user name stays reported.
 */
function createdInAnyHome(literal: StringLiteral, calls: readonly CallFact[]): boolean {
  if (!/^~[/\\]/.test(literal.value)) return false;
  const { callee, keyword, target, parameter, argIndex } = literal.context;
  if (callee !== undefined) {
    return calls.some((c) => {
      const text = textOf(c, keyword, argIndex);
      return c.callee === callee && text !== undefined && (text === `"${literal.value}"` || text === `'${literal.value}'`) && createsFolder(c, text);
    });
  }
  const name = target ?? parameter;
  return name !== undefined && /^[A-Za-z_]\w*$/.test(name) && calls.some((c) => createsFolder(c, name));
}

/**
 * `GYM_DIR = os.path.expanduser("~/Gym")` then `subprocess.run(["git", "clone", url, GYM_DIR])` in the
 * same cell: a folder the notebook clones into whatever home runs it. Only when `expanduser` is the
 * whole right-hand side (no call around it on the line) and the name is the only one bound there.
 */
function clonedInAnyHome(literal: StringLiteral, summary: CellSummary): boolean {
  const { callee, argIndex } = literal.context;
  if (!/^~[/\\]/.test(literal.value) || callee !== 'os.path.expanduser' || argIndex !== 0) return false;
  const line = literal.range.start.line;
  const bound = summary.events.filter((e) => e.kind === 'def' && e.range.start.line === line);
  const onLine = summary.ml.calls.filter((c) => c.range.start.line === line);
  if (bound.length !== 1 || onLine.length !== 1 || onLine[0].callee !== callee) return false;
  const name = (bound[0] as { name: string }).name;
  return summary.ml.calls.some((c) => clonesInto(c, name));
}

/** The text of the argument a literal stands in: its keyword's value, or the first positional argument. */
function textOf(c: CallFact, keyword: string | undefined, argIndex: number | undefined): string | undefined {
  if (keyword !== undefined) return c.values[c.keywords.indexOf(keyword)];
  return argIndex === 0 ? c.firstArg : undefined;
}

