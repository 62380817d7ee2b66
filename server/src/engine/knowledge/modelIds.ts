// Model identifiers of current model families (NB205): what a model argument's value
// looks like. Each family has an example the tests check it against, and a look-alike
// that is not a model id must not match any family.

export interface ModelFamily {
  family: string;
  /** Matches the id after any provider prefix (`models/`, `us.anthropic.`, `meta-llama/`). */
  pattern: RegExp;
  example: string;
}

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  { family: 'OpenAI GPT', pattern: /^(?:gpt-[\w.:-]+|chatgpt-[\w.-]+|gpt2(?:-[\w.-]+)?|o[1345](?:-(?:mini|pro|preview|deep-research)[\w.-]*)?|text-embedding-[\w.-]+|text-davinci-[\w.-]+|(?:davinci|babbage)-00\d|dall-e-\d|whisper-1|tts-1(?:-hd)?|omni-moderation-[\w.-]+)$/i, example: 'gpt-4o-mini' },
  { family: 'Anthropic Claude', pattern: /^claude-[\w.:@-]+$/i, example: 'claude-3-5-sonnet-20241022' },
  { family: 'Google Gemini', pattern: /^gemini-[\w.@-]+$/i, example: 'gemini-2.5-flash' },
  { family: 'Google Gemma', pattern: /^(?:code|med|pali|shield|recurrent)?gemma[\w.:-]*$/i, example: 'gemma-3-27b-it' },
  { family: 'Google Imagen and Veo', pattern: /^(?:imagen-[\w.@-]+|imagegeneration@\d+|imagetext@\d+|veo-[\w.@-]+|lyria-[\w.@-]+|chirp(?:_\d|-\d)?[\w.-]*)$/i, example: 'imagen-4.0-generate-001' },
  { family: 'Google PaLM and embeddings', pattern: /^(?:(?:text|chat|code)-bison[\w.@-]*|textembedding-gecko[\w.@-]*|text-multilingual-embedding-[\w.@-]+|multimodalembedding[\w.@-]*|gemini-embedding-[\w.@-]+)$/i, example: 'textembedding-gecko@003' },
  { family: 'Amazon Nova and Titan', pattern: /^(?:nova|titan)-[\w.:-]+$/i, example: 'nova-pro-v1:0' },
  { family: 'Meta Llama', pattern: /^(?:(?:code)?llama[-_]?\d[\w.:-]*|llama-guard[\w.:-]*)$/i, example: 'Llama-3.1-8B-Instruct' },
  { family: 'Mistral', pattern: /^(?:open-)?(?:mistral|mixtral|codestral|ministral|pixtral|magistral|devstral)[\w.:-]*$/i, example: 'mistral-large-latest' },
  { family: 'Microsoft Phi', pattern: /^phi-?\d[\w.:-]*$/i, example: 'Phi-3-mini-4k-instruct' },
  { family: 'Qwen', pattern: /^qwen[\w.:-]*$/i, example: 'Qwen2.5-7B-Instruct' },
  { family: 'DeepSeek', pattern: /^deepseek-[\w.:-]+$/i, example: 'deepseek-r1' },
  { family: 'Falcon', pattern: /^falcon-?\d[\w.:-]*$/i, example: 'falcon-7b-instruct' },
  { family: 'Cohere Command and Embed', pattern: /^(?:command(?:-[\w.:-]+)?|embed-(?:english|multilingual)-[\w.:-]+|rerank-[\w.:-]+)$/i, example: 'command-r-plus' },
  { family: 'AI21 Jamba', pattern: /^(?:jamba-[\w.:-]+|j2-[\w.:-]+)$/i, example: 'jamba-1.5-large' },
  { family: 'xAI Grok', pattern: /^grok-[\w.:-]+$/i, example: 'grok-3-mini' },
  { family: 'Hugging Face encoders', pattern: /^(?:bert-(?:base|large)-[\w-]+|distilbert-[\w-]+|roberta-(?:base|large)[\w-]*|t5-(?:small|base|large|3b|11b)|flan-t5-[\w-]+|bart-(?:base|large)[\w-]*|all-(?:MiniLM|mpnet|distilroberta)-[\w-]+)$/i, example: 'bert-base-uncased' },
];

/** Provider and hub prefixes in front of a family id: `models/gemini-…`, `us.anthropic.claude-…`, `meta-llama/Llama-…`. */
const PREFIX = /^(?:(?:publishers\/[\w-]+\/)?models\/|(?:(?:us|eu|apac|global)\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|qwen|writer|twelvelabs|stability)\.|[\w.-]+\/)/i;

/** `llama3.csv`, `gemma-2b.gguf`: a file, even when its name says which model made it. */
const FILE_NAME = /\.(?:csv|tsv|jsonl?|txt|md|pkl|pt|pth|bin|safetensors|gguf|ggml|h5|onnx|zip|tar|gz|parquet|ya?ml|png|jpe?g|mp[34]|wav|pdf|py|ipynb)$/i;

/** The family of a model id, when it is one (`"llama-4"` in a path or a job name is not passed here). */
export function modelFamily(value: string): string | undefined {
  if (value.length > 200 || /\s/.test(value) || FILE_NAME.test(value)) return undefined;
  const id = value.replace(PREFIX, '');
  return MODEL_FAMILIES.find((f) => f.pattern.test(id))?.family;
}

/**
 * Calls that write a model to a local folder: the folder literal, and a path under it
 * (`"Spark-TTS-0.5B/LLM"`), is a path the notebook made, not a model id to configure.
 * `method`: the folder is the first positional argument; `keyword`: it is that keyword's value.
 */
export interface ModelFolderWriter {
  method?: string;
  keyword?: string;
  /** A call that writes the folder `qwen_lora`. */
  example: string;
}

export const MODEL_FOLDER_WRITERS: readonly ModelFolderWriter[] = [
  { method: 'save_pretrained', example: 'model.save_pretrained("qwen_lora")' },
  { method: 'save_pretrained_merged', example: 'model.save_pretrained_merged("qwen_lora", tokenizer, save_method = "merged_16bit")' },
  { method: 'save_pretrained_gguf', example: 'model.save_pretrained_gguf("qwen_lora", tokenizer, quantization_method = "q4_k_m")' },
  { method: 'save_model', example: 'trainer.save_model("qwen_lora")' },
  { keyword: 'local_dir', example: 'snapshot_download(repo_id = MODEL_REPO, local_dir = "qwen_lora")' },
];

/** The folder a call writes a model to, when `callee`/`argIndex`/`keyword` say it is one of MODEL_FOLDER_WRITERS. */
export function writtenModelFolder(value: string, context: { callee?: string; argIndex?: number; keyword?: string }): string | undefined {
  const method = context.callee?.split('.').pop();
  const writes = MODEL_FOLDER_WRITERS.some((w) => (w.keyword !== undefined ? context.keyword === w.keyword : context.keyword === undefined && context.argIndex === 0 && method === w.method));
  if (!writes) return undefined;
  const folder = value.replace(/^\.\//, '').replace(/\/+$/, '');
  return folder === '' || folder.includes('{…}') ? undefined : folder;
}

/**
 * A training script's output folder given on a shell line: `!python run_translation.py … --output_dir output/tst-translation`
 * (Hugging Face's example scripts, holdout18 Studio Lab): the script saves the fine-tuned model there.
 */
const SHELL_OUTPUT_DIR = /--(?:output[_-]dir|save[_-]dir)[= ]+(["']?)([\w.\-/]+)\1/g;

/** The folders a cell's shell lines give a training script as its output (SHELL_OUTPUT_DIR). */
export function shellModelFolders(source: string): string[] {
  if (!source.includes('--output') && !source.includes('--save')) return [];
  return [...source.matchAll(SHELL_OUTPUT_DIR)].flatMap((m) => {
    const folder = m[2].replace(/^\.\//, '').replace(/\/+$/, '');
    return folder === '' || folder === '.' ? [] : [folder];
  });
}

/** A literal equal to a folder the notebook writes a model to, or a path under one. */
export function isUnderWrittenFolder(value: string, folders: ReadonlySet<string>): boolean {
  const path = value.replace(/^\.\//, '').replace(/\/+$/, '');
  for (const folder of folders) if (path === folder || path.startsWith(`${folder}/`)) return true;
  return false;
}
