// The cross-cell pass after a one-cell edit follows only the names tied to the edited cell
// (flowCache.ts). After every edit of a random sequence it must give exactly what the whole
// pass gives, entry for entry and in the same order, and the engine's findings must be those
// of a fresh engine. On notebooks built from fixture cells (always), and on real notebooks of
// the development corpus when it is on this machine (NB2PROD_CORPUS, default /work/corpus/dev).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Engine } from '../../server/src/engine/analyze';
import { documentOrderFlow, type CodeCell } from '../../server/src/engine/dataflow';
import { loadFile } from '../../server/src/engine/files';
import { FlowCache } from '../../server/src/engine/flowCache';
import { defaultWasmDir } from '../../server/src/engine/parser';
import type { CellInput, NotebookInput } from '../../server/src/engine/types';
import { REPO_ROOT } from '../helpers/engine';

const CORPUS = process.env.NB2PROD_CORPUS ?? '/work/corpus/dev';

/** Cells that tie names together through functions, deletions, rebinds and mutations. */
const FIXTURE_CELLS = [
  'import numpy as np\nimport pandas as pd',
  'def load(path):\n    return pd.read_csv(path, sep=sep)',
  'def clean(frame):\n    return normalise(frame.dropna())',
  'def normalise(frame):\n    return (frame - frame.mean()) / scale',
  'sep = ","\nscale = 2.0',
  'df = load("data.csv")\ndf = clean(df)',
  'df = df.reset_index()\ncount += 1',
  'items = []\nitems.append(df)',
  'del scale\nprint(undefined_here)',
  'total = sum(items)\nresult = normalise(total)',
  'print(later)\nlater = 1',
  'f = lambda x: x + offset\noffset = 3',
  '',
];

function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return (state >>> 16) % n;
  };
}

/** One code cell's text changes: replaced by another cell's, a line added or dropped, a name bound, deleted or read. */
function editOne(cells: CellInput[], names: string[], rand: (n: number) => number, pool: string[]): CellInput[] {
  const code = cells.flatMap((c, i) => (c.kind === 'code' ? [i] : []));
  const at = code[rand(code.length)];
  const source = cells[at].source;
  const name = names.length > 0 ? names[rand(names.length)] : 'x';
  const lines = source.split('\n');
  const variants = [
    () => pool[rand(pool.length)],
    () => `${source}\n${pool[rand(pool.length)].split('\n')[0]}`,
    () => lines.slice(0, -1).join('\n'),
    () => '',
    () => `${source}\n${name} = ${name} + 1`,
    () => `del ${name}\n${source}`,
    () => `${name}(${names[rand(names.length)] ?? 'x'})\n${source}`,
    () => `${name}.append(1)\n${source}`,
    () => `def helper_${rand(3)}():\n    return ${name}\n${source}`,
    () => `def helper_${rand(3)}():\n    return ${name}`,
    () => `helper_${rand(3)}()\n${source}`,
  ];
  const out = cells.slice();
  out[at] = { ...cells[at], source: variants[rand(variants.length)]() };
  return out;
}

/** Runs a sequence of one-cell edits; after each, the incremental flow must equal the whole pass. */
function checkFlows(engine: Engine, start: CellInput[], edits: number, seed: number, pool: string[], what: string): { entries: number; incremental: number } {
  const cache = new FlowCache();
  const rand = random(seed);
  const codeCells = (cells: CellInput[]): CodeCell[] =>
    cells.flatMap((c, index) => (c.kind === 'code' ? [{ index, summary: engine.summarize(c.source), executionCount: c.executionCount ?? null }] : []));
  let cells = start;
  let current = codeCells(cells);
  cache.flow(current, undefined, what);
  let entries = 0;
  for (let e = 0; e < edits; e++) {
    const names = [...new Set(current.flatMap((c) => c.summary.events.flatMap((ev) => (ev.kind === 'unknown' ? [] : [ev.name]))))].sort();
    cells = editOne(cells, names, rand, pool);
    current = codeCells(cells);
    const whole = documentOrderFlow(current);
    assert.deepEqual(cache.flow(current, undefined, what), whole, `${what}, edit ${e} (seed ${seed})`);
    entries += whole.readBeforeDefine.length + whole.undefinedReads.length + whole.nonIdempotent.length + whole.readsFromUnknown.length;
  }
  return { entries, incremental: cache.passes.incremental };
}

function corpusNotebooks(limit: number): { file: string; notebook: NotebookInput }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ipynb')) files.push(full);
    }
  };
  walk(CORPUS);
  // Spread over the corpus's repositories: every n-th file.
  const step = Math.max(1, Math.floor(files.length / limit));
  return files
    .filter((_, i) => i % step === 0)
    .flatMap((file) => {
      const loaded = loadFile(file);
      return loaded.kind === 'ipynb' && loaded.notebook.cells.filter((c) => c.kind === 'code').length >= 3 ? [{ file, notebook: loaded.notebook }] : [];
    })
    .slice(0, limit);
}

describe('incremental cross-cell pass', () => {
  it('equals the whole pass after random one-cell edits of fixture notebooks', async () => {
    const engine = await Engine.create(defaultWasmDir(REPO_ROOT));
    let entries = 0;
    let incremental = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const rand = random(seed * 31);
      const cells: CellInput[] = Array.from({ length: 8 + rand(20) }, () => ({ kind: 'code', source: FIXTURE_CELLS[rand(FIXTURE_CELLS.length)] }));
      const checked = checkFlows(engine, cells, 40, seed, FIXTURE_CELLS, `fixture ${seed}`);
      entries += checked.entries;
      incremental += checked.incremental;
    }
    // The comparison means something only if the flows have entries and the edits took the incremental path.
    assert.ok(entries > 1000, `${entries} entries compared`);
    assert.ok(incremental > 700, `${incremental} of 800 passes incremental`);
  });

  it('equals the whole pass after random one-cell edits of real notebooks', async (t) => {
    if (!fs.existsSync(CORPUS)) {
      t.skip(`no corpus at ${CORPUS}`);
      return;
    }
    const engine = await Engine.create(defaultWasmDir(REPO_ROOT));
    const notebooks = corpusNotebooks(120);
    assert.ok(notebooks.length >= 60, `${notebooks.length} notebooks`);
    let entries = 0;
    let incremental = 0;
    notebooks.forEach(({ file, notebook }, i) => {
      const pool = notebook.cells.filter((c) => c.kind === 'code').map((c) => c.source);
      const checked = checkFlows(engine, notebook.cells.slice(), 25, i + 1, pool, path.relative(CORPUS, file));
      entries += checked.entries;
      incremental += checked.incremental;
    });
    assert.ok(entries > 1000, `${entries} entries compared`);
    assert.ok(incremental > notebooks.length * 25 * 0.5, `${incremental} of ${notebooks.length * 25} passes incremental`);
  });

  it('gives the findings of a fresh engine after one-cell edits of real notebooks', async (t) => {
    if (!fs.existsSync(CORPUS)) {
      t.skip(`no corpus at ${CORPUS}`);
      return;
    }
    const wasm = defaultWasmDir(REPO_ROOT);
    const live = await Engine.create(wasm);
    let findings = 0;
    for (const [i, { file, notebook }] of corpusNotebooks(12).entries()) {
      const rand = random(i + 7);
      const pool = notebook.cells.filter((c) => c.kind === 'code').map((c) => c.source);
      let cells = notebook.cells.slice();
      live.analyze({ ...notebook, cells });
      for (let e = 0; e < 6; e++) {
        const names = pool.flatMap((s) => live.summarize(s).events.flatMap((ev) => (ev.kind === 'unknown' ? [] : [ev.name])));
        cells = editOne(cells, [...new Set(names)].sort(), rand, pool);
        const nb = { ...notebook, cells };
        const fresh = (await Engine.create(wasm)).analyze(nb);
        assert.deepEqual(live.analyze(nb), fresh, `${path.relative(CORPUS, file)}, edit ${e}`);
        findings += fresh.length;
      }
    }
    assert.ok(findings > 50, `${findings} findings compared`);
  });
});
