// Evaluates the small part of Python a prompt is written in: literals, names
// bound to literals, f-strings, `.format(...)`, `+`, `json.dumps(...)`. Anything
// else (a call, an attribute of live data) throws Unresolved, with the name
// that could not be resolved, so the action can say why it is disabled.
import type { TemplateFunction } from './templateFunctions';
import { decodeStringLiteral } from '../fixes/pythonLiteral';
import { MESSAGE_CONSTRUCTORS } from '../knowledge/llmMessages';
import { TOOL_CONSTRUCTORS } from '../knowledge/llmTools';
import { ATTACHMENT_MAKERS, ATTACHMENT_WRAPPERS, type AttachmentMaker } from '../knowledge/llmAttachments';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class Unresolved extends Error {
  constructor(readonly what: string) {
    super(`not a literal: ${what}`);
  }
}

/** A file or URL sent with the prompt (`Image.open("cat.jpg")`, `Part.from_uri(…)`): where it is, as written, and its MIME type when given. */
export interface AttachmentRef {
  where: string;
  mime?: string;
}

/** While evaluating, an attachment is this marker object; findCall moves it out of the prompt into the case's `attachments`. */
export const isAttachment = (v: unknown): v is { __attachment: AttachmentRef } => typeof v === 'object' && v !== null && !Array.isArray(v) && '__attachment' in v;

/** An attachment somewhere in `v` (inside a dict, a list, a message). */
export function holdsAttachment(v: unknown): boolean {
  if (isAttachment(v)) return true;
  if (Array.isArray(v)) return v.some(holdsAttachment);
  if (v && typeof v === 'object') return Object.values(v).some(holdsAttachment);
  return false;
}

const calleeIn = <T>(table: Readonly<Record<string, T>>, word: string): T | undefined =>
  Object.entries(table).find(([k]) => word === k || (k !== 'open' && word.endsWith(`.${k}`)))?.[1];

// A backslash escapes any character, a newline too (`'… \<newline>   …'` is one literal, as Python reads it).
const STRING = /^([rRuUfFbB]{0,2})("""(?:\\[\s\S]|[\s\S])*?"""|'''(?:\\[\s\S]|[\s\S])*?'''|"(?:\\(?:\r\n|[\s\S])|[^"\\\n])*"|'(?:\\(?:\r\n|[\s\S])|[^'\\\n])*')/;

export interface EvaluateOptions {
  reprs?: boolean;
  /** Read files and URLs sent with a prompt as attachments; `encoders` are the notebook's own functions that base64 a file they open (`get_base64_encoded_image(path)`). */
  files?: { encoders: ReadonlySet<string> };
  /** The notebook's own functions that only fill a literal template with their arguments (`templateFunctions.ts`). */
  templates?: ReadonlyMap<string, TemplateFunction>;
}

/**
 * Evaluates `text`; `lookup` gives a name's value or undefined when the name is not a literal.
 * With `reprs`, it reads a saved output's repr instead: any `Name(k=v)` is the dict of its
 * keywords with `__type: "Name"` (and `__args` for positional ones), an enum's `<Kind.X: 'x'>`
 * and a bare `Kind.X` are texts, JSON's true/false/null are constants.
 */
export function evaluate(text: string, lookup: (name: string) => Json | undefined = () => undefined, options: EvaluateOptions = {}): Json {
  let i = 0;
  // Whitespace, and comments between a literal's items (`"Spanish",  # "French",`).
  const ws = () => {
    for (;;) {
      // A backslash at a line's end joins it to the next (`"a" \\<newline> "b"` concatenates).
      while (i < text.length && (/\s/.test(text[i]) || (text[i] === '\\' && /^\\\r?\n/.test(text.slice(i, i + 3))))) i++;
      if (text[i] !== '#') return;
      while (i < text.length && text[i] !== '\n') i++;
    }
  };
  const fail = (): never => {
    throw new Unresolved(text.slice(i, i + 40).split('\n')[0] || text.slice(0, 40));
  };
  const name = (n: string): Json => {
    const v = lookup(n);
    if (v === undefined) throw new Unresolved(n);
    return v;
  };
  // A template function called with written-out arguments: its assignments and return evaluated over them (globals as at the call).
  const rendered = (fname: string, fn: TemplateFunction, a: { pos: Json[]; kw: Record<string, Json> }): Json => {
    const others = new Map([...(options.templates ?? [])].filter(([k]) => k !== fname));
    const inner = { ...options, templates: others };
    const locals = new Map<string, Json>();
    if (a.pos.length > fn.params.length || Object.keys(a.kw).some((k) => !fn.params.some((p) => p.name === k))) throw new Unresolved(`${fname}(…)`);
    fn.params.forEach((p, k) => {
      const v = k < a.pos.length ? a.pos[k] : p.name in a.kw ? a.kw[p.name] : p.default !== undefined ? evaluate(p.default, lookup, inner) : undefined;
      if (v === undefined) throw new Unresolved(`${fname}(…)`);
      locals.set(p.name, v);
    });
    const scoped = (n: string) => (locals.has(n) ? locals.get(n) : lookup(n));
    for (const [n, expr] of fn.assignments) locals.set(n, evaluate(expr, scoped, inner));
    return evaluate(fn.returns, scoped, inner);
  };
  const fstring = (prefix: string, quoted: string): Json => {
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
        const v = evaluate(inner, lookup, { files: options.files, templates: options.templates });
        if (holdsAttachment(v)) {
          // A data URL of a file's base64 (`f"data:image/png;base64,{encoded}"`) is that file; anything else mixing it into text is not.
          const dataUrl = /^data:([\w.+-]+\/[\w.+*-]+);base64,$/.exec(literal);
          if (!isAttachment(v) || out || !dataUrl || end !== body.length - 1) throw new Unresolved(`{${inner}}`);
          return { __attachment: { ...v.__attachment, mime: v.__attachment.mime ?? dataUrl[1] } };
        }
        flush();
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
        if (/[fF]/.test(m[1])) {
          const v = fstring(m[1], m[2]);
          if (typeof v !== 'string') {
            i += m[0].length;
            if (out || STRING.test(text.slice(i).trimStart())) throw new Unresolved(m[0].slice(0, 40));
            return v;
          }
          out += v;
        }
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
    // `tpl.format(…)`, `data.decode(…)`: the name, its method left to postfix().
    const method = matched ? (options.reprs ? /^(.+?)\.(?:format|strip|lower|upper)$/ : /^(.+?)\.(?:format|strip|lower|upper|read|decode)$/).exec(matched[0]) : null;
    const word = method ? [method[1]] : matched;
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
      // A rendered prompt value (`prompt_value.to_messages()`, `.to_string()` of a text one): its messages or its text.
      const conversion = /^([A-Za-z_]\w*)\.(to_messages|to_string)$/.exec(word[0]);
      const empty = conversion ? /^\(\s*\)/.exec(text.slice(i)) : null;
      if (conversion && empty) {
        i += empty[0].length;
        const v = name(conversion[1]);
        if (conversion[2] === 'to_string' && typeof v === 'string') return v;
        if (conversion[2] === 'to_messages' && typeof v === 'string') return [{ role: 'user', content: v }];
        if (conversion[2] === 'to_messages' && Array.isArray(v) && v.every((m) => m !== null && typeof m === 'object' && !Array.isArray(m) && typeof m.role === 'string')) return v;
        throw new Unresolved(`${word[0]}()`);
      }
      if (text[i] === '(') {
        // A client's config object (`types.GenerateContentConfig(temperature=0)`) is the dict of its keywords.
        const config = /(?:^|\.)\w*Config$/.test(word[0]);
        const message = Object.entries(MESSAGE_CONSTRUCTORS).find(([k]) => word[0] === k || word[0].endsWith(`.${k}`))?.[1];
        const tool = Object.entries(TOOL_CONSTRUCTORS).find(([k]) => word[0] === k || word[0].endsWith(`.${k}`))?.[1];
        const maker = options.files && (options.files.encoders.has(word[0]) ? { source: [0] as const } : calleeIn(ATTACHMENT_MAKERS, word[0]));
        const wrapper = options.files && calleeIn(ATTACHMENT_WRAPPERS, word[0]);
        const template = options.templates?.get(word[0]);
        if (template) {
          i++;
          return rendered(word[0], template, args());
        }
        if (!['json.dumps', 'dict', 'str'].includes(word[0]) && !config && !message && !tool && !maker && !wrapper) throw new Unresolved(`${word[0]}(…)`);
        i++;
        const a = args();
        // A file read or pointed at by a literal path or URL: an attachment.
        if (maker) {
          const at = maker.source.map((k) => (k === 0 ? a.pos[0] : a.kw[k])).find((v) => v !== undefined);
          const made: AttachmentMaker = maker;
          const known = new Set([...made.source.filter((k): k is string => k !== 0), ...(made.mime ? [made.mime] : []), ...(made.harmless ?? [])]);
          const mime = made.mime ? a.kw[made.mime] : undefined;
          if (typeof at !== 'string' || a.pos.length > (word[0] === 'open' ? 2 : 1) || Object.keys(a.kw).some((k) => !known.has(k)) || (mime !== undefined && typeof mime !== 'string')) throw new Unresolved(`${word[0]}(…)`);
          // Only a file read as bytes (`open(p, "rb")`): a text read is the prompt's text, not a file sent.
          if (word[0] === 'open' && !/b/.test(String(a.pos[1] ?? a.kw.mode ?? ''))) throw new Unresolved(`${word[0]}(…)`);
          if (made.source.includes('url') && !/^https?:\/\//.test(at)) throw new Unresolved(`${word[0]}(…)`);
          return { __attachment: { where: at, ...(typeof mime === 'string' ? { mime } : {}) } };
        }
        if (wrapper) {
          const data = wrapper.data === 0 ? a.pos[0] : a.kw[wrapper.data];
          const mime = wrapper.mime ? a.kw[wrapper.mime] : undefined;
          if (!isAttachment(data) || Object.keys(a.kw).some((k) => k !== wrapper.data && k !== wrapper.mime)) throw new Unresolved(`${word[0]}(…)`);
          return { __attachment: { ...data.__attachment, ...(typeof mime === 'string' ? { mime } : {}) } };
        }
        // A Gemini part holding a file (`types.Part(file_data=types.FileData(file_uri=…))`) is that file.
        if (message && a.pos.length === 0 && Object.keys(a.kw).length === 1 && isAttachment(a.kw.file_data ?? a.kw.inline_data)) return (a.kw.file_data ?? a.kw.inline_data)!;
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
        // A file's bytes turned into text (a JSON body, `str(...)`) cannot be held as an attachment.
        if (holdsAttachment([...a.pos, ...Object.values(a.kw)]) && !message) throw new Unresolved(`${word[0]}(…)`);
        if (word[0] === 'json.dumps' && a.pos.length === 1) return JSON.stringify(a.pos[0]);
        if ((word[0] === 'dict' || config) && a.pos.length === 0) return a.kw;
        if (word[0] === 'str' && a.pos.length === 1) return typeof a.pos[0] === 'string' ? a.pos[0] : JSON.stringify(a.pos[0]);
        throw new Unresolved(`${word[0]}(…)`);
      }
      // A dotted name is known only when the lookup knows it (an SDK enum's member: `ModelTypes.FLAN_UL2`).
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
      // The bytes of a file, and their base64 decoded to text, are still that file.
      const read = isAttachment(v) ? /^\.(?:(?:read|decode)\s*\(\s*(?:["'][\w-]+["'])?\s*\)|content(?![\w(]))/.exec(text.slice(i)) : null;
      if (read) {
        i += read[0].length;
        continue;
      }
      // A literal dict's item by a written-out key, a literal list's by its index (`t['source_lang']` of a loop's dict item).
      const sub = options.reprs ? null : /^\[\s*("[^"\\\n]*"|'[^'\\\n]*'|-?\d+)\s*\]/.exec(text.slice(i));
      if (sub && v !== null && typeof v === 'object' && !isAttachment(v) && !('__type' in v)) {
        const index = /^-?\d+$/.test(sub[1]) ? Number(sub[1]) : undefined;
        const item: Json | undefined = Array.isArray(v) ? (index === undefined ? undefined : v[index < 0 ? v.length + index : index]) : index === undefined ? (v as Record<string, Json>)[sub[1].slice(1, -1)] : undefined;
        if (item === undefined || (!Array.isArray(v) && !Object.prototype.hasOwnProperty.call(v, sub[1].slice(1, -1)))) throw new Unresolved(sub[0]);
        i += sub[0].length;
        v = item;
        continue;
      }
      const m = /^\.(format|strip|lower|upper)\s*\(/.exec(text.slice(i));
      if (!m || typeof v !== 'string') return v;
      i += m[0].length;
      const a = args();
      if (holdsAttachment([...a.pos, ...Object.values(a.kw)])) throw new Unresolved(m[0]);
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
  // `"=" * 50`: a text repeated (a separator a cell prints), or numbers multiplied.
  const term = (): Json => {
    let v = postfix();
    for (;;) {
      ws();
      if (text[i] !== '*' || text[i + 1] === '*') return v;
      i++;
      const r = postfix();
      const times = typeof r === 'number' ? r : typeof v === 'number' ? v : NaN;
      const repeated = typeof v === 'string' ? v : typeof r === 'string' ? r : undefined;
      if (typeof v === 'number' && typeof r === 'number') v = v * r;
      else if (repeated !== undefined && Number.isInteger(times) && times >= 0 && times <= 1000) v = repeated.repeat(times);
      else fail();
    }
  };
  const expr = (): Json => {
    let v = term();
    for (;;) {
      ws();
      if (text[i] !== '+' ) return v;
      i++;
      const r = term();
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
