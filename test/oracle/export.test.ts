// `nb2prod export` against a real kernel, on notebooks of different shapes
// (tabular training, batch scoring, an LLM-prompt notebook with a stub client,
// feature engineering, magics and plots, helpers found through sys.path): each runs top to bottom before and after
// the export (src/ importable) and every cell must show the same; then the
// pipeline runs as `python -m pipelines.<nb> --config configs/<nb>.toml`, exits 0
// and prints the values the notebook displayed at the end, and pytest passes on the
// generated pipeline test (extraction tests that assert must pass, marked ones fail
// until completed).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/engine';
import { mergeStreams, type Output } from '../helpers/kernelOracle';
import { oraclePython, runPython } from '../helpers/python';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'oracle-export');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

interface Cell { kind: 'code' | 'markdown'; source: string }

/** Cells of a percent-format script: `# %%` starts a code cell, `# %% [markdown]` a markdown one. */
export function readPercent(file: string): Cell[] {
  const parts = fs.readFileSync(file, 'utf8').split(/^# %%(.*)\n/m);
  const cells: Cell[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const markdown = parts[i].includes('[markdown]');
    const body = parts[i + 1].replace(/\s+$/, '');
    cells.push(markdown ? { kind: 'markdown', source: body.split('\n').map((l) => l.replace(/^# ?/, '')).join('\n') } : { kind: 'code', source: body });
  }
  return cells;
}

/** A notebook as Jupyter saves it, with the outputs of a kernel run when given. */
export function notebookJson(cells: Cell[], outputs?: Output[][]): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: cells.map((c, i) => (c.kind === 'markdown'
      ? { cell_type: 'markdown', metadata: {}, source: c.source }
      : {
        cell_type: 'code', metadata: {}, execution_count: outputs ? i + 1 : null, source: c.source,
        outputs: (outputs?.[i] ?? []).flatMap((o): unknown[] => (o.type === 'stream' ? [{ output_type: 'stream', name: o.name, text: o.text }]
          : o.type === 'execute_result' ? [{ output_type: 'execute_result', execution_count: i + 1, metadata: {}, data: { 'text/plain': o.text } }] : [])),
      })),
  }, null, 1);
}

interface Project { name: string; dir: string; cells: Cell[]; before: Output[][]; cli?: { status: number | null; stdout: string; stderr: string } }

describe('nb2prod export: kernel oracle on five notebooks', () => {
  let root: string;
  const projects: Project[] = [];
  let after_: Record<string, Output[][]>;

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-oracle-export-')));
    for (const name of fs.readdirSync(FIXTURES).sort()) {
      const dir = path.join(root, name);
      fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
      const pct = path.join(dir, `${name}.pct.py`);
      const cells = readPercent(pct);
      fs.rmSync(pct);
      fs.writeFileSync(path.join(dir, `${name}.ipynb`), notebookJson(cells));
      projects.push({ name, dir, cells, before: [] });
    }
    const first = JSON.parse(runPython('test/oracle/run_extractions.py', [], JSON.stringify({
      notebooks: projects.map((p) => ({ path: path.join(p.dir, `${p.name}.ipynb`) })),
    }))) as { runs: Record<string, Output[][]> };
    for (const p of projects) {
      p.before = first.runs[path.join(p.dir, `${p.name}.ipynb`)];
      // Saved as a user's executed notebook, then exported by the CLI.
      fs.writeFileSync(path.join(p.dir, `${p.name}.ipynb`), notebookJson(p.cells, p.before));
      for (const f of fs.readdirSync(p.dir)) if (/\.(csv)$/.test(f)) fs.rmSync(path.join(p.dir, f));
      const run = spawnSync(process.execPath, [CLI, 'export', `${p.name}.ipynb`], { cwd: p.dir, encoding: 'utf8' });
      p.cli = { status: run.status, stdout: run.stdout, stderr: run.stderr };
    }
    const second = JSON.parse(runPython('test/oracle/run_extractions.py', [], JSON.stringify({
      notebooks: projects.map((p) => ({ path: path.join(p.dir, `${p.name}.ipynb`), pythonpath: [path.join(p.dir, 'src')] })),
    }))) as { runs: Record<string, Output[][]> };
    after_ = second.runs;
  }, { timeout: 600_000 });
  after(() => {
    if (root && !process.env.NB2PROD_KEEP_ORACLE) fs.rmSync(root, { recursive: true, force: true });
  });

  const fixtures = fs.readdirSync(FIXTURES).sort();
  it('has notebooks of at least five shapes', () => assert.ok(fixtures.length >= 5));

  for (const name of fixtures) {
    describe(name, () => {
      const project = () => projects.find((p) => p.name === name)!;

      it('exports, and Restart & Run All shows the same in every cell', () => {
        const p = project();
        assert.ok(p.before.every((outs) => outs.every((o) => o.type !== 'error')), 'the fixture runs cleanly');
        assert.equal(p.cli!.status, 0, p.cli!.stderr);
        const edited = JSON.parse(fs.readFileSync(path.join(p.dir, `${name}.ipynb`), 'utf8')) as { cells: { source: string | string[] }[] };
        const pkg = fs.readdirSync(path.join(p.dir, 'src'))[0];
        assert.ok(edited.cells.some((c) => ([] as string[]).concat(c.source).join('').includes(`from ${pkg}.`)), `the notebook calls its package:\n${p.cli!.stdout}`);
        const afterRun = after_[path.join(p.dir, `${name}.ipynb`)];
        // Compared as Jupyter shows them: the kernel may flush one print in two stream chunks.
        for (let i = 0; i < p.before.length; i++) assert.deepEqual(mergeStreams(afterRun[i]), mergeStreams(p.before[i]), `cell ${i + 1} shows something else after the export`);
      });

      it('runs as python -m pipelines.<notebook> and prints what the notebook displayed at the end', () => {
        const p = project();
        const run = spawnSync(oraclePython(), ['-m', `pipelines.${name}`, '--config', `configs/${name}.toml`], {
          cwd: p.dir, encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.join(p.dir, 'src'), MPLBACKEND: 'Agg' },
        });
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stderr, /config configs\/\S+ sha256=[0-9a-f]{16}/);
        assert.match(run.stderr, /step 1\/\d+ \w+/);
        // Every single-line value a bare name displayed in the notebook, the pipeline prints the same.
        let compared = 0;
        p.cells.forEach((c, i) => {
          const last = c.source.trim().split('\n').at(-1)!;
          const shown = p.before[i]?.find((o) => o.type === 'execute_result')?.text;
          if (c.kind !== 'code' || !/^[A-Za-z_]\w*$/.test(last) || !shown || shown.includes('\n') || !new RegExp(`^${last} = `, 'm').test(run.stdout)) return;
          const printed = new RegExp(`^${last} = (.*)$`, 'm').exec(run.stdout)![1];
          // `%precision 3` shows 32.000 for the 32.0 the pipeline prints: numbers compare as numbers.
          if (/^-?[\d.]+$/.test(shown) && /^-?[\d.]+$/.test(printed)) assert.equal(Number(printed), Number(shown), last);
          else assert.equal(printed, shown, last);
          compared++;
        });
        assert.ok(compared >= 1, `no final value compared:\n${run.stdout}`);
      });

      it('passes pytest on the generated pipeline test; extraction tests that assert pass', () => {
        const p = project();
        const report = path.join(p.dir, 'report.xml');
        spawnSync(oraclePython(), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-o', 'junit_family=xunit1', `--junitxml=${report}`, 'tests'], {
          cwd: p.dir, encoding: 'utf8', env: { ...process.env, MPLBACKEND: 'Agg' },
        });
        const xml = fs.readFileSync(report, 'utf8');
        const cases = [...xml.matchAll(/<testcase [^>]*?\sname="([^"]+)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => ({ name: m[1], failed: /<(failure|error)/.test(m[2] ?? '') }));
        const pipelineTest = cases.find((c) => c.name === 'test_run_produces_what_the_notebook_produced');
        assert.ok(pipelineTest, `pytest collected the pipeline test: ${xml.slice(0, 2000)}`);
        assert.equal(pipelineTest.failed, false, xml.slice(0, 4000));
        const tests = fs.readdirSync(path.join(p.dir, 'tests')).map((f) => fs.readFileSync(path.join(p.dir, 'tests', f), 'utf8')).join('\n');
        for (const c of cases) {
          const body = new RegExp(`def ${c.name}\\([^)]*\\):\\n((?:    .*\\n?|\\n)*)`).exec(tests)?.[1] ?? '';
          assert.equal(c.failed, body.includes('pytest.fail("nb2prod'), `${c.name}: ${c.failed ? 'failed' : 'passed'}`);
        }
      });
    });
  }
});
