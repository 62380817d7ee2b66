// `npm run precision:label -- <sample.jsonl> <key> right|wrong "<reason>" [--phase before|after|<name>] [--labels <file>]`
// `npm run precision:label -- <sample.jsonl> --batch <verdicts.tsv> [--phase ...] [--labels ...]`
//   (one finding a line: key, tab, right or wrong, tab, reason)
//
// Appends one label to test/precision/labels.jsonl, copying repo, commit, path, cell,
// code, line, message and engine from the sampled finding of `npm run precision`, so a
// label always says exactly which finding of which engine it judges.
import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: npm run precision:label -- <sample.jsonl> (<key> right|wrong "<reason>" | --batch <verdicts.tsv>) [--phase before|after|<name>] [--labels <file>]';
const here = dirname(fileURLToPath(import.meta.url));

function fail(message) {
  console.error(`precision:label: ${message}\n${USAGE}`);
  process.exit(2);
}

const positional = [];
let phase = 'after';
let labels = join(here, '..', 'test', 'precision', 'labels.jsonl');
let batch;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--phase') phase = argv[++i];
  else if (argv[i] === '--labels') labels = argv[++i];
  else if (argv[i] === '--batch') batch = argv[++i];
  else positional.push(argv[i]);
}
const [sampleFile, ...single] = positional;
if (!sampleFile) fail('a sample file is needed');
// Phases name a labelling round: before/after the first precision work, then one per later round (e.g. holdout2).
if (!/^[a-z][a-z0-9-]*$/.test(phase ?? '')) fail(`phase must be a lower-case name such as before, after or holdout2, not "${phase}"`);
const verdicts = batch
  ? readFileSync(batch, 'utf8').split('\n').filter((l) => l.trim()).map((l) => l.split('\t'))
  : [single];
if (verdicts.length === 0 || verdicts.some(([key, verdict]) => !key || !verdict)) fail('each label needs a key and a verdict');

const rows = new Map(
  readFileSync(sampleFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .map((r) => [r.key, r]),
);
// Check every verdict before writing any, so a typo leaves the labels file as it was.
const out = verdicts.map(([key, verdict, reason = '']) => {
  const row = rows.get(key);
  if (!row) fail(`no finding with key ${key} in ${sampleFile}`);
  if (verdict !== 'right' && verdict !== 'wrong') fail(`${key}: verdict must be right or wrong, not "${verdict}"`);
  if (verdict === 'wrong' && !reason.trim()) fail(`${key}: a wrong finding needs a reason`);
  return { key, repo: row.repo, commit: row.commit, path: row.path, cell: row.cell, code: row.code, line: row.line, message: row.message, verdict, reason: reason.trim(), engine: row.engine, phase };
});
appendFileSync(labels, out.map((l) => JSON.stringify(l) + '\n').join(''));
for (const l of out) console.log(`${l.code} ${l.key} ${l.verdict} (${phase}) -> ${labels}`);
