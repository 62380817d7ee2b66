// The model's answer as the notebook saved it, reduced to its text: the
// returned string, the `content=` of a message repr, the printed or displayed
// text; never request ids, timings, token counts or memory addresses.
import type { CellInput } from '../types';
import type { PrintedText } from './printed';
import { evaluate, type Json } from './resolve';

/** Lines that describe the run, not the answer. */
const NOISE = /^(?:CPU times|Wall time|Elapsed|Time taken|Latency|Tokens?\b|Input tokens|Output tokens|Usage|Request ?id|Response ?id|Run ?id|Prompt:|Question:|Model:)|0x[0-9a-f]{6,}|\b(?:chatcmpl|msg|req|run)[-_][A-Za-z0-9]{8,}|latencyMs|prompt_tokens|completion_tokens|usage_metadata/i;
/** A repr with no answer in it: `<IPython.core.display.Markdown object>`, `<… at 0x…>`, `<Figure size 640x480 with 1 Axes>`, `<PIL.Image.Image image mode=RGB size=64x64>`. */
const EMPTY_REPR = /^<[\w.]+(?:[^<>\n]*)>$/;
/** Lines a library logs on stderr next to the answer: warnings, progress bars, log records. */
export const LOG_LINE = /^(?:\S+Warning:|warnings\.warn\(|(?:INFO|WARNING|DEBUG|ERROR)(?::|\s+-)|\d{4}-\d\d-\d\d[ T]\d\d:\d\d|HTTP Request: |Started parsing the file under job_id |Setting `pad_token_id` to `eos_token_id`|\S+ - - \[[^\]]+\] ")|\d+%\|[^|]*\||it\/s\]|s\/it\]/;
const ANSI = /\x1b\[[0-9;]*m/g;
/** A Python warning as stderr shows it: `path.py:94: UserWarning: message…` up to its indented source line (`  warnings.warn(`). */
const PY_WARNING = /^\S+\.py:\d+: \w*Warning:[\s\S]*?^[ \t]+\S[^\n]*(?:\n|$)/gm;
/** A graph run's trace, one `> node` line per step (LangGraph notebooks print them). */
const NODE_TRACE = /^> [A-Za-z_][\w-]*$/;
/** A chat role written before the reply (`Assistant: …`, `AI: …`, `model: …`). */
const ROLE_PREFIX = /^(?:Assistant|assistant|AI|model|Model):[ \t]*/;
/** A traceback or an API error saved as the output: the cell failed, there is no answer. */
export const ERROR_OUTPUT = /Traceback \(most recent call last\)|^-{20,}\n\w*(?:Error|Exception)\b/m;
const ERROR_ANSWER = /^(?:An? (?:error|exception) (?:occurred|was raised)|Error(?: code)?:|Exception:|\w+(?:Error|Exception):)|\b(?:Error code|status(?: code)?):? (?:4\d\d|5\d\d)\b|\b(?:RateLimitError|ResourceExhausted|AuthenticationError|PermissionDenied|quota exceeded)\b/i;
/** Retrieved documents, not a model's answer. */
const DOCUMENTS = /\bpage_content=|\bDocument\(|\bNodeWithScore\(|\bTextNode\(|'matches': \[\{/;
/** Keys that hold the answer in a chain's or pipeline's returned dict (`label`: a classification pipeline's `[{'label': 'POSITIVE', 'score': 0.99}]`). */
const ANSWER_KEYS = ['result', 'output', 'answer', 'output_text', 'generated_text', 'summary_text', 'translation_text', 'text', 'content', 'response', 'label'];

/** The answer text in a response repr: `content='…'`, `text: "…"`, `"text": "…"`, `generated_text`. */
function fromRepr(text: string): string | undefined {
  const patterns = [
    // A ConversationChain's returned dict (`{'input': …, 'history': [HumanMessage(content=…), …], 'response': '…'}`):
    // its `response`, not the `content=` of the first message in its history (holdout14).
    /['"]response['"]\s*:\s*('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")\s*\}\s*$/,
    /\bcontent=('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/,
    // A response dict's message (`{'model': 'llama3', 'message': {'role': 'assistant', 'content': '…'}}`, Ollama's).
    /['"]message['"]\s*:\s*\{[^{}]*?['"]content['"]\s*:\s*('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/,
    /["']?(?:text|generated_text|summary_text|answer|output_text|completion)["']?\s*[:=]\s*('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/,
    /\bresponse=('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/,
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (!m) continue;
    try {
      const v = m[1].startsWith('"') ? (JSON.parse(m[1]) as unknown) : evaluate(m[1]);
      if (typeof v === 'string' && v.trim()) return v;
    } catch {
      try {
        // A repr printed wrapped (a long `summary_text` broken over lines where it had spaces) is no Python literal as saved.
        const v = evaluate(m[1].replace(/\n/g, ' '));
        if (typeof v === 'string' && v.trim()) return v;
      } catch {
        // not decodable: try the next form
      }
    }
  }
  return undefined;
}

function completionOf(text: string): string | undefined {
  try {
    return completionText(JSON.parse(text) as Json);
  } catch {
    return undefined;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export type AnswerResult = { answer: string } | { refused: string; documents?: boolean };

/** What the call site tells about the output: its print statements, streaming, the prompt (echoed by some models). */
export interface AnswerHints {
  printed?: readonly PrintedText[];
  streamed?: boolean;
  calls?: number;
  prompt?: string;
  /** The model is handed tools: only a returned value can be the answer. */
  tools?: boolean;
  /** The cell parses the answer text as JSON (`json.loads(….content)`): a returned dict is that JSON, not a holder of an answer key. */
  parsesJson?: boolean;
  /** The literal texts that went into the prompt: seeing them before a turn marker means the prompt was echoed. */
  inputs?: string[];
  /** The chain's returned dict holds the answer under this key (`LLMChain(…, output_key="title")`). */
  outputKey?: string;
  /** The `>`-marked literal starts of the notebook's own progress prints (`print(f">> Retrieving section: {id}")` → `>> Retrieving section:`). */
  progress?: string[];
}

/** Drops the leading lines the notebook's own code printed as progress (a verbose retriever run before the answer). */
function withoutProgress(text: string, progress: readonly string[]): string {
  if (!progress.length) return text;
  const lines = text.split('\n');
  let k = 0;
  while (k < lines.length && progress.some((p) => lines[k].trim().startsWith(p))) k++;
  return lines.slice(k).join('\n').trim();
}

/** Where a chat template hands over to the model. */
const CHAT_TURN = /(?:^|\n)[ \t]*(?:Assistant:|AI:|### (?:Response|Answer):|Answer:)[ \t]*|\[\/INST\]\s*|<\|assistant\|>\s*|<start_of_turn>model\s*|<\|im_start\|>assistant\s*/g;

/** The answer in a returned value: a string, a dict's answer key, a pipeline's `[{"generated_text": …}]`. */
export function answerInValue(v: Json): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  const completion = completionText(v);
  if (completion !== undefined) return completion;
  // A fill-mask pipeline's candidates for the mask, best first (`[{'score': …, 'token': …, 'token_str': ' spiral', 'sequence': …}, …]`):
  // the top one's word. The model scores the vocabulary without sampling, so a rerun fills the mask the same way.
  if (Array.isArray(v) && v.length && v.every(isMaskFill)) return String((v[0] as { token_str: string }).token_str).trim() || undefined;
  if (Array.isArray(v)) return v.length === 1 ? answerInValue(v[0]) : undefined;
  if (v && typeof v === 'object') {
    // A zero-shot classifier's `{'sequence': …, 'labels': [...], 'scores': [...]}`: the labels by score, the top one first.
    if (typeof v.sequence === 'string' && Array.isArray(v.labels) && Array.isArray(v.scores) && v.labels.length === v.scores.length && typeof v.labels[0] === 'string') return v.labels[0];
    for (const key of ANSWER_KEYS) if (typeof v[key] === 'string' && v[key].trim()) return v[key].trim();
    // A chat response as a dict (Ollama's `{'model': …, 'message': {'role': 'assistant', 'content': '…'}}`): its message's text.
    const message = v.message;
    if (message && typeof message === 'object' && !Array.isArray(message) && typeof message.content === 'string' && message.content.trim()) return message.content.trim();
  }
  return undefined;
}

/** One candidate of a fill-mask pipeline's result: its filled-in word and sentence, with a score. */
function isMaskFill(v: Json): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof v.token_str === 'string' && typeof v.sequence === 'string' && typeof v.score === 'number';
}

/** The answer in a printed Python literal (a dict or a list of dicts), or undefined when it is none. */
function literalAnswer(text: string): string | undefined {
  try {
    return answerInValue(evaluate(text));
  } catch {
    return undefined;
  }
}

/** A chat completion dumped whole (`print(completion)` of an OpenAI-shaped SDK, `response.model_dump()`): the first choice's text, never its ids and usage. */
function completionText(v: Json): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v) || !Array.isArray(v.choices) || v.choices.length !== 1) return undefined;
  const choice = v.choices[0];
  if (!choice || typeof choice !== 'object' || Array.isArray(choice)) return undefined;
  const message = choice.message;
  const text = message && typeof message === 'object' && !Array.isArray(message) ? message.content : choice.text;
  return typeof text === 'string' && text.trim() ? text.trim() : undefined;
}

/** Cuts the printed text down to what the answer's print statement showed. */
function cutToAnswer(text: string, printed: readonly PrintedText[]): string {
  let out = text;
  const answer = printed.find((p) => p.answer);
  if (answer && answer.prefix.length >= 2) {
    const at = out.indexOf(answer.prefix);
    if (at >= 0) out = out.slice(at + answer.prefix.length);
  }
  // More computed values printed after the answer in the same f-string (`', score: {…}`): the answer ends at the literal between them.
  if (answer?.suffix) {
    const end = out.indexOf(answer.suffix);
    if (end > 0) out = out.slice(0, end);
  }
  const others = printed.filter((p) => p !== answer);
  const whole = new Set(others.filter((p) => p.whole).flatMap((p) => p.literals.flatMap((l) => l.split('\n')).map((l) => l.trim())).filter(Boolean));
  const lines = out.split('\n').filter((line) => !whole.has(line.trim()));
  // Another print's label after the answer starts what it printed: the answer ends there.
  const labels = others.filter((p) => !p.whole).map((p) => p.prefix).filter((l) => l.length >= 3);
  const stop = lines.findIndex((line, k) => k > 0 && labels.some((l) => line.trim().startsWith(l)) && lines.slice(0, k).some((x) => x.trim()));
  return (stop > 0 ? lines.slice(0, stop) : lines).join('\n').trim();
}

/** An HTML element's opening tag (`<div`, `<p>`), not the XML-like tags a model writes (`<thinking>`, `<output>`). */
const HTML_START = /^<(?:!DOCTYPE|html|head|body|div|span|p|table|thead|tbody|tr|td|th|pre|code|a|b|i|em|strong|h[1-6]|ul|ol|li|br|hr|img|style|script|iframe|details|summary|blockquote|style)\b/i;

export function observedAnswer(input: CellInput, hints: AnswerHints = {}): AnswerResult {
  // A cell that ends in a print has no value: a saved "result" is what it printed (some notebooks store prints that way).
  const lastTop = input.source.split('\n').filter((l) => /^[^\s#)\]}]/.test(l)).at(-1) ?? '';
  const cell = input.result !== undefined && /^(?:print\(|for\s|while\s|if\s|with\s)/.test(lastTop) ? { ...input, result: undefined } : input;
  const outputs = (cell.outputs ?? []).map((o) => o.replace(ANSI, ''));
  if (outputs.length === 0 && cell.result === undefined) return { refused: 'the cell has no saved output to use as the reference answer' };
  if (outputs.some((o) => ERROR_OUTPUT.test(o))) return { refused: 'the saved output is an error (the cell failed when it was saved)' };
  if ([cell.result ?? '', ...outputs].some((o) => DOCUMENTS.test(o))) return { refused: 'the saved output is retrieved documents, not a model answer', documents: true };
  let answer: string | undefined;
  // The returned value first: a string literal, a dict with the answer, or a response object's repr.
  if (cell.result !== undefined && !EMPTY_REPR.test(cell.result.trim())) {
    try {
      const value = evaluate(cell.result.trim());
      // The cell parsed the model's JSON answer (`json.loads(response.choices[0].message.content)`): that JSON whole is the answer.
      const keyed = hints.outputKey !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value) ? value[hints.outputKey] : undefined;
      answer = typeof keyed === 'string' && keyed.trim() ? keyed.trim()
        : hints.parsesJson && value !== null && typeof value === 'object' ? JSON.stringify(value) : answerInValue(value);
    } catch {
      answer = fromRepr(cell.result)?.trim();
    }
  }
  // `display(HTML(f'<p …>{response.response}</p>'))`: the answer is that HTML output, without its tags.
  const htmlAnswer = hints.printed?.find((p) => p.answer && p.prefix.startsWith('<'));
  const html = htmlAnswer && outputs.find((o) => o.trim().startsWith(htmlAnswer.prefix));
  if (answer === undefined && html) answer = html.trim().slice(htmlAnswer.prefix.length).replace(/<\/?[a-z][^>]*>/gi, '').trim();
  if (answer === undefined && hints.tools) return { refused: 'the model calls tools: the saved output mixes tool calls and their output with the answer' };
  if (answer === undefined) {
    const texts: string[] = [];
    for (const raw of outputs) {
      // LangChain's verbose run log is not the answer.
      const text = withoutProgress(raw.replace(/^> Entering new [\s\S]*?(?:^> Finished chain\.|$(?![\s\S]))/gm, '').replace(PY_WARNING, '').trim(), hints.progress ?? []);
      if (!text || EMPTY_REPR.test(text) || text === cell.result?.trim()) continue;
      if (HTML_START.test(text) && /<\/\w+>\s*$/.test(text)) continue; // HTML twin of a text/plain or markdown output
      if (/^\{[\s\S]*\}$/.test(text) && /"(?:text\/|application\/)/.test(text)) continue;
      // A chat completion printed as JSON: its message's text.
      const dumped = /^\{[\s\S]*"choices"/.test(text) ? completionOf(text) : undefined;
      if (dumped) {
        texts.push(dumped);
        continue;
      }
      // A message printed with `str()` after the answer's label (`print(f"[Answer]: {llm.invoke(q)}")` → `[Answer]: content='…' additional_kwargs=…`): its content.
      const label = hints.printed?.find((p) => p.answer && p.prefix.length >= 2)?.prefix;
      const message = label && text.startsWith(label) ? text.slice(label.length).trim() : text;
      if (!message.includes('\n') && /^content=['"]/.test(message) && /\s(?:additional_kwargs|response_metadata)=/.test(message)) {
        const content = fromRepr(message);
        if (content?.trim()) {
          texts.push(content.trim());
          continue;
        }
      }
      // A long string shown by `pprint(msg.content)`: a parenthesised run of quoted pieces, one a line, with `\n` escapes; read back, it is the text.
      if (/^\((?:[ \t]*[rRuU]?(?:'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")\n){1,}[ \t]*[rRuU]?(?:'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")\)$/.test(text)) {
        try {
          const v = evaluate(text);
          if (typeof v === 'string' && v.trim()) {
            texts.push(v.trim());
            continue;
          }
        } catch {
          // not a Python literal: read as printed below
        }
      }
      // A response message printed in protobuf text format (Vertex AI's `GenerationResponse`: `candidates {\n  content {\n    parts {\n      text: "…"`):
      // its one text part, never the safety ratings and token counts around it.
      if (/^[a-z_]+ \{\n/.test(text)) {
        const parts = text.match(/^[ \t]*text: "/gm) ?? [];
        const part = parts.length === 1 ? fromRepr(text) : undefined;
        if (!part?.trim()) return { refused: 'the saved output is a response message printed whole (protobuf text), and it holds no single text part to take as the answer' };
        texts.push(part.trim());
        continue;
      }
      // A printed JSON text is the model's structured answer whole, not a dict holding the answer under a key.
      // (A pydantic response printed whole has no class name: `model='llama3' created_at=… message=Message(role='assistant', content='…')`, Ollama's.)
      // A pipeline's result printed as a Python literal (`print(classifier(text))`: `[{'label': 'LABEL_0', 'score': 0.58}]`): its answer key, as when returned.
      const literal = /^\[?\{/.test(text) && !isJson(text) ? literalAnswer(text) : undefined;
      if (literal) {
        texts.push(literal);
        continue;
      }
      const inner = /^[\w.]+\(|^\[?\{|^[a-z_]+=['"\w]/.test(text) && !isJson(text) ? fromRepr(text) : undefined;
      if (inner) {
        texts.push(inner.trim());
        continue;
      }
      const kept = text.split('\n').filter((line) => !NOISE.test(line.trim()) && !LOG_LINE.test(line.trim()) && !NODE_TRACE.test(line.trim())).join('\n').trim();
      if (kept) texts.push(kept);
    }
    const joined = [...new Set(texts)].join('\n\n');
    const printed = hints.printed ?? [];
    // Nothing shown by the cell itself: the graph's nodes or callbacks it ran printed that output, step by step.
    if (hints.printed && !printed.length && cell.result === undefined) return { refused: 'the cell shows nothing itself: its saved output was printed by the code it ran (graph nodes, callbacks), not the answer' };
    // The cell prints something computed, and none of it is the response: what it saved is not this answer.
    if (printed.some((p) => !p.whole) && !printed.some((p) => p.answer)) return { refused: 'what the cell prints is not the model\'s response' };
    const shown = printed.filter((p) => p.answer);
    if (shown.length && shown.every((p) => p.via && !p.rewraps)) return { refused: `the cell shows the response through the notebook's own \`${shown[0].via}(…)\`: its output is that function's formatting, not the answer` };
    const anchored = printed.some((p) => p.answer && p.prefix.length >= 2 && joined.includes(p.prefix));
    if ((hints.calls ?? 1) > 1 && !anchored) return { refused: `the cell asks the model ${hints.calls} times and its saved output mixes the answers` };
    answer = cutToAnswer(joined, printed);
    // Shown through the notebook's re-wrapping helper: its line breaks are the wrap's, a paragraph is each blank-line group joined back.
    if (answer && shown.some((p) => p.rewraps)) answer = answer.split(/\n[ \t]*\n/).map((para) => para.split('\n').map((l) => l.trim()).filter(Boolean).join(' ')).filter(Boolean).join('\n\n');
  }
  if (!answer) return { refused: 'the saved output holds no answer text (only ids, timings or object reprs)' };
  // Streamed tokens printed one per line: the answer is their concatenation.
  const lines = answer.split('\n');
  if (hints.streamed && lines.length >= 8 && lines.filter((l) => l.length <= 8).length / lines.length > 0.8) answer = lines.join('');
  if (hints.prompt && hints.prompt.trim().length >= 10 && answer.startsWith(hints.prompt.trim())) answer = answer.slice(hints.prompt.trim().length).replace(/^[.!?]\s*\n/, '').trim() || answer; // the model's full stop after the echoed prompt is no part of the answer
  // A chat template echoed with the answer (a pipeline returning the full text): keep what follows the last turn marker.
  const turn = [...answer.matchAll(CHAT_TURN)].at(-1);
  const echoed = turn?.index ? answer.slice(0, turn.index) : '';
  if (turn && echoed && (hints.inputs ?? []).some((v) => v.length >= 8 && echoed.includes(v))) answer = answer.slice(echoed.length + turn[0].length).trim() || answer;
  // The role prefix before the reply, and the next turn's marker a completion model wrote after it.
  answer = answer.replace(ROLE_PREFIX, '').replace(/\n(?:Human|User):\s*$/, '').trim() || answer;
  // `[TextBlock(citations=None, text=None, type='redacted_thinking', …)]`: the response's blocks, not an answer text.
  if (/^\[?[A-Z]\w*\(\w+=/.test(answer)) return { refused: 'the saved output is an object repr, not the answer text' };
  // An agent's ReAct trace (`Action: get_weather` … `Observation: {…}`): tool calls and their results, not an answer the case can ask for.
  if (/^Action:/m.test(answer) && /^Observation:/m.test(answer)) return { refused: 'the saved output is an agent\'s trace (Thought / Action / Observation): tool calls and their results, not an answer' };
  if (/0x[0-9a-f]{6,}|\bat 0x/i.test(answer)) return { refused: 'the saved output is an object repr, not the answer text' };
  if (ERROR_ANSWER.test(answer.split('\n')[0])) return { refused: 'the saved output is an error message, not an answer' };
  return { answer };
}
