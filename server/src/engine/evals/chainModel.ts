// The model a chain, an agent or a query engine asks (`qa.invoke(…)`, `query_engine.query(…)`):
// the call names no model, the model object the chain was built on does
// (`llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)`, `Settings.llm = OpenAI(model=…)`).
// A case records that model and its literal parameters, or is refused when the notebook
// makes several models or one whose id is not written out.
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { evaluate, type Json } from './resolve';
import { bracketDepth, closing, splitArguments } from './split';

/** Libraries whose classes make the model a chain asks, per chain library: a LlamaIndex query engine never asks a LangChain model. */
const MODEL_LIBRARY: Record<string, RegExp> = {
  langchain: /^(?:langchain\w*|ibm_watsonx_ai|ibm_watson_machine_learning)(?:\.|$)/,
  llama_index: /^llama_index(?:\.|$)/,
};

/** Class names of model objects in those libraries (chat models, completion models, IBM's `ModelInference`); not embeddings, retrievers or stores. */
const MODEL_CLASS = /^(?:(?:Azure|Bedrock)?Chat[A-Z]\w*|BedrockChat|\w*LLM|\w*MultiModal|OpenAI|AzureOpenAI|Ollama|VertexAI|Bedrock|Cohere|HuggingFaceEndpoint|HuggingFaceHub|Gemini|Anthropic|MistralAI|Groq|Together|ModelInference|Model|HuggingFacePipeline|LlamaCpp|GPT4All|CTransformers)$/;

/** A definition that makes a model object (`ChatOpenAI(model=…)`, `llm.bind(stop=…)`), not a chain. */
export const MODEL_OBJECT = /^\s*(?:[\w.]*\.)?(?:(?:Azure|Bedrock)?Chat[A-Z]\w*|BedrockChat|\w*LLM|\w*MultiModal|OpenAI|AzureOpenAI|Ollama|VertexAI|Bedrock|Cohere|HuggingFaceEndpoint|HuggingFaceHub|Gemini|Anthropic|MistralAI|Groq|Together|ModelInference|Model|HuggingFacePipeline|LlamaCpp|GPT4All|CTransformers)\s*\(|^\s*[A-Za-z_]\w*\.(?:bind|with_config|with_retry)\s*\(/;

/** Chat-named classes that are prompts or messages, not models (`ChatPromptTemplate`, `ChatMessageHistory`). */
const NOT_A_MODEL_CLASS = /Template|Message|History|Prompt/;

/** Keywords that name the model a model object is made for. */
// `model_path`: a local weights file (`LlamaCpp(model_path="Phi-3-mini-4k-instruct-fp16.gguf")`), the model it runs.
export const MODEL_KEYWORD = /^(?:model|model_name|model_id|modelId|repo_id|azure_deployment|deployment_name|model_path)$/;

/** Keywords that say where or as whom the model is asked, not how it answers. */
const NOT_A_PARAMETER = /^(?:api_key|apikey|\w+_api_key|\w+_api_token|url|base_url|api_base|openai_api_base|endpoint|azure_endpoint|api_version|openai_api_version|project_id|space_id|project|location|region_name|credentials|client|provider|task|device|device_map|callbacks|callback_manager|verbose|streaming|http_client|timeout|request_timeout|max_retries|n_gpu_layers|n_batch|n_threads|use_mlock)$/;

export type ChainModel = { model: string | null; params: Record<string, Json> } | { refused: string };

/** Names the notebook imports from a model library (`from langchain_openai import ChatOpenAI as Chat` gives `Chat`). */
function modelClasses(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[], library: RegExp): Set<string> {
  const names = new Set<string>();
  for (let k = 0; k <= cell; k++) {
    if (cells[k].kind !== 'code') continue;
    for (const st of statements(cells[k].source)) {
      const m = st.kind === 'import' ? /^from\s+([\w.]+)\s+import\s+\(?([\s\S]*?)\)?\s*$/.exec(st.text.trim()) : null;
      if (!m || !library.test(m[1])) continue;
      for (const part of m[2].split(',')) {
        const [name, alias] = part.trim().split(/\s+as\s+/);
        if (name && MODEL_CLASS.test(name) && !NOT_A_MODEL_CLASS.test(name)) names.add(alias ?? name);
      }
    }
  }
  return names;
}

/**
 * The model behind a chain call: every model object made in the cells up to this one.
 * None: undefined (the library's default, or made where the case cannot see).
 */
export function chainModel(vendor: string, cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[], lookup: (name: string) => Json | undefined, chainText = '', chainDef = ''): ChainModel | undefined {
  const library = MODEL_LIBRARY[vendor];
  if (!library) return undefined;
  const classes = modelClasses(cells, cell, statements, library);
  if (classes.size === 0) return undefined;
  const made = new Map<string, ChainModel>();
  /** The model objects bound to a name (`llm = OpenAI()`), by name. */
  const named = new Map<string, ChainModel>();
  // `HuggingFacePipeline.from_model_id(model_id="gpt2", …)` makes a model as the constructor does.
  const pattern = new RegExp(`(?<![\\w.])(${[...classes].join('|')})(\\.from_model_id)?\\s*\\(`, 'g');
  for (let k = 0; k <= cell; k++) {
    if (cells[k].kind !== 'code') continue;
    const source = cells[k].source;
    for (const m of source.matchAll(pattern)) {
      const open = m.index + m[0].length - 1;
      const after = closing(source, open);
      if (after < 0) continue;
      const args = splitArguments(source.slice(open + 1, after - 1));
      const model = m[1] === 'HuggingFacePipeline' && !m[2] ? wrappedPipeline(args, cells, cell, lookup) ?? modelOf(m[1], args, lookup) : modelOf(m[1], args, lookup);
      made.set(source.slice(m.index, after).replace(/\s+/g, ' '), model);
      // Bound by an assignment, not a keyword argument on a line of its own (`SimpleLLMPathExtractor(\n llm=OpenAI(…))` binds no `llm`).
      const bound = /(?:^|\n)[ \t]*([A-Za-z_]\w*)\s*=\s*$/.exec(source.slice(0, m.index));
      if (bound && bracketDepth(source, m.index) === 0) named.set(bound[1], model);
    }
  }
  // A name rebound later (in document order) to an object of a class the case cannot name (`llm = VLLMOpenAI(…)` after
  // `llm = ChatOpenAI(…)`): the chain built on it asks that one, not the model made first.
  for (const name of [...named.keys()]) {
    const last = cells.slice(0, cell + 1).flatMap((c) => (c.kind === 'code' ? [...c.source.matchAll(new RegExp(`^${name}\\s*=(?!=)\\s*([\\s\\S]{0,60})`, 'gm'))].map((b) => b[1]) : [])).at(-1);
    // (`hf = HuggingFacePipeline.from_model_id(…)` is a model class's; `llm = make_llm()` or `Class.load(…)` is not.)
    const other = last !== undefined ? /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\s*\(/.exec(last) : null;
    const [head, attr] = other ? other[1].split('.') : [];
    const modelMaker = other && classes.has(head) && (attr === undefined || attr === 'from_model_id');
    const ownMethod = head === name;
    if (other && !modelMaker && !ownMethod && (/^[A-Z]/.test(head) || attr === undefined)) named.set(name, { refused: `\`${name}\` is last bound to \`${other[1]}(…)\` above the call, not a model class whose model the case can name` });
  }
  // The chain names the one it was built on (`LLMChain(llm=llm, …)`): that one, whatever else the notebook makes.
  // (A keyword's name, `llm=llm_70b`, is no mention of a model named `llm`.)
  const used = [...named].filter(([name]) => new RegExp(`(?<![\\w.])${name}(?![\\w(]|\\s*=(?!=))`).test(chainText));
  if (used.length === 1) return used[0][1];
  // The chain's own definition makes its model inline (`prompt | ChatOpenAI(model="gpt-3.5-turbo")`): that one.
  const flat = chainDef.replace(/\s+/g, ' ');
  const inline = used.length === 0 && flat ? [...made].filter(([text]) => flat.includes(text)) : [];
  if (inline.length === 1) return inline[0][1];
  // An engine handed a model object of its own (`multi_modal_llm=gpt_4o`) that is none of those above: not `Settings.llm`, and not one the case can name.
  const given = [...chainText.matchAll(/(?<![\w.])(?:multi_modal_llm|llm)\s*=(?!=)\s*([A-Za-z_]\w*)(?![\w(.])/g)].map((m) => m[1]).filter((n) => !named.has(n) && n !== 'None');
  if (used.length === 0 && given.length) return { refused: `the engine is given its own model \`${given[0]}\`, made where the case cannot see which model it is` };
  // LlamaIndex: an engine given no model asks the global default, `Settings.llm = llm` (the last one set above).
  const global = vendor === 'llama_index' && used.length === 0 && !new RegExp(pattern.source).test(chainText) ? settingsLlm(cells, cell, named) : undefined;
  if (global) return global;
  // A model made with an argument that is not written out (`ModelTypes.GRANITE_13B_CHAT_V2`, a wrapped object) says why first.
  const refused = [...made.values()].find((v) => 'refused' in v);
  if (refused) return refused;
  const distinct = new Map([...made.values()].map((v) => [JSON.stringify(v), v]));
  if (distinct.size === 0) return undefined;
  if (distinct.size > 1) return { refused: `the notebook makes ${distinct.size} models (${[...made.keys()].map((t) => `\`${t.slice(0, 40)}\``).join(', ')}): which one the chain asks is not in the call` };
  return [...distinct.values()][0];
}

/** Generation keywords of a transformers pipeline that change its answer. */
const PIPELINE_PARAMETER = /^(?:temperature|max_new_tokens|max_length|top_p|top_k|do_sample|repetition_penalty|num_beams)$/;

/**
 * `HuggingFacePipeline(pipeline=generate_text)` over `generate_text = transformers.pipeline(model=model, …)`:
 * the model id is the pipeline's literal `model=` or what `model` was loaded from (`AutoModelForCausalLM.from_pretrained("mosaicml/mpt-7b")`);
 * its generation keywords are the parameters. Undefined when it cannot be followed.
 */
function wrappedPipeline(args: string[], cells: readonly CellInput[], cell: number, lookup: (name: string) => Json | undefined): ChainModel | undefined {
  const name = args.map((a) => /^pipeline\s*=\s*([A-Za-z_]\w*)$/.exec(a)?.[1]).find(Boolean);
  const sources = cells.slice(0, cell + 1).map((c) => (c.kind === 'code' ? c.source : ''));
  const made = (variable: string, maker: RegExp) => {
    for (const source of [...sources].reverse()) {
      const m = new RegExp(`^${variable}\\s*=\\s*(?:${maker.source})\\s*\\(`, 'm').exec(source);
      const end = m ? closing(source, m.index + m[0].length - 1) : -1;
      if (m && end > 0) return splitArguments(source.slice(m.index + m[0].length, end - 1));
    }
    return undefined;
  };
  const pipelineArgs = name ? made(name, /(?:transformers\.)?pipeline/) : undefined;
  if (!pipelineArgs) return undefined;
  let model: string | null = null;
  const params: Record<string, Json> = {};
  for (const arg of pipelineArgs) {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
    if (!kw) continue;
    if (kw[1] === 'model') {
      const loaded = /^[A-Za-z_]\w*$/.test(kw[2].trim()) ? made(kw[2].trim(), /[\w.]+\.from_pretrained/)?.[0] : kw[2];
      try {
        const id = loaded === undefined ? undefined : evaluate(loaded, lookup);
        if (typeof id === 'string') model = id;
      } catch {
        // not written out: below
      }
      if (model === null) return { refused: `the chain's model \`HuggingFacePipeline(…)\` wraps a pipeline whose model (\`${kw[2].trim().slice(0, 40)}\`) is not written out` };
    } else if (PIPELINE_PARAMETER.test(kw[1])) {
      try {
        params[kw[1]] = evaluate(kw[2], lookup);
      } catch {
        return { refused: `the chain's model \`HuggingFacePipeline(…)\` wraps a pipeline made with \`${kw[1]}\`, which is not written out` };
      }
    }
  }
  return model === null ? undefined : { model, params };
}

/** The model LlamaIndex's `Settings.llm` was last set to (a model object bound to a name, or made there). */
function settingsLlm(cells: readonly CellInput[], cell: number, named: ReadonlyMap<string, ChainModel>): ChainModel | undefined {
  const sets = cells.slice(0, cell + 1).flatMap((c) => (c.kind === 'code' ? [...c.source.matchAll(/^Settings\.llm\s*=\s*([A-Za-z_]\w*)\s*$/gm)].map((m) => m[1]) : []));
  const last = sets.at(-1);
  return last !== undefined ? named.get(last) : undefined;
}

/** A model object's model id and literal parameters, or why they are not written out. */
function modelOf(maker: string, args: string[], lookup: (name: string) => Json | undefined): ChainModel {
  let model: string | null = null;
  const params: Record<string, Json> = {};
  for (const [k, arg] of args.entries()) {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
    if (kw && NOT_A_PARAMETER.test(kw[1])) continue;
    let value: Json;
    try {
      value = evaluate(kw ? kw[2] : arg, lookup);
    } catch {
      return { refused: `the chain's model \`${maker}(…)\` is made with \`${(kw ? kw[1] : arg).slice(0, 40)}\`, which is not written out` };
    }
    if (kw && MODEL_KEYWORD.test(kw[1])) model = typeof value === 'string' ? value : model;
    else if (!kw && k === 0 && typeof value === 'string') model = value;
    else if (kw) params[kw[1]] = value;
  }
  return { model, params };
}
