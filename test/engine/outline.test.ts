// outlineCell (the project model's read of a test) gives summarizeCell's imports and
// definitions: the same walk decides which statements run, only expressions are skipped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outlineCell, summarizeCell } from '../../server/src/engine/cellSummary';
import { defaultWasmDir, loadPythonParser } from '../../server/src/engine/parser';
import { mergeConfig } from '../../server/src/engine/config';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import { getEngine, REPO_ROOT } from '../helpers/engine';
import { writeProject } from '../helpers/project';

const SOURCES = [
  '',
  'import os, sys as system\nfrom a.b import (c, d as e)\nfrom . import sibling\nfrom __future__ import annotations\n',
  // An import after a return or a raise is never reached; `if False:` never runs.
  'def load():\n    import json\n    return json\n    import never_reached\n',
  'def fail():\n    raise ValueError()\n    import after_raise\nif False:\n    import dead_branch\nelse:\n    import live_branch\n',
  // Optional imports (try/except ImportError), and imports in classes, loops, with, match and decorated functions.
  'try:\n    import torch\nexcept ImportError:\n    from fallback import torch\nfinally:\n    import cleanup\n',
  'class Model(Base):\n    import inside_class\n    def fit(self, x=lambda: 1):\n        from sklearn.linear_model import Ridge\n        return Ridge\n',
  'for i in range(3):\n    import in_loop\nelse:\n    import loop_else\nwhile ready():\n    import in_while\nwith open(p) as f:\n    import in_with\n',
  'match command:\n    case "fit":\n        import fit_module\n    case _:\n        from other import thing\n',
  '@cache\ndef cached():\n    import functools\n\nasync def serve():\n    async with client() as c:\n        import aiohttp\n',
  'if sys.version_info < (3, 8):\n    import importlib_metadata as metadata\nelif x:\n    import b\nelse:\n    from importlib import metadata\n',
  // IPython lines are masked before the parse, as for a notebook cell.
  '%matplotlib inline\n!pip install x\nimport numpy as np\ndef helper(): pass\n',
  // Broken code: what the parser recovers.
  'import ok\ndef broken(:\n    import inside_broken\nclass C:\n    pass\nimport after\n',
];

test('outlineCell has the imports and definitions of summarizeCell', async () => {
  const parser = await loadPythonParser(defaultWasmDir(REPO_ROOT));
  for (const source of SOURCES) {
    const full = summarizeCell(parser, source);
    const outline = outlineCell(parser, source);
    assert.deepEqual(outline.imports, full.imports, source);
    assert.deepEqual(outline.definitions, full.definitions, source);
  }
  // Not vacuous: the skipped branches are skipped in both.
  const modules = outlineCell(parser, SOURCES[3]).imports.flatMap((i) => i.modules);
  assert.deepEqual(modules, ['live_branch']);
  assert.deepEqual(outlineCell(parser, SOURCES[2]).imports.flatMap((i) => i.modules), ['json']);
});

test('a model built with outlines on demand has the same facts, and its modules are parsed only by the module rules', async () => {
  const engine = await getEngine();
  const root = writeProject({
    'pyproject.toml': '[project]\nname = "churn"\ndependencies = ["pandas==2.2.0"]\n',
    'src/churn/__init__.py': '',
    'src/churn/features.py': 'import pandas as pd\n\ndef add_tenure(df):\n    return df.assign(tenure=df.months / 12)\n\nclass Scaler:\n    pass\n',
    'src/churn/train.py': 'try:\n    import torch\nexcept ImportError:\n    torch = None\nfrom churn.features import add_tenure\n\ndef fit(df):\n    import sklearn\n    return add_tenure(df)\n',
    'src/churn/serve.py': 'from .train import fit\n\nasync def predict(x):\n    return fit(x)\n',
    'tests/test_features.py': 'from churn.features import add_tenure\n\ndef test_add_tenure():\n    assert add_tenure is not None\n',
  });
  const whole = buildProjectModel(root, (s) => engine.summarize(s));
  // In order: what the build and the module rules ask of the engine.
  const asked: string[] = [];
  const name = (s: string) => (s.includes('def fit(df)') ? 'train' : s.includes('def add_tenure(df)') ? 'features' : s.includes('async def predict') ? 'serve' : s.includes('def test_add_tenure') ? 'test' : s === '' ? 'init' : s);
  const reads = { outline: (s: string) => (asked.push(`outline ${name(s)}`), engine.outline(s)) };
  const light = buildProjectModel(root, (s) => (asked.push(`summary ${name(s)}`), engine.summarize(s)), undefined, reads);
  // Nothing is read while the model is built: notebooks ask which modules and tests there are, not what is in them.
  assert.equal(asked.length, 0, asked.join(', '));
  assert.deepEqual(light.tests.map((t) => t.file), ['tests/test_features.py']);
  assert.deepEqual(light.modules.map((m) => m.file), whole.modules.map((m) => m.file));
  const files = analyzeProjectFiles(light, mergeConfig(), (s) => (asked.push(`rules ${name(s)}`), engine.analyzeModule(s, mergeConfig(), light)));
  // Each module's facts are read right after the module rules summarised it (from that summary, no second parse);
  // last module first; the empty __init__.py (first in the scan) is only outlined: an empty one is skipped.
  // The test is outlined once, when the module rules first ask which tests import a module.
  assert.deepEqual(asked, ['rules train', 'outline train', 'rules serve', 'outline serve', 'rules features', 'outline features', 'outline init', 'outline test']);
  assert.deepEqual(light.modules, whole.modules);
  assert.deepEqual(light.tests.map((t) => t.modules), whole.tests.map((t) => t.modules));
  assert.deepEqual(light.tests.map((t) => [...t.words].sort()), whole.tests.map((t) => [...t.words].sort()));
  assert.ok(whole.tests[0].words.has('add_tenure'), 'the test names the function it exercises');
  assert.deepEqual(files, analyzeProjectFiles(whole, mergeConfig(), (s) => engine.analyzeModule(s, mergeConfig(), whole)));
});
