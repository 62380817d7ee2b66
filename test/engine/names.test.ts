// Names a notebook reads without a cell binding them in Python: what the kernel,
// cell magics and pandas expression strings provide, and reads the notebook guards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NotebookInput } from '../../server/src/engine/types';
import { analyze, findingsOf, notebook } from '../helpers/engine';

describe('kernel-provided globals', () => {
  const spark = (metadata: Record<string, unknown>): NotebookInput => ({ ...notebook('df = spark.read.parquet(path)\ndisplay(df)\ndbutils.fs.ls("/mnt")'), metadata });

  it('knows spark, dbutils and display in a Databricks or Spark notebook', async () => {
    assert.deepEqual(await findingsOf('NB102', spark({ 'application/vnd.databricks.v1+notebook': { notebookName: 'etl' } })), ['1:1:25 path']);
    assert.deepEqual(await findingsOf('NB102', spark({ kernelspec: { name: 'synapse_pyspark', display_name: 'Synapse PySpark', language: 'Python' } })), ['1:1:25 path']);
  });

  it('still reports them in a plain Python notebook that does not use dbutils (which only Databricks provides)', async () => {
    const plain = { ...notebook('df = spark.read.parquet(path)\ndisplay(df)'), metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } } };
    assert.deepEqual(await findingsOf('NB102', plain), ['1:1:6 spark', '1:1:25 path']);
    assert.deepEqual(await findingsOf('NB102', spark(plain.metadata)), ['1:1:25 path']);
  });
});

describe('cell magics that bind a name', () => {
  it('%%bigquery, %%sql <<, %%sql -o, %%R -o and %%capture bind their variable', async () => {
    assert.deepEqual(await findingsOf('NB102', [
      '%%bigquery trips --project demo-project\nSELECT * FROM `bigquery-public-data.chicago_taxi_trips.taxi_trips` LIMIT 10',
      '%%sql recent <<\nSELECT * FROM orders WHERE day > 3',
      '%%sql -o local_df\nSELECT 1',
      '%%R -o fit_summary,coefs\nfit <- lm(y ~ x)',
      '%%capture install_log\n!pip install -q pandas',
      'print(trips.shape, recent, local_df, fit_summary, coefs, install_log.stdout)',
    ]), []);
  });

  it('%%bash --out, %%script --err and --proc keep the script\'s output in their variable', async () => {
    const cells = [
      'import json',
      '%%bash --out request_json\ncurl -s "$API_URL/request.json"',
      'x = json.loads(request_json)\nx["objects"] = {}\nrequest_json = json.dumps(x)',
      '%%script bash --err build_log --proc build\nmake all',
      'print(build_log, build.pid)',
    ];
    assert.deepEqual(await findingsOf('NB101', cells), []);
    assert.deepEqual(await findingsOf('NB102', cells), []);
    // Without --out the script's output is printed, not kept.
    assert.deepEqual(await findingsOf('NB101', ['import json', '%%bash\ncurl -s "$API_URL/request.json"', cells[2]]), ['3:1:16 request_json']);
  });

  it('a %%bigquery cell without a destination binds nothing', async () => {
    assert.deepEqual(await findingsOf('NB102', ['%%bigquery --project demo-project\nSELECT 1', 'print(result)']), ['2:1:7 result']);
  });
});

describe('reads the notebook guards against NameError', () => {
  it('try/except NameError and except Exception are not NB101/NB102', async () => {
    const cells = ['try:\n    print(model)\nexcept NameError:\n    model = None', 'try:\n    cache_dir\nexcept Exception:\n    cache_dir = "cache"', 'model = 1'];
    assert.deepEqual(await findingsOf('NB101', cells), []);
    assert.deepEqual(await findingsOf('NB102', cells), []);
  });
});

describe('pandas expression strings', () => {
  it('counts @name in query and eval as a read', async () => {
    assert.deepEqual(await findingsOf('NB101', ['big = sales.query("amount > @cutoff and region == @region")', 'cutoff = 10\nregion = "EU"', 'sales = load()']).then((f) => f.length), 3);
    assert.deepEqual(await findingsOf('NB102', ['import pandas as pd\nsales = pd.DataFrame()', 'sales.eval("net = amount - @fee")']), ['2:1:29 fee']);
  });

  it('is silent when the name is defined and for an e-mail address in the string', async () => {
    assert.deepEqual(await findingsOf('NB102', ['sales = load()\ncutoff = 3', 'sales.query("amount > @cutoff")\nsales.query("email == \'ops@example.com\'")']), ['1:1:9 load']);
  });
});

describe('NB109 and what the notebook writes itself', () => {
  it('is silent for %run of a file a %%writefile cell of the notebook writes', async () => {
    assert.deepEqual(await findingsOf('NB109', ['%%writefile train_task.py\nimport sys\nprint(sys.argv)', '%run ./train_task.py --epochs 2', '%run prepare.py', 'model = fit(features)']), ['3:1:1 %run prepare.py']);
  });

  // dev: Vertex AI samples write `{APP_DIR}/task.py` and then try it locally with `%run trainer/task.py`.
  it('matches a %%writefile path that IPython expands ({APP_DIR}, $APP_DIR) against the %run path', async () => {
    const notebook = (writes: string, runs: string) => ['APP_DIR = "trainer"', `%%writefile ${writes}\nimport argparse\nparser = argparse.ArgumentParser()`, `%run ${runs} --epochs 2`, 'summary = report(history)'];
    assert.deepEqual(await findingsOf('NB109', notebook('{APP_DIR}/task.py', 'trainer/task.py')), []);
    assert.deepEqual(await findingsOf('NB109', notebook('$APP_DIR/task.py', './trainer/task.py')), []);
    assert.deepEqual(await findingsOf('NB109', notebook('{APP_DIR}/task.py', 'trainer/evaluate.py')), ['3:1:1 %run trainer/evaluate.py --epochs 2']);
    assert.deepEqual(await findingsOf('NB109', notebook('{APP_DIR}/task.py', 'trainer/nested/task.py')), ['3:1:1 %run trainer/nested/task.py --epochs 2']);
  });

  it('reports a cell of %store -r lines once, naming every restored value', async () => {
    const cells = ['%store -r train_uri\n%store -r test_uri\n%store -r role\nprint(train_uri, test_uri, role)', '%store -r endpoint'];
    assert.deepEqual(await findingsOf('NB109', cells), ['1:1:1 %store -r train_uri', '2:1:1 %store -r endpoint']);
    const grouped = (await analyze(cells)).filter((f) => f.code === 'NB109' && f.cell === 0);
    assert.equal(grouped.length, 1);
    assert.equal(grouped[0].range.end.line, 2);
    assert.match(grouped[0].message, /`train_uri`, `test_uri`, `role`, saved by another notebook/);
  });

  it('is silent for %store -r inside try/except NameError', async () => {
    assert.deepEqual(await findingsOf('NB109', ['try:\n    features\nexcept NameError:\n    %store -r features', '%store -r labels']), ['2:1:1 %store -r labels']);
  });

  // dev-r12h: SageMaker deploy notebooks restore the trained model's URI and, when the store is empty, upload a pretrained one.
  it('is silent for %store -r followed by a fallback that builds the value when the store is empty', async () => {
    const withFallback = (handler: string) => [
      'import boto3\nsession = make_session()\n\n%store -r churn_model_uri\n\ntry:\n    churn_model_uri\nexcept NameError:\n' + handler,
      'predictor = deploy(churn_model_uri)',
    ];
    assert.deepEqual(await findingsOf('NB109', withFallback('    # no earlier training run: start from the published model\n    s3 = boto3.client("s3")\n    churn_model_uri = upload_pretrained(s3, session)\n')), []);
    assert.deepEqual(await findingsOf('NB109', ['%store -r endpoint_name\nif "endpoint_name" not in locals():\n    endpoint_name = create_endpoint()\nprint(endpoint_name)']), []);
    // A handler or a guard that only complains leaves the notebook needing the other one.
    assert.deepEqual(await findingsOf('NB109', withFallback('    print("Run 01_train.ipynb first")\n')), ['1:4:1 %store -r churn_model_uri']);
    assert.deepEqual(await findingsOf('NB109', ['%store -r endpoint_name\nif "endpoint_name" not in locals():\n    print("Please set endpoint_name")']), ['1:1:1 %store -r endpoint_name']);
    // Every restored name needs its fallback.
    assert.deepEqual(await findingsOf('NB109', ['%store -r model_uri role\ntry:\n    model_uri\nexcept NameError:\n    model_uri = upload_pretrained()']), ['1:1:1 %store -r model_uri role']);
  });
});


describe('patterns from the labelled dev corpus', () => {
  it('a guarded read inside a function body is not NB102', async () => {
    assert.deepEqual(await findingsOf('NB102', ['def deploy(env):\n    try:\n        if HF_TOKEN:\n            env["HF_TOKEN"] = HF_TOKEN\n    except NameError:\n        pass\n    return env']), []);
  });

  it('x *= 2 on a name defined nowhere is NB102, not "defined later in this cell"', async () => {
    const cells = ['layer_output *= 0.5'];
    assert.deepEqual(await findingsOf('NB101', cells), []);
    assert.deepEqual(await findingsOf('NB102', cells), ['1:1:1 layer_output']);
  });

  it('a placeholder list to fill in is not a read', async () => {
    assert.deepEqual(await findingsOf('NB102', ['MODEL_ID = [your-model-id]  # fill in\nPROJECT = [my-project]']), []);
  });

  it('a custom cell magic may define anything: later reads are not reported', async () => {
    assert.deepEqual(await findingsOf('NB102', ['%%write_and_execute ingest.py\nfeature_group = make_group()', 'print(feature_group)']), []);
  });

  it('%store -r of names the notebook %store-s itself is not NB109', async () => {
    assert.deepEqual(await findingsOf('NB109', ['model_uri = "s3://bucket/model"\n%store model_uri', '%store -r model_uri', '%store -r other_uri', 'print(other_uri)']), ['3:1:1 %store -r other_uri']);
  });
});
