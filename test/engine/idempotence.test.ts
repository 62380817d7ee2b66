// NB105 reports only what a second run really changes. Every entry of the
// idempotence table is run through the engine in a two-cell notebook, rebound and
// (for methods) in place; the fixtures below are the patterns real notebooks showed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GROWING_FUNCTIONS, GROWING_METHODS, METHODS } from '../../server/src/engine/knowledge/idempotence';
import { findingsOf } from '../helpers/engine';

const MAKE = 'import pandas as pd\ndf = pd.read_csv("sales.csv")\nother = pd.read_csv("regions.csv")';

describe('idempotence table, entry by entry', () => {
  for (const [method, entry] of Object.entries(METHODS)) {
    const expected = entry.changes ? ['2:1:1 df'] : [];
    it(`df = df.${method}(${entry.example}) ${entry.changes ? 'is reported' : 'is silent'}`, async () => {
      assert.deepEqual(await findingsOf('NB105', [MAKE, `df = df.${method}(${entry.example})`]), expected);
    });
    const inplaceArgs = entry.example ? `${entry.example}, inplace=True` : 'inplace=True';
    it(`df.${method}(${inplaceArgs}) ${entry.changes ? 'is reported' : 'is silent'}`, async () => {
      const found = await findingsOf('NB105', [MAKE, `df.${method}(${inplaceArgs})`]);
      assert.deepEqual(found, entry.changes ? [`2:1:1 df.${method}(${inplaceArgs})`] : []);
    });
    if (entry.unlessKeyword) {
      it(`df = df.${method}(…) with the keyword that makes it idempotent is silent`, async () => {
        const keyword = ({ reset_index: 'drop=True', set_index: 'drop=False' } as Record<string, string>)[method] ?? 'errors="ignore"';
        const args = entry.example ? `${entry.example}, ${keyword}` : keyword;
        assert.deepEqual(await findingsOf('NB105', [MAKE, `df = df.${method}(${args})`, `df.${method}(${args}, inplace=True)`]), []);
      });
    }
  }

  for (const [fn, entry] of Object.entries(GROWING_FUNCTIONS)) {
    it(`x = np.${fn}(${entry.example}) is reported`, async () => {
      assert.deepEqual(await findingsOf('NB105', ['import numpy as np\nx = np.zeros(3)', `x = np.${fn}(${entry.example})`]), ['2:1:1 x']);
    });
    it(`y = np.${fn}(${entry.example}) into another name is silent`, async () => {
      assert.deepEqual(await findingsOf('NB105', ['import numpy as np\nx = np.zeros(3)', `y = np.${fn}(${entry.example})`]), []);
    });
  }

  for (const [method, entry] of Object.entries(GROWING_METHODS)) {
    it(`items.${method}(${entry.example}) is reported`, async () => {
      assert.deepEqual(await findingsOf('NB105', ['items = load_items()', `items.${method}(${entry.example})`]), [`2:1:1 items.${method}(${entry.example})`]);
    });
  }
});

describe('NB105 on patterns from real notebooks', () => {
  it('is silent for a pop with a default, which a second run finds nothing for and raises nothing', async () => {
    assert.deepEqual(await findingsOf('NB105', ['params = {"eta": 0.1, "nthread": 4, "silent": 1}',
      'for key in ["nthread", "silent"]:\n    params.pop(key, None)']), []);
    // Without a default the second run raises KeyError (a dict) or removes another item (a list).
    assert.deepEqual(await findingsOf('NB105', ['params = {"eta": 0.1, "silent": 1}', 'params.pop("silent")']), ['2:1:1 params.pop("silent")']);
  });

  it('is silent for a list a %%timeit body makes and grows itself: it lives in timeit\'s namespace', async () => {
    assert.deepEqual(await findingsOf('NB105', ['rows = load_rows()',
      '%%timeit\nrows = []\nfor payload in payloads:\n    rows.append([payload[f] for f in features])\nmodel.predict(np.array(rows))']), []);
    // A global list the timed body grows does change the notebook's state (once per timing loop, even).
    assert.deepEqual(await findingsOf('NB105', ['rows = load_rows()', '%%timeit\nrows.append(1)']), ['2:2:1 rows.append(1)']);
  });

  it('reports set_index only for column labels: an array or an index sets the same index again', async () => {
    assert.deepEqual(await findingsOf('NB105', [MAKE + '\ndates = pd.date_range("2024-01-01", periods=len(df))',
      'df.set_index(dates, inplace=True)', 'df = df.set_index(pd.Index(dates))']), []);
    assert.deepEqual(await findingsOf('NB105', [MAKE, 'df.set_index(["region", "store"], inplace=True)', 'df = df.set_index(keys="date")']),
      ['2:1:1 df.set_index(["region", "store"], inplace=True)', '3:1:1 df']);
  });

  it('reports augmented assignment and self arithmetic on a name and on a column', async () => {
    assert.deepEqual(await findingsOf('NB105', [
      'count = 0\nscale = 2.0\nX_train = load()\nframe = load()',
      'count += 1',
      'scale = scale * 1.5',
      'X_train = X_train / 255.0',
      'frame["price"] = frame["price"] * 2',
    ]), ['2:1:1 count', '3:1:1 scale', '4:1:1 X_train', '5:1:1 frame["price"] = frame["price"] * 2']);
  });

  it('is silent for normalising by the value itself, which a second run leaves unchanged', async () => {
    assert.deepEqual(await findingsOf('NB105', ['x = load()', 'x = x / x.max()\nx = (x - x.mean()) / x.std()']), []);
  });

  it('is silent for set and dict unions, which land on the same state', async () => {
    assert.deepEqual(await findingsOf('NB105', ['seen = set()\nflags = {}', 'seen |= {"a"}\nflags |= {"debug": True}']), []);
  });

  it('is silent for guarded defaults', async () => {
    assert.deepEqual(await findingsOf('NB105', [
      'PROJECT = "demo"\nBUCKET = ""\nREGION = None',
      'if not BUCKET:\n    BUCKET = "gs://" + PROJECT',
      'if REGION == "" or REGION is None:\n    REGION = "us-central1"',
    ]), []);
  });

  it('is silent for boolean masks, column selections and string cleaning', async () => {
    assert.deepEqual(await findingsOf('NB105', [
      'import pandas as pd\ndf = pd.read_csv("a.csv")\nname = " Ada "',
      'df = df[df.amount > 0]\ndf = df[["amount", "region"]]',
      'df["region"] = df["region"].str.lower().str.strip()\nname = name.strip().lower()',
      'df["day"] = pd.to_datetime(df["day"])\ndf = df.dropna().drop_duplicates()',
    ]), []);
  });

  it('is silent for unknown calls that rebind the value', async () => {
    assert.deepEqual(await findingsOf('NB105', ['df = load()', 'df = clean(df)\ndf = df.pipe(clean)\ndf = df.groupby("a").sum()']), []);
  });

  it('reports a chain when one known step repeats, and not when an unknown step hides it', async () => {
    assert.deepEqual(await findingsOf('NB105', ['df = load()', 'df = df.dropna().reset_index()', 'df = df.pipe(clean).reset_index()']), ['2:1:1 df']);
  });

  it('reports growing a list defined in an earlier cell and a del of a column', async () => {
    assert.deepEqual(await findingsOf('NB105', ['results = []\ndf = load()', 'results += [0.91]', 'del df["tmp"]']), ['2:1:1 results', '3:1:5 df["tmp"]']);
  });

  it('is silent for a dict update with a fixed mapping and an attribute assignment', async () => {
    assert.deepEqual(await findingsOf('NB105', ['config = {}\ndf = load()', 'config.update({"lr": 0.1})\ndf.columns = ["a", "b"]']), []);
  });

  it('is silent when the cell makes the value itself first', async () => {
    assert.deepEqual(await findingsOf('NB105', ['df = 1', 'df = load()\ndf = df.reset_index()\nitems = []\nitems.append(1)\ncount = 0\ncount += 1']), []);
  });
});

describe('NB105: drop with labels taken from the frame itself', () => {
  it('is silent: a second run finds no rows left to drop', async () => {
    assert.deepEqual(await findingsOf('NB105', ['df = load()', 'df.drop(df[df["customer_id"] == ""].index, inplace=True)\ndf = df.drop(df.loc[df.qty < 0].index)']), []);
  });
});

describe('NB105: module functions that share a name with a list method', () => {
  it('is silent for os.remove, heapq.heappop and friends on an imported module', async () => {
    assert.deepEqual(await findingsOf('NB105', ['import os\nfrom collections import deque as dq', 'os.remove("model.bin")\nos.environ.pop("TOKEN", None)']), []);
  });
});
