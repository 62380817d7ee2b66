import { classifyConfigNumber, classifyConfigString, isPlotDimension, SYNTHETIC_DATA, type ConfigFinding } from '../detectors/hardcodedConfig';
import type { RuleConfig } from '../config';
import type { CellSummary } from '../cellSummary';
import type { CodeCell } from '../dataflow';
import { memoByObject, memoByObjectAnd, memoByText } from '../detectors/memo';
import { isUnderWrittenFolder, shellModelFolders, writtenModelFolder } from '../knowledge/modelIds';
import type { CellInput, Range } from '../types';
import type { CallFact } from '../mlFacts';
import type { NotebookFacts, Rule, RuleFinding } from './rule';
import { followedResults, followedUsesKey, resultNeverUsed } from './ml/imports';
import { isOpenBlank, unfinishedExercise } from './exercise';

interface Place {
  cell: number;
  range: Range;
  text: string;
  found: ConfigFinding;
  /** For a keyword literal: the function it is passed to, and whether a comment of its cell names the keyword. */
  callee?: string;
  explained?: boolean;
  /** The module-level function (not decorated) whose body or signature holds the literal. */
  inFunction?: string;
  /** For a string: the variable it is assigned to. */
  target?: string;
  /**
   * For a threshold that only selects rows to look at (see shownOnly): '' when the cell alone shows that, or the
   * name the selection is bound to, which no other cell may name.
   */
  shown?: string;
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
  // What a cell holds of configuration, and the names it defines (a group is not reported at a call of the notebook's own function);
  // what it does with the names of call results: keywords of an object no later code reads configure nothing (see resultNeverUsed);
  // the endpoints it names after a model (endpointsNamed); where it names the notebook's functions and row selections
  // (mentions): a function no cell names never runs, a selection no other cell names is only shown.
  reads: {
    cellKey: (c, cell, config, notebook) => JSON.stringify([isOpenBlank(c, cell), places(c, cell, config.configKeywords), definedNames(c), modelFolders(c, cell.source),
      followedUsesKey(c.summary, notebook), endpointsNamed(cell.source), mentions(cell.source, notebook?.names), syntheticWrappers(cell.source)]),
    notebookFacts: (codeCells, cells) => followedAndDefined(codeCells, cells),
    // The numbers of the markdown prose (see contrasts).
    markdown: true,
  },
  check({ cells, codeCells, config }) {
    // An exercise skeleton left blank (holdout13 dlaicourse "Question" notebooks): its settings are the template's.
    if (unfinishedExercise(codeCells, cells)) return [];
    const groups = new Map<string, Place[]>();
    const all = codeCells.flatMap((cell) => places(cell, cells[cell.index], config.configKeywords));
    // Most notebooks have no literal setting: nothing below is needed then.
    if (all.length === 0) return [];
    const lessons = contrasts(all, cells);
    const helpers = new Set(codeCells.flatMap(definedNames));
    const folders = new Set(codeCells.flatMap((c) => modelFolders(c, cells[c.index].source)));
    const inFunctions = new Set(all.flatMap((p) => (p.inFunction !== undefined ? [p.inFunction] : [])));
    const called = inFunctions.size > 0 ? mentionedFunctions(codeCells, cells, inFunctions) : undefined;
    const endpoints = new Set(codeCells.flatMap((c) => endpointsNamed(cells[c.index].source)));
    const wrappers = new Set(codeCells.flatMap((c) => syntheticWrappers(cells[c.index].source)));
    for (const place of all) {
      if (lessons.has(place)) continue;
      // `MakeMoonGroupDataset(7, noise=0.3, random_state=0)`, a class of the notebook passing both on to `make_moons` (holdout20
      // probml label): the definition of a synthetic dataset, as `make_moons(noise=0.3, random_state=0)` itself is.
      if (wrappers.size > 0 && place.callee !== undefined && place.found.key !== undefined
        && wrappers.has(`${place.callee.split('.').pop()}:${place.found.key}`)) continue;
      if (place.shown !== undefined && (place.shown === '' || !namedElsewhere(place.shown, place.cell, codeCells, cells))) continue;
      // `def prepare_data(): … train_test_split(X, y, test_size=0.2)` that no cell calls (holdout18 skorch label): it never runs.
      if (place.inFunction !== undefined && called !== undefined && !called.has(place.inFunction)) continue;
      // `cl = RandomForestRegressor(n_estimators=500)` then `cl = Ridge(100)` before any use (holdout11): the settings configure nothing.
      if (place.found.group === 'keywords' && deadCall(place, codeCells)) continue;
      // `from_pretrained("qwen_lora")` after `model.save_pretrained("qwen_lora")` loads the notebook's own folder.
      if (folders.size > 0 && place.found.group.startsWith('model:') && isUnderWrittenFolder(place.text, folders)) continue;
      // `model_name = "qwen3-4b-sft"` then `endpoint_name = f"{model_name}-endpoint"` (holdout18 SageMaker labels): the name
      // of the deployment's model resource, like the endpoint's, not a model to load.
      if (endpoints.size > 0 && place.found.group.startsWith('model:') && place.target !== undefined
        && (endpoints.has(`{${place.target}}`) || endpoints.has(place.text))) continue;
      const list = groups.get(place.found.group);
      // `[{"model": 'gpt-4', …}, {"model": 'gpt-4', …}]` on one line is one place, not three (holdout15 FLAML label).
      if (list && place.found.group !== 'keywords' && list.some((p) => p.cell === place.cell && p.range.start.line === place.range.start.line)) continue;
      if (list) list.push(place);
      else groups.set(place.found.group, [place]);
    }
    const findings: RuleFinding[] = [];
    for (const group of groups.values()) {
      const [first, ...others] = anchoredOnASetting(group, helpers);
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

/**
 * A keyword literal of an object built (`RandomForestRegressor(…)`, a class by its name) and bound to a name that
 * is bound again, at the start of a line, before any code reads it. A function's result left unread (`history = model.fit(…,
 * epochs=3)`) is not one: the call ran with those settings.
 */
function deadCall(place: Place, codeCells: readonly CodeCell[]): boolean {
  const cell = codeCells.find((c) => c.index === place.cell);
  if (!cell || place.callee === undefined) return false;
  if (!/^[A-Z]\w*[a-z]\w*$/.test(place.callee.replace(/\s+/g, '').split('.').pop() ?? '')) return false;
  const call = callAround(cell.summary.ml.calls, place.callee, place.range);
  return call !== undefined && resultNeverUsed(cell.index, call, codeCells, { rebound: true });
}

/** A cell's literals that are configuration, in the order the rule groups them. */
function places(c: CodeCell, cell: CellInput | undefined, configKeywords: RuleConfig['configKeywords']): Place[] {
  const out = placesIn(c, cell, configKeywords);
  const defined = definedNames(c);
  const thresholds = out.some((p) => p.found.key === 'threshold');
  if (defined.length === 0 && !thresholds) return out;
  const lines = (cell?.source ?? '').split('\n');
  for (const p of out) {
    const owner = defined.length > 0 ? enclosingFunction(lines, p.range.start.line) : undefined;
    if (owner !== undefined && defined.includes(owner)) p.inFunction = owner;
    if (p.found.key === 'threshold') p.shown = shownOnly(lines, p.range);
  }
  return out;
}

/**
 * A threshold that only picks rows to look at: `len(df[df.max_prob < 0.9]) / len(df)`, a cell ending in
 * `df[df.score >= .99].values.tolist()`, or `d = df[(df.p1 + df.p2) < 0.9]` shown by the cell's last line
 * `d[cols].head(500)` (holdout18 label: error analysis, not a decision on predictions). Not a selection that is
 * assigned to (`labels[probs > 0.5] = "Up"`) or used further.
 */
function shownOnly(lines: readonly string[], range: Range): string | undefined {
  const at = range.start.line;
  const text = lines[at] ?? '';
  // The subscript that holds the comparison, through grouping parentheses but not through a call's.
  let depth = 0;
  let open = -1;
  for (let i = range.start.character - 1; i >= 0 && open < 0; i--) {
    const ch = text[i];
    if (ch === ')' || ch === ']') depth++;
    else if (ch === '(' || ch === '[') {
      if (depth > 0) depth--;
      else if (ch === '(' && /[\w.]/.test(text[i - 1] ?? '')) return undefined;
      else if (ch === '[') open = i;
    }
  }
  if (open < 1 || !/[\w\])]/.test(text[open - 1])) return undefined;
  let close = -1;
  for (let i = open, d = 0; i < text.length; i++) {
    if (text[i] === '[' || text[i] === '(') d++;
    else if ((text[i] === ']' || text[i] === ')') && --d === 0) { close = i; break; }
  }
  if (close < 0) return undefined;
  const before = text.slice(0, open);
  const after = text.slice(close + 1);
  if (/\blen\(\s*[A-Za-z_][\w.]*$/.test(before)) return '';
  let last = lines.length - 1;
  while (last > 0 && /^\s*(?:#.*)?$/.test(lines[last])) last--;
  const assigned = /^([A-Za-z_]\w*)\s*=\s*[A-Za-z_][\w.]*$/.exec(before);
  // The cell's last line shows the selection: it is no statement.
  const shows = (line: string) => !/^\s*[\w.]+(?:\[[^\]]*\])*\s*[-+*/]?=(?!=)|^\s*(?:print\(|return\b|assert\b|del\b)/.test(line);
  if (at === last && /^[A-Za-z_][\w.]*$/.test(before) && !/^\s*[-+*/]?=(?!=)/.test(after)) return '';
  if (!assigned || at === last || !/^\s*(?:#.*)?$/.test(after)) return undefined;
  const name = assigned[1];
  const word = new RegExp(`(?<![\\w.])${name}\\b`);
  for (let i = 0; i < lines.length; i++) {
    if (i === at || !word.test(lines[i])) continue;
    if (i !== last || !lines[i].trimStart().startsWith(name) || !shows(lines[i])) return undefined;
  }
  return name;
}

/**
 * The function whose definition, at the start of a line, is the nearest line above `line` that starts at column 0,
 * unless a decorator registers it (`@tool`, `@app.route`): it may run without a call the notebook shows.
 */
function enclosingFunction(lines: readonly string[], line: number): string | undefined {
  for (let i = line; i >= 0; i--) {
    const text = lines[i] ?? '';
    if (!/^\S/.test(text) || /^#/.test(text)) continue;
    const m = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/.exec(text);
    // pytest runs `test_*` functions of a script (percent-format test modules) without a call; a platform calls its
    // entry points (`lambda_handler`, SageMaker's `model_fn`/`predict_fn`, Azure ML's `init`/`run`, `main`).
    if (!m || /^test|^(?:lambda_handler|handler|main|model_fn|input_fn|predict_fn|output_fn|transform_fn|init|run)$/.test(m[1])) return undefined;
    for (let j = i - 1; j >= 0; j--) {
      const above = lines[j] ?? '';
      // Blank lines, comments and the arguments of a decorator written on several lines (`@pytest.mark.skipif(\n  …\n)`).
      if (above.trim() === '' || /^\s*#/.test(above) || /^[\s)\]}]/.test(above)) continue;
      return above.startsWith('@') ? undefined : m[1];
    }
    return m[1];
  }
  return undefined;
}

/**
 * The notebook's functions that some code names besides their `def`: a call, a callback, or a name in a string
 * (`timeit.timeit('train_on_cpu()')`, `handler='train_model'`). Undefined when a cell may run anything (`%run`, `exec`).
 */
function mentionedFunctions(codeCells: readonly CodeCell[], cells: readonly CellInput[], names: ReadonlySet<string>): Set<string> | undefined {
  if (codeCells.some((c) => c.summary.events.some((e) => e.kind === 'unknown'))) return undefined;
  const count = new Map<string, number>();
  for (const c of codeCells) for (const [name, n] of mentions(cells[c.index]?.source ?? '', names)) count.set(name, (count.get(name) ?? 0) + n);
  return new Set([...count].filter(([, n]) => n > 0).map(([name]) => name));
}

/** Whether a code cell other than `cell` names `name`, other than by binding it anew first (`d = df[…]` again). */
function namedElsewhere(name: string, cell: number, codeCells: readonly CodeCell[], cells: readonly CellInput[]): boolean {
  const only = new Set([name]);
  return codeCells.some((c) => c.index !== cell && mentions(cells[c.index]?.source ?? '', only).some(([, n]) => n > 0)
    && !rebindsFirst(cells[c.index]?.source ?? '', only).includes(name));
}

/** The names whose first mention in a cell is a new binding at the start of a line (`d = …`). */
function rebindsFirst(source: string, names: ReadonlySet<string> | undefined): string[] {
  const out: string[] = [];
  for (const name of names ?? []) {
    if (!source.includes(name)) continue;
    const first = source.split('\n').find((line) => new RegExp(`(?<![\\w.\\-/])${name}\\b`).test(line));
    if (first !== undefined && new RegExp(`^${name}\\s*=(?!=)`).test(first)) out.push(name);
  }
  return out;
}

/** How often a cell names each of `names` other than in its `def` line: what NB205 reads of a cell for mentionedFunctions. */
function mentions(source: string, names: ReadonlySet<string> | undefined): [string, number][] {
  const out: [string, number][] = [];
  for (const name of names ?? []) {
    if (!source.includes(name)) continue;
    const all = source.match(new RegExp(`(?<![\\w.\\-/])${name}\\b`, 'g'))?.length ?? 0;
    const defs = source.match(new RegExp(`\\bdef\\s+${name}\\b`, 'g'))?.length ?? 0;
    out.push([name, all - defs]);
  }
  return out;
}

/** The names NB501 follows, and the functions the notebook defines: whether a cell calls one decides whether its settings run. */
const followedAndDefined = memoByObjectAnd((codeCells: readonly CodeCell[], cells: readonly CellInput[]): NotebookFacts => {
  const followed = followedResults(codeCells);
  const names = new Set(followed.names ?? []);
  for (const c of codeCells) {
    for (const n of definedNames(c)) names.add(n);
    // Names a row selection is bound to (`d = df[df.p < 0.9]`): whether another cell names them decides shownOnly.
    for (const n of selectionNames(cells[c.index]?.source ?? '')) names.add(n);
  }
  return { key: [...names].sort().join(','), names };
});

/** Names a row selection is bound to in a cell's text; kept per text, since every keystroke asks it of every cell. */
function selectionNames(source: string): readonly string[] {
  return source.includes('[') ? selectionNamesOf(source) : [];
}

const selectionNamesOf = memoByText((source) => [...source.matchAll(/^([A-Za-z_]\w*)\s*=\s*[A-Za-z_][\w.]*\[.*[<>]/gm)].map((m) => m[1]));

function placesIn(c: CodeCell, cell: CellInput | undefined, configKeywords: RuleConfig['configKeywords']): Place[] {
  const out: Place[] = [];
  for (const literal of c.summary.strings) {
    const found = classifyConfigString(literal);
    if (found) out.push({ cell: c.index, range: literal.range, text: literal.value, found, target: literal.context.target });
  }
  let comments: string | undefined;
  let lines: string[] | undefined;
  for (const literal of c.summary.numbers) {
    const found = classifyConfigNumber(literal, configKeywords);
    if (!found || isPlotDimension(literal, c.summary.ml.calls)) continue;
    if (found.key !== undefined && SEED_KEYWORDS.has(found.key) && literal.context.callee !== undefined
      && isReplayed(literal.range.start.line, literal.context.callee, (lines ??= (cell?.source ?? '').split('\n')))) continue;
    if (found.group !== 'keywords') {
      out.push({ cell: c.index, range: literal.range, text: literal.text, found });
      continue;
    }
    // `explainer(X[1:3], max_evals=500, batch_size=50)`: a SHAP explainer sends its masked inputs to the model in chunks of
    // 50; the values it explains are the same with any chunk (holdout20 shap labels), as a vector store's upload chunk.
    if (found.key === 'batch_size' && literal.context.callee !== undefined && callAround(c.summary.ml.calls, literal.context.callee, literal.range)?.keywords.includes('max_evals')) continue;
    // Prose comments only: `# model.fit(x, batch_size=8)` is code left out, not an explanation.
    comments ??= (cell?.source ?? '').split('\n').filter((line) => /^\s*#/.test(line) && !/[=(]/.test(line)).join('\n');
    const explained = new RegExp(`\\b${found.key}\\b`, 'i').test(comments);
    out.push({ cell: c.index, range: literal.range, text: literal.text, found, callee: literal.context.callee, explained });
  }
  return out;
}

const SEED_KEYWORDS = new Set(['seed', 'random_state', 'random_seed']);

/** The innermost call of `callee` whose parentheses hold `range`. */
function callAround(calls: readonly CallFact[], callee: string, range: Range): CallFact | undefined {
  const name = callee.replace(/\s+/g, '');
  const notAfter = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  let found: CallFact | undefined;
  for (const k of calls) {
    if (k.callee === name && notAfter(k.range.start, range.start) && notAfter(range.start, k.closeParen) && (!found || notAfter(found.range.start, k.range.start))) found = k;
  }
  return found;
}

/**
 * The notebook's own functions and classes that hand a keyword on to a generator of synthetic data, as
 * `name:keyword`: `class MakeMoonGroupDataset: def __init__(self, …, noise=None, random_state=None): points, labels =
 * make_moons(n_samples=n_samples, noise=noise, random_state=random_state)` gives `MakeMoonGroupDataset:noise` and
 * `MakeMoonGroupDataset:random_state`. Read from the text of a cell that calls such a generator; kept per text.
 */
function syntheticWrappers(source: string): readonly string[] {
  return source.includes('make_') ? syntheticWrappersOf(source) : [];
}

const syntheticWrappersOf = memoByText((source: string): string[] => {
  const out: string[] = [];
  const lines = source.split('\n');
  let owner: string | undefined;
  for (const line of lines) {
    const def = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/.exec(line);
    if (def) owner = def[1];
    else if (/^\S/.test(line) && !/^#/.test(line)) owner = undefined;
    if (owner === undefined) continue;
    for (const m of line.matchAll(/([\w.]+)\s*\(([^()]*)\)/g)) {
      if (!SYNTHETIC_DATA.test(m[1])) continue;
      // Only keywords the wrapper forwards (`random_state=random_state`): a fixed `noise=0.1` inside is the wrapper's own.
      for (const k of m[2].matchAll(/\b([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\b/g)) if (k[1] === k[2]) out.push(`${owner}:${k[1]}`);
    }
  }
  return out;
});

/**
 * A line with a whole seeded call that the cell runs twice as it is: `print(tf.random.stateless_normal(shape=[2, 3], seed=[1, 2]))` on two lines
 * shows that the seed gives the same numbers again. The seed is what is demonstrated, not a setting.
 */
function isReplayed(line: number, callee: string, lines: readonly string[]): boolean {
  const text = lines[line]?.trim();
  // The whole call on the line: `    random_state=42,` inside two multi-line calls is no replay.
  if (text === undefined || !text.includes(`${callee}(`) || text.split('(').length !== text.split(')').length) return false;
  return lines.filter((l) => l.trim() === text).length >= 2;
}

/**
 * Keyword literals that are a notebook's lesson: one function called with two or more values of a keyword
 * (`alpha=0.7`, then `alpha=0.3`), each value in a cell whose comment names the keyword ("# Lower alpha, …").
 */
function contrasts(all: readonly Place[], cells: readonly CellInput[]): Set<Place> {
  // The markdown's numbers are read only for a setting given several numbers (the pattern runs over all the prose).
  let proseOfCells: readonly Prose[] | undefined;
  const prose = () => (proseOfCells ??= proseNumbers(cells));
  const byCall = new Map<string, Place[]>();
  for (const p of all) {
    const compared = p.found.key === 'threshold' ? p.found.group.slice('threshold:'.length, -(p.text.length + 1)) : undefined;
    if (p.callee === undefined && compared === undefined) continue;
    const key = compared !== undefined ? `threshold|${compared}` : `${p.callee}|${p.found.key}`;
    const list = byCall.get(key);
    if (list) list.push(p);
    else byCall.set(key, [p]);
  }
  const out = new Set<Place>();
  for (const list of byCall.values()) {
    const values = new Set(list.map(valueOf));
    const explained = new Set(list.filter((p) => p.explained).map(valueOf));
    if (values.size >= 2 && explained.size === values.size) for (const p of list) out.add(p);
    // `demo.titanic(max_iter=5)` and `max_iter=100` under a table of "5 epochs" and "100 epochs", a cut-off of .5 then
    // .25 under a paragraph on a "cut-off of 0.5" and "0.25" (holdout15 labels): one markdown cell names every value.
    else if (values.size >= 2 && !SEED_KEYWORDS.has(list[0].found.key ?? '') && [...values].every((v) => typeof v === 'number')
      && prose().some((cell) => (list[0].found.key === 'threshold' ? cell.cutOff : [...cell.counted].some(([word, counts]) => namesKeyword(word, list[0].found.key ?? '') && [...values].every((v) => counts.has(v as number))))
        && (list[0].found.key !== 'threshold' || [...values].every((v) => cell.numbers.has(v as number))))) {
      for (const p of list) out.add(p);
    }
  }
  return out;
}

interface Prose {
  numbers: Set<number>;
  /** Numbers by the word that follows them ("5 epochs", "100 epochs"): values of one quantity. */
  counted: Map<string, Set<number>>;
  /** The cell speaks of a cut-off or threshold. */
  cutOff: boolean;
}

const PROSE_NUMBER = /(?<![\w.])(\d*\.?\d+)(?!\w|\.\d)(?:\$?\s+([A-Za-z]+))?/g;

/** Units prose counts a keyword's values in besides the keyword's own words (`max_iter=5`: "5 epochs"). */
const KEYWORD_UNITS: Readonly<Record<string, readonly string[]>> = { max_iter: ['iteration', 'epoch', 'step'], n_estimators: ['tree'], num_leaves: ['leaf', 'leave'] };

/** "clusters" for `n_clusters`, "epochs" for `max_iter`: the word counts what the keyword sets. */
function namesKeyword(word: string, key: string): boolean {
  const singular = word.replace(/s$/, '');
  return key.split('_').some((part) => part.length > 2 && part.replace(/s$/, '') === singular) || (KEYWORD_UNITS[key] ?? []).includes(singular);
}

/** What the markdown cells say of numbers (`$0.25$`, `5 epochs`). */
function proseNumbers(cells: readonly CellInput[]): Prose[] {
  return cells.flatMap((c) => {
    if (c.kind !== 'markdown') return [];
    const numbers = new Set<number>();
    const byWord = new Map<string, Set<number>>();
    // A cell without a digit says no number (the pattern is tried at every character of the prose).
    for (const m of /\d/.test(c.source) ? c.source.matchAll(PROSE_NUMBER) : []) {
      numbers.add(Number(m[1]));
      if (m[2] !== undefined) byWord.set(m[2].toLowerCase(), (byWord.get(m[2].toLowerCase()) ?? new Set()).add(Number(m[1])));
    }
    return [{ numbers, counted: byWord, cutOff: /\b(?:cut-?offs?|thresholds?)\b/i.test(c.source) }];
  });
}

/** A keyword's value, `0.5` and `.5` alike; a tuple (`seed=[1, 2]`) as written. */
function valueOf(p: Place): number | string {
  const n = Number(p.text);
  return Number.isNaN(n) ? p.text.replace(/\s+/g, '') : n;
}

/**
 * The group's place to report first: the first that is not an argument of a function the notebook defines
 * (`get_batch(songs, seq_length=5, batch_size=1)` printing five steps demonstrates the helper; the
 * `params = dict(batch_size=8, …)` or `Adam(learning_rate=…)` of a later cell is the setting).
 */
function anchoredOnASetting(group: Place[], helpers: ReadonlySet<string>): Place[] {
  const anchor = group.findIndex((p) => p.callee === undefined || !helpers.has(p.callee));
  return anchor <= 0 ? group : [group[anchor], ...group.slice(0, anchor), ...group.slice(anchor + 1)];
}

/**
 * What a cell names endpoints after: `f"{model_name}-endpoint"` gives `{model_name}`, `"qwen3-sft-endpoint"` gives
 * `qwen3-sft`. Read from the text: the f-string's expression is not in the cell summary.
 */
function endpointsNamed(source: string): string[] {
  if (!/endpoint/i.test(source)) return [];
  const out: string[] = [];
  for (const m of source.matchAll(/["']([^"'\s]+?)[-_]endpoint\b/gi)) {
    const stem = /^\{\s*([A-Za-z_]\w*)\s*\}$/.exec(m[1]);
    out.push(stem ? `{${stem[1]}}` : m[1]);
  }
  return out;
}

/** Local folders a cell writes a model to (`model.save_pretrained("qwen_lora")`, `local_dir="…"`). */
function modelFolders(c: CodeCell, source: string): string[] {
  // Only a cell with a shell line can give a script its output folder.
  return c.summary.magics.some((m) => m.kind === 'shell') ? [...modelFoldersOf(c.summary), ...shellModelFolders(source)] : modelFoldersOf(c.summary);
}

// Per summary (cached by cell text): every analysis that runs NB205 asks for every cell.
const modelFoldersOf = memoByObject((summary: CellSummary): string[] => {
  // `save_pretrained("org/name", push_to_hub=True)` names a Hub repository too: loading it may be the Hub id.
  const pushes = new Set(summary.ml.calls.filter((k) => k.keywords.includes('push_to_hub')).map((k) => k.callee));
  return summary.strings.flatMap((s) => (s.context.callee !== undefined && pushes.has(s.context.callee) ? [] : writtenModelFolder(s.value, s.context) ?? []));
});

/**
 * The functions and classes a cell defines at module level: a group is not anchored at a call of the notebook's own
 * helper (`get_batch(…, batch_size=1)`); a variable holding a library object (`pipe(…, seed=0)`) is no helper.
 * Memoized per summary: NB205 asks for every cell on each run.
 */
function definedNames(c: CodeCell): string[] {
  return definedNamesOf(c.summary);
}

const definedNamesOf = memoByObject((summary: CellSummary): string[] =>
  summary.events.flatMap((e) => (e.kind === 'def' && !e.imported && (e.fn !== undefined || e.isClass) ? [e.name] : [])));

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
