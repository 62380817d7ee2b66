// Empties the binary payloads of a notebook's saved outputs (images, PDFs: base64 text
// under an `image/*` or `application/pdf` key) in its UTF-8 bytes, before they are decoded
// and parsed: no rule reads one (ipynb.ts keeps the text mime types only), and they are most
// of a large notebook's bytes. Working on the bytes, the payloads are neither decoded nor
// copied by JSON.parse, and the keys are found with Buffer.indexOf (a native search) rather
// than a regular expression over the text (1.25 s of a one-thread check of 2,491 notebooks).

const IMAGE_KEY = Buffer.from('"image/');
const PDF_KEY = Buffer.from('"application/pdf"');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A byte of a mime subtype (`[\w.+-]`, as in `image/svg+xml`). */
function isMimeByte(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x5f || b === 0x2e || b === 0x2b || b === 0x2d;
}

/** JSON whitespace. */
function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function skipSpace(bytes: Uint8Array, at: number, end: number): number {
  while (at < end && isSpace(bytes[at])) at++;
  return at;
}

/** A JSON escape's letter after a backslash (`\u` is checked for its four hex digits apart). */
function isEscape(b: number): boolean {
  return b === QUOTE || b === BACKSLASH || b === 0x2f || b === 0x62 || b === 0x66 || b === 0x6e || b === 0x72 || b === 0x74;
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46);
}

/** Bytes of a payload string by what the scan does at them: 0 go on, 1 the closing quote, 2 an escape, 3 not ASCII text. */
const BYTE_CLASS = new Uint8Array(256).map((_, b) => (b === QUOTE ? 1 : b === BACKSLASH ? 2 : b < 0x20 || b >= 0x80 ? 3 : 0));

/**
 * The end (after the closing quote) of the JSON string at `at`, or -1 when there is none or
 * it holds anything but ASCII text and valid escapes: such a payload is kept, so JSON.parse
 * and the UTF-8 decoder see it and fail or not as they would on the file as it is.
 */
function asciiStringEnd(bytes: Uint8Array, at: number, end: number): number {
  if (at >= end || bytes[at] !== QUOTE) return -1;
  for (let i = at + 1; i < end; i++) {
    const kind = BYTE_CLASS[bytes[i]];
    if (kind === 0) continue;
    if (kind === 1) return i + 1;
    if (kind === 3) return -1;
    const e = bytes[i + 1];
    if (e === 0x75) {
      if (!(isHex(bytes[i + 2]) && isHex(bytes[i + 3]) && isHex(bytes[i + 4]) && isHex(bytes[i + 5]))) return -1;
      i += 5;
    } else if (i + 1 < end && isEscape(e)) i++;
    else return -1;
  }
  return -1;
}

/** The end of the string or array of strings (nbformat's multiline string) at `at`, or -1. */
function multilineEnd(bytes: Uint8Array, at: number, end: number): number {
  if (bytes[at] !== 0x5b) return asciiStringEnd(bytes, at, end);
  at = skipSpace(bytes, at + 1, end);
  if (bytes[at] === 0x5d) return at + 1;
  for (;;) {
    const stringEnd = asciiStringEnd(bytes, at, end);
    if (stringEnd < 0) return -1;
    at = skipSpace(bytes, stringEnd, end);
    if (bytes[at] === 0x5d) return at + 1;
    if (bytes[at] !== 0x2c) return -1;
    at = skipSpace(bytes, at + 1, end);
  }
}

/**
 * The end of the key at `key` (`"image/<subtype>"` or `"application/pdf"`, after its closing
 * quote) when it is a real one: its opening quote not escaped (`\"image/png\"` inside a
 * cell's source is not a key). Else -1.
 */
function keyEnd(bytes: Uint8Array, key: number, end: number, pdf: boolean): number {
  if (key > 0 && bytes[key - 1] === BACKSLASH) return -1;
  if (pdf) return key + PDF_KEY.length;
  let at = key + IMAGE_KEY.length;
  const start = at;
  while (at < end && isMimeByte(bytes[at])) at++;
  return at > start && bytes[at] === QUOTE ? at + 1 : -1;
}

/**
 * Empties, in place, every binary payload of the notebook JSON in `bytes[0, length)`: the
 * value of each `"image/…"` and `"application/pdf"` key that is a string or an array of
 * strings of ASCII text becomes `""` (an object value, an image's metadata, is kept; so is
 * one JSON.parse would stop at). Returns the new length; the bytes after it are garbage.
 */
export function emptyBinaryPayloads(whole: Uint8Array, length = whole.length): number {
  // A view of the first `length` bytes: a read past the end is undefined, never a stale byte.
  const bytes = Buffer.from(whole.buffer, whole.byteOffset, length);
  let write = 0;
  let read = 0;
  let from = 0;
  let pdf = bytes.indexOf(PDF_KEY, 0);
  for (;;) {
    const image = bytes.indexOf(IMAGE_KEY, from);
    if (pdf >= 0 && pdf < from) pdf = bytes.indexOf(PDF_KEY, from);
    const isPdf = pdf >= 0 && (image < 0 || pdf < image);
    const key = isPdf ? pdf : image;
    if (key < 0) break;
    from = key + 1;
    const afterKey = keyEnd(bytes, key, length, isPdf);
    if (afterKey < 0) continue;
    let value = skipSpace(bytes, afterKey, length);
    if (bytes[value] !== 0x3a) continue;
    value = skipSpace(bytes, value + 1, length);
    const valueEnd = multilineEnd(bytes, value, length);
    if (valueEnd < 0) continue;
    // Keep [read, value), then `""`; go on after the value.
    if (write !== read) bytes.copyWithin(write, read, value);
    write += value - read;
    bytes[write++] = QUOTE;
    bytes[write++] = QUOTE;
    read = from = valueEnd;
  }
  if (write === read) return length;
  bytes.copyWithin(write, read, length);
  return write + (length - read);
}
