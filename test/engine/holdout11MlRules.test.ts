// False positives of NB205 and NB501 found labelling holdout11 (engine 99e68d4), each fixed after
// the measurement. Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import { analyze, findingsOf, getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

describe('NB205: keywords of an estimator bound again before any use configure nothing', () => {
  const train = (then: string) => `# Train a regressor.\nreg = ExtraTreesRegressor(n_estimators=300, max_depth=12)\n${then}\nreg.fit(X_train, y_train)\npreds = reg.predict(X_test)`;

  it('is silent when the name is bound to another model before it is fitted', async () => {
    assert.deepEqual(await findingsOf('NB205', [train('reg = Lasso(0.1)\nreg = HistGradientBoostingRegressor()')]), []);
    // In a later cell too.
    assert.deepEqual(await findingsOf('NB205', ['reg = ExtraTreesRegressor(n_estimators=300, max_depth=12)', 'reg = Lasso(0.1)\nreg.fit(X_train, y_train)']), []);
  });

  it('still reports the keywords of the estimator that is fitted, and of one refitted in place', async () => {
    const [f] = await analyze([train('')], { select: ['NB205'] });
    assert.match(f.message, /^2 literal settings .*`n_estimators` \(300\), `max_depth` \(12\)/);
    assert.deepEqual(await findingsOf('NB205', ['reg = ExtraTreesRegressor(n_estimators=300)\nreg = reg.fit(X_train, y_train)']), ['1:1:40 300']);
    // One branch of an `if`/`elif` does not replace the other; a model never used at all is an API shown for copying.
    assert.deepEqual(await findingsOf('NB205', ['if fast:\n    reg = ExtraTreesRegressor(n_estimators=30)\nelse:\n    reg = ExtraTreesRegressor(n_estimators=300)\nreg.fit(X, y)']), ['1:2:44 30']);
    assert.deepEqual(await findingsOf('NB205', ['reg = ExtraTreesRegressor(n_estimators=300)']), ['1:1:40 300']);
    // The model rebound after use: its settings made the first result.
    assert.deepEqual(await findingsOf('NB205', ['reg = ExtraTreesRegressor(n_estimators=300)\nreg.fit(X, y)\nreg = Lasso(0.1)']), ['1:1:40 300']);
  });
});

describe('NB501: a library method that builds a fallback estimator (holdout11: pycaret\'s imputer)', () => {
  const IMPUTER = `import numpy as np
from sklearn.base import clone


class ChainedImputer:
    def __init__(self, estimator=None, max_iter=5):
        self.estimator = estimator
        self.max_iter = max_iter

    def fit(self, X):
        if self.estimator is None:
            from sklearn.ensemble import ExtraTreesRegressor

            self._estimator = ExtraTreesRegressor()
        else:
            self._estimator = clone(self.estimator)
        return self
`;
  const nb501 = async (files: Record<string, string>) => {
    const engine = await getEngine();
    const model = buildProjectModel(writeProject({ 'pyproject.toml': '[project]\nname = "tabprep"\n', 'src/tabprep/__init__.py': '', ...files }), (s) => engine.summarize(s));
    const config = mergeConfig({ select: ['NB501'] });
    return analyzeProjectFiles(model, config, (source) => engine.analyzeModule(source, config, model))
      .flatMap((f) => f.findings.filter((x) => x.code === 'NB501').map((x) => `${f.file}:${x.range.start.line + 1}`));
  };

  it('is silent in a library module: whoever calls the library seeds it', async () => {
    assert.deepEqual(await nb501({ 'src/tabprep/impute.py': IMPUTER }), []);
  });

  it('is still reported in a script that runs at the top, and in a function another module imports', async () => {
    assert.deepEqual(await nb501({ 'src/tabprep/impute.py': `${IMPUTER}\n\nChainedImputer().fit(np.zeros((4, 2)))\n` }), ['src/tabprep/impute.py:14']);
    const train = 'from sklearn.ensemble import RandomForestClassifier\n\n\ndef train(X, y):\n    return RandomForestClassifier(n_estimators=50).fit(X, y)\n';
    const job = 'from tabprep.train import train\n\n\ndef main():\n    train([[0]], [0])\n';
    assert.deepEqual(await nb501({ 'src/tabprep/train.py': train, 'src/tabprep/job.py': job }), ['src/tabprep/train.py:5']);
  });
});

describe('NB501: gradient boosting with its default `subsample=1.0` only breaks ties at random (holdout11)', () => {
  const boost = (args: string) => [`from sklearn.ensemble import GradientBoostingClassifier\n\nclf = GradientBoostingClassifier(${args})\nclf.fit(X, y)\nprint(clf.score(X, y))`];

  it('says so, as for a decision tree', async () => {
    for (const args of ['', 'n_estimators=50', 'subsample=1.0, max_features=None']) {
      const [f] = await analyze(boost(args), { select: ['NB501'] });
      assert.match(f.message, /^`GradientBoostingClassifier` has no `random_state`: ties between equally good splits are broken at random \(the default `subsample=1\.0` draws no sample\), so the model can change from run to run/, args);
    }
  });

  it('says the model changes when it samples rows or features', async () => {
    for (const args of ['subsample=0.8', 'max_features="sqrt"', 'max_features=0.5, subsample=1.0']) {
      const [f] = await analyze(boost(args), { select: ['NB501'] });
      assert.match(f.message, /^`GradientBoostingClassifier` has no `random_state`: the trained model changes from run to run/, args);
    }
  });
});

describe('NB205: a tolerance on how close two values are is no decision threshold (holdout11)', () => {
  it('is silent for `abs(a - b) <= tol` and a relative error, reported for a threshold on a score', async () => {
    // The notebook calls the function: the settings of one no cell calls are not reported (holdout18).
    const check = (condition: string) => [`def check(attr):\n    predicted = attr.example_score\n    if ${condition}:\n        print("too close")`, 'check(explanation)'];
    assert.deepEqual(await findingsOf('NB205', check('abs(predicted - attr.baseline_score) <= 0.05')), []);
    assert.deepEqual(await findingsOf('NB205', check('np.abs(best.score - 1.0) < 1e-6')), []);
    assert.deepEqual(await findingsOf('NB205', check('abs(attr.score - predicted) / abs(attr.score) > 0.05')), []);
    assert.deepEqual(await findingsOf('NB205', check('abs(attr.baseline_score) <= 0.05')), ['1:3:36 0.05']);
    assert.deepEqual(await findingsOf('NB205', check('attr.score - predicted > 0.05')), ['1:3:33 0.05']);
  });
});

describe('NB501: an unseeded search repeated in a `for _ in` loop to show the spread of its results (holdout11)', () => {
  const search = (loop: string) => [`from sklearn.model_selection import RandomizedSearchCV\n\nbest = []\n${loop}\n    search = RandomizedSearchCV(knn, grid, cv=5, n_iter=10)\n    search.fit(X, y)\n    best.append(round(search.best_score_, 3))\nprint(best)`];

  it('is silent: a seed would make every run the same', async () => {
    assert.deepEqual(await findingsOf('NB501', search('for _ in range(20):')), []);
  });

  it('is still reported in a loop over inputs, and after the loop', async () => {
    assert.deepEqual(await findingsOf('NB501', search('for k in neighbour_counts:')), ['1:5:14 RandomizedSearchCV']);
    // A `range` loop whose body reads its variable varies the input too (holdout19 made unread `range` loops repeats).
    assert.deepEqual(await findingsOf('NB501', [search('for k in range(1, 20):')[0].replace('cv=5', 'cv=k')]), ['1:5:14 RandomizedSearchCV']);
    const after = search('for _ in range(20):')[0] + '\nfinal = RandomizedSearchCV(knn, grid, cv=5, n_iter=10)\nfinal.fit(X, y)';
    assert.deepEqual(await findingsOf('NB501', [after]), ['1:9:9 RandomizedSearchCV']);
  });
});
