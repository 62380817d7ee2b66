// scripts/precision-survivors.mjs on two small CLI outputs and a labels file, whose
// expected lines are worked out by hand below.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/engine';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'precision-survivors.mjs');

const label = (key: string, repo: string, file: string, code: string, verdict: string, reason = '') =>
  JSON.stringify({ key, repo, commit: 'c0ffee', path: file, cell: null, code, line: 1, message: 'm', verdict, reason, engine: 'abc1234', phase: 'h9' });
const output = (findings: [string, string][]) =>
  JSON.stringify({ version: 1, files: findings.map(([file, code]) => ({ path: `/work/corpus/h9/${file}`, diagnostics: [{ code, severity: 'warning', message: 'm', line: 0 }] })) });

describe('precision-survivors', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-survivors-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });

  it('counts each code before and after, and lists the labelled findings the change removed', () => {
    const labels = write('labels.jsonl', [
      label('k1', 'o/course', 'requirements.txt', 'NB403', 'wrong', 'a course'),
      label('k2', 'o/app', 'requirements.txt', 'NB403', 'right'),
      label('k3', 'o/book', 'pyproject.toml', 'NB403', 'right', 'a book'),
      // Relabelled: the last label counts, so k4 is a wrong finding removed.
      label('k4', 'o/ci', 'requirements.txt', 'NB303', 'right'),
      label('k4', 'o/ci', 'requirements.txt', 'NB303', 'wrong', 'CI runs it'),
      // Not in the folders compared: not counted.
      label('k5', 'o/elsewhere', 'requirements.txt', 'NB303', 'right'),
      // Another code: not counted.
      label('k6', 'o/app', 'a.ipynb', 'NB101', 'right'),
      '',
    ].join('\n'));
    const beforeFile = write('before.json', output([['o+course/requirements.txt', 'NB403'], ['o+app/requirements.txt', 'NB403'], ['o+book/pyproject.toml', 'NB403'], ['o+ci/requirements.txt', 'NB303'], ['o+app/a.ipynb', 'NB101']]));
    const afterFile = write('after.json', output([['o+app/requirements.txt', 'NB403'], ['o+app/a.ipynb', 'NB101']]));
    const r = run('--before', beforeFile, '--after', afterFile, '--codes', 'NB303,NB403', '--labels', labels);
    assert.equal(r.status, 1, r.stderr); // a right-labelled finding was lost
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'NB303: 1 before, 0 after',
      'NB403: 3 before, 1 after',
      'right-labelled: 1 kept, 1 lost',
      '  h9 NB403 o/book pyproject.toml (a book)',
      'wrong-labelled: 2 removed, 0 still reported',
      '  h9 NB403 o/course requirements.txt (a course)',
      '  h9 NB303 o/ci requirements.txt (CI runs it)',
    ]);
  });

  it('exits 0 when every right-labelled finding is still made, and 2 on a bad argument', () => {
    const labels = write('labels2.jsonl', `${label('k2', 'o/app', 'requirements.txt', 'NB403', 'right')}\n`);
    const same = write('same.json', output([['o+app/requirements.txt', 'NB403']]));
    assert.equal(run('--before', same, '--after', same, '--codes', 'NB403', '--labels', labels).status, 0);
    assert.equal(run('--before', same, '--codes', 'NB403').status, 2);
  });
});
