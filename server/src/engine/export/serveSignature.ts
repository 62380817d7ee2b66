// A Python function's signature, read from its `def` text: parameter names, their
// annotations and defaults, the return annotation. Enough to serve the function;
// anything unusual (`*args`, `**kwargs`) is reported, never guessed.
import { closing, splitArguments } from '../evals/split';

export interface Parameter {
  name: string;
  annotation?: string;
  /** The default's source text. */
  defaultSource?: string;
  /** `*args` or `**kwargs`. */
  variadic?: boolean;
}

export interface Signature {
  name: string;
  isAsync: boolean;
  params: Parameter[];
  returns?: string;
}

/** The index of the first `ch` outside brackets and strings (`=` not part of `==`, `<=`, ...), or -1. */
function topLevelIndex(text: string, ch: ':' | '='): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && c === ch && (ch === ':' || (!/[=!<>:]/.test(text[i - 1] ?? '') && text[i + 1] !== '='))) return i;
  }
  return -1;
}

/** The signature of the function defined by `defText` (decorators allowed), or undefined when it is not a function. */
export function parseSignature(defText: string): Signature | undefined {
  const head = /^(?:[ \t]*@[^\n]*\n)*[ \t]*(async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/m.exec(defText);
  if (!head) return undefined;
  const open = head.index + head[0].length - 1;
  const end = closing(defText, open);
  if (end < 0) return undefined;
  const params: Parameter[] = [];
  for (const part of splitArguments(defText.slice(open + 1, end - 1))) {
    if (part === '*' || part === '/') continue;
    const eq = topLevelIndex(part, '=');
    const left = eq < 0 ? part : part.slice(0, eq);
    const colon = topLevelIndex(left, ':');
    const name = (colon < 0 ? left : left.slice(0, colon)).trim();
    params.push({
      name: name.replace(/^\*+/, ''),
      annotation: colon < 0 ? undefined : left.slice(colon + 1).trim(),
      defaultSource: eq < 0 ? undefined : part.slice(eq + 1).trim(),
      variadic: name.startsWith('*') || undefined,
    });
  }
  const rest = /^\s*(?:->\s*([^\n]*?))?\s*:/.exec(defText.slice(end));
  return { name: head[2], isAsync: head[1] !== undefined, params, returns: rest?.[1]?.trim() || undefined };
}
