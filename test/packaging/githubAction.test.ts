// The composite GitHub Action (action.yml): its check step, run as Actions runs it
// (bash, inputs as environment variables, the action's folder holding dist/), on a
// temporary repository: annotations, a SARIF file, and the exit code of fail-on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { notebookJson } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/engine';
import { writeProject } from '../helpers/project';
import { oraclePython } from '../helpers/python';

interface Step { name?: string; uses?: string; run?: string; env?: Record<string, string> }

function actionSteps(): { inputs: Record<string, { default: string }>; steps: Step[] } {
  // PyYAML comes with pre-commit in the oracle Python (.ci/setup-python.sh).
  const json = spawnSync(oraclePython(), ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path.join(REPO_ROOT, 'action.yml')], { encoding: 'utf8' });
  assert.equal(json.status, 0, json.stderr);
  const action = JSON.parse(json.stdout);
  assert.equal(action.runs.using, 'composite');
  return { inputs: action.inputs, steps: action.runs.steps };
}

function runCheckStep(cwd: string, inputs: Record<string, string>) {
  const { inputs: declared, steps } = actionSteps();
  const step = steps.find((s) => s.name === 'Check notebooks')!;
  const value = (name: string) => inputs[name] ?? declared[name].default;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.env ?? {})) {
    env[k] = v.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_m, name: string) => value(name)).replace('${{ github.action_path }}', REPO_ROOT);
  }
  return spawnSync('bash', ['-e', '-c', step.run!], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('GitHub Action', () => {
  const dir = writeProject({
    'notebooks/model.ipynb': notebookJson([{ source: 'print(rate)' }, { source: 'rate = 0.1\nprint(hidden)' }]),
    'scratch/other.ipynb': notebookJson([{ source: 'print(elsewhere)' }]),
  }, 'nb2prod-action-');

  it('annotates findings, writes SARIF and fails on errors', () => {
    const r = runCheckStep(dir, { paths: 'notebooks', sarif: 'nb2prod.sarif' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^::error file=notebooks\/model\.ipynb,line=\d+,endLine=\d+,title=NB101 use-before-define::cell 1, line 1: `rate`/m);
    assert.doesNotMatch(r.stdout, /elsewhere/, 'only the given paths are checked');
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'nb2prod.sarif'), 'utf8'));
    assert.ok(sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'NB101'));
  });

  it('passes with fail-on never and takes extra options', () => {
    const r = runCheckStep(dir, { paths: 'notebooks', 'fail-on': 'never', args: '--select NB102' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /NB102/);
    assert.doesNotMatch(r.stdout, /NB101/);
  });
});
