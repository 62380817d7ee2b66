// The notebooks a benchmark reads from a folder: every `.ipynb` below it, sorted by name at each level so runs see
// them in the same order, with dot folders (.ipynb_checkpoints, .git) left out.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function notebookFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && !e.name.startsWith('.')) walk(full);
      else if (e.isFile() && e.name.endsWith('.ipynb')) files.push(full);
    }
  };
  walk(root);
  return files;
}
