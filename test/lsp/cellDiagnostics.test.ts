// CellDiagnostics sends only the cells whose diagnostics changed, comparing by position with
// the last analysis. Random sequences of analyses (findings appearing, moving, changing, kept as
// the same objects, cells inserted and removed, unsorted lists, cells forgotten): after each one,
// what the editor holds for every cell must be what a full conversion of that cell's findings gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { CellDiagnostics } from '../../server/src/lsp/cellDiagnostics';
import type { Finding } from '../../server/src/engine/types';

function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return (state >>> 16) % n;
  };
}

const shownAs = (f: Finding, uris: readonly string[]) => `${f.code} ${f.severity} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message} ${f.related.map((r) => `${uris[r.cell]}@${r.range.start.line}`).join(',')}`;

describe('cell diagnostics', () => {
  it('leaves every cell showing its findings after random analyses', () => {
    let sends = 0;
    const editor = new Map<string, string[]>();
    let uris: string[] = [];
    const cells = new CellDiagnostics((uri, diagnostics: Diagnostic[]) => {
      sends++;
      editor.set(uri, diagnostics.map((d) => String(d.message)));
    });
    let nextUri = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const rand = random(seed);
      uris = Array.from({ length: 30 }, () => `cell:${nextUri++}`);
      let findings: Finding[] = [];
      const make = (cell: number): Finding => {
        const line = rand(3);
        const related = rand(4) === 0 ? [{ cell: rand(uris.length), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'here' }] : [];
        return { code: `NB10${rand(3)}`, severity: rand(2) ? 'warning' : 'error', message: `m${rand(4)}`, cell, range: { start: { line, character: rand(2) }, end: { line, character: 5 } }, related };
      };
      for (let step = 0; step < 60; step++) {
        const sendsBefore = sends;
        const change = rand(7);
        switch (change) {
          case 0: // a finding more, the others the same objects
            findings = [...findings, make(rand(uris.length))];
            break;
          case 1: // one finding fewer
            if (findings.length) findings = findings.filter((_, i) => i !== rand(findings.length));
            break;
          case 2: // one finding rebuilt: a new object, maybe equal
            if (findings.length) {
              const at = rand(findings.length);
              findings = findings.map((f, i) => (i === at ? (rand(2) ? { ...f } : make(f.cell)) : f));
            }
            break;
          case 3: { // a cell inserted: findings below move down
            const at = rand(uris.length + 1);
            uris = [...uris.slice(0, at), `cell:${nextUri++}`, ...uris.slice(at)];
            findings = findings.map((f) => (f.cell >= at ? { ...f, cell: f.cell + 1 } : f));
            break;
          }
          case 4: { // a cell removed with its findings (the server clears it and forgets it)
            if (uris.length < 2) break;
            const at = rand(uris.length);
            const gone = uris[at];
            uris = uris.filter((_, i) => i !== at); // a new array: the server never changes one it passed
            if (cells.forget(gone)) editor.delete(gone);
            findings = findings.filter((f) => f.cell !== at).map((f) => (f.cell > at ? { ...f, cell: f.cell - 1 } : f));
            break;
          }
          case 5: // the same findings in another order (a list not sorted by cell)
            findings = [...findings].reverse();
            break;
          default: // nothing changed
            break;
        }
        findings = findings.map((f) => (f.related.some((r) => r.cell >= uris.length) ? { ...f, related: [] } : f));
        const ordered = [...findings].sort((a, b) => a.cell - b.cell);
        cells.publish('file:///nb.ipynb', uris, findings, (list) => list.map((f) => ({ message: shownAs(f, uris), range: f.range }) as Diagnostic));
        for (const [i, uri] of uris.entries()) {
          const expected = ordered.filter((f) => f.cell === i).map((f) => shownAs(f, uris));
          assert.deepEqual(editor.get(uri) ?? [], expected, `seed ${seed}, step ${step}, cell ${i}`);
        }
        // Nothing shown changed: nothing is sent.
        if (change >= 5) assert.equal(sends, sendsBefore, `seed ${seed}, step ${step}`);
      }
    }
    assert.ok(sends > 100, `${sends} sends`);
  });
});
