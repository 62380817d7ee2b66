// `npm run bench`: a benchmark, not a test. Everything is measured in one run so
// that ratios are meaningful on a shared, noisy machine.
//   - bare tree-sitter parse of the code cells (the floor)
//   - full analysis, cold caches
//   - re-analysis after a one-cell edit, in the engine and through the bundled server
//   - server memory with the notebooks open
//   - CLI throughput over a folder
//   - the CLI over a folder of real notebooks (argument, or NB2PROD_BENCH_CORPUS): cold
//     without cache, cold writing the cache, warm from the cache, peak RSS, against a
//     Ruff-WebAssembly check of the same files (read, parsed, code cells checked)
// `--json` prints the numbers as JSON; `--sizes 50,500` picks notebook sizes; `--only=cli` runs
// only the CLI over the folder of real notebooks (issue 19's CLI rows: threads, cache, peak RSS).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../server/src/engine/analyze';
import { loadPythonParser } from '../server/src/engine/parser';
import { defaultWasmDir } from '../server/src/engine/parser';
import { generateNotebook } from './notebooks';
import { notebookFiles } from './notebookFiles';
import { RUFF_VERSION, ruffCheck, ruffSource } from './ruff';
import { loadFile } from '../server/src/engine/files';
import { REPO_ROOT } from '../test/helpers/engine';
import { LspTestClient } from '../test/harness/lspClient';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const sizesArg = args.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length);
const folderArg = args.find((a) => !a.startsWith('--'));
const onlyCli = args.includes('--only=cli');
const SIZES = onlyCli ? [] : sizesArg ? sizesArg.split(',').map(Number) : [500, 2000, 10000];
const corpusFolder = folderArg ?? process.env.NB2PROD_BENCH_CORPUS;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

function time<T>(fn: () => T): [number, T] {
  const start = performance.now();
  const result = fn();
  return [performance.now() - start, result];
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let r = 0; r < runs; r++) min = Math.min(min, time(fn)[0]);
  return min;
}

interface SizeResult {
  cells: number;
  codeBytes: number;
  parseMs: number;
  fullMs: number;
  fullOverParse: number;
  ruffMs: number;
  fullOverRuff: number;
  engineEditMedianMs: number;
  engineEditP95Ms: number;
  serverEditMedianMs: number;
  serverEditP95Ms: number;
  serverRoundTripMedianMs: number;
  serverRssMb: number;
}

async function benchSize(cells: number, wasmDir: string): Promise<SizeResult> {
  const nb = generateNotebook(cells);
  const code = nb.cells.filter((c) => c.kind === 'code').map((c) => c.source);
  const codeBytes = code.reduce((n, s) => n + Buffer.byteLength(s), 0);
  const parser = await loadPythonParser(wasmDir);

  // Floor and full analysis, best of 5 (each full analysis on a fresh engine: cold caches).
  const parseRuns: number[] = [];
  const fullRuns: number[] = [];
  for (let r = 0; r < 5; r++) {
    parseRuns.push(time(() => {
      for (const s of code) parser.parse(s).delete();
    })[0]);
    const engine = await Engine.create(wasmDir);
    fullRuns.push(time(() => engine.analyze(nb))[0]);
  }
  const parseMs = Math.min(...parseRuns);
  const fullMs = Math.min(...fullRuns);
  const joined = ruffSource(code);
  const ruffMs = best(5, () => ruffCheck(joined));

  // One-cell edits in the engine: warm cache, one cell changes each time.
  const engine = await Engine.create(wasmDir);
  engine.analyze(nb);
  const codeIndexes = nb.cells.map((c, i) => (c.kind === 'code' ? i : -1)).filter((i) => i >= 0);
  const editTimes: number[] = [];
  for (let e = 0; e < 60; e++) {
    const idx = codeIndexes[(e * 7919) % codeIndexes.length];
    const cellsCopy = nb.cells.slice();
    cellsCopy[idx] = { ...cellsCopy[idx], source: `${cellsCopy[idx].source}\nedit_${e} = ${e}` };
    editTimes.push(time(() => engine.analyze({ cells: cellsCopy }))[0]);
  }

  // The same through the bundled server: didChange to the server's analysed notification.
  const client = await LspTestClient.start({ settings: { debounceMs: 0 } });
  const uri = `file:///bench/nb_${cells}.ipynb`;
  const uris = await client.openNotebook(uri, nb.cells.map((c) => ({ kind: c.kind === 'markdown' ? 'markdown' : 'code', text: c.source, executionOrder: c.executionCount ?? undefined })));
  const serverTimes: number[] = [];
  const roundTrips: number[] = [];
  for (let e = 0; e < 60; e++) {
    const idx = codeIndexes[(e * 7919) % codeIndexes.length];
    const lines = nb.cells[idx].source.split('\n');
    const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const started = performance.now();
    const analyzed = client.waitForAnalysis(uri);
    await client.editCell(uri, uris[idx], { range: { start: end, end }, text: `\nedit_${e} = ${e}` });
    roundTrips.push(performance.now() - started);
    serverTimes.push((await analyzed).durationMs);
  }
  const serverRssMbValue = rssMb((client as unknown as { child: { pid: number } }).child.pid);
  await client.stop();

  return {
    cells,
    codeBytes,
    parseMs,
    fullMs,
    fullOverParse: fullMs / parseMs,
    ruffMs,
    fullOverRuff: fullMs / ruffMs,
    engineEditMedianMs: median(editTimes),
    engineEditP95Ms: p95(editTimes),
    serverEditMedianMs: median(serverTimes),
    serverEditP95Ms: p95(serverTimes),
    serverRoundTripMedianMs: median(roundTrips),
    serverRssMb: serverRssMbValue,
  };
}

function benchCli(): { files: number; megabytes: number; seconds: number; filesPerSecond: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-bench-'));
  try {
    let bytes = 0;
    const files = 200;
    for (let i = 0; i < files; i++) {
      const nb = generateNotebook(30 + (i % 50), i + 1);
      const json = JSON.stringify({
        nbformat: 4, nbformat_minor: 5, metadata: {},
        cells: nb.cells.map((c) => (c.kind === 'code'
          ? { cell_type: 'code', metadata: {}, execution_count: c.executionCount ?? null, outputs: [], source: c.source }
          : { cell_type: 'markdown', metadata: {}, source: c.source })),
      });
      bytes += json.length;
      fs.writeFileSync(path.join(dir, `nb_${i}.ipynb`), json);
    }
    const start = performance.now();
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', dir, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const seconds = (performance.now() - start) / 1000;
    return { files, megabytes: bytes / 1048576, seconds, filesPerSecond: files / seconds };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A folder of real notebooks: the floor, nb2prod and Ruff over the same code. */
async function benchFolder(folder: string, wasmDir: string) {
  const files = notebookFiles(folder);
  const notebooks = files.map((f) => loadFile(f)).flatMap((l) => (l.kind === 'ipynb' ? [l.notebook] : []));
  const code = notebooks.map((nb) => nb.cells.filter((c) => c.kind === 'code').map((c) => c.source));
  const bytes = code.flat().reduce((n, s) => n + Buffer.byteLength(s), 0);
  const parser = await loadPythonParser(wasmDir);
  const parseMs = best(2, () => {
    for (const cells of code) for (const s of cells) parser.parse(s).delete();
  });
  const fullRuns: number[] = [];
  for (let r = 0; r < 2; r++) {
    const engine = await Engine.create(wasmDir);
    fullRuns.push(time(() => notebooks.forEach((nb) => engine.analyze(nb)))[0]);
  }
  const fullMs = Math.min(...fullRuns);
  const joined = code.map(ruffSource);
  // Ruff's time over the notebooks it could check (a failure reloads its module, not timed).
  let ruffMs = Infinity;
  let ruffFailed = 0;
  for (let r = 0; r < 2; r++) {
    let ms = 0;
    ruffFailed = 0;
    for (const j of joined) {
      const started = performance.now();
      if (ruffCheck(j)) ms += performance.now() - started;
      else ruffFailed++;
    }
    ruffMs = Math.min(ruffMs, ms);
  }
  return { notebooks: notebooks.length, megabytes: bytes / 1048576, parseMs, fullMs, ruffMs, ruffFailed, fullOverParse: fullMs / parseMs, fullOverRuff: fullMs / ruffMs };
}

/** Runs the bundled CLI over a folder (or explicit files); wall time and the child's peak RSS (reported at its exit). */
function timedCli(targets: string[], extra: string[], cacheDir: string): { seconds: number; peakRssMb: number } {
  const probe = path.join(cacheDir, '..', 'rss-probe.js');
  // VmHWM is the child's own high-water mark; maxRSS (getrusage) keeps the parent's RSS across fork and exec, so
  // after the in-process folder run every child reported the bench's own ~400 MB.
  fs.writeFileSync(probe, "process.on('exit', () => { const fs = require('fs'); let kb = process.resourceUsage().maxRSS; try { kb = Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]); } catch {} fs.writeSync(2, '\\nPEAK_RSS_KB ' + kb + '\\n'); });\n");
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--require', probe, path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', ...targets, '--format', 'json', '--fail-on', 'never', '--cache-dir', cacheDir, ...extra], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  const kb = Number(/PEAK_RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? 0);
  if (r.status !== 0) throw new Error(`nb2prod check exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { seconds, peakRssMb: kb / 1024 };
}

interface CliRun {
  seconds: number;
  peakRssMb: number;
}

/**
 * The CLI over real notebooks against Ruff-WASM reading and checking the same files: cold with
 * one thread and with the default, cold writing the cache, warm from it, and peak RSS with the
 * first 200 and 2,000 notebooks (given as files, in the walk's order).
 */
function benchCorpus(folder: string) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-bench-cache-'));
  try {
    const cacheDir = path.join(work, 'cache');
    const files = notebookFiles(folder);
    // Ruff reads, parses and checks each notebook; the files it fails on are left out of its time
    // (nb2prod's runs below include them: the comparison leans against nb2prod, not for it).
    let ruffMs = 0;
    let ruffChecked = 0;
    const ruffFailed: string[] = [];
    for (const file of files) {
      const started = performance.now();
      const loaded = loadFile(file);
      if (loaded.kind !== 'ipynb') continue;
      const ok = ruffCheck(ruffSource(loaded.notebook.cells.filter((c) => c.kind === 'code').map((c) => c.source)));
      if (ok) {
        ruffMs += performance.now() - started;
        ruffChecked++;
      } else ruffFailed.push(path.relative(folder, file));
    }
    const ruffSeconds = ruffMs / 1000;
    const progress = (what: string) => process.stderr.write(`bench: ${what}\n`);
    progress('CLI --threads 1');
    const oneThread: CliRun = timedCli([folder], ['--no-cache', '--threads', '1'], cacheDir);
    progress('CLI default threads');
    const defaultThreads: CliRun = timedCli([folder], ['--no-cache'], cacheDir);
    progress('CLI cold (writing the cache), then warm');
    const cold: CliRun = timedCli([folder], [], cacheDir);
    const warm: CliRun = timedCli([folder], [], cacheDir);
    progress('CLI peak RSS at 200 and 2,000 notebooks');
    const rss200: CliRun = timedCli(files.slice(0, 200), ['--no-cache'], cacheDir);
    const rss2000: CliRun = timedCli(files.slice(0, 2000), ['--no-cache'], cacheDir);
    return { notebooks: files.length, ruffSeconds, ruffChecked, ruffFailed, oneThread, defaultThreads, cold, warm, rss200, rss2000, threadsDefault: os.availableParallelism() };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Server start (fork to initialize answered) and memory with 20 notebooks of 500 cells open. */
async function benchServer() {
  const started = performance.now();
  const client = await LspTestClient.start({ settings: { debounceMs: 0 } });
  const startMs = performance.now() - started;
  for (let i = 0; i < 20; i++) {
    const nb = generateNotebook(500, i + 1);
    await client.openNotebook(`file:///bench/open_${i}.ipynb`, nb.cells.map((c) => ({ kind: c.kind === 'markdown' ? 'markdown' : 'code', text: c.source, executionOrder: c.executionCount ?? undefined })));
  }
  const rss = rssMb((client as unknown as { child: { pid: number } }).child.pid);
  await client.stop();
  return { startMs, rssMbWith20x500: rss };
}

/** Each part's numbers as soon as they are measured (stderr): a long run that fails late keeps them. */
function partial(what: string, value: unknown): void {
  process.stderr.write(`bench: ${what}: ${JSON.stringify(value)}\n`);
}

async function main(): Promise<void> {
  const wasmDir = defaultWasmDir(REPO_ROOT);
  const results: SizeResult[] = [];
  for (const size of SIZES) {
    process.stderr.write(`bench: ${size} cells\n`);
    results.push(await benchSize(size, wasmDir));
    partial(`${size} cells`, results[results.length - 1]);
  }
  if (onlyCli && !corpusFolder) throw new Error('--only=cli needs a folder of real notebooks');
  const cli = onlyCli ? undefined : benchCli();
  const server = onlyCli ? undefined : await benchServer();
  if (!onlyCli) partial('cli and server', { cli, server });
  if (corpusFolder && !onlyCli) process.stderr.write(`bench: ${corpusFolder} in process\n`);
  const folder = corpusFolder && !onlyCli ? await benchFolder(corpusFolder, wasmDir) : undefined;
  if (!onlyCli) partial('folder', folder);
  const corpus = corpusFolder ? benchCorpus(corpusFolder) : undefined;
  partial('corpus', corpus);
  // Activation happens inside VS Code: the real-editor tests measure it and leave it here.
  const timingsFile = path.join(REPO_ROOT, '.cache', 'e2e-timings.json');
  const activation = fs.existsSync(timingsFile) ? (JSON.parse(fs.readFileSync(timingsFile, 'utf8')) as { activationMs: number; serverReadyMs: number; measuredAt: string }) : undefined;
  if (asJson) {
    process.stdout.write(JSON.stringify({ ruff: RUFF_VERSION, sizes: results, cli, server, folder, corpus, activation }, null, 2) + '\n');
    return;
  }
  const f = (n: number) => n.toFixed(2);
  if (results.length) console.log(`Ruff ${RUFF_VERSION} (WebAssembly) checks the same code cells joined in document order.\n`);
  if (results.length) console.log('cells  code KB  parse ms  full ms  ruff ms  full/parse  full/ruff  edit med/p95 ms (engine)  edit med/p95 ms (server)  round trip ms  server RSS MB');
  for (const r of results) {
    console.log([
      String(r.cells).padStart(5), (r.codeBytes / 1024).toFixed(0).padStart(8), f(r.parseMs).padStart(9), f(r.fullMs).padStart(8), f(r.ruffMs).padStart(8),
      f(r.fullOverParse).padStart(11), f(r.fullOverRuff).padStart(10), `${f(r.engineEditMedianMs)} / ${f(r.engineEditP95Ms)}`.padStart(25),
      `${f(r.serverEditMedianMs)} / ${f(r.serverEditP95Ms)}`.padStart(26), f(r.serverRoundTripMedianMs).padStart(14), f(r.serverRssMb).padStart(14),
    ].join(' '));
  }
  if (cli) console.log(`CLI: ${cli.files} notebooks (${cli.megabytes.toFixed(1)} MB) in ${cli.seconds.toFixed(2)} s = ${cli.filesPerSecond.toFixed(0)} files/s`);
  if (server) console.log(`Server: started in ${f(server.startMs)} ms; ${f(server.rssMbWith20x500)} MB with 20 notebooks of 500 cells open`);
  if (!onlyCli) console.log(activation
    ? `Extension activation: ${f(activation.activationMs)} ms, language server ready ${f(activation.serverReadyMs)} ms (measured in code-server by npm run test:e2e, ${activation.measuredAt})`
    : 'Extension activation: not measured yet (npm run test:e2e measures it in a real VS Code)');
  if (folder) {
    console.log(`Folder (in process, one thread): ${folder.notebooks} notebooks, ${folder.megabytes.toFixed(1)} MB of code: parse ${f(folder.parseMs)} ms, nb2prod ${f(folder.fullMs)} ms (${f(folder.fullOverParse)}x parse), Ruff ${f(folder.ruffMs)} ms over the ${folder.notebooks - folder.ruffFailed} it could check (nb2prod/Ruff ${f(folder.fullOverRuff)})`);
  }
  if (corpus) {
    const row = (name: string, r: CliRun) =>
      console.log(`  ${name.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s  ${(r.seconds / corpus.ruffSeconds).toFixed(2).padStart(6)}x Ruff-WASM  peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MB`);
    console.log(`CLI over ${corpus.notebooks} real notebooks (${corpusFolder}), every notebook analysed by nb2prod; Ruff-WASM (one thread, its own`);
    console.log(`module reloaded after a failure) read and checked ${corpus.ruffChecked} of them in ${corpus.ruffSeconds.toFixed(2)} s. ${corpus.ruffFailed.length} it could not check`);
    console.log(`(stack overflow in its WebAssembly build) are left out of Ruff's time and not of nb2prod's${corpus.ruffFailed.length ? `: ${corpus.ruffFailed.slice(0, 5).join(', ')}${corpus.ruffFailed.length > 5 ? ', ...' : ''}` : ''}.`);
    row('cold, --threads 1, no cache', corpus.oneThread);
    row(`cold, default threads, no cache`, corpus.defaultThreads);
    row('cold, writing the cache', corpus.cold);
    row('warm, unchanged tree (cache)', corpus.warm);
    row('first 200 notebooks, no cache', corpus.rss200);
    row('first 2,000 notebooks, no cache', corpus.rss2000);
  } else {
    console.log('CLI over real notebooks: skipped (give a folder, or set NB2PROD_BENCH_CORPUS)');
  }
  // The issue's table (issue 19): each measure against its target, from this one run.
  const at = (cells: number) => results.find((r) => r.cells === cells);
  const rows: [string, string, string][] = [];
  const ms = (n: number | undefined) => (n === undefined ? 'n/a' : `${n.toFixed(1)} ms`);
  for (const [cells, target] of [[500, ''], [2000, '<= 5 ms median, <= 20 ms p95'], [10000, '<= 25 ms median']] as const) {
    const r = at(cells);
    if (r) rows.push([`one-cell edit, ${cells.toLocaleString('en')} cells, server median / p95 (engine median)`, `${ms(r.serverEditMedianMs)} / ${ms(r.serverEditP95Ms)} (${ms(r.engineEditMedianMs)})`, target]);
  }
  if (corpus) {
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    const ruffWhat = `Ruff-WASM (${corpus.ruffChecked} of ${corpus.notebooks} it could check)`;
    rows.push([`cold CLI, default threads (${corpus.threadsDefault} cores), all ${corpus.notebooks} / ${ruffWhat}`, ratio(corpus.defaultThreads.seconds, corpus.ruffSeconds), '<= 1.0x']);
    rows.push([`cold CLI, --threads 1, all ${corpus.notebooks} / ${ruffWhat}`, ratio(corpus.oneThread.seconds, corpus.ruffSeconds), '<= 1.5x']);
    rows.push(['warm (cached) / cold run', ratio(corpus.warm.seconds, corpus.cold.seconds), '<= 0.1x']);
    rows.push(['peak RSS, 2,000 notebooks', `${corpus.rss2000.peakRssMb.toFixed(0)} MB`, '<= 300 MB']);
    rows.push(['peak RSS, 2,000 / 200 notebooks', ratio(corpus.rss2000.peakRssMb, corpus.rss200.peakRssMb), '<= 1.1x']);
  }
  console.log(`\nIssue 19 table (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, load ${os.loadavg()[0].toFixed(1)}):\n`);
  console.log('| measure | value | target |\n| --- | --- | --- |');
  for (const [what, value, target] of rows) console.log(`| ${what} | ${value} | ${target} |`);
}

void main();
