// `npm run precision` (scripts/precision.mjs) on a tiny corpus with a manifest: the
// sample points at the right repository, commit, file and cell, and the noise numbers
// agree with what the CLI itself reports for the same folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/engine';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'precision.mjs');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function notebook(cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } },
    cells: cells.map((source, i) => ({ cell_type: 'code', metadata: {}, execution_count: i + 1, outputs: [], source: source.split(/(?<=\n)/) })),
  });
}

const CELLS: Record<string, string[]> = {
  'nb/train.ipynb': ['import pandas as pd\nframe = pd.read_csv("/home/ana/data/train.csv")', 'print(threshold)\nthreshold = 0.5', 'frame = frame.reset_index()'],
  'nb/explore.ipynb': ['print(result_table)', 'import os', 'x = 1'],
  'nb/clean.ipynb': ['value = 2\nprint(value)'],
};

describe('npm run precision', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-precision-'));
    const repoDir = path.join(dir, 'dev', 'acme+models');
    for (const [rel, cells] of Object.entries(CELLS)) {
      fs.mkdirSync(path.dirname(path.join(repoDir, rel)), { recursive: true });
      fs.writeFileSync(path.join(repoDir, rel), notebook(cells));
    }
    fs.writeFileSync(path.join(dir, 'manifest.tsv'), 'split\trepo\tcommit\tfolder\tnotebooks\ndev\tacme/models\t0123abcd\tdev/acme+models\t3\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const runHarness = (out: string) => spawnSync(process.execPath, [SCRIPT, path.join(dir, 'dev'), '--out', out, '--per-rule', '1', '--seed', '7'], { encoding: 'utf8' });

  it('samples each rule with the repository, commit, path and the whole cell, and counts what the Problems view shows', () => {
    const out = path.join(dir, 'out');
    const r = runHarness(out);
    assert.equal(r.status, 0, r.stderr);

    const cli = spawnSync(process.execPath, [CLI, 'check', path.join(dir, 'dev'), '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' });
    const report = JSON.parse(cli.stdout) as { files: { path: string; diagnostics: { code: string; severity: string }[] }[] };
    const notebooks = report.files.filter((f) => f.path.endsWith('.ipynb'));
    assert.equal(notebooks.length, 3);
    const codes = new Set(report.files.flatMap((f) => f.diagnostics.map((d) => d.code)));
    assert.ok(codes.size > 0, 'the tiny corpus has findings');

    const sample = fs.readFileSync(path.join(out, 'sample.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(new Set(sample.map((s) => s.code)), codes, 'one sampled finding per rule (--per-rule 1)');
    assert.equal(sample.length, codes.size);
    for (const s of sample) {
      assert.equal(s.repo, 'acme/models');
      assert.equal(s.commit, '0123abcd');
      assert.match(s.key, /^[0-9a-f]{12}$/);
      if (s.cell !== null && s.path.endsWith('.ipynb')) {
        assert.equal(s.cellText, CELLS[s.path][s.cell - 1], `${s.code} in ${s.path} cell ${s.cell}`);
      }
      const sheet = fs.readFileSync(path.join(out, `sheet-${s.code}.md`), 'utf8');
      assert.ok(sheet.includes(s.key) && sheet.includes(s.message), s.code);
    }

    // Shown = errors, warnings and information; hints are not listed in the Problems view.
    const shown = notebooks.map((f) => f.diagnostics.filter((d) => d.severity !== 'hint').length).sort((a, b) => a - b);
    const noise = JSON.parse(fs.readFileSync(path.join(out, 'noise.json'), 'utf8'));
    assert.equal(noise.notebooks, 3);
    assert.equal(noise.shownPerNotebook.median, shown[1]); // three notebooks: the middle one
    assert.equal(noise.shownPerNotebook.p90, shown[2]); // nearest rank: ceil(0.9 * 3) = 3rd
    assert.equal(noise.shownPerNotebook.max, shown[2]);
    const total = report.files.reduce((n, f) => n + f.diagnostics.length, 0);
    assert.equal(noise.findings, total);
  });

  it('draws the same sample for the same seed', () => {
    const a = runHarness(path.join(dir, 'a'));
    const b = runHarness(path.join(dir, 'b'));
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'a', 'sample.jsonl'), 'utf8'), fs.readFileSync(path.join(dir, 'b', 'sample.jsonl'), 'utf8'));
  });
});

describe('npm run precision --per-repo', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-precision-repos-'));
    // The same notebooks in a big and a small repository: the big one has three copies.
    const copies: [string, number][] = [['acme+big', 3], ['acme+small', 1]];
    for (const [repo, n] of copies) {
      for (let i = 0; i < n; i++) {
        for (const [rel, cells] of Object.entries(CELLS)) {
          const file = path.join(dir, 'dev', repo, `copy${i}`, rel);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, notebook(cells));
        }
      }
    }
    fs.writeFileSync(path.join(dir, 'manifest.tsv'), 'repo\tcommit\tfolder\tsplit\nacme/big\taaaa1111\tdev/acme+big\tdev\nacme/small\tbbbb2222\tdev/acme+small\tdev\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const sampleOf = (out: string, perRepo?: number) => {
    const args = [SCRIPT, path.join(dir, 'dev'), '--out', out, '--per-rule', '4', '--seed', '3'];
    if (perRepo) args.push('--per-repo', String(perRepo));
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return fs.readFileSync(path.join(out, 'sample.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { code: string; repo: string });
  };
  const countsByCodeAndRepo = (sample: { code: string; repo: string }[]) => {
    const counts = new Map<string, number>();
    for (const s of sample) counts.set(`${s.code} ${s.repo}`, (counts.get(`${s.code} ${s.repo}`) ?? 0) + 1);
    return counts;
  };

  it('takes at most N findings of a rule from one repository', () => {
    const capped = countsByCodeAndRepo(sampleOf(path.join(dir, 'capped'), 1));
    assert.ok(capped.size > 0);
    for (const [key, n] of capped) assert.equal(n, 1, key);
    // Every rule of the tiny corpus fires in both repositories, so each rule gets one of each.
    const codes = new Set([...capped.keys()].map((k) => k.split(' ')[0]));
    for (const code of codes) {
      assert.ok(capped.has(`${code} acme/big`) && capped.has(`${code} acme/small`), code);
    }
  });

  it('without the cap, the big repository can fill a rule', () => {
    const uncapped = countsByCodeAndRepo(sampleOf(path.join(dir, 'uncapped')));
    assert.ok([...uncapped.values()].some((n) => n > 1), 'some rule has two findings from one repository');
  });
});
