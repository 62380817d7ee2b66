// False positives left from the holdout17 labels (issue 12): code that Restart & Run All does not reach or that lands
// on the same state on a second run. Each case keeps a near variant that is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB101: a branch of a config flag false as written (holdout17 birdclef CFG)', () => {
  const cfg = 'CFG = {\n    "batch_files": 16,\n    "run_grid_search": False,\n    "grid": ["max", "mean"],\n}';
  const grid = 'if CFG.get("run_grid_search", False):\n    for mode in CFG["grid"]:\n        oof = build_oof(scores, mode)';
  const later = 'def build_oof(scores, mode):\n    return scores';

  it('a read under `if CFG.get(key, False):` with the key False in the one literal is not reported', async () => {
    assert.deepEqual(await findingsOf('NB101', [cfg, 'CFG["batch_files"] = 32', grid, later]), []);
  });

  it('`CFG["key"]` as the test, and the `else` of `if not CFG["key"]:`', async () => {
    assert.deepEqual(await findingsOf('NB101', [cfg, 'if CFG["run_grid_search"] and len(scores):\n    oof = build_oof(scores, "max")', later]), []);
    assert.deepEqual(await findingsOf('NB101', [cfg, 'if not CFG["run_grid_search"]:\n    print("skipped")\nelse:\n    oof = build_oof(scores, "max")', later]), []);
  });

  it('a read of the same name after the skipped branch is the one reported, once', async () => {
    const both = `${grid}\nbest = build_oof(scores, "max")\nfinal = build_oof(scores, "mean")`;
    assert.deepEqual(await findingsOf('NB101', [cfg, both, later]), ['2:4:8 build_oof']);
    const on = cfg.replace('False', 'True');
    assert.deepEqual(await findingsOf('NB101', [on, both, later]), ['2:3:15 build_oof']);
  });

  it('still reported: the flag true, set by another cell, changed by update(), or the dict bound twice', async () => {
    const on = cfg.replace('False', 'True');
    assert.deepEqual(await findingsOf('NB101', [on, grid, later]), ['2:3:15 build_oof']);
    assert.deepEqual(await findingsOf('NB101', [cfg, 'CFG["run_grid_search"] = True', grid, later]), ['3:3:15 build_oof']);
    assert.deepEqual(await findingsOf('NB101', [cfg, 'CFG.update(overrides)', grid, later]), ['3:3:15 build_oof']);
    assert.deepEqual(await findingsOf('NB101', [cfg, 'CFG = load_config()', grid, later]), ['3:3:15 build_oof']);
    assert.deepEqual(await findingsOf('NB101', [cfg, 'if not CFG["run_grid_search"]:\n    oof = build_oof(scores, "max")', later]), ['2:2:11 build_oof']);
  });
});

describe('NB105: a column popped and put back in the same cell (holdout17 SageMaker lab)', () => {
  const load = 'houses = pd.read_csv("houses.csv")';

  it('`pop` then `insert` of the same column, or the one-line form, lands on the same frame', async () => {
    assert.deepEqual(await findingsOf('NB105', [load, '# target first\ntarget = houses.pop("PRICE")\n\nhouses.insert(0, "PRICE", target)\nhouses.head()']), []);
    assert.deepEqual(await findingsOf('NB105', [load, 'houses.insert(0, "PRICE", houses.pop("PRICE"))']), []);
    assert.deepEqual(await findingsOf('NB105', [load, 'target = houses.pop("PRICE")\nhouses["PRICE"] = target']), []);
  });

  it('still reported: the column not put back, another column, or the value changed first', async () => {
    assert.deepEqual(await findingsOf('NB105', [load, 'target = houses.pop("PRICE")\nprint(target.mean())']), ['2:1:10 houses.pop("PRICE")']);
    assert.deepEqual(await findingsOf('NB105', [load, 'target = houses.pop("PRICE")\nhouses.insert(0, "LOG_PRICE", target)']), ['2:1:10 houses.pop("PRICE")']);
    assert.deepEqual(await findingsOf('NB105', [load, 'target = houses.pop("PRICE")\ntarget = target / 1000\nhouses.insert(0, "PRICE", target)']), ['2:1:10 houses.pop("PRICE")']);
  });
});

describe('NB201: a program folder set only on Windows (holdout17 practical-nlp tesseract)', () => {
  it('`C:\\Program Files\\…` under an OS test is the tool\'s default place, not the author\'s machine', async () => {
    const nt = 'import os\nimport pytesseract\nif (os.name) == "nt":\n    pytesseract.pytesseract.tesseract_cmd = r"C:\\Program Files\\Tesseract-OCR\\tesseract.exe"';
    assert.deepEqual(await findingsOf('NB201', [nt]), []);
    const elif = 'import sys\nif sys.platform == "darwin":\n    cmd = "tesseract"\nelif sys.platform=="win32":\n    cmd = "C:/Program Files (x86)/Tesseract-OCR/tesseract.exe"';
    assert.deepEqual(await findingsOf('NB201', [elif]), []);
  });

  it('still reported: without the test, on another OS\'s branch, or another folder of the drive', async () => {
    const bare = 'tesseract_cmd = r"C:\\Program Files\\Tesseract-OCR\\tesseract.exe"';
    assert.deepEqual(await findingsOf('NB201', [bare]), ['1:1:17 r"C:\\Program Files\\Tesseract-OCR\\tesseract.exe"']);
    const posix = 'import os\nif os.name != "nt":\n    cmd = r"C:\\Program Files\\Tesseract-OCR\\tesseract.exe"';
    assert.deepEqual(await findingsOf('NB201', [posix]), ['1:3:11 r"C:\\Program Files\\Tesseract-OCR\\tesseract.exe"']);
    const data = 'import platform\nif platform.system() == "Windows":\n    DATA = r"D:\\projects\\ocr\\scans"';
    assert.deepEqual(await findingsOf('NB201', [data]), ['1:3:12 r"D:\\projects\\ocr\\scans"']);
  });
});

describe('NB105: a masked update in a loop that runs until the mask is empty (holdout17 catboost clean-up)', () => {
  const load = 'vitals = pd.read_csv("vitals.csv")';

  it('`while np.any(mask):` around `df.loc[mask, col] /= 10` leaves nothing for a second run', async () => {
    assert.deepEqual(await findingsOf('NB105', [load, 'while np.any(vitals.systolic > 800):\n    vitals.loc[vitals.systolic > 800, "systolic"] /= 10']), []);
    assert.deepEqual(await findingsOf('NB105', [load, 'while (vitals.diastolic < 20).any():\n    vitals.loc[(vitals.diastolic < 20), "diastolic"] *= 10']), []);
  });

  it('still reported: a fixed number of passes, or a loop on another test', async () => {
    assert.deepEqual(await findingsOf('NB105', [load, 'for _ in range(3):\n    vitals.loc[vitals.systolic < 22, "systolic"] *= 10']), ['2:2:5 vitals.loc[vitals.systolic < 22, "systolic"] *= 10']);
    assert.deepEqual(await findingsOf('NB105', [load, 'while np.any(vitals.systolic > 800):\n    vitals.loc[vitals.systolic > 900, "systolic"] /= 10']), ['2:2:5 vitals.loc[vitals.systolic > 900, "systolic"] /= 10']);
  });
});
