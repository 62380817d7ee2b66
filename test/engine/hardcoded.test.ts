// NB201-NB205: paths, data locations, secrets and configuration in code. Each
// detector has the cases it must flag and the look-alikes it must not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, code, findingsOf, notebook, placesOf } from '../helpers/engine';

const FAKE_OPENAI = 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
const FAKE_AWS = 'AKIAIOSFODNN7EXAMPLE';
const FAKE_GITHUB = 'ghp_' + 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6';
const FAKE_HF = 'hf_' + 'aBcDeFgHiJkLmNoPqRsTuVwXyZ9081726354';

describe('NB201 machine-specific-path', () => {
  it('flags home folders, Windows drives, Colab and Kaggle paths, wherever they stand', async () => {
    const cells = [
      'DATA = "/home/alice/projects/churn/data.csv"',
      'df = pd.read_csv("/Users/bob/Downloads/x.csv")',
      'p = Path("~/data") / "train"',
      'out = r"C:\\Users\\carol\\out.csv"',
      'raw = "D:/datasets/raw"',
      'drive = "/content/drive/MyDrive/data"',
      'kaggle = "/kaggle/input/titanic/train.csv"',
      'f = f"/home/{user}/models/{name}.pkl"',
    ];
    assert.equal((await placesOf('NB201', cells)).length, cells.length);
  });

  it('flags other absolute paths only when they go to file I/O', async () => {
    assert.deepEqual(await placesOf('NB201', ['df = pd.read_csv("/data/raw/train.csv")', 'open("/srv/app/config.yml")', 'np.load("/mnt/x.npy")']), [
      '1:1:18 "/data/raw/train.csv"',
      '2:1:6 "/srv/app/config.yml"',
      '3:1:9 "/mnt/x.npy"',
    ]);
  });

  it('leaves relative paths, URLs, allowed container paths, /dev/null, comments and plain strings alone', async () => {
    const cells = [
      'df = pd.read_csv("data/train.csv")\nsave = "./out"\nup = "../x"',
      'docs = "https://pandas.pydata.org/docs/user_guide/io.html"',
      'model_dir = "/opt/ml/model"\nopen("/opt/ml/input/data/train.csv")',
      'open("/dev/null", "w")\ntmp = open("/tmp/scratch.txt", "w")',
      '# data lives in /home/alice/data\nprint("done")',
      'route = "/api/v1/predict"\nprefix = "/"',
      // A matrix's label and a line break, not a drive.
      'print("U:\\n", U)\nprint("A:\\n\\t", model.A)',
    ];
    assert.deepEqual(await placesOf('NB201', cells), []);
  });

  it('honours a configured allow-list and skips notebooks that are test fixtures', async () => {
    const nb = notebook(code('x = open("/data/shared/a.csv")'));
    assert.equal((await analyze(nb, { select: ['NB201'] })).length, 1);
    assert.equal((await analyze(nb, { select: ['NB201'], allowedPaths: ['/data/shared/'] })).length, 0);
    assert.equal((await analyze({ ...notebook('p = "/home/alice/x"'), path: 'tests/fixtures/nb.ipynb' }, { select: ['NB201'] })).length, 0);
  });
});

describe('NB202 hardcoded-data-location', () => {
  it('flags cloud storage, database URIs and URLs given to data readers', async () => {
    const cells = [
      'df = pd.read_parquet("s3://acme-data/churn/2024.parquet")',
      'gcs = "gs://acme-ml/path"\nlake = "abfss://raw@acct.dfs.core.windows.net/x"\ndbfs = "dbfs:/mnt/raw"',
      'engine = create_engine("postgresql+psycopg2://analytics.db.internal:5432/prod")',
      'df = pd.read_csv("https://example.com/data.csv")',
    ];
    assert.equal((await findingsOf('NB202', cells)).length, 6);
  });

  it('leaves documentation URLs and URIs with a password (NB203) alone', async () => {
    assert.deepEqual(await findingsOf('NB202', ['help_url = "https://docs.python.org/3/"', 'u = "postgresql://app:Sup3rS3cret@db:5432/x"']), []);
  });
});

describe('NB203 secret-in-source', () => {
  it('flags provider-shaped tokens anywhere and masks all but the last 4 characters', async () => {
    const cells = [`client = OpenAI(api_key="${FAKE_OPENAI}")`, `aws = "${FAKE_AWS}"`, `gh = "${FAKE_GITHUB}"`, `login("${FAKE_HF}")`];
    const findings = await analyze(cells, { select: ['NB203'] });
    assert.equal(findings.length, 4);
    for (const f of findings) {
      assert.match(f.message, /\(\*\*\*\*\w{4}\)/);
      for (const secret of [FAKE_OPENAI, FAKE_AWS, FAKE_GITHUB, FAKE_HF]) assert.ok(!f.message.includes(secret.slice(0, -4)));
    }
  });

  it('flags literals given to secret-named targets, getenv defaults and URI passwords', async () => {
    assert.deepEqual(await findingsOf('NB203', [
      'api_key = "9f8e7d6c5b4a"',
      'connect(password="hunter22")',
      'cfg = {"client_secret": "abc123def456"}',
      'key = os.getenv("OPENAI_API_KEY", "dflt-7c2e9a41b0")',
      'url = "postgresql://app:Sup3rS3cret@db:5432/x"',
    ]), [
      '1:1:11 "9f8e7d6c5b4a"',
      '2:1:18 "hunter22"',
      '3:1:25 "abc123def456"',
      '4:1:35 "dflt-7c2e9a41b0"',
      '5:1:7 "postgresql://app:Sup3rS3cret@db:5432/x"',
    ]);
  });

  it('leaves placeholders, env-var names, look-alike names and scikit-learn CSS alone', async () => {
    assert.deepEqual(await findingsOf('NB203', [
      'api_key = "YOUR_API_KEY"\ntoken = "<token>"\npassword = ""\nsecret = "xxxxxxxx"\nkey2 = "changeme"',
      'api_key = os.environ["OPENAI_API_KEY"]\napi_key_var = "OPENAI_API_KEY"',
      'max_tokens = "256"\ntoken_path = "/run/secrets/token"\nclient_id = "my-app-client"',
      'os.getenv("DATA_DIR", "data/raw")',
      'html = "<div class=\'sk-estimator sk-toggleable__content fitted\'>"',
      'url = "postgresql://app:${DB_PASSWORD}@db/x"',
    ]), []);
  });

  it('leaves a local database login and a typed dummy key for a local server alone (holdout9B)', async () => {
    assert.deepEqual(await findingsOf('NB203', [
      'engine = create_engine("postgresql+psycopg2://postgres:postgres@localhost/postgres")',
      'url = "postgresql://postgres:pass@127.0.0.1:5432/app"\nbroker = "amqp://guest:guest@host.docker.internal:5672//"',
      'llm = LLM(path="openai/gpt-4-turbo", api_base="http://localhost:8001/v1", api_key="sk-1234")\nconfig = {"api_key": "sk-abcd", "token": "hf_0000"}',
    ]), []);
    // The same login on another host, and a key with more than a few typed characters, are still reported.
    assert.deepEqual(await findingsOf('NB203', [
      'url = "postgresql://postgres:postgres@db.internal.example.net/postgres"',
      'config = {"api_key": "sk-1234x9q7"}',
    ]), ['1:1:7 "postgresql://postgres:postgres@db.internal.example.net/postgres"', '2:1:22 "sk-1234x9q7"']);
  });

  it('leaves a local graph database password, a published default and template words in a proxy URI alone (holdout11)', async () => {
    assert.deepEqual(await findingsOf('NB203', [
      // A graph store the notebook runs in Docker on this machine; the same password in the environment.
      'store = {"provider": "neo4j", "config": {"url": "bolt://localhost:7687", "username": "neo4j", "password": "graphdemo42"}}',
      'os.environ["GRAPH_URI"] = "bolt://127.0.0.1:7687"\nos.environ["GRAPH_PASSWORD"] = "movies2024"',
      // Kubeflow's in-cluster MinIO ships with this secret key.
      'OBJECT_STORE = "minio-service.kubeflow:9000"\nSTORE_ACCESS_KEY = "minio"\nMINIO_SECRET_KEY = "minio123"',
      'proxies = {"https": "https://{user}:{password}:@gateway.example.org:3128/"}',
    ]), []);
    // A password for a server elsewhere, a token next to a local URL, and a filled-in proxy password are still reported.
    assert.deepEqual(await findingsOf('NB203', [
      'store = {"url": "neo4j+s://a1b2c3.databases.example.io", "password": "graphdemo42"}',
      'cfg = {"url": "http://localhost:8080", "api_key": "f3a9c2e17b6d4405"}',
      'proxies = {"https": "https://ann:Pr0xyPass9:@gateway.example.org:3128/"}',
    ]), ['1:1:70 "graphdemo42"', '2:1:51 "f3a9c2e17b6d4405"', '3:1:21 "https://ann:Pr0xyPass9:@gateway.example.org:3128/"']);
  });
});

describe('NB204 secret-in-output', () => {
  it('flags a secret in saved outputs on the cell, masked', async () => {
    const nb = notebook({ kind: 'code', source: 'print(os.environ)', executionCount: 1, outputs: [`environ({'OPENAI_API_KEY': '${FAKE_OPENAI}'})`] });
    const findings = await analyze(nb, { select: ['NB204'] });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /OpenAI API key \(\*\*\*\*wXy4z\)|OpenAI API key \(\*\*\*\*y4z\)|\(\*\*\*\*Xy4z\)/);
    assert.ok(!findings[0].message.includes(FAKE_OPENAI.slice(0, 10)));
  });

  it('does not take a made-up legacy OpenAI key (the `T3BlbkFJ` marker not between two runs of 20) for a key (holdout13)', async () => {
    const made = 'sk-' + 'blT3BlbkFJo8bdtYwDLuZT';
    // A snippet handed to a secrets scanner: the key is a provider's by its shape alone, no secret-named target.
    const snippet = (key: string) => `snippet = """\nimport openai\nopenai.api_key = '${key}'\n"""\nprint(guard.parse(llm_output=snippet))`;
    assert.deepEqual(await findingsOf('NB203', [snippet(made)]), []);
    // The legacy shape itself is still a key, and so is a key without the marker.
    const legacy = 'sk-' + 'Ab3dEf6hIj9kLm2nOp5q' + 'T3BlbkFJ' + 'Rs8tUv1wXy4zAb3dEf6h';
    assert.equal((await findingsOf('NB203', [snippet(legacy)])).length, 1);
    assert.equal((await findingsOf('NB203', [snippet(FAKE_OPENAI)])).length, 1);
  });

  it('does not read scikit-learn HTML reprs as keys', async () => {
    const html = '<style>#sk-container-id-1 {color: black;}</style><div class="sk-top-container"><div class="sk-estimator-doc-link fitted">';
    assert.deepEqual(await findingsOf('NB204', notebook({ kind: 'code', source: 'model', executionCount: 1, outputs: [html] })), []);
  });

  it('does not report the key id of a presigned download URL in a wget log, but does report a bare one', async () => {
    const log = 'Location: https://objects.example.com/asset?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAQ3EXAMPLE7KEY2ZQ%2F20211120%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=300&X-Amz-Signature=2b0c [following]';
    assert.deepEqual(await findingsOf('NB204', notebook({ kind: 'code', source: '!wget https://example.com/model.h5', executionCount: 1, outputs: [log] })), []);
    const printed = 'aws_access_key_id = AKIAQ3EXAMPLE7KEY2ZQ';
    assert.equal((await findingsOf('NB204', notebook({ kind: 'code', source: 'print(cfg)', executionCount: 1, outputs: [printed] }))).length, 1);
  });

  it('needs key material after a private key header: a print cut after the PKCS#8 prefix shows none (holdout11)', async () => {
    const cut = "{'type': 'service_account', 'private_key_id': '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c', 'private_key': '-----BEGIN PRIVATE KEY-----\\nMIIEvgIBADANBgkqhk";
    assert.deepEqual(await findingsOf('NB204', notebook({ kind: 'code', source: 'print(creds[:200])', executionCount: 1, outputs: [cut] })), []);
    const body = 'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDX2Lk7vQpRz8Nw';
    for (const shown of [`-----BEGIN PRIVATE KEY-----\\n${body}\\n`, `-----BEGIN RSA PRIVATE KEY-----\n${body}\n${body}\n`, `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D\n\n${body}\n`]) {
      assert.equal((await findingsOf('NB204', notebook({ kind: 'code', source: 'print(key)', executionCount: 1, outputs: [shown] }))).length, 1, shown);
    }
  });
});

describe('NB205 hardcoded-config', () => {
  it('flags model ids, prompt templates, thresholds and ML keyword literals', async () => {
    const prompt = 'You are a support assistant. '.repeat(8);
    const findings = await findingsOf('NB205', [
      'resp = client.chat.completions.create(model="gpt-4o-mini", temperature=0.2, messages=m)',
      'tok = AutoTokenizer.from_pretrained("distilbert-base-uncased")\nm = AutoModel.from_pretrained("bert-base/uncased-v2")',
      `SYSTEM_PROMPT = "${prompt}"`,
      'flagged = scores > 0.85\nif proba >= 0.5:\n    pass',
      'X_tr, X_te = train_test_split(X, test_size=0.2, random_state=7)',
    ]);
    // The keyword literals of cell 5 are reported with `temperature=` of cell 1: one finding per notebook.
    assert.deepEqual(findings.map((f) => f.split(' ')[0]), ['1:1:45', '1:1:72', '2:1:37', '2:2:31', '4:1:20', '4:2:13']);
  });

  it('a drawing call on an axes object is not a hyperparameter (alpha is transparency there)', async () => {
    assert.deepEqual(await findingsOf('NB205', ['fig, axis = plt.subplots()\naxis.grid(alpha=0.2)\naxes[0].legend(alpha=0.5)\nax2.annotate("x", (0, 0), alpha=0.3)']), []);
    // The same keyword on a model is still reported.
    // networkx draws graphs: its alpha is a colour's transparency too.
    assert.deepEqual(await findingsOf('NB205', ['import networkx as nx\nnx.draw_networkx_nodes(G, pos, alpha=0.5)\nnx.draw_networkx_edges(G, pos, alpha=0.6)\nnx.draw(G, alpha=0.4)']), []);
    assert.equal((await findingsOf('NB205', ['model = Ridge(alpha=0.2)'])).length, 1);
  });

  it('leaves ordinary strings and numbers alone', async () => {
    assert.deepEqual(await findingsOf('NB205', ['n = len(df) > 0.5 * total\ncount = 3\nlabel = "gpt"\nplt.plot(x, y, alpha=0.5) if False else None', 'x = df.sample(frac=0.1)\nname = "org/repo"']), []);
  });
});

describe('look-alikes found on public notebooks', () => {
  it('tokenizer vocabulary, words and bracketed placeholders are not secrets', async () => {
    assert.deepEqual(await findingsOf('NB203', [
      'tok = WordPiece(unk_token="[UNK]", pad_token="[PAD]", mask_token="[MASK]")\ninstance_token = "<s0><s1>"',
      'pipe.load_textual_inversion("x/y", token="EasyNegative")\nCLIENT_SECRET = "[your-reddit-client-secret]"',
      'deploy(hugging_face_access_token="invalid-token")',
    ]), []);
    assert.deepEqual(await findingsOf('NB203', ['neo4j_password = "nZasSfGzac_mgTApAqrZd_Yqty9I4HOXKyj8qeNKdYg"', 'login(hf_token="hfx9f8e7d6c5b4a")']), [
      '1:1:18 "nZasSfGzac_mgTApAqrZd_Yqty9I4HOXKyj8qeNKdYg"',
      '2:1:16 "hfx9f8e7d6c5b4a"',
    ]);
  });

  it('a dunder-wrapped name is a placeholder, and an unfinished `KEY = ` line does not lend its name to the next string', async () => {
    assert.deepEqual(await findingsOf('NB203', [
      'AZURE_OPENAI_ENDPOINT = "https://__DEMO__.openai.azure.com"\nAZURE_OPENAI_API_KEY = "__AZURE_OPENAI_API_KEY__"',
      'def get_settings():\n    API_KEY = # set your own key here\n    RESOURCE_ENDPOINT = \n    API_VERSION = "2023-03-15-preview"\n    return API_KEY',
    ]), []);
    // A chained assignment of a real-looking key is still a secret.
    assert.equal((await findingsOf('NB203', ['api_key = OPENAI_API_KEY = "sk-9fJ2kLmQ8rT4vX1zB7nH3wY6"'])).length, 1);
  });

  it('a key typed to look like one (`sk_live_5123456789…`, a counting run) is a placeholder, in code and in outputs; a random one is not', async () => {
    const prompt = 'reply = agent("Store this card key: sk_live_51234567890abcdefghijklmnop")';
    assert.deepEqual(await findingsOf('NB203', [prompt]), []);
    const echoed = notebook({ kind: 'code', source: 'print(reply)', executionCount: 1, outputs: ['Blocked: sk_live_51234567890abcdefghijklmnop looks like a secret.'] });
    assert.deepEqual(await findingsOf('NB204', echoed), []);
    assert.equal((await findingsOf('NB203', ['stripe_key = "sk_live_51Hx7qK2pLmQ8rT4vX1zB7nH3wY6aZ"'])).length, 1);
  });

  it('a path suffix joined to a variable is not an absolute path', async () => {
    assert.deepEqual(await placesOf('NB201', ['open(output_uri + "/evaluation_results.jsonl")\nPath(root / "/x")']), []);
  });

  it('a bucket taken from a variable or a placeholder is not a hardcoded location', async () => {
    assert.deepEqual(await findingsOf('NB202', ['BUCKET_URI = f"gs://{BUCKET_NAME}"\nout = "gs://[your-bucket-path]"']), []);
  });
});

// Issue 12: patterns found reading real notebooks, each as a minimal fixture.
describe('NB201 on real notebooks', () => {
  it('does not report existence probes of the environment', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'if os.path.exists("/home/jupyter/.config/setup_done"):\n    print("ready")',
      'on_colab = os.path.isdir("/content/drive")\nhas_gpu = os.path.isfile("/home/ubuntu/.nvidia")',
      'if Path("/home/sagemaker-user/cache").exists():\n    pass\nok = pathlib.Path("/Users/ana/data").is_dir()',
    ]), []);
  });

  it('does not report system and container paths, nor the Colab mount call', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'with open("/opt/deeplearning/metadata/env_version") as f:\n    env = f.read()',
      'open("/etc/os-release")\nnp.load("/usr/share/dict/words.npy")\nopen("/var/run/secrets/kubernetes.io/token")',
      'from google.colab import drive\ndrive.mount("/content/drive")',
    ]), []);
  });

  it('does not report a tool folder in a home, where the tool looks on every machine', async () => {
    assert.deepEqual(await placesOf('NB201', [
      "with open('/root/.kaggle/kaggle.json', 'w') as fp:\n    fp.write(creds)",
      'CREDENTIALS_FILE = "/home/jupyter/.config/gcloud/application_default_credentials.json"',
    ]), []);
  });

  it('does not report Databricks workspace and DBFS paths', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'mlflow.set_experiment(f"/Users/{user_email}/churn-exp")',
      'exp = "/Users/ana.lopez@acme.com/experiments/churn"\nopen("/dbfs/mnt/raw/events.json")',
      'nb = "/Workspace/Shared/etl"\ndf = pd.read_csv("/Volumes/main/sales/raw/orders.csv")',
    ]), []);
  });

  it('reports a Colab runtime or home path kept in a variable and used later', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'GOLDEN_PATH = "/content/eval_set.csv"\nreport = f"/content/{run_name}.html"',
      'df = pd.read_csv(GOLDEN_PATH)',
      'CACHE = "/home/ubuntu/hf-cache"\nMODELS = "~/models/churn"\ncreds = "~/.config/gcloud/application_default_credentials.json"',
    ]), [
      '1:1:15 "/content/eval_set.csv"',
      '1:2:10 f"/content/{run_name}.html"',
      '3:1:9 "/home/ubuntu/hf-cache"',
      '3:2:10 "~/models/churn"',
    ]);
  });

  it('allowed_paths extends the built-in system paths instead of replacing them', async () => {
    const nb = notebook(code('open("/data/shared/a.csv")\nopen("/opt/conda/env.yml")\nopen("/srv/app/x.csv")'));
    const findings = await analyze(nb, { select: ['NB201'], allowedPaths: ['/data/shared/'] });
    assert.deepEqual(findings.map((f) => f.range.start.line), [2]);
  });
});

describe('NB202 on real notebooks', () => {
  it('does not report public sample data, placeholders, templates, string handling or API endpoints', async () => {
    assert.deepEqual(await findingsOf('NB202', [
      'part = Part.from_uri(file_uri="gs://cloud-samples-data/generative-ai/image/meal.png", mime_type="image/png")',
      'df = pd.read_csv("s3://sagemaker-sample-files/datasets/tabular/abalone.csv")\nrides = spark.read.csv("dbfs:/databricks-datasets/nyctaxi/rides.csv")',
      'OUT = "s3://my-bucket/out"\nTMP = "gs://your-bucket-name/tmp"\nB = "gs://<bucket>/data"\nT = "gs://bucket-temp"',
      'uri = "gs://{}/{}".format(bucket, key)\nsrc = f"gs://{BUCKET}/{PREFIX}"\nrun = f"gs://{PROJECT_ID}-runs/out"',
      'name = uri.removeprefix("gs://eval-results/")\nif path.startswith("s3://raw-zone/"):\n    pass',
      'rate = requests.get(f"https://api.frankfurter.app/{day}").json()\nr = requests.get("https://api.github.com/repos/x/y")',
      'DATA_SCHEMA = "gs://google-cloud-aiplatform/schema/dataset/metadata/tables_1.0.0.yaml"\nTEMPLATE = "gs://dataflow-templates/latest/flex/Csv_To_Parquet"',
      'evaluate(datasets=["s3://path/to/evaluation/data"])\nURI = "gs://example/dataset.csv"\nJARS = "gs://spark-lib/bigquery/connector.jar"',
      'TRAIN = "gs://vertex-ai/generative-ai/rlhf/train/*.jsonl"\nWC = "gs://dataproc-datasets-us-central1/shakespeare/all-lines.txt"\nE = "s3://kumo-public-datasets/movielens/"',
      'IMPORT_FILE = "gs://cloud-ml-tables-data/bank-marketing.csv"\nCOVER = "gs://acme-datasets-public/cover_type.csv"\nMOVIES = "gs://cloud-samples-data-us-central1/movies.avro"',
    ]), []);
  });

  it('still reports a team bucket, a database and a data file fetched over HTTP', async () => {
    assert.deepEqual(await findingsOf('NB202', [
      'TRAIN = "gs://acme-churn-ml/train/2024.parquet"',
      'r = requests.get("https://data.acme.com/exports/orders.csv")',
    ]), ['1:1:9 "gs://acme-churn-ml/train/2024.parquet"', '2:1:18 "https://data.acme.com/exports/orders.csv"']);
  });
});

describe('NB203 on real notebooks', () => {
  it('does not read placeholders in any common spelling as secrets', async () => {
    assert.deepEqual(await findingsOf('NB203', [
      'client = anthropic.Anthropic(api_key="<<YOUR_ANTHROPIC_API_KEY>>")',
      'OPENAI_API_KEY = "<your key>"\nos.environ["GROQ_API_KEY"] = "YOUR_GROQ_API_KEY"\napi_key = "sk-..."',
      'token = "xxxxxxxxxxxxxxxx1"\npassword = "********"\napi_key = "..."\nsecret = "TODO"',
      'api_key = "your-api-key"\nHF_TOKEN = "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\nkey = "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxx"',
      'api_key = "paste-your-key-here"\nopenai_api_key = "sk-REPLACE_ME_WITH_YOUR_OWN_KEY_123"',
    ]), []);
  });

  it('reports provider-format keys as errors, also when the key is split with +', async () => {
    const stripe = 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc9';
    const jwt = 'eyJhbGciOiJIUzI1NiJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIn0' + '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV';
    const split = 'key = "sk-ant-" + "api03-Zx8Qm2Lp5Rt7Vw9Yb1Nc3Df6Gh"';
    const findings = await analyze([
      `stripe.api_key = "${stripe}"`,
      `headers = {"Authorization": "Bearer ${jwt}"}`,
      split,
    ], { select: ['NB203'] });
    assert.deepEqual(findings.map((f) => [f.cell, f.severity, /rotate/.test(f.message)]), [[0, 'error', true], [1, 'error', true], [2, 'error', true]]);
    assert.match(findings[2].message, /Anthropic/);
    assert.deepEqual(findings[2].range, { start: { line: 0, character: split.indexOf('"') }, end: { line: 0, character: split.length } });
  });

  it('reports a generic literal password as a warning that claims no leak', async () => {
    const findings = await analyze(['conn = pymssql.connect(server="db", user="sa", password="TestPass1")'], { select: ['NB203'] });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
    assert.doesNotMatch(findings[0].message, /rotate|leak|everyone/i);
    assert.match(findings[0].message, /environment/);
  });

  it('reads the credential behind an authorization scheme word', async () => {
    assert.deepEqual(await findingsOf('NB203', ['token = "Bearer 9b1c44e0d7a2f35e8c6b0a9d4e7f1c23"', 'auth_token = "Bearer <your token>"']), [
      '1:1:9 "Bearer 9b1c44e0d7a2f35e8c6b0a9d4e7f1c23"',
    ]);
  });
});

describe('NB205 on real notebooks', () => {
  it('does not take a vector database upload chunk for a model batch size (holdout3)', async () => {
    assert.deepEqual(await findingsOf('NB205', ['with jeopardy.batch.fixed_size(batch_size=200) as batch:\n    batch.add_object(properties=row)', 'qdrant.upload_points("c", points, batch_size=64)']), []);
    assert.equal((await findingsOf('NB205', ['trainer = Trainer(model, batch_size=64)'])).length, 1);
  });

  it('reports model ids only where they choose a model, in any case style', async () => {
    assert.deepEqual((await findingsOf('NB205', [
      'MODEL_ID = "gemini-2.5-flash"\nmodelId = "amazon.nova-pro-v1:0"\nembedding_model_name = "text-embedding-005"',
      'tok = AutoTokenizer.from_pretrained("google/codegemma-7b-it")\ngen = pipeline("text-generation", model="tiiuae/falcon-7b-instruct")',
      'llm = ChatBedrock(model_id="us.anthropic.claude-3-5-haiku-20241022-v1:0")\nresp = client.messages.create(model="claude-sonnet-4-5", messages=m)',
      'm = GenerativeModel("gemini-1.5-pro-002")\nimg = ImageGenerationModel.from_pretrained("imagen-3.0-generate-002")',
      'body = {"model": "Qwen/Qwen2.5-7B-Instruct"}\njudge_model = "deepseek-r1"\nPHI_MODEL = "microsoft/Phi-3-mini-4k-instruct"',
    ])).map((f) => f.split(' ').slice(1).join(' ')), [
      '"gemini-2.5-flash"', '"amazon.nova-pro-v1:0"', '"text-embedding-005"',
      '"google/codegemma-7b-it"', '"tiiuae/falcon-7b-instruct"',
      '"us.anthropic.claude-3-5-haiku-20241022-v1:0"', '"claude-sonnet-4-5"',
      '"gemini-1.5-pro-002"', '"imagen-3.0-generate-002"',
      '"Qwen/Qwen2.5-7B-Instruct"', '"deepseek-r1"', '"microsoft/Phi-3-mini-4k-instruct"',
    ]);
  });

  it('does not report model names in comparisons, paths, file names, job names, folders or dataset ids', async () => {
    assert.deepEqual(await findingsOf('NB205', [
      'if "llama-4" in MODEL_ID:\n    region = "us-east5"\nis_claude = model_name.startswith("claude")',
      'MODEL_BUCKET = os.path.join(BUCKET_URI, "llama3-3")\nweights = "models/gemma-2b.gguf"',
      'JOB_NAME = "llama-3-1-8b-finetune"\njob_prefix = "gemini-tuning"\nOUTPUT_DIR = "mistral-7b-lora"',
      'ds = load_dataset("meta-llama/Llama-3.1-8B-evals")\nVARIANTS = {"Llama-3-2-3B-Instruct": 3}',
      'model_path = "llama-2-7b"\nmodel_dir = "qwen2-finetuned"',
      "adapter_model_name = 'your_hf_account/your-llama-3-adapter'\nstatus = 'pass' if score == 1.0 else 'fail'",
    ]), []);
  });

  it('reports the same model id once per notebook, with the other places as related information', async () => {
    const findings = await analyze([
      'MODEL_ID = "gemini-2.0-flash"',
      'r1 = client.models.generate_content(model="gemini-2.0-flash", contents=q1)',
      'r2 = client.models.generate_content(model="gemini-2.0-flash", contents=q2)',
    ], { select: ['NB205'] });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].cell, 0);
    assert.match(findings[0].message, /3 places/);
    assert.deepEqual(findings[0].related.map((r) => r.cell), [1, 2]);
  });

  it('reports the keyword literals of a notebook as one finding that lists them', async () => {
    const findings = await analyze([
      'cfg = GenerationConfig(temperature=0.2, top_k=10, max_output_tokens=1024)',
      'cfg2 = GenerationConfig(temperature=0, top_k=10)',
      'X_tr, X_te = train_test_split(X, test_size=0.25, random_state=42)',
    ], { select: ['NB205'] });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /^7 literal settings .*`temperature` \(0\.2, 0\), `top_k` \(10\), `max_output_tokens` \(1024\), `test_size` \(0\.25\), `random_state` \(42\)/);
    assert.equal(findings[0].related.length, 6);
  });

  it('leaves prompts to NB506, so a system prompt is not reported twice', async () => {
    const text = 'You are a careful assistant that answers questions about invoices. '.repeat(4);
    assert.deepEqual(await findingsOf('NB205', [`SYSTEM_INSTRUCTION = """${text}"""`, `agent = Agent(instruction="""${text}""")`]), []);
  });
});
