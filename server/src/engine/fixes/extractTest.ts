// The test an extraction writes: it rebuilds the function's inputs the way the
// notebook built them (when that is plain, quiet code), calls the function, and
// checks what the notebook showed: the displayed value (numpy.testing /
// pandas.testing for arrays and frames, repr for small values) and the printed
// text (capsys). Moved functions that later cells call with literal arguments get
// a test per call. Anything else gets a marked test that fails until completed, so
// `pytest` never finds nothing to run.
import { isBuiltinOrKernelGlobal } from '../builtins';
import type { CellSummary } from '../cellSummary';
import type { Statement } from '../statements';
import type { ExtractRequest } from './extract';
import { codeOnly, indent, isLiteralSource } from './extract';

export interface TestInfo {
  /** The wrapper function, when the body was not only definitions. */
  functionName?: string;
  params: string[];
  /** What the function returns, in order; `_shown` is the value the cell displayed. */
  results: string[];
  movedNames: string[];
  selected: number[];
  displayed: boolean;
  /** A returned name the last cell shows after the call. */
  shownResult?: string;
  moduleImports: string[];
  importOf: ReadonlyMap<string, readonly string[]>;
  boundBefore: ReadonlySet<string>;
}

interface Check { lines: string[]; imports: string[] }

/** Statements that read files, the network or the user, or write anything: never replayed in a test. */
const SIDE_EFFECTS = /\b(?:open|read_\w+|load\w*|urlopen|input|to_\w+|savefig|save\w*|print|display|show|plot|seed)\s*\(|\brequests\.|\bplt\./;
/** The global random state: replaying part of a notebook cannot reproduce it. */
const GLOBAL_RANDOM = /\b(?:np\.random|numpy\.random)\.(?!default_rng\b|Generator\b|RandomState\b)\w+\s*\(|\brandom\.(?:random|randint|choice|shuffle|seed|uniform|gauss|sample)\s*\(/;
const SHOWS = /^(?:print|display)\s*\(|^(?:plt|ax|axes|fig|sns)\.|^[\w.\[\]]+\.(?:plot|hist|imshow|scatter|bar|show|set_\w+)\s*\(/;
const ASSIGNMENT = /^[A-Za-z_][\w.]*(?:\[[^\]\n]*\])?(?:\s*,\s*[A-Za-z_][\w.]*)*\s*(?:[-+*/%]|\/\/)?=(?!=)/;
const HARMLESS_DISPLAY = /^[A-Za-z_][\w.]*(?:\[[^()\n]*\])*(?:\.(?:head|tail|describe)\([^()]*\))?$|^len\([\w.]+\)$/;

export function buildTest(req: ExtractRequest, info: TestInfo): { text: string; complete: boolean } {
  const existing = req.existingTest ?? '';
  const taken = new Set<string>();
  const uniqueName = (base: string) => {
    let name = base;
    for (let n = 2; taken.has(name) || new RegExp(`^def ${name}\\b`, 'm').test(existing); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  };
  const tests: string[] = [];
  let complete = false;
  const imported: string[] = [];

  if (info.functionName) {
    const fn = info.functionName;
    imported.push(fn);
    const setup = rebuildInputs(req, info);
    const lastCell = req.cells[info.selected[info.selected.length - 1]];
    const shownVar = 'shown';
    const shownAs = info.displayed ? shownVar : info.shownResult;
    const value = shownAs && lastCell.result !== undefined ? valueCheck(shownAs, lastCell.result) : undefined;
    const printed = info.selected.map((i) => req.cells[i].stdout ?? '').join('');
    const stdout = printed && printed.length < 4000 && !/0x[0-9a-f]{6,}/i.test(printed) ? printed : undefined;
    const call = `${fn}(${info.params.join(', ')})`;
    const targets = info.results.map((r) => (r === '_shown' ? shownVar : r));
    const callLine = targets.length ? `${targets.join(', ')} = ${call}` : call;
    const name = uniqueName(`test_${fn}`);
    if (setup && (value || stdout !== undefined)) {
      const imports = [...setup.imports, ...(value?.imports ?? [])].filter((x, i, a) => a.indexOf(x) === i);
      const lines = [
        ...imports,
        ...(setup.lines.length ? ['# Inputs built as the notebook builds them.', ...setup.lines] : []),
        ...(stdout !== undefined && setup.lines.length ? ['capsys.readouterr()'] : []),
        callLine,
        ...(value ? ['# What the notebook displayed.', ...value.lines] : []),
        ...(stdout !== undefined ? ['# What the notebook printed.', `assert capsys.readouterr().out == ${pyString(stdout)}`] : []),
      ];
      tests.push(`def ${name}(${stdout !== undefined ? 'capsys' : ''}):\n${lines.map((l) => indent(l, new Set())).join('\n')}\n`);
      complete = true;
    } else {
      const why = setup ? 'the notebook saved no output to compare with: assert what the result should be' : `give ${info.params.map((p) => `\`${p}\``).join(', ')} small example values`;
      tests.push(markedTest(name, fn, why, setup ? [...setup.imports, ...setup.lines, callLine] : [`# ${callLine}`]));
    }
  }

  // A test per later call of a moved function with literal arguments and a saved result.
  for (const moved of info.movedNames) {
    let calls = 0;
    for (let i = req.last + 1; i < req.cells.length; i++) {
      const c = req.cells[i];
      if (c.kind !== 'code' || c.result === undefined) continue;
      const st = req.statements(c.source).at(-1);
      const m = st?.kind === 'expression' ? new RegExp(`^${moved}\\(([\\s\\S]*)\\)$`).exec(st.text.trim()) : null;
      if (!m || (m[1].trim() && !isLiteralSource(`[${m[1].replace(/\b[A-Za-z_]\w*\s*=(?!=)/g, '')}]`))) continue;
      const check = valueCheck('result', c.result);
      if (!check) continue;
      if (!imported.includes(moved)) imported.push(moved);
      const lines = [...check.imports, `# As cell ${i + 1} of ${req.notebookName} calls it.`, `result = ${st!.text.trim()}`, ...check.lines];
      tests.push(`def ${uniqueName(`test_${moved}`)}():\n${lines.map((l) => indent(l, new Set())).join('\n')}\n`);
      complete = true;
      if (++calls >= 5) break;
    }
  }
  if (tests.length === 0 && info.movedNames.length) {
    const moved = info.movedNames[0];
    imported.push(moved);
    tests.push(markedTest(uniqueName(`test_${moved}`), moved, `call \`${moved}\` with example inputs and assert what it should return`, []));
  }
  if (tests.length === 0) return { text: '', complete: false };
  const header = req.existingTest === undefined
    ? `"""Tests for ${req.packageName}.${req.moduleName}, written by nb2prod when the code left ${req.notebookName}."""\nimport pytest\n\nfrom ${req.packageName}.${req.moduleName} import ${imported.join(', ')}\n`
    : `${existing.endsWith('\n') ? '' : '\n'}\n${/^import pytest$/m.test(existing) ? '' : 'import pytest\n'}from ${req.packageName}.${req.moduleName} import ${imported.join(', ')}\n`;
  return { text: `${header}\n\n${tests.join('\n\n')}`, complete };
}

function markedTest(name: string, fn: string, why: string, body: string[]): string {
  const lines = [`# TODO(nb2prod): ${why}, then remove the fail below.`, ...body, `pytest.fail("nb2prod: complete this test for ${fn}")`];
  return `def ${name}():\n${lines.map((l) => indent(l, new Set())).join('\n')}\n`;
}

/** A Python string literal (JSON's escapes are Python's too). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

/**
 * The notebook statements that build the parameters, in notebook order: every earlier
 * statement that touches a name they need (so mutations and random draws replay
 * exactly), when each is a quiet assignment, import or definition. Undefined when
 * that is not the case: the test is then left for the user.
 */
function rebuildInputs(req: ExtractRequest, info: TestInfo): { lines: string[]; imports: string[] } | undefined {
  const prefix: { statement: Statement; summary: CellSummary }[] = [];
  for (let i = 0; i < req.first; i++) {
    const c = req.cells[i];
    if (c.kind !== 'code') continue;
    for (const statement of req.statements(c.source)) prefix.push({ statement, summary: req.summarize(statement.text) });
  }
  const mentions = (s: { summary: CellSummary }, name: string) =>
    s.summary.events.some((e) => e.kind !== 'unknown' && e.name === name) || s.summary.deferredReads.some((r) => r.name === name);
  const imports: string[] = [];
  const chosen = new Set<number>();
  const queue = [...info.params];
  const seen = new Set<string>();
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const imported = info.importOf.get(name);
    if (imported) {
      for (const t of imported) if (!imports.includes(t)) imports.push(t);
      continue;
    }
    if (isBuiltinOrKernelGlobal(name) && !info.boundBefore.has(name)) continue;
    let binds = false;
    for (let n = 0; n < prefix.length; n++) {
      const s = prefix[n];
      if (!mentions(s, name)) continue;
      if (chosen.has(n)) {
        if (s.summary.events.some((e) => e.kind === 'def' && e.name === name)) binds = true;
        continue;
      }
      const st = s.statement;
      const code = codeOnly(st.text);
      if (st.kind === 'import') continue;
      // Showing a value (a bare name, print, a plot) does not change it: not replayed.
      if (st.kind === 'expression' && (HARMLESS_DISPLAY.test(st.text.trim()) || SHOWS.test(code.trim()))) continue;
      if (st.kind === 'other' && !ASSIGNMENT.test(code)) return undefined;
      if (s.summary.magics.length || s.summary.syntaxError || GLOBAL_RANDOM.test(code)) return undefined;
      if (st.kind !== 'def' && (SIDE_EFFECTS.test(code) || /"""|'''/.test(st.text))) return undefined;
      chosen.add(n);
      if (s.summary.events.some((e) => e.kind === 'def' && e.name === name)) binds = true;
      for (const e of s.summary.events) if (e.kind === 'read') queue.push(e.name);
      for (const r of s.summary.deferredReads) queue.push(r.name);
      if (chosen.size > 30) return undefined;
    }
    if (!binds && info.boundBefore.has(name)) return undefined;
  }
  const lines = [...chosen].sort((a, b) => a - b).map((n) => prefix[n].statement.text);
  return { lines, imports };
}

/** An assertion that `variable` equals what the notebook displayed (`text/plain`), when the text can be read back. */
export function valueCheck(variable: string, text: string): Check | undefined {
  const t = text.trim();
  if (!t || /\.\.\.|…|0x[0-9a-f]{6,}/i.test(t)) return undefined;
  if (/^array\(/.test(t)) {
    const literal = `np.${t}`.replace(/dtype=([a-z]\w*)\)/g, 'dtype=np.$1)').replace(/\bnan\b/g, 'np.nan').replace(/\binf\b/g, 'np.inf');
    if (/\b(?!np\b|array\b|dtype\b|nan\b|inf\b)[A-Za-z_]\w*\(/.test(literal.slice(3))) return undefined;
    const float = /\d\.\d*|\de[-+]\d|nan|inf/.test(t);
    return {
      imports: ['import numpy as np'],
      lines: [`expected = ${literal}`, float
        ? `np.testing.assert_allclose(${variable}, expected, rtol=1e-6, atol=1e-8)`
        : `np.testing.assert_array_equal(${variable}, expected)`],
    };
  }
  const untrimmed = text.replace(/\s+$/, '').replace(/^\n+/, '');
  const table = readTable(untrimmed);
  if (table === 'frame') {
    return {
      imports: ['import io', 'import pandas as pd'],
      lines: [`expected = pd.read_csv(io.StringIO(${pyString(untrimmed)}), sep=r"\\s+")`,
        `pd.testing.assert_frame_equal(${variable}, expected, check_dtype=False, check_index_type=False, check_column_type=False, check_exact=False, rtol=1e-5, atol=1e-6)`],
    };
  }
  if (table === 'series') {
    const lines = t.split('\n').slice(0, -1);
    const body = (lines[0]?.trim().split(/\s+/).length === 1 ? lines.slice(1) : lines).join('\n');
    return {
      imports: ['import io', 'import pandas as pd'],
      lines: [`expected = pd.read_csv(io.StringIO(${pyString(body)}), sep=r"\\s+", header=None, index_col=0).iloc[:, 0]`,
        `pd.testing.assert_series_equal(${variable}, expected, check_dtype=False, check_index_type=False, check_names=False, check_exact=False, rtol=1e-5, atol=1e-6)`],
    };
  }
  if (!t.includes('\n') && t.length <= 200 && !/^<.*>$/.test(t)) return { imports: [], lines: [`assert repr(${variable}) == ${pyString(t)}`] };
  return undefined;
}

const CELL_TOKEN = /^(?:-?\d+(?:\.\d*)?(?:e[-+]?\d+)?|NaN|True|False|[A-Za-z_]\w*)$/;

/** A pandas repr that reads back with read_csv: simple column names, one token per value, nothing elided. */
function readTable(text: string): 'frame' | 'series' | undefined {
  const lines = text.split('\n');
  if (lines.length < 2) return undefined;
  if (/^(?:Name: .*, )?dtype: \w+$/.test(lines[lines.length - 1])) {
    const rows = lines.slice(0, -1).map((l) => l.trim().split(/\s+/));
    if (rows[0]?.length === 1 && /^[A-Za-z_]\w*$/.test(rows[0][0])) rows.shift(); // the index's name
    return rows.length && rows.every((r) => r.length === 2 && r.every((x) => CELL_TOKEN.test(x))) ? 'series' : undefined;
  }
  const header = lines[0].trim().split(/\s+/);
  if (!/^\s/.test(lines[0]) || !header.every((h) => /^[A-Za-z_]\w*$/.test(h) && !/^(?:NaN|True|False)$/.test(h))) return undefined;
  const rows = lines.slice(1).map((l) => l.trim().split(/\s+/));
  return rows.every((r) => r.length === header.length + 1 && r.every((x) => CELL_TOKEN.test(x)) && /^-?\d+$/.test(r[0])) ? 'frame' : undefined;
}
