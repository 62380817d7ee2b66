// Files sent with a prompt (an image, a PDF, audio, a video) that an eval case can hold:
// read from a literal path or URL (`PIL.Image.open("cat.jpg")`, `client.files.upload(file=…)`,
// `types.Part.from_uri(file_uri="gs://…")`, base64 of `open("x.png", "rb")`). The resolver
// marks them (resolve.ts); here they are moved out of the prompt into `input.attachments`.
import { attachmentKind, mimeOf } from '../knowledge/llmAttachments';
import type { AttachmentKind } from '../knowledge/llmAttachments';
import type { CellInput } from '../types';
import { type AttachmentRef, holdsAttachment, isAttachment, type Json } from './resolve';

/** An attachment as a case records it: a path from the project root, or a URL. */
export type CaseAttachment = { kind: AttachmentKind; path: string; mime?: string } | { kind: AttachmentKind; url: string; mime?: string };

const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first attachment marker inside `v`. */
function markerIn(v: Json): AttachmentRef | undefined {
  if (isAttachment(v)) return v.__attachment;
  if (Array.isArray(v)) return v.map(markerIn).find(Boolean);
  if (isRecord(v)) return Object.values(v).map(markerIn).find(Boolean);
  return undefined;
}

const CANNOT_HOLD = 'the call sends a file where the case cannot hold it (mixed into a text, or in an earlier turn of the chat)';

/** The prompt with its attachments taken out: Gemini's `[text, image]` contents, a `types.Content`'s parts, the content blocks of the last user message. */
export function takeAttachments(prompt: Json): { prompt: Json; attachments: AttachmentRef[] } | { refused: string } {
  if (!holdsAttachment(prompt)) return { prompt, attachments: [] };
  const attachments: AttachmentRef[] = [];
  /** Texts and files of a list of parts; undefined when a part is something else. */
  const parts = (items: Json[]): string[] | undefined => {
    const texts: string[] = [];
    for (const item of items) {
      if (isAttachment(item)) attachments.push(item.__attachment);
      else if (typeof item === 'string') texts.push(item);
      else if (isRecord(item) && typeof item.text === 'string' && Object.keys(item).every((k) => k === 'text' || k === 'type')) texts.push(item.text);
      else return undefined;
    }
    return texts;
  };
  let result: Json | undefined;
  if (isAttachment(prompt)) {
    attachments.push(prompt.__attachment);
    result = '';
  } else if (Array.isArray(prompt) && prompt.length && prompt.every((m) => isRecord(m) && typeof m.role === 'string')) {
    // A chat: files only in the last message, the user's.
    const messages = prompt as Record<string, Json>[];
    const last = messages[messages.length - 1];
    if (messages.slice(0, -1).some(holdsAttachment) || last.role !== 'user' || !Array.isArray(last.content)) return { refused: CANNOT_HOLD };
    const texts: string[] = [];
    for (const block of last.content) {
      const marker = markerIn(block);
      if (marker) {
        // The block's own MIME type (`"media_type": "image/jpeg"`) when the file's name has none.
        const source = isRecord(block) && isRecord(block.source ?? null) ? (block.source as Record<string, Json>) : undefined;
        const declared = [source?.media_type, isRecord(block) ? block.mime_type : undefined].find((v): v is string => typeof v === 'string');
        attachments.push({ ...marker, ...(marker.mime ? {} : declared ? { mime: declared } : {}) });
      } else if (isRecord(block) && block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
      else if (typeof block === 'string') texts.push(block);
      else return { refused: CANNOT_HOLD };
    }
    result = [...messages.slice(0, -1), { ...last, content: texts.join('\n') }];
  } else if (Array.isArray(prompt)) {
    const texts = parts(prompt);
    if (texts === undefined) return { refused: CANNOT_HOLD };
    result = texts.join('\n');
  } else if (isRecord(prompt) && Array.isArray(prompt.parts) && (prompt.role === undefined || prompt.role === 'user')) {
    const texts = parts(prompt.parts);
    if (texts === undefined) return { refused: CANNOT_HOLD };
    result = texts.join('\n');
  }
  if (result === undefined || holdsAttachment(result)) return { refused: CANNOT_HOLD };
  return { prompt: result, attachments };
}

const URL = /^(?:https?|gs|s3):\/\//;

/** Where the case finds the file: a URL as written, a path relative to the notebook made relative to the project root; or why not. */
export function caseAttachment(ref: AttachmentRef, notebook: string): CaseAttachment | { refused: string } {
  const mime = ref.mime && ref.mime !== '*/*' ? ref.mime : mimeOf(ref.where);
  const kind = attachmentKind(mime);
  const typed = mime ? { mime } : {};
  if (URL.test(ref.where)) return { kind, url: ref.where, ...typed };
  if (/^(?:\/|~|[A-Za-z]:[\\/])/.test(ref.where) || /^\w+:/.test(ref.where)) return { refused: `the file \`${ref.where}\` sent with the prompt is outside the project (an absolute path)` };
  const parts: string[] = notebook.split('/').slice(0, -1);
  for (const part of ref.where.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (!parts.length || parts.pop() === '..') return { refused: `the file \`${ref.where}\` sent with the prompt is outside the project` };
  }
  return { kind, path: parts.join('/'), ...typed };
}

/**
 * `with open("cat.jpg", "rb") as f:` (or a name bound to the path) followed only by assignments (`data = f.read()`, `b64 = base64.b64encode(data)`):
 * the same assignments at top level, `f.read()` spelled `open("cat.jpg", "rb").read()`, so the resolver can follow them.
 */
export function flattenFileReads(source: string): string {
  return source.replace(
    /^with\s+open\(\s*((?:[rRuU]?)(?:"[^"\n]+"|'[^'\n]+')|[A-Za-z_]\w*)\s*,\s*(?:mode\s*=\s*)?["']rb["']\s*\)\s+as\s+([A-Za-z_]\w*)\s*:[ \t]*\n((?:[ \t]+[A-Za-z_]\w*\s*=(?!=)[^\n]*(?:\n|$))+)(?![ \t]+\S)/gm,
    (_all, file: string, handle: string, body: string) =>
      body.split('\n').map((l) => l.trim().replace(new RegExp(`\\b${handle}\\.read\\(\\s*\\)`, 'g'), `open(${file}, "rb").read()`)).join('\n'),
  );
}

/** The notebook's functions that base64 the file they are given (`def encode_image(path): with open(path, "rb") as f: return base64.b64encode(f.read())…`). */
export function fileEncoders(cells: readonly CellInput[]): Set<string> {
  const out = new Set<string>();
  for (const c of cells) {
    if (c.kind !== 'code') continue;
    for (const m of c.source.matchAll(/^def\s+([A-Za-z_]\w*)\s*\(\s*([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?\)\s*(?:->[^:]*)?:[ \t]*\n((?:(?:[ \t]+[^\n]*|[ \t]*)(?:\n|$))*)/gm)) {
      const [, name, param, body] = m;
      // Opens its parameter as bytes, base64s it, returns it; nothing fetched, nothing else done.
      if (!new RegExp(`open\\(\\s*${param}\\s*,\\s*(?:mode\\s*=\\s*)?["']rb["']\\s*\\)`).test(body) || !/\bb64encode\(/.test(body) || !/^\s*return\b/m.test(body)) continue;
      if (/requests|urlopen|http|resize|thumbnail|convert|\bif\b|\bfor\b/.test(body)) continue;
      out.add(name);
    }
  }
  return out;
}

/** The notebook itself writes the file before sending it (`open(path, "wb")`, `image.save(path)`): its content is computed, not an input. */
export function writtenByNotebook(sources: readonly string[], where: string): boolean {
  const text = sources.join('\n');
  const quoted = where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const names = [...text.matchAll(new RegExp(`^[ \\t]*([A-Za-z_]\\w*)\\s*=\\s*[rRuU]?["']${quoted}["']`, 'gm'))].map((m) => m[1]);
  const target = `(?:[rRuU]?["']${quoted}["']${names.map((n) => `|${n}\\b`).join('')})`;
  return new RegExp(`(?:(?<![\\w.])open\\(\\s*${target}\\s*,\\s*(?:mode\\s*=\\s*)?["'][wax]|\\.(?:save|savefig|write_bytes|imwrite)\\(\\s*${target}|imwrite\\(\\s*${target})`).test(text);
}
