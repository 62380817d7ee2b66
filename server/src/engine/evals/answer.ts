// The model's answer as the notebook saved it, reduced to its text: the
// returned string, the `content=` of a message repr, the printed or displayed
// text; never request ids, timings, token counts or memory addresses.
import type { CellInput } from '../types';
import { evaluate } from './resolve';

/** Lines that describe the run, not the answer. */
const NOISE = /^(?:CPU times|Wall time|Elapsed|Time taken|Latency|Tokens?\b|Input tokens|Output tokens|Usage|Request ?id|Response ?id|Run ?id|Prompt:|Question:|Model:)|0x[0-9a-f]{6,}|\b(?:chatcmpl|msg|req|run)[-_][A-Za-z0-9]{8,}|latencyMs|prompt_tokens|completion_tokens|usage_metadata/i;
/** A repr with nothing in it: `<IPython.core.display.Markdown object>`, `<… at 0x…>`. */
const EMPTY_REPR = /^<[\w.]+(?: object)?(?: at 0x[0-9a-f]+)?>$/;

/** The answer text in a response repr: `content='…'`, `text: "…"`, `"text": "…"`, `generated_text`. */
function fromRepr(text: string): string | undefined {
  const patterns = [
    /\bcontent=('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/,
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
        const v = evaluate(m[1]);
        if (typeof v === 'string' && v.trim()) return v;
      } catch {
        // not decodable: try the next form
      }
    }
  }
  return undefined;
}

export type AnswerResult = { answer: string } | { refused: string };

export function observedAnswer(cell: CellInput): AnswerResult {
  const outputs = cell.outputs ?? [];
  if (outputs.length === 0 && cell.result === undefined) return { refused: 'the cell has no saved output to use as the reference answer' };
  if (outputs.some((o) => /^Traceback|Error\b.*\n|\x1b\[0;31m/.test(o)) && !outputs.some((o) => !/Error|Traceback|\x1b\[/.test(o))) return { refused: 'the saved output is an error' };
  // The returned value first: a string literal, or a response object's repr.
  if (cell.result !== undefined && !EMPTY_REPR.test(cell.result.trim())) {
    try {
      const v = evaluate(cell.result.trim());
      if (typeof v === 'string' && v.trim()) return { answer: v.trim() };
    } catch {
      const inner = fromRepr(cell.result);
      if (inner) return { answer: inner.trim() };
    }
  }
  const texts: string[] = [];
  for (const raw of outputs) {
    const text = raw.trim();
    if (!text || EMPTY_REPR.test(text) || text === cell.result?.trim()) continue;
    if (/^</.test(text) && /<\/\w+>\s*$/.test(text)) continue; // HTML twin of a text/plain or markdown output
    if (/^\{[\s\S]*\}$/.test(text) && /"(?:text\/|application\/)/.test(text)) continue;
    const inner = /^[\w.]+\(|^\{/.test(text) ? fromRepr(text) : undefined;
    if (inner) {
      texts.push(inner.trim());
      continue;
    }
    const kept = text.split('\n').filter((line) => !NOISE.test(line.trim())).join('\n').trim();
    if (kept) texts.push(kept);
  }
  const unique = [...new Set(texts)];
  if (unique.length === 0) return { refused: 'the saved output holds no answer text (only ids, timings or object reprs)' };
  const answer = unique.join('\n\n');
  if (/0x[0-9a-f]{6,}|\bat 0x/i.test(answer)) return { refused: 'the saved output is an object repr, not the answer text' };
  return { answer };
}
