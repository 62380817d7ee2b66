// False NB201 findings found by labelling holdout8A: a course template's path with the
// student's name still to fill in, and Kaggle's starter listing with its depth limit.
// Fixture code is written for these tests; the real finding next to each pattern stays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placesOf } from '../helpers/engine';

describe('NB201 a path with a placeholder the reader replaces', () => {
  it('is silent for a placeholder part anywhere in the path (`homework_yourname_week3.ipynb`, `<dataset>`, `your_project`)', async () => {
    assert.deepEqual(await placesOf('NB201', [
      '# Name the file you submit (change it for your setup)\nsubmission = "/content/drive/My Drive/Colab Notebooks/homework_yourname_week3.ipynb"',
      'import pandas as pd\nscores = pd.read_csv("/kaggle/input/<dataset>/scores.csv")',
      'out_dir = "/Users/sam/your_project/outputs"\nnotes = open("C:\\\\Users\\\\sam\\\\work\\\\user_name.txt")',
    ]), []);
  });

  it('still reports a path whose parts only contain such words (`yourself`, `usernames`) or name the author', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'submission = "/content/drive/My Drive/Colab Notebooks/homework_maria_week3.ipynb"',
      'import pandas as pd\nusers = pd.read_csv("/home/maria/data/usernames.csv")',
      'guide = open("/Users/maria/docs/yourself.txt")',
    ]), [
      '1:1:14 "/content/drive/My Drive/Colab Notebooks/homework_maria_week3.ipynb"',
      '2:2:21 "/home/maria/data/usernames.csv"',
      '3:1:14 "/Users/maria/docs/yourself.txt"',
    ]);
  });
});

describe('NB201 Kaggle\'s starter listing with a depth limit', () => {
  it('is silent for an os.walk loop that counts its depth, prints and prunes (`dirs.clear()`), and for the text it counts', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import os\nfor root, dirs, files in os.walk("/kaggle/input"):\n    level = root.count(os.sep) - "/kaggle/input".count(os.sep)\n    if level <= 2:\n        print(root, files[:3])\n    elif level == 3:\n        print("...")\n    if level >= 2: dirs.clear()',
    ]), []);
  });

  it('still reports a walk whose body keeps paths, or calls something besides counting', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import os\nfound = []\nfor root, dirs, files in os.walk("/kaggle/input/leaf-images"):\n    level = root.count(os.sep)\n    if level <= 2:\n        found.append(root)',
      'for root, dirs, files in os.walk("/kaggle/input/fungi"):\n    size = os.path.getsize(root)\n    print(root, size)',
      'base = "/kaggle/input/birds".format()',
      'model_dir = None\nfor root, dirs, files in os.walk("/kaggle/input/llm"):\n    if "config.json" in files:\n        model_dir = root\n        break',
    ]), [
      '1:3:34 "/kaggle/input/leaf-images"',
      '2:1:34 "/kaggle/input/fungi"',
      '3:1:8 "/kaggle/input/birds"',
      '4:2:34 "/kaggle/input/llm"',
    ]);
  });
});

describe('NB201 a home folder the notebook clones into', () => {
  it('is silent for `DIR = os.path.expanduser("~/x")` cloned into with git in the same cell, and reports one only read', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import os, subprocess\nTOOLS_DIR = os.path.expanduser("~/toolkit")\nif not os.path.exists(TOOLS_DIR):\n    subprocess.run(\n        ["git", "clone", "https://example.com/acme/toolkit.git", TOOLS_DIR],\n        check=True,\n    )',
      'import os\nDATA_DIR = os.path.expanduser("~/corpora")\nfiles = os.listdir(DATA_DIR)',
      'import os, subprocess\nOTHER_DIR = os.path.expanduser("~/mirror")\nsubprocess.run(["git", "clone", "https://example.com/acme/toolkit.git", TOOLS_DIR])',
      'import os, subprocess\nWRAPPED = str(os.path.expanduser("~/wrapped"))\nsubprocess.run(["git", "clone", "https://example.com/acme/w.git", WRAPPED])',
    ]), [
      '2:2:31 "~/corpora"',
      '3:2:32 "~/mirror"',
      '4:2:34 "~/wrapped"',
    ]);
  });
});
