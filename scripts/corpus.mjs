// `npm run corpus -- <folder>`: the CLI over a folder of real notebooks; prints how
// many files, findings per rule, the files that could not be read, and the time.
// For checking precision and robustness on public notebooks kept outside the repo.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: npm run corpus -- <folder of notebooks>');
  process.exit(2);
}
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const started = performance.now();
const run = spawnSync(process.execPath, [cli, 'check', folder, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 1 << 30 });
const seconds = (performance.now() - started) / 1000;
if (run.status !== 0) {
  console.error(`nb2prod crashed (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}
const report = JSON.parse(run.stdout);
const perRule = {};
const unreadable = [];
for (const file of report.files) {
  for (const d of file.diagnostics) {
    perRule[d.code] = (perRule[d.code] ?? 0) + 1;
    if (d.code === 'NB001') unreadable.push(`${file.path}: ${d.message}`);
  }
}
console.log(`${report.files.length} files in ${seconds.toFixed(1)} s (${(report.files.length / seconds).toFixed(0)} files/s)`);
for (const [code, n] of Object.entries(perRule).sort()) console.log(`  ${code} ${String(n).padStart(7)}`);
console.log(`${unreadable.length} files could not be read${unreadable.length ? ':' : '.'}`);
for (const line of unreadable.slice(0, 50)) console.log(`  ${line}`);
if (run.stderr.trim()) console.log(`stderr:\n${run.stderr}`);
