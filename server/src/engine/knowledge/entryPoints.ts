// Functions that are entry points, not reusable code: a job script's `main()`, the
// `init()`/`run()` pair a model server calls, a pipeline or component definition of
// a cloud ML SDK. A unit test of them would run a job; NB301 and NB302 skip them.

/** Names a job script gives its command-line entry point and its argument parsing. */
export const ENTRY_POINT_FUNCTIONS: readonly string[] = ['main', 'parse_args', 'get_args', 'parse_arguments', 'get_arguments', 'cli'];

/** A scoring script (Azure ML, SageMaker, MLflow) is called by the model server through this pair, when it defines both. */
export const SCORING_PAIRS: readonly (readonly [string, string])[] = [['init', 'run'], ['model_fn', 'predict_fn'], ['model_fn', 'transform_fn']];

/**
 * The last part of a decorator that makes a function a pipeline, component or flow
 * definition of an ML orchestration SDK: `@dsl.pipeline(…)`, `@pipeline(…)` (Azure ML,
 * Kubeflow), `@command_component(…)` (Azure ML), `@dsl.component`, `@component`
 * (Kubeflow, Vertex AI), `@step` (SageMaker, ZenML), `@flow` (Prefect, Metaflow), and a
 * command-line command (`@app.command()` of Typer, `@click.command()`).
 */
export const PIPELINE_DECORATORS: readonly string[] = ['pipeline', 'command_component', 'component', 'container_component', 'step', 'flow', 'command'];

/** Is a function with this name and these decorators (dotted names, without `@` or arguments) an entry point? `defined` is every public name its module or notebook defines. */
export function isEntryPoint(name: string, decorators: readonly string[], defined: ReadonlySet<string>): boolean {
  if (ENTRY_POINT_FUNCTIONS.includes(name)) return true;
  if (SCORING_PAIRS.some((pair) => pair.includes(name) && pair.every((n) => defined.has(n)))) return true;
  return decorators.some((d) => PIPELINE_DECORATORS.includes(d.split('.').pop() ?? d));
}

/** The decorators written above each `def` of a source: function name → decorator names (`dsl.pipeline`). */
export function decoratorsByFunction(source: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let pending: string[] = [];
  for (const line of source.split('\n')) {
    const decorator = /^\s*@\s*([A-Za-z_][\w.]*)/.exec(line);
    if (decorator) {
      pending.push(decorator[1]);
      continue;
    }
    const def = /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(line);
    if (def) {
      if (pending.length > 0 && !out.has(def[1])) out.set(def[1], pending);
      pending = [];
      continue;
    }
    // Decorator arguments span lines until the def; a class or other statement at the margin ends them.
    if (/^(?:class\s|[A-Za-z_])/.test(line)) pending = [];
  }
  return out;
}
