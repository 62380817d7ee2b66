// NB109 false positives found labelling holdout18 (a numerical write-up that quotes its library's methods as indented
// cells, then runs plotting scripts with `%run`): the name blamed on `%run` was read only in the body of a function the
// notebook defines and never calls. That body never runs, so the notebook does not need `%run` to bind the name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, findingsOf } from '../helpers/engine';

/** The name each NB109 finding says only the magic binds. */
async function named(cells: string[]): Promise<string[]> {
  return (await analyze(cells, { select: ['NB109'] })).map((f) => /`(\w+)` \(cell/.exec(f.message)?.[1] ?? f.message);
}

describe('NB109: a read in a function nothing calls is not blamed on `%run` (holdout18)', () => {
  const excerpt = '    def remap_step(f_old, CFL, z):\n        f_new = np.zeros(z.N)\n        f_new += remap_rule(f_old, CFL, z)\n        return f_new';

  it('is not reported when only an uncalled function reads the name', async () => {
    assert.deepEqual(await findingsOf('NB109', ['import numpy as np', excerpt, '%cd pyfiles/solver', '%run derivative_test']), []);
    // A method quoted on its own (IPython dedents the cell): `__call__` is never called by name.
    const method = '    def __call__(self, n):\n        ft = self.f[n, :]\n        grid_plot(self.x, ft)\n        return None';
    assert.deepEqual(await findingsOf('NB109', [method, '%run convergence_calcs']), []);
    // Another excerpt calls it, and nothing calls that one.
    const caller = '    def advection_step(f_old, z):\n        CFL = courant(z)\n        return remap_step(f_old, CFL, z)';
    assert.deepEqual(await findingsOf('NB109', ['import numpy as np', caller, excerpt, '%run derivative_test']), []);
  });

  it('is still reported when the function is called, passed or decorated, or another function that runs reads it', async () => {
    const setup = 'import numpy as np\nf0 = np.ones(4)\ngrid = np.arange(4)';
    const run = '%run derivative_test';
    assert.deepEqual(await named([setup, excerpt, run, 'f = remap_step(f0, 0.5, grid)']), ['remap_rule']);
    assert.deepEqual(await named([setup, excerpt, run, 'steps = list(map(remap_step, [f0]))']), ['remap_rule']);
    assert.deepEqual(await named([setup, `@register_step\n${excerpt.replace(/^    /gm, '')}`, run]), ['remap_rule']);
    assert.deepEqual(await named([setup, excerpt, run, 'def step_all(f):\n    return remap_rule(f, 1, 2)', 'print(step_all(f0))']), ['remap_rule']);
    const caller = 'def advection_step(f_old, z):\n    return remap_step(f_old, 0.5, z)';
    assert.deepEqual(await named([setup, caller, excerpt, run, 'print(advection_step(f0, grid))']), ['remap_rule']);
  });
});

// NB109 false positive found labelling holdout18 (an agents workshop): the notebook sets `provider = "BEDROCK"`, and
// `%store -r` stands only in the `case "SAGEMAKER":` branch, which that value does not take. As written it runs alone.
describe('NB109: a `%store -r` in a branch the string set above does not take (holdout18)', () => {
  const cell = (provider: string) => `from agentkit.models import BedrockModel, EndpointModel

provider = "${provider}"

match provider:
    case "BEDROCK":
        model = BedrockModel(model_id="claude-sonnet")
    case "SAGEMAKER" | "ENDPOINT":
        # only needed for the endpoint
        %store -r ENDPOINT_NAME
        model = EndpointModel(endpoint_name=ENDPOINT_NAME)`;

  it('is not reported', async () => {
    assert.deepEqual(await findingsOf('NB109', [cell('BEDROCK'), 'agent = Agent(model)']), []);
    const ifCell = 'backend = "local"\nif backend == "remote":\n    %store -r REMOTE_URL\n    client = connect(REMOTE_URL)';
    assert.deepEqual(await findingsOf('NB109', [ifCell]), []);
  });

  it('is still reported when the value takes the branch, or is not a literal of the cell', async () => {
    assert.deepEqual(await findingsOf('NB109', [cell('SAGEMAKER'), 'agent = Agent(model)']), ['1:10:9 %store -r ENDPOINT_NAME']);
    const fromEnv = cell('BEDROCK').replace('provider = "BEDROCK"', 'provider = os.environ.get("PROVIDER", "BEDROCK")');
    assert.deepEqual(await findingsOf('NB109', ['import os', fromEnv]), ['2:10:9 %store -r ENDPOINT_NAME']);
    const inFunction = 'def load(backend):\n    if backend == "remote":\n        %store -r REMOTE_URL\n        return connect(REMOTE_URL)';
    assert.deepEqual(await findingsOf('NB109', ['backend = "local"', inFunction]), ['2:3:9 %store -r REMOTE_URL']);
  });
});
