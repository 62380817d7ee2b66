// nbformat 3 notebooks are read as nbformat itself reads them: for each v3 file,
// what our loader makes of it must equal what it makes of the v4 notebook that
// `nbformat.read(path, as_version=4)` (the real package, as Jupyter opens the file)
// returns.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseIpynb } from '../../server/src/engine/ipynb';
import { REPO_ROOT } from '../helpers/engine';
import { runPython } from '../helpers/python';

const DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'nbformat3');

describe('nbformat 3 notebooks agree with nbformat.read(as_version=4)', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ipynb')).sort();
  const converted = JSON.parse(runPython('test/oracle/read_as_v4.py', files.map((f) => path.join(DIR, f)))) as unknown[];

  files.forEach((file, i) => {
    it(file, () => {
      const ours = parseIpynb(fs.readFileSync(path.join(DIR, file), 'utf8'));
      const theirs = parseIpynb(JSON.stringify(converted[i]));
      assert.ok('notebook' in ours, `ours: ${'error' in ours ? ours.error : ''}`);
      assert.ok('notebook' in theirs);
      assert.ok(ours.notebook.cells.length > 0);
      // nbformat drops a v3 code cell's `language`; we keep it (NB002 reads it), the rest must be equal.
      const withoutLanguage = ours.notebook.cells.map(({ language: _language, ...cell }) => cell);
      assert.deepEqual(withoutLanguage, theirs.notebook.cells);
      assert.deepEqual(ours.notebook.metadata, theirs.notebook.metadata);
      assert.equal(ours.notebook.repairs, undefined, 'a valid v3 file needs no repair');
    });
  });
});
