// The server a client object asks: `OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")`
// is Ollama, not api.openai.com (holdout20: Ollama, OpenRouter, NVIDIA's and Gemini's OpenAI-compatible
// endpoints). A case records it, so the gate and an extracted `ask` call the server the notebook called.
import { OPENAI_COMPATIBLE_SDKS } from './llmCalls';
import type { Json } from './resolve';
import { splitArguments } from './split';

/** Where the model was asked: the base URL (or the variable naming it) and how the client got its key. */
export interface Endpoint {
  base_url: string | { env: string; default?: string };
  /** The environment variable the key is read from (the client's own default when the notebook passed none). */
  api_key_env?: string;
  /** A placeholder key written in the notebook (`"ollama"`, `"EMPTY"`): a local server takes any. */
  api_key?: string;
}

/** Keywords that point a client at another server. */
const URL_KEYWORD = /^(?:base_url|openai_api_base|api_base)$/;
const KEY_KEYWORD = /^(?:api_key|openai_api_key)$/;
/** A key that is no secret: letters, `-` and `_` only (`ollama`, `lm-studio`, `not-needed`); a real key holds digits. */
const PLACEHOLDER_KEY = /^[A-Za-z][A-Za-z_-]{0,30}$/;
/** A stand-in for the reader's own key (`"<your-openai-api-token>"`, `"YOUR_API_KEY"`): no key, and no variable named for it. */
const STAND_IN_KEY = /^<[^>]*>$|your|replace|insert|^x{3,}$|^\.\.\.$/i;
/** Colab's secrets (`userdata.get("OPENROUTER_API_KEY")`): a variable by name, as the environment is. */
const COLAB_SECRET = /^(?:google\.colab\.)?userdata\.get\(\s*(['"])([A-Za-z_]\w*)\1\s*\)$/;

export type EnvRead = (text: string) => { env: string; default?: string } | undefined;

/** The key variable a client class reads when given none (`OpenAI()` reads OPENAI_API_KEY). */
function defaultKey(maker: string): string | undefined {
  const name = maker.split('.').at(-1) ?? '';
  const sdk = OPENAI_COMPATIBLE_SDKS.find((s) => s.client === name);
  if (sdk) return sdk.key;
  return /^(?:Async)?OpenAI$|^ChatOpenAI$/.test(name) ? 'OPENAI_API_KEY' : undefined;
}

/**
 * The endpoint of a client made as `makerText` (`OpenAI(base_url=…, api_key=…)`): undefined when it names no other server
 * (or is an Azure client, which has its own endpoint handling); refused when the URL or the key is not written out or read
 * from the environment, or the key is a secret written in the notebook.
 */
export function clientEndpoint(makerText: string, value: (text: string) => Json, envOf: EnvRead, defOf: (name: string) => string | undefined): Endpoint | { refused: string } | undefined {
  const m = /^([A-Za-z_][\w.]*)\s*\(([\s\S]*)\)\s*$/.exec(makerText.trim());
  if (!m || /Azure/.test(m[1])) return undefined;
  const keywords = new Map<string, string>();
  for (const arg of splitArguments(m[2])) {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
    if (kw) keywords.set(kw[1], kw[2].trim());
  }
  const urlKey = [...keywords.keys()].find((k) => URL_KEYWORD.test(k));
  if (!urlKey) return undefined;
  // A gateway routed by the client's headers (Portkey's `default_headers=createHeaders(provider="groq", …)`): the server alone is not the call.
  if (keywords.has('default_headers')) return { refused: `the client is pointed at a gateway with its own headers (\`default_headers=${keywords.get('default_headers')!.slice(0, 40)}\`), which pick the provider: the case cannot send them` };
  const urlText = keywords.get(urlKey)!;
  let base_url: Endpoint['base_url'] | undefined;
  try {
    const v = value(urlText);
    if (typeof v === 'string' && v.trim()) base_url = v.trim();
  } catch {
    base_url = envOf(urlText);
  }
  if (base_url === undefined) return { refused: `the client is made with \`${urlKey}=${urlText.slice(0, 40)}\`, which is not written out: the case could not ask the server the notebook asked` };
  const keyName = [...keywords.keys()].find((k) => KEY_KEYWORD.test(k));
  if (!keyName) {
    const fallback = defaultKey(m[1]);
    return { base_url, ...(fallback ? { api_key_env: fallback } : {}) };
  }
  const keyText = keywords.get(keyName)!;
  const env = envOf(keyText) ?? secretOf(keyText, defOf);
  if (env) return { base_url, api_key_env: env.env };
  let literal: Json | undefined;
  try {
    literal = value(keyText);
  } catch {
    literal = undefined;
  }
  if (typeof literal === 'string' && STAND_IN_KEY.test(literal)) return { refused: `the client's API key is a stand-in for the reader's own (\`${literal.slice(0, 40)}\`): which variable holds the key for that server is not in the notebook` };
  if (typeof literal === 'string' && PLACEHOLDER_KEY.test(literal)) return { base_url, api_key: literal };
  if (typeof literal === 'string') return { refused: 'the client is made with an API key written in the notebook: the case (and an extracted module) would hold that secret; read it from the environment' };
  return { refused: `the client is made with \`${keyName}=${keyText.slice(0, 40)}\`, which is not read from the environment nor written out: the case could not ask the server the notebook asked` };
}

/** `userdata.get("X")`, directly or through the name bound to it. */
function secretOf(text: string, defOf: (name: string) => string | undefined): { env: string } | undefined {
  const direct = COLAB_SECRET.exec(text.trim());
  if (direct) return { env: direct[2] };
  const bound = /^[A-Za-z_]\w*$/.test(text.trim()) ? defOf(text.trim()) : undefined;
  const via = bound !== undefined ? COLAB_SECRET.exec(bound.trim()) : null;
  return via ? { env: via[2] } : undefined;
}
