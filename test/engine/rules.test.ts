import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, code, findingsOf, markdown, notebook } from '../helpers/engine';

describe('NB103 stale-output', () => {
  const ran = (source: string, count: number | null, output = true) => ({ ...code(source, count), outputs: output ? ['shown'] : undefined });

  it('reports a saved output older than the cell above it reads from', async () => {
    const nb = notebook(ran('x = 1', 3), ran('print(x)', 2));
    assert.deepEqual(await findingsOf('NB103', nb), ['2:1:7 x']);
    const [f] = await analyze(nb, { select: ['NB103'] });
    assert.match(f.message, /saved output is from run \[2\], but cell 1 above, which defines `x` for it, ran later \[3\]/);
    assert.equal(f.related[0].cell, 0);
  });

  it('is silent when only a cell below rebinds the name later', async () => {
    assert.deepEqual(await findingsOf('NB103', notebook(ran('x = 1', 1), ran('print(x)', 2), ran('x = 2', 3))), []);
  });

  it('takes the nearest definition above, not an older one that ran later', async () => {
    assert.deepEqual(await findingsOf('NB103', notebook(ran('x = 1', 9), ran('x = 2', 1), ran('print(x)', 2))), []);
  });

  it('is silent for a cell with no saved output, a cell that never ran, and names the cell binds itself first', async () => {
    assert.deepEqual(await findingsOf('NB103', notebook(ran('x = 1', 5), ran('print(x)', 2, false), ran('print(x)', null), ran('x = 0\nprint(x)', 1))), []);
  });

  it('is silent when the cell above that ran later only imports the name', async () => {
    assert.deepEqual(await findingsOf('NB103', notebook(ran('import numpy as np\nfrom math import pi', 8), ran('np.sqrt(pi)', 3))), []);
  });

  it('is silent for a cell that only shows a value\'s type: rebuilt by the same code it has the same type', async () => {
    assert.deepEqual(await findingsOf('NB103', notebook(ran('y_val = df.target.values', 9), ran('type(y_val)', 4), ran('type(y_val), len(y_val)', 5))), ['3:1:6 y_val']);
  });

  it('reports one finding per cell, naming every stale input', async () => {
    const nb = notebook(ran('a = 1\nb = 2', 7), ran('print(a + b)', 4));
    const found = await analyze(nb, { select: ['NB103'] });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /defines `a`, `b` for it/);
    assert.equal(found[0].related.length, 2);
  });
});

describe('NB104 out-of-order-execution', () => {
  it('reports a cell that ran after a cell below it and read the value that cell set, once', async () => {
    const nb = notebook(code('rate = 0.1', 1), code('model = train(rate)\nscore = model.score()', 6), code('rate = 0.5', 3), code('print(score)', 2));
    const findings = await analyze(nb, { select: ['NB104'] });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].cell, 1);
    assert.equal(findings[0].range.start.character, 14);
    assert.match(findings[0].message, /cell 2 ran at \[6\] and reads `rate`, which cell 3 below it set when it ran earlier, at \[3\]/);
    assert.equal(findings[0].related[0].cell, 2);
  });

  it('is silent when the cells run out of order do not share data: Restart & Run All gives the same', async () => {
    assert.deepEqual(await findingsOf('NB104', notebook(code('a = 1', 1), code('b = 2', 5), code('c = 3', 3), code('d = 4', 2))), []);
  });

  it('is silent when a cell above only made again a value a cell below used: the same code run again', async () => {
    const nb = notebook(code('train_df, test_df = split(data, seed=7)', 22), code('test_df.to_csv("test.csv")', 6));
    assert.deepEqual(await findingsOf('NB104', nb), []);
  });

  it('reports a function defined below that a cell above called; an import a cell above also makes is the same module', async () => {
    const nb = notebook(code('import pandas as pd', 1), code('df = load("sales.csv")\nprint(pd.__version__)', 9), code('import pandas as pd\ndef load(p):\n    return pd.read_csv(p)', 2));
    assert.deepEqual(await findingsOf('NB104', nb), ['2:1:6 load']);
    const imports = notebook(code('import pandas as pd', 1), code('print(pd.__version__)', 9), code('import pandas as pd', 2));
    assert.deepEqual(await findingsOf('NB104', imports), []);
  });

  it('is silent when a count repeats: the counts come from more than one kernel session', async () => {
    const nb = notebook(code('rate = 0.1', 1), code('model = train(rate)', 6), code('rate = 0.5', 3), code('print(model)', 1));
    assert.deepEqual(await findingsOf('NB104', nb), []);
  });

  it('is silent when another cell set the name again between the two runs', async () => {
    const nb = notebook(code('rate = 0.1', 4), code('model = train(rate)', 6), code('rate = 0.5', 3));
    assert.deepEqual(await findingsOf('NB104', nb), []);
  });

  it('ignores cells that only display a value', async () => {
    assert.deepEqual(await findingsOf('NB104', notebook(code('a = 1', 1), code('a.shape', 9), code('b = 2', 2))), []);
  });

  it('ignores comment-only and install cells run again later', async () => {
    assert.deepEqual(await findingsOf('NB104', notebook(code('# Licensed under the Apache License', 9), code('%pip install -q pandas', 8), code('a = 1', 1), code('b = 2', 2))), []);
  });

  it('is silent for increasing counts with gaps and unexecuted cells', async () => {
    assert.deepEqual(await findingsOf('NB104', notebook(code('a = 1', 1), code('b = 2'), code('c = 3', 7))), []);
  });
});

describe('NB105 non-idempotent-cell', () => {
  it('reports rebinding a global with a step a second run repeats, not one that lands on the same state', async () => {
    assert.deepEqual(await findingsOf('NB105', ['df = load()', 'df = df.reset_index()', 'df = df.dropna()']), ['2:1:1 df']);
  });

  it('reports augmented assignment and in-place mutation', async () => {
    assert.deepEqual(await findingsOf('NB105', ['x = 0\nitems = []\nd = {}\nframe = None', 'x += 1', 'items.append(3)', 'd["k"] += 1', 'frame.drop(columns=["a"], inplace=True)', 'print(items)']), [
      '2:1:1 x',
      '3:1:1 items.append(3)',
      '4:1:1 d["k"] += 1',
      '5:1:1 frame.drop(columns=["a"], inplace=True)',
    ]);
  });

  it('is silent when the cell makes the value itself first', async () => {
    assert.deepEqual(await findingsOf('NB105', ['df = 1', 'df = load()\ndf = df.dropna()\nitems = []\nitems.append(1)']), []);
  });

  it('is silent for plain reads and for idempotent item assignment', async () => {
    assert.deepEqual(await findingsOf('NB105', ['df = {}', 'print(df)\ndf["col"] = 1']), []);
  });
});

describe('NB106 unexecuted-cell', () => {
  it('reports code cells without a count among executed ones', async () => {
    assert.deepEqual(await findingsOf('NB106', notebook(code('a = 1', 1), code('b = 2'), code('   '), markdown('text'), code('print(a)', 2))), ['2:1:1 b = 2']);
  });

  it('reports once per notebook, with the other cells as related information', async () => {
    const nb = notebook(code('a = 1', 1), code('b = 2'), code('c = 3', 2), code('d = 4'), code('e = 5'));
    const found = await analyze(nb, { select: ['NB106'] });
    assert.equal(found.length, 1);
    assert.equal(found[0].cell, 1);
    assert.match(found[0].message, /^3 of 5 code cells have not run/);
    assert.deepEqual(found[0].related.map((r) => r.cell), [3, 4]);
  });

  it('does not count comment-only, install or timing-only cells', async () => {
    const nb = notebook(code('# Copyright 2024 Example LLC\n# Licensed under the Apache License'), code('%pip install -q pandas'), code('%load_ext autoreload\n%autoreload 2'), code('x = 1', 1));
    assert.deepEqual(await findingsOf('NB106', nb), []);
  });

  it('is silent for a notebook that never ran', async () => {
    assert.deepEqual(await findingsOf('NB106', notebook(code('a = 1'), code('b = 2'))), []);
  });

  it('is silent when only an install ran: the rest of the notebook was never executed', async () => {
    assert.deepEqual(await findingsOf('NB106', notebook(code('%pip install -q pandas', 1), code('import pandas as pd'), code('df = pd.read_csv("x.csv")'))), []);
  });

  it('counts a cell with saved outputs as run, though its count was lost', async () => {
    const printed = { ...code('print(total)'), outputs: ['stream'] };
    assert.deepEqual(await findingsOf('NB106', notebook(code('total = 1', 1), printed, code('b = 2'))), ['3:1:1 b = 2']);
  });
});

describe('NB107 notebook-only-syntax', () => {
  it('reports each cell once, naming every magic, shell escape and help line', async () => {
    assert.deepEqual(await findingsOf('NB107', ['%matplotlib inline\nimport os\n!ls\nfiles = !ls\nos?', '%%bash\necho hi']), ['1:3:1 !ls', '2:1:1 %%bash']);
    const [first] = await analyze(['%matplotlib inline\nimport os\n!ls\nfiles = !ls\nos?'], { select: ['NB107'] });
    assert.match(first.message, /`%matplotlib`, `!ls`, `os\?`/);
    assert.deepEqual(first.related.map((r) => r.range.start.line), [0, 3, 4]);
    assert.equal(first.severity, 'information');
  });

  it('anchors on the install, where the quick fix is', async () => {
    assert.deepEqual(await findingsOf('NB107', ['%load_ext autoreload\n%pip install -q pandas']), ['1:2:1 %pip install -q pandas']);
  });

  it('gives a hint for a cell whose magics only set display or timing', async () => {
    const found = await analyze(['%matplotlib inline\n%load_ext autoreload\n%autoreload 2\n%config InlineBackend.figure_format = "retina"', '%%time\ntotal = sum(range(10))', '%timeit sum(range(10))'], { select: ['NB107'] });
    assert.deepEqual(found.map((f) => f.severity), ['hint', 'hint', 'hint']);
  });

  it('lets a configured severity win over the hint', async () => {
    const [f] = await analyze(['%matplotlib inline'], { select: ['NB107'], severity: { NB107: 'warning' } });
    assert.equal(f.severity, 'warning');
  });
});

describe('NB108 import-not-at-top', () => {
  it('reports module-level imports after the first code cell', async () => {
    assert.deepEqual(await findingsOf('NB108', notebook(markdown('# t'), code(''), code('import os'), code('from a import b\ndef f():\n    import json'))), [
      '4:1:1 from a import b',
    ]);
  });

  it('does not report the IPython import of the restart-after-install boilerplate', async () => {
    assert.deepEqual(await findingsOf('NB108', ['import os', 'import IPython\napp = IPython.Application.instance()\napp.kernel.do_shutdown(True)']), []);
  });

  it('does not take a licence comment, an install or a shell cell for the top', async () => {
    assert.deepEqual(await findingsOf('NB108', [
      '# Copyright 2024 Example LLC\n#\n# Licensed under the Apache License, Version 2.0',
      '%pip install --upgrade --quiet google-cloud-aiplatform\n!pip install -q pandas',
      '%%capture\n!pip install -q transformers',
      '!gcloud config set project demo',
      'import os\nimport pandas as pd',
      'sales = pd.read_csv("sales.csv")',
      'import json',
    ]), ['7:1:1 import json']);
  });
});

describe('NB108: a set-up cell and a sys.path change (holdout10)', () => {
  it('a Colab set-up cell (`import sys, os` to run `!pip`) is not the top: the next code cell is', async () => {
    const setup = "import sys, os\nif 'google.colab' in sys.modules and not os.path.exists('.setup_complete'):\n    !wget -q https://example.org/setup.sh\n    !touch .setup_complete";
    assert.deepEqual(await findingsOf('NB108', [setup, 'import numpy as np\nimport gymnasium as gym', 'env = gym.make("CartPole-v1")', 'import torch']), ['4:1:1 import torch']);
    // A first cell of real imports stays the top (the next cell's leading imports would continue it: see holdout20Imports).
    assert.deepEqual(await findingsOf('NB108', ['import os\nimport pandas as pd', 'frame = pd.DataFrame([[1, 0], [0, 1]])\nimport numpy as np\nprint(np.linalg.det(frame))']), ['2:2:1 import numpy as np']);
  });

  it('an import that needs the sys.path change above it (its cell or the previous one) is placed on purpose', async () => {
    const path = 'import sys\nROOT = "../.."\nsys.path.insert(0, ROOT)';
    assert.deepEqual(await findingsOf('NB108', [path, 'from utils import load_data', 'data = load_data()', 'import json']), ['4:1:1 import json']);
    assert.deepEqual(await findingsOf('NB108', ['import pandas as pd', 'import json\nconfig = json.load(open("config.json"))\nsys.path.append("lib")\nfrom helpers import clean']), ['2:1:1 import json']);
  });
});

describe('NB109 cross-notebook-state', () => {
  it('reports %run and %store -r but not %store', async () => {
    assert.deepEqual(await findingsOf('NB109', ['%run prep.ipynb\n%store -r df\n%store df', 'model = fit(df, features)']), ['1:1:1 %run prep.ipynb', '1:2:1 %store -r df']);
  });
});

describe('suppression and configuration', () => {
  it('honours a line pragma on its line only, a cell pragma on a line of its own, and a bare ignore', async () => {
    const cells = [
      'x = 1\nprint(a)  # nb2prod: ignore[NB102]\nprint(b)',
      'print(c)  # nb2prod: ignore[NB102]\nprint(c2)',
      '# nb2prod: ignore-cell[NB102]\nprint(f)\nprint(g)',
      'print(d)  # nb2prod: ignore',
      'print(e)  # nb2prod: ignore[NB101]',
      'print(h)  # nb2prod: ignore-cell[NB102]\nprint(i)',
      '%%time\n# nb2prod: ignore-cell\nprint(j)',
      '# nb2prod: ignore[NB102]\nprint(k)',
    ];
    assert.deepEqual(await findingsOf('NB102', cells), ['1:3:7 b', '2:2:7 c2', '5:1:7 e', '6:2:7 i', '8:2:7 k']);
  });

  it('selects and ignores by prefix and overrides severity', async () => {
    const cells = ['print(a)', 'import os'];
    // NB102 is opt in: a prefix does not turn it on, its exact code does.
    assert.deepEqual((await analyze(cells, { select: ['NB10'], ignore: ['NB108'] })).map((f) => f.code), []);
    assert.deepEqual((await analyze(cells, { select: ['NB10', 'NB102'], ignore: ['NB108'] })).map((f) => f.code), ['NB102']);
    assert.equal((await analyze(cells, { select: ['NB', 'NB102'], severity: { NB102: 'error' } })).find((f) => f.code === 'NB102')?.severity, 'error');
    assert.deepEqual((await analyze(cells, { select: ['NB', 'NB102'], severity: { nb102: 'off' } })).map((f) => f.code), ['NB108']);
  });

  it('numbers cells as the notebook shows them, markdown included', async () => {
    const [f] = await analyze(notebook(code('print(v)'), markdown('# m'), code('v = 1')), { select: ['NB101'] });
    assert.match(f.message, /in cell 3, below/);
    assert.equal(f.related[0].cell, 2);
  });
});
