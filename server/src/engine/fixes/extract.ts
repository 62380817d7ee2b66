// "Extract cells to module": consecutive cells become a function in
// src/<package>/<module>.py, from the dataflow the engine already computes:
// names the cells read from earlier cells become parameters (first use first),
// names they define that later cells (or notebook functions) read become return
// values, imports move with the code, functions and classes move as they are and
// are imported back. What a module cannot run the same way (magics, `global`,
// `eval`/`exec`/`globals()`, definitions reading notebook globals, intermediate
// outputs of a run of cells) is refused with the reason: behaviour never changes
// silently. A kernel oracle (test/oracle/extract.test.ts) holds us to that.
import { isBuiltinOrKernelGlobal } from '../builtins';
import type { CellSummary } from '../cellSummary';
import { annotationFor, annotationImports } from '../knowledge/annotations';
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { buildTest } from './extractTest';

export interface ExtractRequest {
  cells: readonly CellInput[];
  summarize: (source: string) => CellSummary;
  statements: (source: string) => Statement[];
  /** First and last cell index (inclusive); markdown cells in between stay as they are. */
  first: number;
  last: number;
  packageName: string;
  moduleName: string;
  functionName: string;
  /** Current text of src/<package>/<module>.py and tests/test_<module>.py, when they exist. */
  existingModule?: string;
  existingTest?: string;
  notebookName: string;
}

export interface ExtractPlan {
  /** New text for whole cells. */
  cellEdits: { cell: number; newText: string }[];
  /** Text to append to the module (the whole file when it is new). */
  moduleText: string;
  /** Lines to insert at the top of an existing module (imports it lacks), after its docstring and imports. */
  moduleImports: string;
  testText: string;
  functionName: string;
  params: string[];
  returns: string[];
  movedDefinitions: string[];
  /** The generated test checks saved values; false: it is marked for the user to complete and fails until then. */
  testComplete: boolean;
}

export type ExtractResult = ExtractPlan | { refused: string };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function toIdentifier(name: string, fallback: string): string {
  const id = name.trim().toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(\d)/, '_$1');
  return IDENT.test(id) && !PY_KEYWORDS.has(id) ? id : fallback;
}

const PY_KEYWORDS = new Set(['false', 'none', 'true', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'type']);

/** Kernel globals a module does not have (`display` it can import from IPython). */
const KERNEL_ONLY = /^(?:In|Out|_+|_i+|_ih|_oh|_dh|__builtin__|get_ipython|__IPYTHON__|_i?\d+)$/;
/** Globals every module has its own value of: the notebook's `__name__` is "__main__", the module's is its dotted name. */
const MODULE_GLOBALS = /^__(?:name|file|doc|spec|loader|package|cached|builtins)__$/;
/** Calls whose meaning depends on the namespace they run in. */
const NAMESPACE_CALLS = /\b(?:eval|exec|globals|locals)\s*\(|\bvars\s*\(\s*\)/;
/** Statements that show something while the cell runs (for cells in the middle of a run). */
const SHOWS_OUTPUT = /\b(?:print|display)\s*\(|\bplt\.|\.plot\b|\.show\s*\(|\.hist\s*\(|\.imshow\s*\(/;
/** A last expression known to evaluate to None: nothing is displayed. */
const SHOWS_NONE = /^(?:print|display)\s*\(|^plt\.show\s*\(|\.show\s*\(\s*\)$/;

/** Names an import statement binds: `import a.b as c` → c, `import a.b` → a, `from m import (x as y, z)` → y, z. */
export function importBindings(text: string): string[] {
  const flat = text.replace(/[()\\\n]/g, ' ');
  const from = /^\s*from\s+\S+\s+import\s+(.*)$/s.exec(flat);
  const parts = (from ? from[1] : flat.replace(/^\s*import\s+/, '')).split(',').map((p) => p.trim()).filter(Boolean);
  return parts.map((p) => {
    const alias = /\bas\s+([A-Za-z_]\w*)$/.exec(p);
    if (alias) return alias[1];
    return from ? p : p.split('.')[0];
  }).filter((n) => IDENT.test(n));
}

/**
 * What an import binds, one entry per name and what it is bound to: `import a.b as c` → `c=a.b`,
 * `import a.b` → `a=a.b` (binds a, loads a.b), `from m import x as y` → `y=m:x`. Two imports
 * are the same when their entries are: `import math as mt` does not provide `import math`.
 */
export function importSpecs(text: string): string[] {
  const flat = text.replace(/#[^\n]*/g, '').replace(/[()\\\n]/g, ' ');
  const from = /^\s*from\s+(\S+)\s+import\s+(.*)$/s.exec(flat);
  const parts = (from ? from[2] : flat.replace(/^\s*import\s+/, '')).split(',').map((p) => p.trim().replace(/\s+/g, ' ')).filter(Boolean);
  return parts.map((p) => {
    const m = /^([\w.*]+)(?: as (\w+))?$/.exec(p);
    if (!m) return p;
    if (from) return `${m[2] ?? m[1]}=${from[1]}:${m[1]}`;
    return m[2] ? `${m[2]}=${m[1]}` : `${m[1].split('.')[0]}=${m[1]}`;
  });
}

/** Does one of `present` (import statements' texts) already bind everything `text` binds, to the same thing? */
export function importPresent(text: string, present: readonly string[]): boolean {
  const have = new Set(present.flatMap(importSpecs));
  return importSpecs(text).every((spec) => have.has(spec));
}

/** Python literal source (numbers, strings, containers of them, True/False/None) with no names in it. */
export function isLiteralSource(text: string): boolean {
  const rest = text
    .replace(/([rRbBuU]{0,2})("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')/g, '0')
    .replace(/\b(?:True|False|None)\b/g, '0')
    .replace(/\b0[xob][0-9a-fA-F_]+/g, '0')
    .replace(/(\d)[eE][+-]?\d/g, '$1');
  return rest.trim() !== '' && !/[A-Za-z_@`$]/.test(rest);
}

/** Source with strings and comments blanked, for keyword checks that must not match inside them. */
export function codeOnly(text: string, fStringFields = false): string {
  const blank = (t: string) => t.replace(/[^\n]/g, ' ');
  return text.replace(/(\b(?:[fF][rR]?|[rR][fF]))?("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|#[^\n]*/g, (m, prefix: string | undefined, literal: string | undefined) => {
    if (literal === undefined) return blank(m);
    // The `{...}` fields of an f-string are code: `f"{eval(e)}"` calls eval.
    if (fStringFields && prefix) return prefix + literal.replace(/\{\{|\}\}|\{[^{}]*\}|[^{}]+|[{}]/g, (part) => (/^\{[^{]/.test(part) ? part : blank(part)));
    return (prefix ?? '') + blank(literal);
  });
}

/** Where new imports go in an existing module: after its imports, else after its docstring. */
export function importInsertionOffset(text: string): number {
  let offset = 0;
  const doc = /^(?:\s*#.*\n)*\s*(?:[rRuU]?"""[\s\S]*?"""|[rRuU]?'''[\s\S]*?''')[^\n]*\n/.exec(text);
  if (doc) offset = doc[0].length;
  const re = /^(?:import|from)\s[^\n]*\n/gm;
  for (const m of text.matchAll(re)) {
    const before = text.slice(0, m.index);
    if (/^(?:def|class|async)\s/m.test(before)) break;
    offset = Math.max(offset, (m.index ?? 0) + m[0].length);
  }
  return offset;
}

export function indent(text: string, keepLines: Set<number>): string {
  return text.split('\n').map((line, i) => (keepLines.has(i) || line.trim() === '' ? line : `    ${line}`)).join('\n');
}

interface Located { cell: number; statement: Statement; startLine: number; endLine: number }

function locate(source: string, statements: Statement[], cell: number): Located[] {
  return statements.map((statement) => ({
    cell, statement,
    startLine: source.slice(0, statement.start).split('\n').length - 1,
    endLine: source.slice(0, statement.end).split('\n').length - 1,
  }));
}

/** Is the statement followed by `;` (IPython then shows nothing)? */
function silenced(source: string, st: Statement): boolean {
  return /^[ \t]*;/.test(source.slice(st.end));
}

export function planExtraction(req: ExtractRequest): ExtractResult {
  const { cells, first, last } = req;
  const selected: number[] = [];
  for (let i = first; i <= last; i++) if (cells[i]?.kind === 'code') selected.push(i);
  if (selected.length === 0) return { refused: 'there is no code cell to extract' };

  // What earlier cells bind, and which of those bindings are imports (to copy, not to pass).
  const boundBefore = new Set<string>();
  const importOf = new Map<string, string[]>();
  for (let i = 0; i < first; i++) {
    if (cells[i].kind !== 'code') continue;
    for (const ev of req.summarize(cells[i].source).events) {
      if (ev.kind !== 'def') continue;
      boundBefore.add(ev.name);
      importOf.delete(ev.name); // rebound: a later import below puts it back
    }
    for (const st of req.statements(cells[i].source)) {
      if (st.kind !== 'import') continue;
      // `import scipy.integrate` and `import scipy.interpolate` both bind `scipy`: keep every one.
      for (const n of importBindings(st.text)) importOf.set(n, [...(importOf.get(n) ?? []).filter((t) => t !== st.text), st.text]);
    }
  }

  const moduleImports: string[] = [];
  const moved: Located[] = [];
  const body: Located[] = [];
  const keptImports = new Map<number, string[]>();
  const localImports = new Set<string>();
  const summaries = new Map<number, CellSummary>();
  const located = new Map<number, Located[]>();
  for (const i of selected) {
    const source = cells[i].source;
    // Names it bound before raising would be missing after the move: the function raises before returning them.
    const error = cells[i].error;
    if (error !== undefined) return { refused: `cell ${i + 1} ends in an error (${error.length > 80 ? `${error.slice(0, 77)}...` : error}): extract it after it runs cleanly` };
    const summary = req.summarize(source);
    summaries.set(i, summary);
    const magic = summary.magics[0];
    if (magic) return { refused: `cell ${i + 1} has IPython syntax (line ${magic.line + 1}) that a module cannot run; remove it first` };
    if (summary.syntaxError) return { refused: `cell ${i + 1} has a syntax error` };
    const code = codeOnly(source);
    const namespaceCall = NAMESPACE_CALLS.exec(codeOnly(source, true));
    if (namespaceCall) return { refused: `cell ${i + 1} calls ${/\w+/.exec(namespaceCall[0])![0]}(), which would see the module's names instead of the notebook's` };
    if (/^\s*(?:global|nonlocal)\s/m.test(code)) return { refused: `cell ${i + 1} uses \`global\`: in a module it would change the module's globals, not the notebook's` };
    if (statementsUse(req.statements(source), /\bawait\b|\byield\b/)) {
      return { refused: `cell ${i + 1} uses top-level \`await\` or \`yield\`, which a plain function cannot run the same way` };
    }
    const here = locate(source, req.statements(source), i);
    located.set(i, here);
    for (const at of here) {
      const st = at.statement;
      if (st.kind === 'import') {
        if (!moduleImports.includes(st.text)) moduleImports.push(st.text);
        for (const n of importBindings(st.text)) localImports.add(n);
        // The import stays in the notebook too when a later cell uses what it binds.
        if (importBindings(st.text).some((n) => usedOutside(req, n))) keptImports.set(i, [...(keptImports.get(i) ?? []), st.text]);
      } else if (st.kind === 'def') {
        moved.push(at);
      } else {
        body.push(at);
      }
    }
    if (summary.events.some((e) => e.kind === 'unknown')) return { refused: `cell ${i + 1} binds names nb2prod cannot see (star import or exec)` };
  }
  const movedNames = new Set(moved.map((m) => m.statement.name!).filter(Boolean));

  // A run of cells becomes one call in the last cell: anything the others show would move there.
  for (const i of selected.slice(0, -1)) {
    const c = cells[i];
    const here = located.get(i)!;
    const tail = here[here.length - 1];
    const displays = tail?.statement.kind === 'expression' && !silenced(c.source, tail.statement);
    if ((c.outputs?.length ?? 0) > 0 || displays || here.some((at) => at.statement.kind !== 'def' && SHOWS_OUTPUT.test(codeOnly(at.statement.text)))) {
      return { refused: `cell ${i + 1} shows output; extracted with the cells after it, that output would move to cell ${selected[selected.length - 1] + 1}. Extract it on its own` };
    }
  }

  // Free names: parameters, imports to copy, or a refusal.
  const params: string[] = [];
  const neededImports: string[] = [];
  const boundHere = new Set<string>();
  const definedInBody: string[] = [];
  const needImport = (texts: readonly string[]) => {
    for (const t of texts) if (!neededImports.includes(t) && !moduleImports.includes(t)) neededImports.push(t);
  };
  const fromTarget = new RegExp(`^from\\s+${req.packageName}\\.${req.moduleName}\\s+import\\b`);
  /** How a name a moved definition or the body reads reaches the module: undefined when it needs a parameter. */
  const reach = (name: string): 'ok' | 'param' | { refused: string } => {
    if (movedNames.has(name) || localImports.has(name)) return 'ok';
    const imported = importOf.get(name);
    if (imported) {
      // A name an earlier extraction put in this very module is already there.
      needImport(imported.filter((t) => !fromTarget.test(t)));
      return 'ok';
    }
    // The notebook's own definition wins over a built-in of the same name (`display`).
    if (boundBefore.has(name)) return 'param';
    if (name === 'display') {
      needImport(['from IPython.display import display']);
      return 'ok';
    }
    if (KERNEL_ONLY.test(name)) return { refused: `the code reads IPython's \`${name}\`, which a module does not have` };
    if (MODULE_GLOBALS.test(name)) return { refused: `the code reads \`${name}\`, which in src/${req.packageName}/${req.moduleName}.py is the module's own (\`__name__\` is no longer "__main__")` };
    if (isBuiltinOrKernelGlobal(name)) return 'ok';
    return 'param';
  };
  const definitionAt = (cell: number, line: number) => moved.find((m) => m.cell === cell && m.startLine <= line && line <= m.endLine);

  for (const i of selected) {
    const summary = summaries.get(i)!;
    for (const ev of summary.events) {
      const owner = ev.kind === 'read' || ev.kind === 'def' ? definitionAt(i, ev.range.start.line) : undefined;
      if (ev.kind === 'def') {
        boundHere.add(ev.name);
        if (!owner && !movedNames.has(ev.name) && !localImports.has(ev.name) && !definedInBody.includes(ev.name)) definedInBody.push(ev.name);
      } else if (ev.kind === 'del' && !boundHere.has(ev.name)) {
        return { refused: `cell ${i + 1} deletes \`${ev.name}\`, which belongs to the notebook` };
      } else if (ev.kind === 'read' && owner) {
        // Decorators, default values, class bodies: they run when the module is imported.
        const how = reach(ev.name);
        if (typeof how === 'object') return how;
        if (how === 'param') return { refused: `\`${owner.statement.name}\` reads the notebook global \`${ev.name}\`; make it a parameter first` };
      } else if (ev.kind === 'read' && !boundHere.has(ev.name) && !params.includes(ev.name)) {
        const how = reach(ev.name);
        if (typeof how === 'object') return how;
        if (how === 'param') params.push(ev.name);
      }
    }
  }
  // Reads that happen later, when a function runs: in moved definitions (methods included) or in lambdas of the body.
  for (const i of selected) {
    for (const read of summaries.get(i)!.deferredReads) {
      const owner = definitionAt(i, read.range.start.line);
      const name = read.name;
      if (owner) {
        if (movedNames.has(name)) continue;
        if (boundHere.has(name) && !localImports.has(name)) return { refused: `\`${owner.statement.name}\` reads the notebook global \`${name}\`; make it a parameter first` };
        const how = reach(name);
        if (typeof how === 'object') return how;
        if (how === 'param') return { refused: `\`${owner.statement.name}\` reads the notebook global \`${name}\`; make it a parameter of \`${owner.statement.name}\` first` };
      } else if (!boundHere.has(name) && !params.includes(name)) {
        const how = reach(name);
        if (typeof how === 'object') return how;
        if (how === 'param') params.push(name);
      }
    }
  }
  const allImports = [...neededImports, ...moduleImports];
  const shown = showsMainModule(req, movedNames, new Set([...movedNames, ...definedInBody]));
  if (shown) return { refused: `${shown}; from src/${req.packageName}/${req.moduleName}.py it would say \`${req.packageName}.${req.moduleName}\` instead` };

  // A notebook function that looks names up by string (`eval("df")`) reads the notebook's globals
  // when it runs: names the body binds would be the wrapper's locals, out of its sight.
  if (definedInBody.length) {
    for (const p of params) {
      const reader = namespaceReader(req, p);
      if (reader) return { refused: `\`${p}\` (cell ${reader.cell + 1}) calls ${reader.call}(), which looks names up in the notebook; in a function, the names cell ${selected[0] + 1} binds would be out of its sight` };
    }
  }

  // Returns: what the body binds that later cells or notebook functions read. A name the
  // notebook had before is passed in too, so a branch that does not bind it keeps the old value.
  const returns = definedInBody.filter((n) => usedOutside(req, n));
  for (const r of returns) if (boundBefore.has(r) && !params.includes(r) && !importOf.has(r)) params.push(r);

  // What the last cell displayed: its last statement, when it is an expression not silenced by `;`.
  const lastCell = selected[selected.length - 1];
  const lastHere = located.get(lastCell)!;
  const tail = lastHere[lastHere.length - 1];
  const ran = cells[lastCell].executionCount != null || cells[lastCell].outputs !== undefined || cells[lastCell].stdout !== undefined;
  let display: Statement | undefined;
  let showName: string | undefined;
  // `print(...)` and IPython's `display(...)` return None; a notebook's own `display` class returns what it shows.
  const tailText = tail?.statement.text.trim() ?? '';
  const showsNone = SHOWS_NONE.test(tailText) && !boundBefore.has(/^(\w+)\s*\(/.exec(tailText)?.[1] ?? '');
  if (tail?.statement.kind === 'expression' && !silenced(cells[lastCell].source, tail.statement) && !showsNone) {
    const text = tail.statement.text.trim();
    if (IDENT.test(text) && (returns.includes(text) || params.includes(text) || (!definedInBody.includes(text) && !movedNames.has(text)))) showName = text;
    else if (!(ran && cells[lastCell].result === undefined)) display = tail.statement;
  }

  // Names: unique within the module, identifiers everywhere.
  const baseName = toIdentifier(req.functionName, 'extracted');
  let functionName = baseName;
  const existing = req.existingModule ?? '';
  const definedInModule = (n: string) => new RegExp(`^(?:def|class|async\\s+def)\\s+${n}\\b|^${n}\\s*=`, 'm').test(existing);
  for (const m of movedNames) if (definedInModule(m)) return { refused: `\`${m}\` already exists in ${req.moduleName}.py; rename one of them first` };
  // A function named like a variable of the notebook would be shadowed by it (`clean = clean(raw)`).
  const inNotebook = (n: string) => boundBefore.has(n) || boundHere.has(n) || params.includes(n) || usedOutside(req, n);
  const stem = body.length > 0 && inNotebook(baseName) ? `make_${baseName}` : baseName;
  functionName = stem;
  if (body.length > 0) for (let n = 2; definedInModule(functionName) || movedNames.has(functionName) || inNotebook(functionName); n++) functionName = `${stem}_${n}`;

  // Annotations where the code makes the type certain; nothing where it does not.
  const typeOf = (name: string, upTo: number): string | undefined => annotationFor(assignedValue(req, name, upTo), allImports, importOf);
  const paramTypes = params.map((p) => typeOf(p, first));
  const results = [...returns, ...(display ? ['_shown'] : [])];
  const returnTypes = results.map((r) => (r === '_shown' ? undefined : typeOf(r, last + 1)));

  // The function.
  let functionText = '';
  if (body.length > 0) {
    const lines: string[] = [];
    for (const at of body) {
      const st = at.statement;
      if (showName && st === tail.statement) continue; // the notebook shows it after the call
      if (st !== display && st.kind === 'expression' && selected.indexOf(at.cell) < selected.length - 1 && /^[\w.]+$/.test(st.text.trim())) continue; // a name alone does nothing
      const text = st === display ? `_shown = ${st.text}` : st.text;
      lines.push(indent(text, multilineStringLines(summaries.get(at.cell)!, cells[at.cell].source, st)));
    }
    if (results.length) lines.push(`    return ${results.join(', ')}`);
    const signature = params.map((p, n) => (paramTypes[n] ? `${p}: ${paramTypes[n]}` : p)).join(', ');
    const returnAnnotation = returnTypes.length && returnTypes.every(Boolean)
      ? ` -> ${returnTypes.length === 1 ? returnTypes[0] : `tuple[${returnTypes.join(', ')}]`}` : '';
    const doc = docstring(req, selected, params, paramTypes, results, returnTypes);
    functionText = `def ${functionName}(${signature})${returnAnnotation}:\n${doc}${lines.join('\n')}\n`;
  }
  const typesUsed = [...paramTypes, ...returnTypes].filter((t): t is string => t !== undefined);
  for (const imp of annotationImports(typesUsed, importOf)) if (!allImports.includes(imp)) allImports.push(imp);
  const movedText = moved.map((m) => `${m.statement.text}\n`).join('\n\n');
  const pieces = [movedText, functionText].filter(Boolean);
  const fresh = req.existingModule === undefined;
  const importsText = allImports.length ? `${allImports.join('\n')}\n` : '';
  const moduleText = fresh
    ? `"""${req.moduleName.replace(/_/g, ' ')}: extracted from ${req.notebookName} by nb2prod."""\nfrom __future__ import annotations\n${importsText ? `\n${importsText}` : ''}\n\n${pieces.join('\n\n')}`
    : `${existing.endsWith('\n') ? '' : '\n'}\n\n${pieces.join('\n\n')}`;
  // Compared by what they bind, not by text: `import math as mt` in the module does not provide `import math`.
  const existingImports = fresh ? [] : req.statements(existing).filter((st) => st.kind === 'import').map((st) => st.text);
  const missingImports = fresh ? '' : allImports.filter((i) => !importPresent(i, existingImports)).map((i) => `${i}\n`).join('');

  // The notebook: the last selected cell imports and calls; the others say where their code went.
  const importNames = [...(body.length ? [functionName] : []), ...movedNames];
  const modulePath = `src/${req.packageName}/${req.moduleName}.py`;
  const call = `${functionName}(${params.join(', ')})`;
  let callText = '';
  if (body.length) {
    if (returns.length && display) callText = `${returns.join(', ')}, _shown = ${call}\n_shown`;
    else if (returns.length) callText = `${returns.join(', ')} = ${call}`;
    else callText = call; // returns what it displayed, or None, which shows nothing
  }
  if (showName) callText = `${callText}\n${showName}`.trimStart();
  const cellEdits = selected.map((i, n) => {
    const kept = (keptImports.get(i) ?? []).map((t) => `${t}\n`).join('');
    if (n < selected.length - 1) return { cell: i, newText: `${kept}# Moved to ${modulePath}` };
    return { cell: i, newText: `${kept}from ${req.packageName}.${req.moduleName} import ${importNames.join(', ')}\n${callText}`.trimEnd() };
  });

  const test = buildTest(req, {
    functionName: body.length ? functionName : undefined, params, results, movedNames: [...movedNames], selected,
    displayed: display !== undefined, shownResult: showName && returns.includes(showName) ? showName : undefined, moduleImports: allImports, importOf, boundBefore,
  });
  return {
    cellEdits, moduleText, moduleImports: missingImports, testText: test.text, functionName, params, returns,
    movedDefinitions: [...movedNames], testComplete: test.complete,
  };
}

function statementsUse(statements: Statement[], re: RegExp): boolean {
  return statements.some((s) => s.kind !== 'def' && re.test(codeOnly(s.text)));
}

/**
 * Where the notebook shows that a name of the selection lives in `__main__` (what a moved
 * function, class or instance looks like: `<function __main__.f(x)>`, `<__main__.Foo at 0x…>`,
 * "Help on function f in module __main__", `f.__module__`): that output would change.
 * Saved outputs are the evidence; without them, the code that shows it (a bare moved name
 * displayed, `help(f)`, `f.__module__`).
 */
function showsMainModule(req: ExtractRequest, moved: ReadonlySet<string>, names: ReadonlySet<string>): string | undefined {
  if (names.size === 0) return undefined;
  for (let i = req.first; i < req.cells.length; i++) {
    const c = req.cells[i];
    if (c.kind !== 'code') continue;
    for (const text of [...(c.outputs ?? []), c.result ?? '']) {
      for (const m of text.matchAll(/__main__\.(\w+)|\b(?:function|class|method) (\w+) in module __main__\b/g)) {
        const name = m[1] ?? m[2];
        if (names.has(name)) return `cell ${i + 1} shows \`${m[0]}\``;
      }
    }
    if (moved.size === 0) continue;
    const code = codeOnly(c.source);
    const last = req.statements(c.source).at(-1);
    for (const name of moved) {
      if (new RegExp(`\\bhelp\\(\\s*${name}\\b`).test(code)) return `cell ${i + 1} shows \`help(${name})\`, which names the module \`${name}\` is in`;
      if (new RegExp(`\\b${name}\\.__module__\\b`).test(code)) return `cell ${i + 1} reads \`${name}.__module__\``;
      if (last?.kind === 'expression' && last.text.trim() === name && !silenced(c.source, last)) {
        return `cell ${i + 1} displays \`${name}\`, which IPython shows as \`__main__.${name}\``;
      }
    }
  }
  return undefined;
}

/** The last function or class an earlier cell defines as `name`, when its code calls eval, exec, globals() or locals(). */
function namespaceReader(req: ExtractRequest, name: string): { cell: number; call: string } | undefined {
  let found: { cell: number; call: string } | undefined;
  for (let i = 0; i < req.first; i++) {
    if (req.cells[i].kind !== 'code' || !req.cells[i].source.includes(name)) continue;
    for (const st of req.statements(req.cells[i].source)) {
      if (st.kind !== 'def' || st.name !== name) continue;
      const call = NAMESPACE_CALLS.exec(codeOnly(st.text, true));
      found = call ? { cell: i, call: /\w+/.exec(call[0])![0] } : undefined;
    }
  }
  return found;
}

/** Does any cell outside the selection read `name`: a later cell, or a function defined anywhere? */
function usedOutside(req: ExtractRequest, name: string): boolean {
  for (let i = 0; i < req.cells.length; i++) {
    const c = req.cells[i];
    if (c.kind !== 'code' || (i >= req.first && i <= req.last)) continue;
    const summary = req.summarize(c.source);
    if (summary.deferredReads.some((r) => r.name === name)) return true;
    if (i < req.first) continue;
    for (const ev of summary.events) {
      if (ev.kind === 'def' && ev.name === name) break; // rebound before any read
      if (ev.kind === 'read' && ev.name === name) return true;
    }
  }
  return false;
}

/** The source of the last plain assignment `name = value` before cell `before`; undefined when something else binds it later. */
export function assignedValue(req: ExtractRequest, name: string, before: number): string | undefined {
  let found: string | undefined;
  const word = new RegExp(`\\b${name}\\b`);
  const plain = new RegExp(`^${name}\\s*=(?!=)\\s*([\\s\\S]+)$`);
  for (let i = 0; i < before && i < req.cells.length; i++) {
    const c = req.cells[i];
    if (c.kind !== 'code' || !word.test(c.source)) continue;
    for (const st of req.statements(c.source)) {
      if (!word.test(st.text)) continue;
      const m = plain.exec(st.text);
      if (m) found = m[1].trim();
      else if (req.summarize(st.text).events.some((e) => (e.kind === 'def' || e.kind === 'mutate' || e.kind === 'del') && e.name === name)) found = undefined;
    }
  }
  return found;
}

/** The markdown paragraph right above the first cell, Args and Returns, and where the code came from. */
function docstring(req: ExtractRequest, selected: number[], params: string[], paramTypes: (string | undefined)[], results: string[], returnTypes: (string | undefined)[]): string {
  const above = req.cells[req.first - 1];
  const lines: string[] = [];
  if (above?.kind === 'markdown') {
    const prose = above.source.replace(/```[\s\S]*?```/g, '').split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p && !p.startsWith('#') && !/^[<!|]/.test(p));
    if (prose[0]) lines.push(...prose[0].replace(/"""/g, "'''").replace(/\\/g, '\\\\').split('\n').map((l) => l.trim()));
  }
  const where = selected.length === 1 ? `cell ${selected[0] + 1}` : `cells ${selected[0] + 1}-${selected[selected.length - 1] + 1}`;
  if (lines.length === 0) lines.push(`Code from ${where} of ${req.notebookName}.`);
  if (params.length) lines.push('', 'Args:', ...params.map((p, n) => `    ${p}${paramTypes[n] ? ` (${paramTypes[n]})` : ''}: as the notebook had it before ${where}.`));
  if (results.length) lines.push('', 'Returns:', ...results.map((r, n) => (r === '_shown' ? '    The value the cell displayed.' : `    ${r}${returnTypes[n] ? ` (${returnTypes[n]})` : ''}: read by later cells.`)));
  lines.push('', `Extracted by nb2prod from ${req.notebookName}, ${where}.`);
  return `    """${lines.map((l, n) => (n === 0 || l === '' ? l : `    ${l}`)).join('\n')}\n    """\n`;
}

/** Lines of a statement (relative to it) that start inside a multi-line string: indenting them would change the string. */
export function multilineStringLines(summary: CellSummary, source: string, statement: Statement): Set<number> {
  const startLine = source.slice(0, statement.start).split('\n').length - 1;
  const keep = new Set<number>();
  for (const s of summary.strings) {
    if (s.range.end.line <= s.range.start.line) continue;
    for (let l = s.range.start.line + 1; l <= s.range.end.line; l++) keep.add(l - startLine);
  }
  return keep;
}

/**
 * Default module and function names: the markdown heading right above the first
 * cell when it is short (never a line of fenced code), else what the code computes
 * (the names later cells read from it, the call it wraps, its first definition),
 * else the notebook's name.
 */
export function suggestNames(
  cells: readonly CellInput[], first: number, last: number, notebookName: string,
  summarize: (source: string) => CellSummary, statements: (source: string) => Statement[],
): { moduleName: string; functionName: string } {
  const stem = toIdentifier(notebookName.replace(/\.(ipynb|py)$/, ''), 'notebook');
  const above = cells[first - 1];
  if (above?.kind === 'markdown') {
    const heading = [...above.source.replace(/^(`{3,}|~{3,})[\s\S]*?^\1/gm, '').matchAll(/^#{1,6}\s+(.+)$/gm)].at(-1)?.[1];
    const words = heading?.replace(/[`*_]/g, '').trim().split(/\s+/) ?? [];
    const name = words.length && words.length <= 5 ? toIdentifier(words.join(' '), '') : '';
    if (name) return { moduleName: name, functionName: name };
  }
  const req = { cells, first, last, summarize, statements } as unknown as ExtractRequest;
  const assigned: string[] = [];
  let def: string | undefined;
  let wrapped: string | undefined;
  for (let i = first; i <= last; i++) {
    if (cells[i]?.kind !== 'code') continue;
    for (const st of statements(cells[i].source)) {
      if (st.kind === 'def') def ??= st.name;
      const target = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(st.text)?.[1];
      if (target && !assigned.includes(target)) assigned.push(target);
      const callee = /^(?:[A-Za-z_]\w*\s*=\s*)?(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\s*\(/.exec(st.text)?.[1];
      if (callee && st.kind !== 'def') wrapped = callee;
    }
  }
  const returned = assigned.filter((n) => usedOutside(req, n));
  const onlyDefs = cells.slice(first, last + 1).every((c) => c.kind !== 'code' || statements(c.source).every((s) => s.kind === 'def' || s.kind === 'import'));
  let fn: string | undefined;
  if (onlyDefs && def) fn = def;
  else if (returned.length) fn = `make_${returned.slice(0, 2).join('_and_')}`;
  else if (wrapped && !['print', 'display', 'len'].includes(wrapped)) fn = `run_${wrapped}`;
  const functionName = toIdentifier(fn ?? '', `${stem}_cell${first + 1}`);
  return { moduleName: def && onlyDefs ? toIdentifier(def, stem) : stem, functionName };
}
