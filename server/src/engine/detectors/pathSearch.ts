// NB201: a path that is only a search candidate, used where it exists and skipped where it does not.
//
//   input_root = Path("/kaggle/input")
//   if input_root.exists():                                   # the guarded root
//       hits = list(input_root.rglob("manifest.json"))
//   roots = [Path("/kaggle/input/pack"), Path("pack")]         # the candidate list
//   root = next((p for p in roots if p.exists()), None)
//
// On another machine such code finds nothing there and goes on: the path is looked for, not
// relied on. Only flows that are plainly searches count: a name read only in existence tests, in
// branches and comprehensions that test its existence, or after `if not p.exists(): continue`;
// paths derived from it (`root / "x"`) under the same terms; a list of such candidates iterated
// under those terms. `roots[0]` used as the fallback is a real use of that element.
// A glob is a search too when its result is read only in emptiness tests (`if hits:`), the code they
// guard, print calls and filtered copies (`[h for h in hits if …]`), and nothing found is not an error:
// no assert, no raise, no name bound under `if hits:` without an `else` that binds it otherwise.
// A loop over a glob that only keeps a hit in a name bound before it (`found = None`, then
// `for c in glob(…): found = c; break`) is the same search when that name is read under those terms.
import type { SyntaxNode as Node } from '../syntaxNode';

/** Cheap gate: a cell with no existence test has no search. */
export const MAY_SEARCH = /\.(?:exists|is_dir|is_file)\(|\b(?:isdir|isfile|exists|glob)\(/;

const EXISTENCE_METHODS = new Set(['exists', 'is_dir', 'is_file']);
const EXISTENCE_FUNCTIONS = /^(?:os\.path\.)?(?:exists|isdir|isfile|lexists)$/;
/** `p = p.expanduser()`: the same path in another spelling. */
const SAME_PATH_METHODS = new Set(['expanduser', 'resolve', 'absolute']);
const PATH_CONSTRUCTORS = /^(?:(?:pathlib\.)?(?:Path|PurePath|PosixPath))$/;
const MAX_DEPTH = 4;
const GROWING_METHODS = new Set(['append', 'extend', 'insert']);

/** Start positions (`row:column`) of the string literals of the cell that are only search candidates. */
export function searchCandidateLiterals(root: Node): Set<string> {
  const found = new Set<string>();
  for (const s of root.descendantsOfType('string')) {
    const glob = globCall(s);
    const value = glob ? undefined : pathValue(s);
    if ((value && searchOnly(value, 0)) || (glob && (globResultOptional(glob, 0) || globLoopOptional(glob)))) found.add(`${s.startPosition.row}:${s.startPosition.column}`);
  }
  return found;
}

/** Cheap gate: a cell with no environment lookup and no `from … import` has no configured candidate list. */
export const MAY_CONFIGURE = /\bos\.(?:environ|getenv)\b|^\s*from\s+\S+\s+import\b/m;
/** `os.environ["X"]`, `os.environ.get("X", …)`, `os.getenv("X")`. */
const ENVIRONMENT_LOOKUP = /^os\.(?:environ\b|getenv\()/;

/**
 * holdout14 (ml4t's `WIKI_PATHS`): `PATHS = [CONFIGURED / "x.parquet", Path("/data/x.parquet"), …]` at module
 * level, one element read from the environment or a name the cell imports (`from utils import DATA_PATH`):
 * the fixed paths after it are fallbacks. Start positions (`row:column`) of the string literals that are
 * elements of such a list, with the list's name; a cell that searches the list (searchedLists) excuses them.
 */
export function configuredCandidateLists(root: Node): Map<string, string> {
  const found = new Map<string, string>();
  const imported = new Set<string>();
  for (const statement of root.namedChildren) {
    if (statement?.type !== 'import_from_statement') continue;
    for (const name of statement.childrenForFieldName('name')) {
      const bound = name?.type === 'aliased_import' ? name.childForFieldName('alias') : name;
      if (bound) imported.add(bound.text);
    }
  }
  for (const statement of root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    const list = strip(assignment?.childForFieldName('right'));
    if (left?.type !== 'identifier' || (list?.type !== 'list' && list?.type !== 'tuple')) continue;
    const elements = list.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    if (!elements.some((e) => configured(e, imported))) continue;
    for (const e of elements) {
      const value = strip(e);
      const args = value?.type === 'call' && PATH_CONSTRUCTORS.test(value.childForFieldName('function')?.text ?? '') ? value.childForFieldName('arguments')?.namedChildren : undefined;
      const literal = args?.length === 1 ? args[0] : value;
      if (literal?.type === 'string') found.set(`${literal.startPosition.row}:${literal.startPosition.column}`, left.text);
    }
  }
  return found;
}

/** An element whose path comes from the environment or an imported setting: `Path(os.environ.get("X", "data"))`, `DATA_PATH / "x"`. */
function configured(element: Node, imported: ReadonlySet<string>): boolean {
  let n = strip(element);
  for (let depth = 0; n && depth < MAX_DEPTH; depth++) {
    if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '/') n = strip(n.childForFieldName('left'));
    else if (n.type === 'call' && PATH_CONSTRUCTORS.test(n.childForFieldName('function')?.text ?? '') && n.childForFieldName('arguments')?.namedChildren.length === 1) {
      n = strip(n.childForFieldName('arguments')?.namedChildren[0]);
    } else break;
  }
  if (!n) return false;
  if (n.type === 'identifier') return imported.has(n.text);
  return (n.type === 'call' || n.type === 'subscript') && ENVIRONMENT_LOOKUP.test(n.text);
}

/**
 * Module-level names iterated as a search: `for p in PATHS:` whose body uses `p` only where it exists, or
 * `next((p for p in PATHS if p.exists()), None)`. Several names may be listed; each only once.
 */
export function searchedLists(root: Node): string[] {
  const names = new Set<string>();
  const consider = (right: Node | null) => {
    if (right?.type === 'identifier' && !names.has(right.text) && enclosingFunction(right) === undefined && listUseSearchOnly(right, -1, 0, false)) names.add(right.text);
  };
  for (const loop of root.descendantsOfType('for_statement')) consider(loop.childForFieldName('right'));
  for (const clause of root.descendantsOfType('for_in_clause')) consider(clause.childForFieldName('right'));
  return [...names];
}

/** The expression whose value is the path: the literal itself or `Path(literal)`. */
function pathValue(s: Node): Node | undefined {
  if (s.parent?.type === 'concatenated_string') return undefined;
  const args = s.parent;
  if (args?.type === 'argument_list' && args.namedChildren.length === 1) {
    const call = args.parent;
    const fn = call?.childForFieldName('function');
    if (call && fn && PATH_CONSTRUCTORS.test(fn.text)) return call;
    return undefined;
  }
  return s;
}

const GLOB_FUNCTIONS = /^(?:glob\.)?glob$/;
/** Wrappers that keep a glob's result a list that is empty when nothing is found. */
const LIST_WRAPPERS = /^(?:sorted|list)$/;

/** `glob.glob("/kaggle/input/**\/x.json", recursive=True)`, maybe in `sorted(…)`: the call whose value is the list of hits. */
function globCall(s: Node): Node | undefined {
  const args = s.parent;
  if (args?.type !== 'argument_list' || args.namedChildren[0]?.id !== s.id) return undefined;
  let call = args.parent;
  if (call?.type !== 'call' || !GLOB_FUNCTIONS.test(call.childForFieldName('function')?.text ?? '')) return undefined;
  while (call.parent?.type === 'argument_list' && call.parent.namedChildren.length === 1 && call.parent.parent?.type === 'call'
    && LIST_WRAPPERS.test(call.parent.parent.childForFieldName('function')?.text ?? '')) call = call.parent.parent;
  return call;
}

/** The list of hits bound to a name that is read only where it is not empty, and nothing found is not an error. */
function globResultOptional(expr: Node, depth: number): boolean {
  const parent = unwrap(expr);
  if (!parent || depth > MAX_DEPTH) return false;
  const up = parent.node;
  const left = up.type === 'assignment' && up.childForFieldName('right')?.id === parent.child.id ? up.childForFieldName('left') : undefined;
  if (left?.type !== 'identifier') return false;
  const reads = readsOf(left.text, up);
  return reads.length > 0 && reads.every((r) => hitsReadOptional(left.text, r, depth));
}

/**
 * `OFFLINE = None` then `for c in glob.glob(…): OFFLINE = c; break`: the loop only keeps a hit in names bound before
 * it (their fallback), and every later read of those names is one a list of hits may have (`if OFFLINE:` …).
 */
function globLoopOptional(glob: Node): boolean {
  const parent = unwrap(glob);
  const loop = parent?.node;
  if (loop?.type !== 'for_statement' || loop.childForFieldName('right')?.id !== parent?.child.id) return false;
  const variable = loop.childForFieldName('left');
  const body = loop.childForFieldName('body');
  if (variable?.type !== 'identifier' || !body || loop.namedChildren.some((c) => c?.type === 'else_clause')) return false;
  const kept: string[] = [];
  for (const statement of body.namedChildren) {
    if (!statement || statement.type === 'comment' || statement.type === 'break_statement') continue;
    const expression = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (expression?.type === 'call' && expression.childForFieldName('function')?.text === 'print') continue;
    const left = expression?.type === 'assignment' ? expression.childForFieldName('left') : undefined;
    if (left?.type !== 'identifier' || expression?.childForFieldName('right')?.text !== variable.text) return false;
    kept.push(left.text);
  }
  return kept.length > 0 && kept.every((name) => {
    const fallback = bindingOf(name, loop);
    if (!fallback) return false;
    // Its other bindings (`OFFLINE = c` in this loop or a second one) keep a hit too; reads decide.
    const reads = readsOf(name, fallback).filter((r) => !(r.parent?.type === 'assignment' && r.parent.childForFieldName('left')?.id === r.id));
    return reads.every((r) => hitsReadOptional(name, r, 1));
  });
}

/** One read of a list of hits: an emptiness test, a print, a filtered copy, or a read guarded by a test that it is not empty. */
function hitsReadOptional(name: string, read: Node, depth: number): boolean {
  if (insideAssert(read)) return false;
  const test = emptinessTest(read);
  if (test) return optionalBranches(test.statement, name);
  // `print("found:", hits)`.
  const args = read.parent?.type === 'argument_list' ? read.parent : undefined;
  if (args?.parent?.childForFieldName('function')?.text === 'print') return true;
  // `nemotron = [c for c in hits if "nemotron" in c]`: a filtered copy, itself a list of hits.
  const clause = read.parent;
  if (clause?.type === 'for_in_clause' && clause.childForFieldName('right')?.id === read.id && clause.parent?.type === 'list_comprehension') {
    return globResultOptional(clause.parent, depth + 1);
  }
  for (let child: Node = read, node = read.parent; node; child = node, node = node.parent) {
    if (node.type === 'if_statement' && node.childForFieldName('consequence')?.id === child.id && notEmpty(node.childForFieldName('condition'), name)) return true;
    if (node.type === 'else_clause' && node.parent?.type === 'if_statement' && isEmpty(node.parent.childForFieldName('condition'), name)) return true;
    if (node.type === 'conditional_expression' && node.namedChildren[0]?.id === child.id && notEmpty(node.namedChildren[1], name)) return true;
    if (node.type === 'function_definition' || node.type === 'lambda') break;
  }
  return false;
}

/** The `if`/`elif` whose whole condition is (part of) an emptiness test of the read: `if hits:`, `if not hits:`, `if len(hits) > 0 and …:`. */
function emptinessTest(read: Node): { statement: Node } | undefined {
  let n: Node = read;
  if (n.parent?.type === 'argument_list' && n.parent.parent?.childForFieldName('function')?.text === 'len') n = n.parent.parent;
  while (n.parent && (n.parent.type === 'parenthesized_expression' || n.parent.type === 'not_operator' || n.parent.type === 'comparison_operator'
    || (n.parent.type === 'boolean_operator' && n.parent.childForFieldName('operator')?.type === 'and'))) n = n.parent;
  const statement = n.parent;
  if ((statement?.type === 'if_statement' || statement?.type === 'elif_clause') && statement.childForFieldName('condition')?.id === n.id) {
    return { statement: statement.type === 'elif_clause' ? statement.parent! : statement };
  }
  return undefined;
}

/** `hits`, `len(hits)`, `len(hits) > 0`, `len(hits) >= 1`, or an `and` of which one part is. */
function notEmpty(condition: Node | null | undefined, name: string): boolean {
  const c = strip(condition);
  if (!c) return false;
  if (c.type === 'boolean_operator' && c.childForFieldName('operator')?.type === 'and') return notEmpty(c.childForFieldName('left'), name) || notEmpty(c.childForFieldName('right'), name);
  if (c.type === 'identifier') return c.text === name;
  const compact = c.text.replace(/\s+/g, '');
  return compact === `len(${name})` || compact === `len(${name})>0` || compact === `len(${name})>=1` || compact === `len(${name})!=0`;
}

/** `not hits`, `len(hits) == 0`. */
function isEmpty(condition: Node | null | undefined, name: string): boolean {
  const c = strip(condition);
  if (!c) return false;
  const compact = c.text.replace(/\s+/g, '');
  return (c.type === 'not_operator' && notEmpty(c.childForFieldName('argument'), name)) || compact === `len(${name})==0` || compact === `len(${name})<1`;
}

/**
 * Nothing found goes on: the branches taken when the list is empty neither raise, assert nor exit, and a
 * name bound where hits exist is bound by a fallback too (an `else`), so later code does not need the hits.
 */
function optionalBranches(statement: Node, name: string): boolean {
  const condition = statement.childForFieldName('condition');
  const alternatives = statement.namedChildren.filter((c): c is Node => c?.type === 'else_clause' || c?.type === 'elif_clause');
  const consequence = statement.childForFieldName('consequence');
  if (!consequence) return false;
  const positive = notEmpty(condition, name);
  if (!positive && !isEmpty(condition, name)) return false;
  const emptyBranches = positive ? alternatives : [consequence];
  if (emptyBranches.some(fails) && !inImportFallback(statement)) return false;
  // `if hits: model_path = hits[0]` with no fallback: a later `load(model_path)` needs the hits.
  return !positive || alternatives.length > 0 || !bindsName(consequence, statement);
}

/**
 * `except ImportError:` around the test: the hits serve to install a package that is missing, and where it is
 * installed the branch that fails never runs.
 */
function inImportFallback(statement: Node): boolean {
  for (let n = statement.parent; n; n = n.parent) {
    if (n.type === 'except_clause') return /^except\s*\(?\s*(?:ImportError|ModuleNotFoundError)\b/.test(n.text);
    if (n.type === 'function_definition') return false;
  }
  return false;
}

/** `raise`, `assert`, `sys.exit(…)`, `exit()` anywhere in a branch. */
function fails(branch: Node): boolean {
  if (branch.descendantsOfType('raise_statement').length > 0 || branch.descendantsOfType('assert_statement').length > 0) return true;
  return branch.descendantsOfType('call').some((c) => /^(?:sys\.exit|exit|quit|os\._exit)$/.test(c.childForFieldName('function')?.text ?? ''));
}

/**
 * A name bound in the block that later code may need. A loop's own names (`for row in reader:`, `q = row.get(…)` in
 * its body) count only when code after `statement` in the cell reads them: otherwise they are the loop's scratch.
 */
function bindsName(block: Node, statement: Node): boolean {
  const readAfter = (names: string[]) => names.some((name) => identifiersIn(cellRoot(statement), name).some((r) => r.startIndex >= statement.endIndex));
  const namesOf = (target: Node | null) => (target?.type === 'identifier' ? [target.text] : target?.type === 'pattern_list' ? target.namedChildren.flatMap((c) => (c?.type === 'identifier' ? [c.text] : [])) : []);
  for (const a of block.descendantsOfType('assignment')) {
    const left = a.childForFieldName('left');
    if (left?.type !== 'identifier' && left?.type !== 'pattern_list') continue;
    if (!insideLoopOf(a, block) || readAfter(namesOf(left))) return true;
  }
  return block.descendantsOfType('for_statement').some((loop) => readAfter(namesOf(loop.childForFieldName('left'))));
}

/** Inside a `for` or `while` of `block`. */
function insideLoopOf(node: Node, block: Node): boolean {
  for (let n = node.parent; n && n.id !== block.id; n = n.parent) if (n.type === 'for_statement' || n.type === 'while_statement') return true;
  return false;
}

/** Does the value of `expr` flow only into existence tests and code they guard? */
function searchOnly(expr: Node, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const parent = unwrap(expr);
  if (!parent) return false;
  const up = parent.node;
  if (up.type === 'assignment' && up.childForFieldName('right')?.id === parent.child.id) {
    const left = up.childForFieldName('left');
    if (left?.type !== 'identifier') return false;
    return nameSearchOnly(left.text, up, depth) || probedWithFallback(left.text, up);
  }
  // An element of a candidate list: `roots = [Path("/a"), Path("/b")]`.
  if (up.type === 'list' || up.type === 'tuple') return listSearchOnly(up, up.namedChildren.findIndex((c) => c?.id === parent.child.id), depth, !hasAlternative(up));
  return false;
}

/** Skip parentheses. */
function unwrap(expr: Node): { node: Node; child: Node } | undefined {
  let child = expr;
  let node = expr.parent;
  while (node?.type === 'parenthesized_expression') { child = node; node = node.parent; }
  return node ? { node, child } : undefined;
}

/** A list literal whose element `index` is looked for only where it exists. */
function listSearchOnly(list: Node, index: number, depth: number, mustBeOptional: boolean): boolean {
  const parent = unwrap(list);
  if (!parent || depth > MAX_DEPTH) return false;
  const up = parent.node;
  if (up.type === 'assignment' && up.childForFieldName('right')?.id === parent.child.id) {
    const left = up.childForFieldName('left');
    return left?.type === 'identifier' && listNameSearchOnly(left.text, up, index, depth, mustBeOptional);
  }
  // `def candidate_roots(): return [...]`: every call of the function is a candidate list.
  if (up.type === 'return_statement') {
    const fn = enclosingFunction(up);
    const name = fn?.childForFieldName('name')?.text;
    if (!fn || !name) return false;
    const calls = cellRoot(fn).descendantsOfType('call').filter((c) => c.childForFieldName('function')?.text === name);
    return calls.length > 0 && calls.every((c) => listUseSearchOnly(c, -1, depth + 1, mustBeOptional));
  }
  return listUseSearchOnly(list, index, depth, mustBeOptional);
}

/**
 * A candidate that is not a fixed absolute path (`Path("wheels")`, `artifacts / "wheels"`, an
 * environment variable): another machine has somewhere else to find it.
 */
function hasAlternative(list: Node): boolean {
  return list.namedChildren.some((c) => {
    if (!c || c.type === 'comment') return false;
    const call = c.type === 'call' && PATH_CONSTRUCTORS.test(c.childForFieldName('function')?.text ?? '') ? c.childForFieldName('arguments')?.namedChildren : undefined;
    const value = call?.length === 1 && call[0] ? call[0] : c;
    if (value.type === 'string') return !/^[rbfu]*["']{1,3}(?:\/|~|[A-Za-z]:)/i.test(value.text);
    return value.type !== 'call' || !PATH_CONSTRUCTORS.test(value.childForFieldName('function')?.text ?? '');
  });
}

/** `root = next((…), None)` or `found = [p for p in roots if p.exists()]`, then `assert root` or `if not found: raise …`. */
function comprehensionResultRequired(comprehension: Node): boolean {
  let value = comprehension;
  const args = comprehension.parent;
  if (args?.type === 'argument_list' || (comprehension.type === 'generator_expression' && comprehension.parent?.type === 'call')) {
    const call = args?.type === 'argument_list' ? args.parent : comprehension.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.text !== 'next') return false;
    // `next(p for p in roots if p.exists())` without a default raises StopIteration when nothing is found.
    if (args?.type !== 'argument_list' || args.namedChildren.filter((c) => c?.type !== 'comment').length < 2) return true;
    value = call;
  }
  const assignment = value.parent;
  const left = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === value.id ? assignment.childForFieldName('left') : undefined;
  if (left?.type !== 'identifier' || !assignment?.parent) return false;
  const statement = assignment.parent;
  const later = statement.parent?.namedChildren.filter((c): c is Node => c !== null && c.startIndex > statement.startIndex) ?? [];
  return later.some((c) => requires(c, left.text));
}

/** `assert root …`, `if root is None: raise …`, `if not found: raise …`. */
function requires(statement: Node, name: string): boolean {
  const mentions = (n: Node | null | undefined) => n !== null && n !== undefined && identifiersIn(n, name).length > 0;
  if (statement.type === 'assert_statement') return mentions(statement.namedChildren[0]);
  if (statement.type !== 'if_statement') return false;
  return mentions(statement.childForFieldName('condition'))
    && (statement.childForFieldName('consequence')?.namedChildren.some((c) => c?.type === 'raise_statement' || c?.type === 'assert_statement') ?? false);
}

function insideAssert(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'assert_statement') return true;
    if (n.type === 'block' || n.type === 'module') return false;
  }
  return false;
}

/** `for p in roots: … return p` in a function that ends with `raise FileNotFoundError(…)`: nothing found is an error. */
function loopResultRequired(loop: Node): boolean {
  const body = loop.parent;
  const fn = body?.parent;
  return body?.type === 'block' && fn?.type === 'function_definition' && body.namedChildren.at(-1)?.type === 'raise_statement';
}

/** Every read of the list name `name` (bound by `binding`) iterates it as a search, or indexes another element. */
function listNameSearchOnly(name: string, binding: Node, index: number, depth: number, mustBeOptional: boolean): boolean {
  const reads = readsOf(name, binding);
  return reads.length > 0 && reads.every((r) => listUseSearchOnly(r, index, depth + 1, mustBeOptional));
}

/** One use of a candidate list. */
function listUseSearchOnly(use: Node, index: number, depth: number, mustBeOptional: boolean): boolean {
  const parent = unwrap(use);
  if (!parent || depth > MAX_DEPTH) return false;
  const up = parent.node;
  // `candidates.append(other)`, `candidates.extend(more)`: adds candidates, uses none.
  if (up.type === 'attribute' && up.childForFieldName('object')?.id === parent.child.id) {
    return GROWING_METHODS.has(up.childForFieldName('attribute')?.text ?? '') && up.parent?.type === 'call';
  }
  // `roots[1]` is another element; `roots[0]` (a fallback) is this one.
  if (up.type === 'subscript' && up.childForFieldName('value')?.id === parent.child.id) {
    const at = up.childForFieldName('subscript');
    return index >= 0 && at?.type === 'integer' && Number(at.text) !== index;
  }
  // `candidates.extend(roots)` or `candidates.extend(candidate_roots(slug))`: joins another candidate list.
  if (up.type === 'argument_list' && up.namedChildren.length === 1) {
    const fn = up.parent?.childForFieldName('function');
    const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    if (fn?.childForFieldName('attribute')?.text === 'extend' && receiver?.type === 'identifier') {
      const binding = bindingOf(receiver.text, receiver);
      return binding !== undefined && listNameSearchOnly(receiver.text, binding, -1, depth, mustBeOptional);
    }
    return false;
  }
  // `for p in roots:` whose body uses `p` only where it exists.
  if (up.type === 'for_statement' && up.childForFieldName('right')?.id === parent.child.id) {
    const v = up.childForFieldName('left');
    const body = up.childForFieldName('body');
    if (mustBeOptional && loopResultRequired(up)) return false;
    return v?.type === 'identifier' && body !== null && usesOnlyWhereExists(v.text, identifiersIn(body, v.text), depth);
  }
  // `(p for p in roots if p.exists())`, `[p for p in roots if p.is_dir()]`.
  if (up.type === 'for_in_clause' && up.childForFieldName('right')?.id === parent.child.id) {
    const v = up.childForFieldName('left');
    const comprehension = up.parent;
    if (v?.type !== 'identifier' || !comprehension) return false;
    if (mustBeOptional && comprehensionResultRequired(comprehension)) return false;
    const reads = identifiersIn(comprehension, v.text).filter((r) => r.id !== v.id);
    return usesOnlyWhereExists(v.text, reads, depth);
  }
  return false;
}

/** Every read of `name` after its binding is an existence test or guarded by one. */
function nameSearchOnly(name: string, binding: Node, depth: number): boolean {
  const reads = readsOf(name, binding);
  return reads.length > 0 && usesOnlyWhereExists(name, reads, depth);
}

function usesOnlyWhereExists(name: string, reads: Node[], depth: number): boolean {
  return reads.every((r) => readOnlyWhereExists(name, r, depth));
}

function readOnlyWhereExists(name: string, read: Node, depth: number): boolean {
  // `assert p.exists()` requires the path: that is no search.
  if (isExistenceTestOf(existenceSubject(read), name)) return !insideAssert(read);
  // `p in seen`, `p == last`: compared, not opened.
  if (read.parent?.type === 'comparison_operator') return true;
  if (isSelfRebind(read, name) || isSeenMark(read)) return true;
  if (depth < MAX_DEPTH) {
    // `candidate = root / split / "x.zarr"`, itself used only where it exists.
    const derived = derivedPath(read);
    if (derived) {
      const assignment = derived.parent;
      const left = assignment?.childForFieldName('left');
      if (assignment?.type === 'assignment' && left?.type === 'identifier' && left.text !== name) return nameSearchOnly(left.text, assignment, depth + 1);
    }
  }
  // Guarded: inside `if <exists>:`, `x if <exists> else y`, a comprehension filtered by it, the right of `<exists> and …`, or after `if not <exists>: continue`.
  const fnBoundary = enclosingFunction(read);
  for (let child: Node = read, node = read.parent; node; child = node, node = node.parent) {
    if (node.type === 'if_statement' && node.childForFieldName('consequence')?.id === child.id && asserts(node.childForFieldName('condition'), name)) return true;
    if (node.type === 'conditional_expression' && node.namedChildren[0]?.id === child.id && asserts(node.namedChildren[1], name)) return true;
    if (node.type === 'boolean_operator' && node.childForFieldName('right')?.id === child.id && node.childForFieldName('operator')?.type === 'and' && asserts(node.childForFieldName('left'), name)) return true;
    if (COMPREHENSIONS.has(node.type) && node.namedChildren.some((c) => c?.type === 'if_clause' && c.id !== child.id && asserts(c.namedChildren[0], name))) return true;
    if (node.type === 'block' || node.type === 'module') {
      for (const statement of node.namedChildren) {
        if (!statement || statement.id === child.id) break;
        if (isSkipGuard(statement, name)) return true;
      }
    }
    if (node.id === fnBoundary?.id) break;
  }
  return false;
}

/** `p = p.expanduser()`: the same path under the same name (both the read and the rebinding). */
function isSelfRebind(read: Node, name: string): boolean {
  const assignment = read.parent?.type === 'assignment' ? read.parent : read.parent?.parent?.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== name) return false;
  const right = assignment.childForFieldName('right');
  const fn = right?.type === 'call' ? right.childForFieldName('function') : undefined;
  return fn?.type === 'attribute' && fn.childForFieldName('object')?.text === name && SAME_PATH_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')
    && (right?.childForFieldName('arguments')?.namedChildren.length ?? 1) === 0;
}

/** `seen.add(p)` where `seen` is only ever asked `p in seen`: bookkeeping of the search, not a use of the path. */
function isSeenMark(read: Node): boolean {
  const call = read.parent?.type === 'argument_list' && read.parent.namedChildren.length === 1 ? read.parent.parent : undefined;
  const fn = call?.childForFieldName('function');
  const set = fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'add' ? fn.childForFieldName('object') : undefined;
  if (set?.type !== 'identifier') return false;
  const scope = enclosingFunction(read) ?? cellRoot(read);
  return identifiersIn(scope, set.text).every((r) => {
    const up = r.parent;
    if (up?.type === 'attribute') return up.childForFieldName('attribute')?.text === 'add' && up.childForFieldName('object')?.id === r.id;
    if (up?.type === 'comparison_operator') return up.namedChildren[1]?.id === r.id && /\bin\b/.test(up.text);
    return up?.type === 'assignment' && up.childForFieldName('left')?.id === r.id && /^(?:set\(\)|\{\})$/.test(up.childForFieldName('right')?.text ?? '');
  });
}

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression', 'dictionary_comprehension']);

/** `if not p.exists(): continue` (or `return …`, `raise …`), also as one part of an `or`. */
function isSkipGuard(statement: Node, name: string): boolean {
  if (statement.type !== 'if_statement' || statement.namedChildren.some((c) => c?.type === 'else_clause' || c?.type === 'elif_clause')) return false;
  const body = statement.childForFieldName('consequence');
  const last = body?.namedChildren.at(-1);
  // `raise` is not a skip: the code needs the path.
  if (!last || !['continue_statement', 'return_statement'].includes(last.type)) return false;
  return denies(statement.childForFieldName('condition'), name);
}

function asserts(condition: Node | null | undefined, name: string): boolean {
  const c = strip(condition);
  if (!c) return false;
  if (c.type === 'boolean_operator' && c.childForFieldName('operator')?.type === 'and') return asserts(c.childForFieldName('left'), name) || asserts(c.childForFieldName('right'), name);
  return isExistenceTest(c, name);
}

function denies(condition: Node | null | undefined, name: string): boolean {
  const c = strip(condition);
  if (!c) return false;
  if (c.type === 'boolean_operator' && c.childForFieldName('operator')?.type === 'or') return denies(c.childForFieldName('left'), name) || denies(c.childForFieldName('right'), name);
  return c.type === 'not_operator' && asserts(c.childForFieldName('argument'), name);
}

// A path probed with a fallback, which every machine replaces when it is missing (holdout15):
//
//   WORK = Path("/kaggle/working")
//   if not WORK.exists():
//       WORK = Path.cwd()
//
// Every read of WORK after the test sees a folder that exists there, the probed one or the fallback.

/**
 * `assignment` binds `name` to the path, and the very next statement is `if not <name exists>:` (no `else`)
 * that binds `name` again to what any machine has (`Path.cwd()`, a relative path), without raising or exiting:
 * the path is only probed.
 */
function probedWithFallback(name: string, assignment: Node): boolean {
  const statement = assignment.parent;
  if (statement?.type !== 'expression_statement' || statement.namedChildren.length !== 1) return false;
  const siblings = statement.parent?.namedChildren ?? [];
  const next = siblings.slice(siblings.findIndex((c) => c.id === statement.id) + 1).find((c) => c.type !== 'comment');
  if (next?.type !== 'if_statement' || next.namedChildren.some((c) => c.type === 'else_clause' || c.type === 'elif_clause')) return false;
  if (!deniesExistence(next.childForFieldName('condition'), name)) return false;
  const body = next.childForFieldName('consequence');
  if (!body || body.descendantsOfType('raise_statement').length > 0 || body.descendantsOfType('assert_statement').length > 0) return false;
  if (body.descendantsOfType('call').some((c) => /^(?:sys\.exit|exit|quit|os\._exit)$/.test(c.childForFieldName('function')?.text ?? ''))) return false;
  return body.namedChildren.some((s) => {
    const a = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
    return a?.type === 'assignment' && a.childForFieldName('left')?.type === 'identifier' && a.childForFieldName('left')?.text === name
      && !fixedAbsolute(a.childForFieldName('right'));
  });
}

/** `Path("/kaggle/input/debris")`, `"/data"`: a fallback that is the author's folder too leaves the notebook needing one of them. */
function fixedAbsolute(value: Node | null): boolean {
  const v = strip(value);
  const args = v?.type === 'call' && PATH_CONSTRUCTORS.test(v.childForFieldName('function')?.text ?? '') ? v.childForFieldName('arguments')?.namedChildren : undefined;
  const literal = args?.length === 1 ? args[0] : v;
  return literal?.type === 'string' && /^[rbfu]*["']{1,3}(?:\/|~|[A-Za-z]:)/i.test(literal.text);
}

/** `not name.exists()`, `not os.path.isdir(name)`. */
function deniesExistence(condition: Node | null, name: string): boolean {
  const c = strip(condition);
  if (c?.type !== 'not_operator') return false;
  const call = strip(c.childForFieldName('argument'));
  if (call?.type !== 'call') return false;
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (fn?.type === 'attribute' && EXISTENCE_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) {
    return args.length === 0 && fn.childForFieldName('object')?.type === 'identifier' && fn.childForFieldName('object')?.text === name;
  }
  return fn !== null && EXISTENCE_FUNCTIONS.test(fn.text) && args.length === 1 && args[0]?.type === 'identifier' && args[0].text === name;
}

function strip(node: Node | null | undefined): Node | undefined {
  let n = node ?? undefined;
  while (n?.type === 'parenthesized_expression') n = n.namedChildren[0] ?? undefined;
  return n;
}

/** `p.exists()`, `(p / "x").is_file()`, `os.path.isdir(p)`: a call that asks whether `name` (or a path under it) exists. */
function isExistenceTest(call: Node, name: string): boolean {
  if (call.type !== 'call') return false;
  const fn = call.childForFieldName('function');
  if (fn?.type === 'attribute' && EXISTENCE_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) return rootName(fn.childForFieldName('object')) === name;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (fn !== null && EXISTENCE_FUNCTIONS.test(fn.text) && args.length === 1 && rootName(args[0]) === name) return true;
  return fn?.type === 'identifier' && args.length >= 1 && args[0]?.type === 'identifier' && args[0].text === name && isExistencePredicate(fn.text, call);
}

/** `def has_wheels(path): if not path.exists(): return False; …`: a function of the cell that is false where its path is absent. */
function isExistencePredicate(name: string, call: Node): boolean {
  const fn = cellRoot(call).descendantsOfType('function_definition').find((f) => f.childForFieldName('name')?.text === name);
  const param = fn?.childForFieldName('parameters')?.namedChildren[0];
  const paramName = param?.type === 'identifier' ? param.text : param?.type === 'typed_parameter' ? param.namedChildren[0]?.text : undefined;
  const first = fn?.childForFieldName('body')?.namedChildren.find((c) => c?.type !== 'comment' && !(c?.type === 'expression_statement' && c.namedChildren[0]?.type === 'string'));
  if (!paramName || first?.type !== 'if_statement' || !isSkipGuard(first, paramName)) return false;
  const exit = first.childForFieldName('consequence')?.namedChildren.at(-1);
  return exit?.type === 'return_statement' && ['False', 'None', ''].includes(exit.namedChildren[0]?.text ?? '');
}

/** The call a read of the name is the subject of, if it is one: `p.exists()` or `os.path.exists(p)`. */
function existenceSubject(read: Node): Node | undefined {
  let n: Node = read;
  while (n.parent && (n.parent.type === 'parenthesized_expression' || (n.parent.type === 'binary_operator' && n.parent.namedChildren[0]?.id === n.id))) n = n.parent;
  const up = n.parent;
  if (up?.type === 'attribute' && up.parent?.type === 'call') return up.parent;
  if (up?.type === 'argument_list' && up.parent?.type === 'call') return up.parent;
  return undefined;
}

function isExistenceTestOf(call: Node | undefined, name: string): boolean {
  return call !== undefined && isExistenceTest(call, name);
}

/** `root / "x"` chains: the left-most name. */
function rootName(node: Node | null | undefined): string | undefined {
  let n = strip(node);
  while (n?.type === 'binary_operator' && n.childForFieldName('operator')?.text === '/') n = strip(n.childForFieldName('left'));
  return n?.type === 'identifier' ? n.text : undefined;
}

/** The `/` chain a read starts (`root / split / name`), when it is the whole right side of an assignment. */
function derivedPath(read: Node): Node | undefined {
  let n: Node = read;
  while (n.parent?.type === 'binary_operator' && n.parent.childForFieldName('operator')?.text === '/' && n.parent.childForFieldName('left')?.id === n.id) n = n.parent;
  return n.id !== read.id && n.parent?.type === 'assignment' && n.parent.childForFieldName('right')?.id === n.id ? n : undefined;
}

function enclosingFunction(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  return undefined;
}

function cellRoot(node: Node): Node {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}

/** Where `name` was bound, seen from a read of it: the first assignment to it in the read's function (or the cell). */
function bindingOf(name: string, read: Node): Node | undefined {
  const scope = enclosingFunction(read) ?? cellRoot(read);
  return scope.descendantsOfType('assignment').find((a) => a.childForFieldName('left')?.type === 'identifier' && a.childForFieldName('left')?.text === name && a.startIndex < read.startIndex);
}

/**
 * The reads of `name` after its binding, in the binding's function, or in the whole cell for a
 * module-level name (functions of the cell read it too). A later cell may read a module-level
 * name as well: such a search is still what the author wrote it for.
 */
function readsOf(name: string, binding: Node): Node[] {
  const scope = enclosingFunction(binding) ?? cellRoot(binding);
  const left = binding.childForFieldName('left');
  return identifiersIn(scope, name).filter((r) => r.id !== left?.id && r.startIndex > binding.startIndex && !isAttributeName(r) && !isKeywordName(r));
}

function identifiersIn(scope: Node, name: string): Node[] {
  return scope.descendantsOfType('identifier').filter((n) => n.text === name);
}

function isAttributeName(n: Node): boolean {
  return n.parent?.type === 'attribute' && n.parent.childForFieldName('attribute')?.id === n.id;
}

function isKeywordName(n: Node): boolean {
  return n.parent?.type === 'keyword_argument' && n.parent.childForFieldName('name')?.id === n.id;
}
