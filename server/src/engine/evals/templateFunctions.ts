// The notebook's own prompt builders that only fill a literal template with their arguments
// (`def get_prompt(instruction): prompt_template = f"{B_INST}{instruction}{E_INST}"; return prompt_template`):
// a call of one with written-out arguments is the rendered template (evaluated in resolve.ts).
import type { CellInput } from '../types';
import { splitArguments } from './split';
import { evaluate } from './resolve';

export interface TemplateFunction {
  params: { name: string; default?: string }[];
  /** `name = expression` assignments in order, then the returned expression. */
  assignments: [string, string][];
  returns: string;
}

/** Walks `text` from `from` skipping strings and comments; returns the logical lines up to the first line that starts at column 0 (the block's end). */
function blockLines(text: string, from: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = from;
  let i = from;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const q = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += q.length;
      while (i < text.length && !text.startsWith(q, i)) i += text[i] === '\\' ? 2 : 1;
      i += q.length - 1;
      continue;
    }
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === '\n' && depth <= 0 && text[i - 1] !== '\\') {
      out.push(text.slice(start, i));
      start = i + 1;
      if (i + 1 < text.length && /[^\s]/.test(text[i + 1])) return clean(out);
    }
  }
  out.push(text.slice(start, i));
  return clean(out);
}

const clean = (lines: string[]) => lines.map((l) => l.replace(/^\s*#.*$/, '').trim()).filter(Boolean);

/** The template functions defined at the top level of the cells (the last definition of a name wins; one that is not a template drops it). */
export function templateFunctions(cells: readonly CellInput[]): Map<string, TemplateFunction> {
  const out = new Map<string, TemplateFunction>();
  for (const c of cells) {
    if (c.kind !== 'code') continue;
    for (const m of c.source.matchAll(/^def[ \t]+([A-Za-z_]\w*)[ \t]*\(([^()]*)\)[ \t]*(?:->[^:\n]*)?:[ \t]*(?:#[^\n]*)?\n/gm)) {
      out.delete(m[1]);
      const params = m[2].split(',').map((p) => p.trim()).filter(Boolean).map((p) => /^([A-Za-z_]\w*)\s*(?::\s*[\w.[\], ]+?)?\s*(?:=\s*([\s\S]+))?$/.exec(p));
      if (params.some((p) => !p)) continue;
      const lines = blockLines(c.source, m.index + m[0].length);
      // A docstring first is no statement.
      if (lines.length && /^[rRuU]?("""|''')[\s\S]*\1$/.test(lines[0])) lines.shift();
      const last = /^return\s+([\s\S]+)$/.exec(lines.at(-1) ?? '');
      if (!last) continue;
      const assignments = lines.slice(0, -1).map((l) => /^([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?=(?!=)\s*([\s\S]+)$/.exec(l));
      if (assignments.some((a) => !a)) continue;
      out.set(m[1], { params: params.map((p) => ({ name: p![1], ...(p![2] !== undefined ? { default: p![2].trim() } : {}) })), assignments: assignments.map((a) => [a![1], a![2]]), returns: last[1] });
    }
  }
  return out;
}

const MASKED_STRINGS = /("""|''')[\s\S]*?\1|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g;
const REWRAP_METHODS = new Set(['split', 'splitlines', 'join', 'strip', 'lstrip', 'rstrip', 'find', 'rfind', 'index', 'fill', 'wrap']);
const REWRAP_BUILTINS = new Set(['len', 'print', 'str', 'range', 'enumerate', 'fill', 'wrap', 'if', 'elif', 'for', 'while', 'in', 'not', 'and', 'or', 'return']);

/**
 * The notebook's own helpers that only re-wrap the answer's text (`textwrap.fill`/`wrap`, `split`/`join`/`strip`, cutting at a
 * literal marker with `find`/`index`), printing it (`prints`) or returning it: what they show is the answer's words, line breaks aside.
 */
export function rewrapHelpers(cells: readonly CellInput[]): Map<string, { prints: boolean; wraps: boolean }> {
  const out = new Map<string, { prints: boolean; wraps: boolean }>();
  for (const c of cells) {
    if (c.kind !== 'code') continue;
    for (const m of c.source.matchAll(/^def[ \t]+([A-Za-z_]\w*)[ \t]*\(([^()]*)\)[ \t]*(?:->[^:\n]*)?:[ \t]*(?:#[^\n]*)?\n/gm)) {
      out.delete(m[1]);
      const body = blockLines(c.source, m.index + m[0].length).join('\n').replace(MASKED_STRINGS, '""');
      if (/\b(?:import|lambda|yield|global|open|eval|exec)\b/.test(body)) continue;
      const calls = [...body.matchAll(/(\.)?\b([A-Za-z_]\w*)\s*\(/g)];
      if (!calls.every((k) => (k[1] ? REWRAP_METHODS.has(k[2]) : REWRAP_BUILTINS.has(k[2]) || out.has(k[2])))) continue;
      // Only one that re-wraps (itself or through another) shows the whole answer; a bare cutter (`text.split('### Human:', 1)[0]`) may be a step of one.
      const wraps = calls.some((k) => k[2] === 'fill' || k[2] === 'wrap' || (!k[1] && out.get(k[2])?.wraps === true));
      out.set(m[1], { prints: /\bprint\s*\(/.test(body), wraps });
    }
  }
  return out;
}

/**
 * A call of the notebook's own chain builder (`create_chain(tmpl)` over `prompt = PromptTemplate.from_template(t)`,
 * `return prompt | llm`) as the chain it returns, its parameters replaced by the call's arguments
 * (`PromptTemplate.from_template(tmpl) | llm`); undefined when `def` is no such call. Only bodies with no string
 * literal, whose return is a pipe chain or an `LLMChain(…)`, and arguments that are names or literals.
 */
export function expandChainBuilder(def: string, templates: ReadonlyMap<string, TemplateFunction>): string | undefined {
  const call = /^([A-Za-z_]\w*)\s*\(([\s\S]*)\)$/.exec(def.trim());
  const fn = call ? templates.get(call[1]) : undefined;
  if (!call || !fn || closingParen(call[2])) return undefined;
  if (!/\||\bLLMChain\s*\(/.test(fn.returns) || [fn.returns, ...fn.assignments.map((a) => a[1])].some((t) => /["'#]/.test(t))) return undefined;
  const args = call[2].trim() ? splitArguments(call[2]).map((a) => a.trim()) : [];
  const values = new Map<string, string>();
  for (const [k, arg] of args.entries()) {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
    const name = kw ? kw[1] : fn.params[k]?.name;
    if (!name || !fn.params.some((p) => p.name === name)) return undefined;
    values.set(name, (kw ? kw[2] : arg).trim());
  }
  for (const p of fn.params) if (!values.has(p.name)) { if (p.default === undefined) return undefined; values.set(p.name, p.default); }
  if ([...values.values()].some((v) => !/^(?:[A-Za-z_]\w*|[rRuUfF]?(?:"[^"\n]*"|'[^'\n]*'|"""[\s\S]*"""|'''[\s\S]*'''))$/.test(v))) return undefined;
  // A name (not a keyword's, not an attribute) replaced by its value: parameters by the call's arguments, locals by what they were set to.
  const replace = (text: string, name: string, value: string) => text.replace(new RegExp(`(?<![\\w.])${name}(?!\\w|\\s*=(?!=))`, 'g'), () => value);
  let out = fn.returns;
  for (const [name, expr] of [...fn.assignments].reverse()) out = replace(out, name, /^[\w.]+(?:\s*\([^|]*\))?$/.test(expr.trim()) ? expr.trim() : `(${expr})`);
  for (const [name, value] of values) out = replace(out, name, value);
  return out;
}

/** True when a `)` closes more than it opened (the text is not one call's arguments). */
function closingParen(text: string): boolean {
  let depth = 0;
  for (const ch of text.replace(MASKED_STRINGS, '""')) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && --depth < 0) return true;
  }
  return false;
}

/** One print of a framing printer: a literal it shows, or its argument (the answer). */
export type FramePrint = { literal: string } | { answer: true };

/**
 * The notebook's own printers that only frame their one argument with literals (`def display_output(output):`
 * `print("Model Output:")`, `print("-" * 40)`, `print(output)`, `print()`): their prints in order, so the saved
 * output can be cut to the answer between the literals. A body with anything else (a call, a slice, a second
 * argument printed) is no framing printer.
 */
export function framingPrinters(cells: readonly CellInput[]): Map<string, FramePrint[]> {
  const out = new Map<string, FramePrint[]>();
  for (const c of cells) {
    if (c.kind !== 'code') continue;
    for (const m of c.source.matchAll(/^def[ \t]+([A-Za-z_]\w*)[ \t]*\(\s*([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?\)[ \t]*(?:->[^:\n]*)?:[ \t]*(?:#[^\n]*)?\n/gm)) {
      out.delete(m[1]);
      const lines = blockLines(c.source, m.index + m[0].length);
      if (lines.length && /^[rRuU]?("""|''')[\s\S]*\1$/.test(lines[0])) lines.shift();
      const prints: FramePrint[] = [];
      for (const line of lines) {
        const arg = /^print\s*\(([\s\S]*)\)$/.exec(line)?.[1].trim();
        if (arg === undefined) break;
        if (arg === m[2]) prints.push({ answer: true });
        else if (arg === '') prints.push({ literal: '' });
        else {
          try {
            const v = evaluate(arg);
            if (typeof v !== 'string') break;
            prints.push({ literal: v });
          } catch {
            break;
          }
        }
      }
      if (prints.length === lines.length && prints.filter((p) => 'answer' in p).length === 1) out.set(m[1], prints);
    }
  }
  return out;
}

/**
 * The notebook's own printers that show their one argument's answer text and literals only
 * (`def print_response(response):` `print(response.content)`): each print of the body, its argument's as written.
 * Any other statement in the body (a call, a second argument shown, a branch) makes it none.
 */
export function answerPrinters(cells: readonly CellInput[]): Map<string, { param: string; prints: string[]; answer: number }> {
  const out = new Map<string, { param: string; prints: string[]; answer: number }>();
  for (const c of cells) {
    if (c.kind !== 'code') continue;
    for (const m of c.source.matchAll(/^def[ \t]+([A-Za-z_]\w*)[ \t]*\(\s*([A-Za-z_]\w*)\s*(?::\s*[\w.]+\s*)?\)[ \t]*(?:->[^:\n]*)?:[ \t]*(?:#[^\n]*)?\n/gm)) {
      out.delete(m[1]);
      const lines = blockLines(c.source, m.index + m[0].length);
      if (lines.length && /^[rRuU]?("""|''')[\s\S]*\1$/.test(lines[0])) lines.shift();
      const shown = (arg: string) => new RegExp(`^${m[2]}(?:\\.[A-Za-z_]\\w*|\\[\\s*(?:"[\\w-]+"|'[\\w-]+'|\\d+)\\s*\\])*$`).test(arg);
      const prints: string[] = [];
      for (const line of lines) {
        const arg = /^print\s*\(([\s\S]*)\)$/.exec(line)?.[1].trim();
        if (arg === undefined) break;
        if (shown(arg)) prints.push(line);
        else if (arg === '') prints.push(line);
        else {
          try {
            if (typeof evaluate(arg) !== 'string') break;
            prints.push(line);
          } catch {
            break;
          }
        }
      }
      const answers = prints.flatMap((p, k) => (shown(/^print\s*\(([\s\S]*)\)$/.exec(p)![1].trim()) ? [k] : []));
      if (prints.length === lines.length && answers.length === 1) out.set(m[1], { param: m[2], prints, answer: answers[0] });
    }
  }
  return out;
}

/**
 * The cells with this cell's calls of such a printer, each on a line of its own with a name as argument
 * (`    print_response(response)`), written out as the prints it runs (`    print(response.content)`): what the
 * cell prints is then read print by print. undefined when the cell calls none.
 */
export function inlinePrinters(cells: readonly CellInput[], cell: number): CellInput[] | undefined {
  const printers = answerPrinters(cells.slice(0, cell + 1));
  if (!printers.size) return undefined;
  let changed = false;
  const source = cells[cell].source.replace(/^([ \t]*)([A-Za-z_]\w*)\(\s*([A-Za-z_]\w*)\s*\)[ \t]*$/gm, (line, indent: string, name: string, arg: string) => {
    const printer = printers.get(name);
    if (!printer) return line;
    changed = true;
    const param = new RegExp(`(?<![\\w.])${printer.param}(?!\\w)`, 'g');
    // (Only the answer's print names the parameter: a literal's text is left as it is.)
    return printer.prints.map((p, k) => `${indent}${k === printer.answer ? p.replace(param, () => arg) : p}`).join('\n');
  });
  return changed ? cells.map((c, k) => (k === cell ? { ...c, source } : c)) : undefined;
}
