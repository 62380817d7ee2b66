// The check's folder walk (cli/check.ts collectFiles): what it asks the exclude globs about,
// and that a folder's configuration and project root are still found when the walk no longer
// asks about every file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getEngine } from '../helpers/engine';
import { notebookJson } from '../helpers/cli';

describe('the check walk', () => {
  let dir: string;
  const write = (rel: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-walk-'));
    write('analysis/explore.ipynb', notebookJson([{ source: 'import pandas as pd\ndf = pd.read_csv("sales.csv")' }]));
    write('analysis/sales.csv', 'a,b\n1,2\n');
    write('analysis/README.md', '# Sales\n');
    write('analysis/train.py', 'print(1)\n');
    write('assets/logo.png', 'not really a png');
    // A folder with a pyproject.toml and no notebook or module: its configuration is read all the same.
    write('docs/pyproject.toml', '[tool.nb2prod]\nnot-a-key = 1\n');
    write('docs/index.md', '# Docs\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('asks the exclude globs about folders and notebooks or modules only, not about the other files', async () => {
    const { collectFiles } = await import('../../server/src/cli/check');
    const asked: string[] = [];
    const found = collectFiles([dir], (p) => {
      asked.push(path.relative(dir, p));
      return false;
    });
    assert.deepEqual(found.map((f) => path.relative(dir, f)), ['analysis/explore.ipynb', 'analysis/train.py']);
    assert.deepEqual(asked.sort(), ['analysis', 'analysis/explore.ipynb', 'analysis/train.py', 'assets', 'docs']);
  });

  it('gives each folder read, with its entries, before its entries are visited', async () => {
    const { collectFiles } = await import('../../server/src/cli/check');
    const events: string[] = [];
    collectFiles([dir], (p) => {
      events.push(`exclude ${path.relative(dir, p)}`);
      return false;
    }, (folder, entries) => events.push(`folder ${path.relative(dir, folder) || '.'}: ${entries.map((e) => e.name).join(' ')}`));
    assert.deepEqual(events, [
      'folder .: analysis assets docs',
      'exclude analysis',
      'folder analysis: README.md explore.ipynb sales.csv train.py',
      'exclude analysis/explore.ipynb',
      'exclude analysis/train.py',
      'exclude assets',
      'folder assets: logo.png',
      'exclude docs',
      'folder docs: index.md pyproject.toml',
    ]);
  });

  it('still reads the configuration of a folder that holds no file to check', async () => {
    const { runCheck } = await import('../../server/src/cli/check');
    const result = runCheck(await getEngine(), [dir], dir);
    assert.deepEqual(result.files.map((f) => f.path), ['analysis/explore.ipynb']);
    assert.ok(result.warnings.some((w) => w.includes('not-a-key')), `the unknown key of docs/pyproject.toml is reported: ${result.warnings.join('; ')}`);
  });
});
