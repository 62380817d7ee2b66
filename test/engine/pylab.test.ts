// The pylab table against IPython's own pylab import (the oracle Python of .ci/setup-python.sh).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { PYLAB_NAMES, PYLAB_ONLY } from '../../server/src/engine/knowledge/pylab';
import { oraclePython } from '../helpers/python';

const script = 'import json\nfrom IPython.core.pylabtools import import_pylab\nns = {}\nimport_pylab(ns, import_all=True)\nprint(json.dumps(sorted(ns)))';

describe('knowledge/pylab.ts', () => {
  const provided = new Set<string>(JSON.parse(execFileSync(oraclePython(), ['-c', script], { encoding: 'utf8' })));
  for (const name of [...PYLAB_NAMES, ...PYLAB_ONLY]) {
    it(`pylab mode binds \`${name}\``, () => assert.ok(provided.has(name)));
  }
});
