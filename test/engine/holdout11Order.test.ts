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
    assert.deepEqual(await findingsOf('NB108', [env, check, probe, key, installer, dotenv, imports, 'import json']), ['8:1:1 import json']);
  });

  it('a cell that only prints a file', async () => {
    assert.deepEqual(await findingsOf('NB108', ['with open("prompt.txt") as fh:\n    print(fh.read())', imports, 'import json']), ['3:1:1 import json']);
  });

  it('code before the import block is still the top: a cell that reads a library name, defines a function, or only imports', async () => {
    assert.deepEqual(await findingsOf('NB108', ['ROOT = os.getcwd()', imports]), ['2:1:1 import numpy as np', '2:2:1 from sklearn.linear_model import Ridge']);
    assert.deepEqual(await findingsOf('NB108', ['def double(x):\n    return 2 * x', imports]), ['2:1:1 import numpy as np', '2:2:1 from sklearn.linear_model import Ridge']);
    assert.deepEqual(await findingsOf('NB108', ['import os', imports]), ['2:1:1 import numpy as np', '2:2:1 from sklearn.linear_model import Ridge']);
  });
});
