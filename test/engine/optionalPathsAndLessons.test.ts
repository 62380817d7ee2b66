// False positives of NB201 and NB205 found by labelling holdout4: a path the notebook can do
// without, a Colab path in a branch that runs only in Colab, and literals that are a demo's lesson.
// Each pattern stays silent; the real finding next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, markdown, notebook, placesOf } from '../helpers/engine';

describe('NB201 a read in try/except that falls back to a default', () => {
  it('is silent when every handler binds what the try body binds, or passes', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import json\nimport pandas as pd',
      'try:\n    cached_scores = json.load(open("/kaggle/working/scores.json"))\nexcept FileNotFoundError:\n    cached_scores = {}',
      'try:\n    holidays = pd.read_csv("/home/priya/calendars/holidays.csv")\nexcept (OSError, ValueError):\n    # no calendar: no holiday features\n    holidays = None',
      'try:\n    with open("/Users/tom/.private/notes.txt") as f:\n        notes = f.read()\nexcept OSError:\n    pass',
    ]), []);
  });

  it('still reports the path when a handler only prints, re-raises, or binds something else', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import pandas as pd',
      'try:\n    train = pd.read_csv("/home/priya/churn/train.csv")\nexcept FileNotFoundError:\n    print("download the data first")',
      'try:\n    test = pd.read_csv("/home/priya/churn/test.csv")\nexcept FileNotFoundError:\n    missing = True',
      'try:\n    extra = pd.read_csv("/home/priya/churn/extra.csv")\nexcept FileNotFoundError:\n    extra = None\n    raise',
      'try:\n    pass\nexcept ValueError:\n    labels = []\nlabels = pd.read_csv("/home/priya/churn/labels.csv")',
    ]), [
      '2:2:25 "/home/priya/churn/train.csv"',
      '3:2:24 "/home/priya/churn/test.csv"',
      '4:2:25 "/home/priya/churn/extra.csv"',
      '5:5:22 "/home/priya/churn/labels.csv"',
    ]);
  });
});

describe('NB201 a path used only where it exists (`X if Path(X).exists() else Y`)', () => {
  it('is silent for the value of a conditional whose condition probes the same path, and reports its unguarded use (holdout5)', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'from pathlib import Path\nWORKING_DIR = Path("/kaggle/working") if Path("/kaggle/working").exists() else Path(".")\nout = WORKING_DIR / "submission.csv"',
    ]), []);
    // A condition that probes another path does not guard this one; a plain use is still reported.
    assert.deepEqual(await placesOf('NB201', [
      'from pathlib import Path\nWORKING_DIR = Path("/kaggle/working") if Path("/kaggle/input").exists() else Path(".")\nsub = open("/kaggle/working/submission.csv", "w")',
    ]), ['1:2:20 "/kaggle/working"', '1:3:12 "/kaggle/working/submission.csv"']);
  });
});

describe('NB201 a path that is the default of an environment variable', () => {
  it('is silent: the environment overrides it, so it is configuration already; the same path read directly is reported', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import os\nfrom pathlib import Path\nMANIFEST = Path(os.environ.get("TRACKING_MANIFEST", "/kaggle/input/tracking-pack/manifest.json"))\nDATA = os.getenv("DATA_DIR", "/home/alice/data")',
    ]), []);
    assert.deepEqual(await placesOf('NB201', ['import json\nmanifest = json.load(open("/kaggle/input/tracking-pack/manifest.json"))']), ['1:2:27 "/kaggle/input/tracking-pack/manifest.json"']);
  });
});

describe('NB201 Colab paths in a branch that runs only in Colab', () => {
  it('is silent for Drive folders under a Drive form switch or a Colab test', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'from google.colab import drive\n\nsave_to_drive = False #@param {type:"boolean"}\noutput_dir = "gemma-lora-run" #@param {type:"string"}\n\n'
        + 'if save_to_drive:\n    drive.mount("/content/drive")\n    output_dir = f"/content/drive/MyDrive/{output_dir}"',
      'import sys\nIN_COLAB = "google.colab" in sys.modules\nif IN_COLAB:\n    data_root = "/content/drive/MyDrive/datasets/flowers"\nelse:\n    data_root = "data/flowers"',
      'import sys\nif "google.colab" in sys.modules:\n    cache_dir = "/content/hf-cache"',
    ]), []);
  });

  it('still reports a Drive folder outside such a branch, in its else, or under a negated test', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'data_root = "/content/drive/MyDrive/projects/churn"',
      'if not IN_COLAB:\n    data_root = "/content/drive/MyDrive/other"',
      'if RUN_FAST:\n    data_root = "/content/drive/MyDrive/fast"',
    ]), [
      '1:1:13 "/content/drive/MyDrive/projects/churn"',
      '2:2:17 "/content/drive/MyDrive/other"',
      '3:2:17 "/content/drive/MyDrive/fast"',
    ]);
  });
});

describe('NB201 Kaggle\'s starter listing of /kaggle/input', () => {
  it('is silent for an os.walk loop that only prints (it lists nothing elsewhere), and reports one that collects paths', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import os\nfor dirname, _, filenames in os.walk("/kaggle/input"):\n    for filename in filenames:\n        print(os.path.join(dirname, filename))',
      'images = []\nfor root, _, files in os.walk("/kaggle/input/leaf-images"):\n    for name in files:\n        images.append(os.path.join(root, name))',
    ]), ['2:2:31 "/kaggle/input/leaf-images"']);
  });
});

describe('NB205 keyword literals of a demo on toy data', () => {
  it('is silent for a helper shown on range() or a literal list, and reports the training setting', async () => {
    assert.deepEqual(await findingsOf('NB205', [
      'def make_batches(tokens, batch_size, window=3):\n    for i in range(0, len(tokens), batch_size):\n        yield tokens[i:i + batch_size]',
      'toy_tokens = [i for i in range(20)]\nfirst = next(make_batches(toy_tokens, batch_size=4, window=3))\nprint(first)',
      'print(list(make_batches(list(range(10)), batch_size=3)))\nseries = [0, 1, 2, 3, 4, 5]\nprint(list(make_batches(series, batch_size=2)))',
      'optimizer = torch.optim.Adam(model.parameters(), lr=0.003)\nloader = make_batches(train_tokens, batch_size=512)',
    ]), ['4:1:53 0.003']);
    // A literal list passed directly is as often weights as data.
    assert.deepEqual(await findingsOf('NB205', ['train, test = sales.randomSplit([0.8, 0.2], seed=36)']), ['1:1:50 36']);
  });
});

describe('NB205 two values of one keyword that the notebook contrasts', () => {
  it('is silent when each value\'s cell comment names the keyword', async () => {
    assert.deepEqual(await findingsOf('NB205', notebook(
      markdown('## Hybrid search\n`alpha` weighs vector against keyword search.'),
      '# Higher alpha: the vector score dominates\nsearch(query="space movies", alpha=0.8)',
      '# Lower alpha: the keyword score dominates\nsearch(query="space movies", alpha=0.2)',
      'search(query="space movies", alpha=0.8, filters={"year": 1999})',
    )), []);
  });

  it('still reports the keyword when the values are not explained, or when there is only one value', async () => {
    assert.deepEqual(await findingsOf('NB205', [
      'search(query="space movies", alpha=0.8)',
      'search(query="space movies", alpha=0.2)',
    ]), ['1:1:36 0.8']);
    assert.deepEqual(await findingsOf('NB205', [
      '# alpha balances the two scores\nsearch(query="space movies", alpha=0.8)',
    ]), ['1:2:36 0.8']);
    // A commented-out call names the keyword too, but explains nothing.
    assert.equal((await findingsOf('NB205', [
      'for chunk in chunks:\n    model.fit(datagen.flow(x, y, batch_size=1))\n    # model.fit(x, y, batch_size=8)',
      'for chunk in chunks:\n    model.fit(datagen.flow(x, y, batch_size=32))\n    # model.fit(x, y, batch_size=8)',
    ])).length, 1);
  });
});

describe('NB205 comparisons shown in an f-string', () => {
  it('is silent for counts and verdicts a print shows, and reports the threshold that decides', async () => {
    assert.deepEqual(await findingsOf('NB205', [
      'print(f"pages >= 0.90: {(page_scores >= 0.90).sum()} / {len(page_scores)}")\n'
        + 'print(f"Strict (0.3): {\'FLAGGED\' if risk_score > 0.3 else \'passed\'}")',
      'flagged = risk_score > 0.5',
    ]), ['2:1:24 0.5']);
  });
});

describe('NB205 n_components of a projection that is plotted', () => {
  it('is silent for 2 of a 2-D plot and for t-SNE, and reports a projection that feeds a model', async () => {
    assert.deepEqual(await findingsOf('NB205', [
      'from sklearn.decomposition import PCA\nfrom sklearn.manifold import TSNE\nimport matplotlib.pyplot as plt',
      'points = PCA(n_components=2).fit_transform(embeddings)\nplt.scatter(points[:, 0], points[:, 1], c=labels)',
      'tsne_points = TSNE(n_components=2, perplexity=30).fit_transform(embeddings)',
      'reduced = PCA(n_components=2).fit_transform(features)\nclf = LogisticRegression().fit(reduced, y)',
    ]), ['4:1:28 2']);
  });
});
