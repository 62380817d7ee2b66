// Ruff's WebAssembly build as the benchmarks run it (bench.ts, floor.ts).
import type * as RuffWasm from '@astral-sh/ruff-wasm-nodejs';

/**
 * Ruff checks a notebook as one file of its code cells in document order, with IPython lines
 * commented out. After a stack overflow inside Ruff's WebAssembly (deeply nested code) the
 * instance is broken and every later check fails at once, so a failure loads a fresh module
 * (a new WebAssembly instance): the next file is checked for real.
 */
const RUFF_MODULE = require.resolve('@astral-sh/ruff-wasm-nodejs');
function loadRuff(): RuffWasm.Workspace {
  delete require.cache[RUFF_MODULE];
  const { Workspace, PositionEncoding } = require(RUFF_MODULE) as typeof RuffWasm;
  return new Workspace(Workspace.defaultSettings(), PositionEncoding.Utf16);
}
let ruff = loadRuff();
export const RUFF_VERSION = (require(RUFF_MODULE) as typeof RuffWasm).Workspace.version();
/** Ruff-WASM on one source; false when it failed (the module is then reloaded, outside any timing that uses the result). */
export function ruffCheck(source: string): boolean {
  try {
    ruff.check(source);
    return true;
  } catch {
    ruff = loadRuff();
    return false;
  }
}
export function ruffSource(code: string[]): string {
  return code.map((c) => c.replace(/^(\s*)([%!?].*)$/gm, '$1# $2')).join('\n');
}
