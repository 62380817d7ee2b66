// The CLI as an npm package: `npm pack` gives a tarball with the bundle and its
// WebAssembly files, which installs offline into an empty folder (no runtime
// dependencies: everything is bundled) and runs there with `npx nb2prod check`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { notebookJson } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/engine';

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
};

function npm(args: string[], cwd: string) {
  // --ignore-scripts: dist/ is already built (npm test builds it); a rebuild here would race other tests.
  const r = spawnSync('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `npm ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('npm package of the CLI', () => {
  it('packs the bundle, the WASM files and nothing the CLI does not need', () => {
    const [report] = JSON.parse(npm(['pack', '--dry-run', '--json'], REPO_ROOT));
    const files = report.files.map((f: { path: string }) => f.path).sort();
    assert.deepEqual(files, ['LICENSE', 'README.md', 'dist/cli.js', 'dist/tree-sitter-python.wasm', 'dist/web-tree-sitter.wasm', 'package.json']);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.dependencies ?? {}, {}, 'every runtime module is bundled: an install needs nothing else');
    assert.equal(pkg.bin.nb2prod, 'dist/cli.js');
  });

  it('installs offline into a fresh folder and runs with npx nb2prod check', () => {
    const packDir = tempDir('nb2prod-pack-');
    const tarball = npm(['pack', '--pack-destination', packDir], REPO_ROOT).trim().split('\n').pop()!;
    const project = tempDir('nb2prod-install-');
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'notebooks', version: '1.0.0', private: true }));
    npm(['install', '--offline', '-D', path.join(packDir, tarball)], project);
    assert.ok(fs.existsSync(path.join(project, 'node_modules', 'nb2prod', 'dist', 'cli.js')));
    assert.deepEqual(fs.readdirSync(path.join(project, 'node_modules')).filter((d) => !d.startsWith('.')), ['nb2prod'], 'no other package was installed');
    fs.writeFileSync(path.join(project, 'analysis.ipynb'), notebookJson([{ source: 'print(rate)' }, { source: 'rate = 0.1' }]));
    const r = spawnSync('npx', ['--offline', 'nb2prod', 'check', 'analysis.ipynb'], { cwd: project, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /cell 1:1:7 {2}error {2}NB101 `rate` is used before it is defined/);
    const version = spawnSync('npx', ['--offline', 'nb2prod', '--version'], { cwd: project, encoding: 'utf8' });
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });
});
