// Changes NB105 would report that a second run of the cell does not make worse.

/**
 * The cell's own comment says running it again is meant to change the state:
 * `# incrementing this so you can re-run this cell and get another experiment group`.
 */
export function rerunOnPurpose(source: string): boolean {
  return RERUN_ON_PURPOSE.test(source);
}

const RERUN_ON_PURPOSE = /#.*\b(?:so|to)\b.*\bre-?run\w*\b.*\b(?:another|new|next)\b/i;

/**
 * `x -= offset` where `offset = min(...)` (or a mean, median, max) was computed earlier in the
 * same cell from `x` itself: after one run the offset is 0 and a second run subtracts nothing
 * (`/= total` with `total = x.sum()` likewise divides by 1). Read from the text: the update on
 * `line`, the reduction on an earlier line of the cell that mentions `name` (or a value the cell
 * shifts by the same offset), or follows one that does.
 */
export function recentersOnItself(source: string, line: number, name: string): boolean {
  const lines = source.split('\n');
  const update = UPDATE.exec(lines[line] ?? '') ?? REBIND.exec(lines[line] ?? '');
  if (!update || !mentionsName(update[1], name)) return false;
  const [, , operator, operand] = update;
  const reductions = operator === '-' ? SHIFT_REDUCTIONS : SCALE_REDUCTIONS;
  const binds = new RegExp(`^\\s*${operand}\\s*=(?!=)`);
  let boundAt = line - 1;
  while (boundAt >= 0 && !binds.test(lines[boundAt])) boundAt--;
  if (boundAt < 0 || !reductions.test(lines[boundAt].split('=').slice(1).join('='))) return false;
  // The reduction looks at the value being changed, or at another value the cell shifts by the same
  // offset (`mean = train.mean(0)`, `train -= mean`, `test -= mean`: on a second run the mean is 0).
  const shifted = [name, ...lines.map((l) => UPDATE.exec(l) ?? REBIND.exec(l)).filter((m) => m && m[2] === operator && m[3] === operand).map((m) => baseName(m![1]))];
  return lines.slice(0, boundAt + 1).some((l) => shifted.some((n) => mentionsName(l.replace(/#.*/, ''), n)));
}

function baseName(target: string): string {
  return /^[A-Za-z_]\w*/.exec(target)?.[0] ?? target;
}

// `target -= operand`, `target /= operand` (a subscript or attribute target allowed).
const UPDATE = /^\s*([A-Za-z_][\w.[\]'"]*)\s*([-/])=\s*([A-Za-z_]\w*)\s*(?:#.*)?$/;
// `target = target - operand`.
const REBIND = /^\s*([A-Za-z_][\w.[\]'"]*)\s*=\s*\1\s*([-/])\s*([A-Za-z_]\w*)\s*(?:#.*)?$/;
const SHIFT_REDUCTIONS = /\b(?:min|max|mean|median|nanmin|nanmax|nanmean|nanmedian)\s*\(/;
const SCALE_REDUCTIONS = /\b(?:max|sum|std|norm|nanmax|nansum|nanstd)\s*\(/;

function mentionsName(text: string, name: string): boolean {
  return new RegExp(`(?<![\\w.])${name}\\b`).test(text);
}
