// The notebook as the export sees it: sections (a markdown heading and the cells up
// to the next one) and what each code cell is for: setup (imports, configuration,
// secrets from the environment), display (plots, prints, a frame's head: exploration
// that stays in the notebook), or code (what becomes functions).
import type { CellSummary } from '../cellSummary';
import { codeOnly, importBindings, toIdentifier } from '../fixes/extract';
import type { Statement } from '../statements';
import type { CellInput } from '../types';

export interface Section {
  title: string;
  /** A Python name for the section's module. */
  module: string;
  /** Every cell of the section, the heading cell included. */
  cells: number[];
}

/** setup and display cells stay in the notebook, and so do kept ones (with the reason); code becomes functions. */
export type CellRole = 'setup' | 'display' | 'code' | 'kept' | 'empty';

/** The last heading of a markdown cell, never a line of fenced code. */
export function headingOf(markdown: string): string | undefined {
  const text = markdown.replace(/^(`{3,}|~{3,})[\s\S]*?^\1/gm, '');
  return [...text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].at(-1)?.[1].replace(/[`*_]/g, '').trim() || undefined;
}

/** A heading's leading number: `1.`, `2.1`, `3)`, `4:`. */
export const NUMBERING = /^(?:\d+(?:\.\d+)*[.):]?\s*)+/;

export function sectionsOf(cells: readonly CellInput[], notebookStem: string): Section[] {
  const stem = toIdentifier(notebookStem, 'notebook');
  const sections: Section[] = [];
  let current: Section = { title: '(before the first heading)', module: stem, cells: [] };
  cells.forEach((cell, i) => {
    const heading = cell.kind === 'markdown' ? headingOf(cell.source) : undefined;
    if (heading) {
      if (current.cells.length) sections.push(current);
      // Its numbering (`## 2.1 Load data`) is no part of the name; a heading that is only a number names nothing.
      const words = heading.replace(NUMBERING, '').split(/\s+/).slice(0, 5).join(' ');
      const module = toIdentifier(words, stem);
      current = { title: heading, module: /[a-z]/.test(module) ? module : stem, cells: [] };
    }
    current.cells.push(i);
  });
  if (current.cells.length) sections.push(current);
  return sections;
}

/** `NAME = CONFIG["key"]`, `CONFIG = load_config("x")`, `NAME = os.environ[...]` / `os.getenv(...)`. */
export const SETUP_ASSIGNMENT = /^[A-Za-z_]\w*\s*=\s*(?:CONFIG\[\s*["'][\w-]+["']\s*\]|load_config\(\s*["'][\w-]+["']\s*\)|os\.environ(?:\[[^\]\n]+\]|\.get\([^()\n]*\))|os\.getenv\([^()\n]*\))$/;
/** Expressions that only show something: the cell's outputs are all they make. */
const SHOWS = /^(?:print|display)\s*\(|^(?:plt|sns)\.|\.(?:plot|hist|imshow|scatter|bar|barh|boxplot|show|head|tail|describe|info|value_counts|corr)\s*\(|^[\w.]+(?:\[[^\]\n]*\])*$|^len\(/;
/** `fig, ax = plt.subplots()`: a figure made only to be shown. */
const PLOT_SETUP = /^[A-Za-z_][\w, ]*=\s*plt\.(?:subplots|figure|gca|gcf)\(/;
const PLOT_CALL = /^(?:fig|ax|axes|axs|ax\d)\b[\w.\[\]]*\.\w+\(/;
/** Calls that change state even inside a print: they are code, not display. */
const ACTS = /\b(?:fit\w*|seed|pop|append|extend|update|remove|insert|write\w*|to_\w+|save\w*|random|shuffle|sample|next|send|close)\s*\(/;

/**
 * Where Python finds modules: a section's module imports what all its functions need
 * when the notebook first imports it, which can be before this cell ran (a real
 * notebook's `sys.path.insert(0, "..")` then `from helpers import …` failed so).
 */
const IMPORT_PATH = /\bsys\.path\s*(?:\.\s*(?:insert|append|extend)\s*\(|\+?=(?!=))|\bsite\.addsitedir\s*\(/;

/** One path change the pipeline can make too: a string literal inserted at the front of sys.path or appended. */
const PATH_CHANGE = /^sys\.path\.(insert\(\s*0\s*,|append\()\s*(?:os\.path\.abspath\(\s*)?(["'])([^"'\\\n]+)\2\s*\)?\s*\)$/;

/**
 * The sys.path changes of a cell kept for them (`sys.path.insert(0, "..")`), folders as written
 * (relative ones are relative to the notebook's folder, where Jupyter runs it); undefined when
 * the cell does anything else, or changes the path in a way the pipeline cannot repeat.
 */
export function importPathChanges(statements: Statement[]): { insert: boolean; folder: string }[] | undefined {
  const changes: { insert: boolean; folder: string }[] = [];
  for (const st of statements) {
    if (st.kind === 'import') continue;
    const m = PATH_CHANGE.exec(st.text.replace(/\s+#[^"'\n]*$/, '').trim());
    if (!m) return undefined;
    changes.push({ insert: m[1].startsWith('insert'), folder: m[3] });
  }
  return changes.length ? changes : undefined;
}

export function cellRole(cell: CellInput, summary: CellSummary, statements: Statement[]): { role: CellRole; why?: string } {
  if (cell.kind !== 'code') return { role: 'empty' };
  if (statements.length === 0 && summary.magics.length === 0) return { role: 'empty' };
  const code = statements.map((s) => codeOnly(s.text)).join('\n');
  if (IMPORT_PATH.test(code)) return { role: 'kept', why: 'it changes where Python finds modules (sys.path); an extracted module would import before that change' };
  if (summary.magics.length === 0 && statements.every((s) => s.kind === 'import' || SETUP_ASSIGNMENT.test(s.text.trim()))) {
    return { role: 'setup', why: 'imports and configuration, read again by the pipeline' };
  }
  if (summary.magics.length > 0) {
    // Magics stay in the notebook; the imports and configuration beside them are setup.
    const setup = statements.filter((s) => s.kind === 'import' || SETUP_ASSIGNMENT.test(s.text.trim()));
    const allowed = new Set(setup.flatMap((s) => (s.kind === 'import' ? importBindings(s.text) : [/^\w+/.exec(s.text.trim())![0]])));
    const quiet = statements.every((s) => setup.includes(s) || (s.kind === 'expression' && !ACTS.test(codeOnly(s.text))));
    if (quiet && !summary.events.some((e) => (e.kind === 'def' && !allowed.has(e.name)) || e.kind === 'mutate' || e.kind === 'del' || e.kind === 'unknown')) {
      return { role: setup.length ? 'setup' : 'display', why: `IPython magics (${summary.magics.map((m) => m.name).join(', ')}), which only the notebook runs` };
    }
  }
  const plotNames = new Set(statements.filter((s) => PLOT_SETUP.test(s.text.trim())).flatMap((s) => s.text.split('=')[0].split(',').map((n) => n.trim())));
  const showsOnly = statements.length > 0 && statements.every((s) => s.kind === 'import' || plotNames.size > 0 && PLOT_SETUP.test(s.text.trim())
    || (s.kind === 'expression' && (SHOWS.test(codeOnly(s.text).trim()) || PLOT_CALL.test(s.text.trim())) && !ACTS.test(codeOnly(s.text))));
  if (showsOnly && !summary.events.some((e) => (e.kind === 'def' && !plotNames.has(e.name)) || e.kind === 'mutate' || e.kind === 'del')) {
    return { role: 'display', why: /plt\.|sns\.|\.plot|\.hist|imshow|scatter|\.bar/.test(cell.source) || plotNames.size ? 'a plot' : 'a display (exploration)' };
  }
  return { role: 'code' };
}
