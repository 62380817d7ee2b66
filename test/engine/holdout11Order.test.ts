// False positives of NB108 and NB101 found labelling holdout11 (issue 12).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB108: set-up cells before the import block are not the top (holdout11)', () => {
  const imports = 'import numpy as np\nfrom sklearn.linear_model import Ridge';

  it('a cell of constants, then the import block', async () => {
    assert.deepEqual(await findingsOf('NB108', ['# edit these\nPROJECT = "my-project"\nREGION = "europe-west1"\nEPOCHS = 3', imports, 'model = Ridge()', 'import json']), ['4:1:1 import json']);
  });

  it('an environment cell (os.environ, getpass, load_dotenv, a tutorial package installer) and an install check', async () => {
    const env = 'import os\nos.environ["TOOLKIT_LOG_LEVEL"] = "ERROR"';
    const key = 'import getpass\nimport os\nif not os.environ.get("API_KEY"):\n    os.environ["API_KEY"] = getpass.getpass("Key: ")';
    const dotenv = 'from dotenv import load_dotenv\n\nload_dotenv(override=True)';
    const installer = 'from langchain_opentutorial import package\n\npackage.install(["langchain", "langchain_openai"], verbose=False)';
    const check = 'def show():\n    from toolkit import versions\n    versions()\n\ntry:\n    show()\nexcept ModuleNotFoundError:\n    !pip install toolkit\n    show()';
    const probe = 'needed = ["toolkit", "pandas"]\nif "google.colab" in str(get_ipython()):\n    %pip install toolkit\nelse:\n    for name in needed:\n        __import__(name)';
    assert.deepEqual(await findingsOf('NB108', [env, check, probe, key, installer, dotenv, imports, 'model = Ridge()', 'import json']), ['9:1:1 import json']);
  });

  it('a cell that only prints a file', async () => {
    assert.deepEqual(await findingsOf('NB108', ['with open("prompt.txt") as fh:\n    print(fh.read())', imports, 'model = Ridge()', 'import json']), ['4:1:1 import json']);
  });

  it('code before the import block is still the top: a cell that reads a library name, defines a function, or only imports', async () => {
    // (The cell after it fits a model: imports in a cell that only imports would be part of the opening.)
    const fit = `${imports}\nmodel = Ridge().fit(np.eye(2), [0, 1])`;
    assert.deepEqual(await findingsOf('NB108', ['ROOT = os.getcwd()', fit]), ['2:1:1 import numpy as np', '2:2:1 from sklearn.linear_model import Ridge']);
    assert.deepEqual(await findingsOf('NB108', ['def double(x):\n    return 2 * x', fit]), ['2:1:1 import numpy as np', '2:2:1 from sklearn.linear_model import Ridge']);
    assert.deepEqual(await findingsOf('NB108', ['import os', fit]), ['2:1:1 import numpy as np', '2:2:1 from sklearn.linear_model import Ridge']);
  });
});

describe('NB101: code not meant to run as it stands (holdout11)', () => {
  it('a cell marked DO NOT RUN is shown for reference, not an ordering bug', async () => {
    const reference = '# ===== DO NOT RUN THIS CELL =====\nbuilder = Builder(rows).with_model("PROJECT", postprocess=postprocess)';
    const real = 'def postprocess(p):\n    return [1 - p, p]\n\nbuilder = Builder(rows).with_model("demo", postprocess=postprocess)';
    assert.deepEqual(await findingsOf('NB101', ['rows = load_rows()', reference, real]), []);
    // Without the mark it is reported, and so is a cell that ran once (`do not run this cell again`).
    assert.deepEqual(await findingsOf('NB101', ['rows = load_rows()', reference.replace('DO NOT RUN THIS CELL', 'Do not run this cell again'), real]), ['2:2:59 postprocess']);
    assert.deepEqual(await findingsOf('NB101', ['rows = load_rows()', reference.replace('DO NOT RUN THIS CELL', 'Build the widget'), real]), ['2:2:59 postprocess']);
  });

  it('a lab blank: the exercise cell above reads the name the student is to make there', async () => {
    const blank = '# TODO 2\n# TODO -- Your code here.\nprint(len(train_df))';
    const nb = ['table = load()', blank, 'train_df.head()', 'train_df.describe()', 'train_df = preprocess(train_df)'];
    assert.deepEqual(await findingsOf('NB101', nb), []);
    // Without the exercise cell the reads are reported.
    assert.deepEqual(await findingsOf('NB101', ['table = load()', 'train_df.head()', 'train_df = preprocess(table)']), ['2:1:1 train_df']);
  });

  it('a template stub (only a docstring) that returns the very global its call binds (`client = get_client()`)', async () => {
    const stub = 'def get_client():\n    """Create and return the store client."""\n    return client';
    assert.deepEqual(await findingsOf('NB101', [stub, 'client = get_client()']), []);
    // A function reading a global that a later cell binds is still reported, and so is a body without the docstring.
    assert.deepEqual(await findingsOf('NB101', [stub, 'store = get_client()', 'client = connect()']), ['2:1:9 get_client']);
    assert.deepEqual(await findingsOf('NB101', ['def get_client():\n    return client', 'client = get_client()']), ['2:1:10 get_client']);
  });
});
