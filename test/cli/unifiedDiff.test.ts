// The --diff output is a real unified diff: GNU patch applies it and gets the fixed text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { unifiedDiff } from '../../server/src/cli/unifiedDiff';

describe('unifiedDiff', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb2prod-diff-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // A small seeded generator: the cases are the same on every run.
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const text = (lines: number) => Array.from({ length: lines }, () => `line ${random(6)}`).join('\n') + '\n';
  const mutate = (t: string) => {
    const lines = t.split('\n').slice(0, -1);
    for (let k = random(4) + 1; k > 0; k--) {
      const at = random(lines.length + 1);
      const op = random(3);
      if (op === 0) lines.splice(at, 1);
      else if (op === 1) lines.splice(at, 0, `new ${random(100)}`);
      else lines[at] = `changed ${random(100)}`;
    }
    return lines.join('\n') + '\n';
  };

  it('is applied by patch to give the new text, for 200 seeded edits', () => {
    for (let n = 0; n < 200; n++) {
      const before = text(random(30));
      const afterText = mutate(before);
      const diff = unifiedDiff(before, afterText, 'a/f.txt', 'b/f.txt');
      if (before === afterText) {
        assert.equal(diff, '');
        continue;
      }
      fs.writeFileSync(path.join(dir, 'f.txt'), before);
      const r = spawnSync('patch', ['-s', '-p1', '--no-backup-if-mismatch', '-F0'], { cwd: dir, input: diff, encoding: 'utf8' });
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}\n${diff}`);
      assert.equal(fs.readFileSync(path.join(dir, 'f.txt'), 'utf8'), afterText, diff);
    }
  });

  it('shows removed lines before added ones, with 3 lines of context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n') + '\n';
    const afterText = before.replace('e\n', 'E\n');
    assert.equal(unifiedDiff(before, afterText, 'x', 'y'), '--- x\n+++ y\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
  });
});
