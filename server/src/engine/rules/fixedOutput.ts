import type { CellSummary } from '../cellSummary';
import type { CellInput } from '../types';

// Saved outputs that no input of the cell can change (NB103): a rerun with newer inputs
// shows the same text, so the output is not stale whatever ran since.

/**
 * True when the cell's whole output is fixed by the cell's own literals: either every
 * line it printed is a `print` of a string literal (its `{…}` holes filled with other
 * literals of the cell: `for name in ["a.jpg", "b.jpg"]: print(f"Adding {name}")`),
 * printed under no condition and in no loop over data from elsewhere, or the output is
 * the `True` an action call (`client.create_collection(…)`) returns to say it succeeded,
 * or only the dashes a deployment prints while it waits.
 */
export function outputFixedByLiterals(cell: CellInput, summary: CellSummary): boolean {
  return printsOnlyLiterals(cell, summary) || reportsActionSuccess(cell) || onlyWaitProgress(cell);
}

// `---------------!`: what SageMaker's `deploy()`/`wait()` print while waiting, whatever was deployed.
const WAIT_PROGRESS = /^[-.!*]+\s*$/;

function onlyWaitProgress(cell: CellInput): boolean {
  return cell.stdout !== undefined && cell.result === undefined && cell.error === undefined
    && (cell.outputs ?? []).join('') === cell.stdout && WAIT_PROGRESS.test(cell.stdout);
}

// A line that can make a print run or not, or run a count of times that depends on data.
const CONDITIONAL = /^\s*(?:if|elif|else|while|try|except|finally|match|case)\b/m;
const LOOP_HEADER = /^\s*(?:async\s+)?for\s+.+?\s+in\s+(.+?)\s*:\s*(?:#.*)?$/gm;

function printsOnlyLiterals(cell: CellInput, summary: CellSummary): boolean {
  const outputs = cell.outputs ?? [];
  // Only what the cell printed: no result, no error, no stderr or display (they would add to `outputs`).
  if (cell.stdout === undefined || cell.result !== undefined || cell.error !== undefined || outputs.join('') !== cell.stdout) return false;
  if (summary.syntaxError || CONDITIONAL.test(cell.source)) return false;
  for (const m of cell.source.matchAll(LOOP_HEADER)) if (!loopsOverLiterals(m[1], cell.source)) return false;
  const literals = summary.strings.map((s) => unescape(s.value));
  const holeValues = literals.filter((v) => !v.includes('{…}') && v.length > 0 && !v.includes('\n'));
  const hole = holeValues.length ? `(?:${holeValues.map(escapeRegExp).join('|')})` : '(?!)';
  const templates = summary.strings
    .filter((s) => s.context.callee === 'print')
    .flatMap((s) => unescape(s.value).split('\n'))
    .filter((t) => t.trim() !== '')
    .map((t) => new RegExp(`^${t.split('{…}').map(escapeRegExp).join(hole)}$`));
  if (templates.length === 0) return false;
  const lines = cell.stdout.split('\n').filter((l) => l.trim() !== '');
  return lines.length > 0 && lines.every((line) => templates.some((t) => t.test(line.trimEnd())));
}

/** `for x in [..]`, `for i in range(3)`, or a name the cell itself binds to a list or tuple display. */
function loopsOverLiterals(iterable: string, source: string): boolean {
  if (/^range\(\s*\d+\s*\)$/.test(iterable) || /^[[(]/.test(iterable)) return true;
  if (!/^[A-Za-z_]\w*$/.test(iterable)) return false;
  return new RegExp(`^${iterable}\\s*=\\s*[[(]`, 'm').test(source);
}

// `client.create_collection(...)` / `index.delete_index(...)` ending the cell with the saved result `True`.
const ACTION_CALL = /^[A-Za-z_][\w.]*\.(?:create|recreate|delete|drop|upload|upsert|insert)(?:_\w+)?\s*\(/;

function reportsActionSuccess(cell: CellInput): boolean {
  if (cell.result?.trim() !== 'True' || (cell.outputs ?? []).length !== 1 || cell.error !== undefined) return false;
  // The last top-level statement: the last unindented line that is code, not a closing bracket.
  const lines = cell.source.split('\n').filter((l) => /^[^\s#)\]}]/.test(l));
  const last = lines[lines.length - 1];
  return last !== undefined && ACTION_CALL.test(last);
}

function unescape(value: string): string {
  return value.replace(/\\([nt'"\\])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
