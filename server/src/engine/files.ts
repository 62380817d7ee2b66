// Turns a file on disk into engine input: .ipynb notebooks and percent-format .py
// scripts. A file that cannot be read becomes one NB001 finding, never an exception.
import * as fs from 'node:fs';
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

export function loadText(path: string, text: string): LoadedFile {
  if (path.endsWith('.ipynb')) {
    const result = parseIpynb(text);
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
let chunk: Buffer | undefined;

/**
 * loadFile, handing the bytes read to `onBytes` (the CLI's findings cache hashes them): one
 * read of the file, a chunk at a time into one reused buffer, so a folder check makes no
 * buffer per file. Dead file buffers are memory outside the JS heap, which V8 collects late:
 * two workers reading a folder's 4 MB notebooks held tens of MB of them. Each chunk is
 * valid only during its `onBytes` call. `read` says whether the file's bytes were read.
 */
export function readAndLoad(path: string, onBytes?: (bytes: Buffer) => void): { loaded: LoadedFile; read: boolean } {
  let text: string;
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > MAX_FILE_BYTES) return { loaded: { kind: 'unreadable', finding: unreadable(`it is ${Math.round(size / 1048576)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit`) }, read: false };
    chunk ??= Buffer.allocUnsafeSlow(CHUNK_BYTES);
    // fatal: invalid UTF-8 throws, and the whole file is read again below to say so as before.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const pieces: string[] = [];
    let valid = true;
    for (let n; (n = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null)) > 0;) {
      const bytes = chunk.subarray(0, n);
      onBytes?.(bytes);
      if (valid) {
        try {
          pieces.push(decoder.decode(bytes, { stream: true }));
        } catch {
          valid = false;
        }
      }
    }
    if (valid) {
      try {
        pieces.push(decoder.decode());
      } catch {
        valid = false;
      }
    }
    if (!valid) return { loaded: loadBytes(path, fs.readFileSync(path)), read: true };
    text = pieces.join('');
  } catch (err) {
    return { loaded: { kind: 'unreadable', finding: unreadable(`it cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`) }, read: false };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return { loaded: loadText(path, text), read: true };
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
