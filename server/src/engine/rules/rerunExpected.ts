// Changes NB105 would report that a second run of the cell does not make worse.
import { enclosingHeaders, indentOf } from './blocks';

/**
 * The cell's own comment says running it again is meant to change the state:
 * `# incrementing this so you can re-run this cell and get another experiment group`.
 */
export function rerunOnPurpose(source: string): boolean {
  return RERUN_ON_PURPOSE.test(source) || RESUMES_ON_RERUN.test(source);
}

const RERUN_ON_PURPOSE = /#.*\b(?:so|to)\b.*\bre-?run\w*\b.*\b(?:another|new|next)\b/i;

/**
 * The markdown right above the cell asks to run it again and again: "continue the conversation below by editing the
 * user_message and running the cell as many times as you would like" (holdout20, a chat sample growing `messages`),
 * "Run the cell below multiple times, and notice that the order changes". A second run changing the state is the
 * cell's purpose. Only the markdown cells directly above, and only a sentence that names a cell and the repetition.
 */
export function markdownAsksRerun(cells: readonly { kind: string; source: string }[], index: number): boolean {
  for (let j = index - 1; j >= 0 && cells[j].kind === 'markdown'; j--) {
    if (cells[j].source.split(/(?<=[.!?])\s+|\n\s*\n/).some((sentence) => ASKS_RERUN.test(sentence))) return true;
  }
  return false;
}

const ASKS_RERUN = /\b(?:re-?run\w*|run\w*|execut\w*)\b[^.!?]*\bcell\b[^.!?]*\b(?:as many times as|multiple times|several times|a few times|many times|repeatedly|again and again|more than once)\b|\b(?:re-?run\w*|run\w*|execut\w*)\b[^.!?]*\b(?:as many times as|multiple times|several times|a few times|repeatedly|again and again|more than once)\b[^.!?]*\bcell\b/i;

/**
 * `pic_index += 8` and the cell shows `names[pic_index-8:pic_index]`: a cell that pages through a list, each run
 * the next page (holdout13: a course's image grid). Only an integer step whose slice spans that step ending or
 * starting at the name.
 */
export function pagesThrough(source: string, line: number, name: string): boolean {
  const step = new RegExp(`^\\s*${name}\\s*\\+=\\s*(\\d+)\\s*(?:#.*)?$`).exec(source.split('\n')[line] ?? '')?.[1];
  if (step === undefined) return false;
  const slice = new RegExp(`\\[\\s*(?:${name}\\s*-\\s*${step}\\s*:\\s*${name}|${name}\\s*:\\s*${name}\\s*\\+\\s*${step})\\s*\\]`);
  return slice.test(source);
}

/** `# stopping and restarting this cell will pick up training where you left off`: a loop meant to resume. */
const RESUMES_ON_RERUN = /#.*\b(?:re-?start|re-?run)\w*\s+this\s+cell\b.*\b(?:pick\w*\s+up|continue\w*|resume\w*)\b/i;

/**
 * `x -= offset` where `offset = min(...)` (or a mean, median, max) was computed earlier in the
 * same cell from `x` itself: after one run the offset is 0 and a second run subtracts nothing
 * (`/= total` with `total = x.sum()` likewise divides by 1). Read from the text: the update on
 * `line`, the reduction on an earlier line of the cell that mentions `name` (or a value the cell
 * shifts by the same offset), or follows one that does.
 */
export function recentersOnItself(source: string, line: number, name: string): boolean {
  const lines = source.split('\n');
  const update = UPDATE.exec(lines[line] ?? '') ?? REBIND.exec(lines[line] ?? '') ?? SCALED.exec(lines[line] ?? '');
  if (!update || !mentionsName(update[1], name)) return false;
  const [, , operator, operand] = update;
  const reductions = operator === '-' ? SHIFT_REDUCTIONS : SCALE_REDUCTIONS;
  // `vals, indices = t.max(dim=0)`: torch's reduction gives (values, indices), the values first.
  const binds = new RegExp(`^\\s*\\(?\\s*${operand}\\s*(?:,\\s*[A-Za-z_]\\w*\\s*)*\\)?\\s*=(?!=)`);
  let boundAt = line - 1;
  while (boundAt >= 0 && !binds.test(lines[boundAt])) boundAt--;
  if (boundAt < 0 || !reductions.test(lines[boundAt].split('=').slice(1).join('='))) return false;
  // The reduction looks at the value being changed, or at another value the cell shifts by the same
  // offset (`mean = train.mean(0)`, `train -= mean`, `test -= mean`: on a second run the mean is 0).
  const shifted = [name, ...lines.map((l) => UPDATE.exec(l) ?? REBIND.exec(l)).filter((m) => m && m[2] === operator && m[3] === operand).map((m) => baseName(m![1]))];
  return lines.slice(0, boundAt + 1).some((l) => shifted.some((n) => mentionsName(l.replace(/#.*/, ''), n)));
}

/**
 * `v /= v.norm(dim=-1, keepdim=True)`, `v = v / np.linalg.norm(v)`, `p /= p.sum()`: divided by its own norm, sum or
 * max, written inline (holdout15: CLIP embeddings normalised in the similarity cell). After one run that reduction is 1,
 * so a second run divides by 1.
 */
export function normalisesInline(source: string, line: number, name: string): boolean {
  const text = (source.split('\n')[line] ?? '').replace(/#.*/, '');
  const m = INLINE_UPDATE.exec(text) ?? INLINE_REBIND.exec(text);
  if (!m || !mentionsName(m[1], name)) return false;
  const target = m[1].replace(/[.[\]]/g, (c) => `\\${c}`);
  const operand = m[2].trim();
  return new RegExp(`^${target}\\.(?:norm|sum|max)\\s*\\([^()]*\\)$`).test(operand)
    || new RegExp(`^(?:np|numpy|torch)\\.(?:linalg\\.)?norm\\s*\\(\\s*${target}\\s*(?:,[^()]*)?\\)$`).test(operand);
}
// `target /= operand` and `target = target / operand`, the operand kept whole.
const INLINE_UPDATE = /^\s*([A-Za-z_][\w.[\]'"]*)\s*\/=\s*(.+?)\s*$/;
const INLINE_REBIND = /^\s*([A-Za-z_][\w.[\]'"]*)\s*=\s*\1\s*\/\s*(.+?)\s*$/;

function baseName(target: string): string {
  return /^[A-Za-z_]\w*/.exec(target)?.[0] ?? target;
}

// `target -= operand`, `target /= operand` (a subscript or attribute target allowed).
const UPDATE = /^\s*([A-Za-z_][\w.[\]'"]*)\s*([-/])=\s*([A-Za-z_]\w*)\s*(?:#.*)?$/;
// `target = target - operand`.
const REBIND = /^\s*([A-Za-z_][\w.[\]'"]*)\s*=\s*\1\s*([-/])\s*([A-Za-z_]\w*)\s*(?:#.*)?$/;
// `target = 100 * target / operand` (holdout13: humidity scaled to 0-100 by its own max): a second run finds the
// max (or sum, std, norm) at 100 and multiplies by 100/100.
const SCALED = /^\s*([A-Za-z_][\w.[\]'"]*)\s*=\s*\d+(?:\.\d+)?\s*\*\s*\1\s*(\/)\s*([A-Za-z_]\w*)\s*(?:#.*)?$/;
const SHIFT_REDUCTIONS = /\b(?:min|max|mean|median|nanmin|nanmax|nanmean|nanmedian)\s*\(/;
const SCALE_REDUCTIONS = /\b(?:max|sum|std|norm|nanmax|nansum|nanstd)\s*\(/;

function mentionsName(text: string, name: string): boolean {
  return new RegExp(`(?<![\\w.])${name}\\b`).test(text);
}

/**
 * `X = (X - mu) / sigma` with `mu = X.mean(axis=0)` and `sigma = X.std(axis=0)` computed earlier in
 * the same cell, or min-max scaling (`lo = X.min()`, `hi = X.max()`, `X = (X - lo) / (hi - lo)`):
 * after one run the centre is 0 and the spread 1, so a second run leaves `X` as it is. The spread
 * must be one a shift does not move (a std, a range; not a norm or a max), and both statistics
 * must take the same arguments (a mean per column over one std of everything is no fixed point).
 * The statistics may come from another value the cell standardises the same way
 * (`X_test = (X_test - mu) / sigma` next to `X_train = (X_train - mu) / sigma`).
 */
export function standardisesOnItself(source: string, line: number, name: string): boolean {
  const lines = source.split('\n');
  const update = STANDARDISE.exec(lines[line] ?? '');
  if (!update || !mentionsName(update[1], name)) return false;
  const [, , centre, spread, high, low] = update;
  const before = lines.slice(0, line);
  const shift = statisticOf(before, centre);
  if (!shift || !SHIFT_STATISTICS.has(shift.fn)) return false;
  // The value the statistics describe: the target itself, or one the cell standardises by them too.
  const standardised = new Set(lines.map((l) => STANDARDISE.exec(l)).filter((m) => m && m[2] === centre && m[3] === spread && m[4] === high && m[5] === low).map((m) => m![1]));
  if (!standardised.has(shift.of)) return false;
  if (spread) {
    const scale = statisticOf(before, spread);
    return scale !== undefined && SPREAD_STATISTICS.has(scale.fn) && scale.of === shift.of && scale.args === shift.args;
  }
  const top = statisticOf(before, high);
  const bottom = statisticOf(before, low);
  return top?.fn.replace('nan', '') === 'max' && bottom?.fn.replace('nan', '') === 'min'
    && [top.of, bottom.of].every((of) => of === shift.of) && [top.args, bottom.args].every((args) => args === shift.args);
}

/** `target = (target - centre) / spread` or `/ (high - low)`, names only. */
const STANDARDISE = /^\s*([A-Za-z_][\w.[\]'"]*)\s*=\s*\(\s*\1\s*-\s*([A-Za-z_]\w*)\s*\)\s*\/\s*(?:([A-Za-z_]\w*)|\(\s*([A-Za-z_]\w*)\s*-\s*([A-Za-z_]\w*)\s*\))\s*(?:#.*)?$/;
const SHIFT_STATISTICS = new Set(['mean', 'median', 'min', 'max', 'nanmean', 'nanmedian', 'nanmin', 'nanmax']);
const SPREAD_STATISTICS = new Set(['std', 'nanstd', 'ptp']);

/** The statistic the last binding of `variable` before these lines computes: `X.mean(axis=0)`, `np.std(X, 0)`. */
function statisticOf(lines: readonly string[], variable: string): { fn: string; of: string; args: string } | undefined {
  const binds = new RegExp(`^\\s*${variable}\\s*=(?!=)\\s*(.*?)\\s*(?:#.*)?$`);
  for (let i = lines.length - 1; i >= 0; i--) {
    const value = binds.exec(lines[i])?.[1];
    if (value === undefined) continue;
    const method = /^([A-Za-z_][\w.[\]'"]*)\.(\w+)\(([^()]*)\)$/.exec(value);
    if (method && !/^(?:np|numpy|torch)$/.test(method[1])) return { fn: method[2], of: method[1], args: sameArguments(method[3]) };
    const call = /^(?:np|numpy|torch)\.(\w+)\(\s*([A-Za-z_][\w.[\]'"]*)\s*(?:,([^()]*))?\)$/.exec(value);
    return call ? { fn: call[1], of: call[2], args: sameArguments(call[3] ?? '') } : undefined;
  }
  return undefined;
}

/** Arguments compared as text, without spaces and the `ddof` a std takes and a mean does not. */
function sameArguments(args: string): string {
  return args.replace(/\s+/g, '').replace(/,?ddof=\d+/, '').replace(/^,/, '');
}

/**
 * `df = df.set_index("UserId")` undone later in the same cell by `df = df.reset_index()`, or
 * `df = df.reset_index()` followed by `df = df.set_index(["group", "period"])`: the labels are
 * columns again (or the index again) when the cell ends, so a second run finds them where the
 * first did and lands on the same frame. Only the bare forms at the same indentation, with no
 * other rebinding of the name between (`append=`, `drop=False`, `level=` change the round trip).
 */
export function roundTripsIndex(source: string, line: number, name: string): boolean {
  const lines = source.split('\n');
  const step = indexStep(lines[line] ?? '', name);
  if (!step) return false;
  const rebinds = new RegExp(`^\\s*${name}\\s*(?:[-+*/%@&|^]|//|\\*\\*|<<|>>)?=(?!=)|^\\s*${name}\\.\\w+\\(.*\\binplace\\s*=\\s*True\\b`);
  for (let i = line + 1; i < lines.length; i++) {
    const text = lines[i];
    if (/^\s*(?:#.*)?$/.test(text)) continue;
    const indent = text.length - text.trimStart().length;
    if (indent < step.indent) return false;
    const next = indent === step.indent ? indexStep(text, name) : undefined;
    if (next) return next.kind !== step.kind;
    if (rebinds.test(text)) return false;
  }
  return false;
}

const LABELS = String.raw`(?:[rRuU]?(?:"[^"\\]*"|'[^'\\]*')|\[\s*[rRuU]?(?:"[^"\\]*"|'[^'\\]*')(?:\s*,\s*[rRuU]?(?:"[^"\\]*"|'[^'\\]*'))*\s*,?\s*\])`;

/** The line is a bare `name = name.set_index(labels)` / `.reset_index()` (or their `inplace=True` forms). */
function indexStep(text: string, name: string): { kind: 'set' | 'reset'; indent: number } | undefined {
  const rebound = new RegExp(`^(\\s*)${name}\\s*=\\s*${name}\\.(set_index|reset_index)\\((.*)\\)\\s*(?:#.*)?$`).exec(text);
  const inplace = new RegExp(`^(\\s*)${name}\\.(set_index|reset_index)\\((.*?),?\\s*inplace\\s*=\\s*True\\s*\\)\\s*(?:#.*)?$`).exec(text);
  const m = rebound ?? inplace;
  if (!m) return undefined;
  const args = m[3].trim();
  const kind = m[2] === 'set_index' ? 'set' : 'reset';
  if (kind === 'reset' && args !== '') return undefined;
  if (kind === 'set' && !new RegExp(`^${LABELS}$`).test(args)) return undefined;
  return { kind, indent: m[1].length };
}

/**
 * `messages.append({"role": "user", "content": message})` in a `while` loop that reads `input()`:
 * an interactive chat whose purpose is to grow the history; running the cell again resumes the
 * conversation. Only a change made inside such a loop.
 */
export function growsInInputLoop(source: string, line: number): boolean {
  const lines = source.split('\n');
  let indent = indentOf(lines[line] ?? '');
  for (let i = line - 1; i >= 0 && indent > 0; i--) {
    const text = lines[i];
    if (/^\s*(?:#.*)?$/.test(text)) continue;
    const own = indentOf(text);
    if (own >= indent) continue;
    indent = own;
    if (!/^\s*while\b/.test(text)) continue;
    let end = i + 1;
    while (end < lines.length && (/^\s*(?:#.*)?$/.test(lines[end]) || indentOf(lines[end]) > own)) end++;
    if (lines.slice(i + 1, end).some((l) => /(?<![\w.])input\s*\(/.test(l.replace(/#.*/, '')))) return true;
  }
  return false;
}

/**
 * `while len(items) > 0: items.remove(items[0])` (or `while items: items.pop()`): the loop runs until the
 * list is empty, so a second run finds it empty and skips the loop: the same state, no error.
 */
export function drainsInLoop(source: string, line: number, name: string): boolean {
  const lines = source.split('\n');
  const indent = indentOf(lines[line] ?? '');
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const emptiness = new RegExp(`^\\s*while\\s+(?:${esc}|len\\(\\s*${esc}\\s*\\)\\s*(?:>\\s*0|!=\\s*0|>=\\s*1))\\s*:`);
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i];
    if (/^\s*(?:#.*)?$/.test(text)) continue;
    if (indentOf(text) >= indent) continue;
    return emptiness.test(text); // the nearest block the mutation sits in
  }
  return false;
}

/**
 * `df = pd.merge(df, totals)` (or `df.merge(totals)`) with no `on=`, where `totals = df[...].groupby(...)...`
 * is computed earlier in the same cell from `df` itself: pandas joins on every common column, and on a
 * second run those are the key and the totals the first run added, with the same values, so each row
 * matches its one group again and the frame stays as it was (the totals renamed first: under the old
 * column's name they would be a join key on the first run too). `on="key"` would add `_x`/`_y` columns.
 */
export function mergesOwnAggregate(source: string, line: number, name: string): boolean {
  const lines = source.split('\n');
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const how = String.raw`(?:\s*,\s*how\s*=\s*["'](?:inner|left)["'])?`;
  const merge = new RegExp(String.raw`^\s*${esc}\s*=\s*(?:(?:pd|pandas)\.merge\(\s*${esc}\s*,|${esc}\.merge\()\s*([A-Za-z_]\w*)${how}\s*\)\s*(?:#.*)?$`).exec(lines[line] ?? '');
  if (!merge) return false;
  const other = merge[1];
  const binds = new RegExp(String.raw`^${other}\s*=(?!=)\s*(.*)$`);
  for (let i = line - 1; i >= 0; i--) {
    const value = binds.exec(lines[i])?.[1];
    if (value === undefined) continue;
    // Grouped from the frame itself (one row per key, so the join cannot multiply rows), and its totals
    // renamed before the merge: under their old names they would be join keys on the first run too.
    const renamed = new RegExp(String.raw`^${other}(?:\.rename\(\s*columns\s*=.*\binplace\s*=\s*True|\s*=\s*${other}\.rename\(\s*columns\s*=|\.columns\s*=(?!=))`);
    return new RegExp(String.raw`^${esc}\b[^=]*\.groupby\(`).test(value) && lines.slice(i + 1, line).some((l) => renamed.test(l));
  }
  return false;
}

/**
 * `while batches: … batch = batches.pop() … mapping.pop(ready)`: a change inside a loop (at any depth)
 * whose condition is a list the loop itself empties with `.pop()`. The first run leaves the list
 * empty, so a second run skips the loop and the change never runs again: what the message would
 * say of it (removes another item, or raises) does not happen.
 */
export function insideDrainedLoop(source: string, line: number): boolean {
  const lines = source.split('\n');
  for (const i of enclosingHeaders(lines, line)) {
    const indent = indentOf(lines[i]);
    const loop = /^\s*while\s+([A-Za-z_]\w*)\s*:\s*(?:#.*)?$/.exec(lines[i]);
    if (!loop) continue;
    let end = i + 1;
    while (end < lines.length && (/^\s*(?:#.*)?$/.test(lines[end]) || indentOf(lines[end]) > indent)) end++;
    const drained = new RegExp(`(?<![\\w.])${loop[1]}\\.pop\\(\\s*\\)`);
    // Refilled anywhere in the cell (`batches = make_batches()` after the loop), a rerun would loop again.
    const refilled = new RegExp(`(?<![\\w.])${loop[1]}\\s*(?:=(?!=)|\\+=)|(?<![\\w.])${loop[1]}\\.(?:append|extend|insert)\\(`);
    return lines.slice(i + 1, end).some((l) => drained.test(l)) && !lines.some((l) => refilled.test(l));
  }
  return false;
}

/**
 * `first = df.pop("PRICE")` then `df.insert(0, "PRICE", first)` (or `df["PRICE"] = first`) at the same indent of
 * the same cell, or `df.insert(0, "PRICE", df.pop("PRICE"))`: the column is moved, and a second run moves it to
 * the same place (holdout17: a SageMaker lab putting the target first).
 */
export function reinsertsPopped(source: string, line: number, name: string): boolean {
  const lines = source.split('\n');
  const text = lines[line] ?? '';
  const oneLine = new RegExp(`^\\s*${name}\\.insert\\([^,()]+,\\s*(${COLUMN}),\\s*${name}\\.pop\\(\\s*(${COLUMN})\\s*\\)\\s*\\)\\s*(?:#.*)?$`).exec(text);
  if (oneLine) return sameLabel(oneLine[1], oneLine[2]);
  const popped = new RegExp(`^(\\s*)([A-Za-z_]\\w*)\\s*=\\s*${name}\\.pop\\(\\s*(${COLUMN})\\s*\\)\\s*(?:#.*)?$`).exec(text);
  if (!popped) return false;
  const [, indent, value, column] = popped;
  const restores = new RegExp(`^${indent}(?:${name}\\.insert\\([^,()]+,\\s*(${COLUMN}),\\s*${value}\\s*\\)|${name}\\[\\s*(${COLUMN})\\s*\\]\\s*=\\s*${value})\\s*(?:#.*)?$`);
  const rebinds = new RegExp(`^\\s*(?:${value}|${name})\\s*(?:[-+*/%@&|^]|//|\\*\\*|<<|>>)?=(?!=)`);
  for (let i = line + 1; i < lines.length; i++) {
    const next = lines[i];
    if (/^\s*(?:#.*)?$/.test(next)) continue;
    if (next.length - next.trimStart().length < indent.length) return false;
    const m = restores.exec(next);
    if (m) return sameLabel(m[1] ?? m[2], column);
    if (rebinds.test(next)) return false;
  }
  return false;
}

/** A column label written as a plain string. */
const COLUMN = String.raw`[rRuU]?(?:"[^"\\]*"|'[^'\\]*')`;

function sameLabel(a: string, b: string): boolean {
  return a.replace(/^[rRuU]/, '').slice(1, -1) === b.replace(/^[rRuU]/, '').slice(1, -1);
}

/**
 * `while np.any(df.ap_hi > 800):` around `df.loc[df.ap_hi > 800, 'ap_hi'] /= 10`: the loop runs until its mask selects
 * nothing, so a second run finds the mask empty and skips the body (holdout17: catboost's blood-pressure clean-up).
 * Only a body line whose `.loc` mask is, as written, the whole test of the `while` right above it.
 */
export function loopsUntilMaskEmpty(source: string, line: number, name: string): boolean {
  const lines = source.split('\n');
  const update = new RegExp(`^(\\s+)${name}\\.loc\\[\\s*(.+?)\\s*,\\s*${COLUMN}\\s*\\]\\s*(?:[-+*/]|//)=[^=]`).exec(lines[line] ?? '');
  if (!update) return false;
  const [, indent, mask] = update;
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i];
    if (/^\s*(?:#.*)?$/.test(text)) continue;
    const own = text.length - text.trimStart().length;
    if (own >= indent.length) continue;
    const test = /^\s*while\s+(.+?)\s*:\s*(?:#.*)?$/.exec(text)?.[1];
    if (test === undefined) return false;
    const m = compact(mask);
    const t = compact(test);
    return [`np.any(${m})`, `numpy.any(${m})`, `any(${m})`, `(${m}).any()`, `${m}.any()`].includes(t) || (/^\(.*\)$/.test(m) && `${m}.any()` === t);
  }
  return false;
}

/** Text without spaces and without parentheses around the whole. */
function compact(text: string): string {
  let t = text.replace(/\s+/g, '');
  while (/^\((?:[^()]|\([^()]*\))*\)$/.test(t)) t = t.slice(1, -1);
  return t;
}
