// outlineCell (the project model's read of a test) gives summarizeCell's imports and
// definitions: the same walk decides which statements run, only expressions are skipped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outlineCell, summarizeCell } from '../../server/src/engine/cellSummary';
import { defaultWasmDir, loadPythonParser } from '../../server/src/engine/parser';
import { REPO_ROOT } from '../helpers/engine';

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
