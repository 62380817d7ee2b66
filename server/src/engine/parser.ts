// Loads the tree-sitter runtime and the Python grammar once per process. The
// caller says where the two .wasm files are: next to the bundle for the server
// and the CLI (esbuild.mjs copies them), in node_modules for unit tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { LanguageNames, publicCursorSteps, readSyntaxTree, type CursorSteps, type SyntaxNode } from './syntaxNode';

export interface PythonParser {
  parse(code: string): Tree;
  /** Parse and copy the tree into plain objects (syntaxNode.ts); the tree-sitter tree is freed. */
  syntax(code: string): { root: SyntaxNode; hasError: boolean };
  /** The cursor walk `syntax` copies the tree with (bench/floor.ts times it alone); `done` before any other call into the binding. */
  cursor(tree: Tree): { steps: CursorSteps; done(): void };
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
    // Emscripten builds its module on the options object: the fast tree walk below calls its exports.
    const module: Partial<WasmModule> & { locateFile(): string } = { locateFile: () => runtime };
    await Parser.init(module);
    const language = await Language.load(fs.readFileSync(locate(wasmDir, PYTHON_WASM)));
    const parser = new Parser();
    parser.setLanguage(language);
    const names = new LanguageNames(language);
    const parse = (code: string): Tree => {
      const tree = parser.parse(code);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree;
    };
    const fast = hasWasmExports(module) ? module : undefined;
    const cursorOf = (tree: Tree) => (fast && rawCursorSteps(fast, tree)) ?? publicCursorSteps(tree);
    return {
      parse,
      cursor: cursorOf,
      syntax(code: string) {
        const tree = parse(code);
        try {
          const cursor = cursorOf(tree);
          let root: SyntaxNode;
          try {
            root = readSyntaxTree(code, names, cursor.steps);
          } finally {
            cursor.done(); // before any other call into the binding: it would overwrite the cursor's handles
          }
          return { root, hasError: tree.rootNode.hasError };
        } finally {
          tree.delete();
        }
      },
    };
  })();
  return loading;
}

/** The parts of web-tree-sitter's Emscripten module the fast walk uses (its own binding calls the same). */
interface WasmModule {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

const WASM_EXPORTS = ['_ts_init', '_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_goto_next_sibling_wasm', '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm', '_ts_tree_cursor_current_field_id_wasm', '_ts_tree_cursor_start_index_wasm', '_ts_tree_cursor_end_index_wasm'] as const;

function hasWasmExports(module: object): module is WasmModule {
  const m = module as Record<string, unknown>;
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1; // the binding stores little-endian
  return littleEndian && m.HEAP32 instanceof Int32Array && WASM_EXPORTS.every((name) => typeof m[name] === 'function');
}

/**
 * The cursor walk without the binding's per-call copying: web-tree-sitter's `TreeCursor` writes
 * its four handles into the module's transfer buffer before each call and reads them back after;
 * the moves write the cursor back there themselves and the reads leave it alone, so the handles
 * are written once and read back once for the whole walk. Undefined (use the public cursor) when
 * this binding keeps its handles otherwise.
 */
let transferAddress: number | undefined;
/** The binding's transfer buffer, in 32-bit words (ts_init reports its address and writes the ABI versions there). */
function transferBuffer(m: WasmModule): number {
  return (transferAddress ??= m._ts_init() >> 2);
}

function rawCursorSteps(m: WasmModule, tree: Tree): { steps: CursorSteps; done(): void } | undefined {
  const treeAddress = (tree as unknown as Record<number, unknown>)[0];
  const cursor = tree.walk();
  const handles = (cursor as unknown as { handles?: unknown }).handles;
  if (typeof treeAddress !== 'number' || !Array.isArray(handles) || handles.length !== 4) {
    cursor.delete();
    return undefined;
  }
  const at = transferBuffer(m);
  for (let i = 0; i < 4; i++) m.HEAP32[at + i] = handles[i] as number;
  return {
    steps: {
      first: () => m._ts_tree_cursor_goto_first_child_wasm(treeAddress) === 1,
      next: () => m._ts_tree_cursor_goto_next_sibling_wasm(treeAddress) === 1,
      parent: () => m._ts_tree_cursor_goto_parent_wasm(treeAddress) === 1,
      typeId: () => m._ts_tree_cursor_current_node_type_id_wasm(treeAddress),
      fieldId: () => m._ts_tree_cursor_current_field_id_wasm(treeAddress),
      start: () => m._ts_tree_cursor_start_index_wasm(treeAddress),
      end: () => m._ts_tree_cursor_end_index_wasm(treeAddress),
    },
    done: () => {
      // The heap may have grown during the walk: read the handles through the current view.
      for (let i = 0; i < 4; i++) handles[i] = m.HEAP32[at + i];
      cursor.delete();
    },
  };
}
