// The model's tool call as a saved output shows it (a response repr, a JSON dump,
// the tool's input printed by the notebook), and the tool names a call's tool
// definitions declare. Shapes per SDK: TOOL_CALL_SHAPES in knowledge/llmTools.ts.
import { TOOL_CALL_SHAPES } from '../knowledge/llmTools';
import { evaluate, type Json } from './resolve';

export interface ToolCall {
  name: string;
  arguments: Record<string, Json>;
}

/** A Python repr or JSON text as a tree (`Name(k=v)` is a dict with `__type`); undefined when it is neither. */
export function parseRepr(text: string): Json | undefined {
  try {
    return evaluate(text, undefined, { reprs: true });
  } catch {
    return undefined;
  }
}

const isDict = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Plain JSON again: `__type` dropped (a call's arguments hold no class). */
function plain(v: Json): Json {
  if (Array.isArray(v)) return v.map(plain);
  if (isDict(v)) return Object.fromEntries(Object.entries(v).filter(([k]) => k !== '__type' && k !== '__args').map(([k, x]) => [k, plain(x)]));
  return v as Json;
}

function argumentsOf(v: Json | undefined): Record<string, Json> | undefined {
  if (typeof v === 'string') {
    try {
      const parsed = JSON.parse(v) as Json;
      return isDict(parsed) ? (parsed as Record<string, Json>) : undefined;
    } catch {
      return undefined;
    }
  }
  if (isDict(v)) return plain(v) as Record<string, Json>;
  return undefined;
}

/** The tool calls in a saved output (a repr, a JSON dump), by the SDK shapes; only calls of `declared` tools count. */
export function toolCallsIn(text: string, declared: ReadonlySet<string>): ToolCall[] {
  const tree = parseRepr(text.trim());
  if (tree === undefined) return [];
  const calls: ToolCall[] = [];
  const seen = new Set<string>();
  const walk = (v: Json) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isDict(v)) return;
    for (const shape of TOOL_CALL_SHAPES) {
      const typed = shape.type ? v.__type === shape.type : Object.entries(shape.marker ?? {}).every(([k, want]) => (want === true ? k in v : v[k] === want));
      const name = v[shape.name];
      const args = argumentsOf(v[shape.arguments]);
      if (!typed || typeof name !== 'string' || !declared.has(name) || !args) continue;
      // The same call seen twice (LangChain keeps the raw OpenAI call next to its own): counted once.
      const key = `${name}\n${JSON.stringify(args)}`;
      if (!seen.has(key)) calls.push({ name, arguments: args });
      seen.add(key);
      return;
    }
    Object.values(v).forEach(walk);
  };
  walk(tree);
  return calls;
}

/** The tool names the definitions declare: OpenAI/Mistral `{"function": {"name"}}`, Anthropic `{"name"}`, Gemini `{"function_declarations": [{"name"}]}`. */
export function declaredTools(tools: readonly Json[]): Set<string> {
  const names = new Set<string>();
  for (const t of tools) {
    if (!isDict(t)) continue;
    const fn = isDict(t.function) ? t.function : t;
    if (typeof fn.name === 'string') names.add(fn.name);
    if (Array.isArray(t.function_declarations)) for (const d of t.function_declarations) if (isDict(d) && typeof d.name === 'string') names.add(d.name);
  }
  return names;
}

/**
 * The arguments as a JSON Schema for the grader. A value copied from the input (`quoted` says whether
 * the prompt holds it: a city, an id, a time) must match, as a `const`, and so must a flag; a value
 * the model composed (a search query, a category, a score) is only typed.
 */
export function argumentsSchema(value: Json, quoted: (text: string) => boolean): Record<string, Json> {
  if (Array.isArray(value)) return { type: 'array', minItems: value.length, prefixItems: value.map((v) => argumentsSchema(v, quoted)) };
  if (isDict(value)) {
    const props = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, argumentsSchema(v, quoted)]));
    return { type: 'object', properties: props, required: Object.keys(props) };
  }
  if (typeof value === 'boolean' || value === null) return { const: value };
  if (typeof value === 'number') return quoted(String(value)) ? { const: value } : { type: 'number' };
  return value.trim() && quoted(value.trim()) ? { const: value } : { type: 'string' };
}
