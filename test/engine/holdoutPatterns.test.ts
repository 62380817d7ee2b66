// False positives found by labelling the held-out corpus after the precision work:
// each pattern, in real-looking code, must stay silent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, placesOf } from '../helpers/engine';

describe('NB202 public sample data of Azure ML, SynapseML and GitHub', () => {
  it('is silent for the vendors\' sample storage and for files of public GitHub repositories', async () => {
    assert.deepEqual(await findingsOf('NB202', [
      'import pandas as pd',
      'credit = pd.read_csv("wasbs://data@azuremlexampledata.blob.core.windows.net/credit-card/default_of_credit_card_clients.csv")\n'
        + 'titanic = "https://dprepdata.blob.core.windows.net/demo/Titanic.csv"\n'
        + 'census = spark.read.parquet("wasbs://publicwasb@mmlspark.blob.core.windows.net/AdultCensusIncome.parquet")\n'
        + 'mnist = "https://azureopendatastorage.blob.core.windows.net/mnist/train-images-idx3-ubyte.gz"\n'
        + 'essay = pd.read_csv("https://raw.githubusercontent.com/run-llama/llama_index/main/docs/data/essay.txt")',
    ]), []);
  });

  it('still reports the team\'s own storage account', async () => {
    assert.equal((await findingsOf('NB202', ['import pandas as pd', 'df = pd.read_parquet("abfss://raw@contosoanalytics.dfs.core.windows.net/sales/2024.parquet")'])).length, 1);
  });
});

describe('NB201 placeholder home folders', () => {
  it('is silent for a home folder the reader is meant to fill in, and reports a real one', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import os',
      'pdf_dir = "C:\\\\Users\\\\username\\\\Downloads\\\\pdf-files"\nlocal = "/home/<your-user>/data/train.csv"\ndocs = open("/Users/your_name/notes.txt").read()',
    ]), []);
    assert.deepEqual(await placesOf('NB201', ['data = open("/home/mlopez/projects/churn/train.csv").read()']), ['1:1:13 "/home/mlopez/projects/churn/train.csv"']);
  });
});

describe('NB201 documentation placeholders and cluster mounts (holdout3)', () => {
  it('is silent for /path/to/… and for the FSx mount every HyperPod cluster has, and still reports a real absolute path', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import yaml',
      'with open("/path/to/config.yaml") as f:\n    config = yaml.safe_load(f)',
      'dataset.save_to_disk("/fsx/multilingual_4096")',
    ]), []);
    assert.deepEqual(await placesOf('NB201', ['dataset.save_to_disk("/data2/alice/multilingual_4096")']), ['1:1:22 "/data2/alice/multilingual_4096"']);
  });
});

describe('NB102 in a notebook saved from a Python 2 kernel (holdout3)', () => {
  const cells = { cells: [{ kind: 'code' as const, source: 'for step in xrange(10):\n    name = unicode(step)' }] };

  it('knows the builtins Python 2 had, by the kernelspec or the language version', async () => {
    assert.deepEqual(await findingsOf('NB102', { ...cells, metadata: { kernelspec: { name: 'python2', display_name: 'Python 2', language: 'python' } } }), []);
    assert.deepEqual(await findingsOf('NB102', { ...cells, metadata: { language_info: { name: 'python', version: '2.7.12' } } }), []);
  });

  it('still reports them in a Python 3 notebook', async () => {
    assert.equal((await findingsOf('NB102', { ...cells, metadata: { kernelspec: { name: 'python3', language: 'python' }, language_info: { name: 'python', version: '3.11.4' } } })).length, 2);
  });
});

describe('NB102 on Synapse notebooks saved without a kernelspec', () => {
  const cells = { cells: [{ kind: 'code' as const, source: 'df = spark.read.load("abfss://x@y.dfs.core.windows.net/t.parquet")\ntoken = TokenLibrary.getConnectionString("ls")' }] };

  it('knows the globals Synapse provides from its metadata keys and kernel_info', async () => {
    assert.deepEqual(await findingsOf('NB102', { ...cells, metadata: { saveOutput: true, language_info: { name: 'python' } } }), []);
    assert.deepEqual(await findingsOf('NB102', { ...cells, metadata: { kernel_info: { name: 'synapse_pyspark' }, kernelspec: { name: 'python3', language: 'python' } } }), []);
  });

  it('still reports them in a plain Python notebook', async () => {
    assert.equal((await findingsOf('NB102', { ...cells, metadata: { kernelspec: { name: 'python3', language: 'python' } } })).length, 2);
  });
});
