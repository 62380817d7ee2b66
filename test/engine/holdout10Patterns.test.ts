// False positives found labelling holdout10 (engine a36233c), each fixed after the measurement.
// Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, placesOf } from '../helpers/engine';

describe('NB101: an exercise function whose blanks (`x = <YOUR CODE>`) do not compile', () => {
  const exercise = (blank: string) => `def select_elites(states, rewards, percentile):\n    threshold = ${blank}\n\n    elite_states = <YOUR CODE>\n    elite_actions = <YOUR CODE>\n\n    return elite_states, elite_actions`;
  const test = 'result = select_elites([[1, 2], [3]], [1, 5], 50)';
  const later = 'elite_states = [3]\nprint(elite_states)';

  it('the blank drops the local from the parse: its return is not a read of the global defined below', async () => {
    assert.deepEqual(await findingsOf('NB101', [exercise('<YOUR CODE: compute the cutoff for the best runs. Hint: use np.quantile()>'), test, later]), []);
  });

  it('the filled-in function that really reads a global defined below is still reported', async () => {
    const filled = 'def select_elites(states, rewards, percentile):\n    return [s for s, r in zip(states, rewards) if r >= cutoff]';
    assert.deepEqual(await findingsOf('NB101', [filled, test, 'cutoff = 3']), ['2:1:10 select_elites']);
  });
});

describe('NB201: home-relative folders a library creates (holdout10)', () => {
  it('lighteval\'s cache and results folders and a scikit-learn fetcher\'s data_home are made in any home', async () => {
    const lighteval = 'env_config = EnvConfig(token=TOKEN, cache_dir="~/tmp")\n\nevaluation_tracker = EvaluationTracker(\n    output_dir="~/tmp",\n    save_details=False,\n)';
    assert.deepEqual(await placesOf('NB201', [lighteval]), []);
    assert.deepEqual(await placesOf('NB201', ["from sklearn.datasets import fetch_mldata\nmnist = fetch_mldata('MNIST original', data_home='~/Desktop/alternativeData')"]), []);
  });

  it('the same folder only read is still the author\'s', async () => {
    assert.deepEqual(await placesOf('NB201', ['frame = pd.read_csv("~/Desktop/alternativeData/mnist.csv")']), ['1:1:21 "~/Desktop/alternativeData/mnist.csv"']);
  });
});

describe('NB105: a column drop guarded by the column being there (holdout10)', () => {
  it('`if "Intercept" in X.columns: X = X.drop(columns="Intercept")` skips itself on a second run', async () => {
    const setup = 'import pandas as pd\nX_test = pd.read_csv("test.csv")';
    for (const drop of ['X_test.drop(columns = \'Intercept\')', 'X_test.drop(columns=["Intercept"])', 'X_test.drop("Intercept", axis=1)']) {
      assert.deepEqual(await findingsOf('NB105', [setup, `if 'Intercept' in X_test.columns: X_test = ${drop}`]), [], drop);
    }
  });

  it('the unguarded drop, or one guarded by another column, still fails on a second run', async () => {
    const setup = 'import pandas as pd\nX_test = pd.read_csv("test.csv")';
    assert.equal((await findingsOf('NB105', [setup, "X_test = X_test.drop(columns='Intercept')"])).length, 1);
    assert.equal((await findingsOf('NB105', [setup, "if 'Bias' in X_test.columns: X_test = X_test.drop(columns='Intercept')"])).length, 1);
  });
});

describe('NB501: an estimator made and never used (holdout10)', () => {
  const imports = 'import numpy as np\nfrom sklearn.ensemble import RandomForestRegressor\nfrom sklearn.linear_model import SGDClassifier\nfrom sklearn.svm import SVC';
  it('a constructor nothing reads, or one bound again before any read, draws nothing', async () => {
    assert.deepEqual(await findingsOf('NB501', [imports, 'rf_new = RandomForestRegressor(n_estimators=100, max_depth=3)', 'print("done")']), []);
    const api = "ppn = SGDClassifier(loss='perceptron')\nlr = SGDClassifier(loss='log')";
    assert.deepEqual(await findingsOf('NB501', [imports, api, "ppn = SVC(kernel='linear', random_state=1)\nppn.fit(X, y)"]), []);
  });

  it('one that is fitted, here or in a later cell, is still reported', async () => {
    assert.equal((await findingsOf('NB501', [imports, 'rf = RandomForestRegressor(n_estimators=100)', 'rf.fit(X, y)\nprint(rf.score(X, y))'])).length, 1);
    assert.equal((await findingsOf('NB501', [imports, 'rf = RandomForestRegressor(n_estimators=100)\nscores = cross_val_score(rf, X, y)'])).length, 1);
  });
});

describe('NB105: a loop that empties the list it takes from (holdout10)', () => {
  it('`while len(xs) > 0: xs.remove(xs[0])` and `while xs: xs.pop()` find the list empty on a second run', async () => {
    assert.deepEqual(await findingsOf('NB105', ['candidates = ["a", "b", "c"]', 'while len(candidates) > 0: \n    first = candidates[0]\n    candidates.remove(first)\n    print(candidates)']), []);
    assert.deepEqual(await findingsOf('NB105', ['stack = [1, 2, 3]', 'while stack:\n    top = stack.pop()\n    print(top)']), []);
  });

  it('a remove outside such a loop, or in a loop over something else, still fails on a second run', async () => {
    assert.equal((await findingsOf('NB105', ['candidates = ["a", "b", "c"]', 'candidates.remove("a")'])).length, 1);
    const overCounter = await findingsOf('NB105', ['candidates = ["a", "b", "c"]', 'n = 2\nwhile n > 0:\n    candidates.pop()\n    n -= 1']);
    assert.deepEqual(overCounter.map((f) => f.split(' ').slice(1).join(' ')), ['candidates.pop()']);
  });
});
