import { DATAFRAME_MAKERS } from '../../knowledge/libraries';
import type { ChainedAssignment } from '../../mlFacts';
import type { Rule, RuleFinding } from '../rule';
import { callsKey, NotebookImports } from './imports';

/** DataFrame methods whose result is again a DataFrame: `df2 = df.dropna()` is a frame too. */
const FRAME_METHODS = new Set('copy dropna fillna drop rename reset_index set_index sort_values sort_index merge join query assign head tail sample drop_duplicates astype pivot_table reindex replace'.split(' '));

/**
 * A callee as its receiver and the methods chained on it, read outside brackets:
 * `raw.set_index("id").dropna` is `raw` then set_index, dropna. Undefined when it does not start with a name.
 */
function methodChain(callee: string): { receiver: string; methods: string[] } | undefined {
  const receiver = /^[A-Za-z_]\w*/.exec(callee)?.[0];
  if (!receiver) return undefined;
  const methods: string[] = [];
  let depth = 0;
  for (let i = receiver.length; i < callee.length; i++) {
    const ch = callee[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === '.' && depth === 0) methods.push(/^\w*/.exec(callee.slice(i + 1))![0]);
  }
  return { receiver, methods };
}

/** A frame method chained on a frame, each link a frame method: `raw.set_index(k).dropna()`, not `….to_dict()`. */
function isFrameChain(callee: string, frames: ReadonlySet<string>): boolean {
  const chain = methodChain(callee);
  return chain !== undefined && frames.has(chain.receiver) && chain.methods.length > 0 && chain.methods.every((m) => FRAME_METHODS.has(m));
}

/** A boolean row mask written out: a comparison, a negation, or a pandas test (`df["age"] > 60`, `~m`, `.isin(…)`). */
const ROW_MASK = /^~|[<>]=?|[!=]=|\.(?:isin|isna|notna|isnull|notnull|between|duplicated)\(|\.str\.(?:contains|startswith|endswith|match)\(/;

/**
 * The `.loc` form of a chained assignment target, when it is certain: `df[a][b]` is `df.loc[a, b]` only when `a`
 * picks rows (a mask), and `df.loc[b, a]` when `a` is a column (a string, or `b` is the mask). A column held in a
 * variable or an expression (`df[col_names[-1]][mask]`) or a positional slice (`df[2:5]`, not `.loc`'s inclusive labels)
 * would be swapped or changed by a guess: no form then (holdout21 label).
 */
function locForm(a: ChainedAssignment): string | undefined {
  if (a.via === 'loc') return `${a.base}.loc[${a.first}, ${a.second}]`;
  if (a.via === 'iloc') return undefined;
  if (a.firstIsString) return `${a.base}.loc[${a.second}, ${a.first}]`;
  if (/^\[/.test(a.first.trim())) return undefined; // a list of columns
  if (ROW_MASK.test(a.first)) return `${a.base}.loc[${a.first}, ${a.second}]`;
  if (ROW_MASK.test(a.second)) return `${a.base}.loc[${a.second}, ${a.first}]`;
  return undefined;
}

/** NB505: `df[a][b] = v` changes a temporary: never `df` under copy-on-write (pandas 3), and only sometimes in pandas 2. */
export const chainedAssignment: Rule = {
  code: 'NB505',
  name: 'chained-assignment',
  defaultSeverity: 'warning',
  reads: { cellKey: (c) => callsKey(c.summary, c.summary.ml.chainedAssignments) },
  check({ codeCells }) {
    if (!codeCells.some((c) => c.summary.ml.chainedAssignments.length > 0)) return [];
    const imports = NotebookImports.of(codeCells);
    const frames = new Set<string>();
    // Frames made at module level: a parameter named like one is usually that frame passed in.
    const globalFrames = new Set<string>();
    const findings: RuleFinding[] = [];
    for (const c of codeCells) {
      // In document order: a name is a frame from the cell that makes it on.
      for (const call of c.summary.ml.calls) {
        if (!call.assignedTo) continue;
        const qualified = imports.qualify(call.callee);
        const fromFrame = isFrameChain(call.callee, frames);
        if ((qualified && DATAFRAME_MAKERS.has(qualified)) || fromFrame) {
          frames.add(call.assignedTo);
          if (call.topLevel) globalFrames.add(call.assignedTo);
        }
      }
      for (const a of c.summary.ml.chainedAssignments) {
        if (!frames.has(a.base)) continue;
        // A parameter named like a frame another function makes is that function's own value (a dict called `nodes`).
        if (a.baseIsParameter && !globalFrames.has(a.base)) continue;
        const loc = locForm(a);
        findings.push({
          cell: c.index,
          range: a.range,
          message: `Chained assignment: \`${a.base}${a.via === '[]' ? '' : `.${a.via}`}[${a.first}]\` may be a copy, and the assignment changes that copy. Under copy-on-write (the default from pandas 3) \`${a.base}\` never changes; in pandas 2 it depends on the data (SettingWithCopyWarning).${loc ? ` Write \`${loc} = …\`.` : ''}`,
          data: loc ? { fix: 'replace', replacement: loc } : undefined,
        });
      }
    }
    return findings;
  },
};
