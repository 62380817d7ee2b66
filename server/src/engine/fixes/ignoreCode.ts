// "Ignore NBxxx": the edits that write a pragma on a line or a cell, or add the code
// to `ignore` in pyproject.toml's [tool.nb2prod]. Pure: text in, edits out; the LSP
// glue turns them into one WorkspaceEdit.
import { parse as parseToml } from 'smol-toml';
import { addCode, withLinePragma } from '../suppress';
import type { Range } from '../types';

export interface LineEdit {
  range: Range;
  newText: string;
}

/** Codes that speak about the project, not one line: they can be ignored in pyproject.toml. */
export function isProjectCode(code: string): boolean {
  return /^NB(?:30\d|40\d)$/.test(code);
}

function wholeLine(line: number, text: string): Range {
  return { start: { line, character: 0 }, end: { line, character: text.length } };
}

/**
 * The pragma at the end of line `line`, or undefined where a comment cannot go: a
 * line magic (its arguments would swallow it), a continued line, or a line inside
 * or opening a multi-line string.
 */
export function planLinePragma(source: string, line: number, code: string): LineEdit | undefined {
  const lines = source.split('\n');
  const text = lines[line]?.replace(/\r$/, '');
  if (text === undefined || /^\s*%/.test(text) || /\\$/.test(text)) return undefined;
  const before = lines.slice(0, line).join('\n');
  const openStrings = (s: string) => (s.match(/"""|'''/g) ?? []).length;
  if (openStrings(before) % 2 === 1 || openStrings(text) % 2 === 1) return undefined;
  const newText = withLinePragma(text, code);
  return newText === text ? undefined : { range: wholeLine(line, text), newText };
}

/** A comment line `# nb2prod: ignore-cell[code]` at the top of the cell (below a `%%` cell magic), or the code added to one there. */
export function planCellPragma(source: string, code: string): LineEdit | undefined {
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].replace(/\r$/, '');
    if (!/^\s*#/.test(text)) continue;
    const updated = addCode(text, code, 'ignore-cell');
    if (updated === undefined) continue;
    return updated === text ? undefined : { range: wholeLine(i, text), newText: updated };
  }
  const at = /^\s*%%/.test(lines[0] ?? '') ? 1 : 0;
  const pragma = `# nb2prod: ignore-cell[${code}]`;
  if (at === 1 && lines.length === 1) return { range: { start: { line: 0, character: lines[0].length }, end: { line: 0, character: lines[0].length } }, newText: `\n${pragma}` };
  return { range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, newText: `${pragma}\n` };
}

/**
 * Where to add `code` to `ignore` in pyproject.toml: an offset and the text to insert,
 * or the whole new file when there is none. Undefined when the file is not valid TOML,
 * already ignores the code, or keeps [tool.nb2prod] in a form we do not edit safely.
 */
export function planPyprojectIgnore(text: string | undefined, code: string): { offset: number; text: string } | undefined {
  if (text === undefined) return { offset: 0, text: `[tool.nb2prod]\nignore = ["${code}"]\n` };
  let doc: { tool?: { nb2prod?: { ignore?: unknown } } };
  try {
    doc = parseToml(text) as typeof doc;
  } catch {
    return undefined;
  }
  const table = doc.tool?.nb2prod;
  const header = /^[ \t]*\[tool\.nb2prod\][ \t]*(?:#.*)?$/m.exec(text);
  if (!table) {
    if (header) return undefined;
    const sep = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    return checked(text, text.length, `${sep}[tool.nb2prod]\nignore = ["${code}"]\n`, code);
  }
  if (!header) return undefined; // defined as dotted keys or inline: leave it to the user
  const ignore = table.ignore;
  if (Array.isArray(ignore) && ignore.some((c) => String(c).toUpperCase() === code)) return undefined;
  const bodyStart = header.index + header[0].length + 1;
  const next = /^[ \t]*\[/m.exec(text.slice(bodyStart));
  const bodyEnd = next ? bodyStart + next.index : text.length;
  const body = text.slice(bodyStart, bodyEnd);
  if (ignore === undefined) return checked(text, Math.min(bodyStart, text.length), `${bodyStart > text.length ? '\n' : ''}ignore = ["${code}"]\n`, code);
  const key = /^[ \t]*ignore[ \t]*=[ \t]*\[([^\]]*)\]/m.exec(body);
  if (!Array.isArray(ignore) || !key) return undefined;
  const closing = bodyStart + key.index + key[0].length - 1;
  const items = key[1];
  const multiline = items.includes('\n');
  const trailingComma = /,\s*$/.test(items.replace(/#.*$/gm, ''));
  const hasItems = items.replace(/#.*$/gm, '').trim() !== '';
  if (multiline) {
    const offset = closing - (/\s*$/.exec(items)?.[0].length ?? 0);
    return checked(text, offset, `${hasItems && !trailingComma ? ',' : ''}\n    "${code}",`, code);
  }
  return checked(text, closing, `${hasItems && !trailingComma ? ', ' : ''}"${code}"`, code);
}

/** The insertion, only if the result still parses and ignores the code. */
function checked(text: string, offset: number, insert: string, code: string): { offset: number; text: string } | undefined {
  const result = text.slice(0, offset) + insert + text.slice(offset);
  try {
    const ignore = (parseToml(result) as { tool?: { nb2prod?: { ignore?: unknown } } }).tool?.nb2prod?.ignore;
    return Array.isArray(ignore) && ignore.includes(code) ? { offset, text: insert } : undefined;
  } catch {
    return undefined;
  }
}
