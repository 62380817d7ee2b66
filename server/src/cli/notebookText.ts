// Rewriting a few cells of an .ipynb file without reformatting the rest: Jupyter,
// Colab and other tools write different JSON styles (indent 1 or 2, minified, \uXXXX
// escapes), and a fix must not turn a two-line change into a diff of the whole file.
// The new `source` and `outputs` values are spliced into the original text in its
// style; the result is checked against the intended JSON, else written whole.
import { isDeepStrictEqual } from 'node:util';

type Span = [number, number];

/** Spans of each top-level cell's `source` and `outputs` values in the raw JSON text. */
export function cellValueSpans(raw: string): { source?: Span; outputs?: Span }[] | undefined {
  let i = 0;
  const ws = () => {
    while (i < raw.length && /\s/.test(raw[i])) i++;
  };
  const string = (): string => {
    const start = i++;
    while (i < raw.length && raw[i] !== '"') i += raw[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(raw.slice(start, i)) as string;
  };
  // Skips any value; calls `member(key)` at each member of an object when given.
  const value = (member?: (key: string) => void): void => {
    ws();
    const c = raw[i];
    if (c === '"') string();
    else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (raw[i] === close) {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (c === '{') {
          const key = string();
          ws();
          i++; // ':'
          if (member) member(key);
          else value();
        } else value();
        ws();
        if (raw[i] === ',') i++;
        else if (raw[i] === close) {
          i++;
          return;
        } else throw new Error(`unexpected ${raw[i]} at ${i}`);
      }
    } else {
      while (i < raw.length && !/[,}\]\s]/.test(raw[i])) i++;
    }
  };
  const cells: { source?: Span; outputs?: Span }[] = [];
  try {
    if (raw.charCodeAt(0) === 0xfeff) i = 1;
    value((key) => {
      if (key !== 'cells') return value();
      ws();
      if (raw[i] !== '[') return value();
      // the cells array: each element an object whose members we record
      i++;
      for (;;) {
        ws();
        if (raw[i] === ']') {
          i++;
          return;
        }
        const spans: { source?: Span; outputs?: Span } = {};
        value((k) => {
          ws();
          const start = i;
          value();
          if (k === 'source' || k === 'outputs') spans[k] = [start, i];
        });
        cells.push(spans);
        ws();
        if (raw[i] === ',') i++;
      }
    });
  } catch {
    return undefined;
  }
  return cells;
}

/** The JSON text of `value` in the style of `raw`, for a value whose key starts a line at `at`. */
function styled(raw: string, at: number, value: unknown): string {
  const indent = /^\uFEFF?\{\r?\n([ \t]+)"/.exec(raw)?.[1];
  const newline = raw.includes('\r\n') ? '\r\n' : '\n';
  const lineStart = raw.lastIndexOf('\n', at) + 1;
  const lead = /^[ \t]*/.exec(raw.slice(lineStart))![0];
  let text = indent === undefined ? JSON.stringify(value) : JSON.stringify(value, null, indent).replace(/\n/g, newline + lead);
  // A file written with ensure_ascii (no raw non-ASCII character) keeps that style.
  if (!/[^\x00-\x7f]/.test(raw)) text = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text;
}

/**
 * `raw` with the given cells' `source` and `outputs` replaced. `json` is the parsed
 * notebook with those changes made: the text must parse to it, else it is written whole.
 */
export function rewriteCells(raw: string, json: { cells: Record<string, unknown>[] }, changed: Set<number>, fallbackIndent: string): string {
  const whole = () => JSON.stringify(json, null, fallbackIndent) + (raw.endsWith('\n') ? '\n' : '');
  const spans = cellValueSpans(raw);
  if (!spans || spans.length !== json.cells.length) return whole();
  const edits: { span: Span; text: string }[] = [];
  for (const index of changed) {
    for (const key of ['source', 'outputs'] as const) {
      const span = spans[index][key];
      if (!span) return whole();
      edits.push({ span, text: styled(raw, span[0], json.cells[index][key]) });
    }
  }
  let out = raw;
  for (const e of edits.sort((a, b) => b.span[0] - a.span[0])) out = out.slice(0, e.span[0]) + e.text + out.slice(e.span[1]);
  try {
    const body = out.charCodeAt(0) === 0xfeff ? out.slice(1) : out;
    if (isDeepStrictEqual(JSON.parse(body), json)) return out;
  } catch {
    // fall through: written whole
  }
  return whole();
}
