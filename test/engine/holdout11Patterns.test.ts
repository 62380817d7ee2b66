// False positives found labelling holdout11 (engine 99e68d4), each fixed after the measurement.
// Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, placesOf } from '../helpers/engine';

describe('NB105: a Snowpark frame\'s `.drop("c")` is a no-op on a second run (holdout11)', () => {
  const table = 'events = session.table("analytics.public.events")';
  const dedup = 'ranked = events.select(row_number().over(w).as_("rank"), "user_id", "seen_at").filter(col("rank") == 1)';
  const drop = 'ranked = ranked.drop("rank")';
  it('a frame from `session.table(…)`, and one a chain of its methods makes, drops a missing column silently', async () => {
    assert.deepEqual(await findingsOf('NB105', [table, 'events = events.drop("payload")']), []);
    assert.deepEqual(await findingsOf('NB105', [table, dedup, drop]), []);
  });
  it('the same drop on a pandas frame, or after leaving Snowpark, is still reported', async () => {
    assert.deepEqual(await findingsOf('NB105', ['ranked = pd.read_csv("ranked.csv")', drop]), ['2:1:1 ranked']);
    assert.deepEqual(await findingsOf('NB105', [table, 'ranked = events.to_pandas()', drop]), ['3:1:1 ranked']);
  });
});

describe('NB201: paths that are not the author\'s (holdout11)', () => {
  it('the files Kubeflow Pipelines reads from every component, and a path whose first folder is computed', async () => {
    const component = 'def evaluate(model_dir: str):\n    import json\n    metadata = {"outputs": [{"type": "markdown", "storage": "inline", "source": "# Done"}]}\n    with open("/mlpipeline-ui-metadata.json", "w") as f:\n        json.dump(metadata, f)\n    with open("/mlpipeline-metrics.json", "w") as f:\n        json.dump({"metrics": []}, f)';
    assert.deepEqual(await placesOf('NB201', [component]), []);
    assert.deepEqual(await placesOf('NB201', ["import os, json\nhere = os.getcwd()\nparams = json.load(open(f'/{here}/creds.json'))"]), []);
  });
  it('a fixed absolute path, and one under a fixed folder with a computed file name, are still reported', async () => {
    assert.deepEqual(await placesOf('NB201', ['with open("/mlpipeline/metrics.json", "w") as f:\n    f.write("{}")']), ['1:1:11 "/mlpipeline/metrics.json"']);
    assert.deepEqual(await placesOf('NB201', ["params = json.load(open(f'/srv/alice/{name}.json'))"]), ["1:1:25 f'/srv/alice/{name}.json'"]);
  });
});
