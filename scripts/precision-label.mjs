// `npm run precision:label -- <sample.jsonl> <key> right|wrong "<reason>" [--phase before|after] [--labels <file>]`
//
// Appends one label to test/precision/labels.jsonl, copying repo, commit, path, cell,
// code, line, message and engine from the sampled finding of `npm run precision`, so a
// label always says exactly which finding of which engine it judges.
import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: npm run precision:label -- <sample.jsonl> <key> right|wrong "<reason>" [--phase before|after] [--labels <file>]';
const here = dirname(fileURLToPath(import.meta.url));

function fail(message) {
  console.error(`precision:label: ${message}\n${USAGE}`);
  process.exit(2);
}

const positional = [];
let phase = 'after';
let labels = join(here, '..', 'test', 'precision', 'labels.jsonl');
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--phase') phase = argv[++i];
  else if (argv[i] === '--labels') labels = argv[++i];
  else positional.push(argv[i]);
}
const [sampleFile, key, verdict, reason = ''] = positional;
if (!sampleFile || !key || !verdict) fail('sample file, key and verdict are needed');
if (verdict !== 'right' && verdict !== 'wrong') fail(`verdict must be right or wrong, not "${verdict}"`);
if (phase !== 'before' && phase !== 'after') fail(`phase must be before or after, not "${phase}"`);
if (verdict === 'wrong' && !reason.trim()) fail('a wrong finding needs a reason');

const row = readFileSync(sampleFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l))
  .find((r) => r.key === key);
if (!row) fail(`no finding with key ${key} in ${sampleFile}`);
const label = {
  key,
  repo: row.repo,
  commit: row.commit,
  path: row.path,
  cell: row.cell,
  code: row.code,
  line: row.line,
  message: row.message,
  verdict,
  reason: reason.trim(),
  engine: row.engine,
  phase,
};
appendFileSync(labels, JSON.stringify(label) + '\n');
console.log(`${row.code} ${key} ${verdict} (${phase}) -> ${labels}`);
