// Loads the tree-sitter runtime and the Python grammar once per process. The
// caller says where the two .wasm files are: next to the bundle for the server
// and the CLI (esbuild.mjs copies them), in node_modules for unit tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export interface PythonParser {
  parse(code: string): Tree;
}

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const PYTHON_WASM = 'tree-sitter-python.wasm';

let loading: Promise<PythonParser> | undefined;

/** Directory holding both .wasm files: the bundle's own directory when it has them, else node_modules. */
export function defaultWasmDir(bundleDir: string): string {
  if (fs.existsSync(path.join(bundleDir, PYTHON_WASM))) return bundleDir;
  let dir = bundleDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules');
    if (fs.existsSync(path.join(candidate, 'tree-sitter-python', PYTHON_WASM))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return bundleDir;
    dir = parent;
  }
}

function locate(wasmDir: string, file: string): string {
  const flat = path.join(wasmDir, file);
  if (fs.existsSync(flat)) return flat;
  // node_modules layout: <dir>/web-tree-sitter/web-tree-sitter.wasm, <dir>/tree-sitter-python/tree-sitter-python.wasm
  const pkg = file === RUNTIME_WASM ? 'web-tree-sitter' : 'tree-sitter-python';
  return path.join(wasmDir, pkg, file);
}

export function loadPythonParser(wasmDir: string): Promise<PythonParser> {
  loading ??= (async () => {
    const runtime = locate(wasmDir, RUNTIME_WASM);
    await Parser.init({ locateFile: () => runtime });
    const language = await Language.load(fs.readFileSync(locate(wasmDir, PYTHON_WASM)));
    const parser = new Parser();
    parser.setLanguage(language);
    return {
      parse(code: string): Tree {
        const tree = parser.parse(code);
        if (!tree) throw new Error('tree-sitter returned no tree');
        return tree;
      },
    };
  })();
  return loading;
}
