// The precision table (scripts/precision-table.mjs) on a small labels file whose
// numbers are worked out by hand below.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/engine';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'precision-table.mjs');

const label = (key: string, code: string, verdict: string, reason: string, phase: string) =>
  JSON.stringify({ key, repo: 'o/r', commit: 'c0ffee', path: 'a.ipynb', cell: 1, code, line: 1, message: 'm', verdict, reason, engine: 'abc1234', phase });

function table(labelsFile: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, '--labels', labelsFile, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run precision:table', () => {
  let dir: string;
  let labels: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-precision-table-'));
    labels = path.join(dir, 'labels.jsonl');
    fs.writeFileSync(labels, [
      // NB101 before: 3 right of 4 = 75 %, one wrong reason.
      label('k1', 'NB101', 'right', '', 'before'),
      label('k2', 'NB101', 'right', '', 'before'),
      label('k3', 'NB101', 'wrong', 'magic binds name', 'before'),
      label('k4', 'NB101', 'right', '', 'before'),
      // NB102 before: k5 first wrong, then relabelled right (the last label counts):
      // right k5; wrong k6 (spark), k7 and k8 (R notebook) = 1 of 4 = 25 %.
      label('k5', 'NB102', 'wrong', 'R notebook', 'before'),
      label('k6', 'NB102', 'wrong', 'spark global', 'before'),
      label('k7', 'NB102', 'wrong', 'R notebook', 'before'),
      label('k8', 'NB102', 'wrong', 'R notebook', 'before'),
      label('k5', 'NB102', 'right', '', 'before'),
      '',
      // after: the same key k1 in another phase is a separate label.
      label('k1', 'NB101', 'right', '', 'after'),
    ].join('\n') + '\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints labelled, right, precision and the most common wrong reason per rule and phase', () => {
    const r = table(labels);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const beforeAt = lines.indexOf('### before');
    const afterAt = lines.indexOf('### after');
    assert.ok(afterAt >= 0 && beforeAt > afterAt, r.stdout); // phases in alphabetical order
    const beforeRows = lines.slice(beforeAt);
    assert.ok(beforeRows.includes('| NB101 | 4 | 3 | 75 % | magic binds name (1) |'), r.stdout);
    assert.ok(beforeRows.includes('| NB102 | 4 | 1 | 25 % | R notebook (2) |'), r.stdout);
    assert.ok(beforeRows.includes('| all | 8 | 4 | 50 % | |'), r.stdout);
    const afterRows = lines.slice(afterAt, beforeAt);
    assert.ok(afterRows.includes('| NB101 | 1 | 1 | 100 % |  |'), r.stdout);
    assert.ok(afterRows.includes('| all | 1 | 1 | 100 % | |'), r.stdout);
  });

  it('prints one phase when asked', () => {
    const r = table(labels, '--phase', 'after');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('### before'), r.stdout);
    assert.ok(r.stdout.includes('| NB101 | 1 | 1 | 100 % |  |'), r.stdout);
  });

  it('refuses a label whose verdict is neither right nor wrong, naming the line', () => {
    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(bad, label('k1', 'NB101', 'right', '', 'before') + '\n' + label('k2', 'NB101', 'maybe', '', 'before') + '\n');
    const r = table(bad);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /line 2: verdict must be "right" or "wrong", not "maybe"/);
  });
});
