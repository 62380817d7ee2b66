// NB501 false positives found labelling holdout18 (ClearML's tutorials): `Task.init(...)` seeds random, numpy and an
// imported torch with the task's seed (1337 unless set otherwise), so the PyTorch training after it is seeded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB501: ClearML\'s Task.init seeds the run (holdout18)', () => {
  const training = 'for x, y in loader:\n    loss = loss_fn(model(x), y)\n    loss.backward()\n    opt.step()';
  it('takes Task.init as a framework seed', async () => {
    assert.deepEqual(await findingsOf('NB501', ['import torch\nfrom clearml import Task', 'task = Task.init(project_name="examples", task_name="mnist")', training]), []);
  });

  it('still reports the same training without it, or with a Task of another library', async () => {
    assert.deepEqual(await findingsOf('NB501', ['import torch\nfrom clearml import Logger', 'logger = Logger.current_logger()', training]), ['3:3:5 loss.backward']);
    assert.deepEqual(await findingsOf('NB501', ['import torch\nfrom prefect import Task', 'task = Task.init(name="mnist")', training]), ['3:3:5 loss.backward']);
  });
});

// NB501 false positives found labelling holdout18 (sktime's classifiers): an estimator built as an argument of a call
// that is given a random state too is seeded by it, as scikit-learn's ensembles seed their base estimator.
describe('NB501: an estimator given to a receiver that takes a random state (holdout18)', () => {
  const sk = 'from sklearn.ensemble import RandomForestClassifier, BaggingClassifier';
  it('is not reported', async () => {
    assert.deepEqual(await findingsOf('NB501', [sk, 'clf = BaggingClassifier(estimator=RandomForestClassifier(n_estimators=50), random_state=0)\nclf.fit(X, y)\nprint(clf.score(X, y))']), []);
    assert.deepEqual(await findingsOf('NB501', [sk, 'est = clone_with_seed(\n    RandomForestClassifier(n_estimators=200),\n    self.random_state,\n)\nest.fit(X, y)\nprint(est.score(X, y))']), []);
  });

  it('is reported when the receiver takes no random state, or the estimator is only next to one', async () => {
    assert.equal((await findingsOf('NB501', [sk, 'clf = BaggingClassifier(estimator=RandomForestClassifier(n_estimators=50))\nclf.fit(X, y)\nprint(clf.score(X, y))'])).length, 1);
    assert.equal((await findingsOf('NB501', [sk, 'rf = RandomForestClassifier(n_estimators=50)\nbag = BaggingClassifier(random_state=0)\nrf.fit(X, y)\nprint(rf.score(X, y))'])).length, 1);
  });
});

// NB501 false positive found labelling holdout18 (a forecasting library's guide): a list of models is built, nothing
// reads it, and the next cell gives the forecaster a list of its own whose network is seeded. No model of the first
// list is trained, as with an estimator bound to a name nothing reads.
describe('NB501: an estimator in a list nothing reads (holdout18)', () => {
  const imports = 'from sklearn.linear_model import Lasso, Ridge\nfrom sklearn.neural_network import MLPRegressor\nfrom forecastkit import Forecaster';
  const listed = '# the models to compare\nmodels = [\n    Lasso(),\n    MLPRegressor(),\n    Ridge(),\n]';
  const own = 'fc = Forecaster(models=[Ridge(), MLPRegressor(random_state=0)], freq=1)\nfc.fit(train)\nprint(fc.predict(24))';

  it('is not reported', async () => {
    assert.deepEqual(await findingsOf('NB501', [imports, listed, own]), []);
  });

  it('is reported when the list is read, or bound again only after a read', async () => {
    assert.deepEqual(await findingsOf('NB501', [imports, listed, 'fc = Forecaster(models=models, freq=1)\nfc.fit(train)\nprint(fc.predict(24))']), ['2:4:5 MLPRegressor']);
    assert.deepEqual(await findingsOf('NB501', [imports, listed, 'for m in models:\n    m.fit(X, y)\n    print(m.score(X, y))', 'models = []']), ['2:4:5 MLPRegressor']);
    assert.deepEqual(await findingsOf('NB501', [imports, 'regressor = MLPRegressor()', own]), []);
    assert.deepEqual(await findingsOf('NB501', [imports, 'models = [MLPRegressor(), Ridge()]\nscores = [m.fit(X, y).score(X, y) for m in models]', own]), ['2:1:11 MLPRegressor']);
  });
});
