// Evaluates the small part of Python a prompt is written in: literals, names
// bound to literals, f-strings, `.format(...)`, `+`, `json.dumps(...)`. Anything
// else (a call, an attribute of live data) throws Unresolved, with the name
// that could not be resolved, so the action can say why it is disabled.
import { decodeStringLiteral } from '../fixes/pythonLiteral';
import { MESSAGE_CONSTRUCTORS } from '../knowledge/llmMessages';
import { TOOL_CONSTRUCTORS } from '../knowledge/llmTools';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class Unresolved extends Error {
  constructor(readonly what: string) {
    super(`not a literal: ${what}`);
  }
}

const STRING = /^([rRuUfFbB]{0,2})("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/;

/**
 * Evaluates `text`; `lookup` gives a name's value or undefined when the name is not a literal.
 * With `reprs`, it reads a saved output's repr instead: any `Name(k=v)` is the dict of its
 * keywords with `__type: "Name"` (and `__args` for positional ones), an enum's `<Kind.X: 'x'>`
 * and a bare `Kind.X` are texts, JSON's true/false/null are constants.
 */
export function evaluate(text: string, lookup: (name: string) => Json | undefined = () => undefined, options: { reprs?: boolean } = {}): Json {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (): never => {
    throw new Unresolved(text.slice(i, i + 40).split('\n')[0] || text.slice(0, 40));
  };
  const name = (n: string): Json => {
    const v = lookup(n);
    if (v === undefined) throw new Unresolved(n);
    return v;
  };
  const fstring = (prefix: string, quoted: string): string => {
    const q = quoted.startsWith('"""') || quoted.startsWith("'''") ? quoted.slice(0, 3) : quoted[0];
    const body = quoted.slice(q.length, quoted.length - q.length);
    const plain = prefix.replace(/[fF]/, '');
    let out = '';
    let literal = '';
    const flush = () => {
      const decoded = decodeStringLiteral(`${plain}${q}${literal}${q}`);
      if (decoded === undefined) fail();
      out += decoded;
      literal = '';
    };
    for (let k = 0; k < body.length; k++) {
      if (body.startsWith('{{', k) || body.startsWith('}}', k)) {
        literal += body[k];
        k++;
      } else if (body[k] === '{') {
        const end = body.indexOf('}', k);
        if (end < 0) fail();
        const inner = body.slice(k + 1, end);
        if (/[:!]/.test(inner.replace(/(['"]).*?\1/g, ''))) throw new Unresolved(`{${inner}}`);
        flush();
        const v = evaluate(inner, lookup);
        out += typeof v === 'string' ? v : JSON.stringify(v);
        k = end;
      } else literal += body[k];
    }
    flush();
    return out;
  };
  const args = (): { pos: Json[]; kw: Record<string, Json> } => {
    const pos: Json[] = [];
    const kw: Record<string, Json> = {};
    ws();
    while (text[i] !== ')') {
      const m = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(text.slice(i));
      if (m) {
        i += m[0].length;
        kw[m[1]] = expr();
      } else pos.push(expr());
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== ')') fail();
      ws();
    }
    i++;
    return { pos, kw };
  };
  const primary = (): Json => {
    ws();
    const rest = text.slice(i);
    if (STRING.test(rest)) {
      let out = '';
      let m = STRING.exec(rest);
      while (m) {
        if (/[bB]/.test(m[1])) fail();
        if (/[fF]/.test(m[1])) out += fstring(m[1], m[2]);
        else {
          const decoded = decodeStringLiteral(m[0]);
          if (decoded === undefined) fail();
          out += decoded;
        }
        i += m[0].length;
        ws();
        m = STRING.exec(text.slice(i));
      }
      return out;
    }
    const num = /^[-+]?(?:\d[\d_]*\.?[\d_]*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)(?![\w.])/.exec(rest);
    if (num) {
      i += num[0].length;
      return Number(num[0].replace(/_/g, ''));
    }
    const enumRepr = options.reprs ? /^<[\w.]+:\s*([^>]*)>/.exec(rest) : null;
    if (enumRepr) {
      i += enumRepr[0].length;
      return enumRepr[1].replace(/^['"]|['"]$/g, '');
    }
    const matched = /^[A-Za-z_][\w.]*/.exec(rest);
    // `tpl.format(…)`: the name is `tpl`, the method is left to postfix().
    const word = matched && /^(.+?)\.(?:format|strip|lower|upper)$/.exec(matched[0]) ? [/^(.+?)\.(?:format|strip|lower|upper)$/.exec(matched[0])![1]] : matched;
    if (word) {
      i += word[0].length;
      if (word[0] === 'True') return true;
      if (word[0] === 'False') return false;
      if (word[0] === 'None') return null;
      if (options.reprs && ['true', 'false', 'null'].includes(word[0])) return word[0] === 'null' ? null : word[0] === 'true';
      ws();
      if (options.reprs && text[i] === '(') {
        i++;
        const a = args();
        return { __type: word[0].split('.').at(-1)!, ...a.kw, ...(a.pos.length ? { __args: a.pos } : {}) };
      }
      if (options.reprs) return word[0];
      if (text[i] === '(') {
        // A client's config object (`types.GenerateContentConfig(temperature=0)`) is the dict of its keywords.
        const config = /(?:^|\.)\w*Config$/.test(word[0]);
        const message = Object.entries(MESSAGE_CONSTRUCTORS).find(([k]) => word[0] === k || word[0].endsWith(`.${k}`))?.[1];
        const tool = Object.entries(TOOL_CONSTRUCTORS).find(([k]) => word[0] === k || word[0].endsWith(`.${k}`))?.[1];
        if (!['json.dumps', 'dict', 'str'].includes(word[0]) && !config && !message && !tool) throw new Unresolved(`${word[0]}(…)`);
        i++;
        const a = args();
        // A tool definition written with the library's class (`FunctionDeclaration(name="f", parameters={…})`): the same definition as a dict.
        if (tool) {
          if (a.pos.length || Object.keys(a.kw).some((k) => !tool.fields.includes(k))) throw new Unresolved(`${word[0]}(…)`);
          return a.kw;
        }
        // A chat message written with the library's class (`HumanMessage(content="Hi")`): the same message as a dict.
        if (message) {
          if (a.pos.length > message.fields.length || Object.keys(a.kw).some((k) => !message.fields.includes(k))) throw new Unresolved(`${word[0]}(…)`);
          const fields: Record<string, Json> = message.role ? { role: message.role } : {};
          a.pos.forEach((v, k) => (fields[message.fields[k]] = v));
          return { ...fields, ...a.kw };
        }
        if (word[0] === 'json.dumps' && a.pos.length === 1) return JSON.stringify(a.pos[0]);
        if ((word[0] === 'dict' || config) && a.pos.length === 0) return a.kw;
        if (word[0] === 'str' && a.pos.length === 1) return typeof a.pos[0] === 'string' ? a.pos[0] : JSON.stringify(a.pos[0]);
        throw new Unresolved(`${word[0]}(…)`);
      }
      if (word[0].includes('.')) throw new Unresolved(word[0]);
      return name(word[0]);
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
        if (i >= text.length) fail();
        const item = expr();
        ws();
        if (open === '{' && text[i] === ':') {
          isDict = true;
          i++;
          if (typeof item !== 'string' && typeof item !== 'number') fail();
          dict[String(item)] = expr();
        } else items.push(item);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail();
        ws();
      }
      i++;
      if (open === '(' && items.length === 1 && !/,\s*\)$/.test(text.slice(0, i))) return items[0];
      return isDict || (open === '{' && items.length === 0) ? dict : items;
    }
    return fail();
  };
  const postfix = (): Json => {
    let v = primary();
    for (;;) {
      ws();
      const m = /^\.(format|strip|lower|upper)\s*\(/.exec(text.slice(i));
      if (!m || typeof v !== 'string') return v;
      i += m[0].length;
      const a = args();
      const s: string = v;
      if (m[1] === 'strip') v = s.trim();
      else if (m[1] === 'lower') v = s.toLowerCase();
      else if (m[1] === 'upper') v = s.toUpperCase();
      else {
        let n = 0;
        v = s.replace(/\{\{|\}\}|\{(\w*)\}/g, (all, key: string | undefined) => {
          if (all === '{{') return '{';
          if (all === '}}') return '}';
          const value = key === '' || key === undefined ? a.pos[n++] : /^\d+$/.test(key) ? a.pos[Number(key)] : a.kw[key];
          if (value === undefined) throw new Unresolved(`{${key}}`);
          return typeof value === 'string' ? value : JSON.stringify(value);
        });
      }
    }
  };
  const expr = (): Json => {
    let v = postfix();
    for (;;) {
      ws();
      if (text[i] !== '+' ) return v;
      i++;
      const r = postfix();
      if (typeof v === 'string' && typeof r === 'string') v = v + r;
      else if (typeof v === 'number' && typeof r === 'number') v = v + r;
      else if (Array.isArray(v) && Array.isArray(r)) v = [...v, ...r];
      else fail();
    }
  };
  const result = expr();
  ws();
  if (i !== text.length) fail();
  return result;
}
