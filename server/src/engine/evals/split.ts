// Splitting Python call text without a parser: the arguments of a call at
// top-level commas, and where a call's parenthesis closes (strings and comments skipped).

/**
 * Visits each character of `text` from `from` that is outside strings and comments; stops at the first `visit` that
 * returns true and gives its index, else -1. `comment` hears each comment's span (from `#` to the line's end).
 */
function walkCode(text: string, from: number, visit: (ch: string, i: number) => boolean, comment?: (start: number, end: number) => void): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      }
    } else if (ch === '#') {
      const nl = text.indexOf('\n', i);
      comment?.(i, nl < 0 ? text.length : nl);
      i = nl < 0 ? text.length : nl;
    } else if (ch === '"' || ch === "'") quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
    else if (visit(ch, i)) return i;
  }
  return -1;
}

/** Split call arguments at top-level commas. */
export function splitArguments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  walkCode(text, 0, (ch, i) => {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
    return false;
  });
  out.push(text.slice(start));
  return out.map((a) => withoutComments(a).trim()).filter(Boolean);
}

/** The text without its comments (`stop=["</think>"]  # stop at the reasoning's end`), strings kept whole. */
export function withoutComments(text: string): string {
  let out = '';
  let last = 0;
  walkCode(text, 0, () => false, (start, end) => {
    out += text.slice(last, start);
    last = end;
  });
  return out + text.slice(last);
}

/** Index just past the parenthesis that closes the one at `open`, or -1. */
export function closing(text: string, open: number): number {
  let depth = 0;
  const at = walkCode(text, open, (ch) => {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) return --depth === 0;
    return false;
  });
  return at < 0 ? -1 : at + 1;
}

/** How many brackets are open at `at` (code outside strings and comments from the start of `text`). */
export function bracketDepth(text: string, at: number): number {
  let depth = 0;
  walkCode(text.slice(0, at), 0, (ch) => {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    return false;
  });
  return depth;
}

/** The code of `text` alone: strings and comments blanked out (same length), to look for keywords in it. */
export function codeOnly(text: string): string {
  const chars: string[] = text.split('').map((ch) => (ch === '\n' ? '\n' : ' '));
  walkCode(text, 0, (ch, i) => {
    chars[i] = ch;
    return false;
  });
  return chars.join('');
}
