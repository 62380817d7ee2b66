// Property tests: random notebooks (Python-like code, random bytes, random counts
// and outputs) through the engine must never throw, must keep every range inside
// its cell, and must give the same result twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mergeConfig } from '../../server/src/engine/config';
import type { CellInput, NotebookInput } from '../../server/src/engine/types';
import { getEngine } from '../helpers/engine';

const ident = fc.constantFrom('x', 'y', 'df', 'model', 'data', 'f', 'g', 'i', 'os', 'pd', 'api_key', 'path', 'np', 'total', '_', 'T');
const literal = fc.oneof(
  fc.integer({ min: -5, max: 1000 }).map(String),
  fc.constantFrom('0.5', '1e-3', '"/home/alice/x.csv"', '"s3://b/k"', '"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"', "'gpt-4o'", 'None', 'True', 'f"{x}/y"', '"""doc\nstring"""'),
);
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    ident,
    literal,
    fc.tuple(tie('e'), fc.constantFrom('+', '*', '>', '==', 'and', '/'), tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(ident, fc.array(tie('e'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('e'), ident).map(([e, a]) => `${e}.${a}`),
    fc.tuple(tie('e'), ident, tie('e')).map(([e, v, it]) => `[${e} for ${v} in ${it}]`),
    fc.tuple(ident, tie('e')).map(([v, e]) => `(lambda ${v}: ${e})`),
  ),
})).e;
const statement = fc.oneof(
  fc.tuple(ident, expr).map(([t, e]) => `${t} = ${e}`),
  fc.tuple(ident, expr).map(([t, e]) => `${t} += ${e}`),
  expr,
  fc.tuple(ident, ident, expr).map(([f, p, e]) => `def ${f}(${p}):\n    return ${e}`),
  fc.tuple(ident, expr, ident).map(([v, it, b]) => `for ${v} in ${it}:\n    ${b}.append(${v})`),
  fc.tuple(ident).map(([m]) => `import ${m}`),
  fc.constantFrom('%matplotlib inline', '!pip install pandas==2.1', 'files = !ls', '%%time', '%store -r x', '%run other.ipynb', 'del x', 'global y', 'x?', 'try:\n    z\nexcept NameError:\n    pass', 'match x:\n    case [a, *b]: pass', 'class A:\n    b = 1', 'if (n := 3):\n    pass', 'from m import *', '# nb2prod: ignore[NB101]'),
);
const randomText = fc.string({ unit: 'binary', maxLength: 200 });
const cellSource = fc.oneof(
  { weight: 4, arbitrary: fc.array(statement, { maxLength: 6 }).map((s) => s.join('\n')) },
  { weight: 1, arbitrary: randomText },
  { weight: 1, arbitrary: fc.tuple(fc.array(statement, { maxLength: 3 }), randomText).map(([s, r]) => `${s.join('\n')}\n${r}`) },
);
const cell: fc.Arbitrary<CellInput> = fc.record({
  kind: fc.constantFrom('code', 'code', 'code', 'markdown', 'raw') as fc.Arbitrary<CellInput['kind']>,
  source: cellSource,
  executionCount: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
  outputs: fc.option(fc.array(fc.oneof(randomText, fc.constant('token ghp_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6')), { maxLength: 2 }), { nil: undefined }),
});
const notebook: fc.Arbitrary<NotebookInput> = fc.record({ cells: fc.array(cell, { maxLength: 12 }) });

describe('engine properties on random notebooks', () => {
  it('never throws, keeps ranges inside their cells, and is deterministic', async () => {
    const engine = await getEngine();
    const config = mergeConfig();
    fc.assert(
      fc.property(notebook, (nb) => {
        const first = engine.analyze(nb, config);
        for (const f of first) {
          assert.ok(f.cell >= 0 && f.cell < nb.cells.length, `cell ${f.cell}`);
          const lines = nb.cells[f.cell].source.split('\n');
          for (const p of [f.range.start, f.range.end]) {
            assert.ok(p.line >= 0 && p.line < lines.length, `${f.code} line ${p.line} of ${lines.length}`);
            assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `${f.code} column ${p.character} of ${lines[p.line].length}`);
          }
          for (const r of f.related) assert.ok(r.cell >= 0 && r.cell < nb.cells.length);
          if (f.code === 'NB203' || f.code === 'NB204') assert.ok(!f.message.includes('ghp_aB3dE6gH9j') && !f.message.includes('sk-proj-Ab3dEf6h'), 'secrets stay masked');
        }
        const again = engine.analyze(nb, config);
        assert.deepEqual(again, first);
      }),
      { numRuns: 2000, seed: 4242 },
    );
  });
});

describe('the .ipynb loader on random files', () => {
  it('never throws: every input is a notebook or one clear error', async () => {
    const { parseIpynb } = await import('../../server/src/engine/ipynb');
    const engine = await getEngine();
    const ipynbCell = fc.record({
      cell_type: fc.constantFrom('code', 'markdown', 'raw', 'unknown'),
      source: fc.oneof(cellSource, fc.array(cellSource, { maxLength: 3 })),
      metadata: fc.jsonValue(),
      execution_count: fc.option(fc.integer({ min: -1, max: 99 }), { nil: null }),
      outputs: fc.array(fc.oneof(
        fc.record({ output_type: fc.constant('stream'), name: fc.constant('stdout'), text: fc.oneof(randomText, fc.array(randomText)) }),
        fc.record({ output_type: fc.constant('execute_result'), data: fc.dictionary(fc.constantFrom('text/plain', 'image/png', 'text/html', 'application/json'), fc.jsonValue()) }),
        fc.jsonValue(),
      ), { maxLength: 3 }),
    }, { requiredKeys: ['cell_type', 'source'] });
    const file = fc.oneof(
      fc.record({ nbformat: fc.constantFrom(4, 3, '4'), nbformat_minor: fc.nat(10), metadata: fc.jsonValue(), cells: fc.array(ipynbCell, { maxLength: 6 }) }).map((nb) => JSON.stringify(nb)),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      randomText,
    );
    fc.assert(
      fc.property(file, (text) => {
        const result = parseIpynb(text);
        if ('error' in result) {
          assert.ok(result.error.length > 0);
          return;
        }
        engine.analyze(result.notebook, mergeConfig());
      }),
      { numRuns: 1500, seed: 99 },
    );
  });
});
