// NB501-NB505 run on the project's own src/ modules too, through the bundled CLI:
// a plain module is one cell whose lines are the file's lines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notebookJson, runCli } from '../helpers/cli';
import { writeProject } from '../helpers/project';

describe('module rules on src/ files', () => {
  it('reports a missing timeout and a NaN comparison at the module line, and nothing on notebook-state rules', () => {
    const root = writeProject({
      'pyproject.toml': '[project]\nname = "shop"\ndependencies = ["requests==2.32.3", "numpy==2.1.0"]\n\n[tool.nb2prod]\nselect = ["NB", "NB504"]\n',
      'src/shop/client.py': 'import numpy as np\nimport requests\n\n\ndef fetch(url):\n    r = requests.get(url)\n    return r.json()\n\n\ndef missing(x):\n    return x == np.nan\n\n\nprint(undefined_here)\n',
      'notebooks/explore.ipynb': notebookJson([{ source: 'from shop.client import fetch' }]),
      'tests/test_client.py': 'from shop.client import fetch, missing\n\ndef test_it():\n    assert fetch and missing\n',
    });
    const r = runCli(['check', '.', '--format', 'json', '--fail-on', 'never'], root);
    const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string; line: number; column: number }[] }[] };
    const module = report.files.find((f) => f.path.endsWith('src/shop/client.py'));
    assert.ok(module, `${r.stdout}${r.stderr}`);
    const ml = module.diagnostics.filter((d) => d.code.startsWith('NB5')).map((d) => `${d.code}:${d.line}:${d.column}`);
    assert.deepEqual(ml, ['NB503:6:9', 'NB504:11:12']);
    assert.ok(!module.diagnostics.some((d) => d.code === 'NB102'), 'notebook-state rules do not run on modules');
  });
});
