// Finds the language-model call in a cell (anywhere in it, by client library)
// and resolves its prompt, model id and parameters from literals in that cell
// and the cells above it. Says why when it cannot.
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { HF_PIPELINE_TASKS, LLM_CALLS, type LlmCallShape } from './llmCalls';
import { evaluate, type Json, Unresolved } from './resolve';

export interface LlmCall {
  vendor: string;
  /** The callee as written: `client.chat.completions.create`. */
  callee: string;
  input: { prompt?: string; messages?: Json; request?: Json };
  model: string | null;
  params: Record<string, Json>;
  /** The source the prompt was built from (expression and the definitions it used): hashed as the prompt version. */
  template: string;
}

interface Definition {
  cell: number;
  name: string;
  text: string;
}

/** Split call arguments at top-level commas. */
export function splitArguments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      }
      continue;
    }
    if (ch === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (ch === '"' || ch === "'") quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((a) => a.replace(/^\s*#.*$/gm, '').trim()).filter(Boolean);
}

/** Index just past the parenthesis that closes the one at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      }
    } else if (ch === '"' || ch === "'") quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
    else if (ch === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && --depth === 0) return i + 1;
  }
  return -1;
}

function importedModules(statements: Statement[]): string[] {
  const out: string[] = [];
  for (const st of statements.filter((s) => s.kind === 'import')) {
    const from = /^from\s+([\w.]+)\s+import/.exec(st.text.trim());
    if (from) out.push(from[1]);
    else for (const part of st.text.replace(/^import\s+/, '').split(',')) out.push(part.trim().split(/\s+/)[0]);
  }
  return out;
}

const inComment = (source: string, at: number) => source.slice(source.lastIndexOf('\n', at) + 1, at).replace(/(['"]).*?\1/g, '').includes('#');

export type FindResult = { call: LlmCall } | { refused: string; modelCall: boolean };

export function findLlmCall(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[]): FindResult {
  const source = cells[cell].source;
  const defs: Definition[] = [];
  const modules: string[] = [];
  for (let k = 0; k <= cell; k++) {
    if (cells[k].kind !== 'code') continue;
    const sts = statements(cells[k].source);
    modules.push(...importedModules(sts));
    if (k === cell) continue;
    for (const st of sts) {
      const m = /^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)\s*([\s\S]+)$/.exec(st.text);
      if (m) defs.push({ cell: k, name: m[1], text: m[2] });
    }
  }
  const imports = (req: readonly string[]) => modules.some((m) => req.some((r) => m === r || m.startsWith(`${r}.`)));

  // The first model call in the cell, by position.
  let found: { at: number; open: number; callee: string; shape: LlmCallShape } | undefined;
  for (const shape of LLM_CALLS) {
    if (!imports(shape.requires)) continue;
    const escaped = shape.method.replace(/\./g, '\\.');
    const re = shape.method.includes('.') && !/^(?:chat|completions|responses|messages)\./.test(shape.method)
      ? new RegExp(`(?<![\\w.])(${escaped})\\s*\\(`, 'g')
      : new RegExp(`([A-Za-z_][\\w]*(?:(?:\\.[A-Za-z_]\\w*)|(?:\\(\\)))*)\\.${escaped}\\s*\\(`, 'g');
    for (let m = re.exec(source); m; m = re.exec(source)) {
      if (inComment(source, m.index)) continue;
      if (!found || m.index < found.at) found = { at: m.index, open: m.index + m[0].length - 1, callee: shape.method.includes('.') && m[1] === shape.method ? m[1] : `${m[1]}.${shape.method}`, shape };
      break;
    }
  }
  // Hugging Face pipelines: `pipe = pipeline("text-generation", …)` then `pipe(…)`.
  if (imports(['transformers'])) {
    for (const d of defs) {
      const p = /^pipeline\s*\(\s*(?:task\s*=\s*)?["']([\w-]+)["']/.exec(d.text);
      if (!p || !HF_PIPELINE_TASKS.test(p[1])) continue;
      const re = new RegExp(`(?<![\\w.])${d.name}\\s*\\(`, 'g');
      const m = re.exec(source);
      if (m && !inComment(source, m.index) && (!found || m.index < found.at)) found = { at: m.index, open: m.index + m[0].length - 1, callee: d.name, shape: { vendor: 'huggingface', method: d.name, prompt: [0, 'inputs', 'text_inputs'], requires: [] } };
    }
  }
  if (!found) return { refused: 'no language-model call found in the cell', modelCall: false };

  // Names in this cell bound before the call are visible too.
  for (const st of statements(source)) {
    if (st.start >= found.at) break;
    const m = /^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)\s*([\s\S]+)$/.exec(st.text);
    if (m) defs.push({ cell, name: m[1], text: m[2] });
  }
  const used: string[] = [];
  const lookupBefore = (limit: number) => (name: string): Json | undefined => {
    for (let k = limit - 1; k >= 0; k--) {
      if (defs[k].name !== name) continue;
      try {
        const v = evaluate(defs[k].text, lookupBefore(k));
        used.push(`${name} = ${defs[k].text}`);
        return v;
      } catch {
        return undefined;
      }
    }
    return undefined;
  };
  const lookup = lookupBefore(defs.length);

  const end = closing(source, found.open);
  if (end < 0) return { refused: 'the model call is not complete', modelCall: true };
  const args = splitArguments(source.slice(found.open + 1, end - 1));
  const positional: string[] = [];
  const keywords = new Map<string, string>();
  for (const a of args) {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(a);
    if (kw) keywords.set(kw[1], kw[2]);
    else if (a.startsWith('*')) return { refused: `the call's arguments are unpacked (\`${a.slice(0, 30)}\`)`, modelCall: true };
    else positional.push(a);
  }
  const promptKey = found.shape.prompt.find((k) => (k === 0 ? positional.length > 0 : keywords.has(k)));
  if (promptKey === undefined) return { refused: 'the model call has no prompt argument', modelCall: true };
  const promptText = promptKey === 0 ? positional[0] : keywords.get(promptKey)!;
  let prompt: Json;
  try {
    prompt = evaluate(promptText, lookup);
  } catch (error) {
    if (!(error instanceof Unresolved)) throw error;
    return { refused: `the prompt is not a literal in the notebook (\`${error.what}\` is computed, not written out)`, modelCall: true };
  }
  const template = [promptText, ...used].join('\n');
  const input: LlmCall['input'] = {};
  if (typeof prompt === 'string') {
    if (found.shape.vendor === 'bedrock' && promptKey === 'body') {
      try {
        input.request = JSON.parse(prompt) as Json;
      } catch {
        input.prompt = prompt;
      }
    } else input.prompt = prompt;
  } else if (Array.isArray(prompt) && promptKey !== 0 && /messages/.test(String(promptKey))) input.messages = prompt;
  else if (Array.isArray(prompt) && prompt.every((p) => typeof p === 'string')) input.prompt = (prompt as string[]).join('\n');
  else input.request = prompt;
  if (JSON.stringify(input).length < 4) return { refused: 'the prompt is empty', modelCall: true };

  let model: string | null = null;
  const params: Record<string, Json> = {};
  for (const [key, text] of keywords) {
    if (key === promptKey) continue;
    let value: Json;
    try {
      value = evaluate(text, lookup);
    } catch {
      continue;
    }
    if (key === found.shape.model || key === 'model' || key === 'model_id' || key === 'modelId') model = typeof value === 'string' ? value : model;
    else params[key] = value;
  }
  if (model === null) model = receiverModel(found.callee, defs, lookup);
  return { call: { vendor: found.shape.vendor, callee: found.callee, input, model, params, template } };
}

/** The model a client object was made for: `model = genai.GenerativeModel("gemini-1.5-flash")`, `llm = ChatOpenAI(model=…)`. */
function receiverModel(callee: string, defs: readonly Definition[], lookup: (name: string) => Json | undefined): string | null {
  const receiver = callee.split('.')[0];
  const def = [...defs].reverse().find((d) => d.name === receiver);
  if (!def) return null;
  const m = /^[\w.]+\s*\(([\s\S]*)\)\s*$/.exec(def.text);
  if (!m) return null;
  for (const arg of splitArguments(m[1])) {
    const kw = /^(model|model_name|model_id|modelId|model_kwargs)\s*=\s*([\s\S]+)$/.exec(arg);
    const text = kw ? kw[2] : /^(?:[rRuU]?["'])/.test(arg) ? arg : undefined;
    if (!text || kw?.[1] === 'model_kwargs') continue;
    try {
      const v = evaluate(text, lookup);
      if (typeof v === 'string') return v;
    } catch {
      // not a literal: no model recorded
    }
  }
  return null;
}
