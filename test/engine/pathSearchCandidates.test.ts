// False positives of NB201 found by labelling holdout5: Kaggle notebooks that look for their
// inputs in several places. A path read only in existence tests and the code they guard, or a
// candidate in a list searched with such tests, is skipped where it does not exist. The same
// paths used without a test are still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placesOf } from '../helpers/engine';

describe('NB201 a root used only under `if root.exists():`', () => {
  it('is silent for a scan of the root inside the guard, and after `if not root.exists(): return`', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'from pathlib import Path\n\ndef find_volume(name):\n    inputs = Path("/kaggle/input")\n    if inputs.exists():\n        hits = sorted(inputs.rglob(f"{name}.zarr"))\n        if hits:\n            return hits[0]\n    return None',
      'from pathlib import Path\n\ndef list_wheels():\n    wheel_dir = Path("/kaggle/input/offline-wheels")\n    if not wheel_dir.is_dir():\n        return []\n    return [str(w) for w in wheel_dir.glob("*.whl")]',
    ]), []);
  });

  it('reports the root when one read is outside the guard, or the guard tests another path', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'from pathlib import Path\ninputs = Path("/kaggle/input/cells")\nif inputs.exists():\n    print("data attached")\nframes = sorted(inputs.glob("*.tif"))',
      'from pathlib import Path\nweights = Path("/kaggle/input/unet-weights")\nif Path("/kaggle/working").exists():\n    state = open(weights / "best.pt", "rb")',
    ]), ['1:2:15 "/kaggle/input/cells"', '2:2:16 "/kaggle/input/unet-weights"']);
  });
});

describe('NB201 a candidate in a list searched with existence tests', () => {
  it('is silent for candidates filtered by exists() and for a derived path tested before use', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import os\nfrom pathlib import Path\n\nSEARCH_ROOTS = [\n    Path(os.environ.get("TRACKS_DIR", "tracks")),\n    Path("/kaggle/input/cell-tracks"),\n    Path("/kaggle/input/datasets/lab/cell-tracks"),\n]\nTRACKS_DIR = next((p for p in SEARCH_ROOTS if p.exists()), None)',
      'from pathlib import Path\n\ndef movie_roots():\n    return [Path("/kaggle/input/embryo-movies"), Path("/kaggle/input/competitions/embryo-movies")]\n\ndef find_movie(movie_id):\n    for root in movie_roots():\n        candidate = root / "test" / f"{movie_id}.zarr"\n        if candidate.exists():\n            return candidate\n    return None',
      'import json\nfrom pathlib import Path\n\ndef load_manifest():\n    candidates = [Path("manifest.json"), Path("/kaggle/input/support-pack/manifest.json")]\n    seen = set()\n    for path in candidates:\n        path = path.expanduser()\n        if path in seen or not path.is_file():\n            continue\n        seen.add(path)\n        return json.loads(path.read_text())\n    return {}',
      'from pathlib import Path\n\ndef _has_wheels(folder):\n    if not folder.exists() or not folder.is_dir():\n        return False\n    return any(folder.glob("*.whl"))\n\ndef wheel_dirs():\n    found = []\n    for d in [Path("wheels"), Path("/kaggle/working/wheels")]:\n        if _has_wheels(d):\n            found.append(d)\n    return found',
    ]), []);
  });

  it('reports the candidate that is the fallback, a candidate list used as it is, and a list read unfiltered', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'from pathlib import Path\nROOTS = [\n    Path("/kaggle/input/competitions/embryo-movies"),\n    Path("/kaggle/input/embryo-movies"),\n]\nDATA_DIR = next((p for p in ROOTS if p.exists()), ROOTS[0])',
      'from pathlib import Path\n\ndef wheel_dirs():\n    return [Path("wheels"), Path("/kaggle/working/wheels")]',
      'import pandas as pd\nfrom pathlib import Path\nparts = [Path("/kaggle/input/sales/2023.csv"), Path("/kaggle/input/sales/2024.csv")]\nframes = [pd.read_csv(p) for p in parts if p.exists()]\nfirst = pd.read_csv(parts[1])',
    ]), [
      '1:3:10 "/kaggle/input/competitions/embryo-movies"',
      '2:4:34 "/kaggle/working/wheels"',
      '3:3:53 "/kaggle/input/sales/2024.csv"',
    ]);
  });

  it('reports fixed paths whose search must succeed: an assert or raise when nothing is found, and no other place to look', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import os\nROOTS = [\n    "/kaggle/input/debris-removal",\n    "/kaggle/input/competitions/debris-removal",\n]\nROOT = next((r for r in ROOTS if os.path.isdir(r)), None)\nassert ROOT is not None, "competition data not found"',
      'from pathlib import Path\n\ndef find_weights():\n    for d in [Path("/kaggle/input/unet-weights"), Path("/kaggle/input/datasets/lab/unet-weights")]:\n        if (d / "best.pt").exists():\n            return d / "best.pt"\n    raise FileNotFoundError("attach the weights dataset")',
      'from pathlib import Path\nDATA = Path("/kaggle/input/churn")\nif not DATA.exists():\n    raise FileNotFoundError(DATA)\nrows = (DATA / "train.csv").read_text()',
    ]), [
      '1:3:5 "/kaggle/input/debris-removal"',
      '1:4:5 "/kaggle/input/competitions/debris-removal"',
      '2:4:20 "/kaggle/input/unet-weights"',
      '2:4:56 "/kaggle/input/datasets/lab/unet-weights"',
      '3:2:13 "/kaggle/input/churn"',
    ]);
    // Without a default `next()` raises when nothing exists; an `assert` on existence, or a fallback that asserts, requires the path.
    assert.deepEqual(await placesOf('NB201', [
      'from pathlib import Path\noptions = [Path("/kaggle/input/debris"), Path("/kaggle/input/competitions/debris")]\nroot = next(p for p in options if p.exists())',
      'from pathlib import Path\nROOT = Path("/kaggle/input/competitions/debris")\nif not ROOT.exists():\n    ROOT = Path("/kaggle/input/debris")\nTEST = ROOT / "test"\nassert TEST.exists()',
      'import glob, os\nCANDIDATES = ["/kaggle/input/debris", "/kaggle/input/competitions/debris"]\nROOT = next((r for r in CANDIDATES if os.path.isdir(r)), None)\nif ROOT is None:\n    hits = glob.glob("data/**/coco.json", recursive=True)\n    assert hits, "data not found"\n    ROOT = os.path.dirname(hits[0])',
    ]), [
      '1:2:17 "/kaggle/input/debris"',
      '1:2:47 "/kaggle/input/competitions/debris"',
      '2:2:13 "/kaggle/input/competitions/debris"',
      '2:4:17 "/kaggle/input/debris"',
      '3:2:15 "/kaggle/input/debris"',
      '3:2:39 "/kaggle/input/competitions/debris"',
    ]);
  });
});

// holdout7B labels: a glob that only looks for an optional file (a utility script added to sys.path
// when present, a model found under /kaggle/input or else downloaded) is a search; a glob whose hits
// are asserted, or used without a test, is a required input.
describe('NB201 a glob whose hits are read only where the list is not empty', () => {
  it('is silent when nothing found is skipped or has a fallback', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import glob, sys\nhelper_dirs = glob.glob("/kaggle/usr/lib/notebooks/*/tokenizer*helpers*")\nif helper_dirs:\n    sys.path.insert(0, helper_dirs[0])\n    print(f"helpers: {helper_dirs[0]}")',
      'import glob\nfrom pathlib import Path\nfound = glob.glob("/kaggle/input/**/adapter_config.json", recursive=True)\nmatching = [f for f in found if "qwen" in f.lower()]\nif matching:\n    weights_dir = str(Path(matching[0]).parent)\nelse:\n    import kagglehub\n    weights_dir = kagglehub.model_download("acme/qwen-adapter/transformers/default")\nprint(weights_dir)',
      'import os\nfrom glob import glob\nshards = sorted(glob("/kaggle/input/web-logs/*.parquet"))\nprint("shards:", shards)\nif len(shards) > 0:\n    total = sum(os.path.getsize(s) for s in shards)\nelse:\n    total = 0',
    ]), []);
  });

  it('reports a glob whose hits are asserted, raised on, used unguarded, or bound only where found', async () => {
    assert.deepEqual(await placesOf('NB201', [
      'import glob\nimport pandas as pd\ntables = glob.glob("/kaggle/input/**/orders.csv", recursive=True)\nprint("found:", tables)\nassert tables\norders = pd.read_csv(tables[0])',
      'import glob\nckpts = glob.glob("/kaggle/input/ckpt/*.pt")\nif not ckpts:\n    raise FileNotFoundError("attach the checkpoints")\nlatest = ckpts[-1]',
      'import glob\nimport pandas as pd\nframes = [pd.read_csv(f) for f in glob.glob("/kaggle/input/sales/*.csv")]',
      'import glob\nhits = glob.glob("/kaggle/input/**/config.json", recursive=True)\nif hits:\n    model_dir = hits[0]\nprint(model_dir)',
    ]), [
      '1:3:20 "/kaggle/input/**/orders.csv"',
      '2:2:19 "/kaggle/input/ckpt/*.pt"',
      '3:3:45 "/kaggle/input/sales/*.csv"',
      '4:2:18 "/kaggle/input/**/config.json"',
    ]);
  });
});
