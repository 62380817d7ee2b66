// `node scripts/precision-survivors.mjs --before <a.json>[,<b.json>] --after <c.json>[,<d.json>] --codes NB303,NB403 [--labels <file>]`
//
// Before changing a rule, run `node dist/cli.js check <corpus folder> --format json --fail-on never`
// with the old and the new build; this compares the two. It prints, per code, how many findings
// there were before and after, and which labelled findings (test/precision/labels.jsonl, the last
// label of each key) the change removed: a right-labelled finding that disappears is a lost true
// finding to explain; a wrong-labelled one that disappears is a fixed false one.
// A finding and a label are the same when repository, file and code match (a file-level finding
// such as NB303 on `requirements.txt` has no cell); the repository is the corpus folder
// `owner+name` (/work/corpus/<part>/<owner+name>/<path>).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: node scripts/precision-survivors.mjs --before <a.json>[,<b.json>] --after <c.json>[,<d.json>] --codes NB303,NB403 [--labels <labels.jsonl>]';
const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const options = { labels: join(here, '..', 'test', 'precision', 'labels.jsonl'), before: [], after: [], codes: [] };
  for (let i = 0; i < argv.length; i++) {
    const [arg, value] = [argv[i], argv[i + 1]];
    if (value === undefined || !['--before', '--after', '--codes', '--labels'].includes(arg)) {
      console.error(`precision-survivors: unexpected argument ${arg}\n${USAGE}`);
      process.exit(2);
    }
    i++;
    if (arg === '--labels') options.labels = value;
    else options[arg.slice(2)] = value.split(',').filter(Boolean);
  }
  if (options.before.length === 0 || options.after.length === 0 || options.codes.length === 0) {
    console.error(USAGE);
    process.exit(2);
  }
  return options;
}

/** `owner+name` and the path inside it, from a corpus path. */
function whereIn(file) {
  const m = /\/([^/]+\+[^/]+)\/(.+)$/.exec(file);
  return m ? { repo: m[1], path: m[2] } : undefined;
}

/** The findings of the given codes in CLI JSON outputs, counted per code and keyed by repository, path and code. */
function findings(files, codes) {
  const count = new Map(codes.map((c) => [c, 0]));
  const keys = new Set();
  for (const file of files) {
    for (const f of JSON.parse(readFileSync(file, 'utf8')).files) {
      const where = whereIn(f.path);
      for (const d of f.diagnostics) {
        if (!count.has(d.code)) continue;
        count.set(d.code, count.get(d.code) + 1);
        if (where) keys.add(`${where.repo}\t${where.path}\t${d.code}`);
      }
    }
  }
  return { count, keys };
}

/** The last label of each key, for the given codes. */
function labelsOf(file, codes) {
  const last = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const l = JSON.parse(line);
    if (codes.includes(l.code)) last.set(l.key, l);
  }
  return [...last.values()];
}

const options = parseArgs(process.argv.slice(2));
const before = findings(options.before, options.codes);
const after = findings(options.after, options.codes);
for (const code of options.codes) console.log(`${code}: ${before.count.get(code)} before, ${after.count.get(code)} after`);

const tally = { right: { kept: 0, lost: [] }, wrong: { kept: 0, lost: [] } };
for (const l of labelsOf(options.labels, options.codes)) {
  const key = `${l.repo.replace('/', '+')}\t${l.path}\t${l.code}`;
  if (!before.keys.has(key) || !tally[l.verdict]) continue; // not in the folders compared
  if (after.keys.has(key)) tally[l.verdict].kept++;
  else tally[l.verdict].lost.push(l);
}
const show = (l) => `  ${l.phase} ${l.code} ${l.repo} ${l.path}${l.reason ? ` (${l.reason.slice(0, 100)})` : ''}`;
console.log(`right-labelled: ${tally.right.kept} kept, ${tally.right.lost.length} lost`);
for (const l of tally.right.lost) console.log(show(l));
console.log(`wrong-labelled: ${tally.wrong.lost.length} removed, ${tally.wrong.kept} still reported`);
for (const l of tally.wrong.lost) console.log(show(l));
process.exitCode = tally.right.lost.length > 0 ? 1 : 0;
