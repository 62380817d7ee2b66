// Which calls ask a language model for an answer, per client library, as data:
// the method as written after the client (`client.chat.completions.create(…)`),
// where the prompt and the model id travel, and the imports that must be
// present (a `.query(` or `.invoke(` alone says nothing without them).

export interface LlmCallShape {
  vendor: string;
  /** Method path at the end of the callee: `chat.completions.create` matches `client.chat.completions.create`. */
  method: string;
  /** Keywords that carry the prompt, in order of preference; `0` is the first positional argument. */
  prompt: readonly (string | 0)[];
  /** Keyword that names the model (the receiver's model is used when absent). */
  model?: string;
  /** A module, one of which the notebook must import (prefix match: `langchain` covers `langchain_openai`). */
  requires: readonly string[];
}

/**
 * SDKs that copy OpenAI's client (`Together().chat.completions.create(…)`): the same call and
 * response, their own client class and key. A call through one is that vendor's, so the case,
 * the gate and the extracted module ask the model where the notebook asked it.
 */
export interface OpenAiCompatibleSdk {
  vendor: string;
  /** The module the client class is imported from. */
  module: string;
  client: string;
  key: string;
}

export const OPENAI_COMPATIBLE_SDKS: readonly OpenAiCompatibleSdk[] = [
  { vendor: 'together', module: 'together', client: 'Together', key: 'TOGETHER_API_KEY' },
  { vendor: 'groq', module: 'groq', client: 'Groq', key: 'GROQ_API_KEY' },
  { vendor: 'fireworks', module: 'fireworks.client', client: 'Fireworks', key: 'FIREWORKS_API_KEY' },
  { vendor: 'cerebras', module: 'cerebras.cloud.sdk', client: 'Cerebras', key: 'CEREBRAS_API_KEY' },
];

const OPENAI = ['openai', 'litellm', 'huggingface_hub', 'mistralai', ...OPENAI_COMPATIBLE_SDKS.map((sdk) => sdk.module.split('.')[0])];
const GEMINI = ['google.generativeai', 'google.genai', 'vertexai', 'google'];
const LANGCHAIN = ['langchain', 'langchain_core', 'langchain_openai', 'langchain_anthropic', 'langchain_google_vertexai', 'langchain_google_genai', 'langchain_aws', 'langchain_community'];

export const LLM_CALLS: readonly LlmCallShape[] = [
  { vendor: 'openai', method: 'chat.completions.create', prompt: ['messages'], model: 'model', requires: OPENAI },
  { vendor: 'openai', method: 'completions.create', prompt: ['prompt'], model: 'model', requires: OPENAI },
  { vendor: 'openai', method: 'responses.create', prompt: ['input'], model: 'model', requires: ['openai'] },
  // openai < 1.0, still in many saved notebooks
  { vendor: 'openai', method: 'ChatCompletion.create', prompt: ['messages'], model: 'model', requires: ['openai'] },
  { vendor: 'openai', method: 'Completion.create', prompt: ['prompt'], model: 'model', requires: ['openai'] },
  { vendor: 'mistral', method: 'chat.complete', prompt: ['messages'], model: 'model', requires: ['mistralai'] },
  { vendor: 'mistral', method: 'chat.stream', prompt: ['messages'], model: 'model', requires: ['mistralai'] },
  // mistralai < 1.0 (`MistralClient().chat(…)`)
  { vendor: 'mistral', method: 'chat', prompt: ['messages'], model: 'model', requires: ['mistralai'] },
  { vendor: 'cohere', method: 'chat', prompt: ['message', 'messages'], model: 'model', requires: ['cohere'] },
  { vendor: 'cohere', method: 'generate', prompt: ['prompt'], model: 'model', requires: ['cohere'] },
  { vendor: 'anthropic', method: 'messages.create', prompt: ['messages'], model: 'model', requires: ['anthropic'] },
  { vendor: 'gemini', method: 'generate_content', prompt: ['contents', 0], model: 'model', requires: GEMINI },
  { vendor: 'gemini', method: 'generate_content_stream', prompt: ['contents', 0], model: 'model', requires: GEMINI },
  { vendor: 'gemini', method: 'send_message', prompt: ['message', 'content', 0], requires: GEMINI },
  { vendor: 'bedrock', method: 'invoke_model', prompt: ['body'], model: 'modelId', requires: ['boto3'] },
  { vendor: 'bedrock', method: 'converse', prompt: ['messages'], model: 'modelId', requires: ['boto3'] },
  { vendor: 'langchain', method: 'invoke', prompt: [0, 'input'], requires: LANGCHAIN },
  { vendor: 'langchain', method: 'predict', prompt: [0, 'text'], requires: LANGCHAIN },
  { vendor: 'langchain', method: 'run', prompt: [0, 'input', 'query', 'question'], requires: LANGCHAIN },
  { vendor: 'llama_index', method: 'query', prompt: [0, 'str_or_query_bundle'], requires: ['llama_index'] },
  { vendor: 'llama_index', method: 'complete', prompt: [0, 'prompt'], requires: ['llama_index'] },
  { vendor: 'huggingface', method: 'text_generation', prompt: [0, 'prompt'], model: 'model', requires: ['huggingface_hub'] },
  { vendor: 'huggingface', method: 'chat_completion', prompt: ['messages', 0], model: 'model', requires: ['huggingface_hub'] },
  { vendor: 'ollama', method: 'ollama.chat', prompt: ['messages'], model: 'model', requires: ['ollama'] },
  { vendor: 'litellm', method: 'litellm.completion', prompt: ['messages'], model: 'model', requires: ['litellm'] },
];

/** Hugging Face `pipeline("text-generation", …)`: calling the returned object asks the model. */
export const HF_PIPELINE_TASKS = /^(?:text-generation|text2text-generation|summarization|translation\w*|question-answering|conversational|image-to-text|fill-mask|zero-shot-classification|text-classification|sentiment-analysis)$/;

/** Calls "Extract the model call to a function" can move into a module: how the module makes the client (from the environment) and reads the answer text off the response. */
export interface ExtractableCall {
  vendor: string;
  /** The method path after the client object (`client.chat.completions.create`). */
  method: string;
  header: string;
  client: string;
  answerText: string;
  /** The keyword that names the model (`model` when absent). */
  modelKeyword?: string;
}

export const EXTRACTABLE_CALLS: readonly ExtractableCall[] = [
  { vendor: 'openai', method: 'chat.completions.create', header: 'from openai import OpenAI', client: 'OpenAI()', answerText: '.choices[0].message.content' },
  { vendor: 'openai', method: 'responses.create', header: 'from openai import OpenAI', client: 'OpenAI()', answerText: '.output_text' },
  ...OPENAI_COMPATIBLE_SDKS.map((sdk) => ({ vendor: sdk.vendor, method: 'chat.completions.create', header: `from ${sdk.module} import ${sdk.client}`, client: `${sdk.client}()`, answerText: '.choices[0].message.content' })),
  { vendor: 'anthropic', method: 'messages.create', header: 'from anthropic import Anthropic', client: 'Anthropic()', answerText: '.content[0].text' },
  { vendor: 'gemini', method: 'models.generate_content', header: 'from google import genai', client: 'genai.Client()', answerText: '.text' },
  { vendor: 'mistral', method: 'chat.complete', header: 'import os\nfrom mistralai import Mistral', client: 'Mistral(api_key=os.environ["MISTRAL_API_KEY"])', answerText: '.choices[0].message.content' },
  // Credentials and region from the AWS environment (AWS_PROFILE / AWS_REGION), as boto3 reads them.
  { vendor: 'bedrock', method: 'converse', header: 'import boto3', client: 'boto3.client("bedrock-runtime")', answerText: '["output"]["message"]["content"][0]["text"]', modelKeyword: 'modelId' },
];

/**
 * Models asked through an object the notebook made with literal arguments
 * (`llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)`, `pipe = pipeline("text-generation", model="gpt2")`):
 * "Extract the model call to a function" makes the same object once in the module (from the
 * same import) and asks it as the cell did. `maker` is the class or function's name,
 * `from` the module it must be imported from.
 */
export interface ExtractableModelObject {
  vendor: string;
  /** The method asked (`invoke`); empty when the object itself is called (a pipeline). */
  method: string;
  maker: RegExp;
  from: RegExp;
  /** The answer text on the response; a pipeline's depends on its task (first positional argument of `pipeline(…)`). */
  answerText: string | ((made: { positional: unknown[]; keywords: Record<string, unknown> }) => string | undefined);
}

/** A pipeline's answer key per task (`[{"generated_text": …}]`). */
const PIPELINE_ANSWER: Readonly<Record<string, string>> = {
  'text-generation': 'generated_text',
  'text2text-generation': 'generated_text',
  summarization: 'summary_text',
  translation: 'translation_text',
  'text-classification': 'label',
  'sentiment-analysis': 'label',
  // The top candidate's word (` spiral`: the gate strips it).
  'fill-mask': 'token_str',
};

export const EXTRACTABLE_MODEL_OBJECTS: readonly ExtractableModelObject[] = [
  // LangChain chat models answer with a message: its text is `.content`.
  { vendor: 'langchain', method: 'invoke', maker: /^Chat[A-Z]\w*$/, from: /^langchain/, answerText: '.content' },
  // LangChain text-completion models answer with the text itself.
  { vendor: 'langchain', method: 'invoke', maker: /^(?:OpenAI|AzureOpenAI|OllamaLLM|Ollama|VertexAI|HuggingFaceEndpoint|BedrockLLM|Bedrock|Cohere)$/, from: /^langchain/, answerText: '' },
  { vendor: 'llama_index', method: 'complete', maker: /^[A-Z]\w*$/, from: /^llama_index\.llms\./, answerText: '.text' },
  {
    vendor: 'huggingface', method: '', maker: /^pipeline$/, from: /^transformers$/,
    answerText: (made) => {
      const task = typeof made.keywords.task === 'string' ? made.keywords.task : made.positional[0];
      const key = typeof task === 'string' ? PIPELINE_ANSWER[task.replace(/^translation_\w+$/, 'translation')] : undefined;
      return key ? `[0][${JSON.stringify(key)}]` : undefined;
    },
  },
];

/** The API keys a model object's class needs (`ChatOpenAI` → OPENAI_API_KEY), recorded as the extracted case's `env` so the gate skips without them; local models (Ollama, a pipeline) need none. */
export const MAKER_KEYS: readonly { maker: RegExp; env: readonly string[] }[] = [
  { maker: /OpenAI/, env: ['OPENAI_API_KEY', 'AZURE_OPENAI_API_KEY'] },
  { maker: /Anthropic/, env: ['ANTHROPIC_API_KEY'] },
  { maker: /Mistral/, env: ['MISTRAL_API_KEY'] },
  { maker: /Google|Gemini|VertexAI/, env: ['GOOGLE_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_CLOUD_PROJECT'] },
  { maker: /Bedrock/, env: ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE'] },
  { maker: /Cohere/, env: ['COHERE_API_KEY', 'CO_API_KEY'] },
  { maker: /Groq/, env: ['GROQ_API_KEY'] },
  { maker: /HuggingFaceEndpoint/, env: ['HF_TOKEN', 'HUGGINGFACEHUB_API_TOKEN'] },
];
