// Random sequences of notebook edits against the bundled server (insert, delete
// and move cells, text edits, execution order changes): it stays alive, and its
// diagnostics equal a fresh analysis of the final state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { mergeConfig } from '../../server/src/engine/config';
import { getEngine } from '../helpers/engine';
import { LspTestClient } from '../harness/lspClient';

const snippets = ['x = 1', 'print(x)', 'y = x + 1', 'del x', 'def f():\n    return y', 'f()', 'import os', '%matplotlib inline', 'items = []', 'items.append(1)', 'z = (', 'print(undefined)', 'x += 1', 'os.path.join("/home/a", "b")'];

type Op =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'edit'; at: number; text: string }
  | { kind: 'run'; at: number; count: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(20), text: fc.constantFrom(...snippets) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(20) }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(20), to: fc.nat(20) }),
  fc.record({ kind: fc.constant('edit' as const), at: fc.nat(20), text: fc.oneof(fc.constantFrom(...snippets), fc.string({ maxLength: 12 })) }),
  fc.record({ kind: fc.constant('run' as const), at: fc.nat(20), count: fc.integer({ min: 1, max: 30 }) }),
);

describe('random edit sequences against dist/server.js', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('stays alive and ends with the diagnostics of a fresh analysis', async () => {
    const engine = await getEngine();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...snippets), { minLength: 1, maxLength: 5 }), fc.array(op, { maxLength: 12 }), async (initial, ops) => {
        const uri = `file:///fuzz/nb${n++}.ipynb`;
        const cells = await client.openNotebook(uri, initial.map((text) => ({ text })));
        const counts = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'insert') {
            const [added] = await client.insertCells(uri, Math.min(o.at, cells.length), [{ text: o.text }]);
            cells.splice(Math.min(o.at, cells.length), 0, added);
          } else if (cells.length === 0) {
            continue;
          } else if (o.kind === 'delete') {
            const at = o.at % cells.length;
            await client.deleteCells(uri, at, 1);
            counts.delete(cells[at]);
            cells.splice(at, 1);
          } else if (o.kind === 'move') {
            const from = o.from % cells.length;
            const to = o.to % cells.length;
            if (from === to) continue;
            await client.moveCell(uri, from, to);
            const [moved] = cells.splice(from, 1);
            cells.splice(to, 0, moved);
          } else if (o.kind === 'edit') {
            const cell = cells[o.at % cells.length];
            const old = client.cellText(uri, cell).split('\n');
            await client.editCell(uri, cell, { range: { start: { line: 0, character: 0 }, end: { line: old.length - 1, character: old[old.length - 1].length } }, text: o.text });
          } else {
            const cell = cells[o.at % cells.length];
            counts.set(cell, o.count);
            await client.setExecutionOrder(uri, { [cell]: o.count });
          }
        }
        assert.ok(client.alive, 'the server is alive');
        const fresh = engine.analyze({ cells: cells.map((c) => ({ kind: 'code' as const, source: client.cellText(uri, c), executionCount: counts.get(c) ?? null })) }, mergeConfig());
        for (const [i, c] of cells.entries()) {
          const expected = fresh.filter((f) => f.cell === i).map((f) => `${f.code}@${f.range.start.line}:${f.range.start.character}`).sort();
          const actual = (client.diagnostics.get(c) ?? []).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).sort();
          assert.deepEqual(actual, expected, `cell ${i}`);
        }
        await client.closeNotebook(uri);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
