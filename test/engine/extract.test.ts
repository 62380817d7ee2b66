import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importBindings, importPresent, importSpecs, isLiteralSource, planExtraction, toIdentifier, type ExtractRequest } from '../../server/src/engine/fixes/extract';
import { parseIpynb } from '../../server/src/engine/ipynb';
import type { CellInput } from '../../server/src/engine/types';
import { code, getEngine, markdown } from '../helpers/engine';

async function plan(cells: CellInput[], first: number, last: number, extra: Partial<ExtractRequest> = {}) {
  const engine = await getEngine();
  return planExtraction({
    cells, first, last, summarize: (s) => engine.summarize(s), statements: (s) => engine.statements(s),
    packageName: 'churn', moduleName: 'cleaning', functionName: 'clean', notebookName: 'analysis.ipynb', ...extra,
  });
}

describe('planExtraction', () => {
  it('makes earlier names parameters and later-read names return values', async () => {
    const p = await plan([
      code('import pandas as pd\nraw = [1, 2, None]\nlimit = 10'),
      code('values = [v for v in raw if v is not None]\ntotal = sum(values)\ncount = len(values)\nscratch = total * limit'),
      code('print(total, count)'),
    ], 1, 1);
    assert.ok(!('refused' in p));
    if ('refused' in p) return;
    assert.deepEqual(p.params, ['raw', 'limit']);
    assert.deepEqual(p.returns, ['total', 'count']);
    assert.equal(p.cellEdits[0].newText, 'from churn.cleaning import clean\ntotal, count = clean(raw, limit)');
    assert.match(p.moduleText, /def clean\(raw, limit: int\):\n    """Code from cell 2 of analysis.ipynb.\n[\s\S]*?\n    """\n    values = \[v for v in raw if v is not None\]\n    total = sum\(values\)\n    count = len\(values\)\n    scratch = total \* limit\n    return total, count\n/);
    assert.ok(!p.moduleText.includes('import pandas'), 'an import the body does not use stays out');
  });

  it('moves the imports the body needs and keeps them in the notebook when others use them', async () => {
    const p = await plan([
      code('import math\nimport json'),
      code('import statistics\nmid = statistics.median([1, 3])\nroot = math.sqrt(mid)'),
      code('print(statistics.mean([1]), root)'),
    ], 1, 1);
    if ('refused' in p) assert.fail(p.refused);
    assert.match(p.moduleText, /^import math\nimport statistics\n/m);
    assert.ok(!p.moduleText.includes('import json'));
    assert.equal(p.cellEdits[0].newText, 'import statistics\nfrom churn.cleaning import clean\nroot = clean()');
  });

  it('moves functions as they are and imports them back; a cell of only defs makes no wrapper', async () => {
    const p = await plan([code('RATE = 2'), code('def double(x):\n    return x * 2\n\nclass Box:\n    pass'), code('double(3)')], 1, 1);
    if ('refused' in p) assert.fail(p.refused);
    assert.deepEqual(p.movedDefinitions, ['double', 'Box']);
    assert.equal(p.cellEdits[0].newText, 'from churn.cleaning import double, Box');
    assert.ok(!p.moduleText.includes('def clean('));
    assert.match(p.testText, /def test_double\(\):\n    # TODO\(nb2prod\)[^\n]*\n    pytest\.fail/, 'moving only definitions still writes a (marked) test: pytest never exits 4');
  });

  it('returns what the cell displayed, and shows it again', async () => {
    const p = await plan([code('x = 2'), code('y = x * 3\ny + 1'), code('print(y)')], 1, 1);
    if ('refused' in p) assert.fail(p.refused);
    assert.equal(p.cellEdits[0].newText, 'from churn.cleaning import clean\ny, _shown = clean(x)\n_shown');
    assert.match(p.moduleText, /    _shown = y \+ 1\n    return y, _shown\n/);
  });

  it('extracts several cells into one function, called from the last', async () => {
    const p = await plan([code('a = 1'), code('b = a + 1'), markdown('## note'), code('c = b * 2'), code('d = c + b'), code('print(d)')], 1, 4);
    if ('refused' in p) assert.fail(p.refused);
    assert.deepEqual(p.params, ['a']);
    assert.deepEqual(p.returns, ['d']);
    assert.deepEqual(p.cellEdits.map((e) => [e.cell, e.newText]), [
      [1, '# Moved to src/churn/cleaning.py'],
      [3, '# Moved to src/churn/cleaning.py'],
      [4, 'from churn.cleaning import clean\nd = clean(a)'],
    ]);
  });

  it('refuses what a module cannot run, saying why', async () => {
    assert.match((await plan([code('%matplotlib inline\nx = 1')], 0, 0) as { refused: string }).refused, /IPython syntax/);
    assert.match((await plan([code('def f():\n    global g\n    g = 1')], 0, 0) as { refused: string }).refused, /uses `global`/);
    assert.match((await plan([code('RATE = 2'), code('def f(x):\n    return x * RATE'), code('f(1)')], 1, 1) as { refused: string }).refused, /`f` reads the notebook global `RATE`/);
  });

  it('never reuses a name that exists in the module', async () => {
    const p = await plan([code('x = 1'), code('y = x + 1'), code('print(y)')], 1, 1, { existingModule: '"""m"""\n\ndef clean(a):\n    return a\n' });
    if ('refused' in p) assert.fail(p.refused);
    assert.equal(p.functionName, 'clean_2');
    assert.ok(p.moduleText.startsWith('\n\ndef clean_2(x: int):'), p.moduleText);
    const refused = await plan([code('def clean(a):\n    return a')], 0, 0, { existingModule: 'def clean(a):\n    return a\n' });
    assert.match((refused as { refused: string }).refused, /already exists/);
  });

  it('writes a complete test from literal inputs and the saved result, else a marked one that fails', async () => {
    const complete = await plan([code('n = 4\nword = "ab"'), { kind: 'code', source: 'word * n', executionCount: 2, result: "'abababab'" }], 1, 1);
    if ('refused' in complete) assert.fail(complete.refused);
    assert.equal(complete.testComplete, true);
    assert.match(complete.testText, /    n = 4\n    word = "ab"\n    shown = clean\(word, n\)\n    # What the notebook displayed.\n    assert repr\(shown\) == "'abababab'"\n/);
    const marked = await plan([code('df = load()'), code('out = df.dropna()'), code('out')], 1, 1);
    if ('refused' in marked) assert.fail(marked.refused);
    assert.equal(marked.testComplete, false);
    assert.match(marked.testText, /TODO\(nb2prod\): give `df` small example values/);
    assert.match(marked.testText, /pytest\.fail\("nb2prod: complete this test for clean"\)/);
  });
});

describe('planExtraction: what broke on real notebooks (each also a kernel-oracle case)', () => {
  const refusal = (p: unknown) => (p as { refused?: string }).refused ?? '';

  it('1. a class whose method uses an import takes the import along; a method reading a notebook global is refused', async () => {
    const p = await plan([code('import math'), code('class Logistic:\n    def __call__(self, x):\n        return 1 / (1 + math.exp(-x))'), code('Logistic()(0.0)')], 1, 1);
    if ('refused' in p) assert.fail(p.refused);
    assert.match(p.moduleText, /^import math$/m);
    const reads = await plan([code('SCALE = 2'), code('class Scaler:\n    def apply(self, x):\n        return x * SCALE'), code('Scaler().apply(3)')], 1, 1);
    assert.match(refusal(reads), /`Scaler` reads the notebook global `SCALE`/);
  });

  it('2. eval, exec, globals(), locals() and vars() are refused: they would see the module', async () => {
    for (const src of ['class Calc:\n    def run(self, e):\n        return eval(e)', 'exec("z = 1")', 'names = list(globals())', 'v = vars()']) {
      assert.match(refusal(await plan([code('a = 1'), code(src), code('print(1)')], 1, 1)), /calls (eval|exec|globals|locals|vars)\(\)/, src);
    }
    const ok = await plan([code('class P:\n    pass'), code('attrs = vars(P())'), code('attrs')], 1, 1);
    assert.ok(!('refused' in ok), 'vars(obj) reads an object, not the namespace');
  });

  it('3. the notebook\'s own `display` wins over the IPython built-in', async () => {
    const p = await plan([code('def display(x):\n    return f"<{x}>"'), code('label = display(3)'), code('print(label)')], 1, 1);
    if ('refused' in p) assert.fail(p.refused);
    assert.deepEqual(p.params, ['display']);
    const builtin = await plan([code('x = 1'), code('display(x)'), code('print(x)')], 1, 1);
    if ('refused' in builtin) assert.fail(builtin.refused);
    assert.match(builtin.moduleText, /^from IPython\.display import display$/m);
  });

  it('4. a trailing `;` shows nothing and stays that way; None and returned names are not captured', async () => {
    const p = await plan([code('import matplotlib.pyplot as plt'), code('im = plt.imshow([[1, 2]])\nplt.colorbar();'), code('print(1)')], 1, 1);
    if ('refused' in p) assert.fail(p.refused);
    assert.ok(!p.moduleText.includes('_shown'), p.moduleText);
    assert.match(p.moduleText, /\n    plt\.colorbar\(\)\n/);
    const shown = await plan([code('import matplotlib.pyplot as plt'), code('plt.plot([1, 2])\nplt.show()'), code('print(1)')], 1, 1);
    if ('refused' in shown) assert.fail(shown.refused);
    assert.ok(!shown.moduleText.includes('_shown'));
    const same = await plan([code('a = [3, 1]'), code('b = sorted(a)\nb'), code('print(b)')], 1, 1);
    if ('refused' in same) assert.fail(same.refused);
    assert.equal(same.cellEdits[0].newText, 'from churn.cleaning import clean\nb = clean(a)\nb');
    const ran = await plan([code('a = [3, 1]'), { kind: 'code', source: 'a.sort()\na.reverse()', executionCount: 2 }, code('print(a)')], 1, 1);
    if ('refused' in ran) assert.fail(ran.refused);
    assert.ok(!ran.moduleText.includes('_shown'), 'the cell ran and displayed nothing');
  });

  it('5. a run of cells whose middle cell shows something is refused; a quiet run is one call', async () => {
    const shows = await plan([code('import numpy as np'), code('x = np.arange(4)\nx.shape'), code('y = x * 2'), code('print(y)')], 1, 2);
    assert.match(refusal(shows), /cell 2 shows output/);
    const prints = await plan([code('x = 1'), code('print(x)\ny = x'), code('z = y + 1'), code('print(z)')], 1, 2);
    assert.match(refusal(prints), /cell 2 shows output/);
    const quiet = await plan([code('x = 1'), code('y = x + 1\ny;'), code('z = y * 2\nz'), code('print(z)')], 1, 2);
    if ('refused' in quiet) assert.fail(quiet.refused);
    assert.equal(quiet.cellEdits[1].newText, 'from churn.cleaning import clean\nz = clean(x)\nz');
  });

  it('6. every import that binds a name comes along (`import scipy.integrate` and `import scipy.interpolate`)', async () => {
    const p = await plan([code('import os.path\nimport os.environ_helpers'), code('home = os.path.join("a", "b")'), code('print(home)')], 1, 1);
    if ('refused' in p) assert.fail(p.refused);
    assert.match(p.moduleText, /^import os\.path\nimport os\.environ_helpers$/m);
  });

  it('passes names the body may not rebind, and turns names read by lambdas into parameters', async () => {
    const p = await plan([code('factor = 3\nlimit = 1'), code('if factor > 5:\n    limit = 2\nscaled = list(map(lambda v: v * factor, [1, 2]))'), code('print(limit, scaled)')], 1, 1);
    if ('refused' in p) assert.fail(p.refused);
    assert.deepEqual(p.params, ['factor', 'limit']);
    assert.deepEqual(p.returns, ['limit', 'scaled']);
  });

  it('returns what a notebook function defined earlier reads', async () => {
    const p = await plan([code('def report():\n    return threshold * 2'), code('threshold = 0.5'), code('report()')], 1, 1);
    if ('refused' in p) assert.fail(p.refused);
    assert.deepEqual(p.returns, ['threshold']);
  });
});

describe('planExtraction: what the whole-notebook export found (issue 13; each also a kernel-oracle case)', () => {
  const refusal = (p: unknown) => (p as { refused?: string }).refused ?? '';

  it('1. an import is present in the module when it binds the same name to the same thing, not when its text is a prefix', async () => {
    const cells = [code('import math as mt'), code('import math\ndef half_life(rate):\n    return math.log(2) / rate'), code('half_life(0.1)')];
    const p = await plan(cells, 1, 1, { existingModule: '"""m"""\nimport math as mt\nfrom numpy import array_split\n\n\ndef growth(r):\n    return mt.pow(1 + r, 2)\n' });
    if ('refused' in p) assert.fail(p.refused);
    assert.equal(p.moduleImports, 'import math\n');
    const both = await plan([code('import math as mt\nimport math\nroot = math.sqrt(mt.pi)'), code('print(root)')], 0, 0, { existingModule: 'import math as mt\n' });
    if ('refused' in both) assert.fail(both.refused);
    assert.equal(both.moduleImports, 'import math\n');
    const same = await plan([code('import numpy  as np\nfrom numpy import array\nx = np.zeros(2) + array([1, 2])'), code('print(x)')], 0, 0, { existingModule: 'import numpy as np\nfrom numpy import array_split\n' });
    if ('refused' in same) assert.fail(same.refused);
    assert.equal(same.moduleImports, 'from numpy import array\n', 'the same binding written with other spacing is there; array is not array_split');
  });

  it('reads what imports bind', () => {
    assert.deepEqual(importSpecs('import os.path, numpy as np  # arrays'), ['os=os.path', 'np=numpy']);
    assert.deepEqual(importSpecs('from a.b import (c as d,\n    e)'), ['d=a.b:c', 'e=a.b:e']);
    assert.equal(importPresent('import math', ['import math as mt']), false);
    assert.equal(importPresent('import math', ['import os, math']), true);
    assert.equal(importPresent('from numpy import array', ['from numpy import array_split']), false);
  });

  it('2. what shows the module a moved object lives in is refused: help(), its repr, __module__', async () => {
    const def = 'def scale(v, k=2):\n    """Scale."""\n    return v * k';
    assert.match(refusal(await plan([code(def), code('help(scale)')], 0, 0)), /cell 2 shows `help\(scale\)`/);
    const saved: CellInput = { kind: 'code', source: 'help(scale)', executionCount: 2, outputs: ['Help on function scale in module __main__:\n\nscale(v, k=2)\n    Scale.\n'], stdout: 'Help on function scale in module __main__:\n' };
    assert.match(refusal(await plan([code(def), saved], 0, 0)), /cell 2 shows `function scale in module __main__`; from src\/churn\/cleaning\.py it would say `churn\.cleaning` instead/);
    assert.match(refusal(await plan([code(def), code('scale')], 0, 0)), /cell 2 displays `scale`/);
    assert.match(refusal(await plan([code(def), code('print(scale.__module__)')], 0, 0)), /reads `scale\.__module__`/);
    const cls = 'class Basket:\n    def __init__(self, items):\n        self.items = items';
    const shown: CellInput = { kind: 'code', source: 'b = Basket([1])\nb', executionCount: 2, result: '<__main__.Basket at 0x7f0e1c2d3e40>', outputs: ['<__main__.Basket at 0x7f0e1c2d3e40>'] };
    assert.match(refusal(await plan([code(cls), shown], 0, 0)), /cell 2 shows `__main__\.Basket`/);
    const typed: CellInput = { kind: 'code', source: 'x = [1]\nPoint = type("Point", (), {})\nPoint', executionCount: 1, result: '__main__.Point', outputs: ['__main__.Point'] };
    assert.match(refusal(await plan([typed, code('print(Point, x)')], 0, 0)), /shows `__main__\.Point`/, 'a class the body makes is made in the module too');
    // Not the moved object: another name of __main__, its own repr, a call's result.
    const other: CellInput = { kind: 'code', source: 'Other()', executionCount: 3, result: '<__main__.Other at 0x7f0e1c2d3e40>', outputs: ['<__main__.Other at 0x7f0e1c2d3e40>'] };
    const ok = await plan([code(def), code('class Other:\n    pass'), other, code('scale(3)'), code('scale;')], 0, 0);
    if ('refused' in ok) assert.fail(ok.refused);
  });

  it('3. a cell whose saved outputs end in an error is refused: names it bound before raising would be lost', async () => {
    const failed: CellInput = { kind: 'code', source: 'n = 3\nratio = n / 0', executionCount: 1, outputs: ['division by zero'], error: 'ZeroDivisionError: division by zero' };
    assert.match(refusal(await plan([failed, code('print(n)')], 0, 0)), /^cell 1 ends in an error \(ZeroDivisionError: division by zero\): extract it after it runs cleanly$/);
    assert.match(refusal(await plan([code('a = 1'), failed, code('print(n)')], 0, 1)), /cell 2 ends in an error/);
    const long: CellInput = { ...failed, error: `ValueError: ${'x'.repeat(200)}` };
    assert.ok(refusal(await plan([long, code('print(n)')], 0, 0)).length < 160, 'a long message is cut');
  });

  it('4. a notebook\'s own `display` returns what it shows; one that looks names up by string is refused when the code binds names', async () => {
    const own = 'class display:\n    def __init__(self, *exprs):\n        self.exprs = exprs\n    def __repr__(self):\n        return " ".join(repr(eval(e)) for e in self.exprs)';
    const shown = await plan([code(own), code('a = 1'), code('display("a")')], 2, 2);
    if ('refused' in shown) assert.fail(shown.refused);
    assert.equal(shown.cellEdits[0].newText, 'from churn.cleaning import clean\nclean(display)');
    assert.match(shown.moduleText, /    _shown = display\("a"\)\n    return _shown\n/);
    const binds = await plan([code(own), code('a = 1\nb = a + 1\ndisplay("a", "b")'), code('print(a)')], 1, 1);
    assert.match(refusal(binds), /^`display` \(cell 1\) calls eval\(\), which looks names up in the notebook; in a function, the names cell 2 binds would be out of its sight$/);
    const inField = 'class show:\n    def __init__(self, e):\n        self.e = e\n    def __repr__(self):\n        return f"{self.e}: {eval(self.e)!r}"';
    assert.match(refusal(await plan([code(inField), code('a = 1\nshow("a")'), code('print(a)')], 1, 1)), /`show` \(cell 1\) calls eval\(\)/, 'a call in an f-string field is code');
    assert.match(refusal(await plan([code('x = 1'), code('label = f"{eval(\'x\')}"'), code('print(label)')], 1, 1)), /cell 2 calls eval\(\)/);
    const text = await plan([code('x = 1'), code('label = f"eval(x) is {x}" + "globals()"'), code('print(label)')], 1, 1);
    if ('refused' in text) assert.fail(text.refused);
    const ipython = await plan([code('a = 1'), code('b = a + 1\ndisplay(b)'), code('print(b)')], 1, 1);
    if ('refused' in ipython) assert.fail(ipython.refused);
    assert.ok(!ipython.moduleText.includes('_shown'), 'IPython\'s display returns None');
  });

  it('5. code reading `__name__` (and the other per-module globals) is refused: it is "__main__" only in the notebook', async () => {
    assert.match(refusal(await plan([code('def where():\n    return __name__'), code('where()')], 0, 0)), /reads `__name__`/);
    assert.match(refusal(await plan([code('x = 1'), code('if __name__ == "__main__":\n    y = x + 1'), code('print(y)')], 1, 1)), /reads `__name__`/);
    const attribute = await plan([code('def f():\n    pass'), code('label = f.__name__'), code('print(label)')], 1, 1);
    if ('refused' in attribute) assert.fail(attribute.refused);
  });

  it('3. the loader keeps the saved error of a cell', () => {
    const parsed = parseIpynb(JSON.stringify({
      nbformat: 4, nbformat_minor: 5, metadata: {},
      cells: [
        { cell_type: 'code', metadata: {}, execution_count: 1, source: 'x = 1 / 0', outputs: [{ output_type: 'error', ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: ['...'] }] },
        { cell_type: 'code', metadata: {}, execution_count: 2, source: 'x = 1', outputs: [] },
      ],
    }));
    if ('error' in parsed) assert.fail(parsed.error);
    assert.equal(parsed.notebook.cells[0].error, 'ZeroDivisionError: division by zero');
    assert.equal('error' in parsed.notebook.cells[1], false);
  });
});

describe('helpers', () => {
  it('reads import bindings', () => {
    assert.deepEqual(importBindings('import a.b as c, d.e'), ['c', 'd']);
    assert.deepEqual(importBindings('from m import (x as y,\n  z)'), ['y', 'z']);
  });

  it('recognises literal sources', () => {
    for (const t of ['3', '-1.5e-3', '"a b"', "[1, 'x', None, True]", '{"k": (1, 2)}', '0x1F']) assert.ok(isLiteralSource(t), t);
    for (const t of ['x', 'f(1)', '[a]', '"s" + t', 'np.nan']) assert.ok(!isLiteralSource(t), t);
  });

  it('sanitises names to identifiers', () => {
    assert.equal(toIdentifier('Clean the Data!', 'x'), 'clean_the_data');
    assert.equal(toIdentifier('3 steps', 'x'), '_3_steps');
    assert.equal(toIdentifier('class', 'x'), 'x');
    assert.equal(toIdentifier('../../etc/passwd', 'x'), 'etc_passwd');
  });
});

describe('eval cases', () => {
  it('parses Python literals as JSON, and nothing else', async () => {
    const { parsePythonLiteral } = await import('../../server/src/engine/fixes/evalCase');
    assert.deepEqual(parsePythonLiteral(`[1, -2.5, 'a' "b", True, None, (3, 4), {'k': [1e3]}, set()]`.replace(', set()', '')), [1, -2.5, 'ab', true, null, [3, 4], { k: [1000] }]);
    assert.deepEqual(parsePythonLiteral('{}'), {});
    for (const bad of ['x', 'f(1)', '[1, y]', '1 + 2', "'a' * 3"]) assert.throws(() => parsePythonLiteral(bad), bad);
  });

  it('plans a case from a call with literal inputs and a saved result', async () => {
    const { planEvalCase } = await import('../../server/src/engine/fixes/evalCase');
    const engine = await getEngine();
    const cells: CellInput[] = [
      code('from flowkit.scoring import call_list as calls\nimport flowkit.text as t'),
      { kind: 'code', source: 'picked = calls([1, 2, 3], [0.2, 0.9, 0.7], threshold=0.5)\npicked', result: '[2, 3]' },
      { kind: 'code', source: 't.shout("hi")', result: "'HI!'" },
      { kind: 'code', source: 'model.predict(X)', result: 'array([1])' },
      code('calls([1], [0.9], 0.5)'),
    ];
    const statements = (s: string) => engine.statements(s);
    assert.match(JSON.stringify(planEvalCase(cells, 1, statements, 'flow', new Set())), /refused/, 'the last statement is not a call');
    cells[1] = { ...cells[1], source: 'calls([1, 2, 3], [0.2, 0.9, 0.7], threshold=0.5)' };
    assert.deepEqual(planEvalCase(cells, 1, statements, 'flow', new Set(['flow-cell2'])), {
      id: 'flow-cell2-2', function: 'flowkit.scoring.call_list', input: { args: [[1, 2, 3], [0.2, 0.9, 0.7]], kwargs: { threshold: 0.5 } },
      expected: [2, 3], compare: 'exact', source: { notebook: 'flow.ipynb', cell: 2 },
    });
    assert.equal((planEvalCase(cells, 2, statements, 'flow', new Set()) as { function: string }).function, 'flowkit.text.shout');
    assert.deepEqual(planEvalCase(cells, 3, statements, 'flow', new Set()), { refused: "the call's inputs are not all literals" });
    assert.deepEqual(planEvalCase(cells, 4, statements, 'flow', new Set()), { refused: 'the cell has no saved result to use as the expected value' });
  });
});
