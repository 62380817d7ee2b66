// NB401 false positive found labelling holdout18 (clearml's examples): an example folder inside a library's own
// repository asks for the library (`clearml>=1.14.4`): the repository's own package, not a third party's to pin.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import { getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

describe('NB401: the repository\'s own package in an example folder (holdout18)', () => {
  const lines = async (setup: string, pkg = 'clearml') => {
    const engine = await getEngine();
    const repo = writeProject({
      'setup.py': setup,
      [`${pkg}/__init__.py`]: '',
      'examples/ignite/requirements.txt': 'clearml>=1.14.4\npytorch-ignite>=0.4.2\n',
      'examples/ignite/train.ipynb': '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
    });
    const model = buildProjectModel(path.join(repo, 'examples/ignite'), (s) => engine.summarize(s));
    return analyzeProjectFiles(model, mergeConfig({ select: ['NB401'] })).flatMap((f) => f.findings.map((x) => `${x.range.start.line + 1} ${x.message.split(':')[0]}`));
  };

  it('does not ask to pin the package the repository builds', async () => {
    assert.deepEqual(await lines('from setuptools import setup\nsetup(name="clearml", packages=["clearml"])'), ['2 `pytorch-ignite>=0.4.2` is not pinned to one version and no lock file pins it']);
  });

  it('still reports it when the repository builds another package', async () => {
    assert.equal((await lines('from setuptools import setup\nsetup(name="trainkit", packages=["trainkit"])', 'trainkit')).length, 2);
  });
});
