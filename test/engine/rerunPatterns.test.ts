// NB103 and NB105 false positives found labelling holdout3: outputs no input can change,
// and changes a second run does not repeat. Each pattern stays silent; the true case
// next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CellInput } from '../../server/src/engine/types';
import { analyze, code, findingsOf, notebook } from '../helpers/engine';

const messagesOf = async (rule: string, nb: string[]) => (await analyze(nb, { select: [rule] })).map((f) => f.message);

/** A cell that ran at `count` and printed `stdout` (nothing else). */
const printed = (source: string, count: number, stdout: string): CellInput => ({ ...code(source, count), outputs: [stdout], stdout });
/** A cell that ran at `count` and whose last expression showed `result`. */
const showed = (source: string, count: number, result: string): CellInput => ({ ...code(source, count), outputs: [result], result });

describe('NB103: an output the cell\'s own literals fix is not stale', () => {
  const setup = 'client = VectorClient(url)\ncollection_name = "articles"';

  it('a print of a literal string after a call on the newer inputs', async () => {
    const cell = 'client.create_index(\n    collection_name=collection_name,\n    field="title",\n)\nprint("Index created for the title field")';
    assert.deepEqual(await findingsOf('NB103', notebook(code(setup, 9), printed(cell, 4, 'Index created for the title field\n'))), []);
  });

  it('prints of the items of the cell\'s own literal list, in a loop over it', async () => {
    const cell = 'files = ["a.png", "b.png"]\nwith client.batch as batch:\n    for name in files:\n        print(f"Adding {name}")\n        batch.add(encode(name))';
    assert.deepEqual(await findingsOf('NB103', notebook(code(setup, 9), printed(cell, 4, 'Adding a.png\nAdding b.png\n'))), []);
  });

  it('the True an action call returns to say it succeeded', async () => {
    const cell = 'client.create_collection(\n    collection_name=collection_name,\n    size=encoder.dimension(),\n)';
    assert.deepEqual(await findingsOf('NB103', notebook(code(setup + '\nencoder = Encoder()', 9), showed(cell, 4, 'True'))), []);
  });

  it('the dashes a deployment prints while it waits', async () => {
    const cell = 'predictor = model.deploy(\n    initial_instance_count=1, instance_type="ml.g5.xlarge")';
    assert.deepEqual(await findingsOf('NB103', notebook(code('model = JumpStartModel(model_id=MODEL_ID)', 9), printed(cell, 4, '---------------!'))), []);
    assert.deepEqual(await findingsOf('NB103', notebook(code('model = JumpStartModel(model_id=MODEL_ID)', 9), printed(cell, 4, '-----!\nendpoint ready: llama-endpoint\n'))), ['2:1:13 model']);
  });

  it('still reports outputs the newer inputs could change', async () => {
    const nb = (c: CellInput) => notebook(code(setup + '\nencoder = Encoder()\ndocs = load()', 9), c);
    // The printed text includes a value from outside the cell.
    assert.deepEqual(await findingsOf('NB103', nb(printed('print("Collection:", collection_name)', 4, 'Collection: articles\n'))), ['2:1:22 collection_name']);
    // A literal print under a condition on a newer input.
    assert.deepEqual(await findingsOf('NB103', nb(printed('if client.exists(collection_name):\n    print("found")', 4, 'found\n'))), ['2:1:4 client']);
    // A literal print once per item of data from another cell.
    assert.deepEqual(await findingsOf('NB103', nb(printed('for d in docs:\n    print("added")', 4, 'added\nadded\n'))), ['2:1:10 docs']);
    // Something else printed besides the literal.
    assert.deepEqual(await findingsOf('NB103', nb(printed('client.fit(docs)\nprint("done")', 4, 'epoch 1 loss 0.3\ndone\n'))), ['2:1:1 client']);
    // `True` from a call that tests something rather than acts.
    assert.deepEqual(await findingsOf('NB103', nb(showed('client.collection_exists(collection_name)', 4, 'True'))), ['2:1:1 client']);
  });
});

describe('NB105: changes a second run does not repeat', () => {
  it('subtracting an offset the cell computes from the same data: after one run the offset is 0', async () => {
    const cell = 'counts = {}\nfor i in range(len(dataset)):\n    for label in dataset[i].y.tolist():\n        counts[label] = counts.get(label, 0) + 1\noffset = min(counts.keys())\nfor i in range(len(dataset)):\n    dataset[i].y -= offset';
    assert.deepEqual(await findingsOf('NB105', ['dataset = PointClouds(path)', cell]), []);
    assert.deepEqual(await findingsOf('NB105', ['scores = load_scores()', 'low = scores.min()\nscores = scores - low']), []);
  });

  it('standardising the test set with the train set\'s mean and std, which the same cell standardises first', async () => {
    const cell = 'mean = train_data.mean(axis=0)\ntrain_data -= mean\nstd = train_data.std(axis=0)\ntrain_data /= std\n\ntest_data -= mean\ntest_data /= std';
    assert.deepEqual(await findingsOf('NB105', ['(train_data, test_data) = load_arrays()', cell]), []);
    // The train set is not shifted in this cell: its mean stays, and the test set moves on each run.
    assert.deepEqual(await findingsOf('NB105', ['(train_data, test_data) = load_arrays()', 'mean = train_data.mean(axis=0)\ntest_data -= mean']), ['2:2:1 test_data']);
  });

  it('standardising by a mean and std the same cell takes from the value: a second run finds mean 0 and std 1', async () => {
    const load = 'X, y = fetch_housing(return_X_y=True)';
    assert.deepEqual(await findingsOf('NB105', [load, 'mu = X.mean(axis=0)\nsigma = X.std(axis=0)\nX = (X - mu) / sigma']), []);
    assert.deepEqual(await findingsOf('NB105', [load, 'mu = np.mean(X, axis=0)\nsigma = np.std(X, axis=0)\nX = (X - mu) / sigma']), []);
    // Min-max scaling lands on [0, 1], which a second run maps to itself.
    assert.deepEqual(await findingsOf('NB105', [load, 'lo = X.min(axis=0)\nhi = X.max(axis=0)\nX = (X - lo) / (hi - lo)']), []);
    // Scaling by a max-abs or a norm of the value itself: the next run divides by 1.
    assert.deepEqual(await findingsOf('NB105', [load, 'peak = np.abs(X).max()\nX = X / peak']), []);
    assert.deepEqual(await findingsOf('NB105', [load, 'length = np.linalg.norm(X)\nX = X / length']), []);
    // The test set standardised by the train set's statistics, which the same cell standardises too.
    const split = 'X_train, X_test = train_test_split(X)';
    assert.deepEqual(await findingsOf('NB105', [split, 'mu = X_train.mean(0)\nsigma = X_train.std(0)\nX_train = (X_train - mu) / sigma\nX_test = (X_test - mu) / sigma']), []);
  });

  it('still reports scaling by a constant or by statistics that are not a fixed point', async () => {
    const load = 'X, y = fetch_housing(return_X_y=True)\nstats = load_stats()';
    assert.deepEqual(await findingsOf('NB105', [load, 'X = X / 255']), ['2:1:1 X']);
    // Statistics of another value the cell leaves as it is.
    assert.deepEqual(await findingsOf('NB105', [load, 'mu = stats.mean(axis=0)\nsigma = stats.std(axis=0)\nX = (X - mu) / sigma']), ['2:3:1 X']);
    // A mean per column over one std of everything: the std of the result is not 1.
    assert.deepEqual(await findingsOf('NB105', [load, 'mu = X.mean(axis=0)\nsigma = X.std()\nX = (X - mu) / sigma']), ['2:3:1 X']);
    // A norm moves with the shift: after centring, the norm of the result is not 1.
    assert.deepEqual(await findingsOf('NB105', [load, 'mu = X.mean(axis=0)\nlength = np.linalg.norm(X, axis=0)\nX = (X - mu) / length']), ['2:3:1 X']);
    // Only the train set's statistics, but the train set is not standardised in this cell.
    assert.deepEqual(await findingsOf('NB105', ['X_train, X_test = train_test_split(X)', 'mu = X_train.mean(0)\nsigma = X_train.std(0)\nX_test = (X_test - mu) / sigma']), ['2:3:1 X_test']);
  });

  it('says columns, not rows, for a concat side by side', async () => {
    const nb = ['features = load()\nextra = load_extra()'];
    const [columns] = await messagesOf('NB105', [...nb, 'features = pd.concat([features, extra], axis=1)']);
    assert.match(columns, /appends the columns again/);
    const [rows] = await messagesOf('NB105', [...nb, 'features = pd.concat([features, extra])']);
    assert.match(rows, /appends the rows again/);
    // An `axis=1` of a call inside the arguments is not the concat's.
    const [nested] = await messagesOf('NB105', [...nb, 'features = pd.concat([features, extra.drop("id", axis=1)])']);
    assert.match(nested, /appends the rows again/);
  });

  it('set_index(..., drop=False) keeps the column, so a second run sets the same index', async () => {
    assert.deepEqual(await findingsOf('NB105', ['orders = load_orders()', 'orders.set_index("order_id", drop=False, inplace=True)']), []);
    assert.deepEqual(await findingsOf('NB105', ['orders = load_orders()', 'orders.set_index("order_id", inplace=True)']), ['2:1:1 orders.set_index("order_id", inplace=True)']);
  });

  it('still reports an offset that does not come from the value it shifts', async () => {
    assert.deepEqual(await findingsOf('NB105', ['dataset = PointClouds(path)\nbaseline = load_baseline()', 'offset = min(baseline)\nfor i in range(len(dataset)):\n    dataset[i].y -= offset']), ['2:3:5 dataset[i].y -= offset']);
    assert.deepEqual(await findingsOf('NB105', ['scores = load_scores()', 'low = scores.min()\nscores = scores + low']), ['2:2:1 scores']);
  });

  it('a counter the cell\'s comment says is bumped so that a rerun makes a new group', async () => {
    const cell = 'wandb.init(project="demo", group="exp_" + str(experiment_index))\nwandb.finish()\n# incrementing this so you can re-run this cell and get another experiment group\nexperiment_index += 1';
    assert.deepEqual(await findingsOf('NB105', ['experiment_index = 1', cell]), []);
    assert.deepEqual(await findingsOf('NB105', ['experiment_index = 1', cell.replace(/# .*\n/, '# next experiment\n')]), ['2:4:1 experiment_index']);
  });
});

describe('NB101: code not meant to run as is', () => {
  it('a cell left unrun in a notebook that ran, reading names no cell binds: a sketch or an API signature', async () => {
    const signature = code('keras.layers.SimpleRNN(units, activation="tanh", dropout=0.0,\n                       kernel_regularizer=None)');
    assert.deepEqual(await findingsOf('NB101', notebook(signature, code('import keras\nimport numpy as np', 1))), []);
    // Every name it reads is bound somewhere: an ordering mistake, reported.
    assert.deepEqual(await findingsOf('NB101', notebook(code('keras.layers.SimpleRNN(32)'), code('import keras', 1))), ['1:1:1 keras']);
    // A notebook saved without any run: the unrun cell is as much a step as the others.
    assert.deepEqual(await findingsOf('NB101', notebook(signature, code('import keras'))), ['1:1:1 keras']);
  });

  it('a "definition" in a cell Python cannot parse binds nothing (a Scala line in a cheat sheet)', async () => {
    const nb = notebook(code('joined = users.join(logs, "id")'), code('users = spark.read.json(path)'), code('val logs = ssc.socketTextStream(host, port)'));
    assert.deepEqual(await findingsOf('NB101', nb), ['1:1:10 users']);
  });

  it('a never-run cheat sheet with several cells that are not Python: its snippets are not steps', async () => {
    const sheet = ['rdd = sc.textFile("file:/path/*")', 'val lines = ssc.socketTextStream(host, port)', 'spark.master    spark://localhost:7077', '$SPARK_HOME/conf/log4j.properties'];
    assert.deepEqual(await findingsOf('NB101', ['df = sqlContext.createDataFrame(my_data)', 'my_data = sc.textFile("file:/path/*")', ...sheet]), []);
    // Two unparsable cells can be slips in a real notebook: still reported.
    assert.deepEqual(await findingsOf('NB101', ['df = sqlContext.createDataFrame(my_data)', 'my_data = sc.textFile("file:/path/*")', ...sheet.slice(0, 3)]), ['1:1:33 my_data']);
  });

  it('a name bound in a %%time body saved as a call (a Kaggle export) is bound there, not only below', async () => {
    const timed = "get_ipython().run_cell_magic('time', '', 'paths = train.path.values\\nX_train = extract_features(paths)\\n')";
    assert.deepEqual(await findingsOf('NB101', ['train = load()', timed, 'X_train.shape', 'X_train = np.float32(X_train)']), []);
    // %%writefile's body is a file, not code run in the notebook.
    const written = "get_ipython().run_cell_magic('writefile', 'prep.py', 'X_train = extract_features(paths)\\n')";
    assert.deepEqual(await findingsOf('NB101', ['train = load()', written, 'X_train.shape', 'X_train = np.float32(load())']), ['3:1:1 X_train']);
  });

  it('a function the student is to write (`# TODO: Your code goes here`) reads nothing yet', async () => {
    const stub = 'def best_trial_of(job_name):\n    \n    # TODO 5: Your code goes here\n    \n    return best_trial';
    assert.deepEqual(await findingsOf('NB101', [stub, 'best_trial = best_trial_of(JOB_NAME)']), []);
    const written = 'def best_trial_of(job_name):\n    return best_trial';
    assert.deepEqual(await findingsOf('NB101', [written, 'best_trial = best_trial_of(JOB_NAME)']), ['2:1:14 best_trial_of']);
  });
});
