// Reads .ipynb files from disk for the CLI and for notebooks that are not open in
// the editor: nbformat 4.x, and nbformat 3 converted as nbformat does. Validation is
// as tolerant as Jupyter: unknown fields and odd metadata pass, a cell without
// `source` is read as empty (NB003); only a file Jupyter cannot open either is NB001.
import type * as nbformat from '@jupyterlab/nbformat';
import { z } from 'zod';
import { emptyBinaryPayloads } from './binaryPayloads';
import { upgradeV3 } from './nbformat3';
import { isPythonLanguage } from './knowledge/kernels';
import type { CellInput, CellKind, LoadRepair, NotebookInput } from './types';

const multiline = z.union([z.string(), z.array(z.string())]);

/** Text a saved output shows; media other than text (images, widgets' binary state) is skipped. */
const TEXT_MIME = /^(?:text\/plain|text\/html|text\/markdown|text\/latex|application\/json|application\/javascript)$/;
/** Per output, at most this much text is kept: enough for any secret, bounded for huge logs. */
const MAX_OUTPUT_TEXT = 1 << 20;

/**
 * The notebook's JSON text with binary payloads emptied (binaryPayloads.ts), so that
 * JSON.parse does not copy megabytes of base64 no rule reads. The CLI empties them in the
 * file's bytes before decoding (files.ts); this is for text that comes as text.
 */
export function withoutBinaryPayloads(text: string): string {
  if (!text.includes('"image/') && !text.includes('"application/pdf"')) return text;
  // A lone surrogate (an editor's text) would not survive the trip through UTF-8: kept as it is.
  if (!(text as { isWellFormed?(): boolean }).isWellFormed?.()) return text;
  const bytes = Buffer.from(text, 'utf8');
  const length = emptyBinaryPayloads(bytes);
  return length === bytes.length ? text : bytes.toString('utf8', 0, length);
}

function outputTexts(outputs: unknown[] | undefined): string[] | undefined {
  if (!outputs || outputs.length === 0) return undefined;
  const texts: string[] = [];
  const add = (value: unknown) => {
    const text = Array.isArray(value) ? value.filter((v) => typeof v === 'string').join('') : typeof value === 'string' ? value : value !== undefined && typeof value === 'object' ? JSON.stringify(value) : '';
    if (text) texts.push(text.length > MAX_OUTPUT_TEXT ? text.slice(0, MAX_OUTPUT_TEXT) : text);
  };
  for (const out of outputs) {
    if (!out || typeof out !== 'object') continue;
    const o = out as Record<string, unknown>;
    if (o.output_type === 'stream') add(o.text);
    else if (o.output_type === 'error') {
      add(o.evalue);
      add(o.traceback);
    } else if (o.data && typeof o.data === 'object') {
      for (const [mime, value] of Object.entries(o.data as Record<string, unknown>)) if (TEXT_MIME.test(mime)) add(value);
    }
  }
  return texts.length ? texts : undefined;
}

function errorText(outputs: unknown[] | undefined): string | undefined {
  for (const out of outputs ?? []) {
    const o = out as { output_type?: string; ename?: unknown; evalue?: unknown };
    if (o?.output_type === 'error') return `${typeof o.ename === 'string' ? o.ename : 'Error'}: ${typeof o.evalue === 'string' ? o.evalue : ''}`.trim();
  }
  return undefined;
}

function resultText(outputs: unknown[] | undefined): string | undefined {
  for (const out of outputs ?? []) {
    const o = out as { output_type?: string; data?: Record<string, unknown> };
    if (o?.output_type !== 'execute_result') continue;
    const plain = o.data?.['text/plain'];
    return Array.isArray(plain) ? plain.join('') : typeof plain === 'string' ? plain : undefined;
  }
  return undefined;
}

function stdoutText(outputs: unknown[] | undefined): string | undefined {
  let text: string | undefined;
  for (const out of outputs ?? []) {
    const o = out as { output_type?: string; name?: string; text?: unknown };
    if (o?.output_type !== 'stream' || o.name !== 'stdout') continue;
    text = (text ?? '') + (Array.isArray(o.text) ? o.text.join('') : typeof o.text === 'string' ? o.text : '');
  }
  return text;
}

const cellSchema = z.object({
  // Jupyter reads past a missing or null `cell_type`, `source` and `outputs`: so do we, with NB003.
  cell_type: z.string().nullable().optional(),
  source: multiline.nullable().optional(),
  execution_count: z.number().int().nullable().optional(),
  outputs: z.array(z.unknown()).nullable().optional(),
  metadata: z.unknown().optional(),
});

const notebookSchema = z.object({
  nbformat: z.number().int(),
  nbformat_minor: z.number().int().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  cells: z.array(cellSchema),
});

/** notebookSchema without its cells (an object schema ignores keys it does not name). */
const headerSchema = notebookSchema.omit({ cells: true });

type NotebookData = z.infer<typeof notebookSchema>;
type CellData = z.infer<typeof cellSchema>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIntOrNone = (v: unknown) => v === undefined || v === null || Number.isSafeInteger(v);

/** Whether cellSchema takes the cell (checked without zod, which copies every cell and every line of its source). */
function plainCell(c: unknown): c is CellData {
  if (!isObject(c)) return false;
  const type = c.cell_type;
  if (type !== undefined && type !== null && typeof type !== 'string') return false;
  const source = c.source;
  if (source !== undefined && source !== null && typeof source !== 'string') {
    if (!Array.isArray(source)) return false;
    for (const line of source) if (typeof line !== 'string') return false;
  }
  return isIntOrNone(c.execution_count) && (c.outputs === undefined || c.outputs === null || Array.isArray(c.outputs));
}

/**
 * notebookSchema's data: the cells as JSON.parse made them when each one passes the schema (the
 * rules read only its fields, so no copy is needed), zod's parse of the whole file otherwise, for
 * its first issue. The checks here are no looser than zod's (a safe integer where it asks for an
 * integer): a notebook they refuse goes to zod, which decides.
 */
function notebookData(json: unknown): { success: true; data: NotebookData } | { success: false; error: z.ZodError } {
  if (isObject(json) && Array.isArray(json.cells) && json.cells.every(plainCell)) {
    const header = headerSchema.safeParse(json);
    if (header.success) return { success: true, data: { ...header.data, cells: json.cells as CellData[] } };
  }
  return notebookSchema.safeParse(json);
}

/**
 * The language a code cell says it is in its metadata: Snowflake Notebooks save `"language": "sql"` or `"python"`
 * per cell (holdout16: their SQL cells, `CREATE FUNCTION … $$ import json … $$` among them, were parsed as Python).
 * Not VS Code's `vscode.languageId`: it names the highlighting (`shellscript` for a `%%bash` cell), and the kernel
 * still runs the cell.
 */
function cellMetadataLanguage(metadata: unknown): string | undefined {
  return isObject(metadata) && typeof metadata.language === 'string' && metadata.language.trim() ? metadata.language : undefined;
}

export type LoadResult = { notebook: NotebookInput } | { error: string };

function joinSource(source: nbformat.MultilineString): string {
  return Array.isArray(source) ? source.join('') : source;
}

function cellKind(type: string): CellKind {
  if (type === 'code') return 'code';
  if (type === 'markdown') return 'markdown';
  return 'raw';
}

/**
 * V8's JSON error, said with a line and column: it gives either a position or a
 * 20-character excerpt around the bad token (a hand-edited notebook's stray `!`, a
 * missing comma), which alone does not say where to look in a 2,000-line file.
 */
function jsonError(text: string, message: string): string {
  let position: number | undefined;
  let what = message;
  const at = /^(.*) in JSON at position (\d+)/s.exec(message);
  const excerpt = /^Unexpected token '(.+?)', (\.\.\.)?"(.*?)"(?:\.\.\.)? is not valid JSON$/s.exec(message);
  if (at) {
    what = at[1];
    position = Number(at[2]);
  } else if (excerpt) {
    const [, token, cut, shown] = excerpt;
    what = `Unexpected token '${token}'`;
    // V8 shows 10 characters before the token when it cuts the excerpt, else the text from its start.
    const offset = cut ? 10 : Math.max(0, shown.indexOf(token));
    // The excerpt may occur more than once: the bad token is where the text before it is valid JSON so far.
    for (let start = text.indexOf(shown); start >= 0 && position === undefined; start = text.indexOf(shown, start + 1)) {
      if (endsEarly(text.slice(0, start + offset))) position = start + offset;
    }
  }
  if (position === undefined || position > text.length) return message;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${what.charAt(0).toLowerCase()}${what.slice(1)}`;
}

/** JSON.parse's message on the text as it is (positions in it, not in withoutBinaryPayloads'). */
function jsonErrorOf(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function endsEarly(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (err) {
    return /Unexpected end of JSON input/.test((err as Error).message);
  }
}

const CONVERT = 'convert it with `jupyter nbconvert --to notebook --nbformat 4 --inplace <file>`';

/** `payloadsEmptied`: the text's binary payloads are emptied already (files.ts does it in the bytes). */
export function parseIpynb(text: string, payloadsEmptied = false): LoadResult {
  if (text.includes('\u0000')) return { error: 'the file is binary, not a notebook' };
  let json: unknown;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    json = JSON.parse(payloadsEmptied ? body : withoutBinaryPayloads(body));
  } catch (err) {
    return { error: `the file is not valid JSON (${jsonError(body, jsonErrorOf(body) ?? (err as Error).message)})` };
  }
  const version = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>).nbformat : undefined;
  let languages: (string | undefined)[] = [];
  if (version === 3) {
    const upgraded = upgradeV3(json as Record<string, unknown>);
    if ('error' in upgraded) return { error: `nbformat 3 notebook that cannot be read (${upgraded.error}): ${CONVERT}` };
    json = upgraded.notebook;
    languages = upgraded.languages;
  } else if (typeof version === 'number' && version < 3) {
    return { error: `nbformat ${version} is too old to read: ${CONVERT}` };
  } else if (typeof version === 'number' && version > 4) {
    return { error: `nbformat ${version} is newer than the nbformat 4 nb2prod reads` };
  }
  const parsed = notebookData(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return { error: `the file is not an nbformat 4 notebook: ${issue.message}${where}` };
  }
  const repairs: LoadRepair[] = [];
  const cells: CellInput[] = parsed.data.cells.map((c, index) => {
    const label = `Cell ${index + 1}`;
    if (typeof c.cell_type !== 'string') repairs.push({ cell: index, message: `${label} has no \`cell_type\`, read as a raw cell` });
    else if (c.source === null) repairs.push({ cell: index, message: `${label} has \`"source": null\`, read as empty` });
    else if (c.source === undefined) repairs.push({ cell: index, message: `${label} has no \`source\`, read as empty` });
    else if (c.cell_type === 'code' && c.outputs == null) repairs.push({ cell: index, message: `${label} has no \`outputs\`, read as none` });
    const code = c.cell_type === 'code';
    const outputs = c.outputs ?? undefined;
    const cell: CellInput = {
      kind: cellKind(c.cell_type ?? 'raw'),
      source: c.source == null ? '' : joinSource(c.source),
      executionCount: code ? c.execution_count ?? null : null,
      outputs: code ? outputTexts(outputs) : undefined,
      result: code ? resultText(outputs) : undefined,
    };
    const stdout = code ? stdoutText(outputs) : undefined;
    if (stdout !== undefined) cell.stdout = stdout;
    const error = code ? errorText(outputs) : undefined;
    if (error !== undefined) cell.error = error;
    const language = languages[index] ?? (code ? cellMetadataLanguage(c.metadata) : undefined);
    if (language !== undefined) cell.language = language;
    // As the editor hands it over: a code cell in another language is a raw cell with its language, no Python to read.
    // A cell magic (`%%sql -r df` in a Snowflake Workspaces notebook marked "sql") is run by the Python kernel: code still.
    if (languages[index] === undefined && language !== undefined && !isPythonLanguage(language) && !/^\s*%%/.test(cell.source)) cell.kind = 'raw';
    return cell;
  });
  const notebook: NotebookInput = { cells, metadata: parsed.data.metadata };
  if (repairs.length) notebook.repairs = repairs;
  return { notebook };
}
