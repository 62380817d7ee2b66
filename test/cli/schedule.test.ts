// The pool's job order (run/schedule.ts): a root's files stay with one worker, so each
// worker builds few project models; a root's project files wait for a notebook when asked to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import type { FileResult } from '../../server/src/run/analyzeFile';
import type { AnalysisJob, FileJob, ProjectJob } from '../../server/src/run/pool';
import { JobScheduler, type WorkerPlace } from '../../server/src/run/schedule';

const config = mergeConfig();
const file = (root: string, name: string): FileJob => ({ kind: 'file', file: `/repo/${root}/${name}`, rel: name, root: `/repo/${root}`, config });
const project = (root: string, ifNotebook?: boolean): ProjectJob => ({ kind: 'project', root: `/repo/${root}`, config, ifNotebook });
const result = (kind: FileResult['kind']): FileResult => ({ kind, findings: [], fingerprints: [], sources: [], ruleFailed: false });
const name = (job: AnalysisJob | undefined) => (job === undefined ? 'none' : job.kind === 'project' ? `project ${job.root}` : job.file);
const worker = (): WorkerPlace => ({ roots: [] });

describe('the pool job schedule', () => {
  it('keeps each root with the worker that started it, and shares the last root', () => {
    const jobs = [file('a', '1.ipynb'), file('a', '2.ipynb'), file('a', '3.ipynb'), file('b', '1.ipynb'), file('b', '2.ipynb'), file('c', '1.ipynb')];
    const schedule = new JobScheduler(jobs);
    const one = worker();
    const two = worker();
    assert.equal(name(schedule.next(one)), '/repo/a/1.ipynb');
    assert.equal(name(schedule.next(two)), '/repo/b/1.ipynb', 'a root no worker has started, not the next file in the list');
    assert.equal(name(schedule.next(two)), '/repo/b/2.ipynb');
    assert.equal(name(schedule.next(two)), '/repo/c/1.ipynb');
    assert.equal(name(schedule.next(one)), '/repo/a/2.ipynb');
    assert.equal(name(schedule.next(two)), '/repo/a/3.ipynb', 'the last unfinished root is shared');
    assert.equal(name(schedule.next(one)), 'none');
    assert.equal(schedule.available(), 0);
    assert.deepEqual(one.roots, ['/repo/a']);
    assert.deepEqual(two.roots, ['/repo/b', '/repo/c', '/repo/a']);
  });

  it('runs a waiting project job once a file of its root is a notebook, on the worker with its model', () => {
    const jobs = [file('a', 'm.py'), project('a', true), file('a', 'n.ipynb'), file('b', '1.ipynb')];
    const schedule = new JobScheduler(jobs);
    const one = worker();
    const two = worker();
    const m = schedule.next(one)!;
    const b = schedule.next(two)!;
    assert.equal(name(b), '/repo/b/1.ipynb');
    assert.equal(schedule.finished(m, result('module')), undefined);
    const n = schedule.next(one)!;
    assert.equal(name(n), '/repo/a/n.ipynb');
    assert.equal(name(schedule.next(two)), 'none', 'the project job waits for a notebook');
    assert.equal(schedule.finished(n, result('ipynb')), undefined);
    assert.equal(schedule.available(), 1);
    assert.equal(name(schedule.next(one)), 'project /repo/a');
  });

  it("hands out a root's ready project job before the root's remaining files, so that it does not run alone at the end", () => {
    const jobs = [file('a', '1.ipynb'), project('a', true), file('a', '2.ipynb'), file('a', '3.ipynb'), file('a', '4.ipynb')];
    const schedule = new JobScheduler(jobs);
    const one = worker();
    const two = worker();
    const first = schedule.next(one)!;
    assert.equal(name(schedule.next(two)), '/repo/a/2.ipynb', 'the last root is shared');
    assert.equal(schedule.finished(first, result('ipynb')), undefined);
    assert.equal(name(schedule.next(one)), 'project /repo/a', 'the project job, now ready, before the files left');
    assert.equal(name(schedule.next(two)), '/repo/a/3.ipynb');
    assert.equal(name(schedule.next(two)), '/repo/a/4.ipynb');
    assert.equal(name(schedule.next(one)), 'none');
  });

  it('skips a waiting project job whose root has only plain modules and unreadable files', () => {
    const jobs = [file('a', 'm.py'), project('a', true), file('a', 'broken.ipynb'), project('b')];
    const schedule = new JobScheduler(jobs);
    const one = worker();
    const m = schedule.next(one)!;
    const broken = schedule.next(one)!;
    assert.equal(name(schedule.next(one)), 'project /repo/b', 'a project job the check knows it needs runs at once');
    assert.equal(schedule.finished(m, result('module')), undefined);
    assert.equal(name(schedule.finished(broken, result('unreadable'))), 'project /repo/a');
    assert.equal(schedule.available(), 0);
  });
});
