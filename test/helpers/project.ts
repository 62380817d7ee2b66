// Temporary project folders for tests, written from a map of relative path to
// content, removed when the test file ends.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

const made: string[] = [];
after(() => made.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

export function writeProject(files: Record<string, string>, prefix = 'nb2prod-project-'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(root);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}
