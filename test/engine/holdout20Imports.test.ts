// NB108 false positives still shown after the holdout10-19 labels and in holdout20's labels (issue 12, r20): the import
// block continued at the start of the next cell is the top in all but name. An import further down that cell, or after
// an opening that imports nothing later cells use, is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, markdown, notebook } from '../helpers/engine';

describe('NB108: the import block continued in the first working cell (holdout20)', () => {
  it('a version-print cell, then a cell opening with more imports before its first function', async () => {
    const nb = notebook(
      markdown('# Forecasting daily sales'),
      'import tensorflow as tf\nprint(tf.__version__)',
      '# plotting helpers\nimport numpy as np\nimport matplotlib.pyplot as plt\n\ndef plot_series(t, y):\n    plt.plot(t, y)\n    plt.grid(True)',
      'series = np.sin(np.arange(100) / 5.0)\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(1)])\nplot_series(np.arange(100), series)',
      'import pandas as pd\nframe = pd.DataFrame({"y": series})',
    );
    assert.deepEqual(await findingsOf('NB108', nb), ['5:1:1 import pandas as pd']);
  });

  it('an import below the first statement of that cell is still reported', async () => {
    const nb = [
      'import os\nimport numpy as np\nnp.set_printoptions(precision=3)',
      'from sklearn.datasets import load_iris\nX, y = load_iris(return_X_y=True)\nfrom sklearn.svm import SVC\nprint(np.mean(X), os.getcwd())',
    ];
    assert.deepEqual(await findingsOf('NB108', nb), ['2:3:1 from sklearn.svm import SVC']);
  });

  it('after an opening that only patches the runtime for itself, the next cell\'s imports are reported', async () => {
    const nb = notebook(
      'import warnings\nwarnings.filterwarnings("ignore")',
      '!pip install requests',
      'import nest_asyncio\n\nnest_asyncio.apply()',
      markdown('## Start the server'),
      'import os\nfrom threading import Thread\nimport uvicorn\n\ndef serve():\n    uvicorn.run("app:api", port=8000)\n\nThread(target=serve).start()',
      'import requests\nprint(requests.get("http://127.0.0.1:8000/health").json(), os.getpid())',
    );
    assert.deepEqual(await findingsOf('NB108', nb), ['5:1:1 import os', '5:2:1 from threading import Thread', '5:3:1 import uvicorn', '6:1:1 import requests']);
  });
});

describe('NB108: an import in a branch chosen by whether a package is installed (holdout20)', () => {
  const top = 'import itertools\nimport pandas as pd\nfrom importlib.util import find_spec\n\ndef module_exists(name):\n    return find_spec(name) is not None';
  it('the optional backend and its fallback are not reported', async () => {
    const parallel = 'if module_exists("ray"):\n    import ray\n    import logging\n    ray.init(logging_level=logging.ERROR)\n    results = ray.get([fit.remote(s) for s in stores])';
    const fallback = 'if not module_exists("ray"):\n    from datetime import datetime\n    print(datetime.now())\nelse:\n    pass';
    const spec = 'if find_spec("polars") is not None:\n    import polars as pl\n    frame = pl.DataFrame(table)\nelse:\n    import pyarrow as pa\n    frame = pa.table(table)';
    assert.deepEqual(await findingsOf('NB108', [top, 'stores = list(range(10))\ntable = {"a": [1, 2]}', parallel, fallback, spec]), []);
  });

  it('an import under another test, or after the branch, is still reported', async () => {
    const gpu = 'if USE_GPU:\n    import cupy as xp\nelse:\n    import numpy as xp\nimport scipy\nprint(xp.zeros(3), scipy.__version__)';
    assert.deepEqual(await findingsOf('NB108', [top, 'USE_GPU = len(pd.__version__) > 99\nstores = list(itertools.islice(itertools.count(), 10))', gpu]), ['3:2:5 import cupy as xp', '3:4:5 import numpy as xp', '3:5:1 import scipy']);
  });
});

describe('NB108: Colab set-up in the opening (holdout20)', () => {
  it('a %tensorflow_version check cell, then the import block: the opening', async () => {
    const colab = 'try:\n    %tensorflow_version 2.x\n    IS_COLAB = True\nexcept Exception:\n    IS_COLAB = False\n\nimport tensorflow as tf\nfrom tensorflow import keras\nassert tf.__version__ >= "2.0"\nif not tf.config.list_physical_devices("GPU"):\n    print("No GPU was detected.")';
    const imports = '# Standard libraries\nimport os\nimport numpy as np\nimport matplotlib.pyplot as plt\nimport pandas as pd\npd.set_option("display.max_rows", 20)';
    const work = '(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()\nprint(np.shape(x_train), os.getcwd())\nplt.imshow(x_train[0])';
    assert.deepEqual(await findingsOf('NB108', [colab, imports, work, 'import seaborn as sns']), ['4:1:1 import seaborn as sns']);
  });

  it('a key read from Colab secrets and a Hub login: the opening, its next cell\'s leading imports continue it', async () => {
    const login = 'import os\nimport json\nimport random\nfrom google.colab import userdata\n\nos.environ["OPENAI_API_KEY"] = userdata.get("OPENAI_API_KEY")\nfrom huggingface_hub import login\nlogin(token=userdata.get("HF_TOKEN"))';
    const work = 'from openai import OpenAI\nimport time\n\nclient = OpenAI()\n\ndef label(case):\n    time.sleep(1)\n    return json.loads(client.responses.create(model=MODEL, input=case).output_text)';
    const later = 'random.shuffle(cases)\nfrom datasets import Dataset\nrows = Dataset.from_list([label(c) for c in cases])';
    assert.deepEqual(await findingsOf('NB108', [login, 'MODEL = "gpt-4.1-mini"\ncases = ["chest pain", "minor cut"]', work, later]), ['4:2:1 from datasets import Dataset']);
  });

  it('a cell that runs a model after the login is still work: imports after it are reported', async () => {
    const login = 'import os\nfrom google.colab import userdata\nos.environ["HF_TOKEN"] = userdata.get("HF_TOKEN")\nimport torch\nprint(torch.cuda.is_available())';
    const work = 'from transformers import pipeline\nclassify = pipeline("sentiment-analysis")\nprint(classify("fine"), os.getcwd(), torch.__version__)';
    assert.deepEqual(await findingsOf('NB108', [login, work, 'import pandas as pd\nframe = pd.DataFrame([classify("ok")])']), ['3:1:1 import pandas as pd']);
  });
});
