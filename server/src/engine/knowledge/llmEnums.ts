// Enums an LLM SDK names models and parameters with, as data: IBM watsonx's
// `ModelTypes.FLAN_UL2` is the model id "google/flan-ul2", `GenTextParamsMetaNames.MAX_NEW_TOKENS`
// (imported `as GenParams`) the parameter key "max_new_tokens", `DecodingMethods.GREEDY` "greedy".
// The values are the SDK's own (ibm_watsonx_ai.foundation_models.utils.enums, ibm_watsonx_ai.metanames;
// ibm_watson_machine_learning has the same). A member not listed stays computed: the case is refused,
// never written with a guessed id. One test per entry in test/engine/evalEnums.test.ts.

export interface SdkEnum {
  /** Modules the notebook imports it from (`from <module> import ModelTypes`). */
  modules: readonly string[];
  /** Member → its value. */
  members: Readonly<Record<string, string>>;
}

const IBM_ENUMS = ['ibm_watsonx_ai.foundation_models.utils.enums', 'ibm_watson_machine_learning.foundation_models.utils.enums'];
const IBM_METANAMES = ['ibm_watsonx_ai.metanames', 'ibm_watson_machine_learning.metanames'];

const IBM_MODELS: Readonly<Record<string, string>> = {
  FLAN_T5_XXL: 'google/flan-t5-xxl',
  FLAN_UL2: 'google/flan-ul2',
  FLAN_T5_XL: 'google/flan-t5-xl',
  MT0_XXL: 'bigscience/mt0-xxl',
  GPT_NEOX: 'eleutherai/gpt-neox-20b',
  MPT_7B_INSTRUCT2: 'ibm/mpt-7b-instruct2',
  STARCODER: 'bigcode/starcoder',
  LLAMA_2_70B_CHAT: 'meta-llama/llama-2-70b-chat',
  LLAMA_2_13B_CHAT: 'meta-llama/llama-2-13b-chat',
  GRANITE_13B_INSTRUCT: 'ibm/granite-13b-instruct-v1',
  GRANITE_13B_CHAT: 'ibm/granite-13b-chat-v1',
  GRANITE_13B_CHAT_V2: 'ibm/granite-13b-chat-v2',
  GRANITE_13B_INSTRUCT_V2: 'ibm/granite-13b-instruct-v2',
  MIXTRAL_8X7B_INSTRUCT_V01: 'mistralai/mixtral-8x7b-instruct-v01',
  MIXTRAL_8X7B_INSTRUCT_V01_Q: 'ibm-mistralai/mixtral-8x7b-instruct-v01-q',
  LLAMA_3_70B_INSTRUCT: 'meta-llama/llama-3-70b-instruct',
  LLAMA_3_8B_INSTRUCT: 'meta-llama/llama-3-8b-instruct',
};

/** Canonical class name → the enum. */
export const SDK_ENUMS: Readonly<Record<string, SdkEnum>> = {
  ModelTypes: { modules: IBM_ENUMS, members: IBM_MODELS },
  DecodingMethods: { modules: IBM_ENUMS, members: { GREEDY: 'greedy', SAMPLE: 'sample' } },
  GenTextParamsMetaNames: {
    modules: IBM_METANAMES,
    members: {
      DECODING_METHOD: 'decoding_method',
      TEMPERATURE: 'temperature',
      TOP_P: 'top_p',
      TOP_K: 'top_k',
      RANDOM_SEED: 'random_seed',
      REPETITION_PENALTY: 'repetition_penalty',
      MIN_NEW_TOKENS: 'min_new_tokens',
      MAX_NEW_TOKENS: 'max_new_tokens',
      STOP_SEQUENCES: 'stop_sequences',
      TRUNCATE_INPUT_TOKENS: 'truncate_input_tokens',
    },
  },
};

/**
 * The enums the notebook's code imports, by the name it uses (`GenParams` for `GenTextParamsMetaNames as GenParams`);
 * the API client's `client.foundation_models.TextModels` (the models' enum of newer SDKs, same members) when it imports ibm_watsonx_ai.
 */
export function importedEnums(sources: readonly string[]): Map<string, SdkEnum> {
  const out = new Map<string, SdkEnum>();
  for (const source of sources) {
    for (const m of source.matchAll(/^[ \t]*from\s+([\w.]+)\s+import\s+(\([^)]*\)|[^\n]*)/gm)) {
      for (const part of m[2].replace(/[()\\]/g, '').replace(/#[^\n]*/g, '').split(',')) {
        const [name, alias] = part.trim().split(/\s+as\s+/);
        const known = Object.hasOwn(SDK_ENUMS, name) ? SDK_ENUMS[name] : undefined;
        if (known && known.modules.includes(m[1])) out.set(alias ?? name, known);
      }
    }
    if (/^[ \t]*(?:from|import)\s+ibm_watsonx_ai\b/m.test(source)) out.set(TEXT_MODELS, { modules: [], members: IBM_MODELS });
  }
  return out;
}

const TEXT_MODELS = 'client.foundation_models.TextModels';

/** The value of `Enum.MEMBER` (or `Enum.MEMBER.value`, `<client>.foundation_models.TextModels.MEMBER`), or undefined. */
export function enumValue(expr: string, enums: ReadonlyMap<string, SdkEnum>): string | undefined {
  const t = expr.trim().replace(/\.value$/, '');
  const text = /^[A-Za-z_]\w*\.foundation_models\.TextModels\.([A-Z][A-Z0-9_]*)$/.exec(t);
  if (text) return enums.get(TEXT_MODELS)?.members[text[1]];
  const m = /^([A-Za-z_]\w*)\.([A-Z][A-Z0-9_]*)$/.exec(t);
  return m ? enums.get(m[1])?.members[m[2]] : undefined;
}
