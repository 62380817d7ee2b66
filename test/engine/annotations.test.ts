// The annotation table: every entry is recognised through the alias a notebook
// imports its module as, and (in a real Python with the libraries) its example
// call really returns the annotated type. Literals get their builtin type; anything
// else gets no annotation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANNOTATIONS, annotationFor } from '../../server/src/engine/knowledge/annotations';
import { execFileSync } from 'node:child_process';
import { oraclePython } from '../helpers/python';

const ALIAS: Record<string, string> = { pandas: 'pd', numpy: 'np', 'sklearn.model_selection': 'ms' };
const noImports = new Map<string, string[]>();

describe('annotation table', () => {
  for (const e of ANNOTATIONS) {
    it(`${e.module}.${e.call} → ${e.type}`, () => {
      const alias = ALIAS[e.module];
      const imports = [`import ${e.module} as ${alias}`];
      const expected = e.builtin ? e.type : `${alias}.${e.type}`;
      assert.equal(annotationFor(`${alias}.${e.call}(x)`, imports, noImports), expected);
      assert.equal(annotationFor(`${alias}.${e.call}(x).copy()`, imports, noImports), undefined, 'a call on the result is something else');
      assert.equal(annotationFor(`${alias}.${e.call}(x)`, [], noImports), undefined, 'without the import there is no alias to trust');
    });
  }

  it('each example really returns the annotated type', () => {
    const checks = ANNOTATIONS.filter((e) => e.example).map((e) => ({ module: e.module, example: e.example, type: e.type, builtin: Boolean(e.builtin) }));
    const script = [
      'import importlib, io, json, sys',
      'bad = []',
      'for c in json.loads(sys.stdin.read()):',
      '    mod = importlib.import_module(c["module"])',
      '    env = dict(vars(mod), io=io)',
      '    value = eval(c["example"], env)',
      '    want = eval(c["type"], {"__builtins__": __builtins__}) if c["builtin"] else eval("mod." + c["type"], {"mod": mod})',
      '    if not isinstance(value, want): bad.append(c["example"])',
      'print(json.dumps(bad))',
    ].join('\n');
    const bad = JSON.parse(execFileSync(oraclePython(), ['-c', script], { input: JSON.stringify(checks), encoding: 'utf8' }));
    assert.deepEqual(bad, []);
  });

  it('literals get their builtin type, names and expressions get nothing', () => {
    for (const [v, t] of [['3', 'int'], ['-2.5', 'float'], ['1e-3', 'float'], ['"a"', 'str'], ["f'x'", 'str'], ['True', 'bool']]) assert.equal(annotationFor(v, [], noImports), t, v);
    for (const v of ['x', 'None', '1 + 2', '[1, 2]', 'f(1)', 'np.array([1])']) assert.equal(annotationFor(v, [], noImports), undefined, v);
    assert.equal(annotationFor('train_test_split(X, y)', ['from sklearn.model_selection import train_test_split'], noImports), 'list');
    assert.equal(annotationFor('pd.read_csv("a.csv")', [], new Map([['pd', ['import pandas as pd']]])), 'pd.DataFrame');
  });
});
