// What the real-notebook scripts (extract-real.ts, export-real.ts) add to the kernel
// oracle's helpers (test/helpers/kernelOracle.ts): a notebook's neighbours linked in.
import * as fs from 'node:fs';
import * as path from 'node:path';

export { mergeStreams, notebookJson, oracle, withOutputs, type OracleReply, type Output } from '../test/helpers/kernelOracle';

/**
 * Link what sits beside a notebook (datasets/, images/, helper modules) into `dir`, except
 * `skip`, and the files of the folder above into `dir`'s parent: notebooks read them
 * relative to themselves (`sys.path.insert(0, "..")`, `../data.csv`).
 */
export function linkNeighbours(notebook: string, dir: string, skip: ReadonlySet<string> = new Set()): void {
  const folder = path.dirname(notebook);
  for (const entry of fs.readdirSync(folder)) {
    if (!entry.endsWith('.ipynb') && !skip.has(entry)) fs.symlinkSync(path.join(folder, entry), path.join(dir, entry));
  }
  for (const entry of fs.readdirSync(path.dirname(folder))) {
    const source = path.join(path.dirname(folder), entry);
    const target = path.join(path.dirname(dir), entry);
    if (fs.statSync(source).isFile() && !fs.existsSync(target)) fs.symlinkSync(source, target);
  }
}
