// `npm run precision:table [-- --labels <file>] [--phase before|after|<name>]`
//
// Precision per rule from the labels people made by reading sampled findings
// (test/precision/labels.jsonl, one JSON object a line: key, code, verdict "right" or
// "wrong", reason, phase "before" or "after", ...). Prints one markdown table per
// phase: rule, labelled, right, precision, the most common reason a finding was wrong.
// A key labelled twice in one phase counts once, with its last label.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: npm run precision:table -- [--labels <labels.jsonl>] [--phase before|after|<name>]';
const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const options = { labels: join(here, '..', 'test', 'precision', 'labels.jsonl'), phase: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--labels' && argv[i + 1] !== undefined) options.labels = argv[++i];
    else if (arg === '--phase' && argv[i + 1] !== undefined) options.phase = argv[++i];
    else if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`precision:table: unexpected argument ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  return options;
}

/** The labels of a file, the last label of each key and phase; bad lines are errors, not skipped. */
export function readLabels(text) {
  const byKey = new Map();
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let label;
    try {
      label = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1}: not JSON`);
    }
    for (const field of ['key', 'code', 'verdict', 'phase']) {
      if (typeof label[field] !== 'string' || !label[field]) throw new Error(`line ${i + 1}: no ${field}`);
    }
    if (label.verdict !== 'right' && label.verdict !== 'wrong') throw new Error(`line ${i + 1}: verdict must be "right" or "wrong", not "${label.verdict}"`);
    const id = `${label.phase}\u0000${label.key}`;
    byKey.delete(id); // the last label wins and keeps its place
    byKey.set(id, label);
  });
  return [...byKey.values()];
}

function mostCommon(reasons) {
  const counts = new Map();
  for (const r of reasons) {
    const reason = (r ?? '').trim() || '(no reason given)';
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  let best = '';
  let bestCount = 0;
  for (const [reason, count] of counts) {
    if (count > bestCount) [best, bestCount] = [reason, count]; // ties: the reason seen first
  }
  return bestCount ? `${best} (${bestCount})` : '';
}

export function tables(labels, onlyPhase) {
  const phases = [...new Set(labels.map((l) => l.phase))].filter((p) => !onlyPhase || p === onlyPhase).sort();
  const out = [];
  for (const phase of phases) {
    const rows = new Map();
    for (const l of labels.filter((x) => x.phase === phase)) {
      if (!rows.has(l.code)) rows.set(l.code, []);
      rows.get(l.code).push(l);
    }
    const lines = [`### ${phase}`, '', '| rule | labelled | right | precision | most common wrong reason |', '|---|---:|---:|---:|---|'];
    let labelled = 0;
    let right = 0;
    for (const [code, ls] of [...rows].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const r = ls.filter((l) => l.verdict === 'right').length;
      labelled += ls.length;
      right += r;
      const reason = mostCommon(ls.filter((l) => l.verdict === 'wrong').map((l) => l.reason)).replace(/\|/g, '\\|');
      lines.push(`| ${code} | ${ls.length} | ${r} | ${Math.round((100 * r) / ls.length)} % | ${reason} |`);
    }
    lines.push(`| all | ${labelled} | ${right} | ${labelled ? Math.round((100 * right) / labelled) : 0} % | |`);
    out.push(lines.join('\n'));
  }
  return out.join('\n\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const options = parseArgs(process.argv.slice(2));
  let text;
  try {
    text = readFileSync(options.labels, 'utf8');
  } catch (err) {
    console.error(`precision:table: cannot read ${options.labels}: ${err.message}`);
    process.exit(2);
  }
  try {
    process.stdout.write(tables(readLabels(text), options.phase));
  } catch (err) {
    console.error(`precision:table: ${options.labels}: ${err.message}`);
    process.exit(1);
  }
}
