// False positives found labelling holdout8A (engine 30c4d77), each fixed after the measurement.
// Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODEL_FOLDER_WRITERS } from '../../server/src/engine/knowledge/modelIds';
import { code, findingsOf, notebook } from '../helpers/engine';

describe('dead code under `if False:` binds and uses nothing (every rule)', () => {
  const reload = (condition: string) => `${condition}\n    from unsloth import FastLanguageModel\n    model, tokenizer = FastLanguageModel.from_pretrained(\n        model_name = "unsloth/Qwen3-4B",\n    )`;
  it('NB104: a cell that sets `model` only under `if False:` did not set it when it ran', async () => {
    const nb = (setter: string) => notebook(code('model = load_model()', 1), code('emb = model.encode(query)', 3), code(setter, 2));
    assert.deepEqual(await findingsOf('NB104', nb('if False:\n    model = other_model()')), []);
    assert.deepEqual(await findingsOf('NB104', nb('if 0:\n    model = other_model()')), []);
    // A condition that may hold keeps the finding.
    assert.deepEqual(await findingsOf('NB104', nb('if use_other:\n    model = other_model()')), ['2:1:7 model']);
  });
  it('NB205: a model id only in an `if False:` block is never used', async () => {
    assert.deepEqual(await findingsOf('NB205', [reload('if False:')]), []);
    assert.deepEqual(await findingsOf('NB205', [reload('if (False):')]), []);
    assert.deepEqual(await findingsOf('NB205', [reload('if reload_adapter:')]), ['1:4:22 "unsloth/Qwen3-4B"']);
  });
  it('the `else` of an `if False:` still runs', async () => {
    const cell = 'if False:\n    pass\nelse:\n    model = AutoModel.from_pretrained("unsloth/Qwen3-4B")';
    assert.deepEqual(await findingsOf('NB205', [cell]), ['1:4:39 "unsloth/Qwen3-4B"']);
  });
});

describe('NB503: code after an unconditional `raise` or `return` never runs', () => {
  const submit = (first: string) => `import requests\n\ndef submit(answer):\n${first}    r = requests.post(SUBMIT_URL, json=answer)\n    return r.json()`;
  it('a `submit()` that raises on its first line never posts', async () => {
    assert.deepEqual(await findingsOf('NB503', [submit('    raise Exception("The competition is closed")\n')]), []);
    assert.deepEqual(await findingsOf('NB503', [submit('    return None\n')]), []);
  });
  it('a raise under a condition keeps the finding', async () => {
    assert.deepEqual(await findingsOf('NB503', [submit('    if closed:\n        raise Exception("The competition is closed")\n')]), ['1:6:9 requests.post']);
  });
});

describe('NB205: a folder the notebook writes a model to is a path, not a model id', () => {
  const load = 'model, tokenizer = FastLanguageModel.from_pretrained(model_name = "qwen_lora")';
  it('loading the folder alone reads like a model id, and is reported', async () => {
    assert.deepEqual(await findingsOf('NB205', [load]), ['1:1:67 "qwen_lora"']);
  });
  for (const writer of MODEL_FOLDER_WRITERS) {
    it(`${writer.method ?? `${writer.keyword}=`}: ${writer.example}`, async () => {
      assert.deepEqual(await findingsOf('NB205', [writer.example, load]), []);
      // A path under the folder too (`"Spark-TTS-0.5B/LLM"` inside `local_dir="Spark-TTS-0.5B"`).
      assert.deepEqual(await findingsOf('NB205', [writer.example, 'model = AutoModel.from_pretrained(f"qwen_lora/LLM")']), []);
    });
  }
  it('a save that also pushes to the Hub names a Hub id: loading it stays reported', async () => {
    assert.deepEqual(await findingsOf('NB205', ['model.save_pretrained("qwen_lora", push_to_hub=True)', load]), ['2:1:67 "qwen_lora"']);
  });
  it('a folder of another name leaves the model id reported', async () => {
    assert.deepEqual(await findingsOf('NB205', ['model.save_pretrained("lora_model")', load]), ['2:1:67 "qwen_lora"']);
  });
});

describe('NB501: a seed that runs before the call of the function that builds the models', () => {
  const cell = (main: string) => `import numpy as np
from sklearn.ensemble import RandomForestClassifier

def blend_ensemble(x, y):
    models = [RandomForestClassifier(n_estimators=100), RandomForestClassifier(n_estimators=50)]
    return [m.fit(x, y) for m in models]

${main}`;
  it('`np.random.seed(42)` then `blend_ensemble(…)` in `__main__` seeds the forests', async () => {
    assert.deepEqual(await findingsOf('NB501', [cell("if __name__ == '__main__':\n    np.random.seed(42)\n    blend_ensemble(x, y)")]), []);
  });
  it('a seed after the call, or a call before the seed as well, leaves them unseeded', async () => {
    assert.deepEqual(await findingsOf('NB501', [cell('blend_ensemble(x, y)\nnp.random.seed(42)')]), ['1:5:15 RandomForestClassifier']);
    assert.deepEqual(await findingsOf('NB501', [cell('blend_ensemble(x, y)'), 'np.random.seed(42)\nblend_ensemble(x, y)']), ['1:5:15 RandomForestClassifier']);
  });
});

describe('NB105: a guard the rebind itself makes false', () => {
  const made = 'spans_df = load_spans().set_index("context.span_id")';
  it('`if df.index.name == "id" and "id" not in df.columns: df = df.reset_index()` is skipped on a rerun', async () => {
    const guarded = 'if spans_df.index.name == "context.span_id" and "context.span_id" not in spans_df.columns:\n    spans_df = spans_df.reset_index()';
    assert.deepEqual(await findingsOf('NB105', [made, guarded]), []);
    assert.deepEqual(await findingsOf('NB105', [made, 'if spans_df.index.name is not None:\n    spans_df = spans_df.reset_index()']), []);
  });
  it('`if "id" in df.columns: df = df.set_index("id")` is skipped on a rerun', async () => {
    assert.deepEqual(await findingsOf('NB105', ['df = load()', 'if "user_id" in df.columns:\n    df = df.set_index("user_id")']), []);
  });
  it('a guard the rebind leaves true, or an `or`, keeps the finding', async () => {
    assert.deepEqual(await findingsOf('NB105', [made, 'if "context.span_id" not in spans_df.columns:\n    spans_df = spans_df.reset_index()']), ['2:2:5 spans_df']);
    assert.deepEqual(await findingsOf('NB105', [made, 'if spans_df.index.name == "context.span_id" or force:\n    spans_df = spans_df.reset_index()']), ['2:2:5 spans_df']);
    assert.deepEqual(await findingsOf('NB105', ['df = load()', 'if "user_id" in df.columns:\n    df = df.set_index("other_id")']), ['2:2:5 df']);
  });
});

describe('NB105: a Spark DataFrame drops a missing column without error', () => {
  const read = "from pyspark.sql import SparkSession\nspark = SparkSession.builder.appName('Practise').getOrCreate()\ndf_pyspark = spark.read.option('header', 'true').csv('test1.csv', inferSchema=True)";
  const widen = "df_pyspark = df_pyspark.withColumn('Experience After 2 year', df_pyspark['Experience'] + 2)";
  const drop = "### Drop the columns\ndf_pyspark = df_pyspark.drop('Experience After 2 year')";
  it('`df = df.drop("c")` of a frame `spark.read` made is the same on a rerun', async () => {
    assert.deepEqual(await findingsOf('NB105', [read, widen, drop]), []);
    assert.deepEqual(await findingsOf('NB105', ["df_pyspark = spark.createDataFrame(rows)", drop]), []);
  });
  it('a pandas frame, or one converted with toPandas(), keeps the finding', async () => {
    assert.deepEqual(await findingsOf('NB105', ["df_pyspark = pd.read_csv('test1.csv')", drop]), ['2:2:1 df_pyspark']);
    assert.deepEqual(await findingsOf('NB105', [read, 'df_pyspark = df_pyspark.toPandas()', drop]), ['3:2:1 df_pyspark']);
  });
});
