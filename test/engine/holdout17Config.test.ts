// NB205 false positives found labelling holdout17: a value written as arithmetic on numbers reported by its first
// number (`alpha=10**(-2)` shown as `alpha=10`), a seaborn joint plot's axes (`g.ax_marg_y.histt(…, alpha=.6)`, a typo),
// and a synthetic dataset's definition (`make_blobs(…, random_state=10)`). The real settings beside them are reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, findingsOf } from '../helpers/engine';

describe('NB205: holdout17', () => {
  it('a value written as arithmetic on numbers is one value, shown whole', async () => {
    const findings = await analyze(['from sklearn.linear_model import SGDRegressor\nmodel = SGDRegressor(alpha=10**(-2), max_iter=500)'], { select: ['NB205'] });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /`alpha` \(10\*\*\(-2\)\)/);
    assert.doesNotMatch(findings[0].message, /\(10\)/);
    // Arithmetic with a name stays a factor of a derived value.
    assert.deepEqual(await findingsOf('NB205', ['model = SGDRegressor(alpha=base_alpha * 2)']), []);
  });

  it('the marginal axes of a joint plot draw: their alpha is transparency', async () => {
    const plot = "g = sns.JointGrid(data=tips, x='total_bill', y='tip')\ng.ax_marg_y.histt(tips['tip'], color='r', alpha=.6)\ng.ax_joint.text(40, 8, 'outlier', alpha=0.5)";
    assert.deepEqual(await findingsOf('NB205', ['import seaborn as sns', plot]), []);
  });

  it("a synthetic dataset's generator defines toy data; the model trained on it has settings", async () => {
    assert.deepEqual(await findingsOf('NB205', ['from sklearn import datasets\nblobs = datasets.make_blobs(n_samples=50, centers=3, random_state=10)']), []);
    assert.deepEqual(await findingsOf('NB205', ['from sklearn.cluster import KMeans\nlabels = KMeans(n_clusters=3, random_state=10).fit_predict(X)']), ['1:2:28 3']);
  });
});
