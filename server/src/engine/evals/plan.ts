// "Add as eval case" for a cell that asks a language model: the call, its
// resolved inputs and the saved answer, as an eval case (or why not).
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { answerInValue, ERROR_OUTPUT, observedAnswer } from './answer';
import { type EvalCase, pickGrader, shortHash } from './caseFormat';
import { findLlmCall, type LlmCall, modelCallSites } from './findCall';
import { type CaseAttachment, caseAttachment, writtenByNotebook } from './attachments';
import { printedTexts } from './printed';
import { inlinePrinters } from './templateFunctions';
import { type AnswerPart, splitAnswers } from './severalCalls';
import { evaluate, type Json } from './resolve';
import { argumentsSchema, declaredTools, parseRepr, type ToolCall, toolCallsIn } from './toolCalls';

/** Every string in the case's input: the texts an echoed prompt would show. */
function literalTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value.trim()];
  if (Array.isArray(value)) return value.flatMap(literalTexts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(literalTexts);
  return [];
}

/** `json.loads(response.choices[0].message.content)`, `json.loads(response.text)`: the answer text parsed as JSON. */
const PARSES_ANSWER_JSON = /\bjson\.loads\(\s*[\w.[\]'"]*\.(?:content|text|output_text)\s*\)/;

/** Progress lines the notebook's own code prints with a `>` marker (`print(f">> Retrieving section: {section_id}")` under `verbose`): their literal starts. */
function progressPrints(cells: readonly CellInput[], cell: number): string[] {
  const sources = cells.slice(0, cell + 1).map((c) => (c.kind === 'code' ? c.source : ''));
  return sources.flatMap((source) => printedTexts(source, () => false)).map((p) => p.prefix).filter((prefix) => /^>+\s*\w/.test(prefix) && prefix.length >= 4);
}

/** The prompt the case holds does not show the answer's set: a classifier pipeline's labels, a chain's template (only its variables are input). */
const labelsUnseen = (call: LlmCall) => (call.input.variables !== undefined && call.input.prompt === undefined && call.input.messages === undefined)
  || (call.maker?.callee === 'pipeline' && /classification|sentiment/.test(String(call.maker.keywords.task ?? call.maker.positional[0])));

export type PlanResult = { case: EvalCase } | { refused: string; modelCall: boolean };
export type PlanCasesResult = { cases: EvalCase[] } | { refused: string; modelCall: boolean };

/** `notebook` is the notebook's path relative to the project root; `cellId` the nbformat cell id when known. */
export function planLlmEvalCase(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[], notebook: string, cellId?: string): PlanResult {
  if (cells[cell].kind !== 'code') return { refused: 'not a code cell', modelCall: false };
  const found = findLlmCall(cells, cell, statements);
  if ('refused' in found) return found;
  return singleCase(cells, cell, found.call, statements, notebook, cellId);
}

/**
 * The case of a cell that asks once. When it prints more than the answer's own print (the prompt before it,
 * `print(prompt)`; a second computed value after it), the answer is what that print wrote: the saved stdout is
 * walked along every print (`splitAnswers`). When it cannot be, the labels must still tell the answer apart
 * (the answer's print writes a label, and every print after it does), else the case is refused.
 */
function singleCase(cells: readonly CellInput[], cell: number, call: LlmCall, statements: (source: string) => Statement[], notebook: string, cellId?: string): PlanResult {
  const c = cells[cell];
  const lastTop = c.source.split('\n').filter((l) => /^[^\s#)\]}]/.test(l)).at(-1) ?? '';
  const returned = c.result !== undefined && !/^(?:print\(|for\s|while\s|if\s|with\s)/.test(lastTop);
  const answerPrint = call.printed.find((p) => p.answer);
  const others = call.printed.filter((p) => p !== answerPrint && !p.whole);
  if (returned || !answerPrint || !others.length || call.tools || call.calls > 1) return caseForCall(cells, cell, call, statements, notebook, cellId);
  const split = splitAnswers(cells, cell, statements, call.sites, { single: true });
  if (!('refused' in split) && split.parts.length === 1) return caseForCall(cells, cell, call, statements, notebook, cellId, split.parts[0].text, false);
  // The labels cut the output: everything before the answer's own label, and from the next print's label on.
  const labelled = others.every((p) => (p.at < answerPrint.at ? answerPrint.prefix.length >= 2 : p.prefix.length >= 3));
  if (labelled) return caseForCall(cells, cell, call, statements, notebook, cellId);
  const what = others.find((p) => (p.at < answerPrint.at ? answerPrint.prefix.length < 2 : p.prefix.length < 3))!;
  const shown = c.source.slice(what.at, c.source.indexOf('\n', what.at) < 0 ? undefined : c.source.indexOf('\n', what.at)).trim().slice(0, 50);
  return { refused: `the cell prints \`${shown}\` besides the answer, and its saved output cannot be split to the answer's own print: ${'refused' in split ? split.refused : 'it holds several answers'}`, modelCall: true };
}

/**
 * Every case the cell makes: one per call when it asks the model several times and prints each answer
 * with a statement of its own (`severalCalls.ts`), else the one case `planLlmEvalCase` makes.
 */
export function planLlmEvalCases(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[], notebook: string, cellId?: string): PlanCasesResult {
  if (cells[cell].kind !== 'code') return { refused: 'not a code cell', modelCall: false };
  let found = findLlmCall(cells, cell, statements, { batches: true });
  // The cell asks several times and returns one value: that value is its last statement's call's answer, not the first call's.
  const shown = 'call' in found && found.call.calls > 1 ? returnedCall(cells[cell], statements, modelCallSites(cells, cell, statements)) : undefined;
  if ('call' in found && shown !== undefined && shown !== found.call.sites[0]) found = findLlmCall(cells, cell, statements, { batches: true, open: shown });
  if ('refused' in found) {
    // A loop over a literal list: its variable has a value only item by item, when the cell is split.
    if (!found.modelCall || !/^for\s/m.test(cells[cell].source)) return found;
    const split = splitAnswers(cells, cell, statements, modelCallSites(cells, cell, statements));
    if (!('refused' in split)) return casesOf(cells, cell, statements, notebook, cellId, split.parts);
    // The notebook's own printer of the answer (`print_response(response)` in the loop): read as the prints it runs.
    const inlined = inlinePrinters(cells, cell);
    const again = inlined && splitAnswers(inlined, cell, statements, modelCallSites(inlined, cell, statements));
    return !again || 'refused' in again ? found : casesOf(inlined, cell, statements, notebook, cellId, again.parts);
  }
  // Another cell of the notebook, asking something else, saved the very same output: a pasted answer, not this call's.
  const twin = pastedTwin(cells, cell, statements);
  if (twin !== undefined) return { refused: `the saved output is the same as cell ${twin + 1}'s, which asks something else: it was not answered to this call`, modelCall: true };
  // The notebook says the cells below hold another model's answers (`## WizardLM Answers below`, pasted into a LaMini notebook).
  const other = otherModelsAnswers(cells, cell, found.call.model);
  if (other) return { refused: `the cell is under \`${other}\`: its saved output is another model's answer, not this call's`, modelCall: true };
  if (found.call.batch) return batchCases(cells, cell, found.call, statements, notebook, cellId);
  const single = singleCase(cells, cell, found.call, statements, notebook, cellId);
  if (found.call.calls < 2) return 'case' in single ? { cases: [single.case] } : single;
  const split = splitAnswers(cells, cell, statements, found.call.sites);
  if (!('refused' in split)) return casesOf(cells, cell, statements, notebook, cellId, split.parts);
  const inlined = inlinePrinters(cells, cell);
  const again = inlined && splitAnswers(inlined, cell, statements, modelCallSites(inlined, cell, statements));
  if (inlined && again && !('refused' in again)) return casesOf(inlined, cell, statements, notebook, cellId, again.parts);
  if ('case' in single) return { cases: [single.case] };
  return MIXED.test(single.refused) ? { refused: `the cell asks the model ${found.call.calls} times and its saved output cannot be split into their answers: ${split.refused}`, modelCall: true } : single;
}

/**
 * The call whose answer the cell's saved result is (the position of its `(`): the one in its last statement
 * (`chain.invoke(…)`), or the one that bound the name the last statement shows (`second.content`); undefined when not known.
 */
function returnedCall(c: CellInput, statements: (source: string) => Statement[], sites: readonly number[]): number | undefined {
  if (c.result === undefined) return undefined;
  const sts = statements(c.source);
  const last = sts.at(-1);
  if (!last || last.kind === 'def' || /^(?:print|display)\s*\(/.test(last.text)) return undefined;
  const within = (st: Statement) => sites.filter((s) => s >= st.start && s < st.end);
  if (within(last).length) return within(last).length === 1 ? within(last)[0] : undefined;
  const name = /^([A-Za-z_]\w*)(?:\.\w+|\[[^\]]*\])*$/.exec(last.text.trim())?.[1];
  const bound = name === undefined ? undefined : sts.slice(0, -1).reverse().find((st) => new RegExp(`^${name}\\s*(?::[^=]*)?=(?!=)`).test(st.text));
  return bound && within(bound).length === 1 ? within(bound)[0] : undefined;
}

/** One case per answer the split found; refused as a whole when one of them cannot be a case. */
function casesOf(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[], notebook: string, cellId: string | undefined, parts: readonly AnswerPart[]): PlanCasesResult {
  const cases: EvalCase[] = [];
  for (const [k, part] of parts.entries()) {
    const planned = caseForCall(cells, cell, part.call, statements, notebook, cellId, part.text);
    if ('refused' in planned) return { refused: `the cell asks the model ${parts.length} times; for answer ${k + 1}: ${planned.refused}`, modelCall: true };
    const same = cases.findIndex((c) => c.id === planned.case.id);
    if (same >= 0) return { refused: `the cell asks the same question of the same model twice (answers ${same + 1} and ${k + 1}): one case cannot hold both answers`, modelCall: true };
    cases.push(planned.case);
  }
  return { cases };
}

/**
 * A pipeline handed several texts at once (`classifier(["…", "…"])`) returns one answer per text, in order:
 * a case per text, when the cell returns that list as it is (a printed or looped-over result is not split).
 */
function batchCases(cells: readonly CellInput[], cell: number, call: LlmCall, statements: (source: string) => Statement[], notebook: string, cellId: string | undefined): PlanCasesResult {
  const texts = call.batch!;
  const refused = { refused: `the pipeline is given ${texts.length} inputs at once and its saved output is not one answer per input: a case holds one input and its answer`, modelCall: true };
  const c = cells[cell];
  if (call.calls === 1 && call.printed.length === 1) {
    const answers = printedPerText(c, texts.length);
    if (answers === undefined) return refused;
    const parts = texts.map((text, k): AnswerPart => ({ call: { ...call, input: { prompt: text }, promptValue: text, calls: 1, batch: undefined }, text: answers[k] }));
    return sharedLabels(casesOf(cells, cell, statements, notebook, cellId, parts), call);
  }
  if (c.result === undefined || call.calls > 1 || call.printed.length) return refused;
  let value: Json;
  try {
    value = evaluate(c.result.trim());
  } catch {
    return refused;
  }
  if (!Array.isArray(value) || value.length !== texts.length) return refused;
  const parts: AnswerPart[] = [];
  for (const [k, text] of texts.entries()) {
    const answer = answerInValue(value[k]);
    if (answer === undefined) return refused;
    parts.push({ call: { ...call, input: { prompt: text }, promptValue: text, calls: 1, batch: undefined }, text: answer });
  }
  return sharedLabels(casesOf(cells, cell, statements, notebook, cellId, parts), call);
}

/**
 * A classifier's answers to the texts are labels of one set: each case's grader knows all the labels the batch showed.
 * (A zero-shot classifier's cases already know theirs: the candidate labels.)
 */
function sharedLabels(planned: PlanCasesResult, call: LlmCall): PlanCasesResult {
  if (!('cases' in planned) || !planned.cases.every((c) => c.grader.kind === 'label') || call.caseParams.candidate_labels !== undefined) return planned;
  const labels = [...new Set(planned.cases.map((c) => c.reference))].sort();
  return { cases: planned.cases.map((c) => ({ ...c, grader: { kind: 'label' as const, labels } })) };
}

/** The keys of a pipeline's result that hold its answer (`[{'label': …, 'score': …}]`). */
const PIPELINE_RESULT_KEYS = /^(?:label|generated_text|summary_text|translation_text|answer)$/;

/**
 * What a loop printed for each text of a batch, one line per result, in order (`results = classifier([...])` then
 * `for result in results: print(f"label: {result['label']}, with score: {round(result['score'], 4)}")`, the quicktours):
 * on each line, the answer key's value between the print's label and the literal after it. Undefined unless the cell
 * is only that, and every line fits.
 */
function printedPerText(c: CellInput, count: number): string[] | undefined {
  const lines = c.source.split('\n').filter((l) => l.trim() && !/^\s*#/.test(l));
  const loopAt = lines.findIndex((l) => /^for\s/.test(l));
  if (loopAt < 1 || lines.length !== loopAt + 2) return undefined;
  const loop = /^for\s+([A-Za-z_]\w*)\s+in\s+([A-Za-z_]\w*)\s*:\s*$/.exec(lines[loopAt]);
  if (!loop || !new RegExp(`^${loop[2]}\\s*=`).test(lines.slice(0, loopAt).join('\n').split('\n').filter((l) => /^\S/.test(l)).at(-1) ?? '')) return undefined;
  const shown = /^\s+print\(\s*[fF](["'])((?:(?!\1)[^\\])*)\1\s*\)\s*$/.exec(lines[loopAt + 1]);
  if (!shown) return undefined;
  const holes = [...shown[2].matchAll(/\{([^{}]*)\}/g)];
  const key = holes.length ? new RegExp(`^${loop[1]}\\[\\s*["']([\\w]+)["']\\s*\\]$`).exec(holes[0][1].trim()) : null;
  if (!key || !PIPELINE_RESULT_KEYS.test(key[1])) return undefined;
  const prefix = shown[2].slice(0, holes[0].index);
  const after = shown[2].slice(holes[0].index! + holes[0][0].length, holes[1]?.index);
  // A print saved as the cell's result (the quicktours) is what it printed.
  const text = c.stdout?.trim() ? c.stdout : c.result;
  const printed = (text ?? '').replace(/\n$/, '').split('\n');
  if (printed.length !== count) return undefined;
  const answers: string[] = [];
  for (const line of printed) {
    if (!line.startsWith(prefix)) return undefined;
    const rest = line.slice(prefix.length);
    const end = after ? rest.indexOf(after) : rest.length;
    if (end <= 0 || (!after && holes.length > 1)) return undefined;
    answers.push(rest.slice(0, end).trim());
  }
  return answers.every(Boolean) ? answers : undefined;
}

/** A hub id whose owner is a stand-in (`username/…`, `your-username/…`, `<user>/…`, `{hf_user}/…`). */
const PLACEHOLDER_CHECKPOINT = /^(?:user(?:name)?|your[-_]?(?:user(?:name)?|name|org(?:anization)?|hf[-_]?(?:user(?:name)?|id))|<[^>/]+>|\{[^}/]+\})\//i;

const MIXED = /^the cell asks the model \d+ times and its saved output mixes the answers$/;

/**
 * The case for one call of the cell. `shown` is the text its own print showed, when the cell asks several times
 * (cut from the saved output by `splitAnswers`); the id then tells the calls apart by what asked (callee, model) as well.
 */
function caseForCall(cells: readonly CellInput[], cell: number, call: LlmCall, statements: (source: string) => Statement[], notebook: string, cellId?: string, shown?: string, oneOfSeveral = shown !== undefined): PlanResult {
  // Files sent with the prompt: paths are the notebook's, made relative to the project root.
  const attachments: CaseAttachment[] = [];
  // `username/my_awesome_eli5_mlm_model`: the docs' stand-in for the reader's own fine-tuned checkpoint. The saved answer came
  // from whatever the author had under that name, so a case naming it cannot reproduce it.
  if (typeof call.model === 'string' && PLACEHOLDER_CHECKPOINT.test(call.model)) return { refused: `the model \`${call.model.slice(0, 60)}\` is a placeholder for the reader's own checkpoint: the saved answer came from another model`, modelCall: true };
  // A local pipeline handed a file's text as its whole input: no vendor shape sends it, and a generator's saved output echoes the file.
  if (call.vendor === 'huggingface' && call.attachments?.length) return { refused: `the pipeline's input is the text of \`${call.attachments[0].where.slice(0, 60)}\`, read at run time: the case cannot send it to a pipeline`, modelCall: true };
  for (const ref of call.attachments ?? []) {
    const made = caseAttachment(ref, notebook);
    if ('refused' in made) return { refused: made.refused, modelCall: true };
    if (writtenByNotebook(cells.slice(0, cell + 1).map((c) => (c.kind === 'code' ? c.source : '')), ref.where)) return { refused: `the file \`${ref.where}\` sent with the prompt is written by the notebook: its content is computed, not an input`, modelCall: true };
    attachments.push(made);
  }
  const turns = call.earlierTurns ? earlierTurns(cells, call, cell, statements, notebook) : undefined;
  if (turns && 'refused' in turns) return { refused: turns.refused, modelCall: true };
  const input: EvalCase['input'] = { ...(turns ? { messages: turns.messages } : call.input), ...(call.system !== undefined ? { system: call.system } : {}), ...(call.toolDefs ? { tools: call.toolDefs } : {}), ...(attachments.length ? { attachments } : {}) };
  // The system instruction and the tools are part of the prompt's version.
  const template = [call.template, ...(call.system !== undefined ? [`system = ${call.system}`] : []), ...(call.toolDefs ? [`tools = ${JSON.stringify(call.toolDefs)}`] : [])].join('\n');
  // Without a cell id, two cells of the notebook are told apart by what they call: the callee, its model and parameters
  // (`pipe` rebound to another checkpoint asks another model). The same call repeated is the same case: adding it again updates it.
  // (The server asked is part of what asked, when it is not the vendor's own: the same question to Ollama and to OpenAI are two cases.)
  const idFor = (key: unknown) => `${cellId ?? shortHash(`${notebook}\n${call.callee}${call.model === null && !Object.keys(call.caseParams).length ? '' : `\n${JSON.stringify([call.model, call.caseParams])}`}${call.endpoint ? `\n${JSON.stringify(call.endpoint)}` : ''}`).slice(0, 8)}-${shortHash(JSON.stringify(key)).slice(0, 8)}`;
  const endpoint = call.endpoint ? { endpoint: call.endpoint } : {};
  const source = { notebook, cell_id: cellId ?? null, callee: call.callee };
  // A client call handed written-out tools: the case is the model's tool call, when the saved output shows it.
  if (call.toolDefs && call.tools && !['langchain', 'llama_index', 'huggingface'].includes(call.vendor) && !oneOfSeveral) {
    const shown = shownToolCall(cells[cell], call);
    // The texts sent (not the tool definitions): a value found there was copied from the input.
    const asked = literalTexts({ ...call.input, system: call.system ?? '' }).join('\n').toLowerCase();
    if ('refused' in shown) return { refused: shown.refused, modelCall: true };
    return {
      case: {
        id: idFor(input), input, reference: JSON.stringify(shown.call), grader: { kind: 'tool_call', name: shown.call.name, arguments: argumentsSchema(shown.call.arguments, (v) => asked.includes(v.toLowerCase())) },
        model: call.model, params: call.caseParams, prompt_version: shortHash(template), tags: [call.vendor, ...(call.azure ? ['azure'] : [])], source, ...endpoint,
      },
    };
  }
  // The answer's print in a loop over the results wrote its label more than once (`for pred in preds: print(f">>> {pred['sequence']}")`):
  // several answers (a fill-mask's top k, several sequences), not one a case can compare with.
  const loopPrint = shown === undefined ? call.printed.find((p) => p.answer && p.prefix.trim().length >= 2 && /^[ \t]/.test(cells[cell].source.slice(cells[cell].source.lastIndexOf('\n', p.at) + 1, p.at))) : undefined;
  const stdout = (cells[cell].outputs ?? []).join('');
  if (loopPrint && /^\s*for\s/m.test(cells[cell].source) && stdout.split(loopPrint.prefix.trim()).length > 2) return { refused: `the cell prints ${stdout.split(loopPrint.prefix.trim()).length - 1} results one after another (\`${loopPrint.prefix.trim()}\` in a loop): a case holds one answer`, modelCall: true };
  const hints = { streamed: call.streamed, tools: call.tools, prompt: call.input.prompt, inputs: literalTexts(call.input), progress: progressPrints(cells, cell), outputKey: call.outputKey };
  const answer = shown === undefined
    ? observedAnswer(cells[cell], { ...hints, printed: call.printed, calls: call.calls, parsesJson: PARSES_ANSWER_JSON.test(cells[cell].source) })
    : observedAnswer({ kind: 'code', source: cells[cell].source, outputs: [shown] }, { ...hints, printed: [{ prefix: '', literals: [], answer: true, whole: false, at: 0 }], calls: 1 });
  // Documents from a retriever: the call was not a model's after all.
  if ('refused' in answer) return { refused: answer.refused, modelCall: !answer.documents };
  // A length limit (`max_length` counts the prompt's tokens too) that cut the answer before one sentence was whole (`1.\n2. Alpac`):
  // nothing a grader could compare. A cut answer that holds whole sentences is kept (a greedy rerun with the recorded limit reproduces it).
  if (cutByLimit(call.caseParams, literalTexts(call.input).join('\n'), answer.answer)) return { refused: 'the saved answer was cut by the length limit', modelCall: true };
  // A zero-shot classifier answers with one of the candidate labels the call gave: the label grader over them.
  const candidates = call.caseParams.candidate_labels ?? call.params.candidate_labels;
  const zeroShot = Array.isArray(candidates) && candidates.every((l) => typeof l === 'string') ? (candidates as string[]) : undefined;
  if (zeroShot && !zeroShot.includes(answer.answer)) return { refused: `the saved top label \`${answer.answer.slice(0, 40)}\` is not one of the candidate labels the call gives: the output is from another version of the cell`, modelCall: true };
  // An extractive question-answering pipeline's answer is a span cut from the context it was given: a rerun must find that span
  // (`Jax, PyTorch and TensorFlow` is one span, not a list for a judge; a wider span that holds it passes).
  const extractive = call.vendor === 'huggingface' && call.input.variables !== undefined && 'question' in call.input.variables && 'context' in call.input.variables;
  // A fill-mask pipeline's answer is the one word it puts in the mask: a rerun must put the same word there.
  const maskFill = call.maker?.callee === 'pipeline' && String(call.maker.keywords.task ?? call.maker.positional[0]) === 'fill-mask';
  // The id hashes the prompt as before; a system instruction, tools or files, when sent, are part of it.
  return {
    case: {
      id: idFor(oneOfSeveral ? [input, call.callee, call.model] : call.system !== undefined || attachments.length || turns ? input : call.input),
      input,
      reference: answer.answer,
      grader: zeroShot ? { kind: 'label', labels: zeroShot } : maskFill ? { kind: 'exact' } : extractive ? { kind: 'contains', text: answer.answer } : pickGrader(answer.answer, labelsUnseen(call) ? undefined : literalTexts({ ...call.input, system: call.system ?? '' }).join('\n')),
      model: call.model,
      params: call.caseParams,
      prompt_version: shortHash(template),
      tags: [call.vendor, ...(call.azure ? ['azure'] : [])],
      source,
      ...endpoint,
    },
  };
}

/** A later turn of a chat: the earlier turns as the saved outputs show them (each user prompt and the model's answer), then this prompt. */
function earlierTurns(cells: readonly CellInput[], call: LlmCall, cell: number, statements: (source: string) => Statement[], notebook: string): { messages: Json[] } | { refused: string } {
  const turns = call.earlierTurns!;
  const last = turns[turns.length - 1];
  if (typeof call.input.prompt !== 'string' || call.attachments?.length || call.tools) return { refused: 'a later turn of a chat is written out only when each turn is a text prompt' };
  // The saved answers are the history only when the cells ran in order, each once.
  const counts = [...turns, cell].map((k) => cells[k].executionCount ?? null);
  if (counts.some((n, k) => k > 0 && n !== null && counts[k - 1] !== null && n <= counts[k - 1]!)) return { refused: 'the chat\'s cells were not run in order: the saved answers are not the history this turn had' };
  // The turn before holds the ones before it (recursively).
  const before = planLlmEvalCase(cells, last, statements, notebook);
  if ('refused' in before) return { refused: `an earlier turn of the chat (cell ${last + 1}) cannot be written out: ${before.refused}` };
  const { input, reference, grader } = before.case;
  if (grader.kind === 'tool_call' || input.attachments || input.tools || (input.prompt === undefined && input.messages === undefined)) return { refused: `an earlier turn of the chat (cell ${last + 1}) is not a text prompt and answer` };
  const history = Array.isArray(input.messages) ? input.messages.filter((m) => !(typeof m === 'object' && m !== null && !Array.isArray(m) && m.role === 'system')) : [{ role: 'user', content: input.prompt! }];
  return { messages: [...history, { role: 'assistant', content: reference }, { role: 'user', content: call.input.prompt }] };
}

/** The one tool call the saved output shows: a response repr or JSON dump holding it, or the tool's input printed by the cell (`content.input` of a `tool_use` block). */
function shownToolCall(c: CellInput, call: LlmCall): { call: ToolCall } | { refused: string } {
  const outputs = c.outputs ?? [];
  const texts = [...(c.result !== undefined ? [c.result] : []), ...outputs];
  if (texts.length === 0) return { refused: 'the cell has no saved output to use as the reference answer' };
  if (texts.some((t) => ERROR_OUTPUT.test(t))) return { refused: 'the saved output is an error (the cell failed when it was saved)' };
  if (call.calls > 1) return { refused: `the cell asks the model ${call.calls} times and its saved output mixes the answers` };
  const declared = declaredTools(call.toolDefs ?? []);
  let calls = texts.flatMap((t) => toolCallsIn(t, declared));
  if (!calls.length) calls = printedToolInput(c.source, outputs, declared);
  if (!calls.length) return { refused: 'the model calls tools: the saved output mixes tool calls and their output with the answer' };
  const distinct = new Set(calls.map((k) => JSON.stringify(k)));
  if (distinct.size > 1) return { refused: `the model made ${distinct.size} tool calls at once: a case holds one` };
  return { call: calls[0] };
}

/** Anthropic's structured-output pattern: `data = content.input` from the `tool_use` block, then `print(json.dumps(data))`: the printed JSON is the call's arguments. */
function printedToolInput(source: string, outputs: readonly string[], declared: ReadonlySet<string>): ToolCall[] {
  if (!/["']tool_use["']/.test(source)) return [];
  const vars = [...source.matchAll(/^[ \t]*([A-Za-z_]\w*)\s*=\s*[A-Za-z_]\w*\.input\s*$/gm)].map((m) => m[1]);
  if (!vars.some((v) => new RegExp(`(?<![\\w.])print\\(\\s*(?:json\\.dumps\\(\\s*)?${v}\\b`).test(source))) return [];
  const named = [...source.matchAll(/\.name\s*==\s*["']([\w-]+)["']/g)].map((m) => m[1]).filter((n) => declared.has(n));
  const name = named.length === 1 ? named[0] : declared.size === 1 ? [...declared][0] : undefined;
  if (!name) return [];
  for (const text of outputs) {
    const at = text.indexOf('{');
    if (at < 0) continue;
    // Printed as JSON (`json.dumps`) or as the dict's repr.
    const value = parseRepr(text.slice(at).trim());
    if (value && typeof value === 'object' && !Array.isArray(value) && !('__type' in value)) return [{ name, arguments: value as Record<string, Json> }];
  }
  return [];
}

/**
 * The answer reached its token limit (about 4 characters a token; `max_length` counts the prompt too: 80 % of it used),
 * ends mid-word or mid-sentence and holds next to nothing (`1.\n2. Alpac`). A short answer far below the limit (`London`) was not cut.
 */
function cutByLimit(params: Record<string, Json>, prompt: string, answer: string): boolean {
  const limit = typeof params.max_new_tokens === 'number' ? { tokens: params.max_new_tokens, text: answer } : typeof params.max_length === 'number' ? { tokens: params.max_length, text: `${prompt}${answer}` } : undefined;
  if (!limit || limit.text.length / 4 < limit.tokens * 0.8) return false;
  const text = answer.trim();
  if (!text || /[.!?:;)\]}"'`*\u2026\u3002]$/.test(text)) return false;
  // Fewer than three words once list numbers are dropped: a short complete answer (`- Golden State Warriors\n- San Francisco`,
  // `The total number of muffins now is 21`) is no cut one.
  return text.replace(/^\s*(?:\d+[.)]|[-*])(?=\s|$)/gm, '').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length < 3;
}

/**
 * Another cell that asks a model too, with a different source, whose saved stdout is this cell's byte for byte (a long one:
 * a short `London` may repeat; a cell that only prints the same answer again, `print(facts)`, is no twin).
 */
function pastedTwin(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[]): number | undefined {
  const shown = (c: CellInput) => (c.kind === 'code' ? (c.outputs ?? []).join('') : '');
  const mine = shown(cells[cell]);
  if (mine.trim().length < 80) return undefined;
  const k = cells.findIndex((c, j) => j !== cell && shown(c) === mine && c.source.trim() !== cells[cell].source.trim() && modelCallSites(cells, j, statements).length > 0);
  return k < 0 ? undefined : k;
}

/**
 * The nearest markdown heading above the cell, when it announces the answers of a model named like one (`WizardLM`, `GPT4All`,
 * `Llama-2`: inner capitals or digits) that the call's model id does not name.
 */
function otherModelsAnswers(cells: readonly CellInput[], cell: number, model: LlmCall['model']): string | undefined {
  for (let k = cell - 1; k >= 0; k--) {
    if (cells[k].kind !== 'markdown') continue;
    const heading = [...cells[k].source.matchAll(/^#+[ \t]+(.+)$/gm)].at(-1);
    if (!heading) continue;
    const named = /(?:^|\s)([A-Za-z][\w.-]*(?:[a-z][A-Z]|[A-Za-z]-?\d)[\w.-]*)\s+(?:[Aa]nswers|[Oo]utputs|[Rr]esponses)\b/.exec(heading[1]);
    const norm = (t: string) => t.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (!named) return undefined;
    return typeof model === 'string' && norm(model).includes(norm(named[1])) ? undefined : heading[0].trim();
  }
  return undefined;
}
