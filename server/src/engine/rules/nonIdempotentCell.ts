import { drainsInLoop, growsInInputLoop, insideDrainedLoop, loopsUntilMaskEmpty, markdownAsksRerun, mergesOwnAggregate, normalisesInline, pagesThrough, recentersOnItself, reinsertsPopped, rerunOnPurpose, roundTripsIndex, standardisesOnItself } from './rerunExpected';
import type { CodeCell, DocumentOrderFlow } from '../dataflow';
import { SAME_STATE_RECEIVERS } from '../knowledge/idempotence';
import { NotebookImports } from './ml/imports';
import { cellLabel, type Rule, type RuleContext } from './rule';

/**
 * NB105: the cell changes a global an earlier cell made in a way a second run
 * repeats (`x += 1`, `items.append(…)`, `df = df.reset_index()`), so running it
 * twice gives a different state or fails. Steps that land on the same state
 * (`df = df.dropna()`, guarded defaults, `x -= offset` with the offset the cell takes
 * from `x` itself, `x = (x - mu) / sigma` with both taken from `x`) are not reported, nor a cell whose comment says a rerun is meant to
 * change the state; see knowledge/idempotence.ts and rerunExpected.ts.
 */
export const nonIdempotentCell: Rule = {
  code: 'NB105',
  name: 'non-idempotent-cell',
  defaultSeverity: 'warning',
  check({ flow, cells, codeCells }) {
    // Per cell of the value the drop starts from: a name made a Spark frame may leave Spark later (`.toPandas()`, a transformer).
    const sparkUpTo = new Map<number, Set<string>>();
    const spark = (cell: number) => sparkUpTo.get(cell) ?? sparkUpTo.set(cell, sparkFrames(codeCells, cells, cell)).get(cell)!;
    const expected = (c: (typeof flow.nonIdempotent)[number]) => {
      // Spark's `DataFrame.drop("col")` of a column already gone is a no-op, not pandas' KeyError.
      if (c.how === 'rebinds' && c.detail.startsWith('.drop()') && spark(c.definedAt.cell).has(c.name)) return true;
      const source = cells[c.cell].source;
      const line = c.range.start.line;
      return rerunOnPurpose(source) || markdownAsksRerun(cells, c.cell) || recentersOnItself(source, line, c.name) || standardisesOnItself(source, line, c.name) || normalisesInline(source, line, c.name)
        || roundTripsIndex(source, line, c.name) || pagesThrough(source, line, c.name)
        || (c.how === 'rebinds' && /merge\(\)/.test(c.detail) && mergesOwnAggregate(source, line, c.name))
        || (c.how === 'mutates' && /^\.(?:append|extend)\(/.test(c.detail) && growsInInputLoop(source, line))
        || (c.how === 'mutates' && /^\.(?:remove|pop)\(/.test(c.detail) && drainsInLoop(source, line, c.name))
        || (c.how === 'mutates' && /^\.(?:remove|pop)\(/.test(c.detail) && insideDrainedLoop(source, line))
        || (c.how === 'mutates' && /^\.pop\(/.test(c.detail) && reinsertsPopped(source, line, c.name))
        || (c.how === 'mutates' && /^`\S+=` on an item/.test(c.detail) && loopsUntilMaskEmpty(source, line, c.name))
        || (c.how === 'mutates' && raisedBy(cells[c.cell], c))
        || (c.how === 'mutates' && /^\.(?:append|extend)\(/.test(c.detail) && madeAsList(c, cells) && grownUnread(c.cell, codeCells))
        || keepsSameState(c, codeCells)
        || (c.how === 'mutates' && ownClassMethod(c, codeCells, cells));
    };
    return flow.nonIdempotent.filter((c) => !expected(c)).map((c) => ({
      cell: c.cell,
      range: c.range,
      message: c.how === 'rebinds'
        ? `This cell computes \`${c.name}\` from its value in ${cellLabel(c.definedAt.cell)}: ${c.detail}, so running the cell twice ${/\bwhich raises \w+$/.test(c.detail) ? 'fails' : 'gives a different result'}.`
        : `This cell changes \`${c.name}\` from ${cellLabel(c.definedAt.cell)} in place: ${c.detail}. Running the cell twice changes the state again.`,
      related: [{ cell: c.definedAt.cell, range: c.definedAt.range, message: `\`${c.name}\` is defined here` }],
    }));
  },
};

/**
 * A Spark or Snowpark session's DataFrame constructors: `spark.read.csv(…)`, `spark.createDataFrame(…)`, `spark.sql(…)`,
 * `session.table(…)`, `session.create_dataframe(…)` (Snowpark's `DataFrame.drop` of a missing column is a no-op too).
 */
const SPARK_SOURCE = /^(?:spark|session)\.(?:read\b|readStream\b|createDataFrame$|create_dataframe$|sql$|table$|range$)/;
/** Methods that leave Spark: the value is pandas, rows or a number after them. */
const LEAVES_SPARK = /\.(?:toPandas|to_pandas|pandas_api|to_pandas_on_spark|to_koalas|collect|take|head|first|tail|count|show|toLocalIterator)\b/;

/** `df = df[["a", "b"]]`: a selection of columns by a list, a DataFrame again in Spark and Snowpark (`select`). */
const COLUMN_SELECTION = /^\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*\[\s*\[[^[\]]*\]\s*\]\s*(?:#.*)?$/;

/**
 * Names bound from a Spark session, or by a chain of DataFrame methods (or a selection of columns) on a
 * name that is one (`dedup = repos.select(…).filter(…)`), and otherwise only rebound from themselves by
 * such a chain (`df = df.withColumn(…)`, `df = df.drop("c")`, `df = df[["a", "b"]]`): Spark DataFrames
 * in every cell up to `upTo`.
 */
function sparkFrames(codeCells: readonly CodeCell[], cells: RuleContext['cells'], upTo: number): Set<string> {
  const verdict = new Map<string, boolean>();
  for (const cell of codeCells) {
    if (cell.index > upTo) continue;
    for (const ev of cell.summary.events) {
      if (ev.kind !== 'def') continue;
      const call = cell.summary.ml.calls.find((c) => c.assignedTo === ev.name && c.topLevel && c.range.start.line === ev.range.start.line);
      const selection = call === undefined ? COLUMN_SELECTION.exec(cells[cell.index].source.split('\n')[ev.range.start.line] ?? '') : null;
      const from = selection?.[1] === ev.name ? selection[2] : undefined;
      const source = call !== undefined && SPARK_SOURCE.test(call.callee);
      const self = (call !== undefined && call.callee.startsWith(`${ev.name}.`) && !LEAVES_SPARK.test(call.callee)) || from === ev.name;
      const base = call === undefined ? from : /^([A-Za-z_]\w*)\./.exec(call.callee)?.[1];
      const derived = base !== undefined && base !== ev.name && verdict.get(base) === true && (call === undefined || !LEAVES_SPARK.test(call.callee));
      if (source || derived) verdict.set(ev.name, verdict.get(ev.name) ?? true);
      else if (!self) verdict.set(ev.name, false);
    }
  }
  return new Set([...verdict].filter(([, spark]) => spark).map(([name]) => name));
}

/**
 * `loss_trace.append(loss)` where nothing from this cell on reads `loss_trace` (holdout20: an optimiser comparison whose
 * plot reads another list; holdout16: `activity_contents` only appended to): a second run grows a list no one looks at.
 * Every name from earlier cells the cell changes in place is so: a rerun that also grows `cost_array`, which a later cell plots, is seen
 * (holdout10, holdout14 labels). A later cell that does not parse (a lab's TODO) may read anything.
 */
function grownUnread(from: number, codeCells: readonly CodeCell[]): boolean {
  const cell = codeCells.find((cc) => cc.index === from);
  // The names it changes that come from earlier cells (a list it makes afresh, `score_list = []`, is the same on each run).
  const own = new Set(cell?.summary.events.flatMap((e) => (e.kind === 'def' ? [e.name] : [])) ?? []);
  const names = new Set(cell?.summary.events.flatMap((e) => (e.kind === 'mutate' && !own.has(e.name) ? [e.name] : [])) ?? []);
  return names.size > 0 && [...names].every((name) => neverReadAfter(name, from, codeCells));
}

/**
 * The name is a list the notebook made itself: `loss_trace = []`, `scores = list()`. Another object's `append` may write
 * somewhere a rerun leaves behind (a table, a store), and `df.append(other)` changes nothing.
 */
function madeAsList(c: DocumentOrderFlow['nonIdempotent'][number], cells: RuleContext['cells']): boolean {
  const line = cells[c.definedAt.cell].source.split('\n')[c.definedAt.range.start.line] ?? '';
  return new RegExp(`^\\s*${c.name}\\s*(?::[^=]*)?=\\s*(?:\\[|list\\(\\s*\\))`).test(line);
}

/** From cell `from` to the last, every read of the name is the receiver of a change in place, and no function or magic (`%store name`) reads it. */
function neverReadAfter(name: string, from: number, codeCells: readonly CodeCell[]): boolean {
  const word = new RegExp(`(?<![\\w.])${name}(?!\\w)`);
  for (const cell of codeCells) {
    const { events, deferredReads } = cell.summary;
    if (deferredReads.some((r) => r.name === name)) return false;
    if (cell.index < from) continue;
    if (cell.summary.syntaxError || cell.summary.magics.some((m) => word.test(m.args))) return false;
    const receivers = new Set(events.filter((e) => e.kind === 'mutate' && e.name === name).map((e) => `${e.range.start.line}:${e.range.start.character}`));
    if (events.some((e) => e.kind === 'unknown' || (e.kind === 'read' && e.name === name && !receivers.has(`${e.range.start.line}:${e.range.start.character}`)))) return false;
  }
  return true;
}

/** ANSI colour codes of a saved IPython traceback. */
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * `t.append(4)` on a tuple, kept with its saved `AttributeError: 'tuple' object has no attribute 'append'`: a
 * demonstration that the call fails, which grows nothing. Only when the saved error names the method and its
 * traceback points at this very line of the cell.
 */
function raisedBy(cell: RuleContext['cells'][number], c: DocumentOrderFlow['nonIdempotent'][number]): boolean {
  const method = /^\.(\w+)\(/.exec(c.detail)?.[1];
  if (method === undefined || !cell.error?.startsWith('AttributeError:') || !cell.error.endsWith(`has no attribute '${method}'`)) return false;
  const traceback = cell.outputs?.find((o) => o.includes('---->'))?.replace(ANSI, '');
  const line = traceback === undefined ? undefined : /---->\s*(\d+)/.exec(traceback)?.[1];
  return line !== undefined && Number(line) === c.range.start.line + 1;
}

/**
 * `my_output.append("num-users", n)` on `my_output = OutputLogger()`, a class the notebook defines with its own
 * `append` (a grader's logger whose `append` is `self.ans[key] = value`): what the method does is the notebook's
 * code, not the list method the name suggests, so a rerun is not known to grow anything.
 */
function ownClassMethod(c: DocumentOrderFlow['nonIdempotent'][number], codeCells: readonly CodeCell[], cells: RuleContext['cells']): boolean {
  const method = /^\.(\w+)\(/.exec(c.detail)?.[1];
  if (method === undefined) return false;
  const made = codeCells.find((cc) => cc.index === c.definedAt.cell)?.summary.ml.calls
    .find((call) => call.assignedTo === c.name && call.topLevel && call.range.start.line === c.definedAt.range.start.line);
  if (made === undefined || !/^[A-Za-z_]\w*$/.test(made.callee)) return false;
  const header = new RegExp(`^class\\s+${made.callee}\\b[^\\n]*:[ \\t]*(?:#[^\\n]*)?\\n`, 'm');
  return codeCells.some((cc) => {
    if (cc.index > c.definedAt.cell) return false;
    const source = cells[cc.index].source;
    const at = header.exec(source);
    if (at === null) return false;
    // The class body: the indented (or blank) lines after its header.
    const body = /^(?:(?:[ \t]+[^\n]*|[ \t]*)(?:\n|$))*/.exec(source.slice(at.index + at[0].length))?.[0] ?? '';
    return new RegExp(`^[ \\t]+def\\s+${method}\\s*\\(`, 'm').test(body);
  });
}

/**
 * `dataset.insert(items)` on an Opik dataset the notebook got from `Opik().get_or_create_dataset(…)`:
 * the service ignores items it already holds, so a rerun changes nothing (knowledge/idempotence.ts).
 */
function keepsSameState(c: DocumentOrderFlow['nonIdempotent'][number], codeCells: readonly CodeCell[]): boolean {
  const method = c.how === 'mutates' ? /^\.(\w+)\(/.exec(c.detail)?.[1] : undefined;
  const entries = method === undefined ? [] : SAME_STATE_RECEIVERS.filter((e) => e.methods.has(method));
  if (entries.length === 0) return false;
  const made = codeCells.find((cc) => cc.index === c.definedAt.cell)?.summary.ml.calls
    .find((call) => call.assignedTo === c.name && call.topLevel && call.range.start.line === c.definedAt.range.start.line);
  const parts = made && /^([A-Za-z_]\w*)\.(\w+)$/.exec(made.callee);
  if (!parts) return false;
  const [, client, maker] = parts;
  // Every binding of the client up to the cell that made the object comes from the library's constructor.
  const imports = NotebookImports.of(codeCells);
  const builds = codeCells.filter((cc) => cc.index <= c.definedAt.cell)
    .flatMap((cc) => cc.summary.ml.calls.filter((call) => call.assignedTo === client && call.topLevel))
    .map((call) => imports.qualify(call.callee));
  return entries.some((e) => e.makers.test(maker) && builds.length > 0 && builds.every((q) => q === e.client));
}
