// The .vsix as `npm run package` builds it: the icon, the repository, the user-facing
// README for the extension page with images rewritten to repository URLs (so they
// resolve on the Marketplace), and the CHANGELOG.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/engine';

describe('the .vsix', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-vsix-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

  it('carries a 128×128 PNG icon made in the repository', () => {
    const png = fs.readFileSync(path.join(REPO_ROOT, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('has the extension page README with images that resolve, and the CHANGELOG', () => {
    // The same vsce options as `npm run package`, without rebuilding dist/ (the test run built it).
    const options = pkg.scripts.package.replace(/^.*vsce package/, '').trim().split(/\s+/);
    const vsix = path.join(dir, 'nb2prod.vsix');
    const r = spawnSync('npx', ['--no-install', 'vsce', 'package', ...options, '-o', vsix], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const list = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).stdout.split('\n');
    for (const f of ['extension/media/icon.png', 'extension/readme.md', 'extension/changelog.md', 'extension/dist/server.js']) assert.ok(list.includes(f), f);
    const readme = spawnSync('unzip', ['-p', vsix, 'extension/readme.md'], { encoding: 'utf8' }).stdout;
    assert.equal(readme.split('\n')[0], '# nb2prod: Notebook to Production');
    assert.doesNotMatch(readme, /npm test|Quick start/, 'the page is for users, not developers');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 3);
    for (const src of images) {
      assert.ok(src.startsWith(`${pkg.repository.url}/raw/HEAD/`), src);
      assert.ok(fs.existsSync(path.join(REPO_ROOT, src.slice(`${pkg.repository.url}/raw/HEAD/`.length))), `${src} is in the repository`);
    }
  });
});
