// What a LangChain chain or a LlamaIndex engine does with the question, read from its
// definition (and the definitions it names): the kinds whose answer a case cannot replay
// (an agent's tools, retrieved context, an executed program, several model steps) are
// refused with the reason; an LLMChain / LCEL chain over a literal prompt template gives
// that template, rendered with the call's variables, so the case holds what was sent.
import { CHAT_ROLES } from '../knowledge/llmMessages';
import { evaluate, type Json } from './resolve';
import { closing, splitArguments } from './split';
import { MODEL_OBJECT } from './chainModel';

/** Agents that pick and run tools (search, a calculator, a shell): the answer rests on what the tools returned. */
const AGENT = /\b(?:initialize_agent|AgentExecutor|create_\w*agent|load_tools|ZeroShotAgent|ConversationalAgent|ConversationalChatAgent|StructuredChatAgent|OpenAIFunctionsAgent|OpenAIMultiFunctionsAgent|LLMSingleActionAgent|AgentType\.\w+)\b/;

/** Chains and engines that answer from retrieved documents (`vectara.as_rag(config)`, `vectara.as_chat(config)`: Vectara's RAG over its corpus). */
const RETRIEVAL = /\b(?:as_rag|as_chat|RetrievalQA|RetrievalQAWithSourcesChain|ConversationalRetrievalChain|VectorDBQA\w*|create_retrieval_chain|create_history_aware_retriever|create_stuff_documents_chain|load_qa_chain|load_qa_with_sources_chain|as_retriever|as_query_engine|as_chat_engine|\w*QueryEngine|\w*ChatEngine|\w*Retriever)\b|(?<![\w.])retriever\b/;

/** Chains whose answer is the result of a program the model wrote and the chain ran (code, SQL, a graph query, an API request). */
const EXECUTED = /\b(?:PALChain|LLMMathChain|SQLDatabaseChain|SQLDatabaseSequentialChain|LLMBashChain|APIChain|OpenAPIEndpointChain|LLMRequestsChain|create_sql_query_chain|GraphCypherQAChain|GraphQAChain|\w*CypherQAChain|\w*SparqlQAChain|PythonREPL\w*)\b/;

/** Chains that ask the model several times, each step on the one before (a critique and revision, a sequence, a check). */
const MULTI_STEP = /\b(?:ConstitutionalChain|SequentialChain|SimpleSequentialChain|LLMCheckerChain|LLMSummarizationCheckerChain|MapReduceChain|MapReduceDocumentsChain|RefineDocumentsChain|load_summarize_chain|MultiPromptChain|LLMRouterChain|MultiRouteChain)\b/;

/** Why a chain's answer cannot be replayed from a case, or undefined. `chainText` is its definition and the definitions it names. */
export function chainRefusal(chainText: string, vendor: string, method: string): string | undefined {
  const text = chainText.replace(/#[^\n]*/g, '');
  // LangChain's test doubles answer with the responses they were given: no model is asked.
  let m = /\bFake\w*(?:LLM|ChatModel|Model)\s*\(/.exec(text);
  if (m) return `the model is a test double (\`${m[0].replace(/\s*\($/, '')}\`) that answers with the responses it was given: no model's answer to compare`;
  m = AGENT.exec(text);
  if (m) return `the answer depends on tools the case cannot replay (an agent, \`${m[0]}\`: what it searched or ran is not in the case)`;
  m = EXECUTED.exec(text);
  if (m) return `the reference is the result of a program the chain ran (\`${m[0]}\`), not the model's text: the case cannot replay it`;
  m = RETRIEVAL.exec(text);
  if (m || (vendor === 'llama_index' && /^(?:query|chat)$/.test(method))) return `the retrieved context is not in the case (\`${m?.[0] ?? method}\`): the answer rests on documents the case does not hold`;
  m = MULTI_STEP.exec(text);
  if (m) return `the chain asks the model several times, each step on the one before (\`${m[0]}\`): one prompt and answer cannot hold it`;
  // A compiled LangGraph graph: its nodes run in turn on a state; the case would hold only the graph's input.
  if (/\.compile\s*\(/.test(text)) return 'the graph runs its nodes in turn (`.compile()`): the case would hold only the graph\'s input, not the prompts its nodes send';
  return undefined;
}

/** LangChain's ConversationChain prompt when it is given none (langchain/chains/conversation/prompt.py, DEFAULT_TEMPLATE). */
export const CONVERSATION_TEMPLATE = 'The following is a friendly conversation between a human and an AI. The AI is talkative and provides lots of specific details from its context. If the AI does not know the answer to a question, it truthfully says it does not know.\n\nCurrent conversation:\n{history}\nHuman: {input}\nAI:';

/** A prompt template: one text, or chat messages (role and text), each with `{variable}` slots. */
export interface PromptTemplate {
  text?: string;
  messages?: { role: string; content: string }[];
  /** Variables the template fills itself (`partial_variables`, a memory's empty `history` on a first turn). */
  fixed: Record<string, string>;
  /** Where each variable comes from when a dict step feeds the template: the whole input (`true`) or a key of it. */
  mapping?: Record<string, string | true>;
  /** Parameters the chain binds to the model (`model.bind(stop=["\n"])`): they cut or shape the answer. */
  bound?: Record<string, Json>;
  /** The chain ends in a dict step that puts the model's text under this key (`| {"article_title": lambda x: x.content}`). */
  outputKey?: string;
}

/** A LangChain tool object (search, Wikipedia, a Python REPL): it runs code or a request, it is no model. */
export const TOOL_OBJECT = /^\s*(?:[\w.]*\.)?\w*(?:APIWrapper|QueryRun|SearchRun|SearchResults|REPL\w*|Tool|Toolkit)\s*\(/;

export type TemplateResult = { template: PromptTemplate } | { refused: string } | undefined;

/** The lookup of literal values as they stood where a name was last bound (undefined: as at the call). */
export type LookupAt = (name: string) => ((name: string) => Json | undefined) | undefined;

/** A `{variable}` slot of a Python format string (`{{` is a brace). */
const SLOT = /\{\{|\}\}|\{([A-Za-z_]\w*)\}|\{[^{}]*\}/g;

/** The variables a template's text asks for, in order. */
export function templateVariables(template: PromptTemplate): string[] {
  const texts = template.text !== undefined ? [template.text] : (template.messages ?? []).map((m) => m.content);
  const names: string[] = [];
  for (const t of texts) for (const m of t.matchAll(SLOT)) if (m[1] && !names.includes(m[1]) && !(m[1] in template.fixed)) names.push(m[1]);
  return names;
}

/** The template with its slots filled, as `str.format` does; undefined when a slot is not a plain name or has no value. */
function fill(text: string, values: Record<string, string>): string | undefined {
  let ok = true;
  const out = text.replace(SLOT, (whole, name: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    if (name === undefined || !(name in values)) {
      ok = false;
      return whole;
    }
    return values[name];
  });
  return ok ? out : undefined;
}

/** The rendered input: the template's text (or messages) with the variables filled. */
export function renderTemplate(template: PromptTemplate, variables: Record<string, Json>): { prompt?: string; messages?: { role: string; content: string }[] } | { refused: string } {
  const values: Record<string, string> = { ...template.fixed };
  for (const [k, v] of Object.entries(variables)) values[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const missing = templateVariables(template).find((v) => !(v in values));
  if (missing) return { refused: `the chain's prompt template asks for \`{${missing}}\`, which the call does not give written out` };
  if (template.text !== undefined) {
    const prompt = fill(template.text, values);
    return prompt === undefined ? { refused: 'the chain\'s prompt template has a slot that is not a plain `{name}`' } : { prompt };
  }
  const messages: { role: string; content: string }[] = [];
  for (const m of template.messages ?? []) {
    const content = fill(m.content, values);
    if (content === undefined) return { refused: 'the chain\'s prompt template has a slot that is not a plain `{name}`' };
    messages.push({ role: m.role, content });
  }
  return { messages };
}

/** The text between a call's parentheses, found by its callee at the start of `text`. */
function callArguments(text: string, callee: RegExp): string[] | undefined {
  const m = new RegExp(`^\\s*(?:${callee.source})\\s*\\(`).exec(text);
  if (!m) return undefined;
  const end = closing(text, m.index + m[0].length - 1);
  return end < 0 ? undefined : splitArguments(text.slice(m.index + m[0].length, end - 1));
}

const keyword = (args: readonly string[], name: string) => args.map((a) => new RegExp(`^${name}\\s*=(?!=)\\s*([\\s\\S]+)$`).exec(a)?.[1]).find((v) => v !== undefined);

/** A message template as a message (`HumanMessagePromptTemplate.from_template("…")` is a human message with that text). */
const MESSAGE_TEMPLATE = /\b(Human|System|AI)MessagePromptTemplate\.from_template\s*\(/g;

/**
 * The prompt template an expression makes: `PromptTemplate(template=…, input_variables=…)`,
 * `PromptTemplate.from_template("…")`, `ChatPromptTemplate.from_template("…")`,
 * `ChatPromptTemplate.from_messages([("system", "…"), ("human", "{q}")])`, or a name bound to one.
 * undefined: not a template; refused: a template that is not written out.
 */
export function templateOf(expr: string, defOf: (name: string) => string | undefined, lookup: (name: string) => Json | undefined, depth = 0, lookupAt?: LookupAt): TemplateResult {
  const text = expr.trim();
  if (/^[A-Za-z_]\w*$/.test(text)) {
    const def = defOf(text);
    // The names in its definition hold the values they had where it was made (holdout15: `template` rebound three
    // times after `prompt = PromptTemplate(template=template, …)`; the prompt keeps the first).
    return def === undefined || depth > 3 ? undefined : templateOf(def, defOf, lookupAt?.(text) ?? lookup, depth + 1, lookupAt);
  }
  const value = (source: string): Json | undefined => {
    try {
      return evaluate(source, lookup);
    } catch {
      return undefined;
    }
  };
  const literal = (source: string | undefined, what: string): string | { refused: string } => {
    const v = source === undefined ? undefined : value(source);
    return typeof v === 'string' ? v : { refused: `the chain's prompt template (${what}) is not written out` };
  };
  const fixedOf = (args: readonly string[]): Record<string, string> | { refused: string } => {
    const partial = keyword(args, 'partial_variables');
    if (partial === undefined) return {};
    const v = value(partial);
    if (!v || typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) return { refused: 'the chain\'s prompt template has partial variables that are not written out' };
    return v as Record<string, string>;
  };
  // `ChatPromptTemplate.from_messages([…]).partial(xsd=xsd)` (holdout13): the template with those variables filled, when they are literals.
  const partial = /\.partial\s*\(/g;
  for (let m = partial.exec(text); m; m = partial.exec(text)) {
    const open = m.index + m[0].length - 1;
    if (closing(text, open) !== text.length) continue;
    const made = templateOf(text.slice(0, m.index), defOf, lookup, depth + 1);
    if (!made || !('template' in made)) return made;
    const filled: Record<string, string> = {};
    for (const arg of splitArguments(text.slice(open + 1, -1))) {
      const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
      const v = kw ? value(kw[2]) : undefined;
      if (typeof v !== 'string') return { refused: `the chain's prompt template is partly filled with \`${arg.trim().slice(0, 40)}\`, which is not written out` };
      filled[kw![1]] = v;
    }
    return { template: { ...made.template, fixed: { ...made.template.fixed, ...filled } } };
  }
  const jinja = (args: readonly string[]) => /jinja2|mustache/.test(keyword(args, 'template_format') ?? '');
  // `FewShotPromptTemplate(examples=[…], example_prompt=…, prefix=…, suffix=…)`: LangChain joins the prefix, each example
  // formatted by its prompt and the suffix with `example_separator`, then formats that text with the call's variables.
  let args = callArguments(text, /(?:[\w.]*\.)?FewShotPromptTemplate/);
  if (args) {
    if (jinja(args)) return { refused: 'the chain\'s prompt template is a Jinja template: the case renders only `{name}` slots' };
    const examples = fewShotExamples(args, defOf, lookup, depth, lookupAt);
    if ('refused' in examples) return examples;
    if (examples.template.text === undefined) return { refused: 'the few-shot template\'s `example_prompt` is not a text template written out' };
    const piece = (name: string, fallback: string | undefined): string | { refused: string } => {
      const source = keyword(args!, name);
      return source === undefined && fallback !== undefined ? fallback : literal(source, `the few-shot template's \`${name}\``);
    };
    const prefix = piece('prefix', '');
    const suffix = piece('suffix', undefined);
    const separator = piece('example_separator', '\n\n');
    for (const p of [prefix, suffix, separator]) if (typeof p !== 'string') return p;
    const shown: string[] = [];
    for (const example of examples.examples) {
      const rendered = renderTemplate(examples.template, example);
      if ('refused' in rendered || rendered.prompt === undefined) return { refused: 'the few-shot template\'s examples do not fill its `example_prompt`' };
      shown.push(rendered.prompt);
    }
    const fixed = fixedOf(args);
    if ('refused' in fixed) return fixed as { refused: string };
    return { template: { text: [prefix as string, ...shown, suffix as string].filter(Boolean).join(separator as string), fixed } };
  }
  args = callArguments(text, /(?:[\w.]*\.)?PromptTemplate\.from_template|(?:[\w.]*\.)?ChatPromptTemplate\.from_template/);
  if (args) {
    if (jinja(args)) return { refused: 'the chain\'s prompt template is a Jinja template: the case renders only `{name}` slots' };
    const t = literal(keyword(args, 'template') ?? args.find((a) => !/^\w+\s*=/.test(a)), '`from_template(…)`');
    if (typeof t !== 'string') return t;
    const fixed = fixedOf(args);
    if ('refused' in fixed) return fixed as { refused: string };
    return { template: /ChatPromptTemplate/.test(text.slice(0, text.indexOf('('))) ? { messages: [{ role: 'user', content: t }], fixed } : { text: t, fixed } };
  }
  args = callArguments(text, /(?:[\w.]*\.)?PromptTemplate/);
  if (args) {
    if (jinja(args)) return { refused: 'the chain\'s prompt template is a Jinja template: the case renders only `{name}` slots' };
    const t = literal(keyword(args, 'template') ?? (args.length >= 2 && !/^\w+\s*=/.test(args[1]) ? args[1] : undefined), '`PromptTemplate(template=…)`');
    if (typeof t !== 'string') return t;
    const fixed = fixedOf(args);
    if ('refused' in fixed) return fixed as { refused: string };
    return { template: { text: t, fixed } };
  }
  args = callArguments(text, /(?:[\w.]*\.)?ChatPromptTemplate\.from_messages|(?:[\w.]*\.)?ChatPromptTemplate/);
  if (args) {
    const list = keyword(args, 'messages') ?? args[0];
    if (list === undefined) return { refused: 'the chain\'s chat prompt has no messages written out' };
    if (/\bMessagesPlaceholder\b/.test(list)) return { refused: 'the chain\'s chat prompt holds a `MessagesPlaceholder` (a history or an agent\'s scratchpad): what fills it is not in the case' };
    // A message template bound to a name (`human_message_prompt = HumanMessagePromptTemplate.from_template(human_template)`) is that call.
    const items = /^\[([\s\S]*)\]$/.exec(list.trim());
    // `input_variables=["article"]` only declares the slots the text has (holdout14): the message is its text.
    const undeclared = (item: string) => {
      const m = /^((?:[\w.]*\.)?(?:Human|System|AI)MessagePromptTemplate\.from_template)\s*\(/.exec(item.trim());
      const args = m ? callArguments(item, /(?:[\w.]*\.)?(?:Human|System|AI)MessagePromptTemplate\.from_template/) : undefined;
      return m && args && closing(item.trim(), m[0].length - 1) === item.trim().length ? `${m[1]}(${args.filter((a) => !/^input_variables\s*=/.test(a)).join(', ')})` : item;
    };
    // A `FewShotChatMessagePromptTemplate` among the messages is its examples, each rendered by its `example_prompt`, in place.
    const expanded: string[] = [];
    for (const item of items ? splitArguments(items[1]) : []) {
      const named = /^[A-Za-z_]\w*$/.test(item) ? defOf(item) : undefined;
      const fewShot = callArguments(named ?? item, /(?:[\w.]*\.)?FewShotChatMessagePromptTemplate/);
      if (!fewShot) {
        expanded.push(item);
        continue;
      }
      const examples = fewShotExamples(fewShot, defOf, named !== undefined ? lookupAt?.(item) ?? lookup : lookup, depth, lookupAt);
      if ('refused' in examples) return examples;
      if (examples.template.messages === undefined) return { refused: 'the few-shot chat template\'s `example_prompt` is not a chat template written out' };
      for (const example of examples.examples) {
        const rendered = renderTemplate(examples.template, example);
        if ('refused' in rendered || rendered.messages === undefined) return { refused: 'the few-shot chat template\'s examples do not fill its `example_prompt`' };
        // The examples are messages already: their braces are text, not slots of the outer template.
        for (const m of rendered.messages) expanded.push(`(${JSON.stringify(m.role)}, ${JSON.stringify(m.content.replace(/[{}]/g, (b) => b + b))})`);
      }
    }
    const inlined = items ? `[${expanded.map((item) => {
      const def = /^[A-Za-z_]\w*$/.test(item) ? defOf(item) : undefined;
      return undeclared(def !== undefined && new RegExp(MESSAGE_TEMPLATE.source).test(def) ? def : item);
    }).join(', ')}]` : list;
    const v = value(inlined.replace(MESSAGE_TEMPLATE, (_w, role: string) => `${role}Message(`));
    if (!Array.isArray(v)) return { refused: 'the chain\'s chat prompt (`ChatPromptTemplate.from_messages(…)`) is not written out' };
    const messages: { role: string; content: string }[] = [];
    for (const item of v) {
      if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && item[0].toLowerCase() in CHAT_ROLES && typeof item[1] === 'string') messages.push({ role: CHAT_ROLES[item[0].toLowerCase()], content: item[1] });
      else if (item && typeof item === 'object' && !Array.isArray(item) && typeof item.role === 'string' && typeof item.content === 'string') messages.push({ role: item.role, content: item.content });
      else return { refused: 'the chain\'s chat prompt has a message that is not a role and a text written out' };
    }
    return { template: { messages, fixed: {} } };
  }
  if (/^hub\.pull\s*\(/.test(text)) return { refused: 'the chain\'s prompt is pulled from the LangChain hub (`hub.pull(…)`): its text is not in the notebook' };
  return undefined;
}

/** A few-shot template's literal `examples` (dicts of texts) and its `example_prompt`; an example selector picks them at run time (refused). */
function fewShotExamples(args: readonly string[], defOf: (name: string) => string | undefined, lookup: (name: string) => Json | undefined, depth: number, lookupAt?: LookupAt): { examples: Record<string, string>[]; template: PromptTemplate } | { refused: string } {
  if (keyword(args, 'example_selector') !== undefined) return { refused: 'the few-shot template picks its examples with an `example_selector` at run time: which ones were sent is not in the notebook' };
  const source = keyword(args, 'examples');
  let examples: Json | undefined;
  try {
    examples = source === undefined ? undefined : evaluate(source, lookup);
  } catch {
    examples = undefined;
  }
  if (!Array.isArray(examples) || !examples.length || !examples.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e) && Object.values(e).every((v) => typeof v === 'string'))) {
    return { refused: `the few-shot template's examples (\`${(source ?? 'none').trim().slice(0, 40)}\`) are not written out` };
  }
  const promptSource = keyword(args, 'example_prompt');
  const made = promptSource === undefined ? undefined : templateOf(promptSource, defOf, lookup, depth + 1, lookupAt);
  if (!made || 'refused' in made) return { refused: `the few-shot template's \`example_prompt\` is not a template written out` };
  return { examples: examples as Record<string, string>[], template: made.template };
}

/**
 * The prompt template a chain is built on: `LLMChain(llm=…, prompt=…)`, a `ConversationChain` (its default template
 * when given none), or an LCEL chain whose first step is a template (`prompt | llm | StrOutputParser()`).
 * undefined: the receiver is not such a chain (a model object asked directly).
 */
export function chainTemplate(chainDef: string, defOf: (name: string) => string | undefined, lookup: (name: string) => Json | undefined, lookupAt?: LookupAt): TemplateResult {
  const def = chainDef.trim();
  const chain = callArguments(def, /(?:[\w.]*\.)?(?:LLMChain|ConversationChain)/);
  if (chain) {
    const prompt = keyword(chain, 'prompt');
    if (prompt === undefined && /ConversationChain/.test(def.slice(0, def.indexOf('(')))) {
      // A first turn: the memory is empty, its history an empty text.
      return { template: { text: CONVERSATION_TEMPLATE, fixed: { history: '' } } };
    }
    if (prompt === undefined) return { refused: 'the chain\'s prompt template is not written out' };
    const found = templateOf(prompt, defOf, lookup, 0, lookupAt);
    const conversation = /ConversationChain/.test(def.slice(0, def.indexOf('(')));
    if (found && 'template' in found && conversation) return { template: { ...found.template, fixed: { history: '', ...found.template.fixed } } };
    return found ?? { refused: `the chain's prompt (\`${prompt.trim().slice(0, 40)}\`) is not a template written out in the notebook` };
  }
  // An LCEL chain: `prompt | model | parser`; its first step at the top level.
  const unwrapped = /^\(/.test(def) && closing(def, 0) === def.length ? def.slice(1, -1) : def;
  // `RunnableSequence(prompt, llm)` is the chain `prompt | llm`, its steps given in order.
  const sequence = callArguments(unwrapped, /(?:[\w.]*\.)?RunnableSequence/);
  const steps = sequence && sequence.length >= 2 && sequence.every((a) => !/^\*|^[A-Za-z_]\w*\s*=(?!=)/.test(a)) ? sequence : splitPipe(unwrapped);
  // `RunnableParallel(capital=capital_chain, area=area_chain)`: several chains side by side, their answers under their keys.
  const parallel = steps.length === 1 ? parallelKeys(unwrapped) : undefined;
  if (parallel) return { refused: `the chain runs ${parallel.length} steps side by side and returns a dict of their results (${parallel.map((k) => `\`${k}\``).join(', ')}): a case holds one prompt and one answer` };
  if (steps.length < 2) return undefined;
  // `{"question": RunnablePassthrough()} | prompt | llm`: the step before the template names where each variable comes from.
  let mapping: Record<string, string | true> | undefined;
  let at = 0;
  if (/^\{|^RunnableParallel\s*\(/.test(steps[0])) {
    const map = passthroughMap(steps[0], defOf);
    if ('refused' in map) return map;
    mapping = map.mapping;
    at = 1;
  }
  // A chain built on another (`count_chain = counter | RunnableLambda(f)`, `counter = prompt | structured`): the template is that one's.
  const inner = /^[A-Za-z_]\w*$/.test(steps[at] ?? '') ? defOf(steps[at]) : undefined;
  const first = inner !== undefined && splitPipe(inner).length >= 2 ? chainTemplate(inner, defOf, lookup, lookupAt) : templateOf(steps[at] ?? '', defOf, lookup, 0, lookupAt);
  // The steps after the template: a tool run on the answer (`| search`), functions bound to the model, a `stop` it was bound with.
  let bound: Record<string, Json> = {};
  // A last dict step after the model (`| {"article_title": lambda x: x.content}`, holdout14): the answer is the text it puts under
  // its one key; a dict of several keys, or of values computed from the answer, holds no one answer the case can name.
  let outputKey: string | undefined;
  const last = steps.length - 1 > at + 1 ? steps[steps.length - 1] : undefined;
  const lastKeys = last !== undefined ? parallelKeys(last) : undefined;
  if (last !== undefined && lastKeys) {
    const entries = splitArguments(/^\{([\s\S]*)\}$/.exec(last.trim())?.[1] ?? '');
    const afterText = /^(?:[\w.]*\.)?StrOutputParser\(\s*\)$/.test(steps[steps.length - 2].trim());
    const text = (v: string) => /^lambda\s+([A-Za-z_]\w*)\s*:\s*\1\.content$/.test(v) || /^(?:[\w.]*\.)?StrOutputParser\(\s*\)$/.test(v) || (afterText && (/^RunnablePassthrough\(\s*\)$/.test(v) || /^lambda\s+([A-Za-z_]\w*)\s*:\s*\1$/.test(v)));
    const value = entries.length === 1 ? /^(['"])(\w+)\1\s*:\s*([\s\S]+)$/.exec(entries[0].trim()) : null;
    if (!value || !text(value[3].trim())) return { refused: `the chain's last step returns a dict (${lastKeys.map((k) => `\`${k}\``).join(', ')}) that does not hold the model's text as it is under one key: the case cannot name the answer in it` };
    outputKey = value[2];
  }
  for (const step of steps.slice(at + 1, outputKey !== undefined ? -1 : undefined)) {
    const named = /^[A-Za-z_]\w*$/.test(step) ? defOf(step) : undefined;
    if (named !== undefined && TOOL_OBJECT.test(named)) return { refused: `the answer depends on tools the case cannot replay (the chain ends in the tool \`${step}\`, which runs on the model's text)` };
    // guardrails' `guard.to_runnable()`: validators that fix or filter the model's text (holdout13: a competitor check).
    if (/\.to_runnable\s*\(\s*\)$/.test(step.trim())) return { refused: `the chain runs the model's answer through a guard (\`${step.trim().slice(0, 40)}\`) that may fix or filter it: the saved output is not the model's answer` };
    const bind = /\.bind\s*\(([\s\S]*)\)\s*$/.exec(step);
    if (!bind) continue;
    if (/\b(?:functions|function_call|tools|tool_choice)\s*=/.test(bind[1])) return { refused: `the chain binds functions to the model (\`${step.slice(0, 40)}\`): its answer is a function call a parser reads, and the case holds no function definitions` };
    for (const arg of splitArguments(bind[1])) {
      const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
      try {
        if (kw) bound = { ...bound, [kw[1]]: evaluate(kw[2], lookup) };
      } catch {
        return { refused: `the chain binds \`${kw![1]}\` to the model, which is not written out` };
      }
    }
  }
  if (first && 'template' in first) return { template: { ...first.template, ...(mapping ? { mapping } : {}), ...(Object.keys(bound).length ? { bound } : {}), ...(outputKey !== undefined ? { outputKey } : {}) } };
  if (first) return first;
  // `llm | StrOutputParser()` (holdout14): no template, the model asked with the call's text, its answer as a string.
  const modelStep = at === 0 && /^[A-Za-z_]\w*$/.test(steps[0]) ? defOf(steps[0]) : undefined;
  const parsesToText = (step: string) => /^(?:[\w.]*\.)?StrOutputParser\(\s*\)$/.test(step) || (/^[A-Za-z_]\w*$/.test(step) && /^(?:[\w.]*\.)?StrOutputParser\(\s*\)$/.test(defOf(step)?.trim() ?? ''));
  if (modelStep !== undefined && MODEL_OBJECT.test(modelStep) && !/Template|Message|History|Prompt/.test(modelStep.slice(0, modelStep.indexOf('('))) && steps.slice(1).every(parsesToText)) return undefined;
  return { refused: `the chain's first step (\`${steps[at]?.trim().slice(0, 40)}\`) is not a prompt template written out in the notebook` };
}

/** The keys of a dict step (`{"a": x, "b": y}`, `RunnableParallel(a=x, b=y)`, `RunnableParallel({"a": x})`), or undefined when it is none. */
function parallelKeys(step: string): string[] | undefined {
  const text = step.trim();
  const call = /^(?:[\w.]*\.)?RunnableParallel\s*\(/.exec(text);
  if (call && closing(text, call[0].length - 1) === text.length) {
    const args = splitArguments(text.slice(call[0].length, -1));
    if (args.length === 1 && /^\{/.test(args[0].trim())) return parallelKeys(args[0]);
    const keys = args.map((a) => /^([A-Za-z_]\w*)\s*=(?!=)/.exec(a.trim())?.[1]);
    return keys.length && keys.every(Boolean) ? (keys as string[]) : undefined;
  }
  if (!/^\{/.test(text) || closing(text, 0) !== text.length) return undefined;
  const keys = splitArguments(text.slice(1, -1)).map((e) => /^(['"])(\w+)\1\s*:/.exec(e.trim())?.[2]);
  return keys.length && keys.every(Boolean) ? (keys as string[]) : undefined;
}

/** A dict step whose values pass the input on (`RunnablePassthrough()`, `itemgetter("q")`): each variable's source; another chain there is a second model step. */
function passthroughMap(step: string, defOf: (name: string) => string | undefined): { mapping: Record<string, string | true> } | { refused: string } {
  const body = /^\{([\s\S]*)\}$/.exec(step.trim())?.[1];
  if (body === undefined) return { refused: `the chain's first step (\`${step.slice(0, 40)}\`) computes the template's variables` };
  const mapping: Record<string, string | true> = {};
  for (const entry of splitArguments(body)) {
    const m = /^(['"])(\w+)\1\s*:\s*([\s\S]+)$/.exec(entry.trim());
    if (!m) return { refused: `the chain's first step (\`${step.slice(0, 40)}\`) computes the template's variables` };
    const source = m[3].trim();
    // `lambda x: x["query"]` only reads the key, as `itemgetter("query")` does (holdout14, aurelio-labs course chains).
    const key = /^(?:operator\.)?itemgetter\(\s*(['"])(\w+)\1\s*\)$/.exec(source)?.[2] ?? /^lambda\s+([A-Za-z_]\w*)\s*:\s*\1\[\s*(['"])(\w+)\2\s*\]$/.exec(source)?.[3];
    if (/^RunnablePassthrough\(\s*\)$/.test(source)) mapping[m[2]] = true;
    else if (key) mapping[m[2]] = key;
    else {
      const named = /^[A-Za-z_]\w*$/.test(source) ? defOf(source) : undefined;
      if (named !== undefined && (/\bLLMChain\s*\(/.test(named) || splitPipe(named).length >= 2)) return { refused: `the chain asks the model several times, each step on the one before (\`${m[2]}\` is the answer of \`${source}\`): one prompt and answer cannot hold it` };
      return { refused: `the chain computes \`${m[2]}\` (\`${source.slice(0, 40)}\`) before the prompt: its value is not in the case` };
    }
  }
  return { mapping };
}

/** `a | b | c` at the top level (not inside brackets or strings). */
function splitPipe(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
    } else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === '|' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The template's variables from what the call was given: a dict of them, or one text for a template with one slot (or fed through a dict step). */
export function templateInput(template: PromptTemplate, given: { prompt?: string; variables?: Record<string, Json> }): { variables: Record<string, Json> } | { refused: string } {
  const whole: Json | undefined = given.variables ?? given.prompt;
  if (whole === undefined) return { refused: 'the chain is called with an input that is not a text or a dict of its template\'s variables' };
  if (template.mapping) {
    const variables: Record<string, Json> = {};
    for (const [k, from] of Object.entries(template.mapping)) {
      if (from === true) variables[k] = whole;
      else if (given.variables && from in given.variables) variables[k] = given.variables[from];
      else return { refused: `the chain reads \`${from}\` from its input, which the call does not give` };
    }
    return { variables };
  }
  if (given.variables) return { variables: given.variables };
  const slots = templateVariables(template);
  if (slots.length !== 1) return { refused: `the chain's prompt template has ${slots.length} variables and the call gives one text: which one it fills is not written out` };
  return { variables: { [slots[0]]: given.prompt! } };
}

/**
 * A prompt rendered from a template written out, above the model call (`prompt_value = prompt.invoke({"topic": "owls"})`,
 * `messages = chat_template.format_messages(name="Ada")`, `tpl.format_prompt(…)`, a text template's `.format(…)`), as
 * the library renders it: a chat template's messages (`{role, content}`), a text template's text. undefined when it is
 * not such a call or cannot be rendered from literals (the name then stays computed).
 */
export function renderedPrompt(expr: string, defOf: (name: string) => string | undefined, lookup: (name: string) => Json | undefined): Json | undefined {
  const text = expr.trim();
  const call = [...text.matchAll(/\.(invoke|format_messages|format_prompt|format)\s*\(/g)].find((m) => closing(text, m.index + m[0].length - 1) === text.length);
  if (!call) return undefined;
  const receiver = text.slice(0, call.index);
  // Only a template itself: a chain that starts with one (`prompt | llm`) answers, its result is no prompt.
  const receiverDef = /^\s*[A-Za-z_]\w*\s*$/.test(receiver) ? defOf(receiver.trim()) : receiver;
  if (receiverDef === undefined || splitPipe(receiverDef).length !== 1) return undefined;
  const made = templateOf(receiver, defOf, lookup);
  if (!made || !('template' in made) || made.template.mapping) return undefined;
  const args = splitArguments(text.slice(call.index + call[0].length, -1));
  let variables: Json;
  try {
    if (call[1] === 'invoke') {
      if (args.length !== 1) return undefined;
      variables = evaluate(args[0], lookup);
    } else {
      // Keywords, or a dict of them unpacked (`.format(**t)` over a literal dict).
      const entries: [string, Json][] = [];
      for (const a of args) {
        const pair = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(a);
        const spread = pair ? undefined : /^\*\*([\s\S]+)$/.exec(a);
        if (pair) entries.push([pair[1], evaluate(pair[2], lookup)]);
        else if (spread) {
          const d = evaluate(spread[1], lookup);
          if (!d || typeof d !== 'object' || Array.isArray(d)) return undefined;
          entries.push(...Object.entries(d));
        } else return undefined;
      }
      variables = Object.fromEntries(entries);
    }
  } catch {
    return undefined;
  }
  if (!variables || typeof variables !== 'object' || Array.isArray(variables)) return undefined;
  const rendered = renderTemplate(made.template, variables);
  if ('refused' in rendered) return undefined;
  // A chat template's `.format(…)` is its messages flattened to `Human: …` lines: no prompt a model was sent as such.
  if (rendered.messages) return call[1] === 'format' ? undefined : rendered.messages;
  return rendered.prompt;
}
