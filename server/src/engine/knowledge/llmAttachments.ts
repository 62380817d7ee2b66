// How the LLM client libraries read a file or a URL to send it with a prompt (an image, a
// PDF, audio, a video), as data: a call of one of these with a literal path or URL is an
// attachment the eval case can hold (`input.attachments`), not a computed input.
// One test per entry in test/engine/evalAttachments.test.ts.

export interface AttachmentMaker {
  /** Where the path or URL is: keyword names, or 0 for the first positional argument. */
  source: readonly (string | 0)[];
  /** The keyword that names the MIME type, when the call takes one. */
  mime?: string;
  /** Keywords the call may also take without changing what is sent (a display name). */
  harmless?: readonly string[];
}

/** Callee as written (its last dotted parts are matched: `PIL.Image.open`, `client.files.upload`) → how it names the file. */
export const ATTACHMENT_MAKERS: Readonly<Record<string, AttachmentMaker>> = {
  // Pillow: an image object Gemini's SDKs send as an image part
  'Image.open': { source: [0, 'fp'] },
  'PILImage.open': { source: [0, 'fp'] },
  // google-genai: the Files API (`client.files.upload(file="sample.wav")`)
  'files.upload': { source: ['file', 'path', 0], harmless: ['config'] },
  // google-generativeai (legacy): `genai.upload_file("x.pdf")`
  'genai.upload_file': { source: [0, 'path'], mime: 'mime_type', harmless: ['display_name', 'name'] },
  // google-genai: a part that points at a URI (`gs://…`, `https://…`, a YouTube URL)
  'Part.from_uri': { source: ['file_uri', 'uri', 0], mime: 'mime_type' },
  'FileData': { source: ['file_uri'], mime: 'mime_type' },
  // Python: the bytes of a local file (`open("cat.jpg", "rb").read()`), then base64 of them
  open: { source: [0, 'file'], harmless: ['mode'] },
  // The bytes of a web page or image fetched from a literal URL (`requests.get(url).content`)
  'requests.get': { source: [0, 'url'], harmless: ['timeout'] },
  'httpx.get': { source: [0, 'url'], harmless: ['timeout'] },
  urlopen: { source: [0, 'url'], harmless: ['timeout'] },
};

/** Wrappers that keep the file what it was: base64 of its bytes, a Gemini part made from them. */
export const ATTACHMENT_WRAPPERS: Readonly<Record<string, { data: string | 0; mime?: string }>> = {
  'base64.b64encode': { data: 0 },
  'base64.standard_b64encode': { data: 0 },
  'Part.from_bytes': { data: 'data', mime: 'mime_type' },
};

/** Extension → MIME type, for a path or URL without one given. */
export const ATTACHMENT_MIME: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', heic: 'image/heic',
  pdf: 'application/pdf',
  wav: 'audio/wav', mp3: 'audio/mpeg', m4a: 'audio/mp4', flac: 'audio/flac', ogg: 'audio/ogg',
  mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm',
  txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', html: 'text/html', json: 'application/json',
};

export type AttachmentKind = 'image' | 'pdf' | 'audio' | 'video' | 'file';

/** The kind an eval case records for a MIME type. */
export function attachmentKind(mime: string | undefined): AttachmentKind {
  if (!mime) return 'file';
  if (mime.startsWith('image/')) return 'image';
  if (mime === 'application/pdf') return 'pdf';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  return 'file';
}

/** The MIME type of a path or URL by its extension (a YouTube page is a video). */
export function mimeOf(where: string): string | undefined {
  if (/^https?:\/\/(?:www\.)?(?:youtube\.com\/watch|youtu\.be\/)/.test(where)) return 'video/*';
  const ext = /\.([A-Za-z0-9]+)(?:[?#].*)?$/.exec(where)?.[1]?.toLowerCase();
  return ext ? ATTACHMENT_MIME[ext] : undefined;
}
