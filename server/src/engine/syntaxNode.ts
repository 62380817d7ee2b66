// A tree-sitter syntax tree copied into plain JavaScript objects in one cursor walk.
// Every read of web-tree-sitter's `Node` (`type`, `namedChildren`, `childForFieldName`,
// `endIndex`, ...) crosses into WebAssembly and allocates; the summary walk made millions
// of them, more than the parse itself cost. One cursor walk per tree records each node's
// type, field, span and children; the walkers then read these objects. Same answers as
// the `Node` methods of the same names (test/engine/syntaxNode.test.ts compares them).
import type { Language, Tree } from 'web-tree-sitter';

export interface Point {
  row: number;
  column: number;
}

/** What the walk reads at the cursor's node, and how it moves; `first`/`next`/`parent` say whether it moved. */
export interface CursorSteps {
  first(): boolean;
  next(): boolean;
  parent(): boolean;
  typeId(): number;
  fieldId(): number;
  start(): number;
  end(): number;
}

/** Per tree: its source, for text and positions, and the language's names. */
class Source {
  private lineStarts: number[] | undefined;

  constructor(readonly code: string, readonly names: LanguageNames) {}

  /** Row and column of a code-unit offset; rows break at `\n` only, as tree-sitter counts them. */
  point(index: number): Point {
    const starts = (this.lineStarts ??= lineStartsOf(this.code));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: index - starts[lo] };
  }
}

function lineStartsOf(code: string): number[] {
  const starts = [0];
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Type names, named-ness and field ids of one language, looked up once per id. */
export class LanguageNames {
  /** Per type id (ERROR is 65535): 0 not looked up yet, 1 anonymous, 2 named. A typed array: a plain one indexed that high turns into a slow dictionary. */
  private readonly named = new Uint8Array(65536);
  private readonly fieldIds = new Map<string, number>();
  /**
   * The type names, internalized: the binding decodes them from WebAssembly memory into plain
   * strings, and every `node.type === 'call'` in the walkers then compares characters; two
   * internalized strings compare by identity.
   */
  private readonly types: string[];

  constructor(private readonly language: Language) {
    this.types = Array.from(language.types, (name) => (name ? internalized(name) : 'ERROR'));
  }

  type(typeId: number): string {
    return typeId < this.types.length ? this.types[typeId] : 'ERROR';
  }

  isNamed(typeId: number): boolean {
    let named = this.named[typeId];
    if (named === 0) this.named[typeId] = named = this.language.nodeTypeIsNamed(typeId) ? 2 : 1;
    return named === 2;
  }

  /** The field's id, -1 when the language has no such field (as `Node.childForFieldName` looks it up). */
  fieldId(name: string): number {
    let id = this.fieldIds.get(name);
    if (id === undefined) this.fieldIds.set(name, (id = this.language.fields.indexOf(name)));
    return id;
  }
}

/** The same text as V8's internalized string (property names are), as source-code literals are. */
function internalized(text: string): string {
  const holder: Record<string, true> = {};
  holder[text] = true;
  return Object.keys(holder)[0];
}

/** The children of every leaf: one shared empty array (of objects, like the others, so reads stay monomorphic). */
const NO_CHILDREN: readonly SyntaxNode[] = ([null] as unknown as SyntaxNode[]).slice(1);

export class SyntaxNode {
  /** Exactly as many as there are (set once by readSyntaxTree; leaves share NO_CHILDREN). */
  children: readonly SyntaxNode[] = NO_CHILDREN;
  private named: readonly SyntaxNode[] | undefined;

  constructor(
    private readonly source: Source,
    /** Unique within its tree (preorder position). */
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    /** The field this node fills in its parent (0: none). */
    readonly fieldId: number,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly parent: SyntaxNode | null,
  ) {}

  get text(): string {
    return this.source.code.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    return this.source.point(this.startIndex);
  }

  get endPosition(): Point {
    return this.source.point(this.endIndex);
  }

  get namedChildren(): readonly SyntaxNode[] {
    return (this.named ??= this.children.every((c) => c.isNamed) ? this.children : this.children.filter((c) => c.isNamed));
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    const id = this.source.names.fieldId(name);
    if (id <= 0) return null;
    for (const c of this.children) if (c.fieldId === id) return c;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const id = this.source.names.fieldId(name);
    return id <= 0 ? [] : this.children.filter((c) => c.fieldId === id);
  }

  /** This node and its descendants of the type, in document order (zero-width nodes at the very start left out, as tree-sitter does). */
  descendantsOfType(type: string): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [this];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.endIndex === 0) continue;
      if (node.type === type) out.push(node);
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    }
    return out;
  }
}

/**
 * Copy the tree under the cursor, which starts at the root, into `SyntaxNode`s (one visit per
 * node). A node's children wait on one stack until the walk leaves it, then become one array of
 * their exact length: pushed one by one, each array would grow to room for 17.
 */
export function readSyntaxTree(code: string, names: LanguageNames, steps: CursorSteps): SyntaxNode {
  const source = new Source(code, names);
  let id = 0;
  const make = (parent: SyntaxNode | null): SyntaxNode => {
    const typeId = steps.typeId();
    return new SyntaxNode(source, id++, names.type(typeId), names.isNamed(typeId), parent ? steps.fieldId() : 0, steps.start(), steps.end(), parent);
  };
  const root = make(null);
  /** The children found so far of every node on the way down to the cursor, outermost first. */
  const pending: SyntaxNode[] = [];
  /** Where each of those nodes' children start in `pending`. */
  const opened: number[] = [];
  let current = root;
  for (;;) {
    if (steps.first()) {
      opened.push(pending.length);
      current = make(current);
      pending.push(current);
      continue;
    }
    for (;;) {
      if (current === root) return root;
      if (steps.next()) {
        current = make(current.parent);
        pending.push(current);
        break;
      }
      steps.parent();
      current = current.parent!;
      const start = opened.pop()!;
      current.children = pending.slice(start);
      pending.length = start;
    }
  }
}

/** The walk through web-tree-sitter's public `TreeCursor` (the reference the fast walk must match). */
export function publicCursorSteps(tree: Tree): { steps: CursorSteps; done(): void } {
  const cursor = tree.walk();
  return {
    steps: {
      first: () => cursor.gotoFirstChild(),
      next: () => cursor.gotoNextSibling(),
      parent: () => cursor.gotoParent(),
      typeId: () => cursor.nodeTypeId,
      fieldId: () => cursor.currentFieldId,
      start: () => cursor.startIndex,
      end: () => cursor.endIndex,
    },
    done: () => cursor.delete(),
  };
}
