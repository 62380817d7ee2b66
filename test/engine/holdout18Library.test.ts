// NB501 false positives found labelling holdout18 in libraries' own modules (sktime, mlforecast): an estimator a
// library class keeps as a template in its body (cloned later with the classifier's random state), and a default
// estimator a library function builds in a module whose only top-level calls make records of a class (a dict of
// method specs). Whoever uses the library seeds it, as for estimators built inside its methods (holdout11).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import { getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

async function nb501(files: Record<string, string>): Promise<string[]> {
  const engine = await getEngine();
  const model = buildProjectModel(writeProject({ 'pyproject.toml': '[project]\nname = "tsbox"\n', 'src/tsbox/__init__.py': '', ...files }), (s) => engine.summarize(s));
  const config = mergeConfig({ select: ['NB501'] });
  return analyzeProjectFiles(model, config, (source) => engine.analyzeModule(source, config, model))
    .flatMap((f) => f.findings.filter((x) => x.code === 'NB501').map((x) => `${f.file}:${x.range.start.line + 1}`));
}

describe('NB501: an estimator template in a library class body (holdout18: sktime)', () => {
  const FOREST = `import numpy as np
from sklearn.tree import DecisionTreeClassifier


class IntervalForest(
    BaseIntervalForest,
):
    """Forest of trees on random intervals."""

    _base_estimator = DecisionTreeClassifier(criterion="entropy")

    def __init__(self, n_estimators=100, random_state=None):
        self.n_estimators = n_estimators
        self.random_state = random_state
`;

  it('is silent: the classifier clones it with its own random state', async () => {
    assert.deepEqual(await nb501({ 'src/tsbox/forest.py': FOREST }), []);
  });

  it('is reported when the module builds the class at the top, or in a script', async () => {
    assert.deepEqual(await nb501({ 'src/tsbox/forest.py': `${FOREST}\n\nDEFAULT = IntervalForest()\n` }), ['src/tsbox/forest.py:10']);
    assert.deepEqual(await nb501({ 'src/tsbox/forest.py': `${FOREST}\n\nif __name__ == "__main__":\n    IntervalForest().fit(np.zeros((4, 3)), [0, 1, 0, 1])\n` }), ['src/tsbox/forest.py:10']);
  });
});

describe('NB501: a library function\'s default estimator next to top-level records of a class (holdout18: mlforecast)', () => {
  const RATIO = `from dataclasses import dataclass
from typing import Callable, Dict


@dataclass
class MethodSpec:
    fn: Callable
    needs_weights: bool = False


def _build_classifier(kind):
    if kind == "boosting":
        from sklearn.ensemble import GradientBoostingClassifier

        return GradientBoostingClassifier()
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=1000)


def density_ratio(source, target, kind="logistic"):
    clf = _build_classifier(kind)
    return clf.fit(source, target).predict_proba(source)


_METHODS: Dict[str, MethodSpec] = {
    "ratio": MethodSpec(fn=density_ratio, needs_weights=True),
}
`;

  it('is silent: making a record runs none of the library\'s functions', async () => {
    assert.deepEqual(await nb501({ 'src/tsbox/conformal.py': RATIO }), []);
  });

  it('is reported when a top-level call runs the function, or a class around the estimator', async () => {
    assert.deepEqual(await nb501({ 'src/tsbox/conformal.py': `${RATIO}\nWEIGHTS = density_ratio([[0.0]], [1], "boosting")\n` }), ['src/tsbox/conformal.py:15']);
    const inClass = `from sklearn.ensemble import GradientBoostingClassifier


class RatioModel:
    def __init__(self, source, target):
        self.clf = GradientBoostingClassifier()
        self.clf.fit(source, target)


DEFAULT_RATIO = RatioModel([[0.0], [1.0]], [0, 1])
`;
    assert.deepEqual(await nb501({ 'src/tsbox/conformal.py': inClass }), ['src/tsbox/conformal.py:6']);
  });
});
