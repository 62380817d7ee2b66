// NB501 false positive found labelling holdout17 (and holdout13): a decision tree fit on a single column. With one
// feature the random feature order breaks no tie, so the tree is the same on every run. Two columns are still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB501: a decision tree fit on one feature (holdout17)', () => {
  const tree = 'from sklearn import tree\nmodel = tree.DecisionTreeRegressor(min_samples_leaf=1, max_depth=20)';
  it('is silent when every fit gets one column', async () => {
    assert.deepEqual(await findingsOf('NB501', [tree, 'model = model.fit(depth.values.reshape(-1, 1), porosity)\npred = model.predict(grid.reshape(-1, 1))']), []);
    assert.deepEqual(await findingsOf('NB501', [tree, "model.fit(df[['LSTAT']], df['MEDV'])\nprint(model.score(df[['LSTAT']], df['MEDV']))"]), []);
  });

  it('reports a tree fit on several columns, or on one and then on several', async () => {
    assert.equal((await findingsOf('NB501', [tree, "model.fit(df[['LSTAT', 'RM']], df['MEDV'])\nprint(model.score(df[['LSTAT', 'RM']], df['MEDV']))"])).length, 1);
    assert.equal((await findingsOf('NB501', [tree, "model.fit(df[['LSTAT']], y)\nmodel.fit(X_all, y)\nprint(model.score(X_all, y))"])).length, 1);
  });
});
