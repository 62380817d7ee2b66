// Hostile and huge input: each file gets at most one clear NB001, nothing crashes
// or hangs, and the rest of the folder is still analysed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { analyze, code, REPO_ROOT } from '../helpers/engine';
import { LspTestClient } from '../harness/lspClient';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function nbJson(cells: unknown[]): string {
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
}

describe('hostile input in one folder', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-hostile-'));
    const w = (name: string, content: string | Buffer) => fs.writeFileSync(path.join(dir, name), content);
    // 50 MB of base64 image outputs around a few lines of code.
    const image = Buffer.alloc(2_500_000, 7).toString('base64');
    w('huge_outputs.ipynb', nbJson(Array.from({ length: 15 }, (_, i) => ({
      cell_type: 'code', metadata: {}, execution_count: i + 1, source: `plot_${i} = render(${i})`,
      outputs: [{ output_type: 'display_data', metadata: {}, data: { 'image/png': image, 'text/plain': ['<Figure>'] } }],
    }))));
    w('ten_thousand_cells.ipynb', nbJson(Array.from({ length: 10_000 }, (_, i) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: `v${i} = ${i === 0 ? 'seed' : `v${i - 1}`} + ${i}` }))));
    w('one_megabyte_line.ipynb', nbJson([{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: `values = [${Array.from({ length: 200_000 }, (_, i) => i % 10).join(', ')}]\nprint(missing_name)` }]));
    w('deep_nesting.ipynb', nbJson([{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: `x = ${'('.repeat(20_000)}1${')'.repeat(20_000)}\ny = ${'['.repeat(5_000)}${']'.repeat(5_000)}\nprint(undefined_after_nesting)` }]));
    w('invalid_utf8.ipynb', Buffer.concat([Buffer.from('{"cells": ['), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(']}')]));
    w('deep_json.ipynb', '['.repeat(200_000) + ']'.repeat(200_000));
    w('not_json.ipynb', 'this is not a notebook\n');
    w('binary.py', Buffer.from([0x23, 0x20, 0x25, 0x25, 0x0a, 0x00, 0x01, 0x02, 0xff]));
    w('good.ipynb', nbJson([{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: 'print(still_analysed)' }]));
    // NB102 is opt in: the folder turns it on, so its findings show which notebooks were still analysed.
    w('pyproject.toml', '[tool.nb2prod]\nselect = ["NB", "NB102"]\n');
    fs.mkdirSync(path.join(dir, 'loop'));
    fs.symlinkSync(dir, path.join(dir, 'loop', 'back'));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling.ipynb'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the CLI survives all of it and still reports the good notebook', () => {
    const r = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string; message: string }[] }[] };
    const byName = (name: string) => report.files.find((f) => path.basename(f.path) === name);
    for (const name of ['invalid_utf8.ipynb', 'deep_json.ipynb', 'not_json.ipynb', 'binary.py']) {
      const codes = byName(name)!.diagnostics.map((d) => d.code);
      assert.deepEqual(codes, ['NB001'], name);
    }
    assert.ok(byName('good.ipynb')!.diagnostics.some((d) => d.code === 'NB102' && d.message.includes('still_analysed')));
    assert.ok(byName('one_megabyte_line.ipynb')!.diagnostics.some((d) => d.message.includes('missing_name')));
    assert.ok(byName('deep_nesting.ipynb')!.diagnostics.every((d) => d.code !== 'NB001'), 'deep nesting is code, not an unreadable file');
    assert.ok(byName('huge_outputs.ipynb')!.diagnostics.some((d) => d.message.includes('render')), 'outputs are skipped, the code is analysed');
    assert.equal(byName('ten_thousand_cells.ipynb')!.diagnostics.filter((d) => d.code === 'NB101' || d.code === 'NB102').length, 1, 'only v0 reads a name nothing binds');
    assert.ok(!report.files.some((f) => f.path.includes('loop')), 'symlink loops are not followed');
  });

  it('the engine contains a stack overflow in one cell', async () => {
    const deep = `x = ${'-'.repeat(100_000)}1\nprint(never_defined)`;
    const findings = await analyze([deep, 'print(after)'], { select: ['NB', 'NB102'] });
    assert.ok(findings.some((f) => f.cell === 1 && f.message.includes('after')));
  });

  it('the server stays up, and under 300 MB, with the 50 MB notebook open', async () => {
    const client = await LspTestClient.start({ rootDir: dir });
    try {
      const file = path.join(dir, 'huge_outputs.ipynb');
      const cells = await client.openNotebook(pathToFileURL(file).toString(), Array.from({ length: 15 }, (_, i) => ({ text: `plot_${i} = render(${i})` })));
      assert.ok(client.codesOf(cells[0]).includes('NB102'));
      const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${(client as unknown as { child: { pid: number } }).child.pid}/status`, 'utf8'))?.[1]) / 1024;
      assert.ok(rss < 300, `server RSS ${rss.toFixed(0)} MB`);
      assert.ok(client.alive);
    } finally {
      await client.stop();
    }
  });
});

describe('a rule that throws', () => {
  it('loses only its own findings; the others still arrive', async () => {
    const { Engine } = await import('../../server/src/engine/analyze');
    const { defaultWasmDir } = await import('../../server/src/engine/parser');
    const failed: string[] = [];
    const engine = await Engine.create(defaultWasmDir(REPO_ROOT), { onRuleError: (rule) => failed.push(rule) });
    // A cell whose source can be read twice (summary, suppressions) and then throws: the rules that read it again fail.
    let reads = 0;
    const treacherous = { kind: 'code' as const, executionCount: null, get source(): string {
      if (++reads > 2) throw new Error('the source went away');
      return 'y = 2';
    } };
    const findings = engine.analyze({ cells: [code('%matplotlib inline\nprint(a)', 1), treacherous] }, mergeConfig());
    assert.ok(failed.length > 0, 'a rule failed and was reported');
    // The notebook-state rules read every cell's source again (how much the notebook ran) and fail here; NB107 reads the summary.
    assert.ok(findings.some((f) => f.code === 'NB107' && f.cell === 0), `the other rules still report (failed: ${failed.join(', ')})`);
  });
});

describe('files that vanish during a scan', () => {
  it('are skipped by the project scan and by the CLI walk', async () => {
    const { scanProject } = await import('../../server/src/engine/project/scan');
    const { collectFiles } = await import('../../server/src/cli/check');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-vanish-'));
    fs.writeFileSync(path.join(dir, 'real.ipynb'), '{}');
    // Between listing a folder and reading an entry, the entry is gone: list names that no longer exist.
    // (The CommonJS module object, which the bundled code reads through, not the frozen import.)
    const nodeFs = require('node:fs') as typeof fs;
    const original = nodeFs.readdirSync;
    const withGhosts = ((p: fs.PathLike, options?: unknown) => {
      const entries = original(p, options as never) as unknown[];
      if (String(p) !== dir) return entries;
      const ghostDir = Object.assign(Object.create(fs.Dirent.prototype), { name: 'gone_dir', isDirectory: () => true, isFile: () => false, isSymbolicLink: () => false });
      const ghostFile = Object.assign(Object.create(fs.Dirent.prototype), { name: 'gone.ipynb', isDirectory: () => false, isFile: () => true, isSymbolicLink: () => false });
      return (options as { withFileTypes?: boolean } | undefined)?.withFileTypes ? [...entries, ghostDir, ghostFile] : [...entries, 'gone_dir', 'gone.ipynb'];
    }) as typeof fs.readdirSync;
    nodeFs.readdirSync = withGhosts;
    try {
      const scan = scanProject(dir);
      assert.ok(scan.files.includes('real.ipynb'));
      assert.ok(scan.files.includes('gone.ipynb'), 'the ghost was listed (the scan saw the race) and the vanished folder did not stop it');
      const walked = collectFiles([dir], () => false).map((f) => path.basename(f));
      assert.ok(walked.includes('real.ipynb'));
      assert.ok(!walked.includes('gone_dir') && !walked.includes('gone.ipynb'), 'the CLI walk skips what it cannot stat');
    } finally {
      nodeFs.readdirSync = original;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
