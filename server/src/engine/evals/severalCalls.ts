// A cell that asks the model several times, in straight-line code or in a loop over a
// literal list, and prints each answer with a statement of its own: its saved stdout is
// split into one answer per call by what the cell prints, in order. A literal print's
// text is known; an answer runs from its print's known start up to the next known text,
// less the library's own log lines the next call printed before it. Only when every
// part of the output is accounted for, in count and order; else the reason.
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { ERROR_OUTPUT, LOG_LINE } from './answer';
import { renderedPrompt } from './chainKind';
import { definitionLookup, findLlmCall, literalLookup, type LlmCall } from './findCall';
import { topLevelFunction } from './functionBody';
import { printedTexts } from './printed';
import { evaluate, type Json } from './resolve';
import { closing, codeOnly, splitArguments } from './split';

export interface AnswerPart {
  call: LlmCall;
  /** What the call's own print showed of its answer (the print's known text around it cut away). */
  text: string;
}

export type SplitResult = { parts: AnswerPart[] } | { refused: string };

type Bindings = Record<string, Json>;
type Step = { kind: 'call'; site: number; bindings: Bindings } | { kind: 'print'; at: number; bindings: Bindings };
/** What one print writes: known text, or an answer between known texts. */
type Shown = { kind: 'known'; text: string } | { kind: 'answer'; call: number; before: string; after: string };

const BLOCK = /^(?:if|elif|else|for|while|with|try|except|finally|def|class|async|match)\b/;
/** The answer shown as it is: `response`, `response.text`, `result["output"]`, `str(response)` (`__answer__` stands for a call written in the print). */
const ANSWER_EXPR = /^(?:str\(\s*)?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\s*(?:-?\d+|'[^'\n]*'|"[^"\n]*")\s*\])*\s*\)?$/;
const ANSI_CODE = /\x1b\[([0-9;]*)m/g;
const MARK = '\u0000answer\u0000';
/** What makes a chain or an agent remember earlier questions. */
const STATEFUL = /\b(?:checkpointer|thread_id|session_id|memory|chat_history|RunnableWithMessageHistory)\b/;
const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth'];
const nth = (k: number) => ORDINAL[k] ?? `${k + 1}th`;

/** The saved text without its colour codes, and which characters a library printed in colour (its verbose log). */
function decolor(raw: string): { text: string; colored: boolean[] } {
  let text = '';
  const colored: boolean[] = [];
  let active = false;
  let last = 0;
  const add = (piece: string) => {
    text += piece;
    for (let k = 0; k < piece.length; k++) colored.push(active);
  };
  for (const m of raw.matchAll(ANSI_CODE)) {
    add(raw.slice(last, m.index));
    active = !(m[1] === '' || m[1] === '0');
    last = m.index + m[0].length;
  }
  add(raw.slice(last));
  return { text, colored };
}

/** A log line: printed whole in colour by a library (LlamaIndex's `Retrieval entering …`), or a warning, a log record, a progress bar. */
function isLogLine(text: string, colored: readonly boolean[], start: number, end: number): boolean {
  const line = text.slice(start, end);
  if (!line.trim()) return false;
  let allColored = true;
  for (let k = start; k < end && allColored; k++) if (/\S/.test(text[k]) && !colored[k]) allColored = false;
  return allColored || LOG_LINE.test(line.trim());
}

/** A loop's body statements, with their places in the cell's source. */
function loopBody(st: Statement, headerEnd: number, statements: (s: string) => Statement[]): Statement[] | { refused: string } {
  const nl = st.text.indexOf('\n', headerEnd);
  if (nl < 0 || st.text.slice(headerEnd, nl).replace(/#.*/, '').trim()) return { refused: 'a loop holds its body on its header line' };
  const origin = st.start + nl + 1;
  const lines = st.text.slice(nl + 1).split('\n');
  const indent = /^[ \t]*/.exec(lines.find((l) => l.trim()) ?? '')![0].length;
  const map: { orig: number; ded: number; removed: number }[] = [];
  let orig = origin;
  let ded = 0;
  const dedented = lines.map((line) => {
    const removed = Math.min(indent, /^[ \t]*/.exec(line)![0].length);
    map.push({ orig, ded, removed });
    orig += line.length + 1;
    ded += line.length - removed + 1;
    return line.slice(removed);
  });
  const toSource = (d: number) => {
    const line = [...map].reverse().find((m) => m.ded <= d)!;
    return line.orig + line.removed + (d - line.ded);
  };
  return statements(dedented.join('\n')).map((s) => ({ ...s, start: toSource(s.start), end: toSource(s.end) }));
}

/** Where a `for` header ends (just past its colon), with the loop's variable and what it runs over. */
function forHeader(text: string): { variable: string; iterable: string; end: number } | undefined {
  const m = /^for\s+([A-Za-z_]\w*)\s+in\s/.exec(text);
  if (!m) return undefined;
  const code = codeOnly(text);
  let depth = 0;
  for (let k = m[0].length; k < code.length; k++) {
    if ('([{'.includes(code[k])) depth++;
    else if (')]}'.includes(code[k])) depth--;
    else if (code[k] === ':' && depth === 0) return { variable: m[1], iterable: text.slice(m[0].length, k).trim(), end: k + 1 };
  }
  return undefined;
}

/** The steps the cell runs, in order: each model call and each print (a loop over a literal list unrolled, its variable bound per item). */
function runSteps(cells: readonly CellInput[], cell: number, statements: (s: string) => Statement[], sites: readonly number[], prints: readonly number[]): { steps: Step[] } | { refused: string } {
  const source = cells[cell].source;
  const steps: Step[] = [];
  const covered = new Set<number>();
  const within = (from: number, to: number) => ({ calls: sites.filter((s) => s >= from && s < to), shows: prints.filter((p) => p >= from && p < to) });
  const simple = (st: Statement, bindings: Bindings): string | undefined => {
    const { calls, shows } = within(st.start, st.end);
    if (!calls.length && !shows.length) return undefined;
    if (BLOCK.test(st.text)) return 'a model call or a print sits in a block (`if`, `with`, `try`, a nested loop)';
    if (/\b(?:for|lambda|if|while)\b/.test(codeOnly(st.text))) return 'a model call or a print sits in a comprehension, a lambda or a conditional expression';
    if (shows.length > 1 || (shows.length === 1 && shows[0] !== st.start)) return 'a print is part of a larger statement';
    for (const site of calls) steps.push({ kind: 'call', site, bindings });
    for (const at of shows) steps.push({ kind: 'print', at, bindings });
    [...calls, ...shows].forEach((x) => covered.add(x));
    return undefined;
  };
  for (const st of statements(source)) {
    const { calls, shows } = within(st.start, st.end);
    if (!calls.length && !shows.length) continue;
    const header = forHeader(st.text);
    if (!header) {
      const why = simple(st, {});
      if (why) return { refused: why };
      continue;
    }
    const body = loopBody(st, header.end, statements);
    if ('refused' in body) return body;
    let items: Json;
    try {
      items = evaluate(header.iterable, literalLookup(cells, cell, statements, st.start));
    } catch {
      return { refused: `the loop runs over \`${header.iterable.slice(0, 40)}\`, which is not a literal list` };
    }
    if (!Array.isArray(items) || items.length === 0 || items.length > 20) return { refused: `the loop runs over \`${header.iterable.slice(0, 40)}\`, which is not a literal list of up to 20 items` };
    const outer = literalLookup(cells, cell, statements, st.start);
    const defOf = definitionLookup(cells, cell, statements, st.start);
    for (const item of items) {
      // Names the body binds from the item before the call (`analysis_prompt = f"Analyze: '{prompt}'"`): their value this time round.
      const bound: Bindings = { [header.variable]: item };
      for (const b of body) {
        const assigned = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(b.text);
        if (assigned && !within(b.start, b.end).calls.length && !within(b.start, b.end).shows.length) {
          const known = (n: string) => (n in bound ? bound[n] : outer(n));
          try {
            bound[assigned[1]] = evaluate(assigned[2], known);
          } catch {
            // A template written out above the loop, rendered with the item (`prompt = greeting.format(language=lang)`): its text.
            const rendered = renderedPrompt(assigned[2], (n) => (n in bound ? undefined : defOf(n)), known);
            // Else computed: the name keeps no value (a call that sends it is refused as computed).
            if (rendered !== undefined) bound[assigned[1]] = rendered;
            else delete bound[assigned[1]];
          }
        }
        const why = simple(b, { ...bound });
        if (why) return { refused: why };
      }
    }
  }
  if ([...sites, ...prints].some((x) => !covered.has(x))) return { refused: 'a model call or a print sits in a function or a block' };
  return { steps };
}

/** The answer's place in a print argument: the argument itself (`response.text`), or the one computed hole of an f-string (`f"Answer: {response}"`). */
function answerIn(arg: string, lookup: (name: string) => Json | undefined, callText: string | undefined): { before: string; after: string } | { refused: string } {
  const plain = (callText ? arg.split(callText).join('__answer__') : arg).trim();
  if (ANSWER_EXPR.test(plain)) return { before: '', after: '' };
  const f = /^[rR]?[fF][rR]?("""|'''|"|')([\s\S]*)\1$/.exec(plain);
  if (!f) return { refused: `a print shows \`${arg.slice(0, 40)}\`, not the answer text as it is` };
  const holes = [...f[2].matchAll(/(?<!\{)\{([^{}]+)\}/g)];
  const computed = holes.filter((h) => {
    try {
      evaluate(h[1], lookup);
      return false;
    } catch {
      return true;
    }
  });
  if (computed.length !== 1 || !ANSWER_EXPR.test(computed[0][1].trim())) return { refused: `a print shows \`${arg.slice(0, 40)}\`, not the answer text with known text around it` };
  const hole = computed[0];
  const marked = plain.slice(0, plain.length - f[2].length - f[1].length) + f[2].slice(0, hole.index) + '{__mark__}' + f[2].slice(hole.index + hole[0].length) + f[1];
  try {
    const shown = evaluate(marked, (name) => (name === '__mark__' ? MARK : lookup(name)));
    const pieces = typeof shown === 'string' ? shown.split(MARK) : [];
    if (pieces.length === 2) return { before: pieces[0], after: pieces[1] };
  } catch {
    // fall through: refused below
  }
  return { refused: `a print shows \`${arg.slice(0, 40)}\`, whose text around the answer is not known` };
}

/** What the print at `at` writes: known text, or the answer of call `answerOf` between known texts. */
function shownBy(source: string, at: number, lookup: (name: string) => Json | undefined, answerOf?: { call: number; callText?: string }): Shown | { refused: string } {
  const open = source.indexOf('(', at);
  const end = closing(source, open);
  if (end < 0) return { refused: 'a print is not complete' };
  let sep = ' ';
  let endText = '\n';
  const parts: ({ text: string } | { before: string; after: string })[] = [];
  const known = (text: string): Json | undefined => {
    try {
      return evaluate(text, lookup);
    } catch {
      return undefined;
    }
  };
  for (const arg of splitArguments(source.slice(open + 1, end - 1))) {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
    if (kw?.[1] === 'flush') continue;
    if (kw) {
      const v = known(kw[2]);
      if ((kw[1] !== 'sep' && kw[1] !== 'end') || typeof v !== 'string') return { refused: `a print's \`${kw[1]}=\` is not known text` };
      if (kw[1] === 'sep') sep = v;
      else endText = v;
      continue;
    }
    if (arg.startsWith('*')) return { refused: 'a print\'s arguments are unpacked' };
    const v = known(arg);
    if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))) parts.push({ text: String(v) });
    else if (v !== undefined) return { refused: `a print shows \`${arg.slice(0, 40)}\`, whose printed form is not known text` };
    else if (!answerOf) return { refused: `a print shows \`${arg.slice(0, 40)}\`, which is neither known text nor a model's answer` };
    else {
      const place = answerIn(arg, lookup, answerOf.callText);
      if ('refused' in place) return place;
      parts.push(place);
    }
  }
  const text = (p: (typeof parts)[number]) => ('text' in p ? p.text : '');
  const answers = parts.filter((p) => !('text' in p));
  if (answers.length > 1) return { refused: 'a print shows two answers' };
  if (!answerOf || !answers.length) return { kind: 'known', text: parts.map(text).join(sep) + endText };
  const k = parts.indexOf(answers[0]);
  const place = answers[0] as { before: string; after: string };
  const before = parts.slice(0, k).map((p) => `${text(p)}${sep}`).join('') + place.before;
  const after = place.after + parts.slice(k + 1).map((p) => `${sep}${text(p)}`).join('') + endText;
  // The answer ends where the next known text starts: only after a line break.
  if (!after.endsWith('\n')) return { refused: 'an answer is printed without a line break after it' };
  if (/\x1b/.test(before + after)) return { refused: 'an answer is printed in colour' };
  return { kind: 'answer', call: answerOf.call, before, after };
}

/** The stdout the cell saved, when nothing else was shown but log lines (stderr warnings, progress bars). */
function savedStdout(c: CellInput): string | { refused: string } {
  const outputs = c.outputs ?? [];
  if (c.error !== undefined || outputs.some((o) => ERROR_OUTPUT.test(o))) return { refused: 'the saved output is an error (the cell failed when it was saved)' };
  if (c.result !== undefined) return { refused: 'the cell shows a value besides what it prints' };
  const stdout = c.stdout ?? '';
  if (!stdout.trim()) return { refused: 'the cell\'s saved output holds no printed text' };
  let p = 0;
  for (const o of outputs) {
    if (stdout.startsWith(o, p)) {
      p += o.length;
      continue;
    }
    const { text, colored } = decolor(o);
    let start = 0;
    for (const line of text.split('\n')) {
      if (line.trim() && !isLogLine(text, colored, start, start + line.length)) return { refused: 'the cell shows more than it prints (a display, or stderr text that is not a log line)' };
      start += line.length + 1;
    }
  }
  if (p !== stdout.length) return { refused: 'the saved outputs do not hold the printed text in order' };
  return stdout;
}

const occurrences = (text: string, part: string) => (part ? text.split(part).length - 1 : 0);

/** `sites`: where each model call of the cell opens its arguments (`modelCallSites`). */
export function splitAnswers(cells: readonly CellInput[], cell: number, statements: (s: string) => Statement[], sites: readonly number[], options: { single?: boolean } = {}): SplitResult {
  const c = cells[cell];
  const source = c.source;
  const saved = savedStdout(c);
  if (typeof saved !== 'string') return saved;
  const prints = printedTexts(source, () => false).map((p) => p.at);
  if (prints.some((at) => !/^print\s*\(/.test(source.slice(at)))) return { refused: 'the cell shows an answer otherwise than by `print` (a display, Markdown)' };
  // The notebook's own functions may print between the answers.
  const own = cells.slice(0, cell + 1).flatMap((k) => (k.kind === 'code' ? [...k.source.matchAll(/^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/gm)].map((m) => m[1]) : []));
  // (Its `def` line is no call; a function whose body shows nothing and calls none of the notebook's functions prints nothing.)
  const bodies = cells.slice(0, cell + 1).map((k) => (k.kind === 'code' ? k.source : '')).join('\n');
  const quiet = (f: string) => {
    const fn = topLevelFunction(bodies, f);
    // Defined again (here or nested): which body runs is not known.
    if (!fn || new RegExp(`^[ \\t]*(?:async\\s+)?def\\s+${f}\\s*\\(`, 'gm').exec(bodies.slice(fn.at + 1))) return false;
    const body = fn.body;
    return !/(?<![\w.])(?:print|pprint|display|Markdown|HTML|rprint)\s*\(|\bconsole\.|\bsys\.std|\blogging\.|\blogger\./.test(body) && !own.some((g) => g !== f && new RegExp(`(?<![\\w.])${g}\\s*\\(`).test(body));
  };
  const called = own.find((f) => new RegExp(`(?<![\\w.])(?<!def\\s+)${f}\\s*\\(`).test(codeOnly(source)) && !quiet(f));
  if (called) return { refused: `the cell calls the notebook's own \`${called}(…)\`, which may print besides the answers` };
  const run = runSteps(cells, cell, statements, sites, prints);
  if ('refused' in run) return run;
  // Each call, found on its own with its loop item bound.
  const calls: LlmCall[] = [];
  const shown: Shown[] = [];
  const order: ({ call: number } | { shown: number })[] = [];
  for (const step of run.steps) {
    if (step.kind === 'call') {
      const found = findLlmCall(cells, cell, statements, { open: step.site, bindings: step.bindings });
      if ('refused' in found) return { refused: `the ${nth(calls.length)} call: ${found.refused}` };
      const { call } = found;
      if (call.streamed || call.tools || call.earlierTurns) return { refused: `the ${nth(calls.length)} call ${call.streamed ? 'streams its answer' : call.tools ? 'hands the model tools' : 'asks a chat again'}` };
      if (['n', 'num_return_sequences', 'candidate_count'].some((k) => typeof call.params[k] === 'number' && (call.params[k] as number) > 1)) return { refused: 'a call asks for several answers' };
      order.push({ call: calls.length });
      calls.push(call);
      continue;
    }
    // The call whose answer this print shows: the latest one before it whose response it names.
    const owner = [...order].reverse().find((o) => 'call' in o && calls[o.call].printed.find((p) => p.at === step.at)?.answer) as { call: number } | undefined;
    const call = owner ? calls[owner.call] : undefined;
    const callText = call && call.span.start > step.at ? source.slice(call.span.start, call.span.end) : undefined;
    const lookup = literalLookup(cells, cell, statements, step.at);
    const what = shownBy(source, step.at, (name) => (name in step.bindings ? step.bindings[name] : lookup(name)), owner ? { call: owner.call, callText } : undefined);
    if ('refused' in what) return what;
    order.push({ shown: shown.length });
    shown.push(what);
  }
  // (`single`: one call whose print is cut out of what the cell's other prints wrote, an echoed prompt.)
  if (calls.length < (options.single ? 1 : 2)) return { refused: 'the cell asks the model once' };
  // A receiver asked twice that keeps a memory (a checkpointer, a thread or session, a chat memory): the later answer depends on the earlier turn.
  const above = cells.slice(0, cell + 1).map((k) => (k.kind === 'code' ? k.source : '')).join('\n');
  const receivers = calls.map((k) => k.callee.split('.')[0]);
  const again = receivers.find((r, k) => receivers.indexOf(r) !== k && (STATEFUL.test(source) || new RegExp(`^${r}\\s*=[^\\n]*${STATEFUL.source}`, 'm').test(above)));
  if (again) return { refused: `\`${again}\` is asked again and keeps a memory of the earlier question (a checkpointer, a thread or a session)` };
  const answers = matchOutput(saved, order, shown);
  if ('refused' in answers) return answers;
  const parts: AnswerPart[] = [];
  for (let k = 0; k < calls.length; k++) {
    const text = answers.get(k);
    if (text === undefined) return { refused: `the ${nth(k)} call's answer is not printed` };
    parts.push({ call: calls[k], text });
  }
  return { parts };
}

/** Walks the saved stdout along the prints, in order: each answer's text by its call, or why the output does not fit. */
function matchOutput(raw: string, order: readonly ({ call: number } | { shown: number })[], shown: readonly Shown[]): Map<number, string> | { refused: string } {
  const { text, colored } = decolor(raw);
  const known = shown.flatMap((s) => (s.kind === 'known' ? [s.text] : [s.before, s.after]));
  const answers = new Map<number, string>();
  let pos = 0;
  let ran = false;
  let open: { call: number; start: number; after: string; ran: boolean } | undefined;
  const skipLogs = (from: number) => {
    let at = from;
    while (at < text.length && (at === 0 || text[at - 1] === '\n')) {
      const nl = text.indexOf('\n', at);
      const end = nl < 0 ? text.length : nl;
      if (!isLogLine(text, colored, at, end)) break;
      at = Math.min(end + 1, text.length);
    }
    return at;
  };
  // The open answer ends at `end`, less the log lines of the calls made after its print.
  const close = (end: number): string | undefined => {
    const o = open!;
    let stop = end;
    while (o.ran && stop > o.start && text[stop - 1] === '\n') {
      const lineStart = Math.max(text.lastIndexOf('\n', stop - 2) + 1, o.start);
      if (lineStart === o.start || !isLogLine(text, colored, lineStart, stop - 1)) break;
      stop = lineStart;
    }
    const segment = text.slice(o.start, stop);
    if (colored.slice(o.start, stop).some(Boolean)) return `a library's coloured log is inside the ${nth(o.call)} answer`;
    if (!segment.endsWith(o.after)) return `the ${nth(o.call)} answer is not followed by what its print writes after it`;
    if (answers.has(o.call)) return `the ${nth(o.call)} call's answer is printed twice`;
    answers.set(o.call, segment.slice(0, segment.length - o.after.length));
    open = undefined;
    return undefined;
  };
  // What the cell's prints write, in order, an answer standing for each answer (the known text that runs across prints).
  const skeleton = order.map((o) => ('call' in o ? '' : shown[o.shown].kind === 'known' ? (shown[o.shown] as { text: string }).text : `${(shown[o.shown] as { before: string }).before}${MARK}${(shown[o.shown] as { after: string }).after}`)).join('');
  for (const [index, step] of order.entries()) {
    if ('call' in step) {
      ran = true;
      if (open) open.ran = true;
      continue;
    }
    const s = shown[step.shown];
    const lead = s.kind === 'known' ? s.text : s.before;
    if (open) {
      // The open answer runs up to this print's text: it must be there, and appear no more often than the cell prints it.
      // A short text (`print()`) is read on with the known text the next prints write (`print()` then `print(f"{lang}:")`).
      // Short text the cell prints last (a closing `print()`) ends the output.
      let ahead = lead;
      let last = false;
      if (ahead.trim().length < 3 && s.kind === 'known') {
        last = true;
        for (const next of order.slice(index + 1)) {
          if ('call' in next) continue;
          const t = shown[next.shown];
          ahead += t.kind === 'known' ? t.text : t.before;
          last = false;
          if (t.kind !== 'known' || ahead.trim().length >= 3) break;
          last = true;
        }
      }
      if (last && ahead.length && text.endsWith(`${open.after}${ahead}`)) {
        const why = close(text.length - ahead.length);
        if (why) return { refused: why };
        pos = text.length - ahead.length + lead.length;
        ran = false;
        continue;
      }
      if (ahead.trim().length < 3) return { refused: 'two answers are printed with no known text between them' };
      const expected = ahead === lead ? known.reduce((n, k) => n + occurrences(k, lead), 0) : occurrences(skeleton, ahead);
      if (occurrences(text, ahead) > expected) return { refused: `the printed text ${JSON.stringify(ahead.trim().slice(0, 40))} also appears inside an answer` };
      let at = text.indexOf(ahead, open.start);
      while (at >= 0 && text.slice(at - open.after.length, at) !== open.after) at = text.indexOf(ahead, at + 1);
      if (at < 0) return { refused: `the saved output does not show ${JSON.stringify(lead.trim().slice(0, 40))} where the cell prints it` };
      const why = close(at);
      if (why) return { refused: why };
      pos = at + lead.length;
    } else {
      if (ran) pos = skipLogs(pos);
      if (!text.startsWith(lead, pos)) return { refused: `the saved output does not show ${JSON.stringify(lead.trim().slice(0, 40) || 'a line break')} where the cell prints it` };
      pos += lead.length;
    }
    ran = false;
    if (s.kind === 'answer') open = { call: s.call, start: pos, after: s.after, ran: false };
  }
  if (open) {
    const why = close(text.length);
    if (why) return { refused: why };
  } else if (text.slice(ran ? skipLogs(pos) : pos).trim()) return { refused: 'the saved output shows more than the cell prints' };
  return answers;
}
