// The model a Hugging Face `pipeline(task)` made without `model=` loads: the task's default in transformers'
// SUPPORTED_TASKS (src/transformers/pipelines/__init__.py, the PyTorch defaults, which transformers picks
// whenever PyTorch is installed). An eval case records it instead of `model: null` (which asks no model the
// gate can name). The notebook's own saved warning, `No model was supplied, defaulted to <id> and revision …`,
// wins over the table (it is what that run loaded). One test per entry in test/engine/evalPipelineDefaults.test.ts.

/** Task (or alias) → the model id its pipeline loads by default. */
export const PIPELINE_DEFAULT_MODELS: Readonly<Record<string, string>> = {
  'text-classification': 'distilbert/distilbert-base-uncased-finetuned-sst-2-english',
  'sentiment-analysis': 'distilbert/distilbert-base-uncased-finetuned-sst-2-english',
  'token-classification': 'dbmdz/bert-large-cased-finetuned-conll03-english',
  ner: 'dbmdz/bert-large-cased-finetuned-conll03-english',
  'question-answering': 'distilbert/distilbert-base-cased-distilled-squad',
  'fill-mask': 'distilbert/distilroberta-base',
  summarization: 'sshleifer/distilbart-cnn-12-6',
  'text2text-generation': 'google-t5/t5-base',
  'text-generation': 'openai-community/gpt2',
  'zero-shot-classification': 'facebook/bart-large-mnli',
  // Translation has a default only for these language pairs.
  translation_en_to_fr: 'google-t5/t5-base',
  translation_en_to_de: 'google-t5/t5-base',
  translation_en_to_ro: 'google-t5/t5-base',
};

/** transformers' warning when a pipeline is made without a model: the id it loaded. */
const DEFAULTED_ALL = /No model was supplied, defaulted to ([\w.-]+(?:\/[\w.-]+)?)(?= and revision| \()/g;

/**
 * The model a pipeline made for `task` without a model loaded: the one the saved outputs' warning names, else the
 * task's default; undefined for a task without a default.
 */
export function pipelineDefaultModel(task: string, savedOutputs: readonly string[]): string | undefined {
  // A cell that made several pipelines without a model warns once for each: which warning is this one's is not known.
  const warned = new Set(savedOutputs.flatMap((o) => [...o.matchAll(DEFAULTED_ALL)].map((m) => m[1])));
  if (warned.size === 1) return [...warned][0];
  return PIPELINE_DEFAULT_MODELS[task];
}
