// "Extract notebook to project" (nb2prod export) on real notebooks, with the kernel
// oracle of test/oracle/run_extractions.py: each notebook runs top to bottom twice
// before (cells whose outputs differ between the two runs are nondeterministic and
// not compared), is exported whole (planExport, as `nb2prod export` does) into a
// project folder of its own, runs again with src/ on the path, and every cell is
// compared. Then the pipeline runs as `python -m pipelines.<nb> --config
// configs/<nb>.toml`. Prints, per notebook: sections, cells extracted, cells kept
// (with the reason the preview shows), changed cells (with both outputs), and the
// pipeline's exit status.
//
//   node esbuild.mjs --tests && node out/scripts/export-real.js [--no-pipeline] notebook.ipynb ...
//
// The notebooks are read where they are; everything is written to a temporary folder
// (NB2PROD_KEEP_ORACLE=1 keeps it).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportNames, planExport, previewText, projectPackageName, type ExportPlan } from '../server/src/engine/export/notebook';
import { loadFile } from '../server/src/engine/files';
import { LOADER_FILE } from '../server/src/engine/fixes/moveToConfig';
import type { CellInput } from '../server/src/engine/types';
import { getEngine } from '../test/helpers/engine';
import { oraclePython } from '../test/helpers/python';
import { linkNeighbours, mergeStreams, notebookJson, oracle, withOutputs, type Output } from './kernelRuns';

/** What the export may write at a project's root: never linked from the notebook's folder, so nothing is written through a link. */
const WRITTEN = new Set(['src', 'configs', 'pipelines', 'tests', 'pyproject.toml', 'README.md', 'requirements.txt', LOADER_FILE]);

interface Case {
  file: string;
  dir: string;
  notebook: string;
  cells: CellInput[];
  plan?: ExportPlan;
  refused?: string;
  unstable: Set<number>;
  errorsBefore: number[];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const pipelines = !args.includes('--no-pipeline');
  const files = args.filter((a) => !a.startsWith('--')).map((f) => path.resolve(f));
  const engine = await getEngine();
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-export-real-')));

  const originals = files.map((file) => {
    const loaded = loadFile(file);
    if (loaded.kind !== 'ipynb') throw new Error(`${file}: not a notebook`);
    return loaded.notebook.cells;
  });
  const beforeRuns: { path: string }[] = [];
  files.forEach((file, n) => {
    for (const run of ['a', 'b']) {
      const dir = path.join(root, `before-${run}`, String(n), 'nb');
      fs.mkdirSync(dir, { recursive: true });
      linkNeighbours(file, dir);
      fs.writeFileSync(path.join(dir, path.basename(file)), notebookJson(originals[n]));
      beforeRuns.push({ path: path.join(dir, path.basename(file)) });
    }
  });
  const before = oracle({ notebooks: beforeRuns });
  const runOf = (run: string, n: number) => before.runs[path.join(root, `before-${run}`, String(n), 'nb', path.basename(files[n]))];

  const cases: Case[] = [];
  const afterRuns: { path: string; pythonpath: string[] }[] = [];
  files.forEach((file, n) => {
    const a = runOf('a', n);
    const b = runOf('b', n);
    const unstable = new Set(a.map((_o, i) => i).filter((i) => JSON.stringify(a[i]) !== JSON.stringify(b[i])));
    // The project folder names the package (ox_… is unloaded between notebooks by the oracle).
    const dir = path.join(root, 'after', String(n), `ox_real_${n}`);
    fs.mkdirSync(dir, { recursive: true });
    linkNeighbours(file, dir, WRITTEN);
    for (const name of WRITTEN) {
      const beside = path.join(path.dirname(file), name);
      if (fs.existsSync(beside) && fs.statSync(beside).isFile()) fs.copyFileSync(beside, path.join(dir, name));
    }
    const notebook = path.join(dir, path.basename(file));
    const cells = withOutputs(originals[n], a);
    const c: Case = { file, dir, notebook, cells, unstable, errorsBefore: a.map((o, i) => (o.some((x) => x.type === 'error') ? i : -1)).filter((i) => i >= 0) };
    cases.push(c);
    const read = (rel: string) => (fs.existsSync(path.join(dir, rel)) && fs.statSync(path.join(dir, rel)).isFile() ? fs.readFileSync(path.join(dir, rel), 'utf8') : undefined);
    const packageName = projectPackageName(read('pyproject.toml'), path.basename(dir));
    if (typeof packageName !== 'string') throw new Error(packageName.refused);
    const plan = planExport({
      cells, summarize: (s) => engine.summarize(s), statements: (s) => engine.statements(s),
      notebookPath: path.basename(file), packageName, read,
      isLocal: (name) => fs.existsSync(path.join(dir, `${name}.py`)) || fs.existsSync(path.join(dir, name, '__init__.py')),
    });
    if ('refused' in plan) {
      c.refused = plan.refused;
      return;
    }
    c.plan = plan;
    for (const f of plan.files) {
      if (!WRITTEN.has(f.path.split('/')[0])) throw new Error(`${f.path}: not a file the export is expected to write`);
      fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.path), f.text);
    }
    const edited = cells.map((x) => ({ ...x }));
    for (const e of plan.cellEdits) edited[e.cell] = { ...edited[e.cell], source: e.newText };
    fs.writeFileSync(notebook, notebookJson(edited));
    afterRuns.push({ path: notebook, pythonpath: [path.join(dir, 'src')] });
  });
  const after = oracle({ notebooks: afterRuns });

  const totals = { notebooks: 0, refused: 0, sections: 0, extracted: 0, kept: 0, changed: 0, changedNotebooks: 0, pipelines: 0, pipelinesOk: 0 };
  for (const c of cases) {
    totals.notebooks++;
    const name = path.relative(process.cwd(), c.file);
    console.log(`\n=== ${name}${c.errorsBefore.length ? ` (errors before the export in cells ${c.errorsBefore.map((i) => i + 1).join(', ')})` : ''}`);
    if (!c.plan) {
      totals.refused++;
      console.log(`refused: ${c.refused}`);
      continue;
    }
    const lines = c.plan.sections.filter((s) => !s.title.startsWith('Configuration (')).flatMap((s) => s.lines);
    const extracted = lines.filter((l) => / in src\//.test(l)).length;
    const kept = lines.filter((l) => /: stays/.test(l));
    totals.sections += c.plan.sections.filter((s) => !s.title.startsWith('Configuration (')).length;
    totals.extracted += extracted;
    totals.kept += kept.length;
    if (process.env.NB2PROD_EXPORT_PREVIEW) console.log(previewText(c.plan));
    const a = runOf('a', files.indexOf(c.file)).map(mergeStreams);
    const got = (after.runs[c.notebook] ?? []).map(mergeStreams);
    const differs = a.map((_o, i) => i).filter((i) => !c.unstable.has(i) && JSON.stringify(a[i]) !== JSON.stringify(got[i]));
    console.log(`sections ${c.plan.sections.length}, cells extracted ${extracted}, kept ${kept.length}, changed ${differs.length}${c.unstable.size ? ` (${c.unstable.size} nondeterministic cells not compared)` : ''}`);
    for (const k of kept) console.log(`  kept  ${k}`);
    if (differs.length) {
      totals.changed += differs.length;
      totals.changedNotebooks++;
    }
    const editedCells = new Map(c.plan.cellEdits.map((e) => [e.cell, e.newText]));
    for (const i of differs) {
      console.log(`  changed cell ${i + 1}${editedCells.has(i) ? ' (edited)' : ''}: ${firstLine(c.cells[i].source)}`);
      if (editedCells.has(i)) console.log(`    now: ${editedCells.get(i)!.replace(/\n/g, ' ⏎ ').slice(0, 300)}`);
      console.log(`    before ${show(a[i])}\n    after  ${show(got[i])}`);
    }
    if (pipelines && c.plan.pipeline) {
      totals.pipelines++;
      const names = exportNames(path.basename(c.file));
      const run = spawnSync(oraclePython(), ['-m', `pipelines.${names.module}`, '--config', `configs/${names.config}.toml`], {
        cwd: c.dir, encoding: 'utf8', timeout: 600_000, env: { ...process.env, PYTHONPATH: [path.join(c.dir, 'src'), c.dir].join(path.delimiter), MPLBACKEND: 'Agg' },
      });
      if (run.status === 0) totals.pipelinesOk++;
      const tail = run.stderr.trim().split('\n').slice(-3).join(' ⏎ ');
      console.log(`pipeline: python -m pipelines.${names.module} exit ${run.status ?? run.signal}${run.status === 0 ? '' : `: ${tail.slice(0, 600)}`}`);
    } else if (c.plan.pipelineRefused) console.log(`pipeline: none (${c.plan.pipelineRefused})`);
  }
  console.log(`\n${totals.notebooks} notebooks (${totals.refused} refused whole): ${totals.sections} sections, ${totals.extracted} cells or runs extracted, ${totals.kept} cells kept with a reason, ${totals.changed} changed cells in ${totals.changedNotebooks} notebooks; pipelines exit 0: ${totals.pipelinesOk} of ${totals.pipelines}`);
  if (!process.env.NB2PROD_KEEP_ORACLE) fs.rmSync(root, { recursive: true, force: true });
  else console.log(`kept ${root}`);
}

function firstLine(source: string): string {
  return source.split('\n').find((l) => l.trim())?.slice(0, 120) ?? '';
}

function show(outputs: Output[] | undefined): string {
  return JSON.stringify(outputs ?? null).slice(0, 400);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
