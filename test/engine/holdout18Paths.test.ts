// NB201 false positives found labelling holdout18: a home-relative folder the same cell makes in whatever home runs
// it, by `os.makedirs` on the expanded path (NLTK's data folder) or by a shell `git clone` into it (a workshop's set-up).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB201: a home-relative folder the cell makes itself (holdout18)', () => {
  it('is not reported when the cell makes it', async () => {
    assert.deepEqual(await findingsOf('NB201', ['import os\nimport nltk\nDATA_DIR = os.path.expanduser("~/nltk_data")\nos.makedirs(DATA_DIR, exist_ok=True)\nnltk.download("punkt", download_dir=DATA_DIR)']), []);
    assert.deepEqual(await findingsOf('NB201', ['clone_folder = "~/spectrum"\n!git clone https://github.com/example/spectrum.git {clone_folder}\nprint("cloned")']), []);
    assert.deepEqual(await findingsOf('NB201', ['work = "~/lab/run1"\n!mkdir -p $work\nprint(work)']), []);
  });

  it('is reported when nothing in the cell makes it, or the shell only reads it', async () => {
    assert.deepEqual(await findingsOf('NB201', ['import os\nDATA_DIR = os.path.expanduser("~/nltk_data")\nprint(os.listdir(DATA_DIR))']), ['1:2:31 "~/nltk_data"']);
    assert.deepEqual(await findingsOf('NB201', ['clone_folder = "~/spectrum"\n!ls {clone_folder}']), ['1:1:16 "~/spectrum"']);
    assert.deepEqual(await findingsOf('NB201', ['clone_folder = "~/spectrum"\n!git clone https://github.com/example/spectrum.git {other}\nprint(clone_folder)']), ['1:1:16 "~/spectrum"']);
  });
});
