// `nb2prod export NOTEBOOK [--dry-run]`: the plan printed, nothing written with
// --dry-run; files written otherwise; a file nb2prod did not write in the way, or an
// existing pyproject.toml it cannot merge into, is refused with exit 2 and the reason.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { notebookJson, runCli as run } from '../helpers/cli';
import { writeProject } from '../helpers/project';

const CELLS = [
  { type: 'markdown', source: '# Orders' },
  { source: 'import statistics' },
  { source: 'LIMIT = 3' },
  { type: 'markdown', source: '## Load' },
  { source: 'orders = [5, 1, 9, 4]\nlargest = sorted(orders)[-LIMIT:]' },
  { type: 'markdown', source: '## Report' },
  { source: 'average = statistics.mean(largest)\naverage' },
];

const snapshot = (dir: string): string[] => fs.readdirSync(dir, { recursive: true }).map(String).sort();

describe('nb2prod export', () => {
  it('--dry-run prints the plan and writes nothing', () => {
    const dir = writeProject({ 'orders.ipynb': notebookJson(CELLS) }, 'nb2prod-export-');
    const before = snapshot(dir);
    const notebook = fs.readFileSync(path.join(dir, 'orders.ipynb'), 'utf8');
    const result = run(['export', 'orders.ipynb', '--dry-run'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Load\n  cell 5: load\(LIMIT\) → largest in src\/\w+\/load\.py/m);
    assert.match(result.stdout, /^  create pipelines\/orders\.py$/m);
    assert.match(result.stdout, /^Dry run: nothing written\.$/m);
    assert.deepEqual(snapshot(dir), before);
    assert.equal(fs.readFileSync(path.join(dir, 'orders.ipynb'), 'utf8'), notebook);
  });

  it('writes the project and the notebook cells that call it', () => {
    const dir = writeProject({ 'pyproject.toml': '[project]\nname = "orders-kit"\nversion = "1.0"\ndependencies = ["numpy"]\n', 'orders.ipynb': notebookJson(CELLS) }, 'nb2prod-export-');
    const result = run(['export', 'orders.ipynb'], dir);
    assert.equal(result.code, 0, result.stderr);
    for (const f of ['pipelines/orders.py', 'pipelines/__init__.py', 'tests/test_pipeline_orders.py', 'configs/orders.toml', 'src/orders_kit/load.py', 'src/orders_kit/report.py', 'README.md', 'nb_config.py']) {
      assert.ok(fs.existsSync(path.join(dir, f)), f);
    }
    const pyproject = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
    assert.match(pyproject, /^dependencies = \["numpy"\]$/m, 'statistics is the standard library: nothing to add');
    assert.match(pyproject, /^orders = "pipelines\.orders:main"$/m);
    const nb = JSON.parse(fs.readFileSync(path.join(dir, 'orders.ipynb'), 'utf8')) as { cells: { source: string[] }[] };
    assert.equal(nb.cells[4].source.join(''), 'from orders_kit.load import load\nlargest = load(LIMIT)');
    // A second export finds its own files and the cells already extracted.
    const again = run(['export', 'orders.ipynb', '--dry-run'], dir);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /cell 5: stays \(already calls load of orders_kit\)/);
  });

  it('refuses to overwrite a file it did not write: exit 2 with the reason, nothing written', () => {
    const dir = writeProject({ 'orders.ipynb': notebookJson(CELLS), 'tests/test_pipeline_orders.py': 'def test_mine():\n    pass\n' }, 'nb2prod-export-');
    const before = snapshot(dir);
    const result = run(['export', 'orders.ipynb'], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot export orders\.ipynb: tests\/test_pipeline_orders\.py exists and nb2prod did not write it/);
    assert.deepEqual(snapshot(dir), before);
  });

  it('refuses a pyproject.toml it cannot merge into', () => {
    const dir = writeProject({ 'orders.ipynb': notebookJson(CELLS), 'pyproject.toml': '[tool.poetry]\nname = "orders"\n' }, 'nb2prod-export-');
    const result = run(['export', 'orders.ipynb'], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no \[project\] table/);
  });

  it('needs exactly one notebook', () => {
    const result = run(['export'], process.cwd());
    assert.equal(result.code, 2);
    assert.match(result.stderr, /export needs one notebook/);
  });
});
