// What a notebook's kernel tells the rules: the language it runs (only Python
// notebooks get Python rules) and the globals some kernels put in the namespace
// before the first cell runs (a Spark kernel's `spark`, Databricks' `dbutils`, SageMath's `x`).

/**
 * The notebook's language, lower-cased, from `kernelspec.language`, else `language_info.name`,
 * else a Databricks export's own `language`; an empty value says nothing. Undefined when unsaid.
 */
export function notebookLanguage(metadata: Record<string, unknown> | undefined): string | undefined {
  const kernelspec = record(metadata?.kernelspec);
  const languageInfo = record(metadata?.language_info);
  const databricks = record(metadata?.['application/vnd.databricks.v1+notebook']);
  for (const value of [kernelspec?.language, languageInfo?.name, databricks?.language]) {
    const language = str(value)?.trim().toLowerCase();
    if (language) return language;
  }
  return undefined;
}

/**
 * Python, or a kernel that runs Python under another name (PySpark, Synapse) or a superset of it
 * (Coconut compiles any Python 3 source unchanged; SageMath preparses Python, adding `^` and `R.<x>`).
 * Unknown counts as Python.
 */
export function isPythonNotebook(metadata: Record<string, unknown> | undefined): boolean {
  const language = notebookLanguage(metadata);
  return language === undefined || PYTHON_LANGUAGES.has(language);
}

const PYTHON_LANGUAGES = new Set(['python', 'python3', 'python2', 'ipython', 'ipython3', 'pyspark', 'pyspark3', 'sparkpython', 'coconut', 'sage']);

/** A language name (kernelspec, language_info, an editor's languageId), any case, that is Python. */
export function isPythonLanguage(language: string): boolean {
  return PYTHON_LANGUAGES.has(language.trim().toLowerCase());
}

/** Globals a Spark-style kernel or platform provides (Synapse and Fabric add their utilities). */
const SPARK_GLOBALS = ['spark', 'sc', 'sqlContext', 'dbutils', 'display', 'displayHTML', 'mssparkutils', 'notebookutils', 'TokenLibrary'];

/**
 * What a SageMath kernel defines before the first cell (its namespace holds thousands of names; these are the ones
 * its teaching notebooks read without making them): the symbolic `x`, plotting, number fields, calculus.
 */
const SAGE_GLOBALS = [
  'x', 'var', 'function', 'show', 'plot', 'line', 'point', 'points', 'circle', 'disk', 'polygon', 'arrow', 'text', 'list_plot',
  'parametric_plot', 'implicit_plot', 'plot3d', 'graphics_array', 'animate', 'interact', 'slider', 'input_box', 'range_slider',
  'selector', 'checkbox', 'html', 'latex', 'table', 'srange', 'sxrange', 'n', 'N', 'pi', 'e', 'I', 'i', 'oo', 'infinity',
  'golden_ratio', 'sqrt', 'sin', 'cos', 'tan', 'exp', 'log', 'ln', 'floor', 'ceil', 'factorial', 'binomial', 'mod', 'Mod',
  'gcd', 'lcm', 'is_prime', 'prime_range', 'primes', 'next_prime', 'factor', 'expand', 'simplify', 'solve', 'diff',
  'derivative', 'integral', 'integrate', 'limit', 'taylor', 'prod', 'numerical_approx', 'RR', 'QQ', 'ZZ', 'CC', 'RDF',
  'CDF', 'GF', 'PolynomialRing', 'matrix', 'vector', 'identity_matrix', 'random_matrix', 'Graph', 'DiGraph',
  'RealDistribution', 'set_random_seed', 'random', 'Set', 'Permutations', 'Combinations', 'Subsets', 'walltime', 'cputime',
];

/**
 * Notebook metadata keys only Spark platforms write: Databricks exports (their `application/vnd.databricks…`
 * keys, or only `notebookId` when the kernelspec was swapped for a local one), Synapse's `synapse_widget`
 * and `saveOutput`/`save_output`, Fabric's `trident` and `spark_compute`.
 */
const PLATFORM_KEY = /databricks|synapse|^save_?output$|^trident$|^spark_compute$|^notebookId$/i;

/**
 * Names the kernel defines before any cell runs (empty for a plain IPython kernel). A notebook
 * that imports `pyspark` but never makes `sc` or `spark` runs in a PySpark shell, which does;
 * so does one that calls `sc.textFile(…)` or `dbutils.fs.ls(…)` (SPARK_GLOBAL_CALL).
 */
export function kernelGlobals(metadata: Record<string, unknown> | undefined, sparkInCode = false): ReadonlySet<string> {
  const python2 = isPython2(metadata);
  if (sparkInCode) return python2 ? SPARK_PY2 : SPARK;
  if (!metadata) return EMPTY;
  const kernelspec = record(metadata.kernelspec);
  const kernelInfo = record(metadata.kernel_info);
  const kernelText = `${str(kernelspec?.name) ?? ''} ${str(kernelspec?.display_name) ?? ''} ${str(kernelInfo?.name) ?? ''}`.toLowerCase();
  const platform = Object.keys(metadata).some((k) => PLATFORM_KEY.test(k));
  const spark = platform || /spark|databricks|synapse/.test(kernelText);
  if (spark) return python2 ? SPARK_PY2 : SPARK;
  if (/sage/.test(kernelText) || notebookLanguage(metadata) === 'sage') return python2 ? SAGE_PY2 : SAGE;
  return python2 ? PY2 : EMPTY;
}

/** Builtins Python 2 had and Python 3 dropped: defined in a notebook saved from a Python 2 kernel. */
export const PYTHON2_BUILTINS = ['xrange', 'unicode', 'basestring', 'long', 'raw_input', 'unichr', 'reduce', 'file', 'execfile', 'reload', 'cmp', 'buffer', 'apply', 'intern', 'coerce'];

/** A notebook saved from a Python 2 kernel: `kernelspec.name` "python2", or `language_info.version` 2.x. */
function isPython2(metadata: Record<string, unknown> | undefined): boolean {
  const kernelspec = record(metadata?.kernelspec);
  const version = str(record(metadata?.language_info)?.version);
  return /^python2$/i.test(str(kernelspec?.name) ?? '') || /^2\./.test(version ?? '');
}

/**
 * Calls on a global that only a PySpark shell or Databricks provides: `sc.textFile(…)`, `sc.parallelize(…)`,
 * `dbutils.fs.ls(…)`. A notebook that makes them runs where the kernel provides them (`spark` alone is
 * no sign: notebooks make it themselves with `SparkSession.builder`).
 */
export const SPARK_GLOBAL_CALL = /^(?:sc\.(?:textFile|parallelize|wholeTextFiles|binaryFiles|broadcast|accumulator|setLogLevel)|dbutils\.\w+(?:\.\w+)*)$/;

const EMPTY: ReadonlySet<string> = new Set();
const SPARK: ReadonlySet<string> = new Set(SPARK_GLOBALS);
const PY2: ReadonlySet<string> = new Set(PYTHON2_BUILTINS);
const SPARK_PY2: ReadonlySet<string> = new Set([...SPARK_GLOBALS, ...PYTHON2_BUILTINS]);
const SAGE: ReadonlySet<string> = new Set(SAGE_GLOBALS);
const SAGE_PY2: ReadonlySet<string> = new Set([...SAGE_GLOBALS, ...PYTHON2_BUILTINS]);

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
