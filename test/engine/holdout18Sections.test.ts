// NB108 false positives found labelling holdout18 (issue 12): a section under its own heading that imports again and
// makes its data again (reloads the CSV, builds the frame from its file), so it depends on no cell above and no cell
// below reads what it made: a cookbook's separate example, whose imports belong to it. Scattered imports of one
// analysis (a section that reads what the cells above computed, or whose results the next section uses) stay reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, markdown, notebook } from '../helpers/engine';

const top = 'import numpy as np\nimport pandas as pd\nimport tiktoken';
const tokens = 'reviews = pd.read_csv("reviews.csv")\nenc = tiktoken.get_encoding("cl100k_base")\nreviews["n_tokens"] = reviews.text.map(lambda t: len(enc.encode(t)))';

describe('NB108: a section that starts over (holdout18)', () => {
  it('a heading, then a cell that imports again and reloads the data the cells above loaded', async () => {
    const nb = notebook(
      top,
      tokens,
      markdown('#### Data visualization in 2D'),
      'import pandas as pd\nimport numpy as np\nfrom sklearn.manifold import TSNE\nimport matplotlib.pyplot as plt',
      'reviews = pd.read_csv("reviews_with_embeddings.csv")',
      'points = TSNE(n_components=2, random_state=7).fit_transform(np.vstack(reviews.embedding.map(eval)))\nplt.scatter(points[:, 0], points[:, 1])',
      markdown('#### Regression on the embeddings'),
      'import pandas as pd\nfrom sklearn.ensemble import RandomForestRegressor',
      'reviews = pd.read_csv("reviews_with_embeddings.csv")\nmodel = RandomForestRegressor(n_estimators=50).fit(list(reviews.embedding.map(eval)), reviews.score)',
    );
    assert.deepEqual(await findingsOf('NB108', nb), []);
  });

  it('markdown between the heading and the import cell, and the section reads functions imported at the top; an import further down the section stays', async () => {
    const nb = notebook(
      'import pandas as pd\nfrom tslib.datatypes import check_format',
      'frame = pd.read_csv("airline.csv")\ncheck_format(frame, kind="Series")',
      markdown('### Section 4.3: a panel read from a tab-separated file'),
      markdown('The file has no header and no instance index: we add them.'),
      'import pandas as pd\n\nframe = pd.read_csv("arrowhead_train.tsv", sep="\\t", header=None)',
      'import numpy as np\n\nframe["instance"] = np.repeat(range(len(frame) // 3), 3)',
      'check_format(frame, kind="Panel")',
    );
    assert.deepEqual(await findingsOf('NB108', nb), ['6:1:1 import numpy as np']);
  });

  it('still reports a section that reads what the cells above computed', async () => {
    const nb = notebook(
      top,
      tokens,
      markdown('## Regression on the token counts'),
      'from sklearn.linear_model import LinearRegression\nimport pandas as pd',
      'reviews = reviews.dropna()\nmodel = LinearRegression().fit(reviews[["n_tokens"]], reviews.score)',
    );
    assert.deepEqual(await findingsOf('NB108', nb), ['4:1:1 from sklearn.linear_model import LinearRegression', '4:2:1 import pandas as pd']);
  });

  it('still reports a section whose results a later section uses', async () => {
    const nb = notebook(
      top,
      tokens,
      markdown('## Features'),
      'from sklearn.feature_extraction.text import TfidfVectorizer',
      'reviews = pd.read_csv("reviews.csv")\nfeatures = TfidfVectorizer().fit_transform(reviews.text)',
      markdown('## Model'),
      'from sklearn.linear_model import LogisticRegression\nclf = LogisticRegression().fit(features, reviews.score > 3)',
    );
    assert.deepEqual(await findingsOf('NB108', nb), ['4:1:1 from sklearn.feature_extraction.text import TfidfVectorizer', '7:1:1 from sklearn.linear_model import LogisticRegression']);
  });

  it('still reports a section that only sets a constant again (holdout15 Modern-Time-Series)', async () => {
    const nb = notebook(
      'import torch\nseq_len = 128',
      'weights = torch.softmax(torch.randn(seq_len, seq_len), dim=-1)',
      markdown('# Positional encoding'),
      'import math\nseq_len = 50\nangles = [pos / 10000 ** (2 * i / 64) for pos in range(seq_len) for i in range(32)]',
      'table = torch.tensor([math.sin(a) for a in angles])',
    );
    assert.deepEqual(await findingsOf('NB108', nb), ['4:1:1 import math']);
  });

  it('a `# comment` in a fenced code block of the markdown above is no heading', async () => {
    const cells = (note: string) => notebook(
      'import pandas as pd',
      'frame = pd.read_csv("weights.csv")\nframe = frame.dropna()',
      markdown(note),
      'import pandas as pd\nframe = pd.read_csv("weights_v2.csv")\nprint(frame.describe())',
    );
    assert.deepEqual(await findingsOf('NB108', cells('Run it yourself:\n```python\n# load the frame again\nframe = load()\n```')), ['4:1:1 import pandas as pd']);
    assert.deepEqual(await findingsOf('NB108', cells('# Load the frame again')), []);
  });
});

describe('NB108: an import that runs only when an environment variable is set (holdout18)', () => {
  const top = 'import os\nfrom sqlkit import Database\ndb = Database.from_uri("sqlite:///music.db")';
  it('is an optional part of the notebook, not reported', async () => {
    const guarded = 'if os.environ.get("OPENAI_API_KEY"):\n    from sqlkit.agents import Toolkit\n    from langchain_openai import ChatOpenAI\n    toolkit = Toolkit(db=db, llm=ChatOpenAI(model="gpt-4.1-mini"))\nelse:\n    print("no key: skipping the agent sections")';
    assert.deepEqual(await findingsOf('NB108', [top, 'print(db.run("SELECT name FROM artist LIMIT 3"))', guarded]), []);
  });

  it('still reports an import under a test of something else, or when the variable is missing', async () => {
    const other = 'if db.dialect == "sqlite":\n    from sqlkit.sqlite import vacuum\n    vacuum(db)';
    const missing = 'if not os.environ.get("OPENAI_API_KEY"):\n    from getpass import getpass\n    os.environ["OPENAI_API_KEY"] = getpass()';
    assert.deepEqual(await findingsOf('NB108', [top, 'print(db.run("SELECT 1"))', other, missing]), ['3:2:5 from sqlkit.sqlite import vacuum', '4:2:5 from getpass import getpass']);
  });
});

describe('NB108: an install cell that imports the package it installs to log in (holdout18)', () => {
  const train = 'from sklearn.datasets import load_iris\nfrom trackml import Task\nimport xgboost as xgb\n\ntask = Task.init(project_name="Getting Started")\nX, y = load_iris(return_X_y=True)\nmodel = xgb.XGBClassifier().fit(X, y)';
  it('comes before the top: the import block after it is not reported', async () => {
    assert.deepEqual(await findingsOf('NB108', ['%pip install --upgrade xgboost trackml\nimport trackml\ntrackml.browser_login()', train]), []);
  });

  it('is the top when it imports a package it does not install, or does work with it', async () => {
    assert.deepEqual(await findingsOf('NB108', ['%pip install --upgrade xgboost\nimport trackml\ntrackml.browser_login()', train]), ['2:1:1 from sklearn.datasets import load_iris', '2:2:1 from trackml import Task', '2:3:1 import xgboost as xgb']);
    assert.deepEqual(await findingsOf('NB108', ['%pip install trackml\nimport trackml\nruns = trackml.list_runs()', train]), ['2:1:1 from sklearn.datasets import load_iris', '2:2:1 from trackml import Task', '2:3:1 import xgboost as xgb']);
  });
});

describe('NB108: set-up cells that check packages and keys and turn on tracing when a key is set (holdout18)', () => {
  const packages = 'import importlib\n\nfor name in ["langchain", "langgraph"]:\n    try:\n        mod = importlib.import_module(name)\n        print(name, getattr(mod, "__version__", "installed"))\n    except ImportError:\n        print(name, "missing: pip install", name)';
  const keys = 'from dotenv import load_dotenv\nimport os\n\nload_dotenv(override=True)\nfor key in ["OPENAI_API_KEY"]:\n    print(key, "set" if os.environ.get(key) else "missing")';
  const tracing = (guard: boolean) => `import os\n\ntrace_handler = None\n${guard ? 'if os.environ.get("TRACER_SECRET_KEY"):\n    ' : ''}from tracer.langchain import CallbackHandler\n${guard ? '    ' : ''}trace_handler = CallbackHandler()\ntrace_config = {"callbacks": [trace_handler]} if trace_handler else {}`;
  const imports = 'from langchain.agents import create_agent\nfrom langchain_openai import ChatOpenAI\n\nprint("imports ok")';
  it('come before the top: the import block after them is not reported', async () => {
    assert.deepEqual(await findingsOf('NB108', [packages, keys, tracing(true), imports]), []);
  });

  it('a tracing cell that always imports its library is the top, and the imports after its work are reported', async () => {
    assert.deepEqual(await findingsOf('NB108', [packages, keys, tracing(false), imports]), ['4:1:1 from langchain.agents import create_agent', '4:2:1 from langchain_openai import ChatOpenAI']);
  });
});

// The sections are worked out at every keystroke from an index of bindings the engine updates in place for the cells
// an edit changed: an edit above a section that changes what it reads must give what a fresh engine gives.
describe('NB108 sections after in-place edits (the binding index)', () => {
  it('matches a fresh engine edit after edit', async () => {
    const { Engine } = await import('../../server/src/engine/analyze');
    const { mergeConfig } = await import('../../server/src/engine/config');
    const { defaultWasmDir } = await import('../../server/src/engine/parser');
    const { REPO_ROOT } = await import('../helpers/engine');
    const live = await Engine.create(defaultWasmDir(REPO_ROOT));
    const config = mergeConfig({ select: ['NB108'] });
    const versions = [
      [top, tokens, markdown('#### In 2D'), 'import pandas as pd\nfrom sklearn.manifold import TSNE', 'reviews = pd.read_csv("emb.csv")', 'TSNE().fit_transform(reviews)'],
      // The cell above now makes `reviews` from a computation, not a file: still rebound data, still a section.
      [top, 'reviews = pd.DataFrame({"text": ["a"]})', markdown('#### In 2D'), 'import pandas as pd\nfrom sklearn.manifold import TSNE', 'reviews = pd.read_csv("emb.csv")', 'TSNE().fit_transform(reviews)'],
      // The section now reads `enc` from above: one analysis, its import is scattered.
      [top, tokens, markdown('#### In 2D'), 'import pandas as pd\nfrom sklearn.manifold import TSNE', 'reviews = pd.read_csv("emb.csv")', 'TSNE().fit_transform(reviews)\nenc.encode("x")'],
      // `enc` bound in the section's own cell, then gone again.
      [top, tokens, markdown('#### In 2D'), 'import pandas as pd\nfrom sklearn.manifold import TSNE', 'reviews = pd.read_csv("emb.csv")\nenc = 1', 'TSNE().fit_transform(reviews)\nenc.encode("x")'],
      [top, tokens, markdown('#### In 2D'), 'import pandas as pd\nfrom sklearn.manifold import TSNE', 'reviews = pd.read_csv("emb.csv")', 'TSNE().fit_transform(reviews)'],
    ];
    const seen = new Set<number>();
    for (const cells of versions) {
      const nb = notebook(...cells);
      const fresh = (await Engine.create(defaultWasmDir(REPO_ROOT))).analyze(nb, config);
      assert.deepEqual(live.analyze(nb, config), fresh);
      seen.add(fresh.length);
    }
    // The edits do change the answer (a section, then scattered imports), so the comparison means something.
    assert.ok(seen.size > 1, `findings per version: ${[...seen].join(', ')}`);
  });
});
