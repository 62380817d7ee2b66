// Finds the language-model call in a cell (anywhere in it, by client library)
// and resolves its prompt, model id and parameters from literals in that cell
// and the cells above it. Says why when it cannot.
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { CHAT_ROLES } from '../knowledge/llmMessages';
import { pipelineDefaultModel } from '../knowledge/hfPipelineDefaults';
import { HF_PIPELINE_TASKS, LLM_CALLS, OPENAI_COMPATIBLE_SDKS, type LlmCallShape } from './llmCalls';
import { splitInstructions } from './instructions';
import { type AttachmentRef, evaluate, type EvaluateOptions, holdsAttachment, type Json, Unresolved } from './resolve';
import { expandChainBuilder, framingPrinters, rewrapHelpers, templateFunctions } from './templateFunctions';
import { fileEncoders, flattenFileReads, takeAttachments } from './attachments';
import { type PrintedText, printedTexts } from './printed';
import { bracketDepth, closing, codeOnly, splitArguments, withoutComments } from './split';
import { chainModel, MODEL_KEYWORD, MODEL_OBJECT } from './chainModel';
import { topLevelFunction } from './functionBody';
import { chainRefusal, chainTemplate, renderedPrompt, renderTemplate, templateInput, TOOL_OBJECT } from './chainKind';
import { enumValue, importedEnums } from '../knowledge/llmEnums';
import type { ModelRef } from './caseFormat';
import { clientEndpoint, type Endpoint } from './endpoint';

export interface LlmCall {
  vendor: string;
  /** The callee as written: `client.chat.completions.create`. */
  callee: string;
  input: { prompt?: string; messages?: Json; request?: Json; variables?: Record<string, Json> };
  /** The model id, or the environment variable that names it (an Azure deployment: `os.getenv("AZURE_OPENAI_DEPLOYMENT_NAME")`). */
  model: ModelRef | null;
  params: Record<string, Json>;
  /** The source the prompt was built from (expression and the definitions it used): hashed as the prompt version. */
  template: string;
  /** How many times the cell asks the model (a loop counts as many). */
  calls: number;
  /** Where each model call of the cell opens its arguments (the position of its `(`), in source order. */
  sites: number[];
  /** The answer arrives in chunks (`stream=True`, `generate_content_stream`). */
  streamed: boolean;
  /** The model is handed tools (function calling): what the cell prints mixes tool calls and output with the answer. */
  tools: boolean;
  /** The system instruction sent with the prompt (a keyword, a config object's, or the chat's or model object's it was made with). */
  system?: string;
  /** The tool definitions, written out (a case can then hold the model's tool call). */
  toolDefs?: Json[];
  /** The cells above that asked the same chat before, in order (each asked it once). */
  earlierTurns?: number[];
  /** Files sent with the prompt, by a literal path or URL (moved out of the prompt). */
  attachments?: AttachmentRef[];
  /** The parameters a case records: `params` without the system instruction and the tools (they are input). */
  caseParams: Record<string, Json>;
  /** What the cell prints, to cut the saved output down to the answer. */
  printed: PrintedText[];
  /** Where the call sits in the cell's source (from the callee to its closing parenthesis). */
  span: { start: number; end: number };
  /** The argument that carries the prompt: its keyword (`0`: first positional) and its source text. */
  promptKey: string | 0;
  promptText: string;
  promptValue: Json;
  /** Arguments sent with the call that are not written out (keywords that did not resolve, extra positionals). */
  unresolved: string[];
  /** The model id is a keyword of the call itself (not read from the client object). */
  keywordModel: boolean;
  /** Asked through Azure OpenAI (an `AzureOpenAI(…)` client, or `openai.api_type = "azure"`): the gate makes an Azure client. */
  azure?: true;
  /** A pipeline handed a literal list of texts at once (`classifier(["…", "…"])`): it answers each; `input.prompt` joins them. */
  batch?: string[];
  /** The key of the chain's returned dict that holds the answer (`LLMChain(…, output_key="title")`). */
  outputKey?: string;
  /** The server the client was pointed at (`OpenAI(base_url="http://localhost:11434/v1")`): absent for the vendor's own API. */
  endpoint?: Endpoint;
  /** How the object the call is made on was made (`llm = ChatOpenAI(model="gpt-4o-mini")`), its arguments resolved; `computed` names one that is not written out. */
  maker?: { name: string; callee: string; positional: Json[]; keywords: Record<string, Json>; computed?: string; computedKeywords?: string[] };
}

/** A model id read from the environment: `os.getenv("X")`, `os.environ["X"]`, `os.environ.get("X", "default")`. */
const ENV_READ = /^(?:os\.)?(?:getenv|environ\.get)\(\s*(['"])([A-Za-z_]\w*)\1\s*(?:,\s*(['"])([^'"\\\n]*)\3\s*)?,?\s*\)$|^(?:os\.)?environ\[\s*(['"])([A-Za-z_]\w*)\5\s*\]$/;

/** The environment variable a model argument reads, directly or through the name it was last bound to at the top level. */
function envModel(text: string, defs: readonly Definition[]): ModelRef | undefined {
  const read = (t: string) => {
    const m = ENV_READ.exec(t.replace(/\s*#.*$/, '').trim());
    if (!m) return undefined;
    return m[2] ? { env: m[2], ...(m[4] ? { default: m[4] } : {}) } : { env: m[6] };
  };
  const name = text.trim();
  if (!/^[A-Za-z_]\w*$/.test(name)) return read(name);
  const def = [...defs].reverse().find((d) => d.name === name);
  return def ? read(def.text) : undefined;
}

/** Keywords that carry input beside the prompt (grounding documents, earlier turns, files). */
const INPUT_KEYWORDS = /^(?:documents|chat_history|history|context|images|files|tool_results|conversation)$/;

/** A chain that keeps the conversation (`RunnableWithMessageHistory(agent, get_session_history, …)`). */
const WITH_HISTORY = /\bRunnableWithMessageHistory\b/;

/** Agents that answer by running code over a data frame, a CSV or a database the case does not hold. */
const DATA_AGENT = /\bcreate_(?:pandas_dataframe|csv|sql|spark_dataframe)_agent\b|\b(?:NLSQLTable|SQLTableRetriever|SQLJoin|Pandas)QueryEngine\b/;

/** Attributes of a response that describe the call, not the answer (`response.model`, `response.usage`). */
const RESPONSE_METADATA = 'model|id|usage|created|system_fingerprint|response_metadata|usage_metadata|model_version|stop_reason|finish_reason';

/** Settings of a pipeline that cut or shape its answer (made with the pipeline, not passed in the call). */
const GENERATION_SETTING = /^(?:max_length|max_new_tokens|min_length|min_new_tokens|temperature|top_p|top_k|do_sample|num_beams|repetition_penalty|truncation|return_full_text)$/;

/** A print or display of the answer sliced (`print(answer[:200])`, `print(r.text[0:500])`): the slice is group 1. */
const SLICED_SHOW = (name: string) => new RegExp(`(?<![\\w.])(?:print|display|Markdown)\\((?:[^()\\n]|\\([^()\\n]*\\))*?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w(])[\\w.'"\\[\\]]*?(\\[\\s*-?\\d*\\s*:\\s*-?\\d+\\s*\\])`);

/** A LangGraph notebook whose graph calls tools (an agent made with tools, a tool node). */
const GRAPH_TOOLS = /\bcreate_\w*agent\b|\bToolNode\b|\.bind_tools\(|\btools_condition\b/;

/** LlamaIndex agents (they keep a chat memory across `.query`/`.chat` calls and call tools). */
const LLAMA_AGENT = /\b(?:AgentRunner|\w*AgentWorker|ReActAgent|OpenAIAgent|FunctionCallingAgent|FunctionAgent|AgentWorkflow)\b|\.as_chat_engine\(/;

/** Receivers of `.invoke` that fetch documents or run tools, not a model. */
const NOT_A_MODEL = /retriev|vector_?store|vectordb|docsearch|(?:^|_)db$|search|tool|loader|splitter|embed|graph$|parser$/i;

interface Definition {
  cell: number;
  name: string;
  text: string;
}

/** `transformers.pipeline(…)` is the same function as `from transformers import pipeline`'s: read as `pipeline(…)`. */
const definitionText = (text: string) => text.replace(/^transformers\.pipeline(?=\s*\()/, 'pipeline');

function importedModules(statements: Statement[]): string[] {
  const out: string[] = [];
  for (const st of statements.filter((s) => s.kind === 'import')) {
    const from = /^from\s+([\w.]+)\s+import/.exec(st.text.trim());
    if (from) out.push(from[1]);
    else for (const part of st.text.replace(/^import\s+/, '').split(',')) out.push(part.trim().split(/\s+/)[0]);
  }
  return out;
}

const inComment = (source: string, at: number) => source.slice(source.lastIndexOf('\n', at) + 1, at).replace(/(['"]).*?\1/g, '').includes('#');

const TOOLS = /\btools\s*=|['"]tools['"]\s*:|enable_automatic_function_calling|function_declarations|\.bind_tools\(/;

/** The call, its receiver or what the receiver was made from hands the model tools (function calling). */
const usesTools = (args: string, callee: string, defs: readonly Definition[]) => chainMentions(TOOLS, args, callee, defs);

/** `pattern` is in the call's arguments, its receiver's definition or the definitions that one names (three levels deep). */
function chainMentions(pattern: RegExp, args: string, callee: string, defs: readonly Definition[]): boolean {
  if (pattern.test(args)) return true;
  const seen = new Set<string>();
  // The receiver, and a config or tools passed by name (`config=config`).
  let names = [callee.split('.')[0], ...[...args.matchAll(/\b(?:config|generation_config|tools|tool_config|toolConfig)\s*=\s*([A-Za-z_]\w*)\s*(?=[,)]|$)/gm)].map((m) => m[1])];
  for (let depth = 0; depth < 3 && names.length; depth++) {
    const next: string[] = [];
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      const def = [...defs].reverse().find((d) => d.name === name);
      if (!def) continue;
      if (pattern.test(def.text)) return true;
      // The receiver's maker and the names passed to it: `chat = client.chats.create(config=config)`.
      next.push(...(def.text.match(/(?<![\w.'"])[A-Za-z_]\w*/g) ?? []));
    }
    names = next;
  }
  return false;
}

/** The call sits in the body of a `for`/`while` loop (its answers are printed one after another). */
function insideLoop(source: string, at: number): boolean {
  const lines = source.slice(0, at).split('\n');
  let indent = /^\s*/.exec(lines[lines.length - 1])![0].length;
  for (let k = lines.length - 2; k >= 0 && indent > 0; k--) {
    if (!lines[k].trim()) continue;
    const own = /^\s*/.exec(lines[k])![0].length;
    if (own >= indent) continue;
    if (/^\s*(?:for|while|async\s+for)\b/.test(lines[k])) return true;
    indent = own;
  }
  return false;
}

const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type FindResult = { call: LlmCall } | { refused: string; modelCall: boolean };

/** An OpenAI-shaped call is the vendor of the SDK the notebook imports instead of openai's (`from together import Together`). */
function sdkVendor(shape: LlmCallShape, imports: (req: readonly string[]) => boolean): string {
  if (shape.vendor !== 'openai' || imports(['openai'])) return shape.vendor;
  return OPENAI_COMPATIBLE_SDKS.find((sdk) => imports([sdk.module.split('.')[0]]))?.vendor ?? shape.vendor;
}

/** The top-level bindings of the cells above (and the modules the cells import, this one included). */
function earlierDefinitions(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[]): { defs: Definition[]; modules: string[] } {
  const defs: Definition[] = [];
  const modules: string[] = [];
  for (let k = 0; k <= cell; k++) {
    if (cells[k].kind !== 'code') continue;
    const sts = statements(k === cell ? cells[k].source : flattenFileReads(cells[k].source));
    modules.push(...importedModules(sts));
    if (k === cell) continue;
    for (const st of sts) {
      const m = /^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)\s*([\s\S]+)$/.exec(st.text);
      if (m) defs.push({ cell: k, name: m[1], text: definitionText(m[2]) });
    }
  }
  return { defs, modules };
}

type Lookup = (name: string) => Json | undefined;

/**
 * Adds this cell's top-level bindings made before `cutoff` to `defs`, and gives the lookup of literal values as they
 * stand at `at` (a name changed in place or rebound in a block before it has none); `used` collects the definitions read.
 */
function cellScope(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[], defs: Definition[], cutoff: number, at: number, evalOptions: EvaluateOptions, used: string[]) {
  const source = cells[cell].source;
  for (const st of statements(source)) {
    if (st.start >= cutoff) break;
    // A `with open(…, "rb")` block reading the file is read as the assignments it makes.
    for (const flat of /^with\s/.test(st.text) ? statements(flattenFileReads(st.text)) : [st]) {
      const m = /^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)\s*([\s\S]+)$/.exec(flat.text);
      if (m) defs.push({ cell, name: m[1], text: definitionText(m[2]) });
    }
  }
  // A name changed in place or rebound inside a block (a loop, a function) after its literal: its value at the call is not known.
  const before = [...cells.slice(0, cell).filter((c) => c.kind === 'code').map((c) => c.source), source.slice(0, at)].map(flattenFileReads).join('\n');
  const changedLater = (name: string) => {
    // Only what follows the name's last top-level binding counts.
    const last = [...before.matchAll(new RegExp(`^${name}\\s*(?::[^=\\n]*)?=(?!=)`, 'gm'))].at(-1);
    return changedAfter(name, last?.index !== undefined ? before.slice(last.index + last[0].length) : before);
  };
  const enums = importedEnums(cells.slice(0, cell + 1).map((c) => (c.kind === 'code' ? c.source : '')));
  const lookupBefore = (limit: number): Lookup => (name: string): Json | undefined => {
    // An SDK enum's member is its value (`ModelTypes.FLAN_UL2` → "google/flan-ul2"); `model_id.value` of a name bound to one.
    if (name.includes('.')) {
      const direct = enumValue(name, enums);
      if (direct !== undefined || !/^[A-Za-z_]\w*\.value$/.test(name)) return direct;
      const base = name.slice(0, -'.value'.length);
      const def = [...defs.slice(0, limit)].reverse().find((d) => d.name === base);
      return def && !changedLater(base) ? enumValue(def.text, enums) : undefined;
    }
    if (changedLater(name)) return undefined;
    for (let k = limit - 1; k >= 0; k--) {
      if (defs[k].name !== name) continue;
      try {
        const v = evaluate(defs[k].text, lookupBefore(k), evalOptions);
        used.push(`${name} = ${defs[k].text}`);
        return v;
      } catch {
        // A prompt rendered from a template written out (`prompt_value = prompt.invoke({…})`, holdout14): what the template renders.
        const rendered = renderedPrompt(defs[k].text, (n) => [...defs.slice(0, k)].reverse().find((d) => d.name === n)?.text, lookupBefore(k));
        if (rendered !== undefined) {
          used.push(`${name} = ${defs[k].text}`, `# renders ${JSON.stringify(rendered)}`);
          return rendered;
        }
        const shown = printedValue(cells, defs[k], cell, name);
        if (shown !== undefined) used.push(`${name} = ${defs[k].text}`);
        return shown;
      }
    }
    return undefined;
  };
  return Object.assign(lookupBefore(defs.length), { before: lookupBefore });
}

/** A name changed in place, or rebound inside a block, in `text`. */
function changedAfter(name: string, text: string): boolean {
  return new RegExp(`(?<![\\w.])${name}(?:\\.(?:append|extend|insert|update|add|pop|clear)\\(|\\[[^\\]\\n]*\\]\\s*=(?!=)|\\s*[+\\-*|]=)|^[ \\t]*(?:global|nonlocal)\\s+[\\w, ]*\\b${name}\\b`, 'm').test(text)
    // Rebound inside a block; a keyword argument of a call spread over lines (`    config=config,`) is no binding, nor
    // the wait for an uploaded file (`file = client.files.get(name=file.name)` while it is processing): it is the same file.
    || [...text.matchAll(new RegExp(`^[ \\t]+${name}\\s*(?::[^=\\n]*)?=(?!=)(?![ \\t]*[\\w.]*\\bfiles\\.get\\(\\s*name\\s*=\\s*${name}\\.name\\s*\\)[ \\t]*$)`, 'gm'))].some((m) => bracketDepth(text, m.index) <= 0);
}

/** The one prompt a verbose LangChain chain logged in the cell's saved output (green, after `Prompt after formatting:`); undefined unless exactly one. */
function loggedPrompt(c: CellInput): string | undefined {
  const logs = [...(c.outputs ?? []).join('').matchAll(/Prompt after formatting:\n\x1b\[32;1m\x1b\[1;3m([\s\S]*?)\x1b\[0m/g)];
  return logs.length === 1 && logs[0][1].trim() ? logs[0][1] : undefined;
}

/** The literal value of names as they stand at `at` in the cell (a loop's list, a print's argument). */
export function literalLookup(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[], at: number): Lookup {
  const { defs } = earlierDefinitions(cells, cell, statements);
  return cellScope(cells, cell, statements, defs, at, at, { files: { encoders: fileEncoders(cells.slice(0, cell + 1)) }, templates: templateFunctions(cells.slice(0, cell + 1)) }, []);
}

/** What a name was last bound to at the top level before `at` in the cell, or in a cell above (its definition's text). */
export function definitionLookup(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[], at: number): (name: string) => string | undefined {
  const { defs } = earlierDefinitions(cells, cell, statements);
  for (const st of statements(cells[cell].source)) {
    if (st.start >= at) break;
    const m = /^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)\s*([\s\S]+)$/.exec(st.text);
    if (m) defs.push({ cell, name: m[1], text: definitionText(m[2]) });
  }
  return (name) => [...defs].reverse().find((d) => d.name === name)?.text;
}

export interface FindOptions {
  /** Which call of the cell (the position of its opening parenthesis): the first when not given. */
  open?: number;
  /** Values of names the cell binds itself (a loop's variable on one of its literal items). */
  bindings?: Record<string, Json>;
  /** A pipeline handed a literal list of texts is found (with `batch`), not refused: the caller makes a case per text. */
  batches?: boolean;
}

/** `made`: the client made in the call's own expression (`OpenAI(base_url=…).chat.completions.create(…)`), its text. */
type CallSite = { at: number; open: number; callee: string; shape: LlmCallShape; made?: string };

/** Every model call in the cell's source, by the client libraries the notebook imports (a call matching several shapes is listed once per shape, table order first). */
function callSites(source: string, imports: (req: readonly string[]) => boolean, defs: readonly Definition[], definedFunctions: ReadonlySet<string>): CallSite[] {
  const candidates: CallSite[] = [];
  const consider = (site: CallSite) => candidates.push(site);
  for (const shape of LLM_CALLS) {
    if (!imports(shape.requires)) continue;
    const escaped = shape.method.replace(/\./g, '\\.');
    // A module's own function (`ollama.chat(…)`) is matched whole; a client's method after its receiver.
    const re = shape.method.startsWith(`${shape.vendor}.`)
      ? new RegExp(`(?<![\\w.])(${escaped})\\s*\\(`, 'g')
      : new RegExp(`([A-Za-z_][\\w]*(?:(?:\\.[A-Za-z_]\\w*)|(?:\\(\\)))*)\\.${escaped}\\s*\\(`, 'g');
    for (let m = re.exec(source); m; m = re.exec(source)) {
      if (inComment(source, m.index)) continue;
      if (shape.vendor === 'langchain' && (NOT_A_MODEL.test(m[1].split('.').at(-1) ?? '') || definedFunctions.has(m[1]))) continue;
      consider({ at: m.index, open: m.index + m[0].length - 1, callee: shape.method.includes('.') && m[1] === shape.method ? m[1] : `${m[1]}.${shape.method}`, shape });
    }
    // A client made with arguments in the call's own expression (`OpenAI(base_url=…, api_key=…).chat.completions.create(…)`, holdout20):
    // the client class's call is the receiver (an empty `OpenAI()` is matched above).
    if (!shape.method.startsWith(`${shape.vendor}.`) && shape.vendor !== 'langchain' && shape.vendor !== 'llama_index' && new RegExp(`\\)\\s*\\.${escaped}\\s*\\(`).test(source)) {
      const made = /(?<![\w.])((?:[A-Za-z_]\w*\.)*([A-Z]\w*))\s*\(/g;
      for (let m = made.exec(source); m; m = made.exec(source)) {
        const open = m.index + m[0].length - 1;
        const end = closing(source, open);
        const after = end < 0 ? null : new RegExp(`^\\s*\\.${escaped}\\s*\\(`).exec(source.slice(end));
        if (!after || !source.slice(open + 1, end - 1).trim() || inComment(source, m.index)) continue;
        consider({ at: m.index, open: end + after[0].length - 1, callee: `${m[2]}(…).${shape.method}`, shape, made: source.slice(m.index, end) });
      }
    }
  }
  // Hugging Face pipelines: `pipe = pipeline("text-generation", …)` then `pipe(…)`.
  if (imports(['transformers'])) {
    for (const [k, d] of defs.entries()) {
      const p = /^pipeline\s*\(\s*(?:task\s*=\s*)?["']([\w-]+)["']/.exec(d.text);
      // Only the name's last binding above counts (`pipe = OnnxPipeline(…)` later is the notebook's own class, not this pipeline).
      if (!p || !HF_PIPELINE_TASKS.test(p[1]) || defs.slice(k + 1).some((later) => later.name === d.name)) continue;
      const re = new RegExp(`(?<![\\w.])${d.name}\\s*\\(`, 'g');
      const rebound = new RegExp(`^${d.name}\\s*(?::[^=\\n]*)?=(?!=)`, 'gm');
      for (let m = re.exec(source); m; m = re.exec(source)) {
        // Rebound in this cell before the call: no longer the pipeline.
        if ([...source.slice(0, m.index).matchAll(rebound)].length) continue;
        if (!inComment(source, m.index)) consider({ at: m.index, open: m.index + m[0].length - 1, callee: d.name, shape: { vendor: 'huggingface', method: d.name, prompt: [0, 'inputs', 'text_inputs'], requires: [] } });
      }
    }
    // Made at the top level of this cell (`classifier = pipeline("sentiment-analysis", …)` then `classifier(…)`):
    // only calls after it, and before the name is bound again, are the pipeline's.
    for (const d of source.matchAll(/^([A-Za-z_]\w*)\s*=\s*(?:transformers\.)?pipeline\s*\(\s*(?:task\s*=\s*)?["']([\w-]+)["']/gm)) {
      if (!HF_PIPELINE_TASKS.test(d[2]) || inComment(source, d.index)) continue;
      const from = d.index + d[0].length;
      const re = new RegExp(`(?<![\\w.])${d[1]}\\s*\\(`, 'g');
      re.lastIndex = from;
      const rebound = new RegExp(`^${d[1]}\\s*(?::[^=\\n]*)?=(?!=)`, 'gm');
      for (let m = re.exec(source); m; m = re.exec(source)) {
        if ([...source.slice(from, m.index).matchAll(rebound)].length) break;
        if (!inComment(source, m.index)) consider({ at: m.index, open: m.index + m[0].length - 1, callee: d[1], shape: { vendor: 'huggingface', method: d[1], prompt: [0, 'inputs', 'text_inputs'], requires: [] } });
      }
    }
  }
  return candidates;
}

const functionsDefined = (cells: readonly CellInput[], cell: number) => new Set(cells.slice(0, cell + 1).flatMap((c) => (c.kind === 'code' ? [...c.source.matchAll(/^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/gm)].map((m) => m[1]) : [])));
const importsOf = (modules: readonly string[]) => (req: readonly string[]) => modules.some((m) => req.some((r) => m === r || m.startsWith(`${r}.`)));

/** Where each model call of the cell opens its arguments, in source order (even when no case can be made of them). */
export function modelCallSites(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[]): number[] {
  const { defs, modules } = earlierDefinitions(cells, cell, statements);
  return [...new Set(callSites(cells[cell].source, importsOf(modules), defs, functionsDefined(cells, cell)).filter((c) => !noModelReceiver(c, cells[cell].source, defs, statements)).map((c) => c.open))].sort((a, b) => a - b);
}

export function findLlmCall(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[], options: FindOptions = {}): FindResult {
  const source = cells[cell].source;
  const { defs, modules } = earlierDefinitions(cells, cell, statements);
  // Functions the notebook defines (a LangChain `@tool` is invoked like a chain, but runs the notebook's code).
  // LangChain / LlamaIndex model classes the notebook defines (`class Gemma2LLM(LLM):`).
  const notebookModelClasses = new Set(cells.slice(0, cell + 1).flatMap((c) => (c.kind === 'code' ? [...c.source.matchAll(/^class\s+([A-Za-z_]\w*)\s*\(\s*(?:[\w.]*\.)?(?:LLM|BaseLLM|BaseChatModel|SimpleChatModel|CustomLLM)\s*\)/gm)].map((m) => m[1]) : [])));
  const definedFunctions = functionsDefined(cells, cell);
  const files = { encoders: fileEncoders(cells.slice(0, cell + 1)) };
  const evalOptions: EvaluateOptions = { files, templates: templateFunctions(cells.slice(0, cell + 1)) };
  const imports = importsOf(modules);

  // The first model call in the cell, by position (or the one asked for).
  // (A template rendered, a retriever or splitter run, is no model call: `prompt.invoke({…})` before `llm.invoke(messages)`.)
  const sites = callSites(source, imports, defs, definedFunctions);
  const candidates = sites.filter((c) => !noModelReceiver(c, source, defs, statements));
  if (sites.length && !candidates.length) return { refused: noModelReceiver(sites[0], source, defs, statements)!, modelCall: false };
  // The same call can match several shapes: the first in the table wins.
  const opens = new Set(candidates.map((c) => c.open));
  const found = options.open !== undefined ? candidates.find((c) => c.open === options.open) : candidates.reduce<CallSite | undefined>((first, c) => (!first || c.at < first.at ? c : first), undefined);
  if (!found) return { refused: 'no language-model call found in the cell', modelCall: false };

  // A function defined in this cell and called once below it: its parameters are that call's arguments.
  const wrapper = enclosingFunction(source, found.at);
  // A call in a function or class the cell does not call once (as written): its parameters are unknown and the cell's output is not this call's answer.
  const holder = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/.exec(source.slice(0, found.at).split('\n').filter((l) => /^\S/.test(l) && !/^[)\]}#]/.test(l)).at(-1) ?? '');
  if (!wrapper && holder && /^[ \t]/.test(source.slice(source.lastIndexOf('\n', found.at) + 1))) return { refused: `the call sits in \`${holder[1]}\`, which the cell does not call once with its arguments written out: its saved output is not this call's answer`, modelCall: true };
  // Names in this cell bound before the call (before the function's call, for a call in a function) are visible too.
  const cutoff = wrapper?.callAt ?? found.at;
  const used: string[] = [];
  const scope = cellScope(cells, cell, statements, defs, cutoff, found.at, evalOptions, used);
  // The receiver is an instance of a class the notebook writes itself (`agent_executor = CustomAgentExecutor()`, holdout14):
  // `.invoke` runs that class's code (a loop over the model and tools), not one model call the case could replay.
  const ownInstance = notebookInstance(found.callee, cells, cell, defs, notebookModelClasses);
  if (ownInstance) return { refused: `\`${found.callee.split('.')[0]}\` is an instance of the notebook's own class \`${ownInstance}\`: the call runs that class's code${ownInstance && /^\s+(?:while|for)\s/m.test(classText(cells, cell, ownInstance)) ? ' (its own loop)' : ''}, not one model call, and what it sends the model is not in the case`, modelCall: true };
  const bindings = options.bindings ?? {};
  const topLookup: Lookup = (name) => {
    if (!(name in bindings)) return scope(name);
    used.push(`${name} = ${JSON.stringify(bindings[name])}`);
    return bindings[name];
  };
  let lookup = topLookup;
  // The function's own bindings before the call (`model = GenerativeModel("gemini-pro")` in its body): the receiver may be made there.
  let localDefs: Definition[] = [];
  if (wrapper) {
    const bound = new Map<string, Json>();
    wrapper.args.forEach((arg, k) => {
      if (wrapper.params[k] === undefined) return;
      try {
        bound.set(wrapper.params[k], evaluate(arg, topLookup, evalOptions));
      } catch {
        // this argument is computed (a client object): its parameter stays unknown, the others are still known
      }
    });
    // The function's own names bound before the call (`messages = [...]` in its body).
    const body = dedent(source.slice(wrapper.bodyStart, found.at));
    const locals = statements(body).flatMap((st) => {
      const m = /^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)\s*([\s\S]+)$/.exec(st.text);
      return m ? [{ name: m[1], text: m[2], after: body.slice(st.end) }] : [];
    });
    const inFunction = (name: string): Json | undefined => {
      const local = [...locals].reverse().find((l) => l.name === name);
      if (local) {
        if (changedAfter(name, local.after)) return undefined;
        try {
          const v = evaluate(local.text, inFunction, evalOptions);
          used.push(`${name} = ${local.text}`);
          return v;
        } catch {
          return undefined;
        }
      }
      if (bound.has(name)) return bound.get(name);
      return wrapper.params.includes(name) ? undefined : topLookup(name);
    };
    lookup = inFunction;
    localDefs = locals.map((l) => ({ cell, name: l.name, text: l.text }));
  }

  const end = closing(source, found.open);
  if (end < 0) return { refused: 'the model call is not complete', modelCall: true };
  const args = splitArguments(source.slice(found.open + 1, end - 1));
  const positional: string[] = [];
  const keywords = new Map<string, string>();
  for (const a of args) {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(a);
    if (kw) keywords.set(kw[1], kw[2]);
    else if (a.startsWith('*')) return { refused: `the call's arguments are unpacked (\`${a.slice(0, 30)}\`)`, modelCall: true };
    else positional.push(a);
  }
  // A second positional argument (an image, a file) is part of the input: it must be written out too.
  for (const extra of positional.slice(1)) {
    try {
      if (holdsAttachment(evaluate(extra, lookup, evalOptions))) throw new Unresolved(extra);
    } catch {
      return { refused: `the call also sends \`${extra.slice(0, 30)}\`, which is computed, not written out`, modelCall: true };
    }
  }
  // instructor's patched client (`instructor.from_openai(…)`): the call returns a pydantic object, and the cell prints its fields, not the model's text.
  if (keywords.has('response_model')) return { refused: 'the call returns a structured object (`response_model=`, instructor): the saved output is its fields as the cell printed them, not the model\'s answer', modelCall: true };
  let promptKey = found.shape.prompt.find((k) => (k === 0 ? positional.length > 0 : keywords.has(k)));
  let promptText = promptKey === undefined ? undefined : promptKey === 0 ? positional[0] : keywords.get(promptKey)!;
  // A chain called with its template's variables as keywords (`chain.predict(instruction="…")`).
  if (promptKey === undefined && found.shape.vendor === 'langchain' && keywords.size > 0 && positional.length === 0) {
    promptKey = '**variables';
    promptText = `dict(${[...keywords].map(([k, v]) => `${k}=${v}`).join(', ')})`;
    keywords.clear();
  }
  // An extractive question-answering pipeline asked with `question=` and `context=` (the HF course): both are its input, the case's variables.
  if (promptKey === undefined && found.shape.vendor === 'huggingface' && positional.length === 0 && QA_INPUTS.every((k) => keywords.has(k))) {
    promptKey = '**variables';
    promptText = `dict(${QA_INPUTS.map((k) => `${k}=${keywords.get(k)}`).join(', ')})`;
    QA_INPUTS.forEach((k) => keywords.delete(k));
  }
  if (promptKey === undefined || promptText === undefined) return { refused: 'the model call has no prompt argument', modelCall: true };
  let prompt: Json;
  try {
    prompt = evaluate(promptText, lookup, evalOptions);
  } catch (error) {
    if (!(error instanceof Unresolved)) throw error;
    // A template rendered in the call itself (`llm.invoke(tpl.format(country="Peru"))`).
    const rendered = renderedPrompt(promptText, (n) => [...defs].reverse().find((d) => d.name === n)?.text, lookup);
    if (rendered === undefined) return { refused: `the prompt is not a literal in the notebook (\`${error.what}\` is computed, not written out)`, modelCall: true };
    prompt = rendered;
    used.push(`# renders ${JSON.stringify(rendered)}`);
  }
  // Files sent with the prompt (an image, a PDF, audio): the case holds them as attachments, beside the text.
  const attached = takeAttachments(prompt);
  if ('refused' in attached) return { refused: attached.refused, modelCall: true };
  prompt = attached.prompt;
  // A prompt builder's template is part of the prompt's version: changing it changes what is sent for every question.
  const builders = [...(evalOptions.templates ?? [])].filter(([name]) => [promptText, ...used].some((t) => new RegExp(`(?<![\\w.])${name}\\s*\\(`).test(t)));
  let template = [promptText, ...used, ...builders.map(([name, fn]) => `def ${name} = ${JSON.stringify(fn)}`)].join('\n');
  const input: LlmCall['input'] = {};
  // LangChain's tuple shorthand, `[("system", "…"), ("human", "…")]`: a messages list.
  if (Array.isArray(prompt) && prompt.length && prompt.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && p[0].toLowerCase() in CHAT_ROLES && typeof p[1] === 'string')) {
    prompt = (prompt as [string, string][]).map(([role, content]) => ({ role: CHAT_ROLES[role.toLowerCase()], content }));
  }
  if (typeof prompt === 'string') {
    if (found.shape.vendor === 'bedrock' && promptKey === 'body') {
      try {
        input.request = JSON.parse(prompt) as Json;
      } catch {
        input.prompt = prompt;
      }
    } else input.prompt = prompt;
  } else if (Array.isArray(prompt) && (/messages/.test(String(promptKey)) || prompt.every((p) => typeof p === 'object' && p !== null && !Array.isArray(p) && 'role' in p))) input.messages = prompt;
  else if (isRecord(prompt) && (found.shape.vendor === 'langchain' || found.shape.vendor === 'llama_index' || promptKey === '**variables')) input.variables = prompt;
  else if (Array.isArray(prompt) && prompt.every((p) => typeof p === 'string')) input.prompt = (prompt as string[]).join('\n');
  else input.request = prompt;
  if (JSON.stringify(input).length < 4 && !attached.attachments.length) return { refused: 'the prompt is empty', modelCall: true };

  let model: ModelRef | null = null;
  const params: Record<string, Json> = {};
  const unresolved = positional.slice(1);
  const namesModel = (key: string) => key === found.shape.model || key === 'model' || key === 'model_id' || key === 'modelId';
  // openai < 1.0 names the model (an Azure deployment) with `engine=` or `deployment_id=`: the v1 client takes neither.
  const namesDeployment = (key: string) => found.shape.vendor === 'openai' && (key === 'engine' || key === 'deployment_id');
  for (const [key, text] of keywords) {
    if (key === promptKey) continue;
    let value: Json;
    try {
      value = evaluate(text, lookup);
    } catch {
      // A model read from the environment (an Azure deployment name) is recorded as that variable: the gate reads it at run time.
      const fromEnv = namesModel(key) || namesDeployment(key) ? envModel(text, defs) : undefined;
      if (fromEnv) {
        model = fromEnv;
        continue;
      }
      // A case recording no model (or the library's default) for a call that named one asks another model.
      if (namesModel(key)) return { refused: `the call's model (\`${key}=${text.trim().slice(0, 40)}\`) is not written out`, modelCall: true };
      unresolved.push(key);
      continue;
    }
    if (namesModel(key) || namesDeployment(key)) model = typeof value === 'string' ? value : model;
    else params[key] = value;
  }
  // Input sent beside the prompt that is computed (Cohere's grounding `documents=` from a search, a chat history): the answer rests on it, the case would not send it.
  const sentInput = unresolved.find((k) => INPUT_KEYWORDS.test(k));
  if (sentInput) return { refused: `the call also sends \`${sentInput}=${(keywords.get(sentInput) ?? '').trim().slice(0, 30)}\`, which is computed, not written out`, modelCall: true };
  // An output schema that is not written out (`response_format={"type": "json_object", "schema": Specs.model_json_schema()}`): the answer's shape follows it, the case would ask without it.
  const shape = unresolved.find((k) => /^(?:response_format|response_schema|json_schema|guided_json|format)$/.test(k));
  if (shape) return { refused: `the call's \`${shape}\` (the answer's schema) is computed, not written out: the case would ask without it`, modelCall: true };
  // A system instruction the case cannot record: the answer followed instructions the case would not send.
  for (const [key, text] of keywords) {
    if (key in params || key === promptKey || !/^(?:system|system_instruction|system_prompt|config|generation_config)$/.test(key)) continue;
    const def = /^[A-Za-z_]\w*$/.test(text.trim()) ? [...defs].reverse().find((d) => d.name === text.trim())?.text ?? '' : '';
    if (!/config$/.test(key) || /system_instruction|system_prompt/.test(text + def)) return { refused: `the call's \`${key}\` (its system instruction) is computed, not written out`, modelCall: true };
  }
  const keywordModel = model !== null;
  // A client made in the call's expression is the receiver's definition.
  const receiverDefs = [...defs, ...localDefs, ...(found.made ? [{ cell, name: found.callee.split('.')[0], text: definitionText(found.made) }] : [])];
  const maker = objectMaker(found.callee.split('.')[0], receiverDefs, topLookup);
  // The server the client asks (`OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")` is Ollama): recorded, or refused when not written out.
  const receiverDefOf = (name: string) => [...receiverDefs].reverse().find((d) => d.name === name)?.text;
  const receiverText = receiverDefOf(found.callee.split('.')[0]);
  const endpoint = receiverText === undefined ? undefined : clientEndpoint(receiverText, (t) => evaluate(t, lookup), (t) => {
    const read = envModel(t, receiverDefs);
    return read && typeof read === 'object' ? read : undefined;
  }, receiverDefOf);
  if (endpoint && 'refused' in endpoint) return { refused: endpoint.refused, modelCall: true };
  if (model === null) {
    const fromReceiver = receiverModel(found.callee, receiverDefs, lookup);
    if (typeof fromReceiver === 'object' && fromReceiver !== null) return { refused: fromReceiver.refused, modelCall: true };
    model = fromReceiver;
  }
  // A pipeline made without a model (`pipeline("sentiment-analysis")`) loads its task's default: the case records that id, not `null`.
  if (model === null && found.shape.vendor === 'huggingface' && maker?.callee === 'pipeline') {
    const defaulted = pipelineDefault(maker, receiverDefs, cells, cell);
    if (defaulted && 'refused' in defaulted) return { refused: defaulted.refused, modelCall: true };
    if (defaulted) model = defaulted.model;
  }
  // A pipeline handed several inputs at once (`classifier(["…", "…"])`) answers each: a case holds one input and one answer.
  let batch: string[] | undefined;
  if (found.shape.vendor === 'huggingface' && Array.isArray(prompt) && prompt.length > 1) {
    if (!options.batches || !prompt.every((p) => typeof p === 'string')) return { refused: `the pipeline is given ${prompt.length} inputs at once and answers each: a case holds one input and its answer`, modelCall: true };
    batch = prompt as string[];
  }
  let makerParams: Record<string, Json> = {};
  let outputKey: string | undefined;
  if (found.shape.vendor === 'langchain' || found.shape.vendor === 'llama_index') {
    // A chain that keeps the conversation answers from earlier turns the case cannot hold.
    const ownDef = [...defs].reverse().find((d) => d.name === found.callee.split('.')[0])?.text ?? '';
    // A chain made by the notebook's own builder (`create_chain(tmpl)`): the chain that builder returns.
    const receiverChain = expandChainBuilder(ownDef, evalOptions.templates ?? new Map()) ?? ownDef;
    // A chain with fallbacks (`bad.with_fallbacks([a, b])`): the one that answered is the one whose model the saved response names.
    const chainDef = answeredFallback(receiverChain, cells[cell], defs) ?? receiverChain;
    // `LLMChain(llm=llm, prompt=p, output_key="title")` returns `{…inputs, "title": answer}` (holdout15).
    outputKey = /^\s*(?:[\w.]*\.)?LLMChain\s*\([\s\S]*\boutput_key\s*=\s*["']([A-Za-z_]\w*)["']/.exec(chainDef)?.[1];
    if (WITH_HISTORY.test(chainDef) || /\bsession_id\b/.test(source.slice(found.open, end))) {
      return { refused: 'the chain keeps a message history (`session_id`): its answer depends on earlier turns the case cannot hold', modelCall: true };
    }
    // A compiled LangGraph graph whose nodes run an agent with tools: the answer comes from tool results the case does not hold.
    // `create_react_agent(llm, tools)` is such a graph, compiled by LangGraph itself.
    if ((/\.compile\s*\(/.test(chainDef) && cells.slice(0, cell + 1).some((c) => c.kind === 'code' && GRAPH_TOOLS.test(c.source))) || /\bcreate_react_agent\s*\(/.test(chainDef)) {
      return { refused: 'the graph runs an agent with tools (`.compile()` of a graph with tool nodes): its answer depends on tool results the case cannot hold', modelCall: true };
    }
    if (DATA_AGENT.test(chainDef)) return { refused: 'the agent answers by running code over data (a data frame, a CSV, a database) the case cannot hold', modelCall: true };
    // What the chain was built from: its definition and the definitions it names, a few steps back.
    let chainText = chainDef;
    for (let step = 0; step < 3; step++) {
      const names = new Set(chainText.match(/[A-Za-z_]\w*/g) ?? []);
      chainText += '\n' + defs.filter((d) => names.has(d.name) && !chainText.includes(d.text)).map((d) => d.text).join('\n');
    }
    // A LlamaIndex engine that hands the question to an agent (a router's tool, the agent itself): the agent remembers earlier queries and runs tools.
    const agent = found.shape.vendor === 'llama_index' ? LLAMA_AGENT.exec(chainText) : null;
    if (agent) return { refused: `the query goes to an agent (\`${agent[0]}\`) that keeps the earlier queries in its memory and runs tools: the case cannot hold what it answered from`, modelCall: true };
    // A tool object (Wikipedia, a search, a Python REPL) run directly: no model is asked.
    if (TOOL_OBJECT.test(chainDef)) return { refused: `\`${found.callee.split('.')[0]}\` is a tool, not a model`, modelCall: false };
    // Agents with tools, retrieval, an executed program, several model steps: the answer cannot be replayed from one prompt.
    // (A receiver made inside a block of this cell has no top-level definition: what the cell ran before the call tells.)
    const kind = chainRefusal(chainDef ? chainText : `${chainText}\n${source.slice(0, found.at)}`, found.shape.vendor, found.shape.method);
    if (kind) return { refused: kind, modelCall: true };
    // A step that runs the notebook's own function on the model's text (`| RunnableLambda(print_and_execute)`), one that prints or runs
    // code, a tool or another chain: the chain's output (and the saved output) is that function's, not the model's answer.
    const runs = runsOwnCode(chainDef, cells, cell);
    if (runs) return { refused: `the chain runs the notebook's function \`${runs}\` (\`RunnableLambda\`), which prints or runs code on the model's text: the saved output is what it did, not the answer`, modelCall: true };
    // A structured output returned as is (`llm.with_structured_output(MemoryCollection)`, or a chain ending in it): the answer is an object of the notebook's schema,
    // which the case does not hold, and the saved output shows it only in part (`memory_collection.memories`). A later step that maps it (`router | RunnableLambda(f)`) returns its own value.
    const structured = structuredEnd(chainDef, defs);
    if (structured) return { refused: `the model answers with a structured object (\`with_structured_output(${structured[1]})\`): the schema that shapes it is not in the case, and the saved output shows it only in part or as a repr`, modelCall: true };
    // An LLMChain or LCEL chain over a prompt template: the case holds the template rendered with the call's variables.
    const defOf = (name: string) => [...defs].reverse().find((d) => d.name === name)?.text;
    const lookupAt = (name: string): Lookup | undefined => {
      const k = defs.map((d) => d.name).lastIndexOf(name);
      if (k < 0) return undefined;
      const before = scope.before(k);
      return (n) => (n in bindings ? bindings[n] : before(n));
    };
    const chainPrompt = found.shape.vendor === 'langchain' ? chainTemplate(chainDef, defOf, topLookup, lookupAt) : undefined;
    if (chainPrompt && 'refused' in chainPrompt) return { refused: chainPrompt.refused, modelCall: true };
    if (chainPrompt) {
      // A template changed in place after it was made (`prompt_template.messages[0].prompt.template = new_prompt`, holdout14):
      // what was sent is not the template as written at its definition.
      const changed = inPlaceChange(chainText, defs, cells, cell, source.slice(0, found.at));
      if (changed) return { refused: `\`${changed}\`, a part of the chain, is changed in place after it was made (an attribute set): what the chain sent is not what its definition writes`, modelCall: true };
      const given = templateInput(chainPrompt.template, input);
      if ('refused' in given) return { refused: given.refused, modelCall: true };
      const rendered = renderTemplate(chainPrompt.template, given.variables);
      if ('refused' in rendered) return { refused: rendered.refused, modelCall: true };
      // Chat messages handed to a text-completion model (`HuggingFaceEndpoint`): LangChain flattens them to one text
      // (`System: …\nHuman: …`), and the completion runs on into turns it invents: the case's messages would ask another question.
      const completion = 'messages' in rendered ? completionModel(chainDef, defOf) : undefined;
      if (completion) return { refused: `the chain's chat prompt goes to a text-completion model (\`${completion}(…)\`), which is sent the messages flattened into one text and writes on past its answer: the case's chat messages would ask another question`, modelCall: true };
      delete input.prompt;
      Object.assign(input, rendered, { variables: given.variables });
      Object.assign(params, chainPrompt.template.bound ?? {});
      outputKey ??= chainPrompt.template.outputKey;
      // The prompt's version is the template's (the variables are the case's input).
      template = `template = ${JSON.stringify(chainPrompt.template.text ?? chainPrompt.template.messages)}`;
    } else if (input.variables && !MODEL_OBJECT.test(chainDef)) {
      return { refused: 'the chain\'s prompt template is not written out in the notebook: the case would hold only its variables', modelCall: true };
    }
    // A chain or a query engine names no model: the model object it was built on does.
    // A model class the notebook writes itself (`class GemmaLLM(LLM)`): what it runs is its own code, no model id the case can name.
    const ownClass = [...chainText.matchAll(/(?<![\w.])([A-Z]\w*)\s*\(/g)].map((m) => m[1]).find((name) => notebookModelClasses.has(name));
    if (ownClass) return { refused: `the model is the notebook's own class \`${ownClass}\`: no model id the case can record`, modelCall: true };
    // A model object asked directly (`llm.invoke(…)`) has its model from its maker; its literal parameters (temperature, max tokens) come with it.
    if (!keywordModel) {
      const behind = chainModel(found.shape.vendor, cells, cell, statements, topLookup, `${chainText}\n${source.slice(found.at, end)}`, chainDef);
      if (behind && 'refused' in behind) return { refused: behind.refused, modelCall: true };
      if (behind && model === null) {
        model = behind.model;
        for (const [k, v] of Object.entries(behind.params)) if (!(k in params)) params[k] = v;
      } else if (behind) makerParams = behind.params; // the case records them; the call (and its extraction) sends only its own

    }
  }
  // A zero-shot classifier (`classifier(text, candidate_labels=[…])`, or the labels second, holdout14): its answer is the top one of
  // the labels the call gives, which the case records; scored each on its own (`multi_label=True`) it answers with several.
  if (found.shape.vendor === 'huggingface' && maker?.callee === 'pipeline' && (maker.keywords.task ?? maker.positional[0]) === 'zero-shot-classification') {
    const labelsText = keywords.get('candidate_labels') ?? positional[1];
    let labels: Json | undefined;
    try {
      labels = labelsText === undefined ? undefined : evaluate(labelsText, lookup);
    } catch {
      labels = undefined;
    }
    // The pipeline also takes one text of labels parted by commas.
    if (typeof labels === 'string') labels = labels.split(',').map((l) => l.trim()).filter(Boolean);
    if (!Array.isArray(labels) || !labels.length || !labels.every((l) => typeof l === 'string')) return { refused: `the zero-shot classifier's candidate labels (\`${(labelsText ?? 'none given').trim().slice(0, 40)}\`) are not written out: its answer is one of them`, modelCall: true };
    if (params.multi_label === true || params.multi_class === true) return { refused: 'the zero-shot classifier scores each candidate label on its own (`multi_label=True`): its answer is every label over a threshold, not one label', modelCall: true };
    params.candidate_labels = labels;
    template += `\ncandidate_labels = ${JSON.stringify(labels)}`; // the labels are the question as much as the text is
    if (keywords.get('candidate_labels') === undefined) unresolved.splice(unresolved.indexOf(positional[1]), 1);
  }
  // A pipeline made with generation settings (`pipeline("text-generation", model=…, max_length=50)`): they cut or shape its answer, the case records them.
  if (found.shape.vendor === 'huggingface' && maker) {
    const computedSetting = (maker.computedKeywords ?? []).find((k) => GENERATION_SETTING.test(k));
    if (computedSetting) return { refused: `the pipeline is made with \`${computedSetting}\`, which is not written out: it limits the answer the case would compare`, modelCall: true };
    for (const [k, v] of Object.entries(maker.keywords)) if (GENERATION_SETTING.test(k) && !(k in params)) makerParams = { ...makerParams, [k]: v };
  }
  // A length limit set on the receiver after it was made (`gen.model.config.max_length = 20`, `llm.max_tokens = 50`): it cuts the answer, the case records it.
  const receiverRoot = found.callee.split('.')[0];
  const setLimits = new RegExp(`^${receiverRoot}(?:\\.\\w+)*\\.(max_length|max_new_tokens|max_tokens|max_output_tokens|num_predict)\\s*=(?!=)\\s*(.+)$`, 'gm');
  for (const text of [...cells.slice(0, cell).map((c) => (c.kind === 'code' ? c.source : '')), source.slice(0, found.at)]) {
    for (const m of text.matchAll(setLimits)) {
      try {
        makerParams = { ...makerParams, [m[1]]: evaluate(m[2].replace(/\s*#.*$/, ''), topLookup) };
      } catch {
        return { refused: `\`${m[0].split('=')[0].trim()}\` is set to \`${m[2].trim().slice(0, 30)}\`, which is not written out: it limits the answer the case would compare`, modelCall: true };
      }
    }
  }
  // The object the call is made on may carry the system instruction and tools: `genai.GenerativeModel(…, system_instruction=…)`,
  // `client.chats.create(config=…)`, and a chat started from such a model (`model.start_chat()`).
  const modelMaker = maker && /\.start_chat$/.test(maker.callee) ? objectMaker(maker.callee.split('.')[0], defs, topLookup) : maker;
  const instructions = splitInstructions(params, modelMaker && !modelMaker.computed ? modelMaker.keywords : {});
  const receiverName = found.callee.split('.')[0];
  const sdkCall = !['langchain', 'llama_index', 'huggingface'].includes(found.shape.vendor);
  const handedTools = usesTools(source.slice(found.open, end), found.callee, defs);
  // A client call handed tools (not a chain or an agent, which run their tools themselves): the definitions must be written out.
  if (handedTools && sdkCall && !instructions.tools) {
    return { refused: 'the model calls tools that are computed, not written out (functions the SDK runs, built-in tools): the saved output mixes tool calls and their output with the answer', modelCall: true };
  }
  // Cached content (a document cached with the Gemini API) is part of what was asked: the case cannot hold it.
  if (sdkCall && chainMentions(/\bcached_content\b/, source.slice(found.open, end), found.callee, defs)) return { refused: 'the call reads cached content (`cached_content`), which the case cannot hold', modelCall: true };
  // (A chain or an agent holds its own prompt: the case asks it, not the model.)
  if (sdkCall && instructions.system === undefined && found.callee.includes('.') && chainMentions(/\bsystem_instruction\b/, source.slice(found.open, end), receiverName, defs)) {
    return { refused: `\`${receiverName}\` was made with a system instruction that is computed, not written out`, modelCall: true };
  }
  // A chat asked before: the answer depends on the earlier turns; a case holds them when each was asked in a cell of its own above.
  let earlierTurns: number[] | undefined;
  const receiverDef = [...defs].reverse().find((d) => d.name === found.callee.split('.')[0]);
  if (/send_message$/.test(found.shape.method) || (found.shape.vendor === 'langchain' && /\bmemory\s*=|ConversationChain\(/.test(receiverDef?.text ?? ''))) {
    const receiver = found.callee.split('.')[0];
    const made = [...defs].reverse().find((d) => d.name === receiver);
    const since = [...cells.slice(made?.cell ?? 0, cell).filter((c) => c.kind === 'code').map((c) => c.source), source.slice(0, found.at)].join('\n');
    const turns = [...since.matchAll(new RegExp(`(?<![\\w.])${receiver}\\.${found.shape.method}\\s*\\(`, 'g'))].filter((m) => !inComment(since, m.index));
    // A chat made with a system instruction the case cannot hold (computed): the case would send the turn without it.
    if (/system_instruction|system_prompt|\bsystem\s*=/.test(made?.text ?? '') && instructions.system === undefined) return { refused: `the chat \`${receiver}\` was made with a system instruction the case does not record`, modelCall: true };
    const askedBefore = { refused: `the chat \`${receiver}\` was asked before: its answer depends on earlier turns the case does not hold`, modelCall: true };
    if (/\bhistory\s*=/.test(made?.text ?? '')) return askedBefore;
    // `memory.chat_memory.add_user_message(…)` (or `memory.save_context(…)`) before the call: turns the case does not hold.
    const memory = /\bmemory\s*=\s*([A-Za-z_]\w*)\s*[,)]/.exec(made?.text ?? '')?.[1];
    const filled = memory && new RegExp(`(?<![\\w.])${memory}\\.(?:chat_memory\\.add_\\w+|save_context)\\s*\\(`);
    // Only since the memory was last made (a fresh memory for a new chain starts empty).
    const memoryMade = memory ? [...defs].reverse().find((d) => d.name === memory && d.cell <= cell)?.cell ?? 0 : 0;
    if (filled && [...cells.slice(memoryMade, cell).filter((c) => c.kind === 'code').map((c) => c.source), source.slice(0, found.at)].some((t) => filled.test(t))) {
      return { refused: `the chain's memory \`${memory}\` holds turns added before the call: its answer depends on them, and the case does not hold them`, modelCall: true };
    }
    // A LangChain chain made verbose logs the one prompt it sent (`Prompt after formatting:`), the memory's turns in it:
    // that text is what the model was asked, whatever the memory holds.
    const logged = turns.length && found.shape.vendor === 'langchain' && /\bverbose\s*=\s*True\b/.test(made?.text ?? '') ? loggedPrompt(cells[cell]) : undefined;
    if (logged !== undefined) {
      if (typeof input.prompt !== 'string' || input.messages !== undefined) return askedBefore;
      input.prompt = logged;
    } else if (turns.length) {
      // Only a chat the SDK keeps (`client.chats.create(…)`, `model.start_chat()`), asked once per cell above this one.
      if (!made || !/\.chats\.create\s*\(|\.start_chat\s*\(/.test(made.text)) return askedBefore;
      const asks = new RegExp(`(?<![\\w.])${receiver}\\.${found.shape.method}\\s*\\(`, 'g');
      earlierTurns = [];
      for (let k = made.cell; k <= cell; k++) {
        if (cells[k].kind !== 'code') continue;
        const text = k === cell ? source.slice(0, found.at) : cells[k].source;
        const from = k === made.cell ? Math.max(0, text.indexOf(made.text)) : 0;
        const here = [...text.matchAll(asks)].filter((m) => m.index >= from && !inComment(text, m.index));
        if (here.length > 1 || (k === cell && here.length)) return askedBefore;
        if (here.length) earlierTurns.push(k);
      }
      if (!earlierTurns.length) return askedBefore;
    }
  }
  if (typeof params.temperature === 'number' && params.temperature > 1) return { refused: `the answer was sampled at temperature ${params.temperature}: it is no stable reference`, modelCall: true };
  const inLoop = insideLoop(source, found.at);
  const responseVar = /([A-Za-z_]\w*)\s*(?::[^=\n]*)?=\s*$/.exec(source.slice(source.lastIndexOf('\n', found.at) + 1, found.at))?.[1]
    ?? /for\s+([A-Za-z_]\w*)\s+in\s*$/.exec(source.slice(0, found.at))?.[1];
  const callText = source.slice(found.at, end);
  // The response and the names bound from it after the call (`answer = response.text`).
  const names = responseVar ? [responseVar] : [];
  const streamedHere = params.stream === true || /[_.]stream$/.test(found.shape.method);
  const mentionsName = (text: string) => names.some((n) => new RegExp(`(?<![\\w.])${n}(?!\\w)`).test(text));
  for (const line of source.slice(end).split('\n')) {
    // Only the answer text itself (`.text`, `.content`, `["output"]`), not a parsed object whose fields are printed.
    // (`reply = resp.choices[0].message.content or ""`: an empty answer shown as nothing is still the answer.)
    const bound = /^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)\s*([A-Za-z_]\w*)((?:\.(?:text|content|output_text|response|result|message|choices|parts)|\[[^\]]*\])*)(?:\.strip\(\))?(?:\s+or\s+(?:""|''))?\s*$/.exec(line);
    if (bound && names.includes(bound[2])) names.push(bound[1]);
    // A streamed answer gathered chunk by chunk (`response += chunk.choices[0].delta.content or ""`): the whole text once the loop ends.
    const gathered = streamedHere ? /^\s*([A-Za-z_]\w*)\s*\+=\s*([A-Za-z_]\w*)((?:\.(?:choices|delta|content|text)|\[\s*0\s*\])*)(?:\s+or\s+(?:""|''))?\s*$/.exec(line) : null;
    if (gathered && names.includes(gathered[2]) && gathered[3] && !names.includes(gathered[1]) && usedBare(gathered[1], withoutComments(source.slice(end))) && !shownInLoop(gathered[1], withoutComments(source.slice(end)), /^\s*/.exec(line)![0].length)) names.push(gathered[1]);
    // `for seq in sequences:` over a pipeline's list of results.
    const each = /^\s*for\s+([A-Za-z_]\w*)\s+in\s+([A-Za-z_]\w*)\s*:/.exec(line);
    if (each && names.includes(each[2])) names.push(each[1]);
  }
  if (wrapper?.boundTo && wrapper.returnsAnswer) names.push(wrapper.boundTo);
  // `print(response.model)` beside the answer: a line of metadata the saved output cannot be told apart from the answer by.
  const metadata = names.map((n) => new RegExp(`(?<![\\w.])print\\(\\s*${n}\\.(${RESPONSE_METADATA})\\s*\\)`).exec(source.slice(end))).find(Boolean);
  if (metadata) return { refused: `the cell prints the response's \`.${metadata[1]}\` with its answer: the saved output mixes that metadata with the answer text`, modelCall: true };
  // `print(response.content[:200])`: the saved output is the answer's first characters, not the answer a rerun is compared with.
  const shownCut = [callText, ...names].map((n) => SLICED_SHOW(n).exec(n === callText ? source : source.slice(end))).find(Boolean);
  if (shownCut) return { refused: `the cell shows the answer cut to \`${shownCut[1].replace(/\s+/g, '')}\`: the saved output is not the whole answer`, modelCall: true };
  const mentions = (arg: string) => arg.includes(callText) || mentionsName(arg) || (!!wrapper?.returnsAnswer && arg.includes(wrapper.callText));
  const streamed = params.stream === true || /[_.]stream$/.test(found.shape.method);
  const rewraps = rewrapHelpers(cells.slice(0, cell + 1));
  const printed = printedTexts(source, mentions).map((p) => (p.via && !definedFunctions.has(p.via) ? { ...p, via: undefined } : p.via && rewraps.get(p.via)?.wraps ? { ...p, rewraps: true } : p));
  // `parse_text(raw_output)` on a line of its own after the call: the notebook's helper prints the answer re-wrapped.
  for (const m of source.slice(end).matchAll(/^([A-Za-z_]\w*)\((.*)\)[ 	]*$/gm)) {
    if (rewraps.get(m[1])?.prints && rewraps.get(m[1])?.wraps && mentions(m[2])) printed.push({ prefix: '', literals: [], answer: true, whole: false, via: m[1], rewraps: true, at: end + m.index });
  }
  // `display_output(output)` on a line of its own: the notebook's printer that frames the answer with literals, each print of it in turn.
  const framers = framingPrinters(cells.slice(0, cell + 1));
  for (const m of source.slice(end).matchAll(/^([A-Za-z_]\w*)\((.*)\)[ \t]*$/gm)) {
    const frame = framers.get(m[1]);
    if (!frame || !definedFunctions.has(m[1]) || !mentions(m[2])) continue;
    frame.forEach((p, k) => printed.push('answer' in p ? { prefix: '', literals: [], answer: true, whole: false, at: end + m.index! + k } : { prefix: p.literal.trim(), literals: p.literal.trim() ? [p.literal] : [], answer: false, whole: true, at: end + m.index! + k }));
  }
  printed.sort((a, b) => a.at - b.at);
  // Several answers to one call (`n=3`, `num_return_sequences=2`) are printed one after another, like several calls.
  const several = ['n', 'num_return_sequences', 'candidate_count'].some((k) => typeof params[k] === 'number' && (params[k] as number) > 1);
  const calls = (inLoop || several ? Math.max(opens.size, 2) : opens.size) + (wrapper?.inLoop ? 1 : 0);
  return {
    call: {
      vendor: sdkVendor(found.shape, imports), callee: found.callee, input, model, params, template, calls, sites: [...opens].sort((a, b) => a - b), streamed, tools: handedTools, printed,
      ...(instructions.system !== undefined ? { system: instructions.system } : {}), ...(instructions.tools ? { toolDefs: instructions.tools } : {}), caseParams: { ...makerParams, ...instructions.params },
      ...(attached.attachments.length ? { attachments: attached.attachments } : {}), ...(earlierTurns ? { earlierTurns } : {}),
      span: { start: found.at, end }, promptKey, promptText, promptValue: prompt, unresolved, keywordModel, ...(maker ? { maker } : {}), ...(endpoint ? { endpoint } : {}), ...(batch ? { batch } : {}), ...(outputKey ? { outputKey } : {}),
      ...(found.shape.vendor === 'openai' && (/(?:^|\.)AzureOpenAI$/.test(maker?.callee ?? '') || (found.callee.startsWith('openai.') && cells.slice(0, cell + 1).some((c) => c.kind === 'code' && /^openai\.api_type\s*=\s*["']azure["']/m.test(c.source)))) ? { azure: true as const } : {}),
    },
  };
}

/**
 * The model a pipeline made with its task alone loads (`pipeline("summarization")`): the id the saved warning of the cell
 * that made it names, else the task's default (`PIPELINE_DEFAULT_MODELS`). Undefined when the pipeline names a model some
 * other way (a second positional argument, a computed argument) or its task has no default; refused on TensorFlow, whose
 * defaults were not PyTorch's for every task.
 */
function pipelineDefault(maker: NonNullable<LlmCall['maker']>, defs: readonly Definition[], cells: readonly CellInput[], cell: number): { model: string } | { refused: string } | undefined {
  const task = maker.keywords.task ?? maker.positional[0];
  if (typeof task !== 'string' || maker.positional.length > 1 || maker.computed !== undefined || ['model', 'config', 'tokenizer'].some((k) => k in maker.keywords)) return undefined;
  const made = [...defs].reverse().find((d) => d.name === maker.name);
  const saved = [...new Set([made?.cell ?? cell, cell])].flatMap((k) => cells[k]?.outputs ?? []);
  const model = pipelineDefaultModel(task, saved);
  if (model === undefined) return undefined;
  if (maker.keywords.framework === 'tf' && !saved.some((o) => o.includes(`defaulted to ${model}`))) return { refused: `the pipeline names no model and runs on TensorFlow (\`framework="tf"\`): which default model it loaded is not written out` };
  return { model };
}

/** The keywords a question-answering pipeline is asked with: the question and the text its answer is cut from. */
const QA_INPUTS = ['question', 'context'];

/** A receiver that asks no model: a prompt template (group 1), a retriever, a document splitter, extractor or loader. */
const NO_MODEL_OBJECT = /^\s*(?:[\w.]*\.)?(?:(\w*PromptTemplate)(?:\.from_\w+)?\s*\(|\w*(?:Retriever|TextSplitter|Splitter|Extractor|Loader)(?:\.from_\w+)?\s*\(|[A-Za-z_][\w.]*\.as_retriever\s*\([^()]*\)\s*$)/;

/** Why a LangChain call site asks no model (its receiver's last binding above it is a template, a retriever, a splitter), or undefined. */
function noModelReceiver(site: CallSite, source: string, defs: readonly Definition[], statements: (source: string) => Statement[]): string | undefined {
  if (site.shape.vendor !== 'langchain') return undefined;
  const receiver = site.callee.split('.')[0];
  const here = statements(source).filter((st) => st.start < site.at).map((st) => /^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)\s*([\s\S]+)$/.exec(st.text)).filter((m) => m?.[1] === receiver);
  const text = here.at(-1)?.[2] ?? [...defs].reverse().find((d) => d.name === receiver)?.text ?? '';
  const m = NO_MODEL_OBJECT.exec(text);
  if (!m || /\|/.test(text.replace(/(["'])(?:\\.|(?!\1)[^\\])*\1/g, ''))) return undefined;
  return `\`${receiver}\` is ${m[1] ? 'a prompt template' : 'a retriever, splitter or loader'} (\`${text.trim().slice(0, 40)}\`), not a model: no model is asked`;
}

/**
 * The definition of the chain of `first.with_fallbacks([a, b, …])` that answered: the one whose literal model id the saved
 * response's `'model_name'` starts with (`gpt-3.5-turbo-0125` for `ChatOpenAI(model="gpt-3.5-turbo")`), when exactly one does.
 */
function answeredFallback(chainDef: string, c: CellInput, defs: readonly Definition[]): string | undefined {
  const m = /^([A-Za-z_]\w*)\.with_fallbacks\s*\(\s*\[([^\]]*)\]\s*\)\s*$/.exec(chainDef.trim());
  if (!m) return undefined;
  const answered = /['"]model_name['"]\s*:\s*['"]([^'"]+)['"]/.exec([c.result ?? '', ...(c.outputs ?? [])].join('\n'))?.[1];
  if (!answered) return undefined;
  const defOf = (name: string) => [...defs].reverse().find((d) => d.name === name)?.text;
  const modelIn = (text: string, depth = 0): string[] => {
    const inline = [...text.matchAll(/\b(?:model|model_name)\s*=\s*["']([^"']+)["']/g)].map((x) => x[1]);
    if (inline.length || depth > 1) return inline;
    return (text.match(/(?<![\w.])[A-Za-z_]\w*(?![\w(])/g) ?? []).flatMap((n) => { const d = defOf(n); return d ? modelIn(d, depth + 1) : []; });
  };
  const chains = [m[1], ...splitArguments(m[2])].map((n) => n.trim()).filter((n) => /^[A-Za-z_]\w*$/.test(n));
  const hits = chains.filter((n) => {
    const models = modelIn(defOf(n) ?? '');
    return models.length === 1 && (answered === models[0] || answered.startsWith(`${models[0]}-`));
  });
  return hits.length === 1 ? defOf(hits[0]) : undefined;
}

/** LangChain's text-completion model classes (a chat prompt reaches them as one flattened text). */
const COMPLETION_MODEL = /^\s*(?:[\w.]*\.)?(HuggingFaceEndpoint|HuggingFaceHub|HuggingFacePipeline|HuggingFaceTextGenInference|VLLMOpenAI|VLLM|Ollama)\s*\(/;

/** The text-completion model class a chain's definition makes or names (last binding of each name), or undefined. */
function completionModel(chainDef: string, defOf: (name: string) => string | undefined): string | undefined {
  for (const step of chainDef.split('|')) {
    const made = COMPLETION_MODEL.exec(step) ?? COMPLETION_MODEL.exec(/^\s*([A-Za-z_]\w*)\s*$/.test(step) ? defOf(step.trim()) ?? '' : '');
    if (made) return made[1];
  }
  return undefined;
}

/** A notebook function a chain's `RunnableLambda(f)` step runs that prints, executes code or calls a tool or chain; its name, or undefined. */
function runsOwnCode(chainDef: string, cells: readonly CellInput[], cell: number): string | undefined {
  for (const m of chainDef.matchAll(/\bRunnableLambda\s*\(\s*([A-Za-z_]\w*)\s*\)/g)) {
    for (const c of cells.slice(0, cell + 1)) {
      if (c.kind !== 'code') continue;
      const fn = topLevelFunction(c.source, m[1]);
      if (fn && /(?<![\w.])(?:print|exec|eval)\s*\(|\.(?:invoke|run)\s*\(|\bsubprocess\.|\bos\.system\s*\(/.test(fn.body)) return m[1];
    }
  }
  return undefined;
}

/** The first name the chain is built from that a later line sets an attribute or item of (`prompt_template.messages[0].prompt.template = …`), up to the call. */
function inPlaceChange(chainText: string, defs: readonly Definition[], cells: readonly CellInput[], cell: number, beforeCall: string): string | undefined {
  // Names in the chain's code (not in its strings); a line at the top level of a cell sets it (not a function's body).
  for (const name of new Set(codeOnly(chainText).match(/(?<![\w.])[A-Za-z_]\w*/g) ?? [])) {
    const def = [...defs].reverse().find((d) => d.name === name);
    if (!def) continue;
    const later = def.cell === cell ? beforeCall.slice(beforeCall.indexOf(def.text) + def.text.length) : [...cells.slice(def.cell + 1, cell).map((c) => (c.kind === 'code' ? c.source : '')), beforeCall].join('\n');
    if (new RegExp(`^${name}(?:\\.\\w+|\\[[^\\]\\n]*\\])+[ \\t]*=(?!=)`, 'm').test(later)) return name;
  }
  return undefined;
}

/** The text of the top-level `class name` the cells up to `cell` define last (up to the next unindented line), or ''. */
function classText(cells: readonly CellInput[], cell: number, name: string): string {
  for (let k = cell; k >= 0; k--) {
    const source = cells[k].kind === 'code' ? cells[k].source : '';
    const m = new RegExp(`^class\\s+${name}\\s*[(:]`, 'm').exec(source);
    if (!m) continue;
    const next = /\n(?=[^\s#])/g;
    next.lastIndex = m.index + m[0].length;
    return source.slice(m.index, next.exec(source)?.index ?? source.length);
  }
  return '';
}

/**
 * The notebook's own class the call's receiver was made from (`agent_executor = CustomAgentExecutor()`, its last binding),
 * when that class defines the method called; a model class the notebook writes (`class MyLLM(LLM)`) is refused elsewhere.
 */
function notebookInstance(callee: string, cells: readonly CellInput[], cell: number, defs: readonly Definition[], modelClasses: ReadonlySet<string>): string | undefined {
  const [receiver, ...rest] = callee.split('.');
  const method = rest.at(-1);
  const made = /^([A-Za-z_]\w*)\s*\(/.exec([...defs].reverse().find((d) => d.name === receiver)?.text.trim() ?? '')?.[1];
  if (!made || !method || rest.length !== 1 || modelClasses.has(made)) return undefined;
  const text = classText(cells, cell, made);
  return text && new RegExp(`^\\s+(?:async\\s+)?def\\s+${method}\\s*\\(`, 'm').test(text) ? made : undefined;
}

/** The call that made the receiver (`llm = ChatOpenAI(model=MODEL, temperature=0)`), with its arguments resolved from literals. */
function objectMaker(receiver: string, defs: readonly Definition[], lookup: (name: string) => Json | undefined): LlmCall['maker'] {
  const def = [...defs].reverse().find((d) => d.name === receiver);
  const m = def && /^([A-Za-z_][\w.]*)\s*\(([\s\S]*)\)\s*$/.exec(def.text.trim());
  if (!m) return undefined;
  const made: NonNullable<LlmCall['maker']> = { name: receiver, callee: m[1], positional: [], keywords: {} };
  // Past a computed argument the literal keywords are still read (`pipeline("text-generation", model=model, max_length=512)`:
  // the settings are written out though the model object is not); `computed` stays the first one, `computedKeywords` lists them all.
  for (const arg of splitArguments(m[2])) {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
    try {
      if (kw) made.keywords[kw[1]] = evaluate(kw[2], lookup);
      else if (arg.startsWith('*')) return { ...made, computed: made.computed ?? arg };
      else if (made.computed === undefined) made.positional.push(evaluate(arg, lookup));
    } catch {
      made.computed ??= kw ? kw[1] : arg.slice(0, 30);
      if (kw) made.computedKeywords = [...(made.computedKeywords ?? []), kw[1]];
    }
  }
  return made;
}

/** The model a client object was made for: `model = genai.GenerativeModel("gemini-1.5-flash")`, `llm = ChatOpenAI(model=…)`. */
/** The `with_structured_output(…)` a chain's definition ends in (its last `|` step, followed through names a few steps back), or null. */
function structuredEnd(def: string, defs: readonly Definition[], steps = 3): RegExpExecArray | null {
  const last = def.split('|').at(-1)!.trim();
  const direct = /\.with_structured_output\s*\(\s*([\w.]*)/.exec(last);
  if (direct || steps === 0 || !/^[A-Za-z_]\w*$/.test(last)) return direct;
  const named = [...defs].reverse().find((d) => d.name === last);
  return named ? structuredEnd(named.text, defs, steps - 1) : null;
}

function receiverModel(callee: string, defs: readonly Definition[], lookup: (name: string) => Json | undefined): string | null | { refused: string } {
  const receiver = callee.split('.')[0];
  const def = [...defs].reverse().find((d) => d.name === receiver);
  if (!def) return null;
  // A chat started from a model object (`chat = model.start_chat()`) asks that model.
  const started = /^([A-Za-z_]\w*)\.start_chat\s*\(/.exec(def.text.trim());
  if (started && started[1] !== receiver) return receiverModel(started[1], defs, lookup);
  const m = /^[\w.]+\s*\(([\s\S]*)\)\s*$/.exec(def.text);
  if (!m) return null;
  let position = -1;
  for (const arg of splitArguments(m[1])) {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
    if (!kw) position++;
    if (kw && !MODEL_KEYWORD.test(kw[1])) continue;
    // A pipeline's model object loaded from a checkpoint (`model = TFGPT2LMHeadModel.from_pretrained("org/checkpoint")`): that checkpoint.
    const literal = (() => {
      try {
        return kw ? evaluate(kw[2], lookup) : undefined;
      } catch {
        return undefined;
      }
    })();
    if (kw && literal === undefined && /^pipeline\s*\(/.test(def.text) && /^[A-Za-z_]\w*$/.test(kw[2].trim())) {
      const loaded = [...defs].reverse().find((d) => d.name === kw[2].trim());
      const from = loaded && /^[\w.]+\.from_pretrained\s*\(\s*([^,)]+)/.exec(loaded.text.trim());
      try {
        const id = from ? evaluate(from[1], lookup) : undefined;
        if (typeof id === 'string') return id;
      } catch {
        // not written out: below
      }
      return { refused: `the pipeline's model (\`model=${kw[2].trim().slice(0, 40)}\`) is not written out: the case would ask the task's default model` };
    }
    // `pipeline("text-generation", model=…)`: the first string is the task, not the model; a second one is the model.
    const text = kw ? kw[2] : /^(?:[rRuU]?["'])/.test(arg) && (!/^pipeline\s*\(/.test(def.text) || position === 1) ? arg : undefined;
    if (!text) continue;
    try {
      const v = evaluate(text, lookup);
      if (typeof v === 'string') return v;
    } catch {
      // not a literal: no model recorded
    }
  }
  return null;
}

/** Computed, but printed whole by a cell after it was bound (`prompt = make_prompt(q)` then `print(prompt)`): the saved output is its value. */
function printedValue(cells: readonly CellInput[], def: Definition, cell: number, name: string): string | undefined {
  for (let p = def.cell; p < cell; p++) {
    const c = cells[p];
    if (c.kind !== 'code') continue;
    const shows = [...c.source.matchAll(OUTPUT_STATEMENT)];
    const whole = new RegExp(`^print\\(\\s*${name}\\s*\\)[ \\t]*$`, 'm').exec(c.source);
    // Only a cell whose one output is that print; in the defining cell, the print comes after the binding.
    if (!whole || shows.length !== 1 || c.result !== undefined || c.outputs?.length !== 1) continue;
    if (p === def.cell && whole.index < c.source.indexOf(def.text)) continue;
    const value = c.outputs[0].replace(/\n$/, '');
    // A repr (a file handle, an image, a config object) is not the text that was sent.
    if (value.trim().length < 20 || !/\s/.test(value.trim()) || /^\s*(?:<|[\w.]+\(|\w+=)|\bat 0x|^\s*[[{]/.test(value)) return undefined;
    return value;
  }
  return undefined;
}

const OUTPUT_STATEMENT = /(?<![\w.])(?:print|pprint|display|Markdown|HTML)\s*\(/g;

interface Wrapper {
  params: string[];
  args: string[];
  bodyStart: number;
  /** Where the function is called at the cell's top level. */
  callAt: number;
  callText: string;
  /** The name its result is bound to (`summary = summarize(text)`). */
  boundTo?: string;
  /** It returns the response (or its text). */
  returnsAnswer: boolean;
  /** It is called in a loop or a comprehension. */
  inLoop: boolean;
}

/** The function in this cell whose body holds the call, when the cell calls it once at top level. */
function enclosingFunction(source: string, at: number): Wrapper | undefined {
  const lines = source.slice(0, at).split('\n');
  const callIndent = /^\s*/.exec(lines[lines.length - 1])![0].length;
  if (callIndent === 0) return undefined;
  let offset = at - lines[lines.length - 1].length;
  for (let k = lines.length - 2; k >= 0; k--) {
    offset -= lines[k].length + 1;
    const def = /^def\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*(?:->[^:]*)?:\s*$/.exec(lines[k]);
    if (lines[k].trim() && !/^\s/.test(lines[k]) && !def) return undefined;
    if (!def) continue;
    const bodyStart = offset + lines[k].length + 1;
    const bodyEnd = (() => {
      const m = /\n(?=[^\s#])/g;
      m.lastIndex = at;
      const next = m.exec(source);
      return next ? next.index + 1 : source.length;
    })();
    const rest = source.slice(bodyEnd);
    const calls = [...rest.matchAll(new RegExp(`(?<![\\w.])${def[1]}\\s*\\(`, 'g'))];
    if (calls.length !== 1) return undefined;
    const open = bodyEnd + calls[0].index! + calls[0][0].length - 1;
    const end = closing(source, open);
    if (end < 0) return undefined;
    const line = source.slice(source.lastIndexOf('\n', bodyEnd + calls[0].index!) + 1, source.indexOf('\n', end) < 0 ? source.length : source.indexOf('\n', end));
    const params = splitArguments(def[2]).map((p) => p.split(/[:=]/)[0].trim()).filter((p) => p && p !== 'self' && !p.startsWith('*'));
    const args = splitArguments(source.slice(open + 1, end - 1));
    if (args.some((a) => /^\*|^[A-Za-z_]\w*\s*=(?!=)/.test(a))) return undefined;
    const body = source.slice(bodyStart, bodyEnd);
    const response = /([A-Za-z_]\w*)\s*=\s*$/.exec(source.slice(source.lastIndexOf('\n', at) + 1, at))?.[1];
    return {
      params,
      args,
      bodyStart,
      callAt: bodyEnd + calls[0].index!,
      callText: source.slice(bodyEnd + calls[0].index!, end),
      boundTo: /^([A-Za-z_]\w*)\s*=(?!=)/.exec(line)?.[1],
      returnsAnswer: !!response && new RegExp(`^\\s*return\\s+${response}\\b`, 'm').test(body),
      inLoop: /^\s|\bfor\b/.test(line),
    };
  }
  return undefined;
}

/**
 * Every use of `name` in `text` is the name alone (shown, returned, added to, or set empty): the text gathered is shown as it
 * is, not changed first (`cleaned = response.replace("```", "")` shows another text than the answer).
 */
function usedBare(name: string, text: string): boolean {
  return [...text.matchAll(new RegExp(`(?<![\\w.])${name}(?!\\w)([^\\n]*)`, 'g'))].every((m) => /^\s*(?:\+=|=\s*(?:""|'')\s*$|[),]|$)/.test(m[1]));
}

/** `name` printed or displayed anew in the loop that gathers it (indented as deep as `+=`): each partial text is in the output. `update_display` replaces its one display. */
function shownInLoop(name: string, text: string, indent: number): boolean {
  return text.split('\n').some((l) => /^\s*/.exec(l)![0].length >= indent && !/\bupdate_display\s*\(/.test(l) && /(?<![\w.])(?:print|display|Markdown)\s*\(/.test(l) && new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(l));
}

/** Removes the indentation of the first line from every line. */
function dedent(text: string): string {
  const indent = /^[ \t]*/.exec(text.replace(/^\n+/, ''))![0];
  return text.split('\n').map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart())).join('\n');
}
