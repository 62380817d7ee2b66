// IPython syntax (magics, shell escapes, help) is not Python, so the parser would see
// errors. We replace it with same-length whitespace, keeping every other character
// where it was, so positions in the masked code are positions in the cell. What the
// magics mean for the notebook's state (names they bind, state they pull in) is
// returned beside the masked code. IPython's own TransformerManager is the reference
// for which lines are escapes; automagic (`pip install x` without `%`) is IPython's
// runtime prefilter, applied only to one-line cells, which we approximate for the
// common commands.

export type MagicKind = 'cell-magic' | 'line-magic' | 'shell' | 'help' | 'automagic' | 'autocall';

export interface MagicLine {
  kind: MagicKind;
  /** Magic or command name without its escape: `pip`, `run`, `store`, `bash`, or the shell command. */
  name: string;
  /** The text after the name on the first line, trimmed. */
  args: string;
  /** First and last physical line (0-based, inclusive) and the column where the escape starts. */
  line: number;
  endLine: number;
  column: number;
  /** Names the magic binds in the user namespace (`%store -r x`, `%%capture out`). */
  binds: string[];
  /** The magic can bind names we cannot know (`%run`, bare `%store -r`, `%pylab`, `%load`). */
  bindsUnknown: boolean;
  /** Pulls state from another notebook or session (`%run`, `%store -r`). */
  crossNotebook: boolean;
  /** Inside a `try` whose handler catches NameError: the notebook expects the state may be missing. */
  guarded?: boolean;
}

export interface MaskedCell {
  /** Same length as the cell source; IPython syntax replaced by spaces. */
  code: string;
  magics: MagicLine[];
  /** Lines whose code runs but whose assignments do not persist (`%%timeit`, `%timeit`). */
  readOnlyLines: Set<number>;
}

/** Cell magics whose effect on the user namespace is known (none, or what magicEffects says). */
const KNOWN_CELL_MAGICS = new Set([
  'bash', 'sh', 'script', 'writefile', 'file', 'html', 'HTML', 'javascript', 'js', 'latex', 'markdown', 'svg',
  'perl', 'ruby', 'python', 'python2', 'python3', 'pypy', 'sx', 'system', 'time', 'timeit', 'capture', 'prun',
  'debug', 'sql', 'bigquery', 'R', 'spark', 'local', 'configure', 'info', 'cleanup', 'send_to_spark', 'opts',
  'cmd', 'powershell', 'dot', 'mermaid', 'ai', 'ai_ask',
]);

/** Cell magics whose body IPython runs as ordinary Python in the user namespace. */
const PYTHON_BODY_CELL_MAGICS = new Set(['time', 'capture', 'prun']);
/** Cell or line magics that run code but keep its assignments in a throwaway namespace. */
const READ_ONLY_MAGICS = new Set(['timeit']);
/** Line magics whose argument is one Python statement run in the user namespace (`%prun x = f()` binds `x` too). */
const PYTHON_ARG_LINE_MAGICS = new Set(['time', 'prun']);

/** A Databricks language line: `%r` alone, then the cell in R (not `%python`, whose cell is Python). */
const DATABRICKS_LANGUAGE_LINE = /^\s*%(r|scala|sql|sh|md|md-sandbox|fs)\s*$/;

/** Commands IPython runs without `%` when automagic is on (the default). */
const AUTOMAGIC_WITH_ARGS = new Set([
  'pip', 'conda', 'mamba', 'cd', 'ls', 'll', 'env', 'load_ext', 'reload_ext', 'unload_ext', 'matplotlib',
  'pylab', 'timeit', 'prun', 'run', 'store', 'who', 'whos', 'reset', 'reset_selective', 'autoreload',
  'aimport', 'config', 'precision', 'xmode', 'alias', 'unalias', 'cat', 'cp', 'mv', 'rm', 'rmdir',
  'mkdir', 'sx', 'bookmark', 'pushd', 'pinfo', 'pinfo2', 'psearch', 'psource', 'pfile', 'pdef', 'pdoc',
  'macro', 'recall', 'rerun', 'lsmagic', 'magic', 'colors', 'doctest_mode', 'gui', 'logstart', 'sql',
  'set_env', 'writefile', 'pycat', 'pwd', 'dhist', 'history', 'hist',
]);
/** Automagic commands that users type alone on a line. */
const AUTOMAGIC_BARE = new Set(['pwd', 'ls', 'll', 'whos', 'who', 'who_ls', 'lsmagic', 'quickref', 'dhist', 'dirs', 'popd', 'hist']);
/** Words after which an automagic-looking line is really Python (`time in x`, `ls if a else b`). */
const PYTHON_KEYWORDS_AFTER_NAME = new Set(['if', 'else', 'in', 'is', 'and', 'or', 'not', 'for', 'as', 'async', 'await', 'lambda']);

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface LineInfo {
  /** Character offset of the line start in the source. */
  start: number;
  /** Offset of the end of the line content (before `\r\n` or `\n`). */
  end: number;
}

function splitLines(source: string): LineInfo[] {
  const lines: LineInfo[] = [];
  let start = 0;
  for (;;) {
    const nl = source.indexOf('\n', start);
    if (nl < 0) {
      lines.push({ start, end: source.length });
      return lines;
    }
    const end = nl > start && source.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    lines.push({ start, end });
    start = nl + 1;
  }
}

/**
 * Python lexical state carried from one physical line to the next, so that only
 * lines that start a logical line (not inside a string or brackets, not after a
 * backslash) can be escapes, as IPython's token-based transformers decide.
 */
interface LexState {
  depth: number;
  /** Open triple-quoted string delimiter, or '' when none. */
  triple: string;
  continued: boolean;
}

/** Advance the lexical state over one line; returns the column where a comment starts, or -1. */
function scanLine(text: string, state: LexState): { commentAt: number } {
  let commentAt = -1;
  let i = 0;
  const n = text.length;
  state.continued = false;
  while (i < n) {
    if (state.triple) {
      const close = findTripleClose(text, i, state.triple);
      if (close < 0) return { commentAt };
      state.triple = '';
      i = close;
      continue;
    }
    const ch = text[i];
    if (ch === '#') {
      commentAt = i;
      break;
    }
    if (ch === '"' || ch === "'") {
      if (text.startsWith(ch + ch + ch, i)) {
        state.triple = ch + ch + ch;
        i += 3;
        continue;
      }
      i = skipShortString(text, i + 1, ch);
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') state.depth++;
    else if (ch === ')' || ch === ']' || ch === '}') state.depth = Math.max(0, state.depth - 1);
    else if (ch === '\\' && i === n - 1) state.continued = true;
    i++;
  }
  return { commentAt };
}

function findTripleClose(text: string, from: number, delim: string): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text.startsWith(delim, i)) return i + 3;
    i++;
  }
  return -1;
}

function skipShortString(text: string, from: number, quote: string): number {
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) return i + 1;
    i++;
  }
  return i; // unterminated: the string ends with the line, as Python's tokenizer errors there
}

function maskRange(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  }
}

function splitArgs(args: string): string[] {
  return args.split(/\s+/).filter((a) => a.length > 0);
}

/** Names, `bindsUnknown` and `crossNotebook` for a line or cell magic. */
function magicEffects(kind: MagicKind, name: string, args: string): Pick<MagicLine, 'binds' | 'bindsUnknown' | 'crossNotebook'> {
  const words = splitArgs(args);
  const effects = { binds: [] as string[], bindsUnknown: false, crossNotebook: false };
  if (kind === 'shell' || kind === 'help') return effects;
  // A custom cell magic (`%%write_and_execute task.py`) may run its body here: any name may come from it.
  if (kind === 'cell-magic' && name !== '' && !KNOWN_CELL_MAGICS.has(name)) effects.bindsUnknown = true;
  switch (name) {
    case 'store': {
      const restore = words.includes('-r');
      if (!restore) break;
      effects.crossNotebook = true;
      const names = words.filter((w) => !w.startsWith('-') && IDENT.test(w));
      if (names.length === 0) effects.bindsUnknown = true;
      else effects.binds = names;
      break;
    }
    case 'run':
      effects.crossNotebook = true;
      effects.bindsUnknown = true;
      break;
    case 'pylab':
    case 'load':
      effects.bindsUnknown = true;
      break;
    case 'capture': {
      const target = words.filter((w) => !w.startsWith('-'));
      if (target.length > 0 && IDENT.test(target[target.length - 1])) effects.binds = [target[target.length - 1]];
      break;
    }
    case 'macro':
      if (words.length > 0 && IDENT.test(words[0])) effects.binds = [words[0]];
      break;
    case 'bigquery':
      // `%%bigquery df --project p`: the optional destination variable comes first.
      if (words.length > 0 && IDENT.test(words[0])) effects.binds = [words[0]];
      break;
    case 'sql': {
      // ipython-sql / JupySQL: `%%sql result <<`; sparkmagic: `%%sql -o result`.
      const saved = /^([A-Za-z_]\w*)\s*<</.exec(args)?.[1];
      effects.binds = [...(saved ? [saved] : []), ...outputOptionNames(words)];
      break;
    }
    case 'bash':
    case 'sh':
    case 'script':
    case 'perl':
    case 'ruby':
    case 'python2':
    case 'python3':
    case 'pypy':
      // IPython's script magics keep the script's stdout, stderr or process in a variable: `%%bash --out text`.
      effects.binds = words.flatMap((w, i) => (/^--(?:out|err|proc)$/.test(w) && IDENT.test(words[i + 1] ?? '') ? [words[i + 1]] : []));
      break;
    case 'R':
    case 'spark':
      // rpy2 `%%R -o a,b` and sparkmagic `%%spark -o df` copy results into the Python namespace.
      effects.binds = outputOptionNames(words);
      break;
  }
  return effects;
}

/** Names after `-o` options: `-o a,b -o c`. */
function outputOptionNames(words: string[]): string[] {
  const names: string[] = [];
  words.forEach((w, i) => {
    if (w === '-o' && words[i + 1]) names.push(...words[i + 1].split(',').filter((n) => IDENT.test(n)));
  });
  return names;
}

interface Escape {
  kind: MagicKind;
  name: string;
  args: string;
}

/** Recognise an escape at the start of a logical line (text after indentation). */
function classifyEscape(body: string, automagicAllowed: boolean): Escape | undefined {
  if (body.startsWith('!')) {
    const cmd = body.replace(/^!!?/, '').trim();
    return { kind: 'shell', name: cmd.split(/\s+/)[0] ?? '', args: cmd.slice((cmd.split(/\s+/)[0] ?? '').length).trim() };
  }
  if (body.startsWith('%')) {
    const m = /^%{1,2}([A-Za-z_][\w.]*)?\s*(.*)$/.exec(body);
    return { kind: 'line-magic', name: m?.[1] ?? '', args: (m?.[2] ?? '').trim() };
  }
  if (body.startsWith('?')) return { kind: 'help', name: body.replace(/^\?+/, '').trim(), args: '' };
  if (body.startsWith('/') || body.startsWith(',') || body.startsWith(';')) {
    const m = /^[/,;]\s*([\w.]+)\s*(.*)$/.exec(body);
    if (m) return { kind: 'autocall', name: m[1], args: m[2].trim() };
  }
  const auto = automagicAllowed ? /^([A-Za-z_]\w*)(?:(\s+)(.*))?$/.exec(body) : null;
  if (auto) {
    const [, word, , rest] = auto;
    if (rest === undefined || rest.trim() === '' || rest.trim().startsWith('#')) {
      if (AUTOMAGIC_BARE.has(word)) return { kind: 'automagic', name: word, args: '' };
      return undefined;
    }
    if (!AUTOMAGIC_WITH_ARGS.has(word)) return undefined;
    const first = rest.trim();
    const firstWord = /^[A-Za-z_]\w*/.exec(first)?.[0];
    if (firstWord && PYTHON_KEYWORDS_AFTER_NAME.has(firstWord)) return undefined;
    // Python would continue an identifier with an operator, a call, an index or an
    // attribute; a shell-like word, option, path or quote means the command form.
    if (/^(?:[A-Za-z0-9_~/$'"]|-{1,2}[A-Za-z]|\.{1,2}(?:\/|\s|$))/.test(first)) {
      return { kind: 'automagic', name: word, args: first };
    }
  }
  return undefined;
}

/** `lhs = !cmd` / `lhs = %magic args`: the column of the `!` or `%`, or -1. */
function assignmentEscapeColumn(text: string, indent: number): number {
  const m = /^([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*,?\s*)=\s*([!%])/.exec(text.slice(indent));
  if (!m) return -1;
  return indent + m[0].length - 1;
}

/**
 * IPython's help syntax (inputtransformer2's `_help_end_re`): a name, dotted or indexed by an integer, right before
 * the final `?` or `??` (`np.mean?`, `x[0]??`, `a = b?`). `x = ?` and `print(x) ?` are no help: IPython leaves them.
 */
const HELP_END = /%{0,2}(?!\d)[\p{L}\p{N}_*]+(?:\.(?!\d)[\p{L}\p{N}_*]+|\[-?[0-9]+\])*\?\??$/u;
/** `epochs= ?`, `df["ratio"] = ?`: an exercise's value left blank for the student. */
const BLANK_VALUE = /(?:^|[^=!<>:])=[ \t]*\?$/;

/** Could any line be an escape? Most cells have none, and then there is nothing to scan. */
const MAYBE_ESCAPE = /^[ \t]*[%!?/,;]|\?[ \t]*(?:#.*)?$|[=][ \t]*[!%]/m;

/** Mask IPython syntax in one cell and describe what each escape does. */
export function maskIPython(source: string): MaskedCell {
  if (!MAYBE_ESCAPE.test(source) && source.trim().includes('\n')) return { code: source, magics: [], readOnlyLines: new Set() };
  const lines = splitLines(source);
  // The cell's characters, to mask: split only once something is masked (most cells that get here have no escape).
  let chars: string[] | undefined;
  const masked = () => (chars ??= source.split(''));
  const magics: MagicLine[] = [];
  const readOnlyLines = new Set<number>();
  const state: LexState = { depth: 0, triple: '', continued: false };

  let firstCode = 0;
  while (firstCode < lines.length && source.slice(lines[firstCode].start, lines[firstCode].end).trim() === '') firstCode++;

  // A cell magic owns the whole cell: `%%bash` and friends are not Python at all,
  // `%%time` and friends run their body as Python.
  if (firstCode < lines.length) {
    const first = lines[firstCode];
    const text = source.slice(first.start, first.end);
    const trimmed = text.trimStart();
    if (trimmed.startsWith('%%')) {
      const m = /^%%([A-Za-z_][\w.]*)?\s*(.*)$/.exec(trimmed);
      const name = m?.[1] ?? '';
      const args = (m?.[2] ?? '').trim();
      const bodyIsPython = PYTHON_BODY_CELL_MAGICS.has(name) || READ_ONLY_MAGICS.has(name);
      const lastLine = bodyIsPython ? firstCode : lines.length - 1;
      magics.push({
        kind: 'cell-magic', name, args, line: firstCode, endLine: lastLine, column: text.length - trimmed.length,
        ...magicEffects('cell-magic', name, args),
      });
      if (!bodyIsPython) {
        maskRange(masked(), first.start, source.length);
        return { code: chars ? chars.join('') : source, magics, readOnlyLines };
      }
      maskRange(masked(), first.start, first.end);
      if (READ_ONLY_MAGICS.has(name)) for (let l = firstCode + 1; l < lines.length; l++) readOnlyLines.add(l);
      firstCode++;
    }
  }

  // Databricks runs a cell whose first line is `%r`, `%scala`, `%sql`, `%sh`, `%md` or `%fs` alone in that
  // language: the rest of the cell is not Python (`library(SparkR)` reads no name, `x = "a"` in R binds none).
  if (firstCode < lines.length) {
    const first = lines[firstCode];
    const text = source.slice(first.start, first.end);
    const language = DATABRICKS_LANGUAGE_LINE.exec(text)?.[1];
    const more = lines.slice(firstCode + 1).some((l) => source.slice(l.start, l.end).trim() !== '');
    if (language && more) {
      magics.push({
        kind: 'line-magic', name: language, args: '', line: firstCode, endLine: lines.length - 1, column: text.length - text.trimStart().length,
        binds: [], bindsUnknown: false, crossNotebook: false,
      });
      maskRange(masked(), first.start, source.length);
      return { code: chars ? chars.join('') : source, magics, readOnlyLines };
    }
  }

  // IPython applies automagic only when the whole cell is one line (InteractiveShell.transform_cell).
  let codeLines = 0;
  for (let l = firstCode; l < lines.length; l++) if (source.slice(lines[l].start, lines[l].end).trim() !== '') codeLines++;
  const automagicAllowed = codeLines === 1;

  for (let l = firstCode; l < lines.length; l++) {
    const { start, end } = lines[l];
    const text = source.slice(start, end);
    const atLogicalStart = state.depth === 0 && !state.triple && !state.continued;
    if (!atLogicalStart) {
      scanLine(text, state);
      continue;
    }
    const indent = text.length - text.trimStart().length;
    const body = text.slice(indent);
    if (body === '' || body.startsWith('#')) {
      scanLine(text, state);
      continue;
    }

    const escape = classifyEscape(body, automagicAllowed);
    const assignAt = escape ? -1 : assignmentEscapeColumn(text, indent);
    if (escape || assignAt >= 0) {
      // The escape runs to the end of the line, plus lines joined by a trailing backslash.
      let last = l;
      while (last + 1 < lines.length && source.slice(lines[last].start, lines[last].end).endsWith('\\')) last++;
      const maskFrom = escape ? start + indent : start + assignAt;
      maskRange(masked(), maskFrom, lines[last].end);
      if (!escape) {
        // Keep `lhs = ` and give it a value so the assignment still parses and binds.
        masked()[start + assignAt] = '0';
        const rhs = text.slice(assignAt);
        const isShell = rhs.startsWith('!');
        const m = /^[!%]+([\w.]*)\s*(.*)$/.exec(rhs);
        magics.push({
          kind: isShell ? 'shell' : 'line-magic', name: m?.[1] ?? '', args: (m?.[2] ?? '').trim(),
          line: l, endLine: last, column: assignAt, binds: [], bindsUnknown: false, crossNotebook: false,
        });
      } else {
        const pythonArg = escape.kind === 'line-magic' && (PYTHON_ARG_LINE_MAGICS.has(escape.name) || READ_ONLY_MAGICS.has(escape.name))
          && escape.args !== '' && !escape.args.startsWith('-');
        if (pythonArg) {
          // `%time x = f()` runs `x = f()`: keep the statement, mask only `%time`. Lines joined by a
          // trailing backslash are one statement, which Python reads the same way.
          const argAt = text.indexOf(escape.args, indent + 1 + escape.name.length);
          for (let i = start + argAt; i < lines[last].end; i++) masked()[i] = source[i];
          if (READ_ONLY_MAGICS.has(escape.name)) for (let k = l; k <= last; k++) readOnlyLines.add(k);
        }
        // `%store -r \` + `model_uri` on the next line: the joined lines are the arguments.
        let joined = escape.args;
        for (let k = l + 1; k <= last; k++) joined = `${joined.replace(/\\$/, '')} ${source.slice(lines[k].start, lines[k].end)}`;
        magics.push({ ...escape, line: l, endLine: last, column: indent, ...magicEffects(escape.kind, escape.name, joined.replace(/\\$/, '').trim()) });
      }
      state.continued = false;
      l = last;
      continue;
    }

    const saved: LexState = { ...state };
    const { commentAt } = scanLine(text, state);
    const code = (commentAt >= 0 ? text.slice(0, commentAt) : text).trimEnd();
    if (code.endsWith('?') && state.depth === 0 && !state.triple && saved.depth === 0) {
      if (HELP_END.test(code)) {
        // `obj?` / `obj??`: IPython shows help and runs nothing.
        maskRange(masked(), start + indent, end);
        magics.push({
          kind: 'help', name: code.trim().replace(/\?+$/, ''), args: '', line: l, endLine: l, column: indent,
          binds: [], bindsUnknown: false, crossNotebook: false,
        });
        state.continued = false;
      } else if (BLANK_VALUE.test(code)) {
        // `epochs = ?  # Replace ? with an integer.`: an exercise blank, no help (IPython leaves it, a SyntaxError
        // until filled in). Read as `epochs = _` so the name the student is to set counts as set here.
        masked()[start + code.length - 1] = '_';
      }
    }
  }
  return { code: chars ? chars.join('') : source, magics, readOnlyLines };
}

/** Magics that only change display or timing (`%matplotlib inline`, `%%time`, `%load_ext autoreload`): hints, not production problems. */
export function isCosmeticMagic(m: MagicLine): boolean {
  if (m.kind !== 'line-magic' && m.kind !== 'cell-magic' && m.kind !== 'automagic') return false;
  if (COSMETIC_MAGICS.has(m.name)) return true;
  return (m.name === 'load_ext' || m.name === 'reload_ext') && /^autoreload\b/.test(m.args);
}

const COSMETIC_MAGICS = new Set(['matplotlib', 'time', 'timeit', 'autoreload', 'aimport', 'config']);

/** `%pip install x`, `!pip install x`, `!{sys.executable} -m pip install x`, `%conda install x`. */
export function isInstallMagic(m: MagicLine): boolean {
  if (m.kind === 'shell') return /\b(?:pip3?|conda|mamba|uv\s+pip)\s+install\b/.test(`${m.name} ${m.args}`);
  return ['pip', 'conda', 'mamba'].includes(m.name);
}

/**
 * Does the cell hold code that runs as Python, beyond comments, blank lines,
 * installs and display/timing magics? A licence header or a `%pip install` cell
 * is not where a notebook's code starts (NB104, NB106, NB108).
 */
export function cellHasCode(source: string, magics: readonly MagicLine[], { pythonOnly = false } = {}): boolean {
  // Asked by three rules on every cell at every keystroke: remembered per summary (its magics array).
  let known = HAS_CODE.get(magics);
  if (!known || known.source !== source) HAS_CODE.set(magics, (known = { source }));
  const key = pythonOnly ? 'pythonOnly' : 'any';
  return (known[key] ??= computeCellHasCode(source, magics, pythonOnly));
}

const HAS_CODE = new WeakMap<readonly MagicLine[], { source: string; any?: boolean; pythonOnly?: boolean }>();

function computeCellHasCode(source: string, magics: readonly MagicLine[], pythonOnly: boolean): boolean {
  const setup = new Set<number>();
  for (const m of magics) {
    // `pythonOnly`: shell lines and non-Python cells (`%%bash`, `%%writefile`) are not Python code either.
    const wrapper = m.kind === 'cell-magic' && m.name === 'capture';
    if (!pythonOnly && !wrapper && !isInstallMagic(m) && !isCosmeticMagic(m)) continue;
    for (let l = m.line; l <= m.endLine; l++) setup.add(l);
  }
  return source.split('\n').some((text, line) => {
    const body = text.trim();
    return body !== '' && !body.startsWith('#') && !setup.has(line);
  });
}

