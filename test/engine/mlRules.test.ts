// NB501-NB505: true cases and the false cases that must stay silent. Library calls
// are matched through the notebook's own imports, never by a bare name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, findingsOf } from '../helpers/engine';
import { CLOCK_CALLS, NUMPY_SEEDING_CALLS } from '../../server/src/engine/knowledge/libraries';

describe('NB501 unseeded-randomness', () => {
  it('reports scikit-learn calls without random_state once per notebook, the others related', async () => {
    const cells = [
      'import pandas as pd\nfrom sklearn.model_selection import train_test_split\nfrom sklearn.ensemble import RandomForestClassifier',
      'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)',
      'clf = RandomForestClassifier(n_estimators=200)\nclf.fit(X_train, y_train)',
    ];
    assert.deepEqual(await findingsOf('NB501', cells), ['2:1:36 train_test_split']);
    const [f] = await analyze(cells, { select: ['NB501'] });
    assert.match(f.message, /and 1 more call without it/);
    assert.equal(f.related.length, 1);
    assert.equal(f.related[0].cell, 2);
  });

  it('is silent when random_state is passed, for deterministic defaults, and for names the imports do not explain', async () => {
    assert.deepEqual(await findingsOf('NB501', [
      'from sklearn.model_selection import train_test_split, KFold\nfrom sklearn.linear_model import LogisticRegression',
      'a, b = train_test_split(X, random_state=0)\nkf = KFold(n_splits=5)\nkf2 = KFold(5, shuffle=False)\nm = LogisticRegression()',
      'def train_test_split(x):\n    return x',
    ]), []);
    assert.deepEqual(await findingsOf('NB501', ['from mylib import RandomForestClassifier', 'm = RandomForestClassifier()']), []);
  });

  it('reports KFold only with shuffle=True', async () => {
    assert.deepEqual(await findingsOf('NB501', ['from sklearn import model_selection as ms', 'kf = ms.KFold(n_splits=5, shuffle=True)\nfolds = list(kf.split(X))']), ['2:1:6 ms.KFold']);
  });

  it('is silent for plain random and np.random draws (ids, demo inputs, games), and for scikit-learn after np.random.seed', async () => {
    assert.deepEqual(await findingsOf('NB501', ['import numpy as np\nimport random', 'x = np.random.randn(100)\nuid = "".join(random.choices("abc", k=8))\nrng = np.random.default_rng()']), []);
    assert.deepEqual(await findingsOf('NB501', ['import numpy as np\nfrom sklearn.model_selection import train_test_split\nnp.random.seed(0)', 'a, b = train_test_split(X)']), []);
  });

  it('reports PyTorch training without a seed call, not with one', async () => {
    const training = 'for x, y in loader:\n    loss = loss_fn(model(x), y)\n    loss.backward()\n    opt.step()';
    assert.deepEqual(await findingsOf('NB501', ['import torch', training]), ['2:3:5 loss.backward']);
    assert.deepEqual(await findingsOf('NB501', ['import torch\ntorch.manual_seed(0)', training]), []);
    assert.deepEqual(await findingsOf('NB501', ['import numpy as np', training]), []);
    // MONAI's set_determinism seeds torch too (holdout3: a 3D segmentation notebook).
    assert.deepEqual(await findingsOf('NB501', ['import torch\nfrom monai.utils import set_determinism\nset_determinism(seed=0)', training]), []);
  });

  it('is silent when only an input tensor cloned from data is optimised (style transfer), not when weights or a random tensor are', async () => {
    const setup = 'import torch\nfrom torch import optim\nfrom torchvision import models\nvgg = models.vgg19(pretrained=True).features\nfor p in vgg.parameters():\n    p.requires_grad_(False)';
    const transfer = 'for step in range(2000):\n    loss = style_loss(vgg, target)\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()';
    assert.deepEqual(await findingsOf('NB501', [setup, 'target = content.clone().requires_grad_(True)\noptimizer = optim.Adam([target], lr=0.003)', transfer]), []);
    assert.deepEqual(await findingsOf('NB501', [setup, 'target = torch.randn_like(content).requires_grad_(True)\noptimizer = optim.Adam([target], lr=0.003)', transfer]), ['3:4:5 loss.backward']);
    assert.deepEqual(await findingsOf('NB501', [setup, 'optimizer = optim.Adam(model.parameters(), lr=0.003)', transfer]), ['3:4:5 loss.backward']);
  });

  // holdout4: the only backward() of the notebook timed a few batches on CPU and GPU, or fed a FLOPs/MFU benchmark.
  const torchSetup = 'import time\nimport torch\nfrom torch import nn, optim';
  const deviceTiming = [
    'for device in ["cpu", "cuda"]:',
    '    net.to(device)',
    '    opt = optim.SGD(net.head.parameters(), lr=0.01)',
    '    for step, (images, targets) in enumerate(train_batches):',
    '        images, targets = images.to(device), targets.to(device)',
    '        began = time.time()',
    '        loss = nn.functional.cross_entropy(net(images), targets)',
    '        opt.zero_grad()',
    '        loss.backward()',
    '        opt.step()',
    '        if step == 4:',
    '            break',
    '    print(f"{device}: {(time.time() - began) / 4:.3f} s per batch")',
  ].join('\n');
  const throughput = [
    'for width in (256, 512, 1024):',
    '    net = TinyTransformer(width).to(device)',
    '    t0 = time.perf_counter()',
    '    logits = net(token_batch)',
    '    dummy = logits.mean()',
    '    dummy.backward()',
    '    elapsed = time.perf_counter() - t0',
    '    print(width, token_batch.numel() / elapsed, "tokens/s")',
  ].join('\n');
  const training = 'for epoch in range(20):\n    for xb, yb in train_batches:\n        loss = criterion(net(xb), yb)\n        opt.zero_grad()\n        loss.backward()\n        opt.step()';

  it('is silent for a timed loop cut after a few batches and for a timed dummy loss without an optimizer step', async () => {
    assert.deepEqual(await findingsOf('NB501', [torchSetup, deviceTiming]), []);
    assert.deepEqual(await findingsOf('NB501', [torchSetup, throughput]), []);
    assert.deepEqual(await findingsOf('NB501', [torchSetup, throughput.replace('    dummy = logits.mean()\n    dummy.backward()', '    logits.sum().backward()')]), []);
  });

  it('still reports the real training after a timing cell, and timed training that is not a benchmark', async () => {
    assert.deepEqual(await findingsOf('NB501', [torchSetup, deviceTiming, training]), ['3:5:9 loss.backward']);
    // No clock: the loop cut after a few batches is a smoke run of real training code.
    assert.deepEqual(await findingsOf('NB501', [torchSetup, deviceTiming.replace(/began = time\.time\(\)|time\.time\(\) - began/g, '0')]), ['2:9:9 loss.backward']);
    // An early-stopping count is not a batch counter.
    const earlyStop = deviceTiming.replace('if step == 4:', 'if bad_epochs >= 5:');
    assert.deepEqual(await findingsOf('NB501', [torchSetup, earlyStop]), ['2:9:9 loss.backward']);
    // A cut after 500 batches is training.
    assert.deepEqual(await findingsOf('NB501', [torchSetup, deviceTiming.replace('if step == 4:', 'if step == 500:')]), ['2:9:9 loss.backward']);
    // A dummy loss with an optimizer step changes the weights; a real loss without a step is not a dummy one.
    assert.deepEqual(await findingsOf('NB501', [torchSetup, throughput.replace('    dummy.backward()', '    dummy.backward()\n    opt.step()')]), ['2:6:5 dummy.backward']);
    assert.deepEqual(await findingsOf('NB501', [torchSetup, throughput.replace('dummy = logits.mean()', 'dummy = criterion(logits, labels)')]), ['2:6:5 dummy.backward']);
  });

  for (const seed of NUMPY_SEEDING_CALLS) {
    it(`takes ${seed}() as seeding NumPy's generator, which an unseeded scikit-learn split draws from`, async () => {
      const [module, ...rest] = seed.split('.');
      const setup = `import ${module}\nfrom sklearn.model_selection import train_test_split\n${module}.${rest.join('.')}(42)`;
      assert.deepEqual(await findingsOf('NB501', [setup, 'X_train, X_test = train_test_split(X)']), []);
      // Only a seed before the split counts.
      assert.deepEqual(await findingsOf('NB501', [setup.replace(/\n[^\n]*\(42\)$/, ''), 'X_train, X_test = train_test_split(X)', `${module}.${rest.join('.')}(42)`]), ['2:1:19 train_test_split']);
    });
  }

  it('a project helper that says it seeds (`utils.set_seeds()`, `seed_all()`) counts as seeding torch; torch.random draws alone do not', async () => {
    for (const call of ['utils.set_seeds()', 'seed_all(7)', 'helpers.set_all_seeds(7)', 'set_global_seeds(SEED)', 'repro.set_torch_seed(1)']) {
      assert.deepEqual(await findingsOf('NB501', [torchSetup, call, training]), [], call);
    }
    assert.deepEqual(await findingsOf('NB501', [torchSetup, 'noise = torch.rand(3)', training]), ['3:5:9 loss.backward']);
    // A name that only mentions seeds without setting them is no seeding.
    assert.deepEqual(await findingsOf('NB501', [torchSetup, 'print_seeds()', training]), ['3:5:9 loss.backward']);
  });

  for (const clock of CLOCK_CALLS) {
    it(`takes ${clock}() as the clock of a timing benchmark`, async () => {
      const [module, ...rest] = clock.split('.');
      const cell = throughput.replace(/time\.perf_counter/g, `${module}.${rest.join('.')}`);
      assert.deepEqual(await findingsOf('NB501', [`import ${module}\nimport torch`, cell]), []);
    });
  }
});

describe('NB502 data-leakage', () => {
  const imports = 'from sklearn.model_selection import train_test_split\nfrom sklearn.preprocessing import StandardScaler\nfrom sklearn.impute import SimpleImputer';

  it('reports a scaler fitted on all rows before the split, with the split related', async () => {
    const cells = [imports, 'scaler = StandardScaler()\nX = scaler.fit_transform(X)', 'X_train, X_test, y_train, y_test = train_test_split(X, y)'];
    assert.deepEqual(await findingsOf('NB502', cells), ['2:2:5 scaler.fit_transform']);
    const [f] = await analyze(cells, { select: ['NB502'] });
    assert.match(f.message, /learns from all rows before `train_test_split`/);
    assert.equal(f.related[0].cell, 2);
  });

  it('reports fitting on the test split itself', async () => {
    assert.deepEqual(await findingsOf('NB502', [imports, 'X_train, X_valid, y_train, y_valid = train_test_split(X, y)', 'imp = SimpleImputer()\na = imp.fit_transform(X_train)\nb = imp.fit_transform(X_valid)']), ['3:3:5 imp.fit_transform']);
  });

  it('is silent when the split comes first, when the name was rebound in between, and for encoders', async () => {
    assert.deepEqual(await findingsOf('NB502', [imports, 'X_train, X_test, y_train, y_test = train_test_split(X, y)\nscaler = StandardScaler().fit(X_train)\nX_test_s = scaler.transform(X_test)']), []);
    assert.deepEqual(await findingsOf('NB502', [imports, 'scaler = StandardScaler()\nXs = scaler.fit_transform(X)', 'X = load_other()', 'a, b, c, d = train_test_split(X, y)']), []);
    assert.deepEqual(await findingsOf('NB502', ['from sklearn.preprocessing import OneHotEncoder\nfrom sklearn.model_selection import train_test_split', 'enc = OneHotEncoder()\nX = enc.fit_transform(X)', 'a, b, c, d = train_test_split(X, y)']), []);
  });

  it('a selector fitted only to look at its scores leaks nothing; a scaler fitted and then transforming the rows, does', async () => {
    const selector = 'from sklearn.model_selection import train_test_split\nfrom sklearn.feature_selection import SelectKBest, chi2';
    const look = 'skb = SelectKBest(chi2, k=10)\nskb.fit(X, y)\nranking = sorted(zip(skb.scores_, X.columns), reverse=True)';
    assert.deepEqual(await findingsOf('NB502', [selector, look, 'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)']), []);
    // Fitted, then transforming the rows that are split next: reported on the fit.
    const scaled = 'scaler = StandardScaler()\nscaler.fit(X)\nXs = scaler.transform(X)';
    const splits = 'a, b, c, d = train_test_split(X, y)\nXs_train, Xs_test, ys_train, ys_test = train_test_split(Xs, y)';
    assert.deepEqual(await findingsOf('NB502', [imports, scaled, splits]), ['2:2:1 scaler.fit']);
    assert.deepEqual(await findingsOf('NB502', [imports, 'scaler = StandardScaler()\nX = scaler.fit(X).transform(X)', 'X_train, X_test, y_train, y_test = train_test_split(X, y)']), ['2:2:5 scaler.fit']);
  });
});

describe('NB503 missing-timeout', () => {
  it('reports requests calls without timeout once per API, with the others related', async () => {
    const cells = ['import requests', 'r = requests.get(url)\nr2 = requests.get(other, headers=h)', 'p = requests.post(url, json=body, timeout=10)'];
    assert.deepEqual(await findingsOf('NB503', cells), ['2:1:5 requests.get']);
    const [f] = await analyze(cells, { select: ['NB503'] });
    assert.match(f.message, /waits forever/);
    assert.equal(f.related.length, 1);
  });

  it('reports LLM clients created without a timeout, saying what the default is', async () => {
    const [f] = await analyze(['from openai import OpenAI', 'client = OpenAI()'], { select: ['NB503'] });
    assert.match(f.message, /10 minutes/);
    assert.deepEqual(await findingsOf('NB503', ['from anthropic import Anthropic', 'client = Anthropic(timeout=30.0)']), []);
  });

  it('is silent for sessions, httpx (bounded by default) and unrelated get calls', async () => {
    assert.deepEqual(await findingsOf('NB503', ['import httpx\nimport requests', 'httpx.get(url)\nd.get("k")\ns = requests.Session()\ns.get(url)']), []);
  });

  it('is silent for a call whose comment says it has no timeout on purpose (holdout11), not for a TODO', async () => {
    const excused = 'import json, urllib.request\ndef call(req):\n    # No timeout on purpose: the local job server streams until the export ends.\n    try:\n        with urllib.request.urlopen(req) as r:\n            return json.load(r)\n    except OSError:\n        return None';
    assert.deepEqual(await findingsOf('NB503', [excused]), []);
    assert.deepEqual(await findingsOf('NB503', ['import requests\nr = requests.get(url)  # deliberately without a timeout: polls a local queue']), []);
    assert.deepEqual(await findingsOf('NB503', ['import requests\n# TODO: no timeout yet\nr = requests.get(url)']), ['1:3:5 requests.get']);
    // The comment covers the call below it, not one further down the cell.
    assert.deepEqual(await findingsOf('NB503', ['import requests\n# no timeout: local server\na = 1\nb = 2\nc = 3\nr = requests.get(url)']), ['1:6:5 requests.get']);
  });
});

describe('NB504 nan-comparison', () => {
  it('is opt in: off by default, on when its code is selected', async () => {
    const cells = ['import numpy as np', 'bad = x == np.nan'];
    assert.deepEqual((await analyze(cells)).filter((f) => f.code === 'NB504'), []);
    assert.equal((await analyze(cells, { select: ['NB', 'NB504'] })).filter((f) => f.code === 'NB504').length, 1);
  });

  it('reports == and != with NaN in every spelling', async () => {
    assert.deepEqual(await findingsOf('NB504', ['import numpy as np\nimport pandas as pd', 'bad = df[df["x"] == np.nan]\nif y != float("nan"):\n    pass']), [
      '2:1:10 df["x"] == np.nan',
      '2:2:4 y != float("nan")',
    ]);
    const [f] = await analyze(['import pandas as pd\nimport numpy as np', 'm = df["x"] == np.nan'], { select: ['NB504'] });
    assert.match(f.message, /always False/);
    assert.equal(f.data?.replacement, 'pd.isna(df["x"])');
  });

  it('is silent for isna, is-comparisons and other constants', async () => {
    assert.deepEqual(await findingsOf('NB504', ['import numpy as np', 'a = np.isnan(x)\nb = x is None\nc = x == np.inf\nd = name == "nan"']), []);
  });
});

describe('NB505 chained-assignment', () => {
  it('reports chained assignment on a DataFrame and proposes the .loc form', async () => {
    const cells = ['import pandas as pd', 'df = pd.read_csv("data.csv")\nclean = df.dropna()', 'df[df["age"] > 60]["group"] = "senior"\nclean["price"][0] = 1\ndf.loc[3]["x"] = 2'];
    assert.deepEqual(await findingsOf('NB505', cells), ['3:1:1 df[df["age"] > 60]["group"]', '3:2:1 clean["price"][0]', '3:3:1 df.loc[3]["x"]']);
    const findings = await analyze(cells, { select: ['NB505'] });
    assert.deepEqual(findings.map((f) => f.data?.replacement), ['df.loc[df["age"] > 60, "group"]', 'clean.loc[0, "price"]', 'df.loc[3, "x"]']);
  });

  it('puts the mask first in the .loc form whichever subscript holds it, and proposes none when neither does (holdout21 label)', async () => {
    const cells = [
      'import pandas as pd\ndf_pred = pd.read_csv("pred.csv")\ncol_names = list(df_pred.columns)',
      'df_pred[col_names[-1]][df_pred[col_names[-1]] > 0.5] = 1\ndf_pred[col_names[0]][3] = 0\ndf_pred[2:5]["x"] = 0',
    ];
    assert.deepEqual(await findingsOf('NB505', cells), ['2:1:1 df_pred[col_names[-1]][df_pred[col_names[-1]] > 0.5]', '2:2:1 df_pred[col_names[0]][3]', '2:3:1 df_pred[2:5]["x"]']);
    const findings = await analyze(cells, { select: ['NB505'] });
    assert.deepEqual(findings.map((f) => f.data?.replacement), ['df_pred.loc[df_pred[col_names[-1]] > 0.5, col_names[-1]]', undefined, undefined]);
    assert.doesNotMatch(findings[1].message, /Write/);
  });

  it('a frame made in one function is not the parameter of the same name in another (holdout5: a dict of dicts called `nodes`)', async () => {
    const cell = [
      'import pandas as pd',
      'def fit_lines(nodes, xyz):',
      '    for nid in nodes:',
      '        nodes[nid]["xyz"] = xyz',
      'def track(frame_rows):',
      '    nodes = pd.DataFrame(frame_rows)',
      '    nodes[nodes["t"] > 0]["ok"] = True',
      '    return nodes',
    ].join('\n');
    assert.deepEqual(await findingsOf('NB505', [cell]), ['1:7:5 nodes[nodes["t"] > 0]["ok"]']);
    // A parameter named like a module-level frame is that frame passed in (`def encode_age(df): df["Age"][i] = 0`).
    assert.deepEqual(await findingsOf('NB505', ['import pandas as pd\ndf = pd.read_csv("titanic.csv")', 'def encode_age(df):\n    for i in df.index:\n        df["Age"][i] = 0']), ['2:3:9 df["Age"][i]']);
  });

  it('is silent for the dict a frame method chain ends in (`df.set_index(k).to_dict("index")`), and still reports the frame the chain ends in (holdout10)', async () => {
    const zones = 'import pandas as pd\nzones_df = pd.read_csv("zones.csv")\nzones_dict = zones_df.set_index("OBJECTID").to_dict("index")\nfor zone in zones_dict:\n    zones_dict[zone]["long"] = 0.0';
    assert.deepEqual(await findingsOf('NB505', [zones]), []);
    const frame = 'import pandas as pd\nraw = pd.read_csv("zones.csv")\nclean = raw.set_index("OBJECTID").dropna()\nclean["long"][3] = 0.0';
    assert.deepEqual(await findingsOf('NB505', [frame]), ['1:4:1 clean["long"][3]']);
  });

  it('is silent for nested lists, dicts and arrays, and for single-step assignment', async () => {
    assert.deepEqual(await findingsOf('NB505', ['import numpy as np\nimport pandas as pd', 'grid = [[0] * 3 for _ in range(3)]\ngrid[1][2] = 5\ncfg = {}\ncfg["a"]["b"] = 1\na = np.zeros((3, 3))\na[0][1] = 2\ndf = pd.DataFrame()\ndf.loc[0, "x"] = 1']), []);
  });
});

describe('NB506 inline-prompt', () => {
  const system = 'SYSTEM_PROMPT = """You are a careful analyst.\nAnswer only from the quarterly documents given, cite each of them, and say so plainly when unsure."""';
  const template = 'template = f"""Answer the question using the context below, in the language of the question.\nContext: {context}\nQuestion: {question}"""';

  it('reports system prompts and templates of an LLM notebook once, the others related', async () => {
    const cells = ['from openai import OpenAI', system, template];
    assert.deepEqual(await findingsOf('NB506', cells), ['2:1:17 """You are a careful analyst.']);
    const [f] = await analyze(cells, { select: ['NB506'] });
    assert.equal(f.related.length, 1);
    assert.equal(f.related[0].cell, 2);
  });

  it('is silent for one-off questions, short prompts and notebooks that use no LLM library', async () => {
    const question = 'prompt = """What are the three largest cities of Japan by population, and which of them has grown the most since 1990? Answer in a table."""';
    assert.deepEqual(await findingsOf('NB506', ['import google.genai as genai', question, 'system = "You are terse."']), []);
    assert.deepEqual(await findingsOf('NB506', ['import pandas as pd', system, template]), []);
  });

  it('is silent for a one-off demo task that starts "You are tasked with", not a persona', async () => {
    const task = 'prompt = """You are tasked with implementing a thread-safe Singleton in C++.\\nExplain double-checked locking, then write the complete class with comments and a short usage example in main."""';
    assert.deepEqual(await findingsOf('NB506', ['from google import genai', task]), []);
  });
});
