// "Extract cells to module" against a real kernel: each case's notebook runs
// top to bottom in a fresh kernel before and after the extraction (src/ on the
// path), and every cell's outputs must be identical, or the extraction must be
// refused with its reason. The generated tests then run under pytest: each
// extraction writes at least one, and most must assert something and pass.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importInsertionOffset, planExtraction, suggestNames, type ExtractPlan } from '../../server/src/engine/fixes/extract';
import { getEngine, REPO_ROOT } from '../helpers/engine';
import { mergeStreams, notebookJson, withOutputs, type OracleReply, type Output } from '../helpers/kernelOracle';
import { runPython } from '../helpers/python';
import { CASES, type OracleCase } from './extractCases';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'oracle-extract');


/** Cells of a percent-format script: `# %%` starts a code cell, `# %% [markdown]` a markdown one. */
function readPercent(file: string): { kind: 'code' | 'markdown'; source: string }[] {
  const parts = fs.readFileSync(file, 'utf8').split(/^# %%(.*)\n/m);
  const cells: { kind: 'code' | 'markdown'; source: string }[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const markdown = parts[i].includes('[markdown]');
    const body = parts[i + 1].replace(/\s+$/, '');
    cells.push(markdown ? { kind: 'markdown', source: body.split('\n').map((l) => l.replace(/^# ?/, '')).join('\n') } : { kind: 'code', source: body });
  }
  return cells;
}

interface Applied { testFile?: string; tests: { name: string; asserts: boolean }[]; refused?: string; plans: ExtractPlan[]; notebook?: string }

describe('extract cells to module: kernel oracle', () => {
  let root: string;
  let reply: OracleReply;
  const applied = new Map<string, Applied>();
  const before = new Map<string, Output[][]>();

  // All notebooks run in two batches (two kernels at a time), once before and once after.
  before_(async () => {
    const engine = await getEngine();
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-oracle-extract-')));
    const notebooks = [...new Set(CASES.map((c) => c.notebook))];
    const originals = new Map(notebooks.map((n) => [n, readPercent(path.join(FIXTURES, `${n}.py`))]));
    for (const n of notebooks) {
      fs.mkdirSync(path.join(root, 'before', n), { recursive: true });
      fs.writeFileSync(path.join(root, 'before', n, `${n}.ipynb`), notebookJson(originals.get(n)!));
    }
    const first = JSON.parse(runPython('test/oracle/run_extractions.py', [], JSON.stringify({
      notebooks: notebooks.map((n) => ({ path: path.join(root, 'before', n, `${n}.ipynb`) })),
    }))) as OracleReply;
    for (const n of notebooks) before.set(n, first.runs[path.join(root, 'before', n, `${n}.ipynb`)]);

    const runs: { path: string; pythonpath: string[] }[] = [];
    const testFiles: string[] = [];
    for (const c of CASES) {
      const dir = path.join(root, 'cases', c.id);
      const pkg = `ox_${c.id}`;
      const cells = withOutputs(originals.get(c.notebook)!, before.get(c.notebook)!);
      const result: Applied = { tests: [], plans: [] };
      applied.set(c.id, result);
      for (const step of c.steps) {
        const names = suggestNames(cells, step.first, step.last, `${c.notebook}.ipynb`, (s) => engine.summarize(s), (s) => engine.statements(s));
        const module = step.module ?? names.moduleName;
        const moduleFile = path.join(dir, 'src', pkg, `${module}.py`);
        const testFile = path.join(dir, 'tests', `test_${module}.py`);
        const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined);
        const plan = planExtraction({
          cells, first: step.first, last: step.last, summarize: (s) => engine.summarize(s), statements: (s) => engine.statements(s),
          packageName: pkg, moduleName: module, functionName: step.fn ?? names.functionName,
          existingModule: read(moduleFile), existingTest: read(testFile), notebookName: `${c.notebook}.ipynb`,
        });
        if ('refused' in plan) {
          result.refused = plan.refused;
          break;
        }
        result.plans.push(plan);
        for (const e of plan.cellEdits) cells[e.cell] = { ...cells[e.cell], source: e.newText };
        fs.mkdirSync(path.dirname(moduleFile), { recursive: true });
        fs.mkdirSync(path.dirname(testFile), { recursive: true });
        fs.writeFileSync(path.join(dir, 'src', pkg, '__init__.py'), '');
        const existing = read(moduleFile);
        fs.writeFileSync(moduleFile, existing === undefined ? plan.moduleText
          : existing.slice(0, importInsertionOffset(existing)) + plan.moduleImports + existing.slice(importInsertionOffset(existing)) + plan.moduleText);
        fs.appendFileSync(testFile, plan.testText);
        for (const m of plan.testText.matchAll(/^def (test_\w+)\([^)]*\):\n((?:    .*\n?|\n)*)/gm)) {
          result.tests.push({ name: `${path.relative(root, testFile)}::${m[1]}`, asserts: !m[2].includes('pytest.fail("nb2prod') });
        }
        if (!testFiles.includes(testFile)) testFiles.push(testFile);
      }
      if (result.plans.length && !result.refused) {
        result.notebook = path.join(dir, `${c.notebook}.ipynb`);
        fs.writeFileSync(result.notebook, notebookJson(cells));
        runs.push({ path: result.notebook, pythonpath: [path.join(dir, 'src')] });
      }
    }
    reply = JSON.parse(runPython('test/oracle/run_extractions.py', [], JSON.stringify({
      notebooks: runs,
      pytest: { paths: testFiles, pythonpath: CASES.map((c) => path.join(root, 'cases', c.id, 'src')) },
    }))) as OracleReply;
  });
  after(() => {
    if (root && !process.env.NB2PROD_KEEP_ORACLE) fs.rmSync(root, { recursive: true, force: true });
  });

  const outcome = (name: string) => {
    const key = name.replace(/\\/g, '/').replace(/^cases\//, '');
    return Object.entries(reply.tests).find(([k]) => k.replace(/\\/g, '/').endsWith(key))?.[1];
  };

  for (const c of CASES) {
    it(`${c.id}: ${c.what}`, () => {
      const result = applied.get(c.id)!;
      if (c.expect !== 'same') {
        assert.match(result.refused ?? '(offered)', c.expect);
        return;
      }
      assert.equal(result.refused, undefined, `refused: ${result.refused}`);
      const afterRun = reply.runs[result.notebook!];
      assert.ok(afterRun, 'the notebook ran after the extraction');
      const beforeRun = before.get(c.notebook)!;
      assert.ok(beforeRun.every((outs) => outs.every((o) => o.type !== 'error')), 'the fixture runs cleanly');
      // Compared as Jupyter shows them: the kernel may flush one print in two stream chunks.
      for (let i = 0; i < beforeRun.length; i++) assert.deepEqual(mergeStreams(afterRun[i]), mergeStreams(beforeRun[i]), `cell ${i + 1} shows something else after the extraction`);
      assert.ok(result.tests.length >= result.plans.length, 'every extraction writes at least one test');
      for (const t of result.tests) {
        const got = outcome(t.name);
        assert.ok(got, `pytest collected ${t.name}`);
        // A test that asserts must pass on the code it was written from; a marked one fails until completed.
        assert.equal(got, t.asserts ? 'passed' : 'failure', t.name);
      }
    });
  }

  it('the README\'s before/after is case pd_clean as the extraction writes it today, and its test passes', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### From notebook cells to a tested module'), readme.indexOf('Add as eval case'));
    const blocks = [...section.matchAll(/^( *)```python\n([^]*?)^ *```/gm)].map((m) => m[2].split('\n').map((l) => l.slice(m[1].length)).join('\n'));
    assert.equal(blocks.length, 3, 'before, module, test');
    const result = applied.get('pd_clean')!;
    const cells = readPercent(path.join(FIXTURES, 'customers_pandas.py'));
    assert.equal(blocks[0].trim(), cells[4].source.trim(), 'the cell before');
    const [plan] = result.plans;
    assert.ok(plan.moduleText.includes(blocks[1].trim()), `the module README shows is not what is written:\n${plan.moduleText}`);
    const testName = /^def (test_\w+)/m.exec(blocks[2])![1];
    assert.ok(plan.testText.replace(/ox_pd_clean/g, 'shop').includes(blocks[2].trim()), `the test README shows is not what is written:\n${plan.testText}`);
    const test = result.tests.find((t) => t.name.endsWith(`::${testName}`));
    assert.ok(test?.asserts, 'the test asserts something');
    assert.equal(outcome(test.name), 'passed');
  });

  it('covers at least 40 cases, and most generated tests assert something and pass', (t) => {
    const tests = [...applied.values()].flatMap((a) => (a.refused ? [] : a.tests));
    const good = tests.filter((x) => x.asserts && outcome(x.name) === 'passed').length;
    const refused = [...applied.values()].filter((a) => a.refused).length;
    t.diagnostic(`${CASES.length} cases: ${CASES.length - refused} extracted, ${refused} refused; ${good}/${tests.length} generated tests assert and pass`);
    assert.ok(CASES.length >= 40);
    assert.ok(good / tests.length >= 0.6, `${good}/${tests.length}`);
  });
});

function before_(fn: () => Promise<void>): void {
  before(fn, { timeout: 600_000 });
}

export type { OracleCase };
