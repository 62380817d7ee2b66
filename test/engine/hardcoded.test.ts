// NB201-NB205: paths, data locations, secrets and configuration in code. Each
// detector has the cases it must flag and the look-alikes it must not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, code, findingsOf, notebook } from '../helpers/engine';

const FAKE_OPENAI = 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
const FAKE_AWS = 'AKIAIOSFODNN7EXAMPLE';
const FAKE_GITHUB = 'ghp_' + 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6';
const FAKE_HF = 'hf_' + 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';

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
    assert.equal((await findingsOf('NB201', cells)).length, cells.length);
  });

  it('flags other absolute paths only when they go to file I/O', async () => {
    assert.deepEqual(await findingsOf('NB201', ['df = pd.read_csv("/data/raw/train.csv")', 'open("/srv/app/config.yml")', 'np.load("/mnt/x.npy")']), [
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
    ];
    assert.deepEqual(await findingsOf('NB201', cells), []);
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
      'gcs = "gs://bucket/path"\nlake = "abfss://raw@acct.dfs.core.windows.net/x"\ndbfs = "dbfs:/mnt/raw"',
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
});

describe('NB204 secret-in-output', () => {
  it('flags a secret in saved outputs on the cell, masked', async () => {
    const nb = notebook({ kind: 'code', source: 'print(os.environ)', executionCount: 1, outputs: [`environ({'OPENAI_API_KEY': '${FAKE_OPENAI}'})`] });
    const findings = await analyze(nb, { select: ['NB204'] });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /OpenAI API key \(\*\*\*\*wXy4z\)|OpenAI API key \(\*\*\*\*y4z\)|\(\*\*\*\*Xy4z\)/);
    assert.ok(!findings[0].message.includes(FAKE_OPENAI.slice(0, 10)));
  });

  it('does not read scikit-learn HTML reprs as keys', async () => {
    const html = '<style>#sk-container-id-1 {color: black;}</style><div class="sk-top-container"><div class="sk-estimator-doc-link fitted">';
    assert.deepEqual(await findingsOf('NB204', notebook({ kind: 'code', source: 'model', executionCount: 1, outputs: [html] })), []);
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
    assert.deepEqual(findings.map((f) => f.split(' ')[0]), ['1:1:45', '1:1:72', '2:2:31', '3:1:17', '4:1:20', '4:2:13', '5:1:44', '5:1:62']);
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

  it('a path suffix joined to a variable is not an absolute path', async () => {
    assert.deepEqual(await findingsOf('NB201', ['open(output_uri + "/evaluation_results.jsonl")\nPath(root / "/x")']), []);
  });

  it('a bucket taken from a variable or a placeholder is not a hardcoded location', async () => {
    assert.deepEqual(await findingsOf('NB202', ['BUCKET_URI = f"gs://{BUCKET_NAME}"\nout = "gs://[your-bucket-path]"']), []);
  });
});
