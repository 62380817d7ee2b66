// NB101 (use before define) and NB102 (undefined name) across Python's scoping
// rules. Precision first: every construct that binds a name must be seen, and code
// that runs later (function bodies) must not be reported as running now.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from '../helpers/engine';

const nb101 = (cells: string[]) => findingsOf('NB101', cells);
const nb102 = (cells: string[]) => findingsOf('NB102', cells);
const both = async (cells: string[]) => [...(await nb101(cells)), ...(await nb102(cells))];

describe('NB101 use-before-define', () => {
  it('reports a read of a name that only a later cell defines', async () => {
    assert.deepEqual(await nb101(['print(total)', 'total = 1']), ['1:1:7 total']);
  });

  it('reports a read before the assignment in the same cell', async () => {
    assert.deepEqual(await nb101(['print(x)\nx = 1']), ['1:1:7 x']);
  });

  it('is silent once the defining cell comes first', async () => {
    assert.deepEqual(await both(['total = 1', 'print(total)']), []);
  });

  it('reports the call of a function whose body reads a global defined later', async () => {
    assert.deepEqual(await nb101(['def f():\n    return rate * 2', 'f()', 'rate = 3']), ['2:1:1 f']);
  });

  it('follows calls between functions', async () => {
    assert.deepEqual(await nb101(['def g():\n    return late\ndef f():\n    return g()', 'f()', 'late = 1']), ['2:1:1 f']);
  });

  it('does not report a function that is defined but not called before the name exists', async () => {
    assert.deepEqual(await both(['def f():\n    return rate', 'rate = 3', 'f()']), []);
  });

  it('survives recursion', async () => {
    assert.deepEqual(await both(['def f(n):\n    return f(n - 1) if n else 0', 'f(3)']), []);
  });

  it('reads decorators, default values and f-string expressions now', async () => {
    assert.deepEqual(await nb101(['@deco\ndef f(x=default):\n    pass', 'print(f"{late}")', 'deco = default = late = None']), [
      '1:1:2 deco',
      '1:2:9 default',
      '2:1:10 late',
    ]);
  });

  it('evaluates the first iterable of a comprehension in the enclosing scope', async () => {
    assert.deepEqual(await nb101(['squares = [v * v for v in values]', 'values = [1, 2]']), ['1:1:27 values']);
  });

  it('does not treat a lambda body as running now', async () => {
    assert.deepEqual(await both(['f = lambda: later', 'later = 1', 'f()']), []);
  });

  it('does not report reads inside a loop of names the loop binds', async () => {
    assert.deepEqual(await both(['for i in range(3):\n    if i:\n        print(prev)\n    prev = i']), []);
  });
});

describe('NB102 undefined-name', () => {
  it('reports a name nothing binds', async () => {
    assert.deepEqual(await nb102(['print(model)']), ['1:1:7 model']);
  });

  it('knows builtins and IPython globals', async () => {
    assert.deepEqual(await nb102(['print(len([]), display, In, Out, _, __, _i, _3, _i3, get_ipython, __name__, NameError)']), []);
  });

  it('resolves a nonlocal name in the enclosing function, and still reports one nothing binds', async () => {
    const closure = 'def make_search(project, table_uri):\n    def search(q):\n        nonlocal project, table_uri\n        sql = f"SELECT * FROM {table_uri} WHERE q = @q"\n        return run(project, sql)\n    return search';
    assert.deepEqual(await nb102([closure, 'def run(project, sql):\n    return project + sql', 'search = make_search("p", "t")\nsearch("q")']), []);
    const unbound = 'def outer():\n    def inner():\n        nonlocal hits\n        return hits\n    return inner()';
    assert.deepEqual(await nb102([unbound, 'outer()']), ['1:4:16 hits']);
  });

  it('reports __file__, which notebooks do not have', async () => {
    assert.deepEqual(await nb102(['print(__file__)']), ['1:1:7 __file__']);
  });

  it('reports a name after `del`, naming the cell that deleted it', async () => {
    const findings = await nb102(['x = 1', 'del x', 'print(x)']);
    assert.deepEqual(findings, ['3:1:7 x']);
  });

  it('ignores a `del` that may not run', async () => {
    assert.deepEqual(await nb102(['x = 1\nif False:\n    del x', 'print(x)']), []);
  });

  it('reports an undefined global in a function body, where it is read', async () => {
    assert.deepEqual(await nb102(['def f():\n    return missing_name']), ['1:2:12 missing_name']);
  });

  it('does not report a bare annotation as a binding', async () => {
    assert.deepEqual(await nb102(['x: int', 'print(x)']), ['2:1:7 x']);
  });
});

describe('bindings the analysis must see (no findings expected)', () => {
  const silent: [string, string[]][] = [
    ['imports', ['import os.path\nimport numpy as np\nfrom collections import OrderedDict as OD, deque', 'print(os, np, OD, deque)']],
    ['relative and parenthesised imports', ['from . import (a as b)', 'print(b)']],
    ['for, with and except targets', ['for i, (j, *k) in []:\n    pass\nwith open("f") as fh, open("g") as (gh):\n    pass\ntry:\n    pass\nexcept ValueError as err:\n    pass', 'print(i, j, k, fh, gh)']],
    ['walrus, also from a comprehension', ['if (n := 10) > 5:\n    pass\n[(m := v) for v in range(2)]', 'print(n, m)']],
    ['comprehension variables stay local', ['pairs = {k: v for k, v in {}.items() if k}\ngen = (x for x in range(3))\nprint(pairs, gen)']],
    ['class bodies see their own names', ['class A:\n    x = 1\n    y = x + 1\n    def m(self):\n        return self.x', 'print(A)']],
    ['closures and nonlocal', ['def outer():\n    v = 1\n    def inner():\n        nonlocal v\n        v += 1\n        return v\n    return inner', 'outer()()']],
    ['globals set by a function', ['def setup():\n    global cfg\n    cfg = {}', 'setup()', 'print(cfg)']],
    ['match captures and class patterns', ['class Point:\n    pass\np = None\nmatch p:\n    case Point(x=px):\n        print(px)\n    case [a, *rest] as whole:\n        print(a, rest, whole)\n    case {"k": v, **kw}:\n        print(v, kw)\n    case _:\n        pass']],
    ['keyword arguments and attributes are not reads', ['import os\nos.path.join(a="x", path="y")']],
    ['parameters, *args and **kwargs', ['def f(a, b=1, *args, c: int = 2, **kwargs):\n    return a, b, args, c, kwargs', 'f(1)']],
    ['lambda parameters', ['g = lambda x, y=1: x + y', 'g(1)']],
    ['try/except NameError guards', ['try:\n    maybe\nexcept NameError:\n    maybe = None']],
    ['`if "x" in globals()` guards', ['if "cache" in globals():\n    print(cache)']],
    ['star imports make unknown names possible', ['from math import *', 'print(sqrt(pi))']],
    ['exec can bind anything', ['exec("late = 1")', 'print(late)']],
    ['globals().update can bind anything', ['globals().update({"late": 1})', 'print(late)']],
    ['names bound by magics', ['%store -r restored\nfiles = !ls\n%time t = 1', '%%capture out\nprint(1)', 'print(restored, files, t, out)']],
    ['%run can bind anything', ['%run helpers.py', 'print(helper)']],
    ['%%time runs its body', ['%%time\nw = 1', 'print(w)']],
    ['methods read class-level names through self only', ['class Model:\n    def fit(self, X):\n        return self']],
    ['syntax errors are not reported as names', ['x = (1 +', 'print(y for y in)']],
    ['type alias statements', ['type Vector = list[float]']],
  ];
  for (const [what, cells] of silent) {
    it(what, async () => assert.deepEqual(await both(cells), []));
  }

  it('%%timeit assignments do not persist', async () => {
    assert.deepEqual(await nb102(['%%timeit\nz = 5', 'print(z)']), ['2:1:7 z']);
  });
});

describe('PEP 695 type parameters', () => {
  it('binds type parameters in annotations and bodies, and nowhere else', async () => {
    assert.deepEqual(await both(['def first[T](items: list[T]) -> T:\n    x: T = items[0]\n    return x', 'class Box[T]:\n    def get(self) -> T: ...', 'first([1])']), []);
    assert.deepEqual(await nb102(['def f[T](x: T) -> T:\n    return x', 'print(T)']), ['2:1:7 T']);
  });
});
