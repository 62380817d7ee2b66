// What one cell does to the notebook's global namespace, in execution order:
// which names it reads, binds and deletes at module level, what its functions
// will read when they are called, and what it mutates in place. Computed once per
// distinct cell text (see summaryCache.ts); the cross-cell rules only look at these
// summaries, never at trees.
import type { SyntaxNode as Node } from './syntaxNode';
import { ACCESSORS, ALONG_COLUMNS, GROWING_FUNCTIONS, GROWING_METHODS, inplaceVerdict, mentions, methodChainVerdict, NON_IDEMPOTENT_AUGMENTED, type Verdict } from './knowledge/idempotence';
import { maskIPython, type MagicLine } from './magics';
import { configuredCandidateLists, MAY_CONFIGURE, MAY_SEARCH, searchCandidateLiterals, searchedLists } from './detectors/pathSearch';
import { NOT_A_USE } from './detectors/paths';
import { MlFactCollector, NO_ML_FACTS, type MlFacts } from './mlFacts';
import type { PythonParser } from './parser';
import type { Range } from './types';

export interface NameRef {
  name: string;
  range: Range;
}

export interface FunctionRead extends NameRef {
  /** Read only in a branch or loop its arguments decide (`if predict_flag:`, `for p in config["pruning"]:`): a call may skip it. */
  argumentDependent?: boolean;
}

/** A module-level function: what calling it reads from and binds in the globals. */
export interface FunctionSummary {
  name: string;
  /** Global names its own body reads when it runs (nested functions excluded). */
  reads: FunctionRead[];
  /** Global names its own body calls directly, so their reads happen too. */
  calls: string[];
}

export type ModuleEvent =
  /** `flags`: read only when these dict items are true (`if CFG["run_grid"]:` gives `CFG['run_grid']`). */
  | { kind: 'read'; name: string; range: Range; guarded: boolean; call: boolean; flags?: string[] }
  /** `update`: the new value is computed from the old one in a way a second run changes again (`x += 1`, `df = df.reset_index()`). */
  | { kind: 'def'; name: string; range: Range; fn?: FunctionSummary; update?: string; imported?: boolean; isClass?: boolean }
  | { kind: 'del'; name: string; range: Range }
  /** A later read may be bound by something we cannot see (star import, `%run`, `exec`). */
  | { kind: 'unknown'; range: Range; why: string }
  /** In-place change of a global that a second run repeats: `items.append(x)`, `d[k] += 1`, `df.drop(..., inplace=True)`. */
  | { kind: 'mutate'; name: string; range: Range; how: string };

export interface DeferredRead extends NameRef {
  /** The function (or lambda) whose body reads it. */
  owner: string;
}

/** Where a literal is used: what it is assigned to, passed to, or compared with. */
export interface LiteralContext {
  /** `name = "..."`, `obj.name = "..."`, or the key of a dict entry `{"name": "..."}`. */
  target?: string;
  /** `f(name="...")`. */
  keyword?: string;
  /** `def f(name="...")`: the default of this parameter. */
  parameter?: string;
  /** Dotted name of the function it is passed to: `pd.read_csv`, `open`, `os.getenv`. */
  callee?: string;
  /** Position among the positional arguments. */
  argIndex?: number;
  /** For a later argument: the first argument's text when it is a string (`os.getenv("KEY", ...)`). */
  firstArg?: string;
  /** The literal is the right-hand part of `+` or `/`: a suffix of the value, not all of it. */
  suffix?: boolean;
  /** An operand of a comparison (`if "llama" in MODEL_ID`): tested against, not used. */
  compared?: boolean;
  /** Inside an existence probe (`Path("/x").exists()`, `Path("/x").is_file()`): looked for, not used. */
  probe?: boolean;
  /** In a `try` body whose handlers fall back (`except FileNotFoundError: data = {}`, `pass`): the code runs without it. */
  fallback?: boolean;
  /** In a branch that runs only in Colab or when a Drive flag is set (`if IN_COLAB:`, `if mount_google_drive:`). */
  colabOnly?: boolean;
  /** In a branch that runs only on Windows (`if os.name == "nt":`, `elif sys.platform == "win32":`). */
  windowsOnly?: boolean;
  /** A path only looked for: read in existence tests and the code they guard (detectors/pathSearch.ts). */
  searchCandidate?: boolean;
  /** An element of the module-level list of this name that also holds a configured path (detectors/pathSearch.ts configuredCandidateLists). */
  candidateOf?: string;
  /** For a keyword of `dict(...)` given as a keyword argument: the call it is given to (`ax.text(…, bbox=dict(alpha=0.7))`). */
  within?: string;
  /** A keyword of `dict(marker='o', linewidth=0, alpha=0.3)`: a bundle of plot options (spread into `.plot(**options)`). */
  plotOptions?: boolean;
  /** A keyword of a call on literal toy data (`get_batches(list(range(20)), batch_size=4)`): a demo, not a setting. */
  toyData?: boolean;
  /** An operand of arithmetic that also reads a name (`n_estimators=n_trees * 2`): a factor of a derived value, not a value of its own. */
  factor?: boolean;
  /** A value of a dict given as `filter_dict=` (AutoGen's `config_list_from_json`): it picks entries of a configuration kept elsewhere. */
  selects?: boolean;
}

export interface StringLiteral {
  range: Range;
  /** The text between the quotes (escapes left as written); f-string expressions as `{…}`. */
  value: string;
  context: LiteralContext;
}

export interface NumberLiteral {
  range: Range;
  text: string;
  context: LiteralContext;
  /** Set when the number is compared with something: the other operand's source text. */
  comparedWith?: string;
  /** The comparison operator (`>=`, `==`), when compared. */
  operator?: string;
  /** The comparison is inside a check that two arrays agree everywhere (`np.all(np.where(p >= 0.5, …) == pred)`): it verifies, it decides nothing. */
  inCheck?: boolean;
}

export interface ImportInfo {
  range: Range;
  /** Dotted modules it may load: `from a.b import c` gives `a.b` and `a.b.c` (c may be a submodule). */
  modules: string[];
  /** `from . import x`: a module of this package, never a dependency. */
  relative: boolean;
  /** At module level (not inside a function or class). */
  topLevel: boolean;
  /** Inside `try: … except ImportError:` (or its handler): the code runs without it. */
  optional?: boolean;
}

/** A function or class defined at module level. */
export interface Definition {
  name: string;
  kind: 'function' | 'class';
  /** The range of its name. */
  range: Range;
}

export interface CellSummary {
  events: ModuleEvent[];
  definitions: Definition[];
  strings: StringLiteral[];
  /** String literals joined with `+` (`"sk-ant-" + "…"`), as one value; their parts are in `strings` too. */
  joinedStrings?: StringLiteral[];
  numbers: NumberLiteral[];
  /** Global reads inside function and lambda bodies (and annotations): they run later, if at all. */
  deferredReads: DeferredRead[];
  /** Import statements, at any depth. */
  imports: ImportInfo[];
  magics: MagicLine[];
  /** Calls, import aliases, NaN comparisons and chained assignments, for the NB5xx rules. */
  ml: MlFacts;
  syntaxError: boolean;
  /** What NB102 reads in the text itself (comments, R lines): taken here once, so no rule reads a cell's source again. */
  text: TextFacts;
  /** Module-level names the cell iterates as a search of paths (detectors/pathSearch.ts searchedLists); absent when none. */
  searchedLists?: string[];
  /** `CFG = {"run_grid": False, …}` at module level outside any branch: the keys a false literal sets; absent when none. */
  flagDicts?: { name: string; falseKeys: string[] }[];
  /** Items the cell sets, deletes or changes by a method, at any depth: `CFG['k']`, or `CFG[*]` for any key; absent when none. */
  itemWrites?: string[];
}

export interface TextFacts {
  /** A line outside comments with `[a, ...]` or `f(a, ...)`: a documentation snippet to adapt. */
  snippetMark: boolean;
  /** Lines of R assignment `x <- value` (a Python reader sees `x < -value`). */
  rAssignments: number;
  /** `# subscription_id: str = ""`: parameters the reader is to uncomment and fill in. */
  commentedParameters: string[];
  /** A line `print x` / `print >>f, x`: a Python 2 print statement. */
  python2Print: boolean;
}

type ScopeKind = 'module' | 'function' | 'class' | 'comprehension';

interface Scope {
  kind: ScopeKind;
  parent?: Scope;
  /** Names local to this scope (functions and comprehensions: known before the body runs). */
  locals: Set<string>;
  /** Names declared `global` in a function. */
  globals: Set<string>;
  /** For a top-level function's own scope: its summary, which collects its global reads. */
  fn?: FunctionSummary;
  /** For a top-level function's own scope: its parameters. */
  params?: ReadonlySet<string>;
  /** Name of the outermost function or lambda that contains this scope, for messages. */
  owner?: string;
}

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** Exceptions whose handler turns a NameError into a non-event. */
const CATCHES_NAME_ERROR = /^(?:NameError|Exception|BaseException)$/;
/** The `and`-parts of a condition, as written: `a and (b and c)` gives `a`, `b`, `c`. */
function conjuncts(node: Node): string[] {
  if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) return conjuncts(node.namedChild(0)!);
  if (node.type === 'boolean_operator' && node.childForFieldName('operator')?.text === 'and') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left && right) return [...conjuncts(left), ...conjuncts(right)];
  }
  return [node.text.replace(/\s+/g, ' ')];
}

/**
 * A guard the rebind itself makes false, so a second run skips it: `if df.index.name == "id":
 * df = df.reset_index()` (the new index has no name), `if "id" in df.columns: df = df.set_index("id")`
 * (the column is gone), `if "id" in df.columns: df = df.drop(columns="id")`.
 */
function guardFalsifiedBy(guards: readonly Node[], name: string, value: string): boolean {
  if (guards.length === 0) return false;
  const conditions = guards.flatMap(conjuncts);
  const v = value.replace(/\s+/g, '');
  if (new RegExp(`^${name}\\.reset_index\\([^()]*\\)$`).test(v)) {
    const named = new RegExp(`^(?:${name}\\.index\\.name (?:== (["'])[^"']*\\1|is not None|!= None)|(["'])[^"']*\\2 == ${name}\\.index\\.name)$`);
    return conditions.some((c) => named.test(c));
  }
  const column = new RegExp(`^${name}\\.set_index\\((["'])([^"']+)\\1\\)$`).exec(v)?.[2]
    // `if "Intercept" in df.columns: df = df.drop(columns="Intercept")`: the column is gone, the guard false.
    ?? new RegExp(`^${name}\\.drop\\((?:columns=\\[?(["'])([^"']+)\\1\\]?|\\[?(["'])([^"']+)\\3\\]?,(?:axis=)?(?:1|["']columns["']))\\)$`).exec(v)?.slice(2).find((g, i) => i % 2 === 0 && g !== undefined);
  if (column !== undefined) return conditions.some((c) => c === `"${column}" in ${name}.columns` || c === `'${column}' in ${name}.columns`);
  return false;
}

/** Dict methods that set or remove items: a call on `CFG` (or `CFG["a"]`) may change any of them. */
const DICT_WRITERS = new Set(['update', 'setdefault', 'pop', 'popitem', 'clear', '__setitem__', '__delitem__']);
/** A plain string key (`"run_grid"`): no prefix, escape or interpolation. */
const PLAIN_KEY = /^(["'])([\w .:/-]+)\1$/;

/** The item a write changes: `CFG["a"]`, `CFG["a"]["b"]`, `CFG["a"].x` give `CFG['a']`; `CFG[k]`, `CFG.x`, `CFG` itself give `CFG[*]`. */
function writtenItem(node: Node): string | undefined {
  let above: Node | null = null;
  let n: Node | null = node;
  while (n && (n.type === 'subscript' || n.type === 'attribute')) {
    above = n;
    n = n.childForFieldName(n.type === 'subscript' ? 'value' : 'object');
  }
  if (n?.type !== 'identifier') return undefined;
  const key = above?.type === 'subscript' ? PLAIN_KEY.exec(above.childForFieldName('subscript')?.text ?? '')?.[2] : undefined;
  return `${n.text}[${key === undefined ? '*' : `'${key}'`}]`;
}

/** `CFG["run_grid"]`, `CFG.get("run_grid", False)`: a plain key of a named dict, as `CFG['run_grid']`. */
function flagItem(node: Node): string | undefined {
  while (node.type === 'parenthesized_expression' && node.namedChildCount === 1) node = node.namedChild(0)!;
  let object: Node | null = null;
  let key: Node | null = null;
  if (node.type === 'subscript') {
    object = node.childForFieldName('value');
    key = node.childForFieldName('subscript');
  } else if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'get') return undefined;
    object = fn.childForFieldName('object');
    key = node.childForFieldName('arguments')?.namedChildren.find((a) => a?.type !== 'comment') ?? null;
  }
  const plain = key ? PLAIN_KEY.exec(key.text)?.[2] : undefined;
  return object?.type === 'identifier' && plain !== undefined ? `${object.text}['${plain}']` : undefined;
}

const NO_FLAGS: { whenTrue: string[]; whenFalse: string[] } = { whenTrue: [], whenFalse: [] };

/** The dict items an `if` body needs true (`CFG["a"] and x`), and those its `else` needs true (`not CFG["a"]`). */
function flagTests(condition: Node): { whenTrue: string[]; whenFalse: string[] } {
  let inner = condition;
  while (inner.type === 'parenthesized_expression' && inner.namedChildCount === 1) inner = inner.namedChild(0)!;
  if (inner.type === 'not_operator') {
    const argument = inner.childForFieldName('argument');
    const item = argument ? flagItem(argument) : undefined;
    return item ? { whenTrue: [], whenFalse: [item] } : NO_FLAGS;
  }
  const whenTrue = andParts(condition).map(flagItem).filter((i): i is string => i !== undefined);
  return whenTrue.length > 0 ? { whenTrue, whenFalse: [] } : NO_FLAGS;
}

/** The `and`-parts of a condition as nodes. */
function andParts(node: Node): Node[] {
  if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) return andParts(node.namedChild(0)!);
  if (node.type === 'boolean_operator' && node.childForFieldName('operator')?.text === 'and') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left && right) return [...andParts(left), ...andParts(right)];
  }
  return [node];
}

/** The plain keys a dict literal sets to `False`, `None` or `0` (the last entry of a key wins); undefined when a `**spread` or a computed key may set any. */
function falseLiteralKeys(dict: Node): string[] | undefined {
  const falsy = new Map<string, boolean>();
  for (const entry of dict.namedChildren) {
    if (!entry || entry.type === 'comment') continue;
    if (entry.type !== 'pair') return undefined;
    const key = PLAIN_KEY.exec(entry.childForFieldName('key')?.text ?? '')?.[2];
    const value = entry.childForFieldName('value');
    if (key === undefined || !value) return undefined;
    falsy.set(key, value.type === 'false' || value.type === 'none' || (value.type === 'integer' && value.text === '0'));
  }
  return [...falsy].filter(([, f]) => f).map(([k]) => k);
}

/** A condition that is always false: `False`, `0`, `None`, optionally in parentheses. */
const LITERAL_FALSE = /^\(*\s*(?:False|None|0)\s*\)*$/;
/** A test of the running Python's version: `sys.version_info < (3, 0)`, `six.PY2`, `PY3`. */
const PYTHON_VERSION_TEST = /\bsys\.version(?:_info)?\b|\b(?:six\.)?PY[23]\b/;

function nodeRange(node: Node): Range {
  const s = node.startPosition;
  const e = node.endPosition;
  return { start: { line: s.row, character: s.column }, end: { line: e.row, character: e.column } };
}

/** Names a binding target introduces (`a`, `a, (b, *c)`); attribute and subscript targets bind none. */
function targetNames(node: Node, out: string[], depth = 0): void {
  if (depth > MAX_DEPTH) return;
  switch (node.type) {
    case 'identifier':
      out.push(node.text);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'parenthesized_expression':
    case 'list_splat_pattern':
    case 'list_splat':
      for (const child of node.namedChildren) if (child) targetNames(child, out, depth + 1);
  }
}

/** Capture names in a `case` pattern. */
function casePatternNames(node: Node, out: string[], depth = 0): void {
  if (depth > MAX_DEPTH) return;
  switch (node.type) {
    case 'dotted_name':
      if (node.namedChildCount === 1 && node.text !== '_') out.push(node.text);
      return;
    case 'splat_pattern':
    case 'identifier':
      if (node.text !== '_' && node.text !== '*_' && node.text !== '**_') {
        const id = node.type === 'identifier' ? node : node.namedChild(0);
        if (id && id.text !== '_') out.push(id.text);
      }
      return;
    case 'class_pattern': {
      // The first dotted_name is the class, read rather than bound.
      const kids = node.namedChildren;
      for (let i = 1; i < kids.length; i++) if (kids[i]) casePatternNames(kids[i]!, out, depth + 1);
      return;
    }
    case 'keyword_pattern': {
      const kids = node.namedChildren;
      for (let i = 1; i < kids.length; i++) if (kids[i]) casePatternNames(kids[i]!, out, depth + 1);
      return;
    }
    case 'dict_pattern': {
      for (const child of node.namedChildren) {
        if (child && (child.type === 'case_pattern' || child.type === 'splat_pattern')) casePatternNames(child, out, depth + 1);
      }
      return;
    }
    default:
      for (const child of node.namedChildren) if (child) casePatternNames(child, out, depth + 1);
  }
}

/**
 * Names bound anywhere in a function body (Python decides locals before the body
 * runs), plus its `global` declarations (`nonlocal` names are left to the enclosing function). Nested functions and classes contribute
 * only their own name; lambdas and comprehensions nothing.
 */
function collectBindings(node: Node, locals: Set<string>, globals: Set<string>, depth = 0, nonlocals = new Set<string>()): void {
  if (depth > MAX_DEPTH) return;
  // Indexed: this runs over every statement and expression of every function body before V8 optimises it,
  // and unoptimised for-of allocates an iterator and a result per child (95 MB of 4.2 GB in a one-thread check of seen).
  const children = node.namedChildren;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (!child) continue;
    switch (child.type) {
      case 'function_definition':
      case 'class_definition': {
        const name = child.childForFieldName('name');
        if (name) locals.add(name.text);
        continue;
      }
      case 'lambda':
        continue;
      case 'global_statement':
        for (const id of child.namedChildren) if (id?.type === 'identifier') globals.add(id.text);
        continue;
      // A nonlocal name is the enclosing function's: neither this body's local nor a global.
      case 'nonlocal_statement':
        for (const id of child.namedChildren) if (id?.type === 'identifier') nonlocals.add(id.text);
        continue;
      case 'assignment':
      case 'augmented_assignment':
      case 'for_statement':
      case 'for_in_clause': {
        if (child.type === 'for_in_clause') continue;
        const left = child.childForFieldName('left');
        const names: string[] = [];
        if (left) targetNames(left, names);
        for (const n of names) locals.add(n);
        break;
      }
      case 'named_expression': {
        const name = child.childForFieldName('name');
        if (name) locals.add(name.text);
        break;
      }
      case 'as_pattern_target': {
        const names: string[] = [];
        for (const c of child.namedChildren) if (c) targetNames(c, names);
        for (const n of names) locals.add(n);
        continue;
      }
      case 'import_statement':
      case 'import_from_statement':
        for (const n of importedNames(child)) locals.add(n.name);
        continue;
      case 'delete_statement':
        for (const t of deleteTargets(child)) if (t.type === 'identifier') locals.add(t.text);
        continue;
      case 'case_pattern': {
        const names: string[] = [];
        casePatternNames(child, names);
        for (const n of names) locals.add(n);
        continue;
      }
    }
    if (COMPREHENSIONS.has(child.type)) continue;
    collectBindings(child, locals, globals, depth + 1, nonlocals);
  }
  // Once, by the outermost call: the sets only grow, so what a nested call would take out is taken out here.
  if (depth > 0) return;
  for (const g of globals) locals.delete(g);
  for (const n of nonlocals) locals.delete(n);
}

function importedNames(node: Node): { name: string; node: Node }[] {
  const names: { name: string; node: Node }[] = [];
  for (const child of node.childrenForFieldName('name')) {
    if (!child) continue;
    if (child.type === 'aliased_import') {
      const alias = child.childForFieldName('alias');
      if (alias) names.push({ name: alias.text, node: alias });
    } else if (child.type === 'dotted_name') {
      // `import a.b.c` binds `a`; `from m import x` binds `x`.
      const first = node.type === 'import_statement' ? child.namedChild(0) : child.namedChild(child.namedChildCount - 1);
      if (first) names.push({ name: first.text, node: child });
    }
  }
  return names;
}

function deleteTargets(node: Node): Node[] {
  const out: Node[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'expression_list') for (const c of child.namedChildren) c && out.push(c);
    else out.push(child);
  }
  return out;
}

/** `try: import x` / `except ImportError:` (or `ModuleNotFoundError`, `Exception`, bare): imports there are optional. */
function handlerCatchesImportError(tryNode: Node): boolean {
  return tryNode.namedChildren.some((child) => {
    if (child?.type !== 'except_clause') return false;
    const value = child.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment');
    return !value || /\b(?:ImportError|ModuleNotFoundError|Exception|BaseException)\b/.test(value.text);
  });
}

/** The block's first statements (comments aside) include `from google.colab import …` or `import google.colab`, before anything else runs. */
function importsColab(body: Node): boolean {
  for (const statement of body.namedChildren) {
    if (!statement || statement.type === 'comment') continue;
    if (statement.type !== 'import_from_statement' && statement.type !== 'import_statement') return false;
    if (/^(?:from\s+google\.colab\b|import\s+google\.colab\b)/.test(statement.text)) return true;
  }
  return false;
}

function handlerCatchesNameError(tryNode: Node): boolean {
  for (const child of tryNode.namedChildren) {
    if (child?.type !== 'except_clause') continue;
    const value = child.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment');
    if (!value) return true; // bare `except:`
    const expr = value.type === 'as_pattern' ? value.namedChild(0) : value;
    const names = expr?.type === 'tuple' || expr?.type === 'parenthesized_expression' ? expr.namedChildren : [expr];
    for (const n of names) {
      const last = n?.text.split('.').pop() ?? '';
      if (CATCHES_NAME_ERROR.test(last)) return true;
    }
  }
  return false;
}

/** `globals()`, `locals()` or `vars()` at module level: the namespace itself. */
function isNamespaceCall(node: Node | null): boolean {
  if (node?.type !== 'call') return false;
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  return fn?.type === 'identifier' && /^(?:globals|locals|vars)$/.test(fn.text) && (args?.namedChildCount ?? 0) === 0;
}

/** `"x" in globals()` (not `not in`): true only when the name is bound. */
const NAMESPACE_MEMBERSHIP = /(?<!\bnot\s+)\bin\s+(?:globals|locals|dir|vars)\s*\(\s*\)/;
/** Calls that check two arrays agree everywhere. */
const AGREEMENT_CALLS = /^(?:(?:np|numpy)\.(?:all|array_equal|array_equiv)|all|(?:np|numpy)\.testing\.assert_array_equal)$/;

/**
 * A comparison inside `np.all(a == b)`, `(a == b).all()`, `assert a == b` or `np.array_equal(a, b)` (holdout15 ISLP label:
 * `np.all(np.where(lda_prob[:,1] >= 0.5, 'Up', 'Down') == lda_pred)` shows the 50 % rule recreates `predict`).
 */
function insideAgreementCheck(node: Node): boolean {
  let equal = false;
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'comparison_operator' && n.child(1)?.type === '==') equal = true;
    else if (n.type === 'assert_statement') return equal;
    else if (n.type === 'argument_list') {
      const call = n.parent;
      const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
      if (fn && AGREEMENT_CALLS.test(fn.text) && (equal || !/(?:^|\.)all$/.test(fn.text))) return true;
    } else if (n.type === 'attribute' && equal && n.childForFieldName('attribute')?.text === 'all' && n.parent?.type === 'call') return true;
    if (/statement$|^(?:module|block|function_definition|class_definition|lambda)$/.test(n.type)) return false;
  }
  return false;
}

/** Expressions that hand a literal on as their value: `("a" + b)`, `"a" if c else "b"`, `["a"]`. */
const LITERAL_PASS_THROUGH = new Set(['parenthesized_expression', 'binary_operator', 'conditional_expression', 'list', 'tuple', 'set', 'expression_list', 'expression_statement']);
const NO_LITERAL: LiteralContext = Object.freeze({}) as LiteralContext;
const COMPARED: LiteralContext = Object.freeze({ compared: true }) as LiteralContext;
/** Keywords only Matplotlib's line and marker styles take: a `dict(...)` holding one is a bundle of plot options. */
const PLOT_STYLE_KEYWORDS = new Set(['marker', 'markersize', 'markeredgecolor', 'markerfacecolor', 'markeredgewidth', 'linewidth', 'linestyle', 'edgecolor', 'edgecolors', 'facecolor', 'drawstyle', 'cmap']);
/** Keywords that give a drawing its colour: a call given one draws. */
const COLOUR_KEYWORDS = new Set(['color', 'colors', 'rgbcolor', 'facecolor', 'edgecolor', 'edgecolors', 'cmap', 'hue', 'palette']);
/** Methods that only ask whether a path exists: the literal in their receiver is looked for, not used. */
const PROBE_METHODS = new Set(['exists', 'is_file', 'is_dir', 'is_symlink']);

/** Deeper than this, code is machine-made or hostile: it is skipped rather than risking the stack. */
const MAX_DEPTH = 400;

// Shapes tested at every string or operator node, compiled once (a regex literal in a method is a new object per call).
/** The prefix letters of an f-string, up to its `f`. */
const F_STRING_PREFIX = /^[A-Za-z]*[fF]/;
/** A string literal's prefix letters and opening quote. */
const STRING_OPENING = /^([A-Za-z]*)("{3}|'{3}|"|')/;
/** Where a plain (not f-, not bytes) string literal can start. */
const PLAIN_STRING_START = /^[rRuU]?["']/;
const INPLACE_TRUE = /\binplace\s*=\s*True\b/;

/** Identifier characters, to read a name from the source instead of asking the tree (a WASM call). */
const IDENTIFIER_TAIL = /[^\p{L}\p{N}_\p{Mn}\p{Mc}\p{Pc}]/u;

/** `[1, 2]`, `(28, 28)`, `(-1, 1)`: two or more number literals and nothing else. */
function isNumberTuple(node: Node): boolean {
  const items = node.namedChildren.filter((c) => c !== null && c.type !== 'comment');
  return items.length >= 2 && items.every((c) => c !== null && isNumberLiteral(c));
}

function isNumberLiteral(node: Node): boolean {
  if (node.type === 'unary_operator') return node.namedChildren.length === 1 && node.namedChildren[0] !== null && isNumberLiteral(node.namedChildren[0]);
  return node.type === 'integer' || node.type === 'float';
}

/** `n_trees * 2`, `2 * len(x) + 1`, `[step, 0]`: arithmetic or a tuple with a number literal and a name, call or subscript among its operands. */
function mixesNumberWithName(node: Node): boolean {
  let number = false;
  let name = false;
  const walk = (n: Node): void => {
    if (n.type === 'binary_operator' || n.type === 'parenthesized_expression' || n.type === 'unary_operator' || n.type === 'list' || n.type === 'tuple') {
      for (const c of n.namedChildren) if (c) walk(c);
    } else if (n.type === 'integer' || n.type === 'float') number = true;
    else if (n.type === 'identifier' || n.type === 'attribute' || n.type === 'call' || n.type === 'subscript') name = true;
  };
  walk(node);
  return number && name;
}

/** `[your-project-id]`: a list of one `-`-joined chain of plain names, one of them `your` or `my`. */
function isPlaceholderList(node: Node, text: (n: Node) => string): boolean {
  if (node.namedChildCount !== 1) return false;
  const only = node.namedChild(0);
  if (only?.type !== 'binary_operator') return false;
  const words = text(only).split('-').map((w) => w.trim());
  return words.length >= 2 && words.every((w) => /^[A-Za-z_]\w*$/.test(w)) && words.some((w) => /^(?:your|my)$/i.test(w));
}

/**
 * `[\n  diffusers.schedulers.scheduling_pndm.PNDMScheduler,\n  …]` standing alone: output of the cell
 * above pasted as code (class reprs made readable), not reads of the module names it shows.
 */
function isPastedClassList(node: Node, text: (n: Node) => string): boolean {
  const items = node.namedChildren.filter((c) => c?.type !== 'comment');
  return items.length >= 2 && items.every((c) => c?.type === 'attribute' && /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*){2,}$/.test(text(c)))
    && node.parent?.type === 'expression_statement' && node.parent.parent?.type === 'module';
}

/** The name under `a.b[c].d`: `a`; null when the base is not a plain name. */
function baseOf(node: Node): Node | null {
  let base: Node | null = node;
  while (base && (base.type === 'subscript' || base.type === 'attribute')) {
    base = base.childForFieldName(base.type === 'subscript' ? 'value' : 'object');
  }
  return base?.type === 'identifier' ? base : null;
}

/**
 * `data["t"]`, `data['t']`, `model.coef_` as one key: an attribute or an item with a string literal index, under a
 * plain name; undefined for any other target (`df[col]` may be another column by the next statement).
 */
function itemKey(text: string): string | undefined {
  const compact = compactQuotes(text);
  return /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\['[^'\\]*'\])+$/.test(compact) ? compact : undefined;
}

/** Source text without spaces and with one kind of quote, to compare spellings of an item. */
function compactQuotes(text: string): string {
  return text.replace(/\s+/g, '').replace(/"/g, "'");
}

const SELF_ARITHMETIC = /^(?:\+|-|\*|\/|\/\/|%|\*\*|@|<<|>>)$/;

/** Does `target = value` compute the new value from the old one so that a second run changes it again? */
function selfUpdateVerdict(target: string, value: Node, text: (n: Node) => string): Verdict {
  while (value.type === 'parenthesized_expression' && value.namedChildCount === 1) value = value.namedChild(0)!;
  if (value.type === 'binary_operator') {
    // `x = x + 1`, `X = X / 255`: one operand is the old value, no other operand looks at it
    // (`x = x / x.max()` normalises, which a second run leaves as it is).
    const leaves: Node[] = [];
    const operators: string[] = [];
    const flatten = (n: Node) => {
      while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0)!;
      if (n.type === 'binary_operator') {
        const [l, r] = n.namedChildren;
        operators.push(n.childForFieldName('operator')?.text ?? '');
        if (l) flatten(l);
        if (r) flatten(r);
      } else leaves.push(n);
    };
    flatten(value);
    if (!operators.every((o) => SELF_ARITHMETIC.test(o))) return 'unknown';
    const self = leaves.filter((l) => text(l) === target);
    const others = leaves.filter((l) => mentions(text(l), target));
    return self.length === 1 && others.length === 1 ? { changes: `\`${text(value)}\` changes it again on each run` } : 'unknown';
  }
  if (value.type !== 'call') return 'unknown';
  const fn = value.childForFieldName('function');
  const args = value.childForFieldName('arguments');
  // `df = df.dropna().reset_index()`: a chain of methods on the old value.
  const chain: { method: string; args: string }[] = [];
  let node: Node | null = value;
  while (node) {
    if (node.type === 'call') {
      const f: Node | null = node.childForFieldName('function');
      if (f?.type !== 'attribute') break;
      chain.unshift({ method: f.childForFieldName('attribute')?.text ?? '', args: node.childForFieldName('arguments')?.text ?? '' });
      node = f.childForFieldName('object');
    } else if (node.type === 'attribute' && ACCESSORS.has(node.childForFieldName('attribute')?.text ?? '')) {
      node = node.childForFieldName('object');
    } else break;
  }
  if (node && chain.length > 0 && text(node) === target) return methodChainVerdict(chain, target);
  // `df = pd.concat([df, extra])`: a known growing function given the old value.
  const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
  const growing = name && Object.hasOwn(GROWING_FUNCTIONS, name) ? GROWING_FUNCTIONS[name] : undefined;
  if (!growing || !args || fn?.type !== 'attribute') return 'unknown';
  const passed = args.namedChildren.flatMap((a) => (a && (a.type === 'list' || a.type === 'tuple') ? a.namedChildren : [a]));
  // The call's own `axis=` (not one of a call inside its arguments: `pd.concat([df, x.drop("a", axis=1)])`).
  const axis = args.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'axis')?.childForFieldName('value');
  const changes = growing.alongColumns && axis && ALONG_COLUMNS.test(text(axis)) ? growing.alongColumns : growing.changes;
  // `results = pd.concat(results)`: the value itself is the iterable of frames, not one of them.
  const positional = args.namedChildren.filter((a) => a && a.type !== 'keyword_argument' && a.type !== 'comment');
  if (growing.ofItsItems && positional.length === 1 && positional[0] && positional[0].type === 'identifier' && text(positional[0]) === target) {
    return { changes: `\`${name}()\` ${growing.ofItsItems}` };
  }
  return passed.some((a) => a && text(a) === target) ? { changes: `\`${name}()\` ${changes}` } : 'unknown';
}

/** The condition asks whether a path the value names exists (`X if Path(X).exists() else Y`). */
function probesOwnPath(condition: string, value: string): boolean {
  if (!/\b(?:exists|isdir|isfile|is_dir|is_file)\s*\(/.test(condition)) return false;
  return (value.match(/(["'])[^"'\n]{2,}\1/g) ?? []).some((quoted) => condition.includes(quoted.slice(1, -1)));
}

/** Does every handler of the `try` fall back: `pass`, `continue`, or a default for a name the body binds (`except OSError: data = {}`)? */
function handlersFallBack(tryNode: Node, body: Node): boolean {
  const bound = new Set<string>();
  collectBindings(body, bound, new Set());
  const handlers = tryNode.namedChildren.filter((c): c is Node => c?.type === 'except_clause');
  return handlers.length > 0 && handlers.every((handler) => {
    const block = handler.namedChildren.find((c) => c?.type === 'block');
    return block !== undefined && block !== null && block.namedChildren.every((s) => s !== null && isFallbackStatement(s, bound));
  });
}

function isFallbackStatement(statement: Node, bound: Set<string>): boolean {
  if (statement.type === 'comment' || statement.type === 'pass_statement' || statement.type === 'continue_statement') return true;
  if (statement.type !== 'expression_statement') return false;
  const expr = statement.namedChild(0);
  if (expr?.type !== 'assignment') return false;
  const names: string[] = [];
  const left = expr.childForFieldName('left');
  if (left) targetNames(left, names);
  return names.length > 0 && names.every((n) => bound.has(n));
}

/** `if IN_COLAB:`, `if "google.colab" in sys.modules:`, `if mount_google_drive:` (a Drive flag or a `# @param` form switch). */
function isColabBranch(condition: Node, code: string): boolean {
  const text = condition.text;
  if (/^not\b/.test(text)) return false;
  // `colab` inside a word (`google.colab`, `IN_COLAB`, `is_colab_env`): a plain search, where `\b\w*colab\w*\b` backtracked over every word of a long condition.
  if (/colab/i.test(text) && !/\bnot\b|==\s*False/.test(text)) return true;
  if (condition.type !== 'identifier') return false;
  if (/drive|mount/i.test(text)) return true;
  // A regular expression per `if` over the whole cell, built only for a cell with a form field.
  return code.includes('@param') && new RegExp(`^\\s*${text}\\s*=\\s*(?:True|False)\\s*#\\s*@param`, 'm').test(code);
}

/** `os.name == "nt"`, `platform.system() == "Windows"`, `sys.platform == "win32"` or `.startswith("win")`. */
function isWindowsTest(condition: Node | null): boolean {
  const raw = condition?.text ?? '';
  // Every form names `platform` or `os.name`: other conditions are not rewritten and matched.
  if (!raw.includes('platform') && !raw.includes('os.name')) return false;
  return WINDOWS_TEST.test(raw.replace(/\s+/g, ' ').replace(/^\(\s*(.*?)\s*\)$/, '$1'));
}

const WINDOWS_VALUE = String.raw`(?:"(?:nt|Windows|win32)"|'(?:nt|Windows|win32)')`;
const PLATFORM = String.raw`(?:os\.name|platform\.system\(\)|sys\.platform)`;
const WINDOWS_TEST = new RegExp(String.raw`^(?:\(?${PLATFORM}\)?\s*==\s*${WINDOWS_VALUE}|${WINDOWS_VALUE}\s*==\s*${PLATFORM}|sys\.platform\.startswith\((?:"win"|'win')\))$`);

/** Arithmetic on number literals only: `10**(-2)`, `1e-3 * 2`, `2 ** 10`. */
function isNumberExpression(node: Node): boolean {
  switch (node.type) {
    case 'integer':
    case 'float':
      return true;
    case 'unary_operator':
    case 'parenthesized_expression':
    case 'binary_operator': {
      const kids = node.namedChildren.filter((k): k is Node => k !== null && k.type !== 'comment' && k.type !== 'line_continuation');
      return kids.length > 0 && kids.every(isNumberExpression);
    }
    default:
      return false;
  }
}

/**
 * Literal toy data a demo call runs on: `range(20)`, `list(range(8))`, `np.arange(10)`, `[i for i in range(20)]`;
 * with `lists`, also `[0, 1, 2, 3]` (only as a name's value: a literal list passed directly is as often weights, `randomSplit([0.8, 0.2])`).
 */
function isToyData(node: Node, lists = false): boolean {
  switch (node.type) {
    case 'call':
      return /^(?:range|(?:np|numpy)\.arange)\(\s*\d+(?:\s*,\s*\d+){0,2}\s*\)$|^list\(range\(\s*\d+(?:\s*,\s*\d+){0,2}\s*\)\)$/.test(node.text);
    case 'list':
    case 'tuple':
      return lists && node.namedChildCount > 0 && node.namedChildren.every((c) => c !== null && /^(?:integer|float|string)$/.test(c.type));
    case 'list_comprehension': {
      const clause = node.namedChildren.find((c) => c?.type === 'for_in_clause');
      const right = clause?.childForFieldName('right');
      return right !== null && right !== undefined && isToyData(right);
    }
  }
  return false;
}

/**
 * A loop body that only prints, in loops of its own (`for f in files: print(os.path.join(d, f))`), with
 * the starter's depth limit: `depth = root.count(os.sep) - …`, `if depth <= 2: print(…)`, `dirs.clear()`.
 */
function onlyPrints(body: Node | null): boolean {
  return body !== null && body.namedChildren.every((statement) => {
    if (!statement || /^(?:comment|pass_statement|continue_statement|break_statement)$/.test(statement.type)) return true;
    if (statement.type === 'for_statement') return onlyPrints(statement.childForFieldName('body'));
    if (statement.type === 'if_statement') {
      const condition = statement.childForFieldName('condition');
      return condition !== null && onlyCounts(condition) && onlyPrints(statement.childForFieldName('consequence'))
        && statement.namedChildren.every((c) => !c || (c.type !== 'elif_clause' && c.type !== 'else_clause') || onlyPrints(c.childForFieldName('consequence') ?? c.childForFieldName('body')));
    }
    const expr = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
    if (expr?.type === 'assignment') {
      const right = expr.childForFieldName('right');
      // A depth (`depth = root.count(os.sep) - …`), never a path kept (`model_dir = root`).
      return expr.childForFieldName('left')?.type === 'identifier' && right !== null && right.descendantsOfType('call').length > 0 && onlyCounts(right);
    }
    const fn = expr?.type === 'call' ? expr.childForFieldName('function')?.text : undefined;
    // `dirs.clear()` stops os.walk from going deeper.
    return fn === 'print' || (fn !== undefined && /^[A-Za-z_]\w*\.clear$/.test(fn));
  });
}

/** An expression whose only calls count or measure (`root.count(os.sep)`, `len(files)`). */
function onlyCounts(node: Node): boolean {
  if (node.type === 'call' && !/(?:^|\.)(?:count|len)$/.test(node.childForFieldName('function')?.text ?? '')) return false;
  return node.namedChildren.every((c) => !c || onlyCounts(c));
}

class CellWalker {
  readonly events: ModuleEvent[] = [];
  readonly deferredReads: DeferredRead[] = [];
  readonly imports: ImportInfo[] = [];
  readonly definitions: Definition[] = [];
  readonly strings: StringLiteral[] = [];
  readonly numbers: NumberLiteral[] = [];
  readonly ml: MlFactCollector;
  readonly joinedStrings: StringLiteral[] = [];
  /** >0 while visiting the receiver of an existence probe (`Path(...).exists()`). */
  private probeDepth = 0;
  /** The call whose arguments are being visited: the owner of a `dict(...)` given as one of them. */
  private argumentsOf: string | undefined;
  /** Inside a `+` chain of literals already being joined (only the outermost is recorded). */
  private joining = false;
  syntaxError = false;
  /** Lines of module-level `try` statements whose handler catches NameError (a magic there is expected to fail). */
  readonly nameErrorTries: { line: number; column: number }[] = [];
  /** Context for the literal being visited; set only around a direct argument or value. */
  private literal: LiteralContext = NO_LITERAL;

  private scope: Scope = { kind: 'module', locals: new Set(), globals: new Set() };
  /** >0 inside `try` bodies whose handler catches NameError, or `if 'x' in globals()`. */
  private guardDepth = 0;
  /** Names a `%%timeit` body binds: they live in timeit's namespace, not the notebook's. */
  private readonly timedBound = new Set<string>();
  /**
   * Containers an enclosing `if` tests membership of: `if k in d: del d[k]` finds nothing to delete
   * on a second run, `if x not in items: items.append(x)` nothing to add.
   */
  private membershipTested: { name: string; absent: boolean }[] = [];
  /** The conditions of the `if` bodies around the current statement. */
  private ifConditions: Node[] = [];
  /** Names bound somewhere inside each enclosing module-level loop. */
  private loopBound: Set<string>[] = [];
  /** >0 inside if/try/loop/match at module level: a `del` there may not run. */
  private conditionalDepth = 0;
  /** >0 inside a top-level function's branch or loop whose test reads one of its parameters. */
  private argumentBranchDepth = 0;
  /** Inside a `try` whose handler catches ImportError: imports there are optional. */
  private optionalImportDepth = 0;
  /** >0 inside `try` bodies whose handlers fall back, and inside Colab-only branches: see LiteralContext. */
  private fallbackDepth = 0;
  /** >0 inside an f-string's interpolations. */
  private fstringDepth = 0;
  private colabDepth = 0;
  /** >0 inside branches that run only on Windows. */
  private windowsDepth = 0;
  /** Module-level names this cell binds to literal toy data (`int_text = [i for i in range(20)]`). */
  private readonly toyNames = new Set<string>();
  /**
   * Items and attributes (`data["t"]`, `model.coef_`) this cell has set at module level, outside any branch or loop,
   * from a value that does not read them: a later `data["t"] = data["t"] / 60` changes the fresh value, the same on every run.
   */
  private readonly rebuiltItems = new Set<string>();
  /** The dict items (`CFG['run_grid']`) the enclosing module-level `if` bodies need true to run. */
  private flagStack: string[] = [];
  readonly flagDicts: { name: string; falseKeys: string[] }[] = [];
  readonly itemWrites = new Set<string>();

  /**
   * @param outline walk only the statements that can hold an import or a definition (outlineCell):
   * the same code decides which of them run, so the imports and definitions are the full walk's.
   */
  constructor(private readonly code: string, private readonly readOnlyLines: Set<number>, private readonly outline = false) {
    this.ml = new MlFactCollector(code);
  }

  /** The identifier starting at the node, read from the source; '' for a zero-width (missing) node. */
  private nameAt(node: Node): string {
    const start = node.startIndex;
    const rest = this.code.slice(start, start + 256);
    const end = rest.search(IDENTIFIER_TAIL);
    return end < 0 ? rest : rest.slice(0, end);
  }

  /** Range of an identifier without asking the tree for its end (identifiers never span lines). */
  private nameRange(node: Node, name: string): Range {
    const s = node.startPosition;
    return { start: { line: s.row, character: s.column }, end: { line: s.row, character: s.column + name.length } };
  }

  /** Nesting depth of `visit`; code nested deeper than MAX_DEPTH is not read (no stack overflow on hostile input). */
  private depth = 0;
  truncated = false;

  // Bound once: `visit` runs for every node, and a fresh closure per call would feed the GC.
  private readonly visitNodeStep = (n: Node) => this.visitNode(n);
  private readonly bindTargetStep = (n: Node) => this.bindTargetNode(n);
  private readonly casePatternStep = (n: Node) => this.visitCasePatternNode(n);

  visit(node: Node): void {
    if (this.outline && !OUTLINE_PATH.has(node.type)) return;
    this.nested(node, this.visitNodeStep);
  }

  /** Run `step` one level deeper, unless that is past MAX_DEPTH (then the cell is marked truncated). */
  private nested(node: Node, step: (node: Node) => void): void {
    if (this.depth >= MAX_DEPTH) {
      this.truncated = true;
      return;
    }
    this.depth++;
    try {
      step(node);
    } finally {
      this.depth--;
    }
  }

  private visitNode(node: Node): void {
    if (node.type === 'boolean_operator' && this.visitGuardedAnd(node)) return;
    switch (node.type) {
      case 'identifier':
      case 'keyword_identifier':
        this.read(node, false);
        return;
      case 'list':
      case 'tuple':
        // `seed=[1, 2]`, `shape=(28, 28)`: one value of its keyword, not one per element.
        if ((this.literal.keyword !== undefined || this.literal.target !== undefined) && isNumberTuple(node)) {
          this.numbers.push({ range: nodeRange(node), text: this.spanText(node), context: this.literal });
          return;
        }
        // `seed=[step, 0]`: the 0 is part of a value derived from `step`.
        if (!this.literal.factor && (this.literal.keyword !== undefined || this.literal.target !== undefined) && mixesNumberWithName(node)) {
          return this.withLiteral({ ...this.literal, factor: true }, node);
        }
        if (node.type === 'tuple') return this.visitChildren(node);
        // `MODEL = [your-model-id]`: a placeholder to fill in, not reads of `your`, `model` and `id`.
        if (isPlaceholderList(node, (n) => this.spanText(n))) return;
        if (isPastedClassList(node, (n) => this.spanText(n))) return;
        return this.visitChildren(node);
      case 'integer':
      case 'float':
        if (this.literal.keyword !== undefined || this.literal.target !== undefined) {
          this.numbers.push({ range: nodeRange(node), text: this.spanText(node), context: this.literal });
        }
        return;
      case 'comparison_operator':
        return this.visitComparison(node);
      case 'binary_operator':
        return this.visitBinary(node);
      case 'concatenated_string':
        return this.visitConcatenated(node);
      case 'pair':
        return this.visitPair(node);
      case 'comment':
      case 'string_content':
      case 'true':
      case 'false':
      case 'none':
      case 'escape_sequence':
        return;
      case 'ERROR':
        this.syntaxError = true;
        return;
      case 'string': {
        const fstring = F_STRING_PREFIX.test(this.code.slice(node.startIndex, node.startIndex + 3));
        this.recordString(node, fstring);
        // Only f-strings hold code; the prefix letters come before the quote.
        if (fstring) {
          const saved = this.literal;
          this.literal = NO_LITERAL;
          this.fstringDepth++;
          for (const child of node.namedChildren) if (child?.type === 'interpolation') this.visitChildren(child);
          this.fstringDepth--;
          this.literal = saved;
        }
        return;
      }
      case 'attribute': {
        const object = node.childForFieldName('object');
        if (object) this.visit(object);
        return;
      }
      case 'keyword_argument': {
        const value = node.childForFieldName('value');
        if (value) this.visit(value);
        return;
      }
      case 'call':
        return this.visitCall(node);
      case 'conditional_expression': {
        // `a if cond else b` runs `cond` first: `keys(t) if (t := load()) else []` binds `t` before reading it.
        const parts = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
        if (parts.length !== 3) return this.visitChildren(node);
        // `Path("/kaggle/working") if Path("/kaggle/working").exists() else Path(".")`: the path is used only where it exists.
        const used = probesOwnPath(this.spanText(parts[1]), this.spanText(parts[0]));
        this.visit(parts[1]);
        if (used) this.fallbackDepth++;
        this.visit(parts[0]);
        if (used) this.fallbackDepth--;
        this.visit(parts[2]);
        return;
      }
      case 'assignment':
        return this.visitAssignment(node);
      case 'augmented_assignment':
        return this.visitAugmented(node);
      case 'named_expression': {
        const value = node.childForFieldName('value');
        if (value) this.visit(value);
        const name = node.childForFieldName('name');
        if (name) this.bind(name.text, name, true);
        return;
      }
      case 'for_statement':
      case 'while_statement':
        return this.visitLoop(node);
      case 'if_statement':
        return this.visitIf(node);
      case 'block':
        return this.visitBlock(node);
      case 'try_statement':
        return this.visitTry(node);
      case 'with_statement':
        return this.visitWith(node);
      case 'except_clause':
        return this.visitExcept(node);
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        return this.visitImport(node);
      case 'decorated_definition':
        return this.visitDecorated(node);
      case 'function_definition':
        return this.visitFunction(node, []);
      case 'class_definition':
        return this.visitClass(node, []);
      case 'lambda':
        return this.visitLambda(node);
      case 'global_statement':
      case 'nonlocal_statement':
        return;
      case 'delete_statement':
        return this.visitDelete(node);
      case 'match_statement':
        return this.visitMatch(node);
      case 'exec_statement':
        this.unknown(node, 'exec');
        return;
      case 'type_alias_statement':
        return;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        return this.visitComprehension(node);
      default:
        if (LITERAL_PASS_THROUGH.has(node.type) || this.literal === NO_LITERAL) this.visitChildren(node);
        else {
          const saved = this.literal;
          this.literal = NO_LITERAL;
          this.visitChildren(node);
          this.literal = saved;
        }
    }
  }

  /** `'session_key' in dir() and session_key`: `and` reads its right side only when the name exists, so no NameError. */
  private visitGuardedAnd(node: Node): boolean {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right || node.childForFieldName('operator')?.type !== 'and' || !NAMESPACE_MEMBERSHIP.test(this.spanText(left))) return false;
    const saved = this.literal;
    this.literal = NO_LITERAL;
    this.visit(left);
    this.guardDepth++;
    this.visit(right);
    this.guardDepth--;
    this.literal = saved;
    return true;
  }

  private visitChildren(node: Node): void {
    for (const child of node.namedChildren) if (child) this.visit(child);
  }

  // ---- literals ----

  private spanText(node: Node): string {
    return this.code.slice(node.startIndex, node.endIndex);
  }

  private recordString(node: Node, fstring: boolean): void {
    const value = this.stringValue(node, fstring);
    if (value !== undefined) this.strings.push({ range: nodeRange(node), value, context: this.stringContext() });
  }

  /** The literal context, with what the enclosing `try` or `if` says about whether the code must run. */
  private stringContext(): LiteralContext {
    if (this.fallbackDepth === 0 && this.colabDepth === 0 && this.windowsDepth === 0) return this.literal;
    return { ...this.literal, ...(this.fallbackDepth > 0 ? { fallback: true } : {}), ...(this.colabDepth > 0 ? { colabOnly: true } : {}), ...(this.windowsDepth > 0 ? { windowsOnly: true } : {}) };
  }

  private stringValue(node: Node, fstring: boolean): string | undefined {
    const raw = this.spanText(node);
    const m = STRING_OPENING.exec(raw);
    if (!m) return undefined;
    const quote = m[2];
    const closed = raw.length >= m[0].length + quote.length && raw.endsWith(quote);
    const value = raw.slice(m[0].length, closed ? raw.length - quote.length : raw.length);
    // f-string expressions are code, not text: keep their place, not their content.
    return fstring ? value.replace(/\{\{|\}\}|\{[^{}]*\}/g, (t) => (t === '{{' ? '{' : t === '}}' ? '}' : '{…}')) : value;
  }

  /** The value of `"a" + "b" + …` when every operand is a plain string literal. */
  private joinedValue(node: Node): string | undefined {
    switch (node.type) {
      case 'string':
        return F_STRING_PREFIX.test(this.code.slice(node.startIndex, node.startIndex + 3)) ? undefined : this.stringValue(node, false);
      case 'concatenated_string': {
        let out = '';
        for (const part of node.namedChildren) {
          const v = part ? this.joinedValue(part) : undefined;
          if (v === undefined) return undefined;
          out += v;
        }
        return out;
      }
      case 'parenthesized_expression':
        return node.namedChildren.length === 1 && node.namedChildren[0] ? this.joinedValue(node.namedChildren[0]) : undefined;
      case 'binary_operator': {
        if (node.child(1)?.type !== '+') return undefined;
        const [left, right] = node.namedChildren;
        const l = left ? this.joinedValue(left) : undefined;
        const r = l !== undefined && right ? this.joinedValue(right) : undefined;
        return l !== undefined && r !== undefined ? l + r : undefined;
      }
    }
    return undefined;
  }

  /** Run `visit` with a literal context, restoring the previous one after. */
  private withLiteral(context: LiteralContext, node: Node): void {
    const saved = this.literal;
    this.literal = context;
    this.visit(node);
    this.literal = saved;
  }

  private visitConcatenated(node: Node): void {
    // `"a" "b"` is one value; record it once with the context it is used in.
    const before = this.strings.length;
    for (const part of node.namedChildren) if (part?.type === 'string') this.visit(part);
    const recorded = this.strings.splice(before);
    if (recorded.length === 0) return;
    this.strings.push({
      range: { start: recorded[0].range.start, end: recorded[recorded.length - 1].range.end },
      value: recorded.map((r) => r.value).join(''),
      context: this.stringContext(),
    });
  }

  private visitPair(node: Node): void {
    const key = node.childForFieldName('key');
    const value = node.childForFieldName('value');
    const saved = this.literal;
    this.literal = NO_LITERAL;
    if (key) this.visit(key);
    this.literal = saved;
    // A pair the parser rebuilt around a syntax error (a missing comma: `"HF_TOKEN": "your_token_here"` then the next
    // entry's `"MODEL": "Qwen/…"`) pairs its key with another entry's value (holdout19 label).
    const broken = node.children.some((c) => c?.type === 'ERROR');
    const keyText = key?.type === 'string' && !broken ? this.strings[this.strings.length - 1]?.value : undefined;
    // `filter_dict={"model": ["gpt-4", …]}` names which entries of a loaded configuration to keep (holdout15 FLAML labels).
    const given = node.parent?.type === 'dictionary' ? node.parent.parent : undefined;
    const selects = given?.type === 'keyword_argument' && given.childForFieldName('name')?.text === 'filter_dict' ? { selects: true } : {};
    if (value) this.withLiteral(keyText !== undefined ? { target: keyText, ...selects } : NO_LITERAL, value);
  }

  /** In `base + "/x.csv"` or `root / "data"` the right-hand literal is a suffix, not a whole value. */
  private visitBinary(node: Node): void {
    // Named children are [left, right]: one call into the tree instead of two field lookups
    // (plus a `line_continuation` or comment between them when a backslash ends the line).
    const kids = node.namedChildren;
    const [left, right] = kids.length === 2 ? kids : kids.filter((k) => k?.type !== 'line_continuation' && k?.type !== 'comment');
    // Only a chain that starts with a plain string literal can be one (a cheap look at the source first).
    const joined = this.joining || !PLAIN_STRING_START.test(this.code.slice(node.startIndex, node.startIndex + 2)) ? undefined : this.joinedValue(node);
    if (joined !== undefined) this.joining = true;
    // `alpha=10**(-2)`: one value written as arithmetic on numbers (the message shows it whole, not `alpha=10`).
    if ((this.literal.keyword !== undefined || this.literal.target !== undefined) && !this.literal.factor && isNumberExpression(node)) {
      this.numbers.push({ range: nodeRange(node), text: this.spanText(node), context: this.literal });
      return;
    }
    const saved = this.literal;
    // `n_trees * 2`: the 2 is a factor of a value derived from `n_trees`; `1e-3 * 2` is a value of its own.
    if (!saved.factor && (saved.keyword !== undefined || saved.target !== undefined) && mixesNumberWithName(node)) this.literal = { ...saved, factor: true };
    if (left) this.visit(left);
    if (right) this.withLiteral(this.literal === NO_LITERAL ? NO_LITERAL : { ...this.literal, suffix: true }, right);
    this.literal = saved;
    if (joined === undefined) return;
    this.joining = false;
    this.joinedStrings.push({ range: nodeRange(node), value: joined, context: this.stringContext() });
  }

  private visitComparison(node: Node): void {
    const saved = this.literal;
    this.literal = COMPARED;
    const operands = node.namedChildren.filter((c): c is Node => c !== null);
    for (const operand of operands) this.visit(operand);
    this.literal = saved;
    this.ml.comparison(node, operands);
    if (operands.length !== 2) return;
    const [a, b] = operands;
    const number = a.type === 'float' ? a : b.type === 'float' ? b : undefined;
    const other = number === a ? b : a;
    // `f"{(scores >= 0.9).sum()} pages"` counts for display: a comparison inside an f-string decides nothing.
    if (number && other.type !== 'float' && other.type !== 'integer' && this.fstringDepth === 0) {
      const found: NumberLiteral = { range: nodeRange(number), text: this.spanText(number), context: {}, comparedWith: this.spanText(other), operator: node.child(1)?.type };
      if (insideAgreementCheck(node)) found.inCheck = true;
      this.numbers.push(found);
    }
  }

  // ---- names ----

  private read(node: Node, call: boolean): void {
    const name = this.nameAt(node);
    if (name === '') return; // a missing node inserted by error recovery, not written by the user
    this.readAt(name, () => this.nameRange(node, name), call);
  }

  /** `df.query("amount > @cutoff")` and `df.eval(...)`: pandas reads `@name` from the caller's variables. */
  private readPandasExpression(node: Node): void {
    if (node.type !== 'string' || F_STRING_PREFIX.test(this.code.slice(node.startIndex, node.startIndex + 3))) return;
    const raw = this.spanText(node);
    if (!raw.includes('@')) return;
    const start = node.startPosition;
    for (const m of raw.matchAll(/(?<![\w.@])@([A-Za-z_]\w*)/g)) {
      const before = raw.slice(0, m.index! + 1);
      const line = start.row + (before.match(/\n/g)?.length ?? 0);
      const column = (before.includes('\n') ? before.length - before.lastIndexOf('\n') - 1 : start.column + before.length);
      this.readAt(m[1], () => ({ start: { line, character: column }, end: { line, character: column + m[1].length } }), false);
    }
  }

  private readAt(name: string, rangeOf: () => Range, call: boolean): void {
    let scope: Scope | undefined = this.scope;
    while (scope) {
      if (scope.kind === 'function') {
        if (scope.globals.has(name)) break;
        if (scope.locals.has(name)) return;
      } else if (scope.kind === 'comprehension') {
        if (scope.locals.has(name)) return;
      } else if (scope.kind === 'class') {
        // A class body sees its own names only while it runs, not from nested functions.
        if (scope === this.scope && scope.locals.has(name)) return;
      } else {
        break;
      }
      scope = scope.parent;
    }
    const range = rangeOf();
    const fnScope = this.innermostFunction();
    if (fnScope) {
      // `try: HF_TOKEN … except NameError:` inside a function guards the read as well as at module level.
      if (this.guardDepth === 0) this.deferredReads.push({ name, range, owner: fnScope.owner ?? '<lambda>' });
      // Only a top-level function's own body runs when it is called; nested ones may not.
      if (fnScope.fn && this.guardDepth === 0) {
        fnScope.fn.reads.push(this.argumentBranchDepth > 0 ? { name, range, argumentDependent: true } : { name, range });
        if (call) fnScope.fn.calls.push(name);
      }
      return;
    }
    // A `%%timeit` body reads what it bound itself in its own namespace.
    if (this.timedBound.has(name) && this.readOnlyLines.has(range.start.line)) return;
    const guarded = this.guardDepth > 0 || this.loopBound.some((s) => s.has(name));
    this.events.push(this.flagStack.length > 0 ? { kind: 'read', name, range, guarded, call, flags: [...this.flagStack] } : { kind: 'read', name, range, guarded, call });
  }

  private innermostFunction(): Scope | undefined {
    for (let s: Scope | undefined = this.scope; s; s = s.parent) if (s.kind === 'function') return s;
    return undefined;
  }

  /** Bind `name` in the current scope (walrus: in the nearest non-comprehension scope). */
  private bind(name: string, node: Node, walrus = false, fn?: FunctionSummary, isClass = false): void {
    let scope = this.scope;
    if (walrus) while (scope.kind === 'comprehension' && scope.parent) scope = scope.parent;
    if (scope.kind === 'class') {
      scope.locals.add(name);
      return;
    }
    const global = scope.kind === 'module' || (scope.kind === 'function' && scope.globals.has(name));
    if (!global) return;
    const range = nodeRange(node);
    if (this.readOnlyLines.has(range.start.line)) {
      if (scope.kind === 'module') this.timedBound.add(name);
      return;
    }
    this.events.push(isClass ? { kind: 'def', name, range, isClass } : { kind: 'def', name, range, fn });
  }

  private bindTarget(node: Node): void {
    this.nested(node, this.bindTargetStep);
  }

  private bindTargetNode(node: Node): void {
    switch (node.type) {
      case 'identifier':
        this.bind(node.text, node);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'parenthesized_expression':
      case 'list_splat_pattern':
      case 'list_splat':
        for (const child of node.namedChildren) if (child) this.bindTarget(child);
        return;
      default:
        // `globals()["x"] = ...` binds a name we cannot see.
        if (node.type === 'subscript' && isNamespaceCall(node.childForFieldName('value'))) this.unknown(node, 'globals()');
        this.noteItemWrite(node);
        this.visit(node); // attribute or subscript target: its object is read
    }
  }

  private noteItemWrite(target: Node): void {
    const item = writtenItem(target);
    if (item !== undefined) this.itemWrites.add(item);
  }

  private unknown(node: Node, why: string): void {
    if (this.scope.kind === 'module') this.events.push({ kind: 'unknown', range: nodeRange(node), why });
  }

  private mutate(base: Node, node: Node, how: string): void {
    if (this.scope.kind !== 'module' || base.type !== 'identifier') return;
    // `rows = []` then `rows.append(r)` in a `%%timeit` body: timeit's own list, gone after the cell.
    if (this.timedBound.has(base.text) && this.readOnlyLines.has(node.startPosition.row)) return;
    const removes = /^`del`|^\.(?:pop|popitem|popleft|remove)\(/.test(how);
    if (this.membershipTested.some((t) => t.name === base.text && (t.absent || removes))) return;
    this.events.push({ kind: 'mutate', name: base.text, range: nodeRange(node), how });
  }

  // ---- statements and expressions ----

  private visitCall(node: Node): void {
    // Named children are [function, arguments] (comments aside): one call into the tree.
    const kids = node.namedChildren;
    const fn = kids[0] ?? null;
    const args = kids.length > 1 ? kids[kids.length - 1] : null;
    const saved = this.literal;
    this.literal = NO_LITERAL;
    if (fn?.type === 'identifier') {
      this.read(fn, true);
      if (fn.text === 'exec') this.unknown(node, 'exec()');
    } else if (fn) {
      // `globals().update(...)` binds names we cannot see.
      if (fn.type === 'attribute' && isNamespaceCall(fn.childForFieldName('object'))) this.unknown(node, 'globals()');
      const probe = fn.type === 'attribute' && PROBE_METHODS.has(this.spanText(fn).slice(this.spanText(fn).lastIndexOf('.') + 1));
      if (probe) this.probeDepth++;
      const receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
      // `'/kaggle/input'.count(os.sep)`, `"/content/".startswith`: the text taken apart, not a path used.
      if (receiver?.type === 'string' && NOT_A_USE.test(this.spanText(fn))) this.withLiteral({ callee: this.spanText(fn) }, receiver);
      else this.visit(fn);
      if (probe) this.probeDepth--;
    }
    if (args) this.visitArguments(args, fn && (fn.type === 'identifier' || fn.type === 'attribute') ? this.spanText(fn) : undefined);
    this.literal = saved;
    this.ml.call(node, fn, args, this.scope.kind === 'module');
    if (fn?.type === 'attribute') {
      const object = fn.childForFieldName('object');
      const method = fn.childForFieldName('attribute')?.text ?? '';
      if (object && DICT_WRITERS.has(method)) this.noteItemWrite(object);
      const first = args?.type === 'argument_list' ? args.namedChildren.find((a) => a?.type !== 'comment') : undefined;
      if ((method === 'query' || method === 'eval') && first) this.readPandasExpression(first);
      const growing = Object.hasOwn(GROWING_METHODS, method) ? GROWING_METHODS[method] : undefined;
      const argumentCount = (growing?.sameFromArguments || growing?.arity) && args ? args.namedChildren.filter((a) => a?.type !== 'comment').length : 0;
      if (object && growing && (!growing.statementOnly || node.parent?.type === 'expression_statement') && !(growing.sameFromArguments && argumentCount >= growing.sameFromArguments)
        && (growing.arity === undefined || argumentCount === growing.arity)) this.mutate(object, node, `.${method}() ${growing.changes}`);
      else if (object && args && INPLACE_TRUE.test(args.text)) {
        const verdict = inplaceVerdict(method, args.text, this.spanText(object));
        if (typeof verdict === 'object' && !this.dropsOnlyRebuilt(this.spanText(object), method, args.text)) this.mutate(object, node, `${verdict.changes.replace(/\(\)/, '(inplace=True)')}`);
      }
    }
  }

  private visitArguments(args: Node, callee: string | undefined): void {
    if (args.type !== 'argument_list') return this.visit(args); // a generator argument: f(x for x in y)
    // `ax.text(x, y, s, bbox=dict(alpha=0.7))`: the dict's keywords are the outer call's settings.
    const within = callee === 'dict' && args.parent?.parent?.type === 'keyword_argument' ? this.argumentsOf : undefined;
    const outer = this.argumentsOf;
    this.argumentsOf = callee;
    try {
      this.visitArgumentList(args, callee, within);
    } finally {
      this.argumentsOf = outer;
    }
  }

  private visitArgumentList(args: Node, callee: string | undefined, within: string | undefined): void {
    let index = 0;
    let firstArg: string | undefined;
    const data = args.namedChildren.find((a) => a !== null && a.type !== 'comment' && a.type !== 'keyword_argument');
    const toy = data !== undefined && data !== null && (isToyData(data) || (data.type === 'identifier' && this.toyNames.has(data.text)));
    const keywords = args.namedChildren.flatMap((a) => (a?.type === 'keyword_argument' ? [a.childForFieldName('name')?.text ?? ''] : []));
    // `dict(c=labels, s=1.0, alpha=0.5)` spread into `plt.scatter(…, **args)`: scatter's colour and size (holdout18).
    // Any call given a colour is a drawing (`patches.Rectangle(…, alpha=0.2, color=c)`, Sage's `circle(…, rgbcolor=…,
    // alpha=0.3)`, `g.plot_joint(sns.scatterplot, color="g", alpha=0.6)`): no model takes one (holdout19).
    const plotOptions = callee === 'dict'
      ? keywords.some((k) => PLOT_STYLE_KEYWORDS.has(k)) || (keywords.includes('c') && keywords.includes('s'))
      : keywords.some((k) => COLOUR_KEYWORDS.has(k));
    for (const arg of args.namedChildren) {
      if (!arg || arg.type === 'comment') continue;
      if (index === 0 && arg.type === 'string') firstArg = this.spanText(arg).replace(/^[A-Za-z]*["']+|["']+$/g, '');
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name');
        const value = arg.childForFieldName('value');
        const context: LiteralContext = { keyword: name ? this.nameAt(name) : undefined, callee };
        if (within !== undefined) context.within = within;
        if (this.probeDepth > 0) context.probe = true;
        if (toy) context.toyData = true;
        if (plotOptions) context.plotOptions = true;
        if (value) this.withLiteral(context, value);
      } else {
        const context: LiteralContext = { callee, argIndex: index, firstArg: index > 0 ? firstArg : undefined };
        if (this.probeDepth > 0) context.probe = true;
        this.withLiteral(context, arg);
        index++;
      }
    }
  }

  private visitAssignment(node: Node): void {
    const targets: Node[] = [];
    let current: Node | null = node;
    let value: Node | null = null;
    while (current && current.type === 'assignment') {
      // Named children are [left, type?, right?]: one call into the tree instead of three field lookups.
      const [left, ...rest] = current.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
      if (left) targets.push(left);
      const type = rest[0]?.type === 'type' ? rest.shift()! : undefined;
      if (type) this.visitDeferred(type, '<annotation>');
      value = rest[0] ?? null;
      current = value;
    }
    const first = targets[0];
    this.ml.assignment(first, value);
    // A literal is named by the target nearest to it: in `API_KEY = \n API_VERSION = "2023-…"` (an unfinished line the
    // parser joined into one chain) the string is the version, not the key.
    const named = targets[targets.length - 1];
    const targetName = named && (named.type === 'identifier' || named.type === 'attribute')
      ? this.spanText(named).split('.').pop()
      : named?.type === 'subscript' ? /\[\s*["']([^"']+)["']\s*\]$/.exec(this.spanText(named))?.[1] : undefined;
    if (value) this.withLiteral(targetName !== undefined ? { target: targetName } : NO_LITERAL, value);
    if (value && this.scope.kind === 'module' && first?.type === 'identifier' && isToyData(value, true)) this.toyNames.add(first.text);
    // `x: int` without a value binds nothing at module level.
    if (!value) return;
    if (this.scope.kind === 'module' && this.conditionalDepth === 0 && targets.length === 1 && first?.type === 'identifier' && value.type === 'dictionary') {
      const falseKeys = falseLiteralKeys(value);
      if (falseKeys && falseKeys.length > 0) this.flagDicts.push({ name: first.text, falseKeys });
    }
    for (const target of targets) {
      const before = this.events.length;
      this.bindTarget(target);
      if (this.scope.kind === 'module') this.noteSelfUpdate(target, value, before);
    }
  }

  /** `x = x + 1`, `df = df.reset_index()`, `df["c"] = df["c"].shift()`: the new value is the old one changed again. */
  private noteSelfUpdate(target: Node, value: Node, eventsBefore: number): void {
    if (target.type !== 'identifier' && target.type !== 'subscript' && target.type !== 'attribute') return;
    const verdict = selfUpdateVerdict(this.spanText(target), value, (n) => this.spanText(n));
    const item = target.type === 'identifier' ? undefined : itemKey(this.spanText(target));
    if (typeof verdict !== 'object') {
      // `data["t"] = data["date"].diff()`: the item set afresh, from a value that does not read it.
      // (Read as `data.t` too: `data["t"] = data.t * 60` is no fresh value.)
      const read = compactQuotes(this.spanText(value));
      const asAttribute = item?.replace(/\['([A-Za-z_]\w*)'\]/g, '.$1');
      if (item !== undefined && asAttribute !== undefined && this.conditionalDepth === 0 && !mentions(read, item)
        && !new RegExp(`(?<![\\w.])${asAttribute.replace(/[.[\]']/g, '\\$&')}(?!\\w)`).test(read)) this.rebuiltItems.add(item);
      return;
    }
    if (target.type === 'identifier') {
      if (guardFalsifiedBy(this.ifConditions, target.text, this.spanText(value))) return;
      const fn = value.type === 'call' ? value.childForFieldName('function') : null;
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      const args = value.childForFieldName('arguments');
      if (object && args && this.spanText(object) === target.text && this.dropsOnlyRebuilt(target.text, fn!.childForFieldName('attribute')?.text ?? '', args.text)) return;
      for (let i = this.events.length - 1; i >= eventsBefore; i--) {
        const ev = this.events[i];
        if (ev.kind === 'def' && ev.name === target.text) {
          ev.update = verdict.changes;
          break;
        }
      }
      return;
    }
    const base = baseOf(target);
    if (base && !(item !== undefined && this.rebuiltItems.has(item))) this.mutate(base, target.parent ?? target, verdict.changes);
  }

  /**
   * `data['n'] = data.isna().sum(axis=1)` … `data.drop('n', axis=1, inplace=True)`: the cell dropped only columns it set
   * afresh above, so a second run sets them again before it drops them (holdout17).
   */
  private dropsOnlyRebuilt(object: string, method: string, args: string): boolean {
    if (method !== 'drop') return false;
    const labels = [...args.replace(/\b(?:errors|how|axis|inplace)\s*=\s*(['"])[^'"]*\1/g, '').matchAll(/(['"])([^'"\\]+)\1/g)].map((m) => m[2]);
    return labels.length > 0 && labels.every((label) => this.rebuiltItems.has(`${compactQuotes(object)}['${label}']`));
  }

  private visitAugmented(node: Node): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left) return;
    const operator = node.childForFieldName('operator')?.text ?? '+=';
    const repeats = NON_IDEMPOTENT_AUGMENTED.test(operator);
    if (left.type === 'identifier') {
      this.read(left, false);
      if (right) this.visit(right);
      const before = this.events.length;
      this.bind(left.text, left);
      const ev = this.events[this.events.length - 1];
      if (repeats && this.scope.kind === 'module' && this.events.length > before && ev.kind === 'def') ev.update = `\`${operator}\` changes it again on each run`;
      return;
    }
    this.noteItemWrite(left);
    this.visit(left);
    if (right) this.visit(right);
    const base = baseOf(left);
    if (base && repeats && !this.rebuiltItems.has(itemKey(this.spanText(left)) ?? '')) this.mutate(base, node, `\`${operator}\` on an item`);
  }

  private visitLoop(node: Node): void {
    const atModule = this.scope.kind === 'module' && !this.outline;
    if (atModule) {
      const bound = new Set<string>();
      collectBindings(node, bound, new Set());
      const left = node.childForFieldName('left');
      if (left) {
        const names: string[] = [];
        targetNames(left, names);
        for (const n of names) bound.add(n);
      }
      this.loopBound.push(bound);
      this.conditionalDepth++;
    }
    if (node.type === 'for_statement') {
      const right = node.childForFieldName('right');
      // Kaggle's starter `for d, _, files in os.walk("/kaggle/input"): print(...)` lists what is there and
      // lists nothing elsewhere (os.walk of a missing folder yields nothing): a look, not a use.
      const listing = right?.type === 'call' && /^os\.walk$/.test(right.childForFieldName('function')?.text ?? '') && onlyPrints(node.childForFieldName('body'));
      if (listing) this.probeDepth++;
      if (right) this.visit(right);
      if (listing) this.probeDepth--;
      const left = node.childForFieldName('left');
      if (left) this.bindTarget(left);
    } else {
      const condition = node.childForFieldName('condition');
      if (condition) this.visit(condition);
    }
    const byArgument = this.testsAnArgument(node.childForFieldName(node.type === 'for_statement' ? 'right' : 'condition'));
    if (byArgument) this.argumentBranchDepth++;
    const body = node.childForFieldName('body');
    if (body) this.visit(body);
    if (byArgument) this.argumentBranchDepth--;
    const alternative = node.childForFieldName('alternative');
    if (alternative) this.visit(alternative);
    if (atModule) {
      this.loopBound.pop();
      this.conditionalDepth--;
    }
  }

  /** Statements after an unconditional `raise` or `return` in the same block never run. */
  private visitBlock(node: Node): void {
    for (const child of node.namedChildren) {
      if (!child) continue;
      this.visit(child);
      if (child.type === 'raise_statement' || child.type === 'return_statement') return;
    }
  }

  private visitIf(node: Node): void {
    const condition = node.childForFieldName('condition');
    // `if False:` / `if 0:` keeps an alternative that never runs: it binds, reads and uses nothing.
    const dead = condition !== null && LITERAL_FALSE.test(this.spanText(condition));
    if (dead) {
      for (const child of node.namedChildren) if (child && child.type !== 'block' && child.id !== condition.id && child.type !== 'comment') this.visit(child);
      return;
    }
    if (condition) this.visit(condition);
    // `if "x" in globals():` guards its body against the NameError it checks for; a branch per
    // Python version (`if sys.version_info < (3, 0):`, `if six.PY2:`) reads names one version lacks (`unicode`).
    const guard = condition !== null && (/\b(?:globals|locals|dir|vars)\s*\(\s*\)/.test(condition.text) || PYTHON_VERSION_TEST.test(condition.text));
    if (guard) this.guardDepth++;
    const tested = condition ? [...condition.text.matchAll(/\b(not\s+)?in\s+([A-Za-z_]\w*)/g)].map((m) => ({ name: m[2], absent: m[1] !== undefined })) : [];
    this.membershipTested.push(...tested);
    this.conditionalDepth++;
    const byArgument = this.testsAnArgument(condition);
    if (byArgument) this.argumentBranchDepth++;
    const colab = condition !== null && isColabBranch(condition, this.code);
    const consequence = node.childForFieldName('consequence');
    // `if CFG["run_grid"]:` runs its body only when that item is true; `if not CFG["run_grid"]:` its `else`.
    const flags = condition && this.scope.kind === 'module' ? flagTests(condition) : NO_FLAGS;
    for (const child of node.namedChildren) {
      if (!child || child === condition || child.id === condition?.id) continue;
      const only = colab && child.id === consequence?.id;
      const guarded = condition !== null && child.id === consequence?.id;
      const needs = guarded ? flags.whenTrue : child.type === 'else_clause' || child.type === 'elif_clause' ? flags.whenFalse : [];
      const windows = (guarded && isWindowsTest(condition)) || (child.type === 'elif_clause' && isWindowsTest(child.childForFieldName('condition')));
      if (windows) this.windowsDepth++;
      if (only) this.colabDepth++;
      if (guarded) this.ifConditions.push(condition);
      this.flagStack.push(...needs);
      this.visit(child);
      this.flagStack.length -= needs.length;
      if (guarded) this.ifConditions.pop();
      if (only) this.colabDepth--;
      if (windows) this.windowsDepth--;
    }
    if (byArgument) this.argumentBranchDepth--;
    this.conditionalDepth--;
    this.membershipTested.length -= tested.length;
    if (guard) this.guardDepth--;
  }

  private visitTry(node: Node): void {
    const guard = handlerCatchesNameError(node);
    const optional = handlerCatchesImportError(node);
    if (optional) this.optionalImportDepth++;
    if (guard && this.scope.kind === 'module') this.nameErrorTries.push({ line: node.startPosition.row, column: node.startPosition.column });
    this.conditionalDepth++;
    const body = node.childForFieldName('body');
    if (body) {
      const fallback = handlersFallBack(node, body);
      // `try: from google.colab import drive; drive.mount(…); shutil.copytree(out, "/content/drive/MyDrive/…")
      // except: print("Drive not available")`: outside Colab the import fails first, so the body runs only in Colab (holdout20).
      const colab = optional && importsColab(body);
      if (guard) this.guardDepth++;
      if (fallback) this.fallbackDepth++;
      if (colab) this.colabDepth++;
      this.visit(body);
      if (colab) this.colabDepth--;
      if (fallback) this.fallbackDepth--;
      if (guard) this.guardDepth--;
    }
    for (const child of node.namedChildren) if (child && child.id !== body?.id) this.visit(child);
    this.conditionalDepth--;
    if (optional) this.optionalImportDepth--;
  }

  private visitWith(node: Node): void {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'with_clause') {
        for (const item of child.namedChildren) {
          let value = item?.childForFieldName('value');
          if (!value) continue;
          // `with (open(p) as f):` and the multi-line `async with (\n  Client() as agent\n):` wrap one item in parentheses.
          if (value.type === 'parenthesized_expression' && value.namedChildCount === 1 && value.namedChild(0)?.type === 'as_pattern') value = value.namedChild(0)!;
          if (value.type === 'as_pattern') this.visitAsPattern(value);
          else this.visit(value);
        }
      } else {
        this.visit(child);
      }
    }
  }

  private visitAsPattern(node: Node): void {
    const alias = node.childForFieldName('alias');
    for (const child of node.namedChildren) if (child && child.id !== alias?.id) this.visit(child);
    if (alias) for (const target of alias.namedChildren) if (target) this.bindTarget(target);
  }

  private visitExcept(node: Node): void {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'as_pattern') this.visitAsPattern(child);
      else this.visit(child);
    }
  }

  private visitImport(node: Node): void {
    if (node.type === 'future_import_statement') return;
    if (!this.outline) this.ml.importStatement(node);
    this.imports.push({ range: nodeRange(node), ...this.importedModules(node), topLevel: this.scope.kind === 'module', ...(this.optionalImportDepth > 0 ? { optional: true } : {}) });
    if (this.outline) return;
    if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
      this.unknown(node, 'a star import');
      return;
    }
    for (const { name, node: at } of importedNames(node)) {
      const before = this.events.length;
      this.bind(name, at);
      const ev = this.events[before];
      if (ev?.kind === 'def') ev.imported = true;
    }
  }

  private importedModules(node: Node): { modules: string[]; relative: boolean } {
    const dotted = (n: Node) => n.namedChildren.filter((c) => c?.type === 'identifier').map((c) => this.nameAt(c!)).join('.');
    if (node.type === 'import_statement') {
      const modules = node.childrenForFieldName('name').filter((c): c is Node => c !== null)
        .map((c) => (c.type === 'aliased_import' ? c.childForFieldName('name') : c))
        .filter((c): c is Node => c !== null)
        .map(dotted);
      return { modules, relative: false };
    }
    const from = node.childForFieldName('module_name');
    if (!from || from.type === 'relative_import') return { modules: [], relative: true };
    const base = dotted(from);
    const names = node.childrenForFieldName('name').filter((c): c is Node => c !== null)
      .map((c) => (c.type === 'aliased_import' ? c.childForFieldName('name') : c))
      .filter((c): c is Node => c !== null)
      .map((c) => `${base}.${dotted(c)}`);
    return { modules: [base, ...names], relative: false };
  }

  private visitDecorated(node: Node): void {
    const decorators: Node[] = [];
    for (const child of node.namedChildren) if (child?.type === 'decorator') decorators.push(child);
    const definition = node.childForFieldName('definition');
    if (definition?.type === 'function_definition') this.visitFunction(definition, decorators);
    else if (definition?.type === 'class_definition') this.visitClass(definition, decorators);
  }

  /** Default values and decorators run now; annotations maybe later; the body when called. */
  private visitParameters(params: Node | null, owner: string): Set<string> {
    const names = new Set<string>();
    if (!params) return names;
    for (const p of params.namedChildren) {
      if (!p) continue;
      const value = p.childForFieldName('value');
      const parameter = p.childForFieldName('name');
      if (value) this.withLiteral(parameter?.type === 'identifier' ? { ...this.literal, parameter: parameter.text } : this.literal, value);
      const type = p.childForFieldName('type');
      if (type) this.visitDeferred(type, owner);
      // `lambda (key, value): …` (Python 2) unpacks a tuple parameter: every name in it is a parameter.
      const nameNode = p.type === 'tuple_pattern' ? p : p.childForFieldName('name') ?? (p.type === 'identifier' ? p : p.namedChildren.find((c) => c?.type !== 'type') ?? null);
      if (nameNode) {
        const found: string[] = [];
        targetNames(nameNode.type === 'list_splat_pattern' || nameNode.type === 'dictionary_splat_pattern' ? nameNode.namedChild(0) ?? nameNode : nameNode, found);
        for (const n of found) names.add(n);
      }
    }
    return names;
  }

  /** Names a PEP 695 type parameter list binds: `def f[T, *Ts, **P]`. */
  private typeParameters(node: Node): Set<string> {
    const names = new Set<string>();
    const list = node.childForFieldName('type_parameters');
    if (list) for (const id of list.descendantsOfType('identifier')) if (id) names.add(this.nameAt(id));
    return names;
  }

  private visitFunction(node: Node, decorators: Node[]): void {
    for (const d of decorators) this.visit(d);
    const nameNode = node.childForFieldName('name');
    const name = nameNode?.text ?? '<function>';
    const owner = this.innermostFunction()?.owner ?? name;
    const typeParams = this.typeParameters(node);
    if (typeParams.size > 0) {
      // Type parameters are visible in the annotations and the body only.
      this.scope = { kind: 'function', parent: this.scope, locals: typeParams, globals: new Set(), owner: this.scope.owner };
    }
    const params = this.visitParameters(node.childForFieldName('parameters'), owner);
    const returnType = node.childForFieldName('return_type');
    if (returnType) this.visitDeferred(returnType, owner);
    if (typeParams.size > 0) this.scope = this.scope.parent!;

    const summary: FunctionSummary | undefined = this.scope.kind === 'module' ? { name, reads: [], calls: [] } : undefined;
    if (summary && nameNode) this.definitions.push({ name, kind: 'function', range: nodeRange(nameNode) });
    if (nameNode) this.bind(name, nameNode, false, summary);

    const body = node.childForFieldName('body');
    if (!body) return;
    const locals = new Set([...params, ...typeParams]);
    const globals = new Set<string>();
    if (!this.outline) collectBindings(body, locals, globals);
    for (const g of globals) locals.delete(g);
    this.withScope({ kind: 'function', parent: this.scope, locals, globals, fn: summary, params: summary ? params : undefined, owner }, () => this.visit(body));
  }

  /** Whether `test` (an `if`/`while` condition, a `for` iterable) reads a parameter of the top-level function it is in. */
  private testsAnArgument(test: Node | null): boolean {
    const params = this.scope.kind === 'function' ? this.scope.params : undefined;
    if (!test || !params || params.size === 0) return false;
    for (const m of test.text.matchAll(/(?<![\w.])[A-Za-z_]\w*/g)) if (params.has(m[0])) return true;
    return false;
  }

  private visitClass(node: Node, decorators: Node[]): void {
    for (const d of decorators) this.visit(d);
    const typeParams = this.typeParameters(node);
    const outer = this.scope;
    if (typeParams.size > 0) this.scope = { kind: 'function', parent: outer, locals: typeParams, globals: new Set(), owner: outer.owner };
    const superclasses = node.childForFieldName('superclasses');
    if (superclasses) this.visit(superclasses);
    const body = node.childForFieldName('body');
    if (body) this.withScope({ kind: 'class', parent: this.scope, locals: new Set(), globals: new Set(), owner: this.scope.owner }, () => this.visit(body));
    this.scope = outer;
    const nameNode = node.childForFieldName('name');
    if (nameNode) {
      if (outer.kind === 'module') this.definitions.push({ name: nameNode.text, kind: 'class', range: nodeRange(nameNode) });
      this.bind(nameNode.text, nameNode, false, undefined, true);
    }
  }

  private visitLambda(node: Node): void {
    const owner = this.innermostFunction()?.owner ?? '<lambda>';
    const params = this.visitParameters(node.childForFieldName('parameters'), owner);
    const body = node.childForFieldName('body');
    if (body) this.withScope({ kind: 'function', parent: this.scope, locals: params, globals: new Set(), owner }, () => this.visit(body));
  }

  /** Code that may run later (annotations): only its reads of names defined nowhere matter. */
  private visitDeferred(node: Node, owner: string): void {
    this.withScope({ kind: 'function', parent: this.scope, locals: new Set(), globals: new Set(), owner }, () => this.visit(node));
  }

  private visitComprehension(node: Node): void {
    const clauses = node.namedChildren.filter((c): c is Node => c !== null && (c.type === 'for_in_clause' || c.type === 'if_clause'));
    const body = node.childForFieldName('body');
    const names: string[] = [];
    for (const c of clauses) {
      if (c.type !== 'for_in_clause') continue;
      const left = c.childForFieldName('left');
      if (left) targetNames(left, names);
    }
    const locals = new Set(names);
    // The first iterable is evaluated in the enclosing scope.
    const first = clauses[0]?.type === 'for_in_clause' ? clauses[0].childForFieldName('right') : null;
    if (first) this.visit(first);
    this.withScope({ kind: 'comprehension', parent: this.scope, locals, globals: new Set(), owner: this.scope.owner }, () => {
      for (const c of clauses) {
        if (c.type === 'for_in_clause') {
          for (const right of c.childrenForFieldName('right')) if (right && right.id !== first?.id) this.visit(right);
        } else {
          this.visitChildren(c);
        }
      }
      if (body) this.visit(body);
    });
  }

  private visitDelete(node: Node): void {
    for (const target of deleteTargets(node)) {
      if (target.type === 'identifier') {
        if (this.scope.kind === 'module' && this.conditionalDepth === 0) {
          this.events.push({ kind: 'del', name: target.text, range: nodeRange(target) });
        }
      } else {
        this.noteItemWrite(target);
        this.visit(target);
        // `del df["c"]` raises on a second run (or removes another list item).
        const base = target.type === 'subscript' ? baseOf(target) : null;
        if (base && !this.rebuiltItems.has(itemKey(this.spanText(target)) ?? '')) this.mutate(base, target, '`del` of an item raises or removes another one on a second run');
      }
    }
  }

  private visitMatch(node: Node): void {
    const subject = node.childForFieldName('subject');
    if (subject) this.visit(subject);
    const body = node.childForFieldName('body');
    if (!body) return;
    this.conditionalDepth++;
    for (const clause of body.namedChildren) {
      if (clause?.type !== 'case_clause') continue;
      for (const child of clause.namedChildren) {
        if (!child) continue;
        if (child.type === 'case_pattern') this.visitCasePattern(child);
        else this.visit(child);
      }
    }
    this.conditionalDepth--;
  }

  private visitCasePattern(node: Node): void {
    this.nested(node, this.casePatternStep);
  }

  private visitCasePatternNode(node: Node): void {
    switch (node.type) {
      case 'dotted_name':
        if (node.namedChildCount === 1) {
          if (node.text !== '_') this.bind(node.text, node);
        } else {
          const first = node.namedChild(0);
          if (first) this.read(first, false); // `case Color.RED:` reads Color
        }
        return;
      case 'class_pattern': {
        const kids = node.namedChildren;
        const cls = kids[0];
        if (cls?.type === 'dotted_name') {
          const first = cls.namedChild(0);
          if (first) this.read(first, false);
        }
        for (let i = 1; i < kids.length; i++) if (kids[i]) this.visitCasePattern(kids[i]!);
        return;
      }
      case 'keyword_pattern': {
        const kids = node.namedChildren;
        for (let i = 1; i < kids.length; i++) if (kids[i]) this.visitCasePattern(kids[i]!);
        return;
      }
      case 'splat_pattern': {
        const id = node.namedChild(0);
        if (id && id.text !== '_') this.bind(id.text, id);
        return;
      }
      case 'identifier':
        if (node.text !== '_') this.bind(node.text, node); // `case [x] as y`
        return;
      case 'string':
      case 'concatenated_string':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
      case 'complex_pattern':
        return;
      case 'dict_pattern':
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (child.type === 'case_pattern' || child.type === 'splat_pattern') this.visitCasePattern(child);
          else if (child.type === 'dotted_name' && child.namedChildCount > 1) this.visitCasePattern(child);
        }
        return;
      default:
        for (const child of node.namedChildren) if (child) this.visitCasePattern(child);
    }
  }

  private withScope(scope: Scope, body: () => void): void {
    const saved = this.scope;
    const savedLoops = this.loopBound;
    this.scope = scope;
    if (scope.kind === 'function') this.loopBound = [];
    try {
      body();
    } finally {
      this.scope = saved;
      this.loopBound = savedLoops;
    }
  }
}

/**
 * Nodes on the way to an import or a definition: statements that hold blocks, and the blocks.
 * Expressions hold neither (a lambda holds no statement).
 */
const OUTLINE_PATH: ReadonlySet<string> = new Set([
  'block', 'if_statement', 'elif_clause', 'else_clause', 'try_statement', 'except_clause', 'except_group_clause', 'finally_clause',
  'with_statement', 'for_statement', 'while_statement', 'match_statement', 'function_definition', 'class_definition', 'decorated_definition',
  'import_statement', 'import_from_statement', 'future_import_statement',
]);

/** What a project's model reads of a module or a test: its imports and top-level definitions. */
export type CellOutline = Pick<CellSummary, 'imports' | 'definitions'>;

/**
 * summarizeCell's imports and definitions without the rest of its walk: the project model
 * reads only these of a test (about 40 % of a model's summaries in fw-ai/cookbook's training).
 */
export function outlineCell(parser: PythonParser, source: string): CellOutline {
  try {
    const masked = maskIPython(source);
    const { root } = parser.syntax(masked.code);
    const walker = new CellWalker(masked.code, masked.readOnlyLines, true);
    for (const child of root.namedChildren) if (child) walker.visit(child);
    return { imports: walker.imports, definitions: walker.definitions };
  } catch (error) {
    if (error instanceof RangeError) return { imports: [], definitions: [] };
    throw error;
  }
}

/** Summarise one code cell: mask IPython syntax, parse, walk. */
export function summarizeCell(parser: PythonParser, source: string): CellSummary {
  const text = textFacts(source);
  try {
    return summarize(parser, source, text);
  } catch (error) {
    // Last resort for input no guard foresaw: this cell says nothing, the others still count.
    if (error instanceof RangeError) return { events: [], definitions: [], strings: [], numbers: [], deferredReads: [], imports: [], magics: [], ml: NO_ML_FACTS, syntaxError: true, text };
    throw error;
  }
}

// `[extractor1, extractor2, ...]`, `Retriever(store, ...)`: a snippet to adapt, not code to run.
// (`"<SUBSCRIPTION_ID>"` is not one: runnable samples ask for values that way too.)
const SNIPPET_MARK = /[=(,]\s*\[[^\]\n]*,\s*\.\.\.\s*\]|\w\([^()\n]*,\s*\.\.\.\s*\)/;
// `BUCKET_URI <- paste0("gs://", BUCKET_NAME)`: R assignment, which Python reads as `x < -y`.
const R_ASSIGNMENT = /^\s*[A-Za-z_][\w.]*\s*<-\s*\S/;
// `# subscription_id: str = ""`: a parameter the reader is to uncomment and fill in (a papermill template).
// `print x`, `print "a" % b`, `print >>f, x` (not a docstring line "print the results").
const PYTHON2_PRINT = /^\s*print(?:\s*>>|\s+(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z_][\w.[\]]*)\s*(?:[,%+].*)?$)/;
const COMMENTED_PARAMETER = /^\s*#\s*([A-Za-z_]\w*)\s*(?::\s*[\w.[\], ]+)?\s*=\s*(?:""|''|None|\.\.\.|(["'])(?:<[^>]*>|your[\w -]*|\s*)\2)\s*$/i;

function textFacts(source: string): TextFacts {
  const facts: TextFacts = { snippetMark: false, rAssignments: 0, commentedParameters: [], python2Print: false };
  // Each pattern needs characters the cell must hold (`...`, `<-`, `print`, a `#` and a `=`): a pattern
  // whose characters are not in the cell is not tried on its lines, and a cell with none is not split.
  const snippet = source.includes('...');
  const rAssignment = source.includes('<-');
  const print = source.includes('print');
  const parameter = source.includes('#') && source.includes('=');
  if (!snippet && !rAssignment && !print && !parameter) return facts;
  for (const line of source.split('\n')) {
    if (line.trimStart().startsWith('#')) {
      const name = parameter ? COMMENTED_PARAMETER.exec(line.replace(/\r$/, ''))?.[1] : undefined;
      if (name) facts.commentedParameters.push(name);
      continue;
    }
    if (snippet && !facts.snippetMark && SNIPPET_MARK.test(line)) facts.snippetMark = true;
    if (rAssignment && R_ASSIGNMENT.test(line)) facts.rAssignments++;
    if (print && !facts.python2Print && PYTHON2_PRINT.test(line)) facts.python2Print = true;
  }
  return facts;
}

/** A function defined by a cell that does not compile: the name stays bound, what its body reads is unknown. */
function withoutBodyReads(e: ModuleEvent): ModuleEvent {
  return e.kind === 'def' && e.fn ? { ...e, fn: { ...e.fn, reads: [], calls: [] } } : e;
}

function summarize(parser: PythonParser, source: string, text: TextFacts): CellSummary {
  const masked = maskIPython(source);
  const { root, hasError } = parser.syntax(masked.code);
  const walker = new CellWalker(masked.code, masked.readOnlyLines);
  for (const child of root.namedChildren) if (child) walker.visit(child);
  const events = walker.events;
  // Names that magics bind or make unknown take effect where the magic line stands.
  const magicEvents: ModuleEvent[] = [];
  for (const m of masked.magics) {
    const range: Range = { start: { line: m.line, character: m.column }, end: { line: m.line, character: m.column + 1 + m.name.length } };
    for (const name of m.binds) magicEvents.push({ kind: 'def', name, range });
    if (m.bindsUnknown) magicEvents.push({ kind: 'unknown', range, why: `%${m.name}` });
  }
  if (walker.nameErrorTries.length > 0) markGuardedMagics(source, masked.magics, walker.nameErrorTries);
  const syntaxError = walker.syntaxError || walker.truncated || hasError || operatorEndsLine(root, masked.code) || assignmentEndsLine(root, masked.code) || returnOutsideFunction(root, masked.code);
  // Python runs nothing of a cell it cannot compile, so its reads cannot fail;
  // its bindings are kept so that later cells are not blamed for this one.
  // A function's body in such a cell is known only as far as the parser recovered: an exercise's
  // `elite = <YOUR CODE>` drops the local, so its `return elite` would look like a global's read.
  const kept = syntaxError
    ? mergeByPosition(events.filter((e) => e.kind !== 'read' && e.kind !== 'mutate').map(withoutBodyReads), salvagedBindings(masked.code, events))
    : events;
  const searching = MAY_SEARCH.test(masked.code);
  const strings = searching ? markSearchCandidates(walker.strings, root) : walker.strings;
  const searched = searching ? searchedLists(root) : [];
  return {
    events: magicEvents.length ? mergeByPosition(kept, magicEvents) : kept,
    deferredReads: syntaxError ? [] : walker.deferredReads,
    strings: MAY_CONFIGURE.test(masked.code) ? markConfiguredCandidates(strings, root) : strings,
    joinedStrings: walker.joinedStrings,
    numbers: walker.numbers,
    definitions: walker.definitions,
    imports: walker.imports,
    magics: masked.magics,
    ml: walker.ml.facts,
    syntaxError,
    text,
    ...(searched.length > 0 ? { searchedLists: searched } : {}),
    ...(walker.flagDicts.length > 0 ? { flagDicts: walker.flagDicts } : {}),
    ...(walker.itemWrites.size > 0 ? { itemWrites: [...walker.itemWrites] } : {}),
  };
}

/** `PATHS = [DATA_PATH / "x", Path("/data/x")]`: the literal is a candidate of a list with a configured path. */
function markConfiguredCandidates(strings: StringLiteral[], root: Node): StringLiteral[] {
  if (strings.length === 0) return strings;
  const lists = configuredCandidateLists(root);
  if (lists.size === 0) return strings;
  return strings.map((s) => {
    const list = lists.get(`${s.range.start.line}:${s.range.start.character}`);
    return list === undefined ? s : { ...s, context: { ...s.context, candidateOf: list } };
  });
}

/** `input_root = Path("/kaggle/input"); if input_root.exists(): …`: the literal is a search candidate. */
function markSearchCandidates(strings: StringLiteral[], root: Node): StringLiteral[] {
  if (strings.length === 0) return strings;
  const candidates = searchCandidateLiterals(root);
  if (candidates.size === 0) return strings;
  return strings.map((s) => (candidates.has(`${s.range.start.line}:${s.range.start.character}`) ? { ...s, context: { ...s.context, searchCandidate: true } } : s));
}

const TOP_LEVEL_BINDING = [
  /^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::[^=\n]*)?=(?!=)/, // `client = make()`, `a, b = f()`, `x: int = 1`
  /^(?:async\s+)?def\s+([A-Za-z_]\w*)/,
  /^class\s+([A-Za-z_]\w*)/,
  /^from\s+[\w.]+\s+import\s+([^()#\n]+)/,
  /^import\s+([^#\n]+)/,
];

/**
 * Bindings at module level read from the lines of a cell the grammar could not parse, which it
 * may have dropped into an error node: the grammar also fails on some valid Python (a continuation
 * line at column 0 inside brackets in an indented block), and a later cell's read of `client` is
 * not undefined because of that.
 */
function salvagedBindings(code: string, events: readonly ModuleEvent[]): ModuleEvent[] {
  const known = new Set(events.filter((e) => e.kind === 'def').map((e) => e.name));
  const out: ModuleEvent[] = [];
  code.split('\n').forEach((text, line) => {
    for (const pattern of TOP_LEVEL_BINDING) {
      const m = pattern.exec(text);
      if (!m) continue;
      const isImport = /^(?:from|import)\s/.test(text);
      for (const part of m[1].split(',')) {
        const words = part.trim().split(/\s+/);
        // `import a.b` binds `a`; `import a.b as c` and `from m import x as y` bind the alias.
        const name = (words.length === 3 && words[1] === 'as' ? words[2] : isImport && text.startsWith('import') ? words[0].split('.')[0] : words[0]) ?? '';
        if (!/^[A-Za-z_]\w*$/.test(name) || known.has(name)) continue;
        known.add(name);
        out.push({ kind: 'def', name, range: { start: { line, character: 0 }, end: { line, character: text.length } } });
      }
      break;
    }
  });
  return out;
}

/** Brackets inside which a line may end with an operator. */
const BRACKETED = new Set(['parenthesized_expression', 'argument_list', 'list', 'tuple', 'set', 'dictionary', 'subscript', 'parameters', 'interpolation', 'string',
  'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * `functions-framework==3.*` over `google-cloud-storage`: a pasted requirements listing, which the
 * grammar reads as `3. * google - cloud - storage` across the line break but Python rejects
 * (an operator ends a line outside brackets and without a backslash).
 */
function operatorEndsLine(root: Node, code: string): boolean {
  if (!/[-+*/%@&|^]\s*\n/.test(code)) return false; // the cheap look first: no line ends with an operator
  for (const node of root.descendantsOfType('binary_operator')) {
    const operator = node?.childForFieldName('operator');
    const right = node?.childForFieldName('right');
    if (!node || !operator || !right || right.startPosition.row === operator.endPosition.row) continue;
    if (code.slice(operator.endIndex, right.startIndex).includes('\\')) continue;
    let inside = false;
    for (let up = node.parent; up && !inside; up = up.parent) inside = BRACKETED.has(up.type);
    if (!inside) return true;
  }
  return false;
}

/**
 * `i = # index of the class` then `cam = build(i)`: an assignment with nothing after its `=` on the line, outside
 * brackets. Python stops there (SyntaxError); the parser reads on into the next line (`i = cam = build(i)`), as it
 * does after a trailing operator (holdout16: a homework's blanks, read as a use of `i` before its definition).
 */
/**
 * `return` or `yield` outside a function: Python will not compile the cell ("'return' outside function"), though the
 * parser takes it. An indented excerpt of a function's body pasted into a cell (holdout18: a write-up quoting its
 * library's code, which IPython dedents) ends so, and its reads cannot fail.
 */
function returnOutsideFunction(root: Node, code: string): boolean {
  if (!/\b(?:return|yield)\b/.test(code)) return false; // the cheap look first
  for (const type of ['return_statement', 'yield']) {
    for (const node of root.descendantsOfType(type)) {
      let up = node?.parent;
      while (up && up.type !== 'function_definition' && up.type !== 'lambda') up = up.parent;
      if (node && !up) return true;
    }
  }
  return false;
}

function assignmentEndsLine(root: Node, code: string): boolean {
  if (!/=[ \t]*(?:#[^\n]*)?\n/.test(code)) return false; // the cheap look first: no line ends with `=`
  for (const type of ['assignment', 'augmented_assignment']) {
    for (const node of root.descendantsOfType(type)) {
      const left = node?.childForFieldName('left');
      const right = node?.childForFieldName('right');
      if (!node || !left || !right || right.startPosition.row === left.endPosition.row) continue;
      const between = code.slice(left.endIndex, right.startIndex);
      // The `=` must end its line: `x = (\n 1)` opens a bracket on that line, `x = \` continues it.
      if (!/=[ \t]*(?:#[^\n]*)?\n/.test(between) || between.includes('\\')) continue;
      let inside = false;
      for (let up = node.parent; up && !inside; up = up.parent) inside = BRACKETED.has(up.type);
      if (!inside) return true;
    }
  }
  return false;
}

/**
 * A magic indented inside a `try` that catches NameError (its body or a handler).
 * Judged from the lines, since a block holding only a masked magic is empty to the parser.
 */
function markGuardedMagics(source: string, magics: MagicLine[], tries: { line: number; column: number }[]): void {
  const lines = source.split('\n');
  for (const m of magics) {
    m.guarded = tries.some((t) => {
      if (m.line <= t.line || m.column <= t.column) return false;
      for (let l = t.line + 1; l < m.line; l++) {
        const text = lines[l] ?? '';
        const body = text.trimStart();
        if (body === '' || body.startsWith('#')) continue;
        if (text.length - body.length <= t.column && !/^(?:except\b|else\s*:|finally\s*:)/.test(body)) return false;
      }
      return true;
    });
  }
}

function mergeByPosition(a: ModuleEvent[], b: ModuleEvent[]): ModuleEvent[] {
  const before = (x: ModuleEvent, y: ModuleEvent) =>
    x.range.start.line < y.range.start.line || (x.range.start.line === y.range.start.line && x.range.start.character <= y.range.start.character);
  const out: ModuleEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && !before(b[j], a[i]))) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}
