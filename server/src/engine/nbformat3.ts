// nbformat 3 to 4, as nbformat's own reader does it (`nbformat.read(f, as_version=4)`:
// v3/rwbase.py rejoin_lines, then v4/convert.py upgrade). Jupyter still opens these
// files (IPython 1 and 2 wrote them), so the rules read them too. Only what the engine
// reads is converted; the per-cell `language` nbformat drops is kept for NB002.

/** The v4-shaped notebook, and each cell's v3 `language` (code cells only). */
export interface UpgradedNotebook {
  notebook: { nbformat: 4; nbformat_minor: number; metadata: Record<string, unknown>; cells: Record<string, unknown>[] };
  languages: (string | undefined)[];
}

/** Output keys v3 may split into lines (v3/rwbase.py `_multiline_outputs`). */
const MULTILINE_OUTPUTS = ['text', 'html', 'svg', 'latex', 'javascript', 'json'];

/** v3 output keys and their mime types (v4/convert.py `_mime_map`). */
const MIME: Record<string, string> = {
  text: 'text/plain',
  html: 'text/html',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpeg: 'image/jpeg',
  latex: 'text/latex',
  json: 'application/json',
  javascript: 'application/javascript',
};

/** Python's str.splitlines() line breaks. */
const PY_LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** v3's `_join_lines`: lines saved by splitlines(True) keep their ends; older ones by splitlines() do not. */
function joinLines(lines: unknown[]): unknown {
  if (!lines.every((l) => typeof l === 'string')) return lines;
  const strings = lines as string[];
  return strings.length && /[\n\r]$/.test(strings[0]) ? strings.join('') : strings.join('\n');
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function upgradeOutput(raw: unknown): unknown {
  const output = record(raw);
  if (!output) return raw;
  const o: Record<string, unknown> = { ...output };
  for (const key of MULTILINE_OUTPUTS) if (Array.isArray(o[key])) o[key] = joinLines(o[key] as unknown[]);
  if (o.output_type === 'pyout' || o.output_type === 'display_data') {
    const result: Record<string, unknown> = { output_type: o.output_type === 'pyout' ? 'execute_result' : 'display_data', metadata: o.metadata ?? {} };
    if (o.output_type === 'pyout') result.execution_count = o.prompt_number ?? null;
    // Other keys keep their place; v3 aliases move to the end, in the map's order (as to_mime_key pops and re-adds them).
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(o)) {
      if (key === 'output_type' || key === 'metadata' || (key === 'prompt_number' && o.output_type === 'pyout') || key in MIME) continue;
      data[key] = value;
    }
    for (const [alias, mime] of Object.entries(MIME)) if (alias in o) data[mime] = o[alias];
    if (typeof data['application/json'] === 'string') {
      try {
        data['application/json'] = JSON.parse(data['application/json']);
      } catch {
        // nbformat would fail the whole read; keeping the text loses nothing the rules need
      }
    }
    result.data = data;
    return result;
  }
  if (o.output_type === 'pyerr') return { ...o, output_type: 'error' };
  if (o.output_type === 'stream') {
    const { stream, ...rest } = o;
    return { ...rest, name: stream ?? 'stdout' };
  }
  return o;
}

function upgradeCell(raw: unknown): { cell: unknown; language?: string } {
  const cell = record(raw);
  if (!cell) return { cell: raw };
  const c: Record<string, unknown> = { ...cell, metadata: cell.metadata ?? {} };
  if (c.cell_type === 'code') {
    const language = typeof c.language === 'string' ? c.language : undefined;
    delete c.language;
    const input = 'input' in c ? c.input : '';
    delete c.input;
    c.source = Array.isArray(input) ? joinLines(input) : input;
    c.execution_count = c.prompt_number ?? null;
    delete c.prompt_number;
    if (Array.isArray(c.outputs)) c.outputs = c.outputs.map(upgradeOutput);
    return { cell: c, language };
  }
  if (Array.isArray(c.source)) c.source = joinLines(c.source);
  if (c.cell_type === 'heading') {
    const level = typeof c.level === 'number' ? c.level : 1;
    delete c.level;
    const source = typeof c.source === 'string' ? c.source : '';
    const lines = source.split(PY_LINE_BREAK);
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    return { cell: { ...c, cell_type: 'markdown', source: `${'#'.repeat(level)} ${lines.join(' ')}` } };
  }
  if (c.cell_type === 'html') c.cell_type = 'markdown';
  return { cell: c };
}

/** Converts a parsed nbformat 3 notebook, or says why it cannot be. */
export function upgradeV3(json: Record<string, unknown>): UpgradedNotebook | { error: string } {
  const worksheets = json.worksheets;
  if (!Array.isArray(worksheets)) return { error: 'it has no `worksheets`' };
  const cells: Record<string, unknown>[] = [];
  const languages: (string | undefined)[] = [];
  // nbformat flattens every worksheet, in order.
  for (const ws of worksheets) {
    const wsCells = record(ws)?.cells;
    if (!Array.isArray(wsCells)) return { error: 'a worksheet has no `cells`' };
    for (const raw of wsCells) {
      const { cell, language } = upgradeCell(raw);
      cells.push(cell as Record<string, unknown>);
      languages.push(language);
    }
  }
  const metadata: Record<string, unknown> = { ...(record(json.metadata) ?? {}) };
  metadata.orig_nbformat = json.orig_nbformat || 3;
  metadata.orig_nbformat_minor = json.orig_nbformat_minor || 0;
  delete metadata.name;
  delete metadata.signature;
  return { notebook: { nbformat: 4, nbformat_minor: 5, metadata, cells }, languages };
}
