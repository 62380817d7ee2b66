// Python blocks read from a cell's lines by indentation (for checks on the text around a finding).

export function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

const BLANK_OR_COMMENT = /^\s*(?:#.*)?$/;

/** The lines that open the blocks `line` sits in (`if …:`, `while …:`, `def …:`), innermost first. */
export function* enclosingHeaders(lines: readonly string[], line: number): Generator<number> {
  let indent = indentOf(lines[line] ?? '');
  for (let i = line - 1; i >= 0 && indent > 0; i--) {
    const text = lines[i];
    if (BLANK_OR_COMMENT.test(text) || indentOf(text) >= indent) continue;
    indent = indentOf(text);
    yield i;
  }
}
