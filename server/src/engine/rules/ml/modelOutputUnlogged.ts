// NB507: a function of the project's own code that hands a model's output on
// (returns, yields, prints or writes it) while nothing in it records which model
// and prompt version made it. Runs on modules only (src/, packages such as app/):
// in a notebook, looking at an answer is the point.
import { MODEL_CALL_APIS, MODEL_IDENTITY, MODEL_TRACING_ENV, MODEL_TRACING_MODULES, OUTPUT_IDENTITY, RECORDING_CALL, TRACED_FUNCTION, type ModelCallApi } from '../../knowledge/libraries';
import type { FunctionScope } from '../../mlFacts';
import type { ProjectModel } from '../../project/model';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Rule, RuleFinding } from '../rule';
import { NotebookImports, type ResolvedCall } from './imports';

const OUTPUT_STATEMENT = /^\s*(?:return\b|yield\b|print\(|(?:await\s+)?\w+(?:\.\w+)*\.(?:write|send|send_json|put)\(|json\.dump\(|st\.(?:write|markdown)\()/;
const ASSIGNMENT = /^\s*([A-Za-z_]\w*)\s*(?::[^=]+)?(?:\+)?=(?!=)\s*([\s\S]*)$/;
const FOR_LOOP = /^\s*(?:async\s+)?for\s+([A-Za-z_]\w*)\s+in\s+([\s\S]*):\s*$/;

interface Statement {
  line: number;
  text: string;
}

/** The function's statements, a bracketed expression over several lines joined into one. */
function statementsOf(lines: readonly string[], scope: FunctionScope): Statement[] {
  const out: Statement[] = [];
  let current: Statement | undefined;
  let depth = 0;
  for (let line = scope.start; line <= scope.end && line < lines.length; line++) {
    const text = lines[line].replace(/#.*$/, '');
    if (current) current.text += `\n${text}`;
    else current = { line, text };
    for (const ch of text.replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""')) depth += ch === '(' || ch === '[' || ch === '{' ? 1 : ch === ')' || ch === ']' || ch === '}' ? -1 : 0;
    if (depth <= 0) {
      out.push(current);
      current = undefined;
      depth = 0;
    }
  }
  if (current) out.push(current);
  return out;
}

/** Calls that pass a value on as it is (a response wrapper), rather than compute something else from it (a metric). */
const PASSES_ON = /(?:^|[^\w.])(?:jsonify|dict|list|tuple|str|print|json\.dumps?|[\w.]*\.(?:write|markdown|send\w*|put)|\w*Response|\w*[Mm]essage|\w*Result|\w*Output)$/;

/** The text with the arguments of computing calls blanked: `self.score(y, preds)` keeps `self.score()`. */
function passedOn(text: string): string {
  let out = '';
  const stack: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const blanked = stack.includes(false);
    if (ch === '(') {
      const callee = /[\w.]+\s*$/.exec(text.slice(0, i))?.[0].trim();
      stack.push(!callee || PASSES_ON.test(callee));
      if (!blanked) out += ch;
      continue;
    }
    if (ch === ')') {
      stack.pop();
      if (!stack.includes(false)) out += ch;
      continue;
    }
    if (!blanked) out += ch;
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const mentions = (text: string, names: Set<string>) => [...names].some((n) => new RegExp(`(?<![\\w.])${escape(n)}\\b`).test(passedOn(text)));
/** `reply.choices[0].message.content`, `await result`, `{"answer": answer}`: the value itself, not something computed from it. */
const ACCESSOR_CHAIN = /^\s*(?:await\s+)?([A-Za-z_]\w*)(?:\s*\.\s*\w+|\[[^\]]*\]|\(\s*\))*\s*$/;

/** `.model_dump(mode="json")`, `.to_dict()`: the whole response serialised, its model id included (holdout11: pixeltable). */
const SERIALISED = String.raw`\s*\.\s*(?:model_dump(?:_json)?|dict|to_dict|json|to_json)\s*\([^()]*\)(?!\s*[.[])`;
const serialisedWhole = (expr: string, names: Set<string>) => [...names].some((n) => new RegExp(String.raw`^\s*(?:await\s+)?${escape(n)}${SERIALISED}\s*$`).test(expr));

/** `name.choices[0]`, `name.text`: a part of the response taken out of it (not the whole of it serialised). */
const accessed = (text: string, names: Set<string>) => [...names].some((n) => new RegExp(`(?<![\\w.])${escape(n)}\\s*(?:\\.\\s*\\w|\\[)`).test(passedOn(text).replace(new RegExp(`(?<![\\w.])${escape(n)}${SERIALISED}`, 'g'), n)));

/**
 * Does the text of the model's answer reach an output of the function? The whole
 * response handed on (`return response`) still carries its model id (`response.model`,
 * LangChain's `response_metadata`); its text alone (`response.choices[0].message.content`,
 * `reply.text`, a chunk's delta) does not, and that is what is reported.
 */
function reachesOutput(statements: Statement[], lines: readonly string[], call: ResolvedCall): boolean {
  const line = call.call.range.start.line;
  const at = statements.findIndex((s, i) => s.line <= line && (statements[i + 1]?.line ?? Infinity) > line);
  if (at < 0) return false;
  const close = call.call.closeParen;
  const afterCall = (lines[close.line] ?? '').slice(close.character + 1);
  const takesPart = /^\s*(?:\.\s*\w|\[)/.test(afterCall) && !new RegExp(`^${SERIALISED}`).test(afterCall);
  const first = statements[at].text;
  if (takesPart && OUTPUT_STATEMENT.test(first) && mentions(first, new Set([call.call.callee]))) return true;
  const whole = new Set([call.call.assignedTo, ...(call.call.unpackedTo ?? [])].filter((n): n is string => !!n));
  const text = new Set<string>();
  const bound = ASSIGNMENT.exec(first);
  if (bound && !call.call.assignedTo) {
    if (takesPart) text.add(bound[1]);
    else if (/^\s*await\s/.test(bound[2])) whole.add(bound[1]); // `reply = await client.…create(…)`
  }
  if (whole.size + text.size === 0) return false;
  for (const s of statements.slice(at + 1)) {
    if (OUTPUT_STATEMENT.test(s.text) && (mentions(s.text, text) || accessed(s.text, whole))) return true;
    const loop = FOR_LOOP.exec(s.text);
    if (loop) {
      if (mentions(loop[2], whole)) whole.add(loop[1]); // stream chunks are responses too
      continue;
    }
    const assigned = ASSIGNMENT.exec(s.text);
    if (!assigned) continue;
    const chain = ACCESSOR_CHAIN.exec(assigned[2]);
    if (serialisedWhole(assigned[2], whole)) whole.add(assigned[1]);
    else if (chain && text.has(chain[1])) text.add(assigned[1]);
    else if (chain && whole.has(chain[1])) (/^\s*(?:await\s+)?\w+\s*$/.test(assigned[2]) ? whole : text).add(assigned[1]);
    else if (!chain && /^\s*[[{(f"']/.test(assigned[2]) && (mentions(assigned[2], text) || accessed(assigned[2], whole))) text.add(assigned[1]);
  }
  return false;
}

/** Logged with the model or prompt version, traced, or the output names its model itself. */
function recordsModel(statements: Statement[]): boolean {
  return statements.some((s) => TRACED_FUNCTION.test(s.text)
    || (RECORDING_CALL.test(s.text) && MODEL_IDENTITY.test(s.text))
    || (OUTPUT_STATEMENT.test(s.text) && OUTPUT_IDENTITY.test(s.text)));
}

const TRACED_PROJECTS = new WeakMap<ProjectModel, boolean>();
/** Where a project sets up its instrumentation at start-up, besides its modules. */
const STARTUP_FILE = /(?:^|\/)(?:app|main|__init__|server|wsgi|asgi|create_app|telemetry|tracing|observability|instrumentation)\.py$|(?:^|\/)\.env\.(?:example|sample|template)$/;
const MAX_STARTUP_FILES = 200;
/** A promptflow flow: its executor traces every OpenAI call of a run with the run's inputs (holdout11: chat-with-pdf). */
const PROMPTFLOW_FLOW = /(?:^|\/)flow\.(?:dag|flex)\.ya?ml$/;
const TRACING_IMPORT = new RegExp(`^[ \\t]*(?:from|import)[ \\t]+(?:${MODEL_TRACING_MODULES.map((m) => m.replace(/\./g, '\\.')).join('|')})\\b`, 'm');

/** A project file's text ('' when missing or over 256 kB). */
export function readSmall(root: string, file: string): string {
  try {
    const full = path.join(root, file);
    return fs.statSync(full).size > 256 * 1024 ? '' : fs.readFileSync(full, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The project records every model call already: an instrumentation import in its
 * modules or start-up files, tracing turned on in its environment template, or a promptflow flow.
 * Read once per project model.
 */
export function projectTracesModelCalls(project: ProjectModel | undefined): boolean {
  if (!project) return false;
  let traced = TRACED_PROJECTS.get(project);
  if (traced === undefined) {
    traced = project.files.some((f) => PROMPTFLOW_FLOW.test(f))
      || project.modules.some((m) => m.imports.some((i) => i.modules.some((x) => MODEL_TRACING_MODULES.some((t) => x === t || x.startsWith(`${t}.`)))))
      || project.files.filter((f) => STARTUP_FILE.test(f) && !f.includes('test')).slice(0, MAX_STARTUP_FILES).some((f) => {
        const text = readSmall(project.root, f);
        return f.endsWith('.py') ? TRACING_IMPORT.test(text) : MODEL_TRACING_ENV.test(text);
      });
    TRACED_PROJECTS.set(project, traced);
  }
  return traced;
}

/** The model call APIs of the libraries the notebook imports, in MODEL_CALL_APIS' order (asked once per analysis, not per call). */
function importedApis(imports: NotebookImports): readonly ModelCallApi[] {
  return MODEL_CALL_APIS.filter((api) => api.libraries.some((l) => imports.imports(l)));
}

function apiOf(c: ResolvedCall, apis: readonly ModelCallApi[]): ModelCallApi | undefined {
  for (const api of apis) if (api.qualified ? c.qualified === api.qualified : api.method!.test(c.call.callee)) return api;
  return undefined;
}

const MODEL_CLIENT_BASE = /^(?:[\w.]+\.)?\w*(?:LLM|Llm|Model|Provider|Backend|Client)\w*$/;
const MODEL_KEYWORD = /^(?:model|model_?id|modelId|model_name|engine|deployment_name)$/;
const SELF_ATTRIBUTE = /^self(?:\.\w+){1,2}$/;
const MODEL_ENTRY_FROM_SELF = /["'](?:model|model_?id|modelId|model_name|engine|deployment_name)["']\s*(?::|\]\s*=)\s*self(?:\.\w+){1,2}\s*(?:[,}\n]|$)/;

/**
 * `model=model` after `provider, model = self.provider_and_model` or `model = self.model`: a local name the
 * method took from the instance (holdout15: evidently's LiteLLMWrapper splits its model through a property).
 */
function boundFromSelf(name: string, before: readonly string[]): boolean {
  if (!/^[A-Za-z_]\w*$/.test(name)) return false;
  const binding = new RegExp(String.raw`^\s*(?:[A-Za-z_]\w*\s*,\s*)*${name}\s*(?:,\s*[A-Za-z_]\w*\s*)*(?::[^=]+)?=(?!=)\s*(.*)$`);
  let from: string | undefined;
  for (const line of before) {
    const m = binding.exec(line.replace(/#.*$/, ''));
    if (m) from = m[1].trim(); // the last binding before the call wins
  }
  return from !== undefined && SELF_ATTRIBUTE.test(from);
}

/**
 * `class OPENAI(LLM): def query(self, prompt): … create(model=self.model, …)`: a provider's
 * implementation of an interface, asked for the model its caller built it with. The caller holds
 * the model (`llm.model`) and is where the output is recorded; the adapter only delegates.
 */
function isProviderAdapter(c: ResolvedCall, scope: FunctionScope, source: string): boolean {
  const at = c.call.keywords.findIndex((k) => MODEL_KEYWORD.test(k));
  const lines = source.split('\n');
  // `model=self.model`, `model=self.config.model`, or (holdout11: mem0's adapters) `**params` built with
  // `params["model"] = self.config.model` / `{"modelId": self.config.model, …}` in the same method.
  const value = at >= 0 ? (c.call.values[at] ?? '').trim() : '';
  const fromSelf = at >= 0 ? SELF_ATTRIBUTE.test(value) || boundFromSelf(value, lines.slice(scope.start, c.call.range.start.line))
    : c.call.splat && MODEL_ENTRY_FROM_SELF.test(lines.slice(scope.start, c.call.range.start.line + 1).join('\n'));
  // holdout20: NeMo-Curator's `OpenAIClient(LLMClient).query_model(self, *, messages, model: str, …)` is told the model
  // by its caller on each call, a required parameter: the caller holds it, as it holds `self.model`.
  if (!fromSelf && !(at >= 0 && isRequiredParameter(value, scope, lines))) return false;
  let def = scope.start;
  while (def <= scope.end && !/^\s*(?:async\s+)?def\s/.test(lines[def] ?? '')) def++;
  // The parameters may start on the next line: `def __call__(\n    self,\n    messages, …`.
  const header = /^(\s*)(?:async\s+)?def\s+\w+\s*\(\s*self\b/.exec(lines.slice(def, def + 3).map((l) => l.replace(/#.*$/, '')).join('\n'));
  if (!header) return false;
  const indent = header[1].length;
  for (let line = scope.start - 1; line >= 0; line--) {
    const text = lines[line];
    const own = text.length - text.trimStart().length;
    if (text.trim() === '' || text.trimStart().startsWith('#') || own >= indent) continue;
    // The class implements a model client's interface (`LLM`, `ChatModel`, `ModelProvider`, `ChatBackend`): a
    // generator or filter that makes data with a model (`QAGenerator`, `Filter`) is where its output should be recorded.
    const cls = /^\s*class\s+\w+\s*\(\s*([^)]*)\)/.exec(text);
    return cls !== null && cls[1].split(',').some((base) => MODEL_CLIENT_BASE.test(base.trim()));
  }
  return false;
}

/**
 * `def _chat_call(client, model: str, prompt: str): … create(model=model, …)`: a module's private helper told the
 * model by a required parameter (holdout15: evidently's `_chat_completions_openai_call`, called by a feature whose
 * model is a field of its saved configuration). Its caller chose the model and is where the output is recorded;
 * a public function, or a parameter with a default (`model="gpt-4o"`), can be called without one.
 */
function isPrivateHelperGivenModel(c: ResolvedCall, scope: FunctionScope, source: string): boolean {
  if (!scope.name.startsWith('_') || scope.name.startsWith('__')) return false;
  const at = c.call.keywords.findIndex((k) => MODEL_KEYWORD.test(k));
  const value = at >= 0 ? (c.call.values[at] ?? '').trim() : '';
  return isRequiredParameter(value, scope, source.split('\n'));
}

/** Is `name` a parameter of the function with no default (`model: str`, also keyword-only after a bare `*`)? */
function isRequiredParameter(name: string, scope: FunctionScope, lines: readonly string[]): boolean {
  if (!/^[A-Za-z_]\w*$/.test(name) || name === 'self') return false;
  let def = scope.start;
  while (def <= scope.end && !/^\s*(?:async\s+)?def\s/.test(lines[def] ?? '')) def++;
  // Comments dropped first: `def query_model(  # noqa: PLR0913` opens many a long signature.
  const signature = lines.slice(def, Math.min(def + 20, scope.end + 1)).map((l) => l.replace(/#.*$/, '')).join('\n');
  const header = /^\s*(?:async\s+)?def\s+\w+\s*\(([^)]*)\)/.exec(signature);
  if (!header) return false;
  const parameter = header[1].split(',').map((p) => p.trim()).find((p) => p.split(/[:=]/)[0].trim() === name);
  // A required parameter: no default, not `*args` or `**kwargs`.
  return parameter !== undefined && !parameter.includes('=') && !parameter.startsWith('*');
}

export const modelOutputUnlogged: Rule = {
  code: 'NB507',
  name: 'model-output-unlogged',
  defaultSeverity: 'information',
  check({ cells, codeCells, project }) {
    const imports = NotebookImports.of(codeCells);
    if (MODEL_TRACING_MODULES.some((m) => imports.imports(m))) return [];
    const byFunction = new Map<string, { cell: number; scope: FunctionScope; calls: { call: ResolvedCall; api: ModelCallApi }[] }>();
    const apis = importedApis(imports);
    if (apis.length === 0) return [];
    for (const c of imports.calls()) {
      const scope = c.call.scope;
      if (!scope) continue;
      const api = apiOf(c, apis);
      // `def predict(self, x): return self.pipeline.predict(x)` is the model's own method, not a consumer of its output.
      if (!api || c.call.callee.split('.').pop() === scope.name) continue;
      if (isProviderAdapter(c, scope, cells[c.cell].source) || isPrivateHelperGivenModel(c, scope, cells[c.cell].source)) continue;
      const key = `${c.cell}:${scope.start}`;
      const entry = byFunction.get(key) ?? { cell: c.cell, scope, calls: [] };
      entry.calls.push({ call: c, api });
      byFunction.set(key, entry);
    }
    // The project's tracing is looked at only for a module with model calls: it reads every module's imports.
    if (byFunction.size === 0 || projectTracesModelCalls(project)) return [];
    const findings: RuleFinding[] = [];
    for (const { cell, scope, calls } of byFunction.values()) {
      const lines = cells[cell].source.split('\n');
      const statements = statementsOf(lines, scope);
      if (recordsModel(statements)) continue;
      const output = calls.find((c) => reachesOutput(statements, lines, c.call));
      if (!output) continue;
      findings.push({
        cell,
        range: output.call.call.range,
        message: `\`${scope.name}()\` hands on the output of ${output.api.what} (\`${output.call.call.callee}(…)\`) without recording which model or prompt version made it: log the model id and prompt version with the output (or trace the call), so a bad output can be traced to what produced it.`,
      });
    }
    return findings;
  },
};
