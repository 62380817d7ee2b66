// "Extract cell to module" on real notebooks, with the kernel oracle of
// test/oracle/run_extractions.py: each notebook runs top to bottom twice before
// (cells whose outputs differ between those two runs are nondeterministic: random
// draws without a seed, np.empty, timings, and are not compared), then once per
// extracted cell after the extraction, with src/ on the path. Prints, per cell:
// identical, refused (with the reason), or changed (with the first differing cell).
//
//   node esbuild.mjs --tests && node out/scripts/extract-real.js [--per-notebook N] notebook.ipynb ...
//
// The notebooks are read where they are and copied to a temporary folder; nothing
// is written next to them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFile } from '../server/src/engine/files';
import { planExtraction, suggestNames } from '../server/src/engine/fixes/extract';
import type { CellInput } from '../server/src/engine/types';
import { getEngine } from '../test/helpers/engine';
import { mergeStreams, notebookJson, oracle, withOutputs } from './kernelRuns';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let perNotebook = 6;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--per-notebook') perNotebook = Number(args[++i]);
    else files.push(path.resolve(args[i]));
  }
  const engine = await getEngine();
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-extract-real-')));
  const originals = new Map<string, CellInput[]>();
  const beforePaths: { path: string }[] = [];
  for (const [n, file] of files.entries()) {
    const loaded = loadFile(file);
    if (loaded.kind !== 'ipynb') throw new Error(`${file}: not a notebook`);
    originals.set(file, loaded.notebook.cells);
    for (const run of ['a', 'b']) {
      const dir = path.join(root, `before-${run}`, String(n));
      fs.mkdirSync(dir, { recursive: true });
      // Data files beside the notebook (datasets/, images/) are read relative to it.
      for (const entry of fs.readdirSync(path.dirname(file))) if (!entry.endsWith('.ipynb')) fs.symlinkSync(path.join(path.dirname(file), entry), path.join(dir, entry));
      fs.writeFileSync(path.join(dir, 'nb.ipynb'), notebookJson(loaded.notebook.cells));
      beforePaths.push({ path: path.join(dir, 'nb.ipynb') });
    }
  }
  const before = oracle({ notebooks: beforePaths });

  interface Case { file: string; cell: number; dir: string; refused?: string; summary?: string; unstable: Set<number> }
  const cases: Case[] = [];
  const afterRuns: { path: string; pythonpath: string[] }[] = [];
  for (const [n, file] of files.entries()) {
    const a = before.runs[path.join(root, 'before-a', String(n), 'nb.ipynb')];
    const b = before.runs[path.join(root, 'before-b', String(n), 'nb.ipynb')];
    const unstable = new Set(a.map((_o, i) => i).filter((i) => JSON.stringify(a[i]) !== JSON.stringify(b[i])));
    const cells = withOutputs(originals.get(file)!, a);
    // Candidates: code cells that ran without an error, evenly spread over the notebook.
    const candidates = cells.map((_cell, i) => i).filter((i) => cells[i].kind === 'code' && cells[i].source.trim() && !a[i].some((o) => o.type === 'error'));
    const step = Math.max(1, Math.floor(candidates.length / perNotebook));
    for (const cell of candidates.filter((_cell, k) => k % step === Math.floor(step / 2)).slice(0, perNotebook)) {
      const dir = path.join(root, 'cases', `${n}-${cell}`);
      fs.mkdirSync(dir, { recursive: true });
      for (const entry of fs.readdirSync(path.dirname(file))) if (!entry.endsWith('.ipynb')) fs.symlinkSync(path.join(path.dirname(file), entry), path.join(dir, entry));
      const c: Case = { file, cell, dir, unstable };
      cases.push(c);
      const pkg = `ox_real_${n}_${cell}`;
      const names = suggestNames(cells, cell, cell, path.basename(file), (s) => engine.summarize(s), (s) => engine.statements(s));
      const plan = planExtraction({
        cells, first: cell, last: cell, summarize: (s) => engine.summarize(s), statements: (s) => engine.statements(s),
        packageName: pkg, moduleName: names.moduleName, functionName: names.functionName, notebookName: path.basename(file),
      });
      if ('refused' in plan) {
        c.refused = plan.refused;
        continue;
      }
      c.summary = `${plan.functionName}(${plan.params.join(', ')}) -> ${plan.returns.join(', ') || 'None'}`;
      const edited = cells.map((x) => ({ ...x }));
      for (const e of plan.cellEdits) edited[e.cell] = { ...edited[e.cell], source: e.newText };
      fs.mkdirSync(path.join(dir, 'src', pkg), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src', pkg, '__init__.py'), '');
      fs.writeFileSync(path.join(dir, 'src', pkg, `${names.moduleName}.py`), plan.moduleText);
      fs.writeFileSync(path.join(dir, 'nb.ipynb'), notebookJson(edited));
      afterRuns.push({ path: path.join(dir, 'nb.ipynb'), pythonpath: [path.join(dir, 'src')] });
    }
  }
  const after = oracle({ notebooks: afterRuns });
  const counts = { identical: 0, refused: 0, changed: 0 };
  for (const c of cases) {
    const label = `${path.basename(c.file)} cell ${c.cell + 1}`;
    if (c.refused) {
      counts.refused++;
      console.log(`refused    ${label}: ${c.refused}`);
      continue;
    }
    const a = before.runs[path.join(root, 'before-a', String(files.indexOf(c.file)), 'nb.ipynb')].map(mergeStreams);
    const got = after.runs[path.join(c.dir, 'nb.ipynb')].map(mergeStreams);
    const differs = a.map((_o, i) => i).filter((i) => !c.unstable.has(i) && JSON.stringify(a[i]) !== JSON.stringify(got[i]));
    // Cells above the extracted one run the same text in the same order: a difference there
    // is the kernel's (uninitialised memory from np.empty, allocation history), not the extraction's.
    const above = differs.filter((i) => i < c.cell);
    if (differs.length > 0 && above.length === differs.length) {
      counts.identical++;
      console.log(`identical  ${label}: ${c.summary}; cells ${above.map((i) => i + 1).join(', ')} above it differ between runs (nondeterministic, e.g. np.empty)`);
      continue;
    }
    if (differs.length === 0) {
      counts.identical++;
      console.log(`identical  ${label}: ${c.summary}${c.unstable.size ? ` (${c.unstable.size} nondeterministic cells not compared)` : ''}`);
    } else {
      counts.changed++;
      const i = differs[0];
      console.log(`changed    ${label}: ${c.summary}; cell ${i + 1} differs:\n  before ${JSON.stringify(a[i]).slice(0, 400)}\n  after  ${JSON.stringify(got[i]).slice(0, 400)}`);
    }
  }
  console.log(`\n${cases.length} cells of ${files.length} notebooks: ${counts.identical} identical, ${counts.refused} refused, ${counts.changed} changed`);
  if (!process.env.NB2PROD_KEEP_ORACLE) fs.rmSync(root, { recursive: true, force: true });
  else console.log(`kept ${root}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
