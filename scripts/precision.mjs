// `npm run precision -- <folder> [--out <dir>] [--per-rule N] [--per-repo N] [--seed S] [--cli <path/to/cli.js>]`
//
// Runs the CLI (`nb2prod check --format json`, so the findings are the ones the CLI and
// the editor show, project model per project root included) over a folder of real
// notebooks and writes:
//   <out>/sheet-<CODE>.md   a seeded random sample of each rule's findings, with the whole
//                           cell and the finding's line marked, for a person to label;
//   <out>/sample.jsonl      the same sample, one finding per line, for scripts;
//   <out>/noise.json        what a notebook shows in VS Code's Problems view (errors,
//                           warnings, information; hints are not listed there).
// Labels go to test/precision/labels.jsonl (see docs/precision.md); `npm run
// precision:table` turns them into the precision table.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: npm run precision -- <folder> [--out <dir>] [--per-rule N] [--per-repo N] [--seed S] [--cli <path/to/cli.js>]';
const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const options = { folder: undefined, out: 'precision-out', perRule: 25, perRepo: Infinity, seed: '1', cli: join(here, '..', 'dist', 'cli.js') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--out') options.out = value();
    else if (arg === '--per-rule') options.perRule = Number(value());
    else if (arg === '--per-repo') options.perRepo = Number(value());
    else if (arg === '--seed') options.seed = value();
    else if (arg === '--cli') options.cli = value();
    else if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else if (options.folder === undefined) options.folder = arg;
    else fail(`one folder only, got "${options.folder}" and "${arg}"`);
  }
  if (!options.folder) fail('a folder is needed');
  if (!Number.isInteger(options.perRule) || options.perRule < 0) fail('--per-rule takes a whole number');
  if (options.perRepo !== Infinity && (!Number.isInteger(options.perRepo) || options.perRepo < 1)) fail('--per-repo takes a whole number above 0');
  return options;
}

function fail(message) {
  console.error(`precision: ${message}\n${USAGE}`);
  process.exit(2);
}

const SHOWN = new Set(['error', 'warning', 'information']);
const SEVERITIES = ['error', 'warning', 'information', 'hint'];
/** Rules about the project rather than one notebook: their sheets list the dependency files. */
const isProjectRule = (code) => /^NB[34]\d\d$/.test(code);
const DEPENDENCY_FILE = /^(requirements.*\.txt|pyproject\.toml|setup\.py|setup\.cfg|environment\.ya?ml|Pipfile|PRODUCTION_BRIEF\.md)$/;

// --- where a file comes from: the corpus manifest (repo, commit, folder) ------------

/** The nearest manifest.tsv at or above the folder, parsed: [{ repo, commit, dir }]. */
function readManifest(folder) {
  for (let dir = folder; ; dir = dirname(dir)) {
    const file = join(dir, 'manifest.tsv');
    if (existsSync(file)) {
      const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => l.split('\t'));
      const header = rows.shift() ?? [];
      const col = (name) => header.indexOf(name);
      return rows.map((r) => ({ repo: r[col('repo')], commit: r[col('commit')], dir: resolve(dir, r[col('folder')]) }));
    }
    if (dirname(dir) === dir) return [];
  }
}

function originOf(file, manifest, folder) {
  const entry = manifest.find((m) => file.startsWith(m.dir + sep));
  if (entry) return { repo: entry.repo, commit: entry.commit, repoDir: entry.dir, path: toPosix(relative(entry.dir, file)) };
  return { repo: '', commit: '', repoDir: folder, path: toPosix(relative(folder, file)) };
}

const toPosix = (p) => p.split(sep).join('/');

// --- cell text ------------------------------------------------------------------------

const textCache = new Map();
/** The cells of a notebook as the engine numbers them (1-based in the CLI's JSON); null for other files. */
function notebookCells(file) {
  if (textCache.has(file)) return textCache.get(file);
  let cells = null;
  try {
    const nb = JSON.parse(readFileSync(file, 'utf8'));
    const raw = Array.isArray(nb.cells) ? nb.cells : (nb.worksheets ?? []).flatMap((w) => w.cells ?? []); // nbformat 3
    const join = (s) => (Array.isArray(s) ? s.join('') : typeof s === 'string' ? s : '');
    cells = raw.map((c) => ({ kind: c.cell_type, text: join(c.source ?? c.input) }));
  } catch {
    cells = null;
  }
  textCache.set(file, cells);
  return cells;
}

/** Lines of text numbered from from (default 1), the lines first..last marked with ">>". */
function numbered(text, first, last, from = 1) {
  const lines = text.split('\n');
  const width = String(lines.length + from - 1).length;
  return lines.map((l, i) => `${i + from >= first && i + from <= last ? '>>' : '  '} ${String(i + from).padStart(width)} | ${l}`).join('\n');
}

/** The text a labeller needs: the whole cell for notebooks, 15 lines around the finding for other files. */
function context(file, d) {
  if (file.endsWith('.ipynb') && d.cell !== null) {
    const cells = notebookCells(file);
    const cell = cells?.[d.cell - 1];
    if (!cell) return { cellText: '', marked: '(cell not found)' };
    return { cellText: cell.text, marked: numbered(cell.text, d.line, d.endLine ?? d.line) };
  }
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { cellText: '', marked: '(file not readable)' };
  }
  if (file.endsWith('.ipynb')) return { cellText: '', marked: '(finding on the notebook as a whole)' };
  const lines = text.split('\n');
  const from = Math.max(1, d.line - 7);
  const to = Math.min(lines.length, d.line + 7);
  const excerpt = lines.slice(from - 1, to).join('\n');
  return { cellText: excerpt, marked: numbered(excerpt, d.line, d.endLine ?? d.line, from) };
}

/** Dependency files in the file's folder and every folder up to the repository's, nearest first. */
function dependencyFiles(file, repoDir) {
  const found = [];
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    let entries = [];
    try {
      entries = readdirSync(dir);
    } catch {
      entries = [];
    }
    for (const e of entries.sort()) {
      const full = join(dir, e);
      if (DEPENDENCY_FILE.test(e) || ((e === 'tests' || e === 'src') && isDir(full))) found.push(toPosix(relative(dirname(file), full)) + (isDir(full) ? '/' : ''));
    }
    if (dir === repoDir || !dir.startsWith(repoDir) || dirname(dir) === dir) break;
  }
  return found;
}

function isDir(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A code fence longer than any run of backticks in the text, so the cell cannot close it. */
function fenceFor(text) {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

// --- sampling and statistics -------------------------------------------------------------

const sha = (s) => createHash('sha1').update(s).digest('hex');

/** Stable across runs of the same engine on the same files: where the finding is, not its wording. */
function keyOf(origin, d) {
  return sha([origin.repo, origin.path, d.cell ?? '', d.code, d.line, d.column, d.endLine, d.endColumn].join('|')).slice(0, 12);
}

/**
 * A seeded sample: order by a hash of seed and key, so a finding's place does not depend on the others.
 * At most `perRepo` from one repository, so one big repository cannot be the whole sample of a rule.
 */
function sample(findings, n, seed, perRepo = Infinity) {
  const taken = new Map();
  const picked = [];
  for (const x of [...findings].sort((a, b) => (sha(seed + a.key) < sha(seed + b.key) ? -1 : 1))) {
    if (picked.length >= n) break;
    const count = taken.get(x.origin.repo) ?? 0;
    if (count >= perRepo) continue;
    taken.set(x.origin.repo, count + 1);
    picked.push(x);
  }
  return picked;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length); // nearest-rank
  return sorted[Math.max(0, rank - 1)];
}

function median(sorted) {
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function engineVersion(cli) {
  const run = spawnSync('git', ['-C', dirname(resolve(cli)), 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : '';
}

// --- main --------------------------------------------------------------------------------

function main() {
  const options = parseArgs(process.argv.slice(2));
  const folder = resolve(options.folder);
  if (!isDir(folder)) fail(`${options.folder} is not a folder`);
  if (!existsSync(options.cli)) fail(`no CLI at ${options.cli}: build it first (node esbuild.mjs)`);
  const engine = engineVersion(options.cli);

  const scratch = mkdtempSync(join(tmpdir(), 'nb2prod-precision-'));
  const reportFile = join(scratch, 'report.json');
  const started = performance.now();
  const run = spawnSync(process.execPath, [resolve(options.cli), 'check', '.', '--format', 'json', '--fail-on', 'never', '-o', reportFile], {
    cwd: folder,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0 || !existsSync(reportFile)) {
    console.error(`precision: nb2prod check failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  rmSync(scratch, { recursive: true, force: true });

  const manifest = readManifest(folder);
  const all = [];
  const perNotebook = [];
  let projectFileFindings = 0;
  for (const f of report.files) {
    const file = resolve(folder, f.path);
    const origin = originOf(file, manifest, folder);
    const isNotebook = file.endsWith('.ipynb');
    if (isNotebook) perNotebook.push({ repo: origin.repo, path: origin.path, shown: f.diagnostics.filter((d) => SHOWN.has(d.severity)).length });
    else projectFileFindings += f.diagnostics.filter((d) => SHOWN.has(d.severity)).length;
    for (const d of f.diagnostics) all.push({ file, origin, d, key: keyOf(origin, d) });
  }

  // Noise: what the Problems view lists per notebook.
  const shownCounts = perNotebook.map((n) => n.shown).sort((a, b) => a - b);
  const perRule = {};
  for (const { d } of all) {
    const r = (perRule[d.code] ??= { total: 0, shown: 0, error: 0, warning: 0, information: 0, hint: 0 });
    r.total++;
    r[d.severity]++;
    if (SHOWN.has(d.severity)) r.shown++;
  }
  const totalShown = all.filter(({ d }) => SHOWN.has(d.severity)).length;
  const perSeverity = Object.fromEntries(SEVERITIES.map((s) => [s, all.filter(({ d }) => d.severity === s).length]));
  const perRepo = {};
  for (const n of perNotebook) (perRepo[n.repo || '(no manifest)'] ??= []).push(n.shown);
  const noise = {
    folder,
    engine,
    seconds: Number(seconds.toFixed(1)),
    notebooks: perNotebook.length,
    otherFiles: report.files.length - perNotebook.length,
    shownPerNotebook: {
      median: median(shownCounts),
      mean: Number((shownCounts.reduce((a, b) => a + b, 0) / Math.max(1, shownCounts.length)).toFixed(2)),
      p90: percentile(shownCounts, 90),
      max: shownCounts.at(-1) ?? 0,
      zero: shownCounts.filter((n) => n === 0).length,
    },
    shownOnProjectFiles: projectFileFindings,
    findings: all.length,
    shown: totalShown,
    perSeverity,
    perRule: Object.fromEntries(
      Object.entries(perRule)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([code, r]) => [code, { ...r, shareOfShown: Number((r.shown / Math.max(1, totalShown)).toFixed(4)) }]),
    ),
    perRepo: Object.fromEntries(
      Object.entries(perRepo)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([repo, counts]) => {
          const s = counts.sort((a, b) => a - b);
          return [repo, { notebooks: s.length, median: median(s), p90: percentile(s, 90) }];
        }),
    ),
    warnings: report.warnings ?? [],
    stderr: run.stderr.trim() ? run.stderr.trim().split('\n').slice(0, 50) : [],
  };

  // Samples and sheets.
  mkdirSync(options.out, { recursive: true });
  for (const old of readdirSync(options.out)) if (/^sheet-.*\.md$/.test(old)) rmSync(join(options.out, old));
  const byRule = new Map();
  for (const x of all) {
    if (!byRule.has(x.d.code)) byRule.set(x.d.code, []);
    byRule.get(x.d.code).push(x);
  }
  const jsonl = [];
  for (const [code, findings] of [...byRule].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const picked = sample(findings, options.perRule, options.seed, options.perRepo);
    const sections = [];
    picked.forEach((x, i) => {
      const { cellText, marked } = context(x.file, x.d);
      const deps = isProjectRule(code) ? dependencyFiles(x.file, x.origin.repoDir) : undefined;
      const row = {
        key: x.key,
        repo: x.origin.repo,
        commit: x.origin.commit,
        path: x.origin.path,
        cell: x.d.cell,
        code,
        severity: x.d.severity,
        line: x.d.line,
        column: x.d.column,
        message: x.d.message,
        related: x.d.related ?? [],
        cellText,
        ...(deps ? { dependencyFiles: deps } : {}),
        engine,
      };
      jsonl.push(JSON.stringify(row));
      const where = x.d.cell === null ? `line ${x.d.line}` : `cell ${x.d.cell}, line ${x.d.line}`;
      const related = (x.d.related ?? []).map((r) => `  - related: ${r.cell === null ? '' : `cell ${r.cell}, `}line ${r.line}: ${r.message}`);
      sections.push(
        [
          `## ${i + 1}. \`${x.key}\` ${code} ${x.d.severity}`,
          '',
          `- repo: ${x.origin.repo || '(not in a manifest)'}${x.origin.commit ? ` @ ${x.origin.commit.slice(0, 12)}` : ''}`,
          `- file: ${x.origin.path}, ${where}`,
          `- message: ${x.d.message}`,
          ...related,
          ...(deps ? [`- dependency files (nearest first): ${deps.length ? deps.join(', ') : 'none'}`] : []),
          '- verdict: ___ (right / wrong)  reason: ___',
          '',
          fenceFor(marked),
          marked,
          fenceFor(marked),
          '',
        ].join('\n'),
      );
    });
    const header = [
      `# ${code}: ${picked.length} of ${findings.length} findings`,
      '',
      `Folder ${folder}, engine ${engine || '(unknown)'}, seed ${options.seed}. Lines marked \`>>\` carry the finding.`,
      'A finding is right only if a careful data scientist would agree the message is true and worth acting on.',
      'Record verdicts in test/precision/labels.jsonl (docs/precision.md says how).',
      '',
    ].join('\n');
    writeFileSync(join(options.out, `sheet-${code}.md`), header + '\n' + sections.join('\n'));
  }
  writeFileSync(join(options.out, 'sample.jsonl'), jsonl.join('\n') + (jsonl.length ? '\n' : ''));
  writeFileSync(join(options.out, 'noise.json'), JSON.stringify(noise, null, 2) + '\n');
  printNoise(noise, options.out);
}

function printNoise(noise, out) {
  const s = noise.shownPerNotebook;
  console.log(`${noise.notebooks} notebooks (+${noise.otherFiles} other files) in ${noise.seconds} s, engine ${noise.engine || '?'}`);
  console.log(`shown per notebook (errors, warnings, information): median ${s.median}, mean ${s.mean}, p90 ${s.p90}, max ${s.max}, ${s.zero} with none`);
  console.log(`findings ${noise.findings}, shown ${noise.shown} (+${noise.shownOnProjectFiles} of them on project files); ` + SEVERITIES.map((k) => `${k} ${noise.perSeverity[k]}`).join(', '));
  console.log('rule      total    shown  share');
  for (const [code, r] of Object.entries(noise.perRule)) {
    console.log(`${code.padEnd(7)} ${String(r.total).padStart(7)}  ${String(r.shown).padStart(7)}  ${(r.shareOfShown * 100).toFixed(1).padStart(5)} %`);
  }
  if (noise.stderr.length) console.log(`stderr of nb2prod:\n  ${noise.stderr.join('\n  ')}`);
  console.log(`sheets, sample.jsonl and noise.json in ${out}`);
}

main();
