// Extraction cases for the kernel oracle: real-shaped notebooks (in
// test/fixtures/oracle-extract, percent format, data made in the notebook) and the
// cells to extract. `same`: the extraction is offered and every cell's outputs stay
// identical under Restart & Run All; otherwise the refusal expected, with its reason.
// Steps after the first extract into the same module again.

export interface OracleStep { first: number; last: number; module?: string; fn?: string }
export interface OracleCase { id: string; notebook: string; steps: OracleStep[]; expect: 'same' | RegExp; what: string }

const one = (first: number, last = first, module?: string): OracleStep => ({ first, last, module });

export const CASES: OracleCase[] = [
  // NumPy
  { id: 'np_draw', notebook: 'sales_numpy', steps: [one(3)], expect: 'same', what: 'cell ending in an array display' },
  { id: 'np_weekly', notebook: 'sales_numpy', steps: [one(4)], expect: 'same', what: 'parameter rebuilt from a seeded generator; scalar display' },
  { id: 'np_revenue', notebook: 'sales_numpy', steps: [one(5)], expect: 'same', what: 'printed output' },
  { id: 'np_class_import', notebook: 'sales_numpy', steps: [one(6)], expect: 'same', what: 'issue 1: a class whose method uses math.exp takes `import math`' },
  { id: 'np_function', notebook: 'sales_numpy', steps: [one(8)], expect: 'same', what: 'a function later called with literal arguments' },
  { id: 'np_run_shows', notebook: 'sales_numpy', steps: [one(3, 4)], expect: /cell 4 shows output/, what: 'issue 5: the middle display would move' },
  { id: 'np_run_defs', notebook: 'sales_numpy', steps: [one(8, 9)], expect: 'same', what: 'run of a definition and its call' },
  { id: 'np_second', notebook: 'sales_numpy', steps: [one(8, 8, 'demand'), one(10, 10, 'demand')], expect: 'same', what: 'second extraction into the same module' },
  { id: 'np_tuple', notebook: 'sales_numpy', steps: [one(11)], expect: 'same', what: 'tuple display with NumPy scalars' },
  { id: 'np_squash', notebook: 'sales_numpy', steps: [one(7)], expect: 'same', what: 'notebook class passed in as a parameter' },
  // pandas
  { id: 'pd_frame', notebook: 'customers_pandas', steps: [one(2)], expect: 'same', what: 'DataFrame made in the cell, head() displayed' },
  { id: 'pd_clean', notebook: 'customers_pandas', steps: [one(4)], expect: 'same', what: 'returned frame shown after the call' },
  { id: 'pd_groupby', notebook: 'customers_pandas', steps: [one(5)], expect: 'same', what: 'Series display with an index name' },
  { id: 'pd_function', notebook: 'customers_pandas', steps: [one(6)], expect: 'same', what: 'function called later with literals, twice' },
  { id: 'pd_map', notebook: 'customers_pandas', steps: [one(9)], expect: 'same', what: 'in-place column on a parameter, notebook function as a parameter' },
  { id: 'pd_print', notebook: 'customers_pandas', steps: [one(10)], expect: 'same', what: 'printed dict' },
  { id: 'pd_numpy', notebook: 'customers_pandas', steps: [one(11)], expect: 'same', what: 'array display from a column' },
  { id: 'pd_run_shows', notebook: 'customers_pandas', steps: [one(4, 5)], expect: /cell 5 shows output/, what: 'run whose first cell displays' },
  { id: 'pd_second', notebook: 'customers_pandas', steps: [one(6, 6, 'bands'), one(9, 9, 'bands')], expect: 'same', what: 'second extraction into the same module, using the first' },
  // scikit-learn
  { id: 'sk_run2', notebook: 'features_sklearn', steps: [one(2, 3)], expect: 'same', what: 'run of 2 quiet cells' },
  { id: 'sk_run3', notebook: 'features_sklearn', steps: [one(3, 5)], expect: 'same', what: 'run of 3 quiet cells: split, scale, fit' },
  { id: 'sk_run4', notebook: 'features_sklearn', steps: [one(2, 5)], expect: 'same', what: 'run of 4 cells' },
  { id: 'sk_print', notebook: 'features_sklearn', steps: [one(6)], expect: 'same', what: 'printed metric, inputs rebuilt by replaying the fit' },
  { id: 'sk_series', notebook: 'features_sklearn', steps: [one(7)], expect: 'same', what: 'Series display' },
  { id: 'sk_function', notebook: 'features_sklearn', steps: [one(8)], expect: 'same', what: 'function with a default, called with a keyword' },
  { id: 'sk_def_and_call', notebook: 'features_sklearn', steps: [one(8, 9)], expect: 'same', what: 'run of a definition and a display' },
  { id: 'sk_fit_print', notebook: 'features_sklearn', steps: [one(5, 6)], expect: 'same', what: 'run whose last cell prints' },
  // matplotlib
  { id: 'mpl_semicolon', notebook: 'plots_matplotlib', steps: [one(2)], expect: 'same', what: 'issue 4: plot ending in `;`' },
  { id: 'mpl_colorbar', notebook: 'plots_matplotlib', steps: [one(3)], expect: 'same', what: 'issue 4: plt.colorbar();' },
  { id: 'mpl_show', notebook: 'plots_matplotlib', steps: [one(4)], expect: 'same', what: 'issue 4: plt.show() returns None' },
  { id: 'mpl_hist', notebook: 'plots_matplotlib', steps: [one(5)], expect: 'same', what: 'display of a tuple of arrays and artists' },
  { id: 'mpl_add_at', notebook: 'plots_matplotlib', steps: [one(7)], expect: 'same', what: 'issue 4: np.add.at returns None' },
  { id: 'mpl_run', notebook: 'plots_matplotlib', steps: [one(1, 2)], expect: 'same', what: 'run: data then plot' },
  { id: 'mpl_run_plot_middle', notebook: 'plots_matplotlib', steps: [one(2, 3)], expect: /cell 3 shows output/, what: 'a plot in the middle of a run would move' },
  { id: 'mpl_slice', notebook: 'plots_matplotlib', steps: [one(8)], expect: 'same', what: 'array display after an in-place change' },
  // closures, decorators, global, display
  { id: 'tx_closure_global', notebook: 'text_closures', steps: [one(3)], expect: /`make_counter` reads the notebook global `tokenize`/, what: 'closure reading a notebook function' },
  { id: 'tx_closure_run', notebook: 'text_closures', steps: [one(2, 3)], expect: 'same', what: 'closure and the function it reads, together' },
  { id: 'tx_counts', notebook: 'text_closures', steps: [one(4)], expect: 'same', what: 'list-of-tuples display; closure factory as a parameter' },
  { id: 'tx_decorator', notebook: 'text_closures', steps: [one(5)], expect: 'same', what: 'decorated function takes its decorator import' },
  { id: 'tx_global', notebook: 'text_closures', steps: [one(7)], expect: /uses `global`/, what: '`global` in a function' },
  { id: 'tx_reads_body', notebook: 'text_closures', steps: [one(8)], expect: /`describe` reads the notebook global `label`/, what: 'function reading a variable of its own cell' },
  { id: 'tx_total', notebook: 'text_closures', steps: [one(10)], expect: 'same', what: 'returned scalar shown after the call' },
  { id: 'tx_display_class', notebook: 'text_closures', steps: [one(11)], expect: 'same', what: 'issue 3: a class named display moves' },
  { id: 'tx_display_use', notebook: 'text_closures', steps: [one(12)], expect: 'same', what: 'issue 3: the notebook display wins over the IPython one' },
  { id: 'tx_fib_call', notebook: 'text_closures', steps: [one(6)], expect: 'same', what: 'display of a call to a notebook function' },
  // eval, imports, await, del
  { id: 'ev_two_imports', notebook: 'eval_imports', steps: [one(2)], expect: 'same', what: 'issue 6: import scipy.integrate and scipy.interpolate' },
  { id: 'ev_eval', notebook: 'eval_imports', steps: [one(4)], expect: /calls eval\(\)/, what: 'issue 2: eval in a method' },
  { id: 'ev_globals', notebook: 'eval_imports', steps: [one(6)], expect: /calls globals\(\)/, what: 'issue 2: globals()' },
  { id: 'ev_math', notebook: 'eval_imports', steps: [one(7)], expect: 'same', what: 'function using an import of an earlier cell' },
  { id: 'ev_await', notebook: 'eval_imports', steps: [one(10)], expect: /top-level `await`/, what: 'top-level await' },
  { id: 'ev_del', notebook: 'eval_imports', steps: [one(11)], expect: /deletes `rate`/, what: 'del of a notebook name' },
  // runs of up to 5 cells
  { id: 'rn_run5', notebook: 'pipeline_runs', steps: [one(2, 6)], expect: 'same', what: 'run of 5 cells ending in a frame display' },
  { id: 'rn_run3', notebook: 'pipeline_runs', steps: [one(1, 3)], expect: 'same', what: 'run of 3 cells' },
  { id: 'rn_second', notebook: 'pipeline_runs', steps: [one(1, 1, 'pipeline'), one(2, 6, 'pipeline')], expect: 'same', what: 'second extraction into the same module, a run' },
  { id: 'rn_run3_mid', notebook: 'pipeline_runs', steps: [one(3, 5)], expect: 'same', what: 'run of 3 cells in the middle' },
  // issue 13: what the whole-notebook export found
  { id: 'mm_import_alias', notebook: 'main_module', steps: [one(2, 2, 'rates'), one(3, 3, 'rates')], expect: 'same', what: '`import math` still added when the module has `import math as mt`' },
  { id: 'mm_run_alias', notebook: 'main_module', steps: [one(2, 3)], expect: 'same', what: 'run with `import math` and `import math as mt` both needed' },
  { id: 'mm_help', notebook: 'main_module', steps: [one(5)], expect: /help\(scale\)|scale in module __main__/, what: 'help() names the module a function is in' },
  { id: 'mm_instance', notebook: 'main_module', steps: [one(7)], expect: /shows `__main__\.Basket`/, what: 'the repr of an instance names the class\'s module' },
  { id: 'mm_custom_repr', notebook: 'main_module', steps: [one(9)], expect: 'same', what: 'a class with its own __repr__ moves' },
  { id: 'mm_function_repr', notebook: 'main_module', steps: [one(11)], expect: /`__main__\.clip/, what: 'a displayed function shows its module' },
  { id: 'mm_dunder_name', notebook: 'main_module', steps: [one(14)], expect: /reads `__name__`/, what: '`__name__` is "__main__" only in the notebook' },
  { id: 'rs_zero', notebook: 'raises', steps: [one(2)], expect: /cell 3 ends in an error \(ZeroDivisionError/, what: 'a cell that raises after binding names' },
  { id: 'rs_key', notebook: 'raises', steps: [one(4)], expect: /cell 5 ends in an error \(KeyError/, what: 'a cell that raises a KeyError after binding names' },
  { id: 'sb_eval_binds', notebook: 'side_by_side', steps: [one(3)], expect: /`display` \(cell 3\) calls eval\(\)/, what: 'a notebook display class that evals names the cell binds' },
  { id: 'sb_own_display', notebook: 'side_by_side', steps: [one(4)], expect: 'same', what: 'a notebook display class returns what it shows' },
  { id: 'sb_after', notebook: 'side_by_side', steps: [one(5)], expect: 'same', what: 'shape display after the display cells' },
  { id: 'rs_run', notebook: 'raises', steps: [one(1, 2)], expect: /cell 3 ends in an error/, what: 'a run whose last cell raises' },
];
