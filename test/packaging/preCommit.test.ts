// The pre-commit hook of this repository (.pre-commit-hooks.yaml) through
// `pre-commit try-repo`, as a user adopting it would run it: on a temporary git
// repository with a notebook, it fails on a finding and passes once it is fixed.
// pre-commit comes from the oracle Python (.ci/setup-python.sh installs it); the
// test is skipped, saying so, only when that Python cannot import pre_commit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { notebookJson } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/engine';
import { oraclePython } from '../helpers/python';

const python = oraclePython();
const importable = spawnSync(python, ['-c', 'import pre_commit'], { encoding: 'utf8' }).status === 0;
const skip = importable ? false : `pre-commit cannot be imported by ${python}: run \`bash .ci/setup-python.sh\` to install it`;

// What the hook itself printed (its build's errors, the check's report), before
// pre-commit's banner and config: a CI summary that keeps only the first lines of a
// failure message then shows why the hook failed, not the config it ran.
function hookOutput(r: { stdout: string; stderr: string }): string {
  const start = r.stdout.indexOf('- hook id:');
  return `hook output:\n${start >= 0 ? r.stdout.slice(start) : r.stdout}\nstderr:\n${r.stderr}`;
}

describe('pre-commit hook', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-precommit-'));
  after(() => fs.rmSync(home, { recursive: true, force: true }));

  it('fails on a notebook with a finding and passes after the fix', { skip }, () => {
    const repo = path.join(home, 'repo');
    fs.mkdirSync(repo);
    const git = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd: repo, encoding: 'utf8' }).status, 0, `git ${args.join(' ')}`);
    git('init', '-q');
    git('config', 'user.email', 'test@example.org');
    git('config', 'user.name', 'test');
    fs.writeFileSync(path.join(repo, 'analysis.ipynb'), notebookJson([{ source: 'print(rate)' }, { source: 'rate = 0.1' }]));
    fs.writeFileSync(path.join(repo, 'helpers.py'), 'def double(x):\n    return 2 * x\n');
    git('add', '.');
    const tryRepo = () => spawnSync(python, ['-m', 'pre_commit', 'try-repo', REPO_ROOT, 'nb2prod', '--all-files'], {
      cwd: repo,
      encoding: 'utf8',
      // The hook builds the CLI once in pre-commit's clone (npm ci): from npm's cache when it has the packages.
      env: { ...process.env, PRE_COMMIT_HOME: path.join(home, 'cache'), npm_config_prefer_offline: 'true', NO_COLOR: '1' },
    });
    const failing = tryRepo();
    assert.equal(failing.status, 1, hookOutput(failing));
    assert.match(failing.stdout, /nb2prod\.+Failed/, hookOutput(failing));
    assert.match(failing.stdout, /cell 1:1:7 {2}error {2}NB101 `rate` is used before it is defined/, hookOutput(failing));

    fs.writeFileSync(path.join(repo, 'analysis.ipynb'), notebookJson([{ source: 'rate = 0.1' }, { source: 'print(rate)' }]));
    git('add', '.');
    const passing = tryRepo();
    assert.equal(passing.status, 0, hookOutput(passing));
    assert.match(passing.stdout, /nb2prod\.+Passed/, hookOutput(passing));
  });
});
