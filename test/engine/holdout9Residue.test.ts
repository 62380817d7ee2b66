// NB105 and NB201 false positives of the ninth holdout that still fired on the seen corpus (issue 12).
// Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SAME_STATE_RECEIVERS } from '../../server/src/engine/knowledge/idempotence';
import { findingsOf, placesOf } from '../helpers/engine';

describe('NB105: an index round trip in one cell leaves the same frame', () => {
  const load = 'orders = pd.read_csv("orders.csv")';
  it('set_index undone by reset_index later in the same cell', async () => {
    const cell = 'orders = orders.set_index("customer")\norders["first_month"] = orders.groupby(level=0)["month"].min()\norders = orders.reset_index()';
    assert.deepEqual(await findingsOf('NB105', [load, cell]), []);
    const inplace = 'orders.set_index("customer", inplace=True)\norders["first_month"] = orders.groupby(level=0)["month"].min()\norders.reset_index(inplace=True)';
    assert.deepEqual(await findingsOf('NB105', [load, inplace]), []);
  });
  it('reset_index followed by set_index on named labels', async () => {
    const cell = '# periods as the index\nsummary = summary.reset_index()\nsummary = summary.set_index(["group", "period"])';
    assert.deepEqual(await findingsOf('NB105', ['summary = orders.groupby(["group", "month"]).sum()', cell]), []);
  });
  it('still reports a set_index left in place, a reset_index with nothing after, or a round trip with a growing step between', async () => {
    assert.deepEqual(await findingsOf('NB105', [load, 'orders = orders.set_index("customer")\norders.head()']), ['2:1:1 orders']);
    assert.deepEqual(await findingsOf('NB105', [load, 'orders = orders.reset_index()\nprint(orders.shape)']), ['2:1:1 orders']);
    const between = 'orders = orders.set_index("customer")\norders = orders.join(profiles)\norders = orders.reset_index()';
    assert.deepEqual(await findingsOf('NB105', [load, between]), ['2:1:1 orders']);
    // The set_index appends to the index: the old index comes back as a column on each run.
    assert.deepEqual(await findingsOf('NB105', [load, 'orders = orders.reset_index()\norders = orders.set_index("customer", append=True)']), ['2:1:1 orders']);
    // Undone only inside a branch: the set_index at the top still repeats.
    assert.deepEqual(await findingsOf('NB105', [load, 'orders = orders.set_index("customer")\nif flat:\n    orders = orders.reset_index()']), ['2:1:1 orders']);
  });
});

describe('NB105: an interactive chat loop grows its history on purpose', () => {
  const history = 'history = [{"role": "system", "content": "You are a helpful tutor."}]';
  it('a list grown in a while loop that reads input()', async () => {
    const chat = 'while True:\n    question = input("You: ")\n    if question == "quit":\n        break\n    if question:\n        history.append({"role": "user", "content": question})\n        reply = ask(history)\n    history.append({"role": "assistant", "content": reply})';
    assert.deepEqual(await findingsOf('NB105', [history, chat]), []);
  });
  it('still reports a list grown outside the loop, or in a loop that reads no input', async () => {
    const after = 'while True:\n    question = input("You: ")\n    if question == "quit":\n        break\nhistory.append({"role": "user", "content": question})';
    assert.deepEqual(await findingsOf('NB105', [history, after, 'print(history[-1])']), ['2:5:1 history.append({"role": "user", "content": question})']);
    const batch = 'while pending:\n    question = pending.pop()\n    history.append({"role": "user", "content": question})';
    assert.deepEqual(await findingsOf('NB105', [history, batch]), ['2:3:5 history.append({"role": "user", "content": question})']);
  });
});

describe('NB105: knowledge/idempotence.ts SAME_STATE_RECEIVERS', () => {
  for (const entry of SAME_STATE_RECEIVERS) {
    it(`${[...entry.methods].join(', ')} on an object from ${entry.client}: silent`, async () => {
      assert.deepEqual(await findingsOf('NB105', [...entry.example]), []);
    });
  }
  it('still reports .insert on a list, or on a dataset from a client the imports do not resolve to Opik', async () => {
    assert.deepEqual(await findingsOf('NB105', ['rows = []', 'rows.insert(0, "header")']), ['2:1:1 rows.insert(0, "header")']);
    const other = ['from evals import Store\nclient = Store()\ndataset = client.get_or_create_dataset(name="qa-eval")', 'dataset.insert([{"input": "q"}])'];
    assert.deepEqual(await findingsOf('NB105', other), ['2:1:1 dataset.insert([{"input": "q"}])']);
  });
});

describe('NB201: the bare home folder is on every machine', () => {
  it('"~/" alone, later expanded and joined to a relative folder', async () => {
    const cells = ['# home folder\nhome_folder = "~/"', 'data_folder = os.path.join(os.path.expanduser(home_folder), "generator/data/")'];
    assert.deepEqual(await placesOf('NB201', cells), []);
  });
  it('still reports a folder under it that the notebook only reads', async () => {
    assert.deepEqual(await placesOf('NB201', ['home_folder = "~/generator/data/"']), ['1:1:15 "~/generator/data/"']);
  });
});

describe('NB201: an Oracle ADS model writes its artifact folder in any home', () => {
  it('artifact_dir given directly or through a variable of the same cell', async () => {
    assert.deepEqual(await placesOf('NB201', ['from ads.model import SklearnModel', 'model = SklearnModel(estimator=pipe, artifact_dir="~/svm_artifact")']), []);
    assert.deepEqual(await placesOf('NB201', ['artifact_dir = "~/svm_artifact"\nmodel = SklearnModel(estimator=pipe, artifact_dir=artifact_dir)']), []);
  });
  it('still reports an artifact folder with a user name', async () => {
    assert.deepEqual(await placesOf('NB201', ['model = SklearnModel(estimator=pipe, artifact_dir="/home/alice/svm_artifact")']), ['1:1:51 "/home/alice/svm_artifact"']);
  });
});

describe('NB201: a home-relative path an earlier cell creates', () => {
  const mkdir = '!mkdir -p ~/tmp/archive-lab\n!cp /opt/course/datasets/archives/*.gz ~/tmp/archive-lab';
  it('a folder made by !mkdir, then listed in a later cell', async () => {
    assert.deepEqual(await placesOf('NB201', [mkdir, 'import os\nnames = os.listdir(os.path.expanduser("~/tmp/archive-lab"))']), []);
  });
  it('a script written by %%writefile, then run from a later cell', async () => {
    assert.deepEqual(await placesOf('NB201', [mkdir, '%%writefile ~/tmp/archive-lab/run.sh\n#!/bin/bash\ncat', 'script = os.path.expanduser("~/tmp/archive-lab/run.sh")']), []);
  });
  it('a store a call of an earlier cell creates, given the same literal', async () => {
    assert.deepEqual(await placesOf('NB201', ['db = lancedb.connect("~/lancedb")', 'shutil.rmtree(os.path.expanduser("~/lancedb"))']), []);
  });
  it('still reports a path read before it is made, a file inside the made folder, or a folder made under another name', async () => {
    assert.deepEqual(await placesOf('NB201', ['names = os.listdir(os.path.expanduser("~/tmp/archive-lab"))', mkdir]), ['1:1:39 "~/tmp/archive-lab"']);
    assert.deepEqual(await placesOf('NB201', [mkdir, 'frame = pd.read_csv(os.path.expanduser("~/tmp/archive-lab/table.csv"))']), ['2:1:40 "~/tmp/archive-lab/table.csv"']);
    assert.deepEqual(await placesOf('NB201', ['!mkdir -p ~/tmp/other-lab', 'names = os.listdir(os.path.expanduser("~/tmp/archive-lab"))']), ['2:1:39 "~/tmp/archive-lab"']);
    assert.deepEqual(await placesOf('NB201', [mkdir, 'frame = pd.read_csv("~/Downloads/mydata.csv")']), ['2:1:21 "~/Downloads/mydata.csv"']);
  });
});
