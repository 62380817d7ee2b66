// Reads .ipynb files (nbformat 4.x) from disk for the CLI and for notebooks that
// are not open in the editor. Validation is deliberately tolerant: unknown fields
// and odd metadata pass; only what the engine needs must be well formed.
import type * as nbformat from '@jupyterlab/nbformat';
import { z } from 'zod';
import type { CellInput, CellKind, NotebookInput } from './types';

const multiline = z.union([z.string(), z.array(z.string())]);

/** Text a saved output shows; media other than text (images, widgets' binary state) is skipped. */
const TEXT_MIME = /^(?:text\/plain|text\/html|text\/markdown|text\/latex|application\/json|application\/javascript)$/;
/** Per output, at most this much text is kept: enough for any secret, bounded for huge logs. */
const MAX_OUTPUT_TEXT = 1 << 20;

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

function resultText(outputs: unknown[] | undefined): string | undefined {
  for (const out of outputs ?? []) {
    const o = out as { output_type?: string; data?: Record<string, unknown> };
    if (o?.output_type !== 'execute_result') continue;
    const plain = o.data?.['text/plain'];
    return Array.isArray(plain) ? plain.join('') : typeof plain === 'string' ? plain : undefined;
  }
  return undefined;
}

const cellSchema = z.object({
  cell_type: z.string(),
  source: multiline,
  execution_count: z.number().int().nullable().optional(),
  outputs: z.array(z.unknown()).optional(),
});

const notebookSchema = z.object({
  nbformat: z.number().int(),
  nbformat_minor: z.number().int().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  cells: z.array(cellSchema),
});

export type LoadResult = { notebook: NotebookInput } | { error: string };

function joinSource(source: nbformat.MultilineString): string {
  return Array.isArray(source) ? source.join('') : source;
}

function cellKind(type: string): CellKind {
  if (type === 'code') return 'code';
  if (type === 'markdown') return 'markdown';
  return 'raw';
}

export function parseIpynb(text: string): LoadResult {
  if (text.includes('\u0000')) return { error: 'the file is binary, not a notebook' };
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return { error: `the file is not valid JSON (${(err as Error).message})` };
  }
  const parsed = notebookSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return { error: `the file is not an nbformat 4 notebook: ${issue.message}${where}` };
  }
  if (parsed.data.nbformat !== 4) return { error: `nbformat ${parsed.data.nbformat} is not supported (only 4.x)` };
  const cells: CellInput[] = parsed.data.cells.map((c) => ({
    kind: cellKind(c.cell_type),
    source: joinSource(c.source),
    executionCount: c.cell_type === 'code' ? c.execution_count ?? null : null,
    outputs: c.cell_type === 'code' ? outputTexts(c.outputs) : undefined,
    result: c.cell_type === 'code' ? resultText(c.outputs) : undefined,
  }));
  return { notebook: { cells, metadata: parsed.data.metadata } };
}
