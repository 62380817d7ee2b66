// Facts the ML/LLM rules (NB5xx) read, gathered during the cell summary's single
// walk so that no rule needs a tree: the calls a cell makes (callee as written,
// which keywords it passes), what its imports bind, `x == np.nan` comparisons and
// chained assignments `df[a][b] = v`. Library meaning is resolved later, by the
// rules, through knowledge/libraries.ts.
import type { SyntaxNode as Node } from './syntaxNode';
import type { Position, Range } from './types';

export interface CallFact {
  /** The callee as written, dotted, spaces removed: `np.random.rand`, `RandomForestClassifier`, `requests.get`. */
  callee: string;
  /** Range of the callee text. */
  range: Range;
  keywords: string[];
  /** Each keyword's value as written (cut at 40 characters), in the order of `keywords`. */
  values: string[];
  positional: number;
  /** The first positional argument as written (cut at 80 characters). */
  firstArg?: string;
  /** `*args` or `**kwargs`: the arguments are not all visible. */
  splat: boolean;
  /** Where a new keyword argument goes: the closing parenthesis. */
  closeParen: Position;
  /** Text of the last argument, to know whether a comma is needed before a new one. */
  hasArguments: boolean;
  /** `x = f(...)`: the target's name. */
  assignedTo?: string;
  /** `a, b = f(...)`: the targets' names in order (empty strings for targets that are not plain names). */
  unpackedTo?: string[];
  /** `models = [A(), B()]`: the name of the list or tuple the call is an item of. */
  listedIn?: string;
  /** Not inside a function or class body. */
  topLevel: boolean;
  /** The innermost function around the call (NB507 reads that function's lines): its name and lines, decorators included. */
  scope?: FunctionScope;
}

export interface FunctionScope {
  name: string;
  /** First line (its first decorator's, when decorated) and last line of the definition. */
  start: number;
  end: number;
}

/** `import numpy as np` gives np → numpy; `from sklearn.model_selection import KFold` gives KFold → sklearn.model_selection.KFold. */
export interface ImportAlias {
  local: string;
  qualified: string;
}

export interface NanComparison {
  range: Range;
  operator: '==' | '!=';
  /** The operand compared with NaN, as written. */
  other: string;
  /** The NaN operand as written (`np.nan`, `float("nan")`). */
  nan: string;
}

export interface ChainedAssignment {
  /** Range of the whole target `df[a][b]`. */
  range: Range;
  /** The object indexed first: `df`. */
  base: string;
  /** How the first index is taken: `df[...]`, `df.loc[...]` or `df.iloc[...]`. */
  via: '[]' | 'loc' | 'iloc';
  first: string;
  firstIsString: boolean;
  second: string;
  /** `base` is a parameter of the innermost function around the assignment. */
  baseIsParameter: boolean;
}

export interface MlFacts {
  calls: CallFact[];
  aliases: ImportAlias[];
  nanComparisons: NanComparison[];
  chainedAssignments: ChainedAssignment[];
}

export const NO_ML_FACTS: MlFacts = Object.freeze({ calls: [], aliases: [], nanComparisons: [], chainedAssignments: [] }) as MlFacts;

const NAN_OPERAND = /^(?:(?:np|numpy|math|pd|pandas)\.(?:nan|NaN|NAN)|float\(\s*(?:"nan"|'nan'|"NaN"|'NaN')\s*\))$/;

function rangeOf(node: Node): Range {
  const s = node.startPosition;
  const e = node.endPosition;
  return { start: { line: s.row, character: s.column }, end: { line: e.row, character: e.column } };
}


const spanKey = (node: Node) => `${node.startIndex}:${node.endIndex}`;

export class MlFactCollector {
  readonly facts: MlFacts = { calls: [], aliases: [], nanComparisons: [], chainedAssignments: [] };
  // Keyed by the call's start and end: `d = df.set_index(k).to_dict()` starts its inner call at the same
  // place, and only the outer call's result is what `d` holds.
  private readonly targets = new Map<string, string>();
  private readonly unpacked = new Map<string, string[]>();
  private readonly listed = new Map<string, string>();

  constructor(private readonly code: string) {}

  private text(node: Node): string {
    return this.code.slice(node.startIndex, node.endIndex);
  }

  /** `name = <call>`: remember the target so the call can say where its result goes. */
  assignment(target: Node | undefined, value: Node | null): void {
    if (value?.type === 'call' && target?.type === 'identifier') this.targets.set(spanKey(value), this.text(target));
    if ((value?.type === 'list' || value?.type === 'tuple') && target?.type === 'identifier') {
      for (const item of value.namedChildren) if (item?.type === 'call') this.listed.set(spanKey(item), this.text(target));
    }
    if (value?.type === 'call' && (target?.type === 'pattern_list' || target?.type === 'tuple_pattern' || target?.type === 'tuple')) {
      this.unpacked.set(spanKey(value), target.namedChildren.filter((c): c is Node => c !== null).map((c) => (c.type === 'identifier' ? this.text(c) : '')));
    }
    if (target?.type === 'subscript') this.subscriptTarget(target);
  }

  call(node: Node, fn: Node | null, args: Node | null, topLevel: boolean): void {
    if (!fn || (fn.type !== 'identifier' && fn.type !== 'attribute')) return;
    const keywords: string[] = [];
    const values: string[] = [];
    let positional = 0;
    let firstArg: string | undefined;
    let splat = false;
    let hasArguments = false;
    if (args?.type === 'argument_list') {
      for (const arg of args.namedChildren) {
        if (!arg || arg.type === 'comment') continue;
        hasArguments = true;
        if (arg.type === 'keyword_argument') {
          const name = arg.childForFieldName('name');
          const value = arg.childForFieldName('value');
          if (name) {
            keywords.push(this.text(name));
            values.push(value ? this.text(value).slice(0, 40) : '');
          }
        } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') splat = true;
        else {
          if (positional === 0) firstArg = this.text(arg).slice(0, 80);
          positional++;
        }
      }
    } else if (args) {
      hasArguments = true;
      positional = 1;
    }
    const end = (args ?? node).endPosition;
    this.facts.calls.push({
      callee: this.text(fn).replace(/\s+/g, ''),
      range: rangeOf(fn),
      keywords,
      values,
      positional,
      firstArg,
      splat,
      hasArguments,
      closeParen: { line: end.row, character: Math.max(0, end.column - 1) },
      assignedTo: this.targets.get(spanKey(node)),
      unpackedTo: this.unpacked.get(spanKey(node)),
      listedIn: this.listed.get(spanKey(node)),
      topLevel,
      scope: topLevel ? undefined : this.enclosingFunction(node),
    });
  }

  /** Walks up only from calls inside a body, which notebooks seldom have: module code is where this runs. */
  /** Names of the parameters of the innermost function around `node`. */
  private parametersAround(node: Node): Set<string> {
    const names = new Set<string>();
    for (let p = node.parent; p; p = p.parent) {
      if (p.type !== 'function_definition') continue;
      for (const param of p.childForFieldName('parameters')?.namedChildren ?? []) {
        const name = param?.type === 'identifier' ? param : param?.namedChildren.find((c) => c?.type === 'identifier');
        if (name) names.add(this.text(name));
      }
      break;
    }
    return names;
  }

  private enclosingFunction(node: Node): FunctionScope | undefined {
    for (let p = node.parent; p; p = p.parent) {
      if (p.type !== 'function_definition') continue;
      const name = p.childForFieldName('name');
      const outer = p.parent?.type === 'decorated_definition' ? p.parent : p;
      return { name: name ? this.text(name) : '', start: outer.startPosition.row, end: p.endPosition.row };
    }
    return undefined;
  }

  importStatement(node: Node): void {
    if (node.type === 'import_statement') {
      for (const item of node.childrenForFieldName('name')) {
        if (!item) continue;
        if (item.type === 'aliased_import') {
          const name = item.childForFieldName('name');
          const alias = item.childForFieldName('alias');
          if (name && alias) this.facts.aliases.push({ local: this.text(alias), qualified: this.text(name).replace(/\s+/g, '') });
        } else {
          const dotted = this.text(item).replace(/\s+/g, '');
          // `import a.b` binds `a`, which is the module `a`.
          const top = dotted.split('.')[0];
          this.facts.aliases.push({ local: top, qualified: top });
        }
      }
      return;
    }
    if (node.type !== 'import_from_statement') return;
    const from = node.childForFieldName('module_name');
    if (!from || from.type === 'relative_import') return;
    const base = this.text(from).replace(/\s+/g, '');
    for (const item of node.childrenForFieldName('name')) {
      if (!item) continue;
      const name = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
      const alias = item.type === 'aliased_import' ? item.childForFieldName('alias') : item;
      if (name && alias) this.facts.aliases.push({ local: this.text(alias), qualified: `${base}.${this.text(name).replace(/\s+/g, '')}` });
    }
  }

  comparison(node: Node, operands: Node[]): void {
    if (operands.length !== 2) return;
    const operator = this.code.slice(operands[0].endIndex, operands[1].startIndex).trim();
    if (operator !== '==' && operator !== '!=') return;
    const [a, b] = operands.map((o) => this.text(o).replace(/\s+/g, ''));
    const nanIndex = NAN_OPERAND.test(a) ? 0 : NAN_OPERAND.test(b) ? 1 : -1;
    if (nanIndex < 0 || (NAN_OPERAND.test(a) && NAN_OPERAND.test(b))) return;
    this.facts.nanComparisons.push({
      range: rangeOf(node),
      operator,
      other: this.text(operands[1 - nanIndex]),
      nan: this.text(operands[nanIndex]),
    });
  }

  /** `df[a][b] = v`, `df.loc[r][c] = v`: the first index makes a copy that the assignment then changes. */
  private subscriptTarget(target: Node): void {
    const inner = target.childForFieldName('value');
    if (inner?.type !== 'subscript') return;
    const second = target.childrenForFieldName('subscript').filter((c): c is Node => c !== null);
    const first = inner.childrenForFieldName('subscript').filter((c): c is Node => c !== null);
    const holder = inner.childForFieldName('value');
    if (!holder || first.length !== 1 || second.length !== 1) return;
    let via: ChainedAssignment['via'] = '[]';
    let base = holder;
    if (holder.type === 'attribute') {
      const attr = holder.childForFieldName('attribute');
      const object = holder.childForFieldName('object');
      const name = attr ? this.text(attr) : '';
      if ((name === 'loc' || name === 'iloc') && object) {
        via = name;
        base = object;
      }
    }
    if (base.type !== 'identifier' && base.type !== 'attribute') return;
    this.facts.chainedAssignments.push({
      range: rangeOf(target),
      base: this.text(base).replace(/\s+/g, ''),
      via,
      first: this.text(first[0]),
      firstIsString: first[0].type === 'string',
      second: this.text(second[0]),
      baseIsParameter: base.type === 'identifier' && this.parametersAround(target).has(this.text(base)),
    });
  }
}
