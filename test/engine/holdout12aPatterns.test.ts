// False positives found labelling holdout12 (engine 1bb9eef), each fixed after the measurement.
// Each pattern stays silent; the true case next to it is still reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

// A JWT shaped like a storage signed-link token: its payload is {"url": "demo-bucket/clip.wav", "iat": …, "exp": …}.
const LINK_JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1cmwiOiJkZW1vLWJ1Y2tldC9jbGlwLndhdiIsImlhdCI6MTcwMTAwMDAwMCwiZXhwIjoxNzMyNTM2MDAwfQ.Qm9ndXNTaWduYXR1cmVGb3JUZXN0c19hYmMxMjNYWVo';

describe('NB203: the token of a signed download link to one object is no credential (holdout12)', () => {
  it('`…/object/sign/<bucket>/<file>?token=<JWT>` is a share link for readers', async () => {
    const cell = `clip = download_audio(\n    "https://files.example-project.co/storage/v1/object/sign/demo-bucket/clip.wav?token=${LINK_JWT}&t=2023-11-26T12%3A00%3A00.000Z"\n)`;
    assert.deepEqual(await findingsOf('NB203', [cell]), []);
  });
  it('the same JWT as a bearer credential, or in an API URL that is not a signed object link, is still reported', async () => {
    const bearer = `headers = {"Authorization": "Bearer ${LINK_JWT}"}`;
    assert.equal((await findingsOf('NB203', [bearer])).length, 1);
    const api = `resp = requests.get("https://api.example-project.co/rest/v1/clips?token=${LINK_JWT}")`;
    assert.equal((await findingsOf('NB203', [api])).length, 1);
  });
});

describe('NB101: a read after `\'x\' in dir() and` is skipped on Restart & Run All (holdout12)', () => {
  const cleanup = (test: string) => `# remove the agent made by an earlier run of this cell\nif ${test} and agent_key:\n    client.delete_agent(agent_key)\n    agent_key = None\n\nagent_key = client.create_agent(config)`;
  it('`in dir()`, `in globals()`, `in locals()` before `and` guard the names read after it', async () => {
    assert.deepEqual(await findingsOf('NB101', [cleanup("'agent_key' in dir()")]), []);
    assert.deepEqual(await findingsOf('NB101', [cleanup('"agent_key" in globals()')]), []);
    assert.deepEqual(await findingsOf('NB101', [cleanup("'session_id' in locals() and session_id and 'agent_key' in locals()")]), []);
  });
  it('without the membership test, or with `not in`, or with `or`, the read is still reported', async () => {
    assert.deepEqual(await findingsOf('NB101', [cleanup('ready')]), ['1:2:14 agent_key']);
    assert.deepEqual(await findingsOf('NB101', [cleanup("'agent_key' not in dir()")]), ['1:2:33 agent_key']);
    assert.deepEqual(await findingsOf('NB101', ["if 'agent_key' in dir() or agent_key:\n    pass\nagent_key = 1"]), ['1:1:28 agent_key']);
  });
});

describe('NB501: gradient descent by hand from fixed starting values needs no seed (holdout12)', () => {
  const data = 'import numpy as np\nimport torch\nnp.random.seed(7)\nxs = torch.linspace(-1, 1, steps=30)[:, None]\nys = 2 * xs + 0.5 + torch.tensor(np.random.normal(scale=0.1, size=xs.shape))';
  const fit = (start: string) => [data, `w = ${start}\nw.requires_grad_()`, 'for step in range(20):\n    loss = ((w[0] * xs + w[1] - ys) ** 2).mean()\n    loss.backward()\n    with torch.no_grad():\n        w -= w.grad * 0.05\n        w.grad.zero_()'];
  it('parameters from `torch.tensor([…])` updated by hand start and move the same way on every run', async () => {
    assert.deepEqual(await findingsOf('NB501', fit('torch.tensor([1.0, 1.0])')), []);
    assert.deepEqual(await findingsOf('NB501', [data, 'w = torch.zeros(2, requires_grad=True)', fit('')[2]]), []);
  });
  it('a random start, a layer or an optimizer is still reported', async () => {
    assert.deepEqual(await findingsOf('NB501', fit('torch.randn(2)')), ['3:3:5 loss.backward']);
    assert.deepEqual(await findingsOf('NB501', [data, 'layer = torch.nn.Linear(1, 1)\nw = torch.tensor([1.0, 1.0]).requires_grad_()', fit('')[2]]), ['3:3:5 loss.backward']);
    assert.deepEqual(await findingsOf('NB501', [...fit('torch.tensor([1.0, 1.0])'), 'params = [w]\nopt = torch.optim.SGD(params, lr=0.1)\nfor _ in range(5):\n    opt.zero_grad()\n    loss = ((w[0] * xs - ys) ** 2).mean()\n    loss.backward()\n    opt.step()']), ['3:3:5 loss.backward']);
  });
});
