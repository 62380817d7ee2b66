import { LEARNING_PREPROCESSORS, TRAIN_TEST_SPLITS } from '../../knowledge/libraries';
import type { Rule, RuleFinding } from '../rule';
import { NotebookImports, type ResolvedCall } from './imports';

const FIT = /^(?:fit|fit_transform)$/;
const PLAIN_NAME = /^[A-Za-z_]\w*$/;

/** The preprocessor class a `x.fit(...)`/`Cls(...).fit(...)` call belongs to, from the notebook's own constructors. */
function preprocessorOf(call: ResolvedCall, imports: NotebookImports, objects: Map<string, string>): string | undefined {
  const dot = call.call.callee.lastIndexOf('.');
  if (dot < 0 || !FIT.test(call.call.callee.slice(dot + 1))) return undefined;
  const receiver = call.call.callee.slice(0, dot);
  if (objects.has(receiver)) return objects.get(receiver);
  const ctor = /^([\w.]+)\(.*\)$/s.exec(receiver)?.[1];
  const qualified = ctor ? imports.qualify(ctor) : undefined;
  return qualified && LEARNING_PREPROCESSORS.has(qualified) ? qualified : undefined;
}

interface Spot {
  cell: number;
  line: number;
}

/** Whether a cell binds `name` strictly between two places (the data a split gets is then other data). */
function reboundBetween(cells: Parameters<Rule['check']>[0]['codeCells'], name: string, from: Spot, to: Spot): boolean {
  const after = (a: Spot, b: Spot) => a.cell > b.cell || (a.cell === b.cell && a.line > b.line);
  return cells.some((c) => c.index >= from.cell && c.index <= to.cell && c.summary.events.some((e) => {
    if (e.kind !== 'def' || e.name !== name) return false;
    const at = { cell: c.index, line: e.range.start.line };
    return after(at, from) && after(to, at);
  }));
}

const spot = (c: ResolvedCall): Spot => ({ cell: c.cell, line: c.call.range.start.line });

/**
 * A bare `fit` (not `fit_transform`) changes the data only through a later `transform`
 * (or a `get_support` mask) of the same object: fitted to look at its scores
 * (`SelectKBest(chi2).fit(X, y).scores_`), it leaks nothing into the model.
 */
function shapesData(calls: readonly ResolvedCall[], fitAt: number, splitAt: number): boolean {
  const callee = calls[fitAt].call.callee;
  if (!callee.endsWith('.fit')) return true;
  const receiver = callee.slice(0, -'.fit'.length);
  // `scaler.fit(X).transform(X)` is one expression, walked outside in: its outer call comes first.
  const chained = (c: ResolvedCall) => c.call.callee.startsWith(`${callee}(`) && c.call.callee.endsWith('.transform');
  return calls.slice(0, splitAt).some((c, i) => (i > fitAt && (c.call.callee === `${receiver}.transform` || c.call.callee === `${receiver}.get_support`)) || chained(c));
}

/**
 * NB502: a scaler, imputer or supervised selector learns from rows that end up
 * in the test set: fitted on data that a later `train_test_split` splits, or
 * fitted on the test split itself. Only plain names are followed.
 */
export const dataLeakage: Rule = {
  code: 'NB502',
  name: 'data-leakage',
  defaultSeverity: 'warning',
  // Opt in: 20 of 22 right on public notebooks, 20 of 21 after a fix tuned on them; not yet confirmed elsewhere (docs/precision.md).
  optIn: true,
  check({ codeCells }) {
    const imports = NotebookImports.of(codeCells);
    const calls = imports.calls();
    const objects = new Map<string, string>();
    const testSplits = new Map<string, ResolvedCall>();
    const fits: { call: ResolvedCall; cls: string; data: string; output?: string; at: number }[] = [];
    const findings: RuleFinding[] = [];
    const reported = new Set<string>();

    for (const [at, c] of calls.entries()) {
      if (c.qualified && LEARNING_PREPROCESSORS.has(c.qualified) && c.call.assignedTo) objects.set(c.call.assignedTo, c.qualified);
      const cls = preprocessorOf(c, imports, objects);
      const data = c.call.firstArg?.trim();
      if (cls && data) {
        const split = PLAIN_NAME.test(data) ? testSplits.get(data) : undefined;
        if (split && !reboundBetween(codeCells, data, spot(split), spot(c)) && !reported.has(c.call.callee)) {
          reported.add(c.call.callee);
          findings.push({
            cell: c.cell,
            range: c.call.range,
            message: `\`${c.call.callee}(${data})\` learns from the test split: the test rows shape the ${cls.split('.').pop()}, so test scores are optimistic. Fit on the training split and only transform \`${data}\`.`,
            related: [{ cell: split.cell, range: split.call.range, message: `\`${data}\` is the test split made here` }],
          });
        }
        fits.push({ call: c, cls, data, output: c.call.assignedTo, at });
      }
      if (c.qualified && TRAIN_TEST_SPLITS.has(c.qualified)) {
        const splitData = c.call.firstArg?.trim();
        const outputs = c.call.unpackedTo ?? [];
        // train_test_split(X, y) gives X_train, X_test, y_train, y_test: every second output is a test piece.
        outputs.forEach((name, i) => {
          if (name && i % 2 === 1) testSplits.set(name, c);
        });
        const fit = splitData ? fits.find((f) => (f.data === splitData || f.output === splitData) && !reboundBetween(codeCells, splitData, spot(f.call), spot(c)) && shapesData(calls, f.at, at)) : undefined;
        if (fit && splitData && !reported.has(fit.call.call.callee)) {
          reported.add(fit.call.call.callee);
          findings.push({
            cell: fit.call.cell,
            range: fit.call.call.range,
            message: `\`${fit.call.call.callee}(${fit.data})\` learns from all rows before \`train_test_split\` splits them: the test rows shape the ${fit.cls.split('.').pop()}, so test scores are optimistic. Split first and fit on the training split (or put it in a Pipeline).`,
            related: [{ cell: c.cell, range: c.call.range, message: `\`${splitData}\` is split here, after the fit` }],
          });
        }
      }
    }
    return findings;
  },
};
