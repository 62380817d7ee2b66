// False positives of the notebook-state rules (NB101-NB109) found by labelling real
// notebooks: each pattern, in real-looking code, stays silent, and the true case next to it
// is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNRUN_ON_PURPOSE } from '../../server/src/engine/knowledge/unrunOnPurpose';
import { analyze, code, findingsOf, notebook } from '../helpers/engine';

describe('NB101 patterns', () => {
  it('a %%timeit body reads what it bound itself, not the later cell that binds the same name', async () => {
    const cells = ['client = make_client()\nbatch = [[0.1, 0.2]]', '%%timeit\nresponse = client.predict(batch)\nlabels = response.labels', 'response = client.predict(batch)\nprint(response)'];
    assert.deepEqual(await findingsOf('NB101', cells), []);
  });

  it('x = f(x) on a value the reader supplies is neither NB101 nor NB102; a real later definition still is NB101', async () => {
    const supplied = ['from text_prep import tokenize\n# ACTION REQUIRED: load your own data into train_dataset first', 'train_dataset = train_dataset.shuffle(seed=42)\ntrain_dataset = train_dataset.map(tokenize, batched=True)'];
    assert.deepEqual(await findingsOf('NB101', supplied), []);
    assert.deepEqual(await findingsOf('NB102', supplied), []);
    assert.deepEqual(await findingsOf('NB101', ['train_dataset = train_dataset.shuffle(seed=42)', 'train_dataset = load_dataset("imdb")']), ['1:1:17 train_dataset']);
  });

});

describe('NB102 patterns', () => {
  const snippets = [
    'index = PropertyGraphIndex.from_documents(\n    documents,\n    kg_extractors=[extractor1, extractor2, ...],\n)',
    'extractor = SimpleLLMPathExtractor(llm=llm, max_paths_per_chunk=10)',
  ];

  it('a notebook of documentation snippets that never ran is not hidden state', async () => {
    assert.deepEqual(await findingsOf('NB102', notebook(...snippets.map((s) => code(s)))), []);
    assert.deepEqual(await findingsOf('NB102', notebook(code('retriever = PGRetriever(sub_retrievers=[VectorContextRetriever(store, ...)])'), code('print(llm)'))), []);
  });

  it('the same cells run in a kernel are reported; a type hint with ... or a "<VALUE>" to fill in is no snippet', async () => {
    assert.deepEqual(await findingsOf('NB102', notebook(code('subscription_id = "<SUBSCRIPTION_ID>"'), code('client = MLClient(subscription_id)'))), ['2:1:10 MLClient']);
    assert.deepEqual(await findingsOf('NB102', notebook(...snippets.map((s, i) => code(s, i + 1)))), [
      '1:1:9 PropertyGraphIndex', '1:2:5 documents', '1:3:20 extractor1', '1:3:32 extractor2', '2:1:13 SimpleLLMPathExtractor', '2:1:40 llm',
    ]);
    assert.deepEqual(await findingsOf('NB102', notebook(code('from typing import Tuple\ndef parse(s) -> Tuple[str, ...]:\n    return tuple(s)'), code('print(llm)'))), ['2:1:7 llm']);
  });

  it('a parameter commented out with an empty value is for the reader to fill in; a commented-out computation is not', async () => {
    const cells = [
      '# Parameters: uncomment and fill in\n# subscription_id: str = ""\n# resource_group_name = "<your-resource-group>"\nshould_cleanup = False',
      '# df = pd.read_csv("sales.csv")',
      'from azure.ai.ml import MLClient\nfrom azure.identity import DefaultAzureCredential\ncredential = DefaultAzureCredential()',
      'ml_client = MLClient(credential, subscription_id=subscription_id, resource_group_name=resource_group_name)\nprint(df)',
    ];
    assert.deepEqual(await findingsOf('NB102', cells), ['4:2:7 df']);
  });
});

describe('NB102 on PySpark', () => {
  it('a notebook that imports pyspark and never makes sc runs in a PySpark shell that provides it', async () => {
    const cells = ['raw = sc.textFile("./kddcup.data.gz")', 'from pyspark.mllib.stat import Statistics\nsummary = Statistics.colStats(raw)'];
    assert.deepEqual(await findingsOf('NB102', cells), []);
    assert.deepEqual(await findingsOf('NB102', ['raw = sc.textFile("./kddcup.data.gz")']), ['1:1:7 sc']);
  });

});

describe('NB102 on R code in a notebook that says Python', () => {
  it('is silent for a cell of R assignments, and still reports a Python comparison with a negative number', async () => {
    assert.deepEqual(await findingsOf('NB102', ['BUCKET_NAME <- "[your-bucket-name]"\nBUCKET_URI <- paste0("gs://", BUCKET_NAME)', 'sh("gcloud config set project {PROJECT_ID}")']), []);
    assert.deepEqual(await findingsOf('NB102', ['if delta <-1:\n    print(delta)']), ['1:1:4 delta']);
  });
});

describe('NB104 patterns', () => {
  it('a cleanup cell that ran before its resource was made again is not reported', async () => {
    const nb = notebook(code('project = ProjectClient(endpoint)\nagent = project.agents.create(name="helper")', 17), code('project.agents.delete(agent.name)', 7));
    assert.deepEqual(await findingsOf('NB104', nb), []);
  });
});

describe('NB105 patterns', () => {
  it('a delete guarded by a membership test does nothing on a second run', async () => {
    const cells = ['role_checks = {"reader": True, "writer": True}\nseen = []', 'if "writer" in role_checks:\n    del role_checks["writer"]\nif "x" not in seen:\n    seen.append("x")'];
    assert.deepEqual(await findingsOf('NB105', cells), []);
  });

  it('a count under a membership test still changes on a second run', async () => {
    const cells = ['counts = {"a": 0}', 'if "a" in counts:\n    counts["a"] += 1'];
    assert.equal((await findingsOf('NB105', cells)).length, 1);
  });
});

describe('NB106 cells left unrun on purpose', () => {
  for (const [why, entry] of Object.entries(UNRUN_ON_PURPOSE)) {
    it(`an unrun cell that does this is not a finding: ${why}`, async () => {
      assert.deepEqual(await findingsOf('NB106', notebook(code('import os\nendpoint_name = "demo"', 1), code('result = score(endpoint_name)', 2), code(entry.example))), []);
    });
  }

  it('an unrun step among them is still reported, counted without the teardown', async () => {
    const nb = notebook(code('import os', 1), code('df = load("sales.csv")'), code(UNRUN_ON_PURPOSE['delete a cloud resource'].example));
    const found = await analyze(nb, { select: ['NB106'] });
    assert.deepEqual(found.map((f) => [f.cell, f.message.split(',')[0]]), [[1, 'This cell has not run']]);
  });
});

describe('NB106 helper definitions nothing that ran uses', () => {
  it('an unrun cell that only defines a helper no run cell calls is not a finding; one a run cell calls is', async () => {
    const helper = 'import json\ndef validate_config(path: str) -> bool:\n    return "name" in json.load(open(path))';
    assert.deepEqual(await findingsOf('NB106', notebook(code(helper), code('print("ready")', 1))), []);
    assert.deepEqual(await findingsOf('NB106', notebook(code(helper), code('ok = validate_config("config.json")', 1))), ['1:1:1 import json']);
  });
});

describe('NB109 %run of a command-line script', () => {
  it('is silent when nothing after it reads a name only it could bind', async () => {
    const cells = ['import os\ndata_dir = "./squad-dataset"', '%run ./squad-dataset/download-dataset.py --download_dir ./squad-dataset', 'files = os.listdir(data_dir)'];
    assert.deepEqual(await findingsOf('NB109', cells), []);
  });

  it('reports a %run whose names a later cell uses, naming the first one', async () => {
    const cells = ['%run ../pipeline_validations/common.ipynb', 'validate_pipeline(pipeline_job)\nprint(pipeline_job)'];
    const found = await analyze(cells, { select: ['NB109'] });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /`validate_pipeline` \(cell 2\) is defined nowhere else/);
    assert.equal(found[0].related[0].cell, 1);
  });

  it('%store -r continued on the next line restores the names written there', async () => {
    const cells = ['%store -r \\\n    endpoint_name', 'print(endpoint_name, other)'];
    const found = await analyze(cells, { select: ['NB109', 'NB102'] });
    assert.deepEqual(found.map((f) => [f.code, f.message.split(':')[0]]), [['NB109', '`%store -r endpoint_name` restores state saved by another notebook or session'], ['NB102', '`other` is not defined by any cell, import or magic. In a running kernel it is hidden state from a deleted or edited cell.']]);
  });

  it('counts a read inside a function body that runs later', async () => {
    assert.equal((await findingsOf('NB109', ['%run helpers.py', 'def main():\n    return clean(load())'])).length, 1);
  });
});
