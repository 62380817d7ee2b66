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

  it('`a if cond else b` runs the condition first: a walrus there binds before the branch reads it (NB101 and NB102)', async () => {
    const cells = ['import json\nraw = \'{"env": "prod"}\'', 'names = list(tags.keys()) if isinstance((tags := json.loads(raw)), dict) else []\nprint(names)', 'tags = {"env": "dev"}'];
    assert.deepEqual(await findingsOf('NB101', cells), []);
    assert.deepEqual(await findingsOf('NB102', cells.slice(0, 2)), []);
    // The branch read before any walrus binds it is still a read of the later cell's value.
    assert.deepEqual(await findingsOf('NB101', [cells[0], 'names = list(tags.keys()) if raw else []', cells[2]]), ['2:1:14 tags']);
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
    assert.deepEqual(await findingsOf('NB102', ['scaled = sc.transform(features)']), ['1:1:10 sc', '1:1:23 features']);
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

  it('a value the cell below sets with the same statement as a cell above is the value Restart & Run All gives: not reported', async () => {
    const tool = 'weather_tool = {\n    "name": "get_weather",\n    "input_schema": {"type": "object"},\n}';
    const repeated = notebook(code(tool), code('reply = ask("Weather in Paris?", tools=[weather_tool])', 9), code(`import json\n${tool}\nprint(json.dumps(weather_tool))`, 2));
    assert.deepEqual(await findingsOf('NB104', repeated), []);
    // A different value below is still the value the saved run read.
    const changed = notebook(code(tool), code('reply = ask("Weather in Paris?", tools=[weather_tool])', 9), code(`${tool.replace('get_weather', 'get_forecast')}`, 2));
    assert.deepEqual(await findingsOf('NB104', changed), ['2:1:41 weather_tool']);
  });

  it('the same value formatted another way (one line, trailing commas, comments), whose strings name no variable, is not reported (holdout5)', async () => {
    const above = 'weather_tool = {\n    "name": "get_weather",\n    "input_schema": {\n        "type": "object",\n        "required": ["city"]\n    }\n}';
    const below = 'def get_weather(city):\n    return {"city": city, "sky": "clear"}\n\n\nweather_tool = {\n    "name": "get_weather",  # the function above\n    "input_schema": {"type": "object", "required": ["city"],},\n}';
    assert.deepEqual(await findingsOf('NB104', notebook(code(above), code('reply = ask("Weather in Paris?", tools=[weather_tool])', 9), code(below, 2))), []);
    // A string that differs is another value.
    assert.deepEqual(await findingsOf('NB104', notebook(code(above), code('reply = ask("Weather in Paris?", tools=[weather_tool])', 9), code(below.replace('"city"]', '"town"]'), 2))), ['2:1:41 weather_tool']);
  });

  it('`display` imported from IPython.display below is the function the kernel already gives every cell (holdout)', async () => {
    const nb = (imports: string) => notebook(code('summary = "## Done"', 1), code('display(summary)', 9), code(`${imports}\ndisplay(summary)`, 4));
    assert.deepEqual(await findingsOf('NB104', nb('from IPython.display import display')), []);
    assert.deepEqual(await findingsOf('NB104', nb('from rich import print as display')), ['2:1:1 display']);
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
    const nb = notebook(code('import os', 1), code('df = load("sales.csv")'), code('print(os.getcwd())', 2), code(UNRUN_ON_PURPOSE['delete a cloud resource'].example));
    const found = await analyze(nb, { select: ['NB106'] });
    assert.deepEqual(found.map((f) => [f.cell, f.message.split(',')[0]]), [[1, 'This cell has not run']]);
  });
});

describe('NB106 helper definitions nothing that ran uses', () => {
  it('an unrun cell that only defines a helper no run cell calls is not a finding; one a run cell calls is', async () => {
    const helper = 'import json\ndef validate_config(path: str) -> bool:\n    return "name" in json.load(open(path))';
    assert.deepEqual(await findingsOf('NB106', notebook(code(helper), code('print("ready")', 1), code('CONFIG = "config.json"', 2))), []);
    assert.deepEqual(await findingsOf('NB106', notebook(code(helper), code('CONFIG = "config.json"', 1), code('ok = validate_config(CONFIG)', 2))), ['1:1:1 import json']);
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
    // Called in a later cell: a body nothing calls never runs (holdout18, see holdout18State.test.ts).
    assert.equal((await findingsOf('NB109', ['%run helpers.py', 'def main():\n    return clean(load())', 'main()'])).length, 1);
  });
});

describe('NB101 parenthesised with-items (holdout2)', () => {
  it('a name bound by `async with (…) as agent` or `with (open(p) as f)` is bound there, not read', async () => {
    const cells = [
      'messages = []\nasync with (\n    AgentClient(\n        options=AgentOptions(model="small", permission_mode="acceptEdits")\n    ) as agent\n):\n    await agent.query("Summarise the history")\n    async for msg in agent.receive_response():\n        messages.append(msg)',
      'with (open("notes.txt") as handle):\n    notes = handle.read()',
      'agent = AgentClient(options=AgentOptions(model="large"))\nhandle = None',
    ];
    assert.deepEqual(await findingsOf('NB101', cells), []);
  });

  it('a read of the name before that statement is still reported', async () => {
    assert.deepEqual(await findingsOf('NB101', ['print(agent)', 'async with (AgentClient() as agent):\n    await agent.query("hi")']), ['1:1:7 agent']);
  });
});

describe('NB102 in a branch for another Python version (holdout2)', () => {
  it('is silent for `unicode` under `if sys.version_info < (3, 0)` or `if six.PY2`', async () => {
    const cells = [
      'import sys\nfrom io import StringIO\nimport pandas as pd\ncsv_data = "a,b\\n1,2"\nif (sys.version_info < (3, 0)):\n    csv_data = unicode(csv_data)\ndf = pd.read_csv(StringIO(csv_data))',
      'import six\nif six.PY2:\n    text_type = unicode\nelse:\n    text_type = str',
    ];
    assert.deepEqual(await findingsOf('NB102', cells), []);
  });

  it('still reports the same name outside such a branch', async () => {
    assert.deepEqual(await findingsOf('NB102', ['csv_data = "a,b"\ncsv_data = unicode(csv_data)']), ['1:2:12 unicode']);
  });
});

describe('NB102 on text pasted into a code cell (holdout2)', () => {
  it('a requirements listing (`functions-framework==3.*`) is not Python: no reads come from it', async () => {
    assert.deepEqual(await findingsOf('NB102', ['functions-framework==3.*\ngoogle-cloud-storage\ngoogle-auth\nrequests']), []);
  });

  it('an operator ending a line inside brackets or before a backslash is Python, and its names are read', async () => {
    assert.deepEqual(await findingsOf('NB102', ['total = (price +\n    tax)', 'net = gross - \\\n    fees']), ['1:1:10 price', '1:2:5 tax', '2:1:7 gross', '2:2:5 fees']);
  });

  it('a pasted list of class reprs standing alone is output, not reads of the module names', async () => {
    const cells = [
      'from diffusers import StableDiffusionPipeline\npipeline = StableDiffusionPipeline.from_pretrained("sd-model")',
      'pipeline.scheduler.compatibles\n[\n    diffusers.schedulers.scheduling_pndm.PNDMScheduler,\n    diffusers.schedulers.scheduling_ddim.DDIMScheduler,\n]',
    ];
    assert.deepEqual(await findingsOf('NB102', cells), []);
    assert.deepEqual(await findingsOf('NB102', [cells[0], 'choices = [\n    diffusers.schedulers.scheduling_pndm.PNDMScheduler,\n    diffusers.schedulers.scheduling_ddim.DDIMScheduler,\n]']), ['2:2:5 diffusers']);
  });
});

describe('NB102 on a Databricks export (holdout2)', () => {
  const cells = ['rdd = sc.range(10)\ndisplayHTML("<b>{}</b>".format(rdd.count()))'];
  const kernelspec = { name: 'python38-azureml', display_name: 'Python 3.8 - AzureML', language: 'python' };

  it('knows the platform globals when the metadata keeps only `notebookId`, or the code uses dbutils', async () => {
    assert.deepEqual(await findingsOf('NB102', { cells: cells.map((s) => code(s)), metadata: { kernelspec, notebookId: 3772036807853791 } }), []);
    assert.deepEqual(await findingsOf('NB102', ['token = dbutils.secrets.get(scope="ml", key="token")', ...cells]), []);
  });

  it('still reports them in a plain Python notebook', async () => {
    assert.deepEqual(await findingsOf('NB102', { cells: cells.map((s) => code(s)), metadata: { kernelspec } }), ['1:1:7 sc', '1:2:1 displayHTML']);
  });
});

describe('NB106 an environment variable that is no secret', () => {
  it('an unrun cell setting a data folder is still reported', async () => {
    const nb = notebook(code('import os', 1), code('os.environ["DATA_DIR"] = "/mnt/data"'), code('files = os.listdir(os.environ["DATA_DIR"])', 2));
    assert.deepEqual(await findingsOf('NB106', nb), ['2:1:1 os.environ["DATA_DIR"] = "/mnt/data"']);
  });
});

describe('NB105 .drop() of rows chosen anew on each run (holdout2)', () => {
  it('says what a second run does without claiming the columns are gone', async () => {
    const cells = ['import pandas as pd\ntest_df = pd.read_csv("qa_test.csv")', 'few_shot = test_df.sample(3)\ntest_df = test_df.drop(few_shot.index)'];
    const found = await analyze(cells, { select: ['NB105'] });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /raises KeyError where the labels are gone, or removes more/);
    assert.doesNotMatch(found[0].message, /columns/);
  });
});

describe('NB101 and a later `x *= …`', () => {
  it('a later augmented assignment or self update does not define the name for a read above it', async () => {
    const cells = ['import numpy as np\nlayer_output *= np.random.randint(0, high=2, size=layer_output.shape)', 'layer_output *= 0.5\nlayer_output = layer_output + 1'];
    assert.deepEqual(await findingsOf('NB101', cells), []);
    assert.deepEqual(await findingsOf('NB102', cells), ['1:2:1 layer_output']);
    assert.deepEqual(await findingsOf('NB101', ['scores *= 2', 'scores = [1.0, 2.0]']), ['1:1:1 scores']);
  });
});

describe('NB102 after a cell the grammar cannot parse (holdout2)', () => {
  it('a continuation line at column 0 inside brackets is valid Python: the cell still binds its top-level names', async () => {
    const cells = [
      'from datetime import datetime, timedelta, time\n\ndef connect():\n    try:\n        client = AdminClient()\n        params = {\n            "start": (datetime.combine(datetime.utcnow(), time.min) -\ntimedelta(days=1)).isoformat(),\n        }\n        client.ping(params)\n        return client\n    except Exception:\n        return None\n\nclient = connect()',
      'if client:\n    print(client.usage(days=7))',
    ];
    assert.deepEqual(await findingsOf('NB102', cells), []);
    assert.deepEqual(await findingsOf('NB102', [cells[0].replace('client = connect()', 'connect()'), cells[1]]), ['2:1:4 client']);
  });
});

describe('NB106 cells with nothing to miss (holdout2)', () => {
  it('an unrun cell Python cannot compile (a shell line typed without `!`) is not counted', async () => {
    const nb = notebook(code('sudo apt-get update && apt-get install ffmpeg -y'), code('import subprocess', 1), code('subprocess.run(["ffmpeg", "-version"])', 2));
    assert.deepEqual(await findingsOf('NB106', nb), []);
  });

  it('an unrun cell with real values, not placeholders, is still reported', async () => {
    const nb = notebook(code('import os', 1), code('PROJECT_ID = "acme-forecasting-prod"\nREGION = "europe-west4"'), code('print(PROJECT_ID, REGION)', 2));
    assert.deepEqual(await findingsOf('NB106', nb), ['2:1:1 PROJECT_ID = "acme-forecasting-prod"']);
  });
});

describe('NB102 more patterns of the dev corpus', () => {
  it('a notebook that calls sc.textFile without making sc runs in a PySpark shell; one that only reads spark is still reported', async () => {
    assert.deepEqual(await findingsOf('NB102', ['data_file = "./kddcup.data_10_percent.gz"\nraw_data = sc.textFile(data_file)', 'print(raw_data.count())']), []);
    assert.deepEqual(await findingsOf('NB102', ['df = spark.read.parquet("events.parquet")']), ['1:1:6 spark']);
  });

  it('a Python 2 lambda with a tuple parameter binds both names', async () => {
    const cells = ['pairs = [("a", (3, 1)), ("b", (8, 2))]', 'means = dict(map(lambda (key, value): (key, round(value[0] / value[1], 3)), pairs))'];
    assert.deepEqual(await findingsOf('NB102', cells), []);
  });

  it('a your_… name is for the reader to replace; another undefined name in the same cell is still reported', async () => {
    assert.deepEqual(await findingsOf('NB102', ['from cleanlab import Datalab\nlab = Datalab(data=your_dataset, label_name="label")\nlab.find_issues(pred_probs=YOUR_PRED_PROBS, features=features)']), ['1:3:54 features']);
  });
});

describe('NB106 an illustrative sketch cell (dev)', () => {
  it('an unrun cell that reads names nothing defines could not run as it stands: NB102 reports it, NB106 does not', async () => {
    const nb = notebook(
      code('import numpy as np\nlatent_dim = 2', 1),
      code('# Draw a latent point using a small random epsilon\nz = z_mean + np.exp(z_log_variance) * epsilon\nreconstructed = decoder(z)'),
      code('print(latent_dim)', 2),
    );
    assert.deepEqual(await findingsOf('NB106', nb), []);
    assert.equal((await findingsOf('NB102', nb)).length, 4);
  });
});

describe('NB106 placeholder cells, each spelling (holdout)', () => {
  const lines = [
    'ANTHROPIC_API_KEY = "<YOUR_ANTHROPIC_API_KEY>"',
    'blob_account_name = "Your blob name"  # replace with your blob name',
    'client = Mistral(api_key="API_KEY")\napi_key = "API_KEY"',
    'job = client.jobs.create(model="small", integrations=[{"project": "<value>", "api_key": "<value>"}])',
    'account_name = ""  # fill in your primary storage account name\nadls_path = f"abfss://data@{account_name}.dfs.core.windows.net"',
    'import getpass\nPHOENIX_API_KEY = getpass.getpass("Type your Phoenix API Key")',
  ];
  for (const line of lines) {
    it(`an unrun cell with ${line.split('\n')[0]} is left unrun on purpose`, async () => {
      assert.deepEqual(await findingsOf('NB106', notebook(code('import os', 1), code(line), code('print(os.getcwd())', 2))), []);
    });
  }

  it('a special token in angle brackets is no placeholder', async () => {
    assert.equal((await findingsOf('NB106', notebook(code('from transformers import AutoTokenizer', 1), code('tokenizer = AutoTokenizer.from_pretrained("gpt2")\ntokenizer.pad_token = "<pad>"'), code('print(AutoTokenizer)', 2)))).length, 1);
  });
});
