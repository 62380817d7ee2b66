// What a call sends besides its prompt that decides the answer and that a case must
// hold as input: the system instruction and the tool definitions, wherever the client
// takes them (a keyword of the call, its config object, or the object the call is made
// on: `genai.GenerativeModel(…, system_instruction=…)`, `client.chats.create(config=…)`).
import type { Json } from './resolve';

export interface Instructions {
  system?: string;
  tools?: Json[];
  /** The call's parameters without them (a config object left empty is dropped). */
  params: Record<string, Json>;
}

const isRecord = (v: Json | undefined): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A system text: a string, or text blocks (`[{"type": "text", "text": …}]`, Bedrock's `[{"text": …}]`) joined; undefined for anything else. */
function systemText(v: Json | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length && v.every((b) => isRecord(b) && typeof b.text === 'string' && Object.keys(b).every((k) => ['type', 'text', 'cache_control'].includes(k)))) {
    return v.map((b) => (b as { text: string }).text).join('\n');
  }
  return undefined;
}

const SYSTEM_KEYS = ['system', 'system_instruction', 'instructions', 'preamble'];
const CONFIG_KEYS = ['config', 'generation_config'];

/** Moves the system instruction and the tools out of `params` (and takes them, with the rest of its config, from the receiver's maker keywords when the call has none). */
export function splitInstructions(params: Record<string, Json>, makerKeywords: Record<string, Json> = {}): Instructions {
  const rest: Record<string, Json> = { ...params };
  let system: string | undefined;
  let tools: Json[] | undefined;
  const take = (from: Record<string, Json>, own: boolean) => {
    for (const key of SYSTEM_KEYS) {
      const text = systemText(from[key]);
      if (text === undefined || system !== undefined) continue;
      system = text;
      if (own) delete rest[key];
    }
    if (Array.isArray(from.tools) && tools === undefined) {
      tools = from.tools;
      if (own) delete rest.tools;
    }
    for (const key of CONFIG_KEYS) {
      const config = from[key];
      if (!isRecord(config)) continue;
      const inner = { ...config };
      const text = systemText(inner.system_instruction);
      if (text !== undefined && system === undefined) {
        system = text;
        delete inner.system_instruction;
      }
      if (Array.isArray(inner.tools) && tools === undefined) {
        tools = inner.tools;
        delete inner.tools;
      }
      if (own) {
        if (Object.keys(inner).length) rest[key] = inner;
        else delete rest[key];
      } else if (!(key in rest) && Object.keys(inner).length) {
        // The chat's or model object's own config (`temperature=0`) applies to the call too.
        rest[key] = inner;
      }
    }
  };
  take(params, true);
  take(makerKeywords, false);
  return { ...(system !== undefined ? { system } : {}), ...(tools ? { tools } : {}), params: rest };
}
