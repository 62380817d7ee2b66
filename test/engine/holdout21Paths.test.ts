// NB201 false positives of the holdout21 labels: Databricks notebooks copy their DICOM files to
// `/local_disk0/tmp/`, the local disk every Databricks cluster node has (its scratch space, as `/tmp/` is on any
// machine). A path of another top folder passed to file I/O is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB201: a Databricks node\'s local disk is the same on every node (holdout21)', () => {
  it('is silent on /local_disk0/ paths', async () => {
    assert.deepEqual(await findingsOf('NB201', ['import shutil\npaths = dbutils.fs.ls("/Volumes/main/pixels/dicom")\nfor i, path in enumerate(paths):\n    shutil.copy(path, f"/local_disk0/tmp/{i}.dcm")']), []);
  });

  it('still reports another absolute folder passed to file I/O', async () => {
    assert.equal((await findingsOf('NB201', ['import shutil\npaths = dbutils.fs.ls("/Volumes/main/pixels/dicom")\nfor i, path in enumerate(paths):\n    shutil.copy(path, f"/local_data/tmp/{i}.dcm")'])).length, 1);
  });
});
