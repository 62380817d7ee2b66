// "Add as eval case": a cell that calls a function (a model, an LLM client, project
// code) with literal inputs and has a saved result becomes a line of
// evals/<notebook>.jsonl; tests/test_evals.py, written once, turns every case
// into a pytest check reported by its id.
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { decodeStringLiteral } from './pythonLiteral';
import { splitArguments } from '../evals/split';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A Python literal (strings, numbers, True/False/None, lists, tuples, dicts, sets) as JSON; throws on anything else. */
export function parsePythonLiteral(text: string): Json {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (): never => {
    throw new Error(`not a literal at ${i}: ${text.slice(i, i + 20)}`);
  };
  const value = (): Json => {
    ws();
    const rest = text.slice(i);
    const str = /^[rRuU]{0,2}("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/.exec(rest);
    if (str) {
      let out = '';
      let m: RegExpExecArray | null = str;
      // Adjacent literals concatenate: "a" "b".
      while (m) {
        const decoded = decodeStringLiteral(m[0]);
        if (decoded === undefined) fail();
        out += decoded;
        i += m[0].length;
        ws();
        m = /^[rRuU]{0,2}("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/.exec(text.slice(i));
      }
      return out;
    }
    const num = /^[-+]?(?:\d[\d_]*\.?[\d_]*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)(?![\w.])/.exec(rest);
    if (num) {
      i += num[0].length;
      return Number(num[0].replace(/_/g, ''));
    }
    for (const [word, v] of [['True', true], ['False', false], ['None', null]] as const) {
      if (rest.startsWith(word) && !/\w/.test(rest[word.length] ?? '')) {
        i += word.length;
        return v;
      }
    }
    const open = text[i];
    if (open === '[' || open === '(' || open === '{') {
      const close = open === '[' ? ']' : open === '(' ? ')' : '}';
      i++;
      const items: Json[] = [];
      const dict: Record<string, Json> = {};
      let isDict = false;
      ws();
      while (text[i] !== close) {
        const item = value();
        ws();
        if (open === '{' && text[i] === ':') {
          isDict = true;
          i++;
          if (typeof item !== 'string' && typeof item !== 'number') fail();
          dict[String(item)] = value();
        } else {
          items.push(item);
        }
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail();
        ws();
      }
      i++;
      return isDict || (open === '{' && items.length === 0) ? dict : items;
    }
    return fail();
  };
  const result = value();
  ws();
  if (i !== text.length) fail();
  return result;
}


export interface EvalCase {
  id: string;
  function: string;
  input: { args: Json[]; kwargs: Record<string, Json> };
  expected: Json;
  compare: 'exact' | 'repr';
  source: { notebook: string; cell: number };
}

/** Where a name comes from in the notebook: `from m import f` → m.f, `import m as x` → x.y = m.y. */
function qualify(callee: string, importStatements: string[]): string {
  const [head, ...tail] = callee.split('.');
  for (const st of importStatements) {
    const from = /^from\s+([\w.]+)\s+import\s+([\s\S]+)$/.exec(st.replace(/[()\n]/g, ' ').trim());
    if (from) {
      for (const part of from[2].split(',').map((p) => p.trim())) {
        const [name, alias] = part.split(/\s+as\s+/);
        if ((alias ?? name) === head) return [`${from[1]}.${name}`, ...tail].join('.');
      }
      continue;
    }
    const imp = /^import\s+([\s\S]+)$/.exec(st.trim());
    for (const part of imp ? imp[1].split(',').map((p) => p.trim()) : []) {
      const [name, alias] = part.split(/\s+as\s+/);
      if (alias === head) return [name, ...tail].join('.');
      if (!alias && name.split('.')[0] === head) return callee;
    }
  }
  return callee;
}

export function planEvalCase(
  cells: readonly CellInput[],
  cell: number,
  statements: (source: string) => Statement[],
  notebookStem: string,
  existingIds: ReadonlySet<string>,
): EvalCase | { refused: string } {
  const c = cells[cell];
  if (c.kind !== 'code') return { refused: 'not a code cell' };
  if (c.result === undefined) return { refused: 'the cell has no saved result to use as the expected value' };
  const last = statements(c.source).at(-1);
  const m = last && /^(?:[A-Za-z_][\w, ]*=\s*)?([A-Za-z_][\w.]*)\s*\(([\s\S]*)\)\s*$/.exec(last.text);
  if (!m) return { refused: 'the cell does not end with a call' };
  const args: Json[] = [];
  const kwargs: Record<string, Json> = {};
  try {
    for (const arg of splitArguments(m[2])) {
      const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
      if (kw) kwargs[kw[1]] = parsePythonLiteral(kw[2]);
      else args.push(parsePythonLiteral(arg));
    }
  } catch {
    return { refused: 'the call\'s inputs are not all literals' };
  }
  let expected: Json = c.result;
  let compare: EvalCase['compare'] = 'repr';
  try {
    expected = parsePythonLiteral(c.result);
    compare = 'exact';
  } catch {
    // not a literal: compare the text Jupyter showed with repr()
  }
  const importStatements = cells.slice(0, cell + 1).filter((x) => x.kind === 'code').flatMap((x) => statements(x.source).filter((s) => s.kind === 'import').map((s) => s.text));
  let id = `${notebookStem}-cell${cell + 1}`;
  for (let n = 2; existingIds.has(id); n++) id = `${notebookStem}-cell${cell + 1}-${n}`;
  return { id, function: qualify(m[1], importStatements), input: { args, kwargs }, expected, compare, source: { notebook: `${notebookStem}.ipynb`, cell: cell + 1 } };
}

export { EVAL_GATE_SOURCE } from '../evals/gate';
