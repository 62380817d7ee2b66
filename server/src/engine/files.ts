// Turns a file on disk into engine input: .ipynb notebooks and percent-format .py
// scripts. A file that cannot be read becomes one NB001 finding, never an exception.
import * as fs from 'node:fs';
import { emptyBinaryPayloads } from './binaryPayloads';
import { parseIpynb } from './ipynb';
import { isPercentScript, parsePercentScript, type PercentCell } from './percent';
import type { Finding, NotebookInput } from './types';

export type FileKind = 'ipynb' | 'percent';

export type LoadedFile =
  | { kind: 'ipynb'; notebook: NotebookInput }
  | { kind: 'percent'; notebook: NotebookInput & { cells: PercentCell[] } }
  | { kind: 'unreadable'; finding: Finding }
  /** A plain .py module: not a notebook, nothing for the notebook rules. */
  | { kind: 'module' };

/** Files above this size are not parsed: a notebook this big is almost all outputs, which we never read. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export function unreadable(message: string): Finding {
  return {
    code: 'NB001',
    severity: 'error',
    message: `Cannot analyse this file: ${message}.`,
    cell: -1,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    related: [],
  };
}

/** `payloadsEmptied`: a notebook's binary payloads were emptied already, if it had any (readAndLoad). */
export function loadText(path: string, text: string, payloadsEmptied = false): LoadedFile {
  if (path.endsWith('.ipynb')) {
    const result = parseIpynb(text, payloadsEmptied);
    return 'error' in result ? { kind: 'unreadable', finding: unreadable(result.error) } : { kind: 'ipynb', notebook: result.notebook };
  }
  if (text.includes('\u0000')) return { kind: 'unreadable', finding: unreadable('the file is binary, not Python source') };
  if (!isPercentScript(text)) return { kind: 'module' };
  return { kind: 'percent', notebook: parsePercentScript(text) };
}

export function loadFile(path: string): LoadedFile {
  return readAndLoad(path).loaded;
}

/** Chunks a file is read in: one buffer per thread, reused (see readAndLoad). */
const CHUNK_BYTES = 64 * 1024;
/** Files up to this size are read whole into one reused buffer and decoded at once; larger ones chunk by chunk. */
export const WHOLE_FILE_BYTES = 8 * 1024 * 1024;
let chunk: Buffer | undefined;
/** The reused buffer of whole-file reads: it grows to the largest file read whole, at most WHOLE_FILE_BYTES. */
let whole: Buffer | undefined;

/**
 * loadFile, handing the bytes read to `onBytes` (the CLI's findings cache hashes them): one
 * read of the file into one reused buffer, so a folder check makes no buffer per file. Dead
 * file buffers are memory outside the JS heap, which V8 collects late: two workers reading a
 * folder's 4 MB notebooks held tens of MB of them. A file of up to WHOLE_FILE_BYTES is read
 * whole and decoded once; a larger one a chunk at a time (the decoded pieces then joined:
 * twice the text's allocation, which on a folder of notebooks was a tenth of all garbage).
 * The bytes are valid only during the `onBytes` call. `read` says whether the file's bytes were read.
 */
export function readAndLoad(path: string, onBytes?: (bytes: Buffer) => void): { loaded: LoadedFile; read: boolean } {
  let text: string;
  let fd: number | undefined;
  const notebook = path.endsWith('.ipynb');
  /** The payloads were looked for in the bytes (`emptied`: and some found). */
  let scanned = false;
  let emptied = false;
  try {
    fd = fs.openSync(path, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > MAX_FILE_BYTES) return { loaded: { kind: 'unreadable', finding: unreadable(`it is ${Math.round(size / 1048576)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit`) }, read: false };
    const decoded = size < WHOLE_FILE_BYTES ? readWhole(fd, size, onBytes, notebook ? (any) => {
      scanned = true;
      emptied = any;
    } : undefined) : readChunks(fd, onBytes);
    if (decoded === undefined) return { loaded: loadBytes(path, fs.readFileSync(path)), read: true };
    text = decoded;
  } catch (err) {
    return { loaded: { kind: 'unreadable', finding: unreadable(`it cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`) }, read: false };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const loaded = loadText(path, text, scanned);
  // Not a notebook after all: said from the file as it is (a JSON error's line and column are the file's).
  if (emptied && loaded.kind === 'unreadable') return { loaded: loadBytes(path, fs.readFileSync(path)), read: true };
  return { loaded, read: true };
}

/**
 * The file's text, read into the reused buffer (room for one byte more than its size, to see
 * it end); undefined when it is not valid UTF-8. Given `onEmptied`, a notebook's binary
 * payloads are emptied in the bytes after `onBytes` saw them, before they are decoded
 * (binaryPayloads.ts), and `onEmptied` says whether there were any.
 */
function readWhole(fd: number, size: number, onBytes?: (bytes: Buffer) => void, onEmptied?: (any: boolean) => void): string | undefined {
  // Whole 64 KB chunks: a new largest file makes a new buffer (in a folder's order, a few times in thousands of files).
  if (!whole || whole.length <= size) whole = Buffer.allocUnsafeSlow(Math.min(WHOLE_FILE_BYTES, (Math.floor(size / CHUNK_BYTES) + 1) * CHUNK_BYTES));
  let length = 0;
  for (let n; length < whole.length && (n = fs.readSync(fd, whole, length, whole.length - length, null)) > 0;) length += n;
  // The file grew past the buffer while it was read: the rest chunk by chunk, the start decoded as the first piece.
  if (length === whole.length) return readChunks(fd, onBytes, whole.subarray(0, length));
  let bytes = whole.subarray(0, length);
  onBytes?.(bytes);
  if (onEmptied) {
    const kept = emptyBinaryPayloads(bytes);
    bytes = whole.subarray(0, kept);
    onEmptied(kept < length);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The file's text, read a chunk at a time after `start` (bytes already read); undefined when it is not valid UTF-8. */
function readChunks(fd: number, onBytes?: (bytes: Buffer) => void, start?: Buffer): string | undefined {
  chunk ??= Buffer.allocUnsafeSlow(CHUNK_BYTES);
  // fatal: invalid UTF-8 throws, and the caller reads the whole file again to say so as before.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const pieces: string[] = [];
  let valid = true;
  const take = (bytes: Buffer) => {
    onBytes?.(bytes);
    if (!valid) return;
    try {
      pieces.push(decoder.decode(bytes, { stream: true }));
    } catch {
      valid = false;
    }
  };
  if (start) take(start);
  for (let n; (n = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null)) > 0;) take(chunk.subarray(0, n));
  if (valid) {
    try {
      pieces.push(decoder.decode());
    } catch {
      valid = false;
    }
  }
  return valid ? pieces.join('') : undefined;
}

/** A file whose bytes are not all valid UTF-8: a literal U+FFFD in them is still text. */
function loadBytes(path: string, bytes: Buffer): LoadedFile {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD') && !bytes.includes(Buffer.from('\uFFFD'))) return { kind: 'unreadable', finding: unreadable('it is not valid UTF-8') };
  return loadText(path, text);
}

/** Map a percent cell's finding to file lines (cell -1 findings stay at the top of the file). */
export function toFileRange(cells: readonly Pick<PercentCell, 'firstLine'>[], finding: { cell: number; range: Finding['range'] }): Finding['range'] {
  const offset = finding.cell >= 0 ? cells[finding.cell].firstLine : 0;
  return {
    start: { line: finding.range.start.line + offset, character: finding.range.start.character },
    end: { line: finding.range.end.line + offset, character: finding.range.end.character },
  };
}

/**
 * Lines of a notebook's JSON text where each cell's source lines stand, so code
 * scanning can point into the .ipynb file. nbformat writes one source line per JSON
 * line; where a line cannot be found we fall back to the cell's first found line.
 */
export function notebookJsonLines(raw: string): (cell: number, line: number) => number {
  const lineOf: number[][] = [];
  try {
    const nb = JSON.parse(raw) as { cells?: { source?: string | string[] }[] };
    const newlines: number[] = [];
    for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) newlines.push(i);
    const lineAt = (offset: number) => {
      let lo = 0;
      let hi = newlines.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (newlines[mid] < offset) lo = mid + 1;
        else hi = mid;
      }
      return lo + 1;
    };
    let offset = 0;
    for (const cell of nb.cells ?? []) {
      const source = Array.isArray(cell.source) ? cell.source : (cell.source ?? '').split(/(?<=\n)/);
      const found: number[] = [];
      for (const text of source) {
        const at = raw.indexOf(JSON.stringify(text), offset);
        if (at >= 0) {
          found.push(lineAt(at));
          offset = at + 1;
        } else {
          found.push(found[found.length - 1] ?? lineAt(offset));
        }
      }
      lineOf.push(found);
    }
  } catch {
    // fall through: everything maps to line 1
  }
  return (cell, line) => lineOf[cell]?.[line] ?? lineOf[cell]?.[0] ?? 1;
}
