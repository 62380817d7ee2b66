// "Extract the model call to a function": a cell's model call becomes `ask(…)`
// (the call as the notebook made it, with its literal model and parameters and a
// client made from the environment) and `answer(…)` (the answer text alone, what
// the eval cases grade) in src/<package>/<module>.py. The cell calls `ask`, so it
// shows what it showed before; the cell's eval case targets `answer`.
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { type EvalCase } from './caseFormat';
import type { Endpoint } from './endpoint';
import { findLlmCall, type LlmCall } from './findCall';
import { EXTRACTABLE_CALLS, EXTRACTABLE_MODEL_OBJECTS, MAKER_KEYS } from './llmCalls';
import { planLlmEvalCase } from './plan';
import type { Json } from './resolve';

export interface CallExtractionRequest {
  cells: readonly CellInput[];
  cell: number;
  statements: (source: string) => Statement[];
  packageName: string;
  moduleName: string;
  /** The notebook's path relative to the project root, and the cell's nbformat id when known. */
  notebook: string;
  cellId?: string;
  existingModule?: string;
}

export interface CallExtraction {
  /** The module's whole text (a new file). */
  moduleText: string;
  /** The cell's new source. */
  cellText: string;
  /** `package.module:answer`, the eval case's target. */
  target: string;
  /** The cell's eval case with that target, when the saved output gives one. */
  evalCase?: EvalCase;
}

/** A JSON value as Python source. */
export function pythonLiteral(v: Json): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number' || typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pythonLiteral).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pythonLiteral(x)}`).join(', ')}}`;
}

/** The import the notebook wrote for `name` (`from langchain_openai import ChatOpenAI`), when it matches `from`. */
function importOf(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[], name: string, from: RegExp): string | undefined {
  for (let k = cell; k >= 0; k--) {
    if (cells[k].kind !== 'code') continue;
    for (const st of statements(cells[k].source).filter((x) => x.kind === 'import')) {
      const m = /^from\s+([\w.]+)\s+import\s+\(?([\s\S]*?)\)?\s*$/.exec(st.text.trim());
      if (!m || !from.test(m[1])) continue;
      const names = m[2].split(',').map((n) => n.trim().split(/\s+as\s+/));
      const hit = names.find((n) => (n[1] ?? n[0]) === name);
      if (hit) return `from ${m[1]} import ${hit[0]}${hit[1] ? ` as ${hit[1]}` : ''}`;
    }
  }
  return undefined;
}

/**
 * The client made for the server the notebook asked (`OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")`): its URL
 * and its key as the notebook got it (from the same environment variable, or the same placeholder), never a bare `OpenAI()`.
 */
function endpointClient(client: (typeof EXTRACTABLE_CALLS)[number], endpoint: Endpoint): { header: string; client: string } | { refused: string } {
  const maker = /^([A-Za-z_]\w*)\(\)$/.exec(client.client)?.[1];
  // Only OpenAI-shaped clients made without arguments take `base_url=` and `api_key=` as written here.
  if (!maker || !client.method.endsWith('completions.create') && !client.method.endsWith('responses.create')) return { refused: `the client is pointed at another server (\`base_url=\`), which this refactor keeps only for an OpenAI-shaped client: use Extract cell to module` };
  const url = typeof endpoint.base_url === 'string' ? pythonLiteral(endpoint.base_url)
    : endpoint.base_url.default !== undefined ? `os.environ.get(${pythonLiteral(endpoint.base_url.env)}, ${pythonLiteral(endpoint.base_url.default)})` : `os.environ[${pythonLiteral(endpoint.base_url.env)}]`;
  const key = endpoint.api_key_env !== undefined ? `os.environ[${pythonLiteral(endpoint.api_key_env)}]` : endpoint.api_key !== undefined ? pythonLiteral(endpoint.api_key) : undefined;
  const usesEnv = typeof endpoint.base_url !== 'string' || endpoint.api_key_env !== undefined;
  return { header: `${usesEnv ? 'import os\n' : ''}${client.header}`, client: `${maker}(base_url=${url}${key !== undefined ? `, api_key=${key}` : ''})` };
}

/** How the module asks the model: the lines before `return` in `ask`, the call it returns, and the answer text on its response. */
interface Asking {
  header: string;
  setup: string[];
  call: string;
  answerText: string;
  /** `_model()`, which makes the object the call is made on, once per process (a pipeline loads its weights). */
  maker?: string;
}

function askingOf(req: CallExtractionRequest, call: LlmCall, prompt: string): Asking | { refused: string } {
  const positional = call.promptKey === 0 ? `${prompt}, ` : '';
  const params = Object.entries(call.params).map(([k, v]) => `${k}=${pythonLiteral(v)}`);
  const client = EXTRACTABLE_CALLS.find((c) => c.vendor === call.vendor && call.callee.endsWith(`.${c.method}`));
  if (client) {
    if (call.model === null || !call.keywordModel) return { refused: 'the call does not name its model' };
    if (typeof call.model !== 'string') return { refused: `the call's model is read from the environment (\`${call.model.env}\`): extraction writes the model out` };
    const args = [`${client.modelKeyword ?? 'model'}=${pythonLiteral(call.model)}`, call.promptKey === 0 ? undefined : `${call.promptKey}=${prompt}`, ...params].filter(Boolean);
    const made = call.endpoint ? endpointClient(client, call.endpoint) : { header: client.header, client: client.client };
    if ('refused' in made) return made;
    return { header: made.header, setup: [`client = ${made.client}`], call: `client.${client.method}(${positional}${args.join(', ')})`, answerText: client.answerText };
  }
  const method = call.callee.includes('.') ? call.callee.slice(call.callee.indexOf('.') + 1) : '';
  const kind = EXTRACTABLE_MODEL_OBJECTS.find((o) => o.vendor === call.vendor && o.method === method && call.maker && o.maker.test(call.maker.callee));
  if (!kind || !call.maker) {
    if (call.vendor === 'bedrock') return { refused: `a raw \`invoke_model\` body's answer depends on the model family: ask through \`converse\`, or use Extract cell to module` };
    return { refused: `only calls on a client (OpenAI, Anthropic, Gemini, Mistral, Bedrock converse) or on a model object made with literal arguments (a LangChain chat model, a LlamaIndex LLM, a Hugging Face pipeline) are extracted (this is \`${call.callee}\`): use Extract cell to module` };
  }
  const made = call.maker;
  if (made.computed !== undefined) return { refused: `\`${made.name}\` is made with \`${made.computed}\`, which is computed, not written out` };
  const header = importOf(req.cells, req.cell, req.statements, made.callee, kind.from);
  if (!header) return { refused: `\`${made.callee}\` is not imported by name from its library` };
  const answerText = typeof kind.answerText === 'string' ? kind.answerText : kind.answerText(made);
  if (answerText === undefined) return { refused: `the answer of \`${made.name}\`'s task is not a text this refactor knows how to read` };
  const makeArgs = [...made.positional.map(pythonLiteral), ...Object.entries(made.keywords).map(([k, v]) => `${k}=${pythonLiteral(v)}`)];
  const keywordArgs = call.promptKey === 0 || call.promptKey === '**variables' ? [] : [`${call.promptKey}=${prompt}`];
  return {
    header: `import functools\n${header}`,
    setup: [`${made.name} = _model()`],
    call: `${made.name}${method ? `.${method}` : ''}(${[call.promptKey === 0 ? prompt : undefined, ...keywordArgs, ...params].filter(Boolean).join(', ')})`,
    answerText,
    maker: `@functools.cache\ndef _model():\n    """${made.name} as the notebook made it."""\n    return ${made.callee}(${makeArgs.join(', ')})`,
  };
}

export function planCallExtraction(req: CallExtractionRequest): CallExtraction | { refused: string } {
  const found = findLlmCall(req.cells, req.cell, req.statements);
  if ('refused' in found) return { refused: found.refused };
  const call = found.call;
  if (call.streamed) return { refused: 'the call streams its answer: `answer` could not return it whole' };
  if (call.attachments?.length) return { refused: 'the call sends files with its prompt (an image, a PDF, audio): `ask(prompt)` would not send them; use Extract cell to module and set the case\'s `target`' };
  if (call.unresolved.length) return { refused: `the call's \`${call.unresolved[0]}\` is computed, not written out` };
  const prompt = call.input.messages !== undefined ? 'messages' : typeof call.promptValue === 'string' ? 'prompt' : undefined;
  if (!prompt) return { refused: 'the prompt is neither a text nor a list of messages' };
  const asking = askingOf(req, call, prompt);
  if ('refused' in asking) return asking;
  if (req.existingModule !== undefined && /^def (?:ask|answer|_model)\b/m.test(req.existingModule)) return { refused: `src/${req.packageName}/${req.moduleName}.py already defines ask, answer or _model` };

  const maker = asking.maker;
  const moduleText = [
    `"""The model call of ${req.notebook}: \`ask\` makes it as the notebook did, \`answer\` returns the answer text (what the eval cases grade)."""`,
    asking.header,
    '',
    '',
    ...(maker ? [maker, '', ''] : []),
    `def ask(${prompt}):`,
    `    """Asks the model${maker ? '' : '; the client reads its key from the environment'}."""`,
    ...asking.setup.map((l) => `    ${l}`),
    `    return ${asking.call}`,
    '',
    '',
    `def answer(${prompt}: ${prompt === 'messages' ? 'list' : 'str'}) -> str:`,
    '    """The answer text alone."""',
    `    return ask(${prompt})${asking.answerText}`,
    '',
  ].join('\n');

  const source = req.cells[req.cell].source;
  const replaced = `${source.slice(0, call.span.start)}ask(${call.promptText})${source.slice(call.span.end)}`;
  const importLine = `from ${req.packageName}.${req.moduleName} import ask\n`;
  // A cell magic stays the cell's first line.
  const magic = /^%%[^\n]*\n/.exec(replaced)?.[0] ?? '';
  const cellText = `${magic}${importLine}${replaced.slice(magic.length)}`;
  const planned = planLlmEvalCase(req.cells, req.cell, req.statements, req.notebook, req.cellId);
  // A tool-call case grades the response's tool call: it targets `ask`, which returns the response whole.
  const target = `${req.packageName}.${req.moduleName}:${'case' in planned && planned.case.grader.kind === 'tool_call' ? 'ask' : 'answer'}`;
  // A model object's keys come from its class (the case's vendor tag is the library, `langchain`, which names no key).
  // A client pointed at another server needs the key the notebook read for it (none for a local server given a placeholder).
  const env = call.endpoint ? (call.endpoint.api_key_env !== undefined ? [call.endpoint.api_key_env] : undefined)
    : call.maker && !EXTRACTABLE_CALLS.some((c) => c.vendor === call.vendor && call.callee.endsWith(`.${c.method}`)) ? MAKER_KEYS.find((k) => k.maker.test(call.maker!.callee))?.env : undefined;
  return { moduleText, cellText, target, ...('case' in planned ? { evalCase: { ...planned.case, target, ...(env ? { env: [...env] } : {}) } } : {}) };
}
