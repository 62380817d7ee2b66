// Ruff-grade flags of `nb2prod check`, the `rule` command, GitHub annotations, the
// paths as the scope, and configuration errors, through the bundled CLI.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { notebookJson, runCli as run } from '../helpers/cli';
import { writeProject } from '../helpers/project';

const MODEL = notebookJson([
  { source: 'import os\nprint(rate)' },
  { source: 'rate = 0.1\n%matplotlib inline\nprint(hidden)' },
]);

function project(extra: Record<string, string> = {}) {
  return writeProject({
    'pyproject.toml': '[project]\nname = "demo"\ndependencies = ["pandas"]\n',
    'notebooks/model.ipynb': MODEL,
    'tests/test_x.py': 'def test_x():\n    assert True\n',
    'PRODUCTION_BRIEF.md': '# Brief\n',
    ...extra,
  }, 'nb2prod-flags-');
}

const codes = (stdout: string) => [...stdout.matchAll(/ (NB\d{3}) /g)].map((m) => m[1]).sort();

describe('check flags', () => {
  it('--select, --extend-select and --ignore choose the rules, by code or prefix', () => {
    const dir = project();
    assert.deepEqual([...new Set(codes(run(['check', '.', '--select', 'NB101'], dir).stdout))], ['NB101']);
    assert.deepEqual([...new Set(codes(run(['check', '.', '--select', 'NB101', '--extend-select', 'NB107'], dir).stdout))], ['NB101', 'NB107']);
    const ignored = codes(run(['check', '.', '--ignore', 'NB1'], dir).stdout);
    assert.ok(!ignored.some((c) => c.startsWith('NB1')), ignored.join());
    assert.deepEqual([...new Set(codes(run(['check', '.', '--select=NB101,NB102'], dir).stdout))], ['NB101', 'NB102']);
  });

  it('--exclude skips files by glob, --config reads another file', () => {
    const dir = project({ 'scratch/a.ipynb': notebookJson([{ source: 'print(zzz_in_scratch)' }]), 'ci/nb2prod.toml': '[tool.nb2prod]\nselect = ["NB102"]\nexclude = ["../scratch/**"]\n' });
    // NB102 is opt in: named here so the scratch notebook's undefined name shows.
    assert.match(run(['check', '.', '--extend-select', 'NB102'], dir).stdout, /zzz_in_scratch/);
    assert.doesNotMatch(run(['check', '.', '--extend-select', 'NB102', '--exclude', 'scratch/**'], dir).stdout, /zzz_in_scratch/);
    const r = run(['check', 'notebooks', '--config', 'ci/nb2prod.toml'], dir);
    assert.deepEqual([...new Set(codes(r.stdout))], ['NB102']);
    const missing = run(['check', '.', '--config', 'nope.toml'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^nb2prod: error: cannot read --config nope\.toml: ENOENT/);
  });

  it('--statistics counts findings per rule; --output-format is --format; --quiet drops the summary', () => {
    const dir = project();
    const stats = run(['check', '.', '--statistics', '--select', 'NB1'], dir);
    const expected = new Map<string, number>();
    for (const c of codes(run(['check', '.', '--select', 'NB1'], dir).stdout)) expected.set(c, (expected.get(c) ?? 0) + 1);
    const rows = stats.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    assert.deepEqual(new Map(rows.map(([n, c]) => [c, Number(n)])), expected);
    assert.ok(rows.every((r) => r.length === 3), stats.stdout);
    assert.deepEqual(JSON.parse(run(['check', '.', '--output-format', 'json'], dir).stdout).version, 1);
    const quiet = run(['check', '.', '-q'], dir).stdout;
    assert.doesNotMatch(quiet, /findings? .* in \d+ files?\./);
    assert.match(quiet, /NB101/);
  });

  it('--exit-zero exits 0 with findings; usage errors still exit 2', () => {
    const dir = project();
    assert.equal(run(['check', '.'], dir).code, 1);
    assert.equal(run(['check', '.', '--exit-zero'], dir).code, 0);
    assert.equal(run(['check', 'nope', '--exit-zero'], dir).code, 2);
  });

  it('reads standard input with "-" and --stdin-filename, using the configuration where that file would be', () => {
    const dir = project({ 'notebooks/pyproject.toml': '[tool.nb2prod]\nignore = ["NB107"]\n' });
    const r = run(['check', '-', '--stdin-filename', 'notebooks/model.ipynb'], dir, { input: MODEL });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^notebooks\/model\.ipynb$/m);
    assert.match(r.stdout, /NB101/);
    assert.doesNotMatch(r.stdout, /NB107/);
    const script = run(['check', '-', '--extend-select', 'NB102'], dir, { input: '# %%\nprint(undefined_here)\n' });
    assert.match(script.stdout, /NB102 `undefined_here`/);
    assert.equal(run(['check', 'a.ipynb', '--stdin-filename', 'x.ipynb'], dir).code, 2);
  });

  it('reports only files under the given paths; project findings elsewhere are one summary line', () => {
    const dir = project({ 'requirements.txt': 'pandas\n' });
    const all = run(['check', '.'], dir).stdout;
    assert.match(all, /^requirements\.txt$/m);
    const scoped = run(['check', 'notebooks'], dir).stdout;
    assert.doesNotMatch(scoped, /^requirements\.txt$/m);
    assert.match(scoped, /^2 project-level findings in pyproject\.toml, requirements\.txt, outside the given paths/m);
  });

  it('fails with exit 2 on an invalid [tool.nb2prod] value and warns about an unknown key', () => {
    const bad = project({ 'pyproject.toml': '[tool.nb2prod]\nseverity = { NB105 = "informational" }\n' });
    const r = run(['check', '.'], bad);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'nb2prod: error: invalid configuration in .: [tool.nb2prod] severity.NB105: "informational" is not allowed; expected one of "error", "warning", "information", "hint", "off"\n');
    const typo = project({ 'pyproject.toml': '[tool.nb2prod]\nselct = ["NB101"]\n' });
    const t = run(['check', '.'], typo);
    assert.match(t.stdout, /^warning: \[tool\.nb2prod\] unknown key "selct" is ignored \(did you mean "select"\?\)$/m);
    assert.match(run(['check', '.', '--format', 'sarif'], typo).stderr, /unknown key "selct"/);
  });
});

describe('--format github', () => {
  it('prints workflow commands with the file line of the cell in the notebook JSON and the cell in the message', () => {
    const dir = project();
    const r = run(['check', 'notebooks/model.ipynb', '--format', 'github', '--select', 'NB101,NB107'], dir);
    const lines = r.stdout.trim().split('\n');
    const nb101 = lines.find((l) => l.includes('NB101'))!;
    const m = /^::error file=notebooks\/model\.ipynb,line=(\d+),endLine=\d+,title=NB101 use-before-define::cell 1, line 2: `rate` is used before it is defined/.exec(nb101);
    assert.ok(m, nb101);
    const json = fs.readFileSync(path.join(dir, 'notebooks/model.ipynb'), 'utf8').split('\n');
    assert.match(json[Number(m[1]) - 1], /print\(rate\)/);
    assert.ok(lines.find((l) => l.includes('NB107'))!.includes('`%25matplotlib`'), 'a % in the message is escaped');
  });
});

describe('nb2prod rule', () => {
  it('prints the rule\'s section of docs/rules.md, or every rule with --all', () => {
    const docs = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'rules.md'), 'utf8');
    const r = run(['rule', 'nb101'], process.cwd());
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^## NB101 use-before-define\n/);
    assert.ok(docs.includes(r.stdout.trim()), 'the text is the docs section, verbatim');
    assert.doesNotMatch(r.stdout, /## NB102/);
    const all = run(['rule', '--all'], process.cwd()).stdout;
    for (const code of docs.matchAll(/^## (NB\d{3}) /gm)) assert.match(all, new RegExp(`^## ${code[1]} `, 'm'));
    const unknown = run(['rule', 'NB1011'], process.cwd());
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no rule NB1011 \(did you mean NB101\?\)/);
  });
});
