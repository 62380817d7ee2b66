// The eval case written by "Add as eval case": one JSON object per line of
// evals/<notebook>.jsonl. The zod schema is the contract; schemas/eval-case.schema.json
// mirrors it for editors (a test keeps the two in step).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Json } from './resolve';

const json: z.ZodType<Json> = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)])).meta({ id: 'json_value' });

/** The model id, or the environment variable that names it at run time (an Azure deployment name; `default` when the notebook gave one). */
export const modelRefSchema = z.union([z.string(), z.object({ env: z.string().regex(/^[A-Za-z_]\w*$/), default: z.string().optional() }).strict()]);
export type ModelRef = z.infer<typeof modelRefSchema>;

export const graderSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact') }),
  z.object({ kind: z.literal('contains'), text: z.string() }),
  z.object({ kind: z.literal('regex'), pattern: z.string() }),
  z.object({ kind: z.literal('json_schema'), schema: z.record(z.string(), json) }),
  z.object({ kind: z.literal('numeric'), tolerance: z.number().nonnegative() }),
  z.object({ kind: z.literal('label'), labels: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('judge'), rubric: z.string() }),
  // The model is to call this tool with arguments that fit this JSON Schema (`const` for the values that must match).
  z.object({ kind: z.literal('tool_call'), name: z.string().min(1), arguments: z.record(z.string(), json) }),
]);

const attachmentKindSchema = z.enum(['image', 'pdf', 'audio', 'video', 'file']);

export const evalCaseSchema = z.object({
  id: z.string().min(1),
  input: z.object({
    prompt: z.string().optional(),
    messages: json.optional(),
    request: json.optional(),
    variables: z.record(z.string(), json).optional(),
    /** The system instruction sent with the prompt (Anthropic's `system=`, Gemini's `system_instruction`, …). */
    system: z.string().optional(),
    /** The tool definitions handed to the model, in the vendor's own shape. */
    tools: z.array(json).optional(),
    /** Files sent with the prompt (the gate sends them in the vendor's shape): a path from the project root, or a URL. */
    attachments: z.array(z.union([
      z.object({ kind: attachmentKindSchema, path: z.string().min(1), mime: z.string().optional() }).strict(),
      z.object({ kind: attachmentKindSchema, url: z.string().regex(/^[a-z][a-z0-9+.-]*:\/\//), mime: z.string().optional() }).strict(),
    ])).optional(),
  }),
  reference: z.string(),
  grader: graderSchema,
  model: modelRefSchema.nullable(),
  params: z.record(z.string(), json),
  prompt_version: z.string(),
  tags: z.array(z.string()),
  source: z.object({ notebook: z.string(), cell_id: z.string().nullable(), callee: z.string().optional() }),
  /** The function under evaluation, `package.module:function`; without it the gate asks the recorded model through its SDK. */
  target: z.string().regex(/^[A-Za-z_][\w.]*:[A-Za-z_]\w*$/).optional(),
  /** Environment variables, one of which the case needs (an API key); the gate skips the case without them. */
  env: z.array(z.string()).optional(),
  /**
   * The server the client was pointed at (`OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")`: Ollama, OpenRouter, …):
   * the gate asks there, with the key from `api_key_env` (or the placeholder `api_key`). Absent: the vendor's own API.
   */
  endpoint: z.object({
    base_url: z.union([z.string().min(1), z.object({ env: z.string().regex(/^[A-Za-z_]\w*$/), default: z.string().optional() }).strict()]),
    api_key_env: z.string().regex(/^[A-Za-z_]\w*$/).optional(),
    api_key: z.string().optional(),
  }).strict().optional(),
});

export type EvalCase = z.infer<typeof evalCaseSchema>;

/** The JSON Schema of a case, for editors: schemas/eval-case.schema.json holds it (a test keeps the two equal). */
export function evalCaseJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(evalCaseSchema, { io: 'input' }) as Record<string, unknown>;
  return { ...generated, title: 'nb2prod eval case', description: 'One line of evals/*.jsonl, written by "Add as eval case" and run by tests/test_evals.py (docs/evals.md).' };
}
export type Grader = z.infer<typeof graderSchema>;

export const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

function schemaOf(value: unknown): Record<string, Json> {
  if (Array.isArray(value)) return { type: 'array', ...(value.length ? { items: schemaOf(value[0]) } : {}) };
  if (value === null) return { type: 'null' };
  if (typeof value === 'object') {
    const props = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaOf(v)]));
    return { type: 'object', properties: props, required: Object.keys(props) };
  }
  if (typeof value === 'number') return { type: 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  return { type: 'string' };
}

/** The grader that fits the answer's shape: JSON → its schema, a number → numeric (exact for a count), a short label → label, prose → judge. */
/** A prompt that asks for one of a fixed set of answers. */
const LABEL_CUE = /\b(?:classify|classification|categori[sz]e|category|categories|label|sentiment|one of|one word|choose|select|yes or no|true or false|(?:answer|respond|reply) (?:only )?with|options?|choices?)\b/i;
/** A prompt that asks for something made up, not found: any of many answers is right. */
const CREATIVE_CUE = /\b(?:suggest|brainstorm|invent|imagine|come up with|predict up to|generate (?:a|an|some|\d+)|write (?:a|an|some)|compose|create (?:a|an|some)|slogan|tagline|catchy|creative|emojis?)\b/i;
/** Answers that are labels whatever the prompt says. */
const LABEL_WORD = /^(?:yes|no|true|false|positive|negative|neutral|mixed|safe|unsafe|spam|ham|correct|incorrect)\b/i;

/**
 * A short answer is a label when the prompt asks for one of a set (or lists the answer among its options);
 * otherwise it is a free-text answer that happens to be short (`John Doe`), graded by containing it.
 */
function isLabel(text: string, prompt: string | undefined): boolean {
  if (prompt === undefined || LABEL_WORD.test(text) || LABEL_CUE.test(prompt)) return true;
  const escaped = text.replace(/[.!]$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Named as an option: `ALLOW or BLOCK`, `A/B/C` (not merely quoted from the text, like a name to extract).
  const option = `["'\`*(\\[]?${escaped}["'\`*)\\]]?`;
  return new RegExp(`(?<!\\w)${option}\\s*(?:/|\\||\\bor\\b)|(?:/|\\||\\bor\\b)\\s*${option}(?!\\w)`, 'i').test(prompt);
}

export function pickGrader(answer: string, prompt?: string): Grader {
  const text = answer.trim().replace(/^```(?:json)?\s*\n([\s\S]*?)\n```$/, '$1');
  if (/^[[{]/.test(text)) {
    try {
      return { kind: 'json_schema', schema: schemaOf(JSON.parse(text)) };
    } catch {
      // not JSON after all: fall through
    }
  }
  const num = /^[-+]?\d[\d,]*(?:\.\d+)?%?$/.exec(text);
  if (num) {
    const n = Number(text.replace(/[,%]/g, ''));
    // A count is exact; a measured value gets 1 %.
    return { kind: 'numeric', tolerance: /^[-+]?[\d,]+$/.test(text) ? 0 : Math.max(Math.abs(n) * 0.01, 1e-9) };
  }
  // A short list (`$2,939, $3,619, $7,176`, `👏,🌟,🤩`; a thousands separator is none) is no label, nor a text to find as is: a judge compares its items.
  // So is a short answer to a prompt that asks the model to make something up (`Predict up to 5 emojis`, `Suggest a name`):
  // another run's answer is as right and shares no text with it.
  // (A sentence ended inside the text, `。！？` where a script writes no spaces, makes it prose: `こんにちは！私は元気です。`.)
  if (text.length <= 30 && !/[.!?]\s|[。！？](?!$)/.test(text) && text.split(/\s+/).length <= 3 && !/;|(?<!\d),|,(?!\d{3}(?!\d))/.test(text) && !(prompt !== undefined && CREATIVE_CUE.test(prompt) && !isLabel(text, prompt))) {
    return isLabel(text, prompt) ? { kind: 'label', labels: [text.replace(/[.!]$/, '')] } : { kind: 'contains', text: text.replace(/[.!]$/, '') };
  }
  return { kind: 'judge', rubric: 'The answer agrees with the reference on the facts that matter for this prompt. (Edit this rubric: say what a good answer must contain.)' };
}

/** Adds `c` to a .jsonl text, replacing the line with the same id: adding a case twice updates it. */
export function upsertCase(existing: string | undefined, c: EvalCase): string {
  const lines = (existing ?? '').split('\n').filter((l) => l.trim());
  const line = JSON.stringify(c);
  let replaced = false;
  const out = lines.map((l) => {
    try {
      if ((JSON.parse(l) as { id?: unknown }).id === c.id) {
        replaced = true;
        return line;
      }
    } catch {
      // keep a line we cannot read as it is
    }
    return l;
  });
  if (!replaced) out.push(line);
  return `${out.join('\n')}\n`;
}
