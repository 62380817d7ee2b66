// NB108 false positives found labelling holdout17 (issue 12): the import cell comes right after set-up cells only, or
// the import block is split over cells with markdown or set-up between: the top in all but name. An import after a
// cell that does work (loads data, opens a session, runs a command) is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, markdown, notebook } from '../helpers/engine';

describe('NB108: the opening of set-up and import cells (holdout17)', () => {
  it('import cells split by markdown at the top are one import block', async () => {
    const nb = notebook(
      markdown('# Imputing missing well logs'),
      'import welltools.plots as wplot   # plotting helpers\nimport welltools.stats as wstats',
      markdown('We also need the usual packages.'),
      '%matplotlib inline\nimport numpy as np\nimport pandas as pd\nfrom sklearn.impute import KNNImputer\nseed = 1234\nnp.random.seed(seed=seed)',
      markdown('Widgets for the interactive plots.'),
      'from ipywidgets import *',
      'import tensorflow as tf\ntf.__version__',
      markdown('## Load the data'),
      'df = pd.read_csv("wells.csv")',
      'from sklearn.model_selection import train_test_split',
    );
    assert.deepEqual(await findingsOf('NB108', nb), ['10:1:1 from sklearn.model_selection import train_test_split']);
  });

  it('after an install cell and a version print, the import block is not reported', async () => {
    const nb = [
      '%pip install --upgrade boostlib\n%pip install shap',
      'import boostlib\nprint(boostlib.__version__)\n!python --version',
      'import os\nimport numpy as np\nimport pandas as pd\nnp.set_printoptions(precision=4)\nfrom boostlib import Pool',
      'train = pd.read_csv(os.path.join("data", "train.csv"))\npool = Pool(train)',
      'from boostlib.utils import get_roc_curve',
    ];
    assert.deepEqual(await findingsOf('NB108', nb), ['5:1:1 from boostlib.utils import get_roc_curve']);
  });

  it('after a clone and install, a key prompt and an asyncio patch', async () => {
    const setup = '# @title Setup\n!git clone https://github.com/example/course.git\n%cd course/rag\n!pip install -qqq -r requirements.txt\n\nimport nltk\n\nnltk.download("wordnet")';
    const key = 'import getpass\nimport os\n\nos.environ["RERANK_API_KEY"] = getpass.getpass("Your RERANK_API_KEY: ")';
    const imports = 'import asyncio\n\nimport nest_asyncio\n\nnest_asyncio.apply()\n\nimport tracer\nfrom scripts.utils import show_source';
    assert.deepEqual(await findingsOf('NB108', [setup, key, imports, 'tracer.init(project="rag-course")', 'import json']), ['5:1:1 import json']);
  });

  it('after an environment print and a wheel installed through subprocess', async () => {
    const env = 'import os, platform, sys\nprint("Python :", sys.version)\nprint("OS     :", platform.system(), platform.release())\nprint("CWD    :", os.getcwd())';
    const wheels = 'import subprocess, sys\nfrom pathlib import Path\n\nWHEELS = Path("/kaggle/input/audio-wheels")\nif WHEELS.exists():\n    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", str(WHEELS / "soundlib-2.1-py3-none-any.whl")], check=True)\nelse:\n    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "soundlib==2.1"], check=True)';
    const imports = 'import warnings\nimport numpy as np\nimport soundlib\n\nwarnings.filterwarnings("ignore")\nos.environ["CUDA_VISIBLE_DEVICES"] = ""\nprint("soundlib", soundlib.__version__)';
    assert.deepEqual(await findingsOf('NB108', [env, wheels, imports]), []);
  });

  it('after a cell that reinstalls torch through pip in a helper function', async () => {
    const reinstall = '# Older GPUs need the cu121 build.\nimport subprocess, sys\ndef _ensure_compatible_torch():\n    out = subprocess.run(["nvidia-smi", "--query-gpu=compute_cap", "--format=csv,noheader"], capture_output=True, text=True)\n    if out.stdout.strip() < "7.0":\n        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "torch", "--index-url", "https://download.pytorch.org/whl/cu121"], check=True)\n_ensure_compatible_torch()\ndel _ensure_compatible_torch';
    const imports = 'import numpy as np\nimport torch\nimport timm\n\nprint(f"torch {torch.__version__}")';
    assert.deepEqual(await findingsOf('NB108', [reinstall, imports]), []);
  });

  it('an import after a cell that does work is still reported', async () => {
    // The first working cell's own leading imports too: a server started after the warnings and asyncio cells
    // (holdout10 NeMo-Guardrails, labelled right).
    const server = 'import os\nfrom threading import Thread\nimport uvicorn\nfrom guardserver.api import app\n\ndef run_server():\n    uvicorn.run(app, host="127.0.0.1", port=8000)\n\nThread(target=run_server).start()';
    assert.deepEqual(await findingsOf('NB108', ['import warnings\nwarnings.filterwarnings("ignore")', '!pip install openai', 'import nest_asyncio\n\nnest_asyncio.apply()', server]), [
      '4:1:1 import os', '4:2:1 from threading import Thread', '4:3:1 import uvicorn', '4:4:1 from guardserver.api import app',
    ]);
    // A session opened, a database reset, a connection made with a token: work, not set-up.
    assert.deepEqual(await findingsOf('NB108', ['from tracekit import Session', 'session = Session()\nsession.reset_database()', 'from tracekit import Metric']), ['3:1:1 from tracekit import Metric']);
    assert.deepEqual(await findingsOf('NB108', ['import os\nimport vectordb', 'TOKEN = os.environ["DB_TOKEN"]\nvectordb.init(token=TOKEN)', 'import bs4']), ['3:1:1 import bs4']);
    // A shell command that trains is work too; a constants cell between import cells is not.
    assert.deepEqual(await findingsOf('NB108', ['import numpy as np', '!python train.py --epochs 3', 'import json']), ['3:1:1 import json']);
    assert.deepEqual(await findingsOf('NB108', ['import numpy as np', 'BATCH = 32\nLR = 1e-3', 'import json']), []);
  });
});
