// Type annotations an extracted function can carry with certainty: what a literal
// is, and what well-known constructors and readers return. One row per call; the
// alias is whatever name the notebook imported the library as. Anything not in
// this table gets no annotation (a wrong type hint is worse than none).

export interface AnnotationEntry {
  /** The module the call comes from, as imported (`import pandas as pd` → pandas). */
  module: string;
  /** The call, relative to the module: `read_csv`, `random.default_rng`. */
  call: string;
  /** The type, relative to the same module's alias (`DataFrame` → `pd.DataFrame`), or a builtin type. */
  type: string;
  builtin?: boolean;
  /** A call that really returns this type, checked in the kernel oracle. */
  example: string;
}

export const ANNOTATIONS: readonly AnnotationEntry[] = [
  { module: 'pandas', call: 'DataFrame', type: 'DataFrame', example: "DataFrame({'a': [1, 2]})" },
  { module: 'pandas', call: 'read_csv', type: 'DataFrame', example: "read_csv(io.StringIO('a,b\\n1,2\\n'))" },
  { module: 'pandas', call: 'read_json', type: 'DataFrame', example: "read_json(io.StringIO('[{\"a\": 1}]'))" },
  { module: 'pandas', call: 'read_parquet', type: 'DataFrame', example: '' },
  { module: 'pandas', call: 'read_excel', type: 'DataFrame', example: '' },
  { module: 'pandas', call: 'merge', type: 'DataFrame', example: "merge(DataFrame({'k': [1]}), DataFrame({'k': [1]}), on='k')" },
  { module: 'pandas', call: 'Series', type: 'Series', example: 'Series([1, 2, 3])' },
  { module: 'pandas', call: 'date_range', type: 'DatetimeIndex', example: "date_range('2024-01-01', periods=3)" },
  { module: 'numpy', call: 'array', type: 'ndarray', example: 'array([1, 2])' },
  { module: 'numpy', call: 'asarray', type: 'ndarray', example: 'asarray([1.0])' },
  { module: 'numpy', call: 'arange', type: 'ndarray', example: 'arange(5)' },
  { module: 'numpy', call: 'linspace', type: 'ndarray', example: 'linspace(0, 1, 5)' },
  { module: 'numpy', call: 'zeros', type: 'ndarray', example: 'zeros((2, 2))' },
  { module: 'numpy', call: 'ones', type: 'ndarray', example: 'ones(3)' },
  { module: 'numpy', call: 'full', type: 'ndarray', example: 'full(3, 7)' },
  { module: 'numpy', call: 'eye', type: 'ndarray', example: 'eye(2)' },
  { module: 'numpy', call: 'zeros_like', type: 'ndarray', example: 'zeros_like([1, 2])' },
  { module: 'numpy', call: 'concatenate', type: 'ndarray', example: 'concatenate([[1], [2]])' },
  { module: 'numpy', call: 'vstack', type: 'ndarray', example: 'vstack([[1], [2]])' },
  { module: 'numpy', call: 'hstack', type: 'ndarray', example: 'hstack([[1], [2]])' },
  { module: 'numpy', call: 'random.default_rng', type: 'random.Generator', example: 'random.default_rng(0)' },
  { module: 'sklearn.model_selection', call: 'train_test_split', type: 'list', builtin: true, example: 'train_test_split([1, 2, 3, 4], test_size=0.5, random_state=0)' },
];

const LITERALS: readonly [RegExp, string][] = [
  [/^-?\d[\d_]*$/, 'int'],
  [/^-?(?:\d[\d_]*\.\d*|\.\d+)(?:[eE][-+]?\d+)?$|^-?\d+[eE][-+]?\d+$/, 'float'],
  [/^[rRuUfF]{0,2}(?:"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')$/, 'str'],
  [/^(?:True|False)$/, 'bool'],
];

/** `import pandas as pd` → {pd: pandas}; `from sklearn.model_selection import train_test_split` → {train_test_split: sklearn.model_selection.train_test_split}. */
export function aliases(importTexts: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of importTexts) {
    const flat = text.replace(/[()\\\n]/g, ' ');
    const from = /^\s*from\s+(\S+)\s+import\s+(.*)$/s.exec(flat);
    const parts = (from ? from[2] : flat.replace(/^\s*import\s+/, '')).split(',').map((p) => p.trim()).filter(Boolean);
    for (const p of parts) {
      const m = /^([\w.]+)(?:\s+as\s+(\w+))?$/.exec(p);
      if (!m) continue;
      if (from) out.set(m[2] ?? m[1], `${from[1]}.${m[1]}`);
      else if (m[2]) out.set(m[2], m[1]);
      else if (!m[1].includes('.')) out.set(m[1], m[1]);
    }
  }
  return out;
}

/** Does `text` start with a call `callee(` whose parenthesis closes at the very end? */
function wholeCall(text: string, callee: string): boolean {
  if (!text.startsWith(`${callee}(`) || !text.endsWith(')')) return false;
  let depth = 0;
  for (let i = callee.length; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) return false;
      i = end;
    }
    if (depth === 0 && i < text.length - 1) return false;
  }
  return depth === 0;
}

/** The annotation for a value's source, given the imports in scope; undefined when not certain. */
export function annotationFor(value: string | undefined, moduleImports: readonly string[], notebookImports: ReadonlyMap<string, readonly string[]>): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  for (const [re, type] of LITERALS) if (re.test(v)) return type;
  const names = aliases([...moduleImports, ...[...notebookImports.values()].flat()]);
  for (const [alias, target] of names) {
    for (const e of ANNOTATIONS) {
      let callee: string | undefined;
      if (target === e.module) callee = `${alias}.${e.call}`;
      else if (target === `${e.module}.${e.call}`) callee = alias;
      if (!callee || !wholeCall(v, callee)) continue;
      if (e.builtin) return e.type;
      // The type is written through a module alias: only when one is imported.
      const moduleAlias = [...names].find(([, t]) => t === e.module)?.[0];
      return moduleAlias ? `${moduleAlias}.${e.type}` : undefined;
    }
  }
  return undefined;
}

/** Imports the annotations need in the module (`pd.DataFrame` needs `import pandas as pd`). */
export function annotationImports(types: readonly string[], notebookImports: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const t of types) {
    const alias = /^(\w+)\./.exec(t)?.[1];
    const imports = alias ? notebookImports.get(alias) : undefined;
    if (imports) for (const i of imports) if (!out.includes(i)) out.push(i);
  }
  return out;
}
