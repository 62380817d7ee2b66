// The plain-object syntax tree (syntaxNode.ts) answers what web-tree-sitter's Node answers
// for the same tree: types, spans, positions, children, fields, parents. The summary
// walkers read it instead of the binding, so any difference would change findings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { defaultWasmDir, loadPythonParser } from '../../server/src/engine/parser';
import { LanguageNames, publicCursorSteps, readSyntaxTree, type SyntaxNode } from '../../server/src/engine/syntaxNode';
import { REPO_ROOT } from '../helpers/engine';

const SOURCES = [
  '',
  '# only a comment\n',
  'import os, sys as system\nfrom a.b import (c, d as e)\nfrom . import sibling\n',
  'x = y = f(1, "two", key=3.0) + g[0:2]\nz: int\nw += 1 if x else -1\n',
  'df.query("a > @cutoff")\nprint(f"{x!r:>{width}} and {{braces}} {y + 1}")\n',
  '@decorator(arg)\nclass A(Base, metaclass=M):\n    """Doc."""\n    def m(self, a, *args, b: int = 2, **kw) -> "A":\n        return lambda q, r=1: q + r\n',
  'def f[T, *Ts, **P](x: T) -> T:\n    global G\n    nonlocal_ = [i * j for i in range(3) if i for j in range(i)]\n    return {k: v for k, v in d.items()}\n',
  'for i, (a, b) in enumerate(pairs):\n    if (n := len(a)) > 2:\n        break\nelse:\n    pass\nwhile True:\n    continue\n',
  'try:\n    import torch\nexcept (ImportError, NameError) as e:\n    torch = None\nelse:\n    x = 1\nfinally:\n    del x, y[0]\n',
  'with open(p) as f, (open(q) as g):\n    data = f.read()\nasync def main():\n    async with client() as c:\n        await c.get()\n',
  'match command.split():\n    case [action, obj] if obj:\n        go(obj)\n    case Point(x=0, y=0) | {"k": _, **rest}:\n        pass\n    case _:\n        pass\n',
  'total = 1 + \\\n    2\ns = "a" "b" \'c\'\nb = b"bytes" + rb"\\d"\n',
  'name = "日本語 and 🤖 emoji"; after = 1\r\nsecond_line = "é"\r\n\tindented = 2\n',
  'def broken(:\n    x = = 1\nprint "python 2"\nfoo(\n',
  'x = [1, 2,\n',
  'if a:\nb = 1\n',
  `value = ${'('.repeat(60)}1${')'.repeat(60)}\n`,
  'a = not b and c or d in e is not f < g <= h\nprint(*args, **kwargs)\nx = y[::2, ...]\n',
];

const key = (n: Node | SyntaxNode | null | undefined) => (n ? `${n.type}@${n.startIndex}-${n.endIndex}` : 'none');
const FIELDS = ['alias', 'alternative', 'arguments', 'attribute', 'body', 'condition', 'consequence', 'definition', 'function', 'key', 'left', 'module_name',
  'name', 'object', 'operator', 'parameters', 'return_type', 'right', 'subject', 'subscript', 'superclasses', 'type', 'type_parameters', 'value', 'no_such_field'];

function compare(real: Node, copy: SyntaxNode, where: string): number {
  const at = `${where} ${key(real)}`;
  assert.equal(key(copy), key(real), at);
  assert.equal(copy.isNamed, real.isNamed, `isNamed ${at}`);
  assert.equal(copy.text, real.text, `text ${at}`);
  assert.deepEqual(copy.startPosition, real.startPosition, `startPosition ${at}`);
  assert.deepEqual(copy.endPosition, real.endPosition, `endPosition ${at}`);
  assert.equal(key(copy.parent), key(real.parent), `parent ${at}`);
  assert.deepEqual(copy.namedChildren.map(key), real.namedChildren.map(key), `namedChildren ${at}`);
  assert.equal(copy.namedChildCount, real.namedChildCount, `namedChildCount ${at}`);
  assert.equal(key(copy.namedChild(0)), key(real.namedChild(0)), `namedChild(0) ${at}`);
  assert.equal(key(copy.child(1)), key(real.child(1)), `child(1) ${at}`);
  for (const field of FIELDS) {
    // tree-sitter finds a match statement's `alternative` (a case inside its body block) through the block;
    // its cursor, and so the copy and `childrenForFieldName`, give the field to the block's children only.
    if (!(real.type === 'match_statement' && field === 'alternative')) assert.equal(key(copy.childForFieldName(field)), key(real.childForFieldName(field)), `field ${field} of ${at}`);
    assert.deepEqual(copy.childrenForFieldName(field).map(key), real.childrenForFieldName(field).map(key), `fields ${field} of ${at}`);
  }
  assert.equal(copy.children.length, real.children.length, `children of ${at}`);
  let nodes = 1;
  real.children.forEach((child, i) => (nodes += compare(child!, copy.children[i], where)));
  return nodes;
}

test('the copied syntax tree answers as the tree-sitter nodes do, node by node', async () => {
  const parser = await loadPythonParser(defaultWasmDir(REPO_ROOT));
  let nodes = 0;
  for (const [i, source] of SOURCES.entries()) {
    const { root, hasError } = parser.syntax(source);
    const tree = parser.parse(source);
    try {
      assert.equal(hasError, tree.rootNode.hasError, `hasError of source ${i}`);
      for (const type of ['identifier', 'binary_operator', 'string']) {
        assert.deepEqual(root.descendantsOfType(type).map(key), tree.rootNode.descendantsOfType(type).map(key), `${type} descendants of source ${i}`);
      }
      nodes += compare(tree.rootNode, root, `source ${i}:`);
    } finally {
      tree.delete();
    }
  }
  assert.ok(nodes > 500, `compared ${nodes} nodes`);
});

test('the fast cursor walk copies the same tree as the public TreeCursor', async () => {
  const parser = await loadPythonParser(defaultWasmDir(REPO_ROOT));
  const shape = (n: SyntaxNode): unknown => [n.type, n.fieldId, n.startIndex, n.endIndex, n.children.map(shape)];
  // Alternate the two, many times: a walk that left the binding's cursor handles wrong breaks the next parse.
  for (let round = 0; round < 20; round++) {
    for (const source of SOURCES) {
      const fast = parser.syntax(source).root;
      const tree = parser.parse(source);
      const cursor = publicCursorSteps(tree);
      try {
        assert.deepEqual(shape(fast), shape(readSyntaxTree(source, new LanguageNames(tree.language), cursor.steps)));
      } finally {
        cursor.done();
        tree.delete();
      }
    }
  }
});
