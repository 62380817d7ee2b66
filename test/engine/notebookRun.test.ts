// How much a notebook was run and whether its code is Python as written (notebookRun.ts), and the
// NB102/NB106 false positives of holdout3 it removes: each pattern silent, the true case beside it reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CellInput } from '../../server/src/engine/types';
import { code, findingsOf, notebook } from '../helpers/engine';

function ran(source: string, executionCount: number, output: string): CellInput {
  return { kind: 'code', source, executionCount, outputs: [output] };
}

const csharp = [
  '#r "nuget: Microsoft.SemanticKernel, 1.0.1"\nusing Microsoft.SemanticKernel;',
  'var builder = Kernel.CreateBuilder();\nvar kernel = builder.Build();',
  'public async Task Remember(string text)\n{\n    await memory.SaveInformationAsync("notes", text, Guid.NewGuid().ToString());\n}',
  'await Remember("The meeting moved to Thursday");',
  'Console.WriteLine(answer);',
];

describe('NB102/NB106 on code that is not Python as written', () => {
  it('a .NET Interactive notebook saved with a python3 kernelspec gets no NB102', async () => {
    assert.deepEqual(await findingsOf('NB102', notebook(...csharp.map((s) => code(s)), code('print(answer)'))), []);
  });

  it('a cheat sheet of SQL and Scala snippets among Python gets no NB102 and no NB106', async () => {
    const cells = [
      code('import boto3', 1), code('s3 = boto3.client("s3")', 2),
      code('SELECT count(*) FROM events WHERE day = \'2016-01-01\';'),
      code('val lines = sc.textFile("s3n://bucket/path/to/logs")\nlines.count()'),
      code('CREATE TABLE events (id INT, day DATE);'),
      code('rows = context.sql("SELECT * FROM events")'),
    ];
    assert.deepEqual(await findingsOf('NB102', notebook(...cells)), []);
    assert.deepEqual(await findingsOf('NB106', notebook(...cells)), []);
  });

  it('an exercise with ### blanks where the imports go gets no NB102', async () => {
    const cells = ['# Import the model class\nfrom sklearn.svm import ###', '# Split the data\nX_train, X_test = ###', '# Fit it\nclf = ###', 'clf.fit(X_train, y_train)\nclf.score(X_test, y_test)'];
    assert.deepEqual(await findingsOf('NB102', cells), []);
  });

  it('one stray shell line in a Python notebook leaves NB102 on: a name nothing binds is still reported', async () => {
    const cells = ['sudo apt-get install ffmpeg', 'import os\nfiles = os.listdir(".")', 'n = len(files)', 'print(json.dumps(files))'];
    assert.deepEqual(await findingsOf('NB102', cells), ['4:1:7 json']);
  });
});

describe('NB102 Python 2 code under a python3 kernelspec', () => {
  it('xrange is a builtin where a cell has print statements', async () => {
    const cells = ['import numpy as np', 'for i in xrange(3):\n    print i', 'octaves = [np.zeros(4) for _ in xrange(2)]'];
    assert.deepEqual(await findingsOf('NB102', cells), []);
  });

  it('without a print statement xrange is reported; a docstring line "print the results" is no print statement', async () => {
    assert.deepEqual(await findingsOf('NB102', ['for i in xrange(3):\n    print(i)']), ['1:1:10 xrange']);
    assert.deepEqual(await findingsOf('NB102', ['def show(rows):\n    """\n    print the results\n    """\n    return rows', 'for i in xrange(3):\n    show(i)']), ['2:1:10 xrange']);
  });
});

describe('NB106 in a notebook nobody ran', () => {
  const recipe = ['%pip install -U weaviate-client', 'import weaviate, os', 'client = weaviate.connect_to_local()', 'collection = client.collections.get("Articles")', 'print(collection.query.near_text("ocean", limit=3))'];

  it('only the import cell counted and no output anywhere: silent', async () => {
    assert.deepEqual(await findingsOf('NB106', notebook(code(recipe[0]), code(recipe[1], 1), ...recipe.slice(2).map((s) => code(s)))), []);
  });

  it('only client.close() counted at the end and no output anywhere: silent', async () => {
    assert.deepEqual(await findingsOf('NB106', notebook(...recipe.map((s) => code(s)), code('client.close()', 53))), []);
  });

  it('two cells with code counted, or one with saved output: the unrun connect is reported', async () => {
    const counted = notebook(code(recipe[0]), code(recipe[1], 1), code(recipe[2]), code(recipe[3], 2), code(recipe[4]));
    assert.deepEqual(await findingsOf('NB106', counted), ['3:1:1 client = weaviate.connect_to_local()']);
    const shown = notebook(code(recipe[0]), code(recipe[1]), code(recipe[2]), code(recipe[3]), ran(recipe[4], 3, '[Article(title="Deep sea")]'));
    // The import is no finding: no cell that ran reads `weaviate` (see unusedDefinitions).
    assert.deepEqual(await findingsOf('NB106', shown), ['3:1:1 client = weaviate.connect_to_local()']);
  });

  it('a lab whose only counted cells are # TODO stubs and one constant is a notebook nobody ran', async () => {
    const lab = notebook(code('# TODO', 29), code('PIPELINE_NAME = "covertype"', 30), code('# TODO', 34), code('!kfp pipeline upload -p $PIPELINE_NAME pipeline.yaml'), code('run = client.create_run_from_pipeline_package("pipeline.yaml")'));
    assert.deepEqual(await findingsOf('NB106', lab), []);
  });
});

describe('NB106 unrun cells with nothing to miss (holdout3)', () => {
  const setup = [ran('import weaviate\nclient = weaviate.connect_to_local()', 1, 'True'), ran('articles = client.collections.get("Articles")\nprint(articles.name)', 2, 'Articles')];

  it('a query on a placeholder vector to replace is left unrun on purpose', async () => {
    const placeholder = 'response = articles.query.near_vector(\n    near_vector=[-0.0125526935, -0.021168863, ... ],  # your vector goes here\n    limit=4,\n)';
    assert.deepEqual(await findingsOf('NB106', notebook(...setup, code(placeholder))), []);
    assert.deepEqual(await findingsOf('NB106', notebook(...setup, code('response = articles.query.near_vector(near_vector=[-0.0125526935, -0.021168863], limit=4)'))), ['3:1:1 response = articles.query.near_vector(near_vector=[-0.0125526935, -0.021168863], limit=4)']);
  });

  it('a bare name shown for a look is not missing; a call left unrun is', async () => {
    assert.deepEqual(await findingsOf('NB106', notebook(...setup, code('# the questions\narticles'))), []);
    assert.deepEqual(await findingsOf('NB106', notebook(...setup, code('articles.data.insert({"title": "Deep sea"})'))), ['3:1:1 articles.data.insert({"title": "Deep sea"})']);
  });
});

describe('NB102 demonstrated errors (holdout3)', () => {
  it('a cell whose saved run raised shows its failure already; the same cell without the saved error is reported', async () => {
    const demo = 'car_sales.Odometer (KM)';
    const failed: CellInput = { kind: 'code', source: demo, executionCount: 53, outputs: ["AttributeError: 'DataFrame' object has no attribute 'Odometer'"], error: "AttributeError: 'DataFrame' object has no attribute 'Odometer'" };
    assert.deepEqual(await findingsOf('NB102', notebook(code('import pandas as pd\ncar_sales = pd.read_csv("car-sales.csv")', 52), failed)), []);
    assert.deepEqual(await findingsOf('NB102', notebook(code('import pandas as pd\ncar_sales = pd.read_csv("car-sales.csv")', 52), code(demo, 53))), ['2:1:21 KM']);
  });
});
