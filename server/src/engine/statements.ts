// Top-level statements of a cell, for refactorings that move code: what kind each
// is and where it stands in the source.
import { maskIPython } from './magics';
import type { PythonParser } from './parser';

export type StatementKind = 'def' | 'import' | 'expression' | 'other';

export interface Statement {
  kind: StatementKind;
  /** Offsets in the cell source, the statement's own text only. */
  start: number;
  end: number;
  text: string;
  /** For defs: the function or class name. */
  name?: string;
}

export function topLevelStatements(parser: PythonParser, source: string): Statement[] {
  const masked = maskIPython(source).code;
  const tree = parser.parse(masked);
  try {
    const out: Statement[] = [];
    for (const node of tree.rootNode.namedChildren) {
      if (!node || node.type === 'comment') continue;
      const type = node.type;
      let kind: StatementKind = 'other';
      let name: string | undefined;
      if (type === 'function_definition' || type === 'class_definition' || type === 'decorated_definition') {
        kind = 'def';
        const def = type === 'decorated_definition' ? node.childForFieldName('definition') : node;
        name = def?.childForFieldName('name')?.text;
      } else if (type === 'import_statement' || type === 'import_from_statement' || type === 'future_import_statement') {
        kind = 'import';
      } else if (type === 'expression_statement') {
        const first = node.namedChild(0);
        // `a, b` is one expression statement with several children: a tuple, displayed as one.
        kind = first && node.namedChildren.every((c) => c !== null && !/assignment/.test(c.type)) ? 'expression' : 'other';
      }
      out.push({ kind, start: node.startIndex, end: node.endIndex, text: source.slice(node.startIndex, node.endIndex), name });
    }
    return out;
  } finally {
    tree.delete();
  }
}
