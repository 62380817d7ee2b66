// `check --fix`, `--diff` and `--watch` through the bundled CLI, on real notebook
// files in temporary projects: the notebook stays valid JSON in its own style, the
// fixed findings are gone from the next check, nothing is written by --diff.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, runCli as run } from '../helpers/cli';
import { writeProject } from '../helpers/project';

const KEY = 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
const PRINTED_KEY = 'sk-proj-Zz3dEf6hIj9kLm2nOp5qRs8tUv1wXy4q';

function notebook(): Record<string, unknown> {
  return {
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: [
      { cell_type: 'code', metadata: {}, execution_count: 1, outputs: [], source: ['import os\n', 'import numpy as np\n', 'import requests\n'] },
      { cell_type: 'code', metadata: {}, execution_count: 2, outputs: [], source: [`api_key = "${KEY}"\n`, 'session = requests.Session()\n', "session.headers['Authorization'] = api_key"] },
      { cell_type: 'code', metadata: {}, execution_count: 3, outputs: [{ output_type: 'stream', name: 'stdout', text: [`OPENAI_API_KEY=${PRINTED_KEY}\n`] }], source: ['print(os.environ)'] },
      { cell_type: 'markdown', metadata: {}, source: ['# Résumé — unchanged'] },
    ],
  };
}

function project(notebookText: string) {
  return writeProject({
    // NB402 is opt in: this project selects it, as a user who wants its fix does.
    'pyproject.toml': '[project]\nname = "demo"\n\n[tool.nb2prod]\nselect = ["NB", "NB402"]\n',
    'requirements.txt': 'numpy==1.26.4\n',
    'analysis.ipynb': notebookText,
  }, 'nb2prod-fix-');
}

const SAFE = ['NB203', 'NB204', 'NB402'];
const codesIn = (dir: string) => (JSON.parse(run(['check', '.', '--format', 'json', '--fail-on', 'never', '--no-cache'], dir).stdout) as { files: { diagnostics: { code: string }[] }[] })
  .files.flatMap((f) => f.diagnostics.map((x) => x.code)).filter((c) => SAFE.includes(c)).sort();

describe('check --diff', () => {
  it('prints what --fix would change, cell by cell, with the secret masked, and writes nothing', () => {
    const text = JSON.stringify(notebook(), null, 1) + '\n';
    const dir = project(text);
    const before = fs.readdirSync(dir).sort();
    const r = run(['check', '.', '--diff', '--no-cache'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'analysis.ipynb'), 'utf8'), text);
    assert.equal(fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8'), 'numpy==1.26.4\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), before, 'no file created');
    assert.ok(!r.stdout.includes(KEY) && !r.stderr.includes(KEY), 'the secret is not printed');
    assert.match(r.stdout, /^--- a\/analysis\.ipynb:cell 2\n\+\+\+ b\/analysis\.ipynb:cell 2\n@@ -1,3 \+1,3 @@\n-api_key = "\*\*\*\*Xy4z"\n\+api_key = os\.environ\["OPENAI_API_KEY"\]\n session = requests\.Session\(\)\n/m);
    assert.match(r.stdout, /^analysis\.ipynb:cell 3: 1 output cleared$/m);
    assert.match(r.stdout, /^--- \/dev\/null\n\+\+\+ b\/\.env\.example\n@@ -0,0 \+1,1 @@\n\+OPENAI_API_KEY=$/m);
    assert.match(r.stdout, /^--- a\/requirements\.txt\n\+\+\+ b\/requirements\.txt\n@@ -1,1 \+1,2 @@\n numpy==1\.26\.4\n\+requests$/m);
    assert.match(r.stderr, /3 fixes in 3 files would be applied by --fix/);
  });

  it('exits 0 and prints nothing when there is nothing to fix', () => {
    const dir = project(JSON.stringify({ ...notebook(), cells: [{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['import numpy as np'] }] }, null, 1));
    const r = run(['check', '.', '--diff', '--no-cache'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  it('is refused with standard input and --write-baseline (exit 2)', () => {
    const dir = project('{}');
    assert.equal(run(['check', '-', '--fix'], dir, { input: '# %%\nx = 1\n' }).code, 2);
    assert.equal(run(['check', '.', '--diff', '--write-baseline', 'b.json'], dir).code, 2);
    assert.equal(run(['readiness', '.', '--fix'], dir).code, 2);
  });
});

describe('check --fix', () => {
  it('clears the outputs that show a secret, reads the secret from the environment, declares the dependency', () => {
    const dir = project(JSON.stringify(notebook(), null, 1) + '\n');
    assert.deepEqual(codesIn(dir), ['NB203', 'NB204', 'NB402']);
    const r = run(['check', '.', '--fix', '--no-cache', '--fail-on', 'never'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^nb2prod: fixed 3:$/m);
    assert.deepEqual(codesIn(dir), [], 'the fixed findings are gone');

    const text = fs.readFileSync(path.join(dir, 'analysis.ipynb'), 'utf8');
    const fixed = JSON.parse(text) as { cells: { source: string[]; outputs?: unknown[]; execution_count?: number }[] };
    assert.deepEqual(fixed.cells[1].source, ['api_key = os.environ["OPENAI_API_KEY"]\n', 'session = requests.Session()\n', "session.headers['Authorization'] = api_key"]);
    assert.deepEqual(fixed.cells[2].outputs, []);
    assert.equal(fixed.cells[2].execution_count, 3, 'the cell did run: its count stays, as in JupyterLab');
    assert.ok(!text.includes(KEY) && !text.includes(PRINTED_KEY));
    // Everything else is as it was, byte for byte (Jupyter's style: indent 1, raw UTF-8).
    const expected = notebook() as { cells: Record<string, unknown>[] };
    expected.cells[1].source = fixed.cells[1].source;
    expected.cells[2].outputs = [];
    assert.equal(text, JSON.stringify(expected, null, 1) + '\n');
    assert.equal(fs.readFileSync(path.join(dir, '.env.example'), 'utf8'), 'OPENAI_API_KEY=\n');
    assert.equal(fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8'), 'numpy==1.26.4\nrequests\n');
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp')), [], 'no temporary file left');

    // Run again: nothing left to fix, nothing changes.
    const again = run(['check', '.', '--diff', '--no-cache'], dir);
    assert.equal(again.code, 0, again.stdout);
  });

  it('keeps a minified notebook minified and \\u escapes escaped: only the fixed values change', () => {
    const nb = notebook();
    const ascii = JSON.stringify(nb).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const dir = project(ascii);
    const r = run(['check', '.', '--fix', '--no-cache', '--select', 'NB204'], dir);
    assert.equal(r.code, 0, r.stderr);
    const text = fs.readFileSync(path.join(dir, 'analysis.ipynb'), 'utf8');
    assert.ok(!text.includes('\n'), 'still one line');
    assert.match(text, /R\\u00e9sum\\u00e9 \\u2014 unchanged/);
    assert.equal(text, ascii.replace(/"outputs":\[\{"output_type":"stream"[^\]]*\]\}\]/, '"outputs":[]'));
  });

  it('fixes a percent-format script in place', () => {
    const dir = writeProject({ 'pyproject.toml': '[project]\nname = "demo"\n', 'job.py': `# %%\nimport os\n\n# %%\ntoken = "${KEY}"\nprint(len(token))\n` }, 'nb2prod-fix-');
    const r = run(['check', 'job.py', '--fix', '--no-cache', '--select', 'NB203'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'job.py'), 'utf8'), '# %%\nimport os\n\n# %%\ntoken = os.environ["OPENAI_API_KEY"]\nprint(len(token))\n');
  });
});

describe('check --watch', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('checks again when a notebook changes, until stopped', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-watch-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "demo"\n');
    const clean = { ...notebook(), cells: [{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['x = 1'] }] };
    fs.writeFileSync(path.join(dir, 'analysis.ipynb'), JSON.stringify(clean, null, 1));
    const child = spawn(process.execPath, [CLI, 'check', '.', '--watch', '--no-cache', '--select', 'NB102'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    // Resolves when the output so far matches: the test waits for the CLI's own events.
    const waitFor = (stream: 'stdout' | 'stderr', re: RegExp) => new Promise<void>((resolve, reject) => {
      const check = () => {
        if (re.test(stream === 'stdout' ? stdout : stderr)) resolve();
      };
      child[stream].on('data', check);
      child.on('exit', (code) => reject(new Error(`exited with ${code} before ${re}: ${stdout}${stderr}`)));
      check();
    });
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await waitFor('stderr', /watching \. for changes/);
      assert.match(stdout, /nb2prod: checking\nNo findings in 1 file\./);
      const broken = { ...clean, cells: [{ ...clean.cells[0], source: ['print(never_defined)'] }] };
      fs.writeFileSync(path.join(dir, 'analysis.ipynb'), JSON.stringify(broken, null, 1));
      await waitFor('stdout', /analysis\.ipynb changed, checking again\n[^]*NB102 `never_defined`/);
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      assert.equal(await exited, 0, 'Ctrl+C ends it cleanly');
    }
  });

  it('a missing path is still exit 2, before watching', () => {
    const dir = project('{}');
    const r = spawnSync(process.execPath, [CLI, 'check', 'nope', '--watch'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 2);
  });
});
