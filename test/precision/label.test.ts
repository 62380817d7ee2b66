// `npm run precision:label` (scripts/precision-label.mjs): a label copies where the
// finding is and which engine made it from the sample, and a batch with one bad line
// writes nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/engine';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'precision-label.mjs');

const sampled = (key: string, code: string, cell: number) => ({
  key, repo: 'acme/models', commit: 'c0ffee00', path: 'nb/train.ipynb', cell, code, severity: 'warning', line: 2, column: 1,
  message: `${code} message`, related: [], cellText: 'x = 1\nprint(y)', engine: 'abc1234',
});

describe('npm run precision:label', () => {
  let dir: string;
  let sample: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-precision-label-'));
    sample = path.join(dir, 'sample.jsonl');
    fs.writeFileSync(sample, [sampled('aaaaaaaaaaaa', 'NB102', 3), sampled('bbbbbbbbbbbb', 'NB105', 4)].map((r) => JSON.stringify(r)).join('\n') + '\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, sample, ...args], { encoding: 'utf8' });
  const read = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

  it('appends one label with the finding\'s place, message and engine', () => {
    const labels = path.join(dir, 'one.jsonl');
    const r = run('aaaaaaaaaaaa', 'wrong', 'R notebook read as Python', '--phase', 'before', '--labels', labels);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(read(labels), [{
      key: 'aaaaaaaaaaaa', repo: 'acme/models', commit: 'c0ffee00', path: 'nb/train.ipynb', cell: 3, code: 'NB102', line: 2,
      message: 'NB102 message', verdict: 'wrong', reason: 'R notebook read as Python', engine: 'abc1234', phase: 'before',
    }]);
  });

  it('labels a batch, and writes nothing when one line is bad', () => {
    const labels = path.join(dir, 'batch.jsonl');
    const good = path.join(dir, 'good.tsv');
    fs.writeFileSync(good, 'aaaaaaaaaaaa\tright\t\nbbbbbbbbbbbb\twrong\tguarded default\n');
    const r = run('--batch', good, '--labels', labels);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(read(labels).map((l) => [l.code, l.verdict, l.reason, l.phase]), [['NB102', 'right', '', 'after'], ['NB105', 'wrong', 'guarded default', 'after']]);

    const bad = path.join(dir, 'bad.tsv');
    fs.writeFileSync(bad, 'aaaaaaaaaaaa\tright\t\nbbbbbbbbbbbb\twrong\t\n'); // a wrong verdict needs a reason
    const before = fs.readFileSync(labels, 'utf8');
    const b = run('--batch', bad, '--labels', labels);
    assert.equal(b.status, 2);
    assert.match(b.stderr, /bbbbbbbbbbbb: a wrong finding needs a reason/);
    assert.equal(fs.readFileSync(labels, 'utf8'), before);
  });

  it('takes a named labelling round as the phase, and refuses a phase that is not a name', () => {
    const labels = path.join(dir, 'round.jsonl');
    const r = run('aaaaaaaaaaaa', 'right', '', '--phase', 'holdout2', '--labels', labels);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(read(labels).map((l) => l.phase), ['holdout2']);
    const bad = run('aaaaaaaaaaaa', 'right', '', '--phase', 'Hold Out', '--labels', labels);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /phase must be a lower-case name/);
    assert.equal(read(labels).length, 1);
  });

  it('refuses a key that is not in the sample', () => {
    const r = run('cccccccccccc', 'right', '', '--labels', path.join(dir, 'none.jsonl'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no finding with key cccccccccccc/);
    assert.ok(!fs.existsSync(path.join(dir, 'none.jsonl')));
  });
});
