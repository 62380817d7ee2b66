// NB205 false positives found labelling holdout16: display settings of a book's plotting module, of a graph drawing's
// layout and of a t-SNE projection made for a scatter plot. Each stays silent; the training setting beside it is reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

describe('NB205: display settings (holdout16)', () => {
  it('a plotting module named for it (`thinkplot`, `pyplot`) draws: its `alpha` is transparency', async () => {
    assert.deepEqual(await findingsOf('NB205', ['import thinkplot\nthinkplot.Cdf(cdf, alpha=0.2)\nthinkplot.Plot(xs, ys, alpha=0.7)']), []);
    // A model's alpha beside it is a setting.
    assert.deepEqual(await findingsOf('NB205', ['from sklearn.linear_model import Ridge\nimport thinkplot\nmodel = Ridge(alpha=0.5)\nthinkplot.Plot(xs, ys, alpha=0.7)']), ['1:3:21 0.5']);
  });

  it('a networkx layout\'s seed places the nodes of a drawing', async () => {
    assert.deepEqual(await findingsOf('NB205', ['import networkx as nx\npos = nx.spring_layout(G, seed=42)\nnx.draw_networkx(G, pos=pos)']), []);
    assert.deepEqual(await findingsOf('NB205', ['from sklearn.model_selection import train_test_split\nX_tr, X_te = train_test_split(X, random_state=42)']), ['1:2:47 42']);
  });

  it('t-SNE only draws (it has no transform for new data): none of its keywords is configuration', async () => {
    assert.deepEqual(await findingsOf('NB205', ['from sklearn.manifold import TSNE\nxy = TSNE(n_components=2, perplexity=10, random_state=42, learning_rate=200).fit_transform(emb)']), []);
    assert.deepEqual(await findingsOf('NB205', ['from sklearn.cluster import KMeans\nlabels = KMeans(n_clusters=5, random_state=42).fit_predict(emb)']), ['1:2:28 5']);
  });

  it('a `dict(...)` of line and marker styles is a bundle of plot options: its `alpha` is transparency', async () => {
    assert.deepEqual(await findingsOf('NB205', ["options = dict(marker='o', linewidth=0, alpha=0.3, label='')\ndf['share'].plot(color='C0', **options)"]), []);
    // A dict of a model's settings beside it is configuration.
    assert.deepEqual(await findingsOf('NB205', ["from sklearn.linear_model import Lasso\nparams = dict(alpha=0.3, max_iter=500)\nmodel = Lasso(**params)"]), ['1:2:21 0.3']);
  });
});
