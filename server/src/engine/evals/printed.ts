// What a cell prints besides the model's answer: the literal text of its
// print/display calls, so the saved output can be cut down to the answer
// (`print(f"Result: {result['output']}")` → the text after "Result: ";
// `print("## Response:")` → a line that is not the answer).
import { evaluate } from './resolve';
import { closing, codeOnly, splitArguments } from './split';

export interface PrintedText {
  /** The literal text this output statement shows before its first computed part. */
  prefix: string;
  /** Every literal piece it shows. */
  literals: string[];
  /** True when it shows the model's answer (mentions the response variable or holds the call). */
  answer: boolean;
  /** Only literal text: nothing computed. */
  whole: boolean;
  /** The function the answer is handed to before it is shown (`print(render(response))` → `render`). */
  via?: string;
  /** `via` is the notebook's helper that only re-wraps the text (`textwrap.fill`): the words shown are the answer's. */
  rewraps?: boolean;
  /** The literal text right after the answer's hole when more computed text follows it (`f"Answer: {r['answer']}', score: {r['score']}"` → `', score: `): the answer ends there. */
  suffix?: string;
  /** Where the output call starts in the cell's source. */
  at: number;
}

/** In an f-string that shows the answer and more computed values after it, the literal between the answer's hole and the next hole. */
function answerSuffix(arg: string, mentions: (arg: string) => boolean): string | undefined {
  const f = /^[rR]?[fF][rR]?("""|'''|"|')([\s\S]*)\1$/.exec(arg.trim());
  if (!f) return undefined;
  const holes = [...f[2].matchAll(/\{([^{}]*)\}/g)];
  // Only the first hole: the label before it is the print's prefix, the answer sits between the two literals.
  const k = 0;
  if (holes.length < 2 || !mentions(holes[0][1].replace(/![rsa]$|:[^:]*$/, ''))) return undefined;
  const after = f[2].slice(holes[k].index! + holes[k][0].length, holes[k + 1].index).replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  return after.trim() ? after : undefined;
}

const OUTPUT_CALL = /(?<![\w.])(?:print|pprint|display|Markdown|HTML|rprint|console\.print)\s*\(/g;

/** Literal pieces of one argument: a string literal whole, an f-string's text between its `{…}` holes. */
function pieces(arg: string): { literals: string[]; hole: boolean } {
  try {
    const v = evaluate(arg);
    return typeof v === 'string' ? { literals: [v], hole: false } : { literals: [], hole: true };
  } catch {
    const f = /^[rR]?[fF][rR]?("""|'''|"|')([\s\S]*)\1$/.exec(arg.trim());
    if (!f) return { literals: [], hole: true };
    // The escapes a label is written with (`f"Prompt Tokens: \t{cb.prompt_tokens}"`) are the characters it printed.
    const parts = f[2].replace(/\\n/g, '\n').replace(/\\t/g, '\t').split(/\{[^{}]*\}/);
    return { literals: parts, hole: parts.length > 1 };
  }
}

/** The cell's output statements in source order; `mentions` says whether an argument refers to the answer. */
export function printedTexts(source: string, mentions: (arg: string) => boolean): PrintedText[] {
  const out: PrintedText[] = [];
  const seen = new Set<number>();
  // Only calls in the code: `print(` inside a prompt's string or a comment (`# print(response)`) prints nothing.
  const code = codeOnly(source);
  for (let m = OUTPUT_CALL.exec(code); m; m = OUTPUT_CALL.exec(code)) {
    const open = m.index + m[0].length - 1;
    const end = closing(source, open);
    if (end < 0 || [...seen].some((s) => s === m!.index)) continue;
    const args = splitArguments(source.slice(open + 1, end - 1)).filter((a) => !/^(?:sep|end|file|flush|width|indent|raw|metadata|display_id|clear)\s*=/.test(a));
    // display(Markdown(x)): the inner call carries the text; skip the outer one.
    if (args.length === 1 && /^(?:Markdown|HTML)\s*\(/.test(args[0])) continue;
    let prefix = '';
    let holed = false;
    const literals: string[] = [];
    let answer = false;
    let via: string | undefined;
    let suffix: string | undefined;
    for (const arg of args) {
      const p = pieces(arg);
      literals.push(...p.literals.filter((l) => l.trim()));
      if (!holed) prefix += p.literals[0] ?? '';
      if (p.hole) holed = true;
      if (mentions(arg)) {
        answer = true;
        via = /^([A-Za-z_]\w*)\s*\(/.exec(arg.trim())?.[1];
        suffix ??= answerSuffix(arg, mentions);
      }
    }
    out.push({ prefix: prefix.trim(), literals, answer, whole: !holed, ...(via ? { via } : {}), ...(suffix ? { suffix } : {}), at: m.index });
  }
  return out;
}
