// NB201: a path probed with a fallback, which every machine replaces when it is missing:
//
//   WORK = Path("/kaggle/working")
//   if not WORK.exists():
//       WORK = Path.cwd()
//
// Every read of WORK after the test sees a folder that exists there, the probed one or the fallback.
import type { SyntaxNode as Node } from '../syntaxNode';

const EXISTENCE_METHODS = new Set(['exists', 'is_dir', 'is_file']);
const EXISTENCE_FUNCTIONS = /^(?:os\.path\.)?(?:exists|isdir|isfile|lexists)$/;

/**
 * `assignment` binds `name` to the path, and the very next statement is `if not <name exists>:` (no `else`)
 * that binds `name` again to what any machine has (`Path.cwd()`, a relative path), without raising or exiting:
 * the path is only probed.
 */
export function probedWithFallback(name: string, assignment: Node): boolean {
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
  const args = v?.type === 'call' && /^(?:pathlib\.)?(?:Path|PurePath|PosixPath)$/.test(v.childForFieldName('function')?.text ?? '') ? v.childForFieldName('arguments')?.namedChildren : undefined;
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
