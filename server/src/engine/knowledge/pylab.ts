// Names IPython's pylab mode (`%pylab inline`, or a kernel started with `--pylab`, common in
// nbformat 3 notebooks) puts in the namespace: NumPy and Matplotlib's pyplot as `np` and `plt`,
// IPython's `figsize`, and `from pylab import *`. The common ones, each checked against
// IPython's own `import_pylab` by test/engine/pylab.test.ts.

export const PYLAB_NAMES: ReadonlySet<string> = new Set([
  // IPython's pylab helpers and the module aliases.
  'figsize', 'getfigs', 'np', 'plt', 'mpl', 'matplotlib', 'pylab',
  // pyplot, star-imported.
  'plot', 'figure', 'subplot', 'subplots', 'show', 'hist', 'scatter', 'xlabel', 'ylabel', 'title', 'legend',
  'xlim', 'ylim', 'savefig', 'imshow', 'bar', 'axis', 'grid', 'fill_between', 'errorbar', 'text', 'annotate',
  'xticks', 'yticks', 'tight_layout', 'colorbar', 'semilogy', 'loglog', 'vlines', 'hlines', 'axvline', 'axhline',
  // NumPy, star-imported.
  'array', 'arange', 'linspace', 'zeros', 'ones', 'zeros_like', 'ones_like', 'empty', 'diag', 'eye', 'meshgrid',
  'log', 'log2', 'log10', 'exp', 'sqrt', 'sin', 'cos', 'pi', 'dot', 'random', 'randn', 'rand', 'mean', 'std',
  'cumsum', 'concatenate', 'where', 'nan', 'inf', 'histogram', 'percentile', 'argmax', 'argmin', 'floor', 'ceil', 'isnan',
]);

/** Only pylab mode provides these (a script would import them under other names): a read of one from nowhere shows the mode is on. */
export const PYLAB_ONLY: ReadonlySet<string> = new Set(['figsize', 'getfigs']);
