// NB109 false positive found labelling holdout17: after `%store -r`, the name a notebook reads came from
// `from helper_library import *` (a package of the project beside it), not from the store. The finding names a name
// the store really restores instead.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { code, getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

describe('NB109: a name the project\'s own star-imported package defines is not blamed on `%store`', () => {
  const files = {
    'requirements.txt': 'sagemaker\n',
    'mlops/helpers/__init__.py': 'from .roles import *\n',
    'mlops/helpers/roles.py': 'import boto3\n\ndef create_lambda_role(name):\n    return boto3.client("iam").create_role(RoleName=name)\n',
  };
  async function named(source: string[]): Promise<string[]> {
    const engine = await getEngine();
    const model = buildProjectModel(writeProject(files), (s) => engine.summarize(s));
    const found = engine.analyze({ cells: source.map((s) => code(s)), path: 'mlops/pipeline.ipynb' }, mergeConfig({ select: ['NB109'] }), model);
    return found.map((f) => /`(\w+)` \(cell/.exec(f.message)?.[1] ?? f.message);
  }

  it('names the stored value, not the helper the package defines', async () => {
    const cells = ['%store -r', 'from helpers import *\nimport sagemaker', 'role = create_lambda_role("pipeline")', 'data = sagemaker.s3.S3Downloader.list(raw_s3)'];
    assert.deepEqual(await named(cells), ['raw_s3']);
  });

  it('a star import of a library (not a project file) changes nothing', async () => {
    const cells = ['%store -r', 'from pylab_tools import *', 'role = create_lambda_role("pipeline")'];
    assert.deepEqual(await named(cells), ['create_lambda_role']);
  });
});
