// NB201 noise found labelling holdout17: a Kaggle notebook named /kaggle/input in 29 places and got 29 warnings for one
// fact (it runs only on Kaggle). One finding per kind of place, where it first appears, the other places related.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../server/src/engine/analyze';
import { mergeConfig } from '../../server/src/engine/config';
import { defaultWasmDir } from '../../server/src/engine/parser';
import type { Finding } from '../../server/src/engine/types';
import { analyze, code, notebook, placesOf, REPO_ROOT } from '../helpers/engine';

describe('NB201: one finding per kind of machine-specific place (holdout17)', () => {
  const cells = [
    "train = pd.read_csv('/kaggle/input/s4e3/train.csv')\ntest = pd.read_csv('/kaggle/input/s4e3/test.csv')",
    "extra = pd.read_csv('/kaggle/input/steel-faults/faults.csv')\nnotes = open('/home/priya/notes.txt').read()",
    "model = torch.load('/home/priya/models/best.pt')",
  ];

  it('groups the Kaggle paths and the home-folder paths, each once, with the other places related', async () => {
    const findings = await analyze(cells, { select: ['NB201'] });
    assert.deepEqual(findings.map((f) => [f.cell, f.range.start.line, f.related.length]), [[0, 0, 2], [1, 1, 1]]);
    assert.match(findings[0].message, /^"\/kaggle\/input\/s4e3\/train\.csv" is a Kaggle input path: it only works on the author's machine \(2 more places like it in this notebook\)\./);
    assert.match(findings[1].message, /\(1 more place like it in this notebook\)/);
    assert.deepEqual(findings[0].related.map((r) => r.message), ['also here: "/kaggle/input/s4e3/test.csv"', 'also here: "/kaggle/input/steel-faults/faults.csv"']);
  });

  it('still shows every place, as a finding or a related location', async () => {
    assert.equal((await placesOf('NB201', cells)).length, 5);
  });
});

describe('NB201: a pragma on one place of a group', () => {
  it('silences that place only: the finding stands on the next place of its kind', async () => {
    const cells = [
      "train = pd.read_csv('/kaggle/input/s4e3/train.csv')  # nb2prod: ignore[NB201]\ntest = pd.read_csv('/kaggle/input/s4e3/test.csv')",
      "extra = pd.read_csv('/kaggle/input/steel-faults/faults.csv')",
    ];
    const findings = await analyze(cells, { select: ['NB201'] });
    assert.deepEqual(findings.map((f) => [f.cell, f.range.start.line, f.related.length]), [[0, 1, 1]]);
  });
});

describe('NB201: a pragma typed into an open notebook', () => {
  it('moves the finding on the next analysis of the same engine, as a fresh engine would', async () => {
    const engine = await Engine.create(defaultWasmDir(REPO_ROOT));
    const cells = (first: string) => notebook(
      code(`train = pd.read_csv('/kaggle/input/s4e3/train.csv')${first}\ntest = pd.read_csv('/kaggle/input/s4e3/test.csv')`),
      code("extra = pd.read_csv('/kaggle/input/steel-faults/faults.csv')"),
    );
    const config = mergeConfig({ select: ['NB201'] });
    const where = (found: Finding[]) => found.map((f) => [f.cell, f.range.start.line, f.related.length]);
    assert.deepEqual(where(engine.analyze(cells(''), config)), [[0, 0, 2]]);
    const silenced = cells('  # nb2prod: ignore[NB201]');
    assert.deepEqual(where(engine.analyze(silenced, config)), [[0, 1, 1]]);
    assert.deepEqual(where(engine.analyze(silenced, config)), where((await Engine.create(defaultWasmDir(REPO_ROOT))).analyze(silenced, config)));
  });
});
