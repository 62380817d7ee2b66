// Finding fingerprints (baselines, SARIF partialFingerprints) survive moving cells and
// editing other cells, and change when the finding's own cell or name changes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingFingerprint } from '../../server/src/engine/fingerprint';
import { code, getEngine, notebook } from '../helpers/engine';
import { mergeConfig } from '../../server/src/engine/config';

async function fingerprints(sources: string[], file = 'nb/model.ipynb') {
  const engine = await getEngine();
  const findings = engine.analyze(notebook(...sources.map((s) => code(s))), mergeConfig({ select: ['NB101', 'NB102'] }));
  return findings.map((f) => `${f.code} ${findingFingerprint(f, file, sources)}`).sort();
}

describe('finding fingerprints', () => {
  const cells = ['import pandas as pd', 'print(rate)\nprint(missing)', 'rate = 0.1'];

  it('survive edits of other cells and cells moved around', async () => {
    const before = await fingerprints(cells);
    assert.equal(before.length, 2);
    const otherCellEdited = await fingerprints(['import pandas as pd\nimport numpy as np\n\n', cells[1], cells[2]]);
    assert.deepEqual(otherCellEdited, before);
    const moved = await fingerprints(['# setup', cells[0], cells[1], '', cells[2]]);
    assert.deepEqual(moved, before);
  });

  it('change when the finding\'s own cell changes, or in another file', async () => {
    const before = await fingerprints(cells);
    const edited = await fingerprints([cells[0], 'print(rate)\nprint(missing)\nprint(1)', cells[2]]);
    assert.equal(edited.filter((f) => before.includes(f)).length, 0);
    const elsewhere = await fingerprints(cells, 'nb/other.ipynb');
    assert.equal(elsewhere.filter((f) => before.includes(f)).length, 0);
  });

  it('tell two findings in one cell apart by the name they flag', async () => {
    const both = await fingerprints(['print(a)\nprint(b)']);
    assert.equal(new Set(both.map((f) => f.split(' ')[1])).size, 2);
  });
});
