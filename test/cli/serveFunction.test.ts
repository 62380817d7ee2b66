// `nb2prod serve-function` as users run it (dist/cli.js in a child process): writes
// the app, its test and the dependencies; refuses, exit 2 with the reason, to
// overwrite a file it did not write, and on a function it cannot serve.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { codeNotebookJson, runCli } from '../helpers/cli';

describe('nb2prod serve-function', () => {
  let root: string;
  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-serve-cli-')));
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'scikit-learn==1.5.1\n');
    fs.mkdirSync(path.join(root, 'src', 'iris'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', 'iris', '__init__.py'), '');
    fs.writeFileSync(path.join(root, 'src', 'iris', 'model.py'), [
      'from sklearn.linear_model import LogisticRegression', '', '',
      'def train(rows: list[list[float]], labels: list[int]) -> LogisticRegression:', '    return LogisticRegression().fit(rows, labels)', '', '',
      'def petal_ratio(length: float, width: float) -> float:', '    return length / width', '',
    ].join('\n'));
    fs.mkdirSync(path.join(root, 'notebooks'));
    fs.writeFileSync(path.join(root, 'notebooks', 'iris.ipynb'), codeNotebookJson(['from iris.model import petal_ratio, train', 'petal_ratio(4.5, 1.5)']));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('serves the function the notebook calls and says what it wrote', () => {
    const r = runCli(['serve-function', 'notebooks/iris.ipynb'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n')[0], 'Served petal_ratio (src/iris/model.py) at POST /petal_ratio in .:');
    assert.match(r.stdout, /  wrote app\/main\.py\n  wrote tests\/test_app\.py\n  wrote app\/__init__\.py\n  updated requirements\.txt\n  wrote pyproject\.toml\n  wrote \.env\.example\n/);
    assert.equal(fs.readFileSync(path.join(root, 'requirements.txt'), 'utf8'), 'scikit-learn==1.5.1\nfastapi>=0.100\npydantic>=2\nuvicorn>=0.20\nhttpx>=0.24\n');
    assert.match(fs.readFileSync(path.join(root, 'tests', 'test_app.py'), 'utf8'), /^EXAMPLE = \{"length": 4\.5, "width": 1\.5\}$/m);
    assert.equal(runCli(['serve-function', 'notebooks/iris.ipynb', 'petal_ratio'], root).code, 0, 'its own unedited files it rewrites');
  });

  it('exits 2 with the reason for a function whose result cannot cross JSON, and for an app it did not write', () => {
    const model = runCli(['serve-function', 'src/iris/model.py', 'train'], root);
    assert.equal(model.code, 2);
    assert.equal(model.stderr, 'nb2prod: error: cannot serve train: `train` returns `LogisticRegression`, which cannot cross JSON; serve a function that returns plain values, a DataFrame or an array\n');
    const app = path.join(root, 'app', 'main.py');
    fs.writeFileSync(app, `${fs.readFileSync(app, 'utf8')}\n# tuned by hand\n`);
    const before = fs.readFileSync(app, 'utf8');
    const mine = runCli(['serve-function', 'src/iris/model.py', 'petal_ratio'], root);
    assert.equal(mine.code, 2);
    assert.match(mine.stderr, /^nb2prod: error: cannot serve petal_ratio: app\/main\.py exists and nb2prod did not write it \(or it was edited since\); move it away first\n$/);
    assert.equal(fs.readFileSync(app, 'utf8'), before);
  });

  it('exits 2 for a missing file, several candidates without a name, and a usage mistake', () => {
    const missing = runCli(['serve-function', 'nope.ipynb'], root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.ipynb: no such notebook or module/);
    const several = runCli(['serve-function', 'src/iris/model.py'], root);
    assert.deepEqual([several.code, several.stderr], [2, 'nb2prod: error: cannot serve: choose the function to serve: train, petal_ratio\n']);
    const usage = runCli(['serve-function'], root);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /serve-function needs a notebook or module/);
  });
});
