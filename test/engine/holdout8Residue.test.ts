// The last wrong NB205 and NB201 findings of holdout8 (issue 12), each fixed after the measurement.
// Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, code, findingsOf, notebook, placesOf } from '../helpers/engine';

describe('NB205: a number in arithmetic with a name is a factor, not a setting', () => {
  it('`n_estimators=n_trees * 2` derives the value from `n_trees`', async () => {
    const cell = (expression: string) => `from sklearn.ensemble import ExtraTreesRegressor, RandomForestRegressor\n\nbase = 40\nforest = RandomForestRegressor(n_estimators=base)\nextra = ExtraTreesRegressor(n_estimators=${expression})`;
    assert.deepEqual(await findingsOf('NB205', [cell('base * 2')]), []);
    assert.deepEqual(await findingsOf('NB205', [cell('(2 * base) + 1')]), []);
    assert.deepEqual(await findingsOf('NB205', [cell('len(features) // 4')]), []);
  });
  it('arithmetic of literals alone is still one setting (`learning_rate=1e-3 * 2`)', async () => {
    assert.deepEqual(await findingsOf('NB205', ['from tensorflow import keras\nopt = keras.optimizers.Adam(learning_rate=1e-3 * 2)']), ['1:2:43 1e-3 * 2']);
    assert.deepEqual(await findingsOf('NB205', ['clf = GradientBoostingClassifier(n_estimators=300)']), ['1:1:47 300']);
  });
});

describe('NB205: a tuple of numbers is one value of its keyword', () => {
  it('`seed=[1, 2]` is one seed, not one setting per element', async () => {
    const findings = await findingsOf('NB205', ['import tensorflow as tf\nnoise = tf.random.stateless_normal(shape=[2, 3], seed=[7, 11])']);
    assert.deepEqual(findings, ['1:2:55 [7, 11]']);
  });
  it('the message names the pair once', async () => {
    const [finding] = await analyze(notebook(code('import tensorflow as tf\nnoise = tf.random.stateless_uniform(shape=[4], seed=(3, -1))')), { select: ['NB205'] });
    assert.match(finding.message, /`seed=\(3, -1\)`/);
  });
  it('a tuple with a name in it is not a literal setting', async () => {
    assert.deepEqual(await findingsOf('NB205', ['import tensorflow as tf\nnoise = tf.random.stateless_normal(shape=[2], seed=[step, 0])']), []);
  });
});

describe('NB201: a glob search whose empty result is handled', () => {
  it('`for c in glob(…): found = c; break` after `found = None`, read only where it is set', async () => {
    const cell = `import glob, subprocess, sys
WHEELS = None
for cand in glob.glob('/kaggle/input/*offline-wheels*/wheels'):
    WHEELS = cand; break
if not WHEELS:
    for cand in glob.glob('/kaggle/input/*/wheels'):
        WHEELS = cand
        break
print('wheels:', WHEELS)
try:
    import peft
except ImportError:
    if WHEELS:
        subprocess.run([sys.executable, '-m', 'pip', 'install', '--no-index', '--find-links', WHEELS, 'peft'])
    else:
        raise RuntimeError('attach the offline wheels dataset')`;
    assert.deepEqual(await placesOf('NB201', [cell]), []);
  });
  it('reports the loop when the kept hit is used unguarded, or its absence fails outside an import fallback', async () => {
    const unguarded = "import glob\nimport pandas as pd\nTRAIN = None\nfor cand in glob.glob('/kaggle/input/*/train.csv'):\n    TRAIN = cand\n    break\ndf = pd.read_csv(TRAIN)";
    const raises = "import glob\nTRAIN = None\nfor cand in glob.glob('/kaggle/input/*/train.csv'):\n    TRAIN = cand; break\nif TRAIN:\n    print('found', TRAIN)\nelse:\n    raise FileNotFoundError('attach the competition data')";
    const noFallback = "import glob\nfor cand in glob.glob('/kaggle/input/*/train.csv'):\n    TRAIN = cand; break\nprint(TRAIN)";
    assert.deepEqual(await placesOf('NB201', [unguarded, raises, noFallback]), [
      "1:4:23 '/kaggle/input/*/train.csv'",
      "2:3:23 '/kaggle/input/*/train.csv'",
      "3:2:23 '/kaggle/input/*/train.csv'",
    ]);
  });
  it('`cands = glob(…)` then `if cands:` reading rows in a loop whose names nothing after reads', async () => {
    const cell = `import csv, glob
cands = glob.glob('/kaggle/input/*/train.csv')
print('train.csv:', cands)
rows = []
if cands:
    with open(cands[0], encoding='utf-8') as f:
        for row in csv.DictReader(f):
            text = row.get('prompt') or ''
            if text:
                rows.append(text)
print('loaded', len(rows))`;
    assert.deepEqual(await placesOf('NB201', [cell]), []);
    // A loop name read after the test needs the hits: `text` is only bound where a file was found.
    assert.deepEqual(await placesOf('NB201', [`${cell}\nprint(text)`]), ["1:2:19 '/kaggle/input/*/train.csv'"]);
  });
});

describe('NB205: a seeded line run twice in one cell demonstrates the seed', () => {
  it('the same `stateless_normal(…, seed=…)` printed twice shows that the seed gives the same numbers', async () => {
    const call = 'print(tf.random.stateless_normal(shape=[3], seed=[4, 5]))';
    assert.deepEqual(await findingsOf('NB205', [`import tensorflow as tf\n${call}\n${call}`]), []);
  });
  it('a seeded call made once, or twice with other arguments, keeps its seed reported', async () => {
    assert.deepEqual(await findingsOf('NB205', ['import tensorflow as tf\nprint(tf.random.stateless_normal(shape=[3], seed=[4, 5]))']), ['1:2:50 [4, 5]']);
    const split = 'a, b = train_test_split(x, test_size=0.2, random_state=7)\nc, d = train_test_split(a, test_size=0.25, random_state=7)';
    const [finding] = await analyze(notebook(code(split)), { select: ['NB205'] });
    assert.match(finding.message, /`random_state` \(7\)/);
    // Two selections seeded alike, and one seed line inside two multi-line calls, are settings.
    const shuffles = 'train = data.shuffle(seed=42).select(range(400))\nvalid = data.shuffle(seed=42).select(range(100))';
    assert.deepEqual(await findingsOf('NB205', [shuffles]), ['1:1:27 42']);
    const forests = 'a = RandomForestClassifier(\n    random_state=3,\n)\nb = ExtraTreesClassifier(\n    random_state=3,\n)';
    assert.deepEqual(await findingsOf('NB205', [forests]), ['1:2:18 3']);
  });
});
