// NB205 false positives still shown on holdout18 after its first fixes (r19): settings inside a function no cell calls.
// The settings beside them that do run stay reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../server/src/engine/analyze';
import { mergeConfig } from '../../server/src/engine/config';
import { defaultWasmDir } from '../../server/src/engine/parser';
import type { NotebookInput } from '../../server/src/engine/types';
import { findingsOf, placesOf, REPO_ROOT } from '../helpers/engine';

describe('NB205: holdout18 precision (r19)', () => {
  const loader = [
    'from sklearn.datasets import load_wine',
    'from sklearn.model_selection import train_test_split',
    '',
    'def load_splits():',
    '    # hold out a test set',
    '    X, y = load_wine(return_X_y=True)',
    '    return train_test_split(X, y, test_size=0.25, random_state=7)',
  ].join('\n');
  const train = 'from sklearn.ensemble import GradientBoostingClassifier\nclf = GradientBoostingClassifier(learning_rate=0.1, n_estimators=300)\nclf.fit(X_demo, y_demo)';

  it('leaves out the settings of a function no cell calls', async () => {
    assert.deepEqual(await placesOf('NB205', [loader, train]), ['2:2:48 0.1', '2:2:66 300']);
  });

  it('reports them once a cell calls the function, in a later cell or from another function', async () => {
    const expected = ['1:7:45 0.25', '1:7:64 7', '2:2:48 0.1', '2:2:66 300'];
    assert.deepEqual(await placesOf('NB205', [loader, train, 'X_train, X_test, y_train, y_test = load_splits()']), expected);
    assert.deepEqual(await placesOf('NB205', [loader, train, 'def main():\n    return load_splits()\n\nmain()']), expected);
    // Passed on as a callback, or named in a string that code runs, is a use too.
    assert.equal((await placesOf('NB205', [loader, train, 'splits = run_cached(load_splits)'])).length, 4);
    assert.equal((await placesOf('NB205', [loader, train, "import timeit\nprint(timeit.timeit('load_splits()', number=3, globals=globals()))"])).length, 4);
    // A method of the same name is another function.
    assert.equal((await placesOf('NB205', [loader, train, 'splits = data_module.load_splits()'])).length, 2);
  });

  it('keeps a decorated function: the decorator may run it', async () => {
    const task = '@task\ndef fit_model():\n    return Ridge(alpha=3.0).fit(X, y)';
    assert.deepEqual(await findingsOf('NB205', ['from sklearn.linear_model import Ridge', task]), ['2:3:24 3.0']);
  });

  it('keeps a function under a decorator written on several lines, pytest\'s test functions and a platform\'s entry points', async () => {
    const skipped = '@pytest.mark.skipif(\n    sys.platform == "darwin",\n    reason="slow",\n)\ndef fit_slow():\n    return Ridge(alpha=3.0).fit(X, y)';
    assert.deepEqual(await findingsOf('NB205', ['import sys\nimport pytest\nfrom sklearn.linear_model import Ridge', skipped]), ['2:6:24 3.0']);
    assert.deepEqual(await findingsOf('NB205', ['from sklearn.linear_model import Ridge', 'def test_ridge_fits():\n    assert Ridge(alpha=3.0).fit(X, y)']), ['2:2:24 3.0']);
    // A platform calls its entry point: AWS Lambda its `lambda_handler`.
    assert.deepEqual(await findingsOf('NB205', ['import openai', 'def lambda_handler(event, context):\n    return openai.Completion.create(prompt=event["q"], max_tokens=256)']), ['2:2:67 256']);
  });

  it('an edited engine agrees with a fresh one when a call of the function, or an endpoint named after a model, comes and goes', async () => {
    const wasm = defaultWasmDir(REPO_ROOT);
    const live = await Engine.create(wasm);
    const config = mergeConfig({ select: ['NB205'] });
    const variants = ['print("done")', 'X_train, X_test, y_train, y_test = load_splits()', 'print("done")', 'endpoint_name = f"{model_name}-endpoint"', 'print("done")'];
    let counts = new Set<number>();
    for (const last of variants) {
      const nb: NotebookInput = { cells: [loader, train, 'model_name = "qwen3-4b-instruct-lora"', last].map((source, i) => ({ kind: 'code', source, executionCount: i + 1 })), path: 'notebooks/r19.ipynb' };
      const full = (await Engine.create(wasm)).analyze(nb, config);
      assert.deepEqual(live.analyze(nb, config), full, last);
      counts = counts.add(full.reduce((n, f) => n + 1 + f.related.length, 0));
    }
    // The edits did change the places reported (3, 5 and 2 of them).
    assert.equal(counts.size, 3);
  });

  it('keeps every function when a cell may call anything (%run, exec)', async () => {
    assert.equal((await placesOf('NB205', [loader, train, '%run helpers.py'])).length, 4);
  });

  const names = 'model_id = "Qwen/Qwen3-4B-Instruct-2507"\nmodel_name = "qwen3-4b-instruct-lora"';
  it('does not take the name of a deployment\'s model resource for a model id', async () => {
    assert.deepEqual(await findingsOf('NB205', [names, 'endpoint_name = f"{model_name}-endpoint"']), ['1:1:12 "Qwen/Qwen3-4B-Instruct-2507"']);
    assert.deepEqual(await findingsOf('NB205', [`${names}\nendpoint_name = "qwen3-4b-instruct-lora-endpoint"`]), ['1:1:12 "Qwen/Qwen3-4B-Instruct-2507"']);
  });

  it('still reports the model name when no endpoint is named after it', async () => {
    assert.deepEqual(await findingsOf('NB205', [names, 'endpoint_name = "chat-endpoint"']), ['1:1:12 "Qwen/Qwen3-4B-Instruct-2507"', '1:2:14 "qwen3-4b-instruct-lora"']);
  });

  const scored = 'import pandas as pd\nval = pd.read_parquet("val_scores.parquet")';
  it('leaves out thresholds that only pick rows to look at', async () => {
    const cells = [
      // A word of a run name is no use of `low`.
      `${scored}\nrun_name = "ensemble-low"`,
      'len(val[val.top_prob < 0.85]) / len(val)',
      'val[(val.top_prob >= 0.45) & (val.top_prob <= 0.55)].values.tolist()',
      'low = val[(val.top_prob + val.second_prob) < 0.7]\nlow[["id", "top_prob", "second_prob"]].head(100)',
      // Another cell's `low` is its own selection.
      'low = val[val.top_prob < 0.3]\nlow.describe()',
    ];
    assert.deepEqual(await findingsOf('NB205', cells), []);
  });

  it('still reports a threshold whose selection is assigned to, or used in a later cell', async () => {
    assert.deepEqual(await findingsOf('NB205', [scored, 'labels = val.label.copy()\nlabels[val.pred_prob > 0.5] = "churn"']), ['2:2:24 0.5']);
    assert.deepEqual(await findingsOf('NB205', [scored, 'keep = val[val.pred_prob > 0.6]\nkeep.head()', 'keep.to_csv("confident.csv")']), ['2:1:28 0.6']);
    assert.deepEqual(await findingsOf('NB205', [scored, 'keep = val[val.pred_prob > 0.6]\nsend_offers(keep)']), ['2:1:28 0.6']);
    assert.deepEqual(await findingsOf('NB205', [scored, 'flags = np.where(val.pred_prob[val.segment == 2] > 0.5, 1, 0)']), ['2:1:52 0.5']);
  });

  it('an edited engine agrees with a fresh one when a later cell starts or stops using a shown selection', async () => {
    const wasm = defaultWasmDir(REPO_ROOT);
    const live = await Engine.create(wasm);
    const config = mergeConfig({ select: ['NB205'] });
    const counts: number[] = [];
    for (const last of ['print("done")', 'keep.to_csv("confident.csv")', 'print("done")', 'keep = val[val.segment == 2]\nkeep.to_csv("segment.csv")', 'keep.to_csv("segment.csv")\nkeep = val[val.segment == 2]']) {
      const nb: NotebookInput = { cells: [scored, 'keep = val[val.pred_prob > 0.6]\nkeep.head()', last].map((source, i) => ({ kind: 'code', source, executionCount: i + 1 })), path: 'notebooks/r19b.ipynb' };
      const full = (await Engine.create(wasm)).analyze(nb, config);
      assert.deepEqual(live.analyze(nb, config), full, last);
      counts.push(full.length);
    }
    assert.deepEqual(counts, [0, 1, 0, 0, 1]);
  });
});
