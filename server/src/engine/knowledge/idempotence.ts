// Which methods and functions give the same state when a cell runs them twice
// (NB105). `df = df.dropna()` twice is `df.dropna()` once; `df = df.reset_index()`
// twice adds a second index column, `df.drop(columns=["a"])` twice raises KeyError.
// A method that is in neither list is unknown, and unknown means silence.
// Each entry carries a tiny example (the arguments) that the tests run through the
// engine, and that the oracle test runs twice in real pandas/NumPy.

export interface MethodEntry {
  /** Arguments of a call that shows the behaviour, for the tests (`columns=["a"]`). */
  example: string;
  /** Why a second run differs (absent: idempotent). */
  changes?: string;
  /** A keyword argument that makes the call idempotent after all (`drop=True` for `reset_index`). */
  unlessKeyword?: RegExp;
  /** Only a call standing as its own statement: the list method returns None, while `np.append(x, v)` returns a new array. */
  statementOnly?: boolean;
  /** Arguments computed from the value itself make it idempotent: `df.drop(df[df.x == ""].index)` finds nothing left to drop. */
  unlessSelfReference?: boolean;
  /** The change when the call joins side by side (`axis=1`, `axis="columns"`): columns, not rows. */
  alongColumns?: string;
  /**
   * The only number of arguments the in-place method takes: `list.remove(x)`, `list.append(x)`. A call with other
   * arguments is another object's method (NeMo Curator's `fuzzy_dup.remove(dataset, duplicates)` returns a new dataset).
   */
  arity?: number;
  /** With this many arguments the call is idempotent: `d.pop("k", None)` has a default, so a second run finds nothing and raises nothing. */
  sameFromArguments?: number;
  /**
   * The change when the value alone is the argument (`results = pd.concat(results)`): the list of frames
   * becomes one frame, and `pd.concat` of a DataFrame raises TypeError (it wants an iterable of frames).
   */
  ofItsItems?: string;
  /** Reported only when the arguments match: `set_index("a")` names a column that a second run no longer finds; `set_index(dates)` sets the same index again. */
  onlyWhenArguments?: RegExp;
}

/** Arguments (with their parentheses) whose first is a column label or a list of them: `("a")`, `(["a", "b"], …)`, `(keys="a")`. */
const COLUMN_LABELS_FIRST = /^\(\s*(?:keys\s*=\s*)?\[?\s*[rRuUfF]{0,2}["']/;

/** Methods of a DataFrame, Series, array or string: `x = x.m(...)` or `x.m(..., inplace=True)`. */
export const METHODS: Readonly<Record<string, MethodEntry>> = {
  // Idempotent: the second run finds nothing left to do.
  dropna: { example: '' },
  drop_duplicates: { example: '' },
  fillna: { example: '0' },
  rename: { example: 'columns={"a": "b"}' },
  astype: { example: 'float' },
  sort_values: { example: '"a"' },
  sort_index: { example: '' },
  replace: { example: '{"x": "y"}' },
  copy: { example: '' },
  head: { example: '5' },
  query: { example: '"a > 0"' },
  clip: { example: '0, 1' },
  round: { example: '2' },
  abs: { example: '' },
  lower: { example: '' },
  upper: { example: '' },
  strip: { example: '' },
  reshape: { example: '-1, 1' },
  infer_objects: { example: '' },
  // Not idempotent: the second run changes the value again, or raises.
  reset_index: { example: '', changes: 'adds another index column on each run', unlessKeyword: /\bdrop\s*=\s*True\b/ },
  drop: { example: 'columns=["a"]', changes: 'drops again on a second run: it raises KeyError where the labels are gone, or removes more', unlessKeyword: /\berrors\s*=\s*["']ignore["']/, unlessSelfReference: true },
  // `drop=False` keeps the column: a second run sets the same index again.
  set_index: { example: '"a"', changes: 'raises KeyError on a second run: the column is now the index', unlessKeyword: /\bdrop\s*=\s*False\b/, onlyWhenArguments: COLUMN_LABELS_FIRST },
  merge: { example: 'other, on="k"', changes: 'merges again, duplicating the merged columns' },
  join: { example: 'other', changes: 'joins again: the joined columns overlap' },
  shift: { example: '1', changes: 'shifts again on each run' },
  diff: { example: '', changes: 'differences the differences on each run' },
  cumsum: { example: '', changes: 'accumulates again on each run' },
  cumprod: { example: '', changes: 'accumulates again on each run' },
  pct_change: { example: '', changes: 'takes the change of the change on each run' },
};

/** Functions that take the value and give it back grown: `df = pd.concat([df, extra])`. */
export const GROWING_FUNCTIONS: Readonly<Record<string, MethodEntry>> = {
  concat: {
    example: '[x, x]', changes: 'appends the rows again on each run', alongColumns: 'appends the columns again on each run',
    ofItsItems: 'turns the list into one DataFrame, and a second run passes that DataFrame to `concat()`, which raises TypeError',
  },
  concatenate: { example: '[x, x]', changes: 'appends again on each run' },
  append: { example: 'x, 1', changes: 'appends again on each run' },
  vstack: { example: '[x, x]', changes: 'stacks again on each run' },
  hstack: { example: '[x, x]', changes: 'stacks again on each run' },
  merge: { example: 'x, x, on="k"', changes: 'merges again, duplicating the merged columns' },
};

/** Methods that change their object in place on every call (a list, a deque, a dict, a DataFrame). */
export const GROWING_METHODS: Readonly<Record<string, MethodEntry>> = {
  append: { example: '1', changes: 'grows it on each run', statementOnly: true, arity: 1 },
  extend: { example: '[1]', changes: 'grows it on each run', statementOnly: true, arity: 1 },
  insert: { example: '0, 1', changes: 'inserts again on each run (a DataFrame raises: the column exists)', statementOnly: true },
  appendleft: { example: '1', changes: 'grows it on each run', statementOnly: true, arity: 1 },
  extendleft: { example: '[1]', changes: 'grows it on each run', statementOnly: true, arity: 1 },
  pop: { example: '', changes: 'removes another item on each run, or raises', sameFromArguments: 2 },
  popitem: { example: '', changes: 'removes another item on each run' },
  popleft: { example: '', changes: 'removes another item on each run' },
  remove: { example: '1', changes: 'raises on a second run: the item is gone', arity: 1 },
};

/** Augmented assignments that change the value again on each run (`|=` and `&=` do not). */
export const NON_IDEMPOTENT_AUGMENTED = /^(?:\+=|-=|\*=|\/=|\/\/=|%=|\*\*=|<<=|>>=|@=|\^=)$/;

/** The value of `axis=` that joins side by side: `1` or `"columns"`. */
export const ALONG_COLUMNS = /^(?:1|["']columns["'])$/;

export type Verdict = { changes: string } | 'same' | 'unknown';

/** Accessors in a chain (`s.str.lower()`): they select a namespace, they change nothing. */
export const ACCESSORS: ReadonlySet<string> = new Set(['str', 'dt', 'cat']);

/** `x = x.m1(...).m2(...)` (`self` is `x`'s text): every method known and one of them not idempotent. */
export function methodChainVerdict(calls: readonly { method: string; args: string }[], self: string): Verdict {
  let changes: string | undefined;
  for (const { method, args } of calls) {
    const entry = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
    if (!entry) return 'unknown';
    if (!entry.changes || entry.unlessKeyword?.test(args) || (entry.onlyWhenArguments && !entry.onlyWhenArguments.test(args))) continue;
    if (entry.unlessSelfReference && mentions(args, self)) continue;
    changes ??= `.${method}() ${entry.changes}`;
  }
  return changes ? { changes } : 'same';
}

/** `x.m(..., inplace=True)`. */
export function inplaceVerdict(method: string, args: string, self: string): Verdict {
  return methodChainVerdict([{ method, args }], self);
}

/** Does `source` mention `name` (a plain name as a whole word, anything else as text)? */
export function mentions(source: string, name: string): boolean {
  if (/^[A-Za-z_]\w*$/.test(name)) return new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(source);
  return source.includes(name);
}

/**
 * Objects of a library whose growing method a second run repeats without effect: the service
 * drops what it already holds. Matched only on a value the notebook made with `makers` called
 * on a client built by `client` (resolved through the notebook's imports), never on any `.insert`.
 */
export interface SameStateReceiver {
  /** Qualified constructor of the client (`opik.Opik`). */
  client: string;
  /** Client methods that give the object (`client.get_or_create_dataset(...)`). */
  makers: RegExp;
  /** Its methods a rerun repeats without change. */
  methods: ReadonlySet<string>;
  /** A notebook (cells) that shows it, for the test; the last cell calls the method. */
  example: readonly string[];
  /** Where the behaviour is documented. */
  source: string;
}

export const SAME_STATE_RECEIVERS: readonly SameStateReceiver[] = [
  {
    client: 'opik.Opik',
    makers: /^(?:get_or_create_dataset|get_dataset|create_dataset)$/,
    methods: new Set(['insert']),
    example: ['from opik import Opik\nclient = Opik()\ndataset = client.get_or_create_dataset(name="qa-eval")', 'dataset.insert([{"input": "q", "expected_output": "a"}])'],
    source: 'Opik changelog 2024-09-30 (SDK): "When inserting items into a dataset, duplicate items are now silently ignored"',
  },
];
