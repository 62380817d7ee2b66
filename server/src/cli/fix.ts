// `check --fix` and `check --diff`: the safe fixes, planned by the same code actions
// the editor offers (lsp/codeActions.ts), applied to files on disk instead of open
// documents. Safe means the fix keeps what the code computes and only moves or removes
// what must not be in the file:
//   NB204  clear the outputs of a cell that show a secret;
//   NB203  read a secret from the environment (os.environ["NAME"], NAME= in .env.example);
//   NB402  declare an undeclared dependency in requirements.txt or pyproject.toml.
// Not applied: NB107's "declare the dependency" also deletes the `!pip install` line (the
// notebook then no longer installs it), and moves to configuration or modules create new
// files whose names a person should choose. They stay quick fixes in the editor.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine } from '../engine/analyze';
import type { RuleConfig } from '../engine/config';
import { loadText, toFileRange } from '../engine/files';
import type { PercentCell } from '../engine/percent';
import { findProjectRoot } from '../engine/projectConfig';
import type { CellInput, Finding, Range } from '../engine/types';
import { CodeActions, IGNORE_KIND, type NotebookView } from '../lsp/codeActions';
import { maskLine } from './format';
import { rewriteCells } from './notebookText';
import { unifiedDiff } from './unifiedDiff';

export const FIXABLE = new Set(['NB203', 'NB204', 'NB402']);
/** Fixes move text, so findings are recomputed between passes; a fix that keeps coming back stops here. */
const MAX_PASSES = 10;
const CELL_SCHEME = 'nb2prod-cell:';

/** Analyses a file's current text (not yet on disk) as if it were at `file`. */
export type Reanalyze = (file: string, text: string) => Finding[];

export interface FixedFile {
  /** As the report shows it (relative to the working folder when inside it). */
  shown: string;
  /** Undefined when the fix creates the file. */
  before: string | undefined;
  after: string;
  /** For notebooks: the cells whose source changed or whose outputs were cleared. */
  cells?: { index: number; before: string; after: string; clearedOutputs: number }[];
}

export interface FixResult {
  files: FixedFile[];
  /** One line per fix applied: `path:cell N: NB203 Read secret from the environment (API_KEY)`. */
  applied: string[];
  /** Files whose findings could not be fixed, with the reason (nbformat 3, invalid JSON). */
  skipped: string[];
  /** The secrets the fixes took out of the source: masked wherever a diff would show them. */
  secrets: string[];
}

interface NotebookState {
  kind: 'ipynb';
  json: { cells: Record<string, unknown>[] } & Record<string, unknown>;
  indent: string;
  cells: CellInput[];
  original: string[];
  cleared: Map<number, number>;
}

interface ScriptState {
  kind: 'percent';
  cells: PercentCell[];
}

/** Project files (and scripts) as the fixes leave them, before anything is written. */
class Overlay {
  readonly texts = new Map<string, string>();
  readonly originals = new Map<string, string | undefined>();

  read(file: string): string | undefined {
    if (this.texts.has(file)) return this.texts.get(file);
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  write(file: string, text: string): void {
    if (!this.originals.has(file)) this.originals.set(file, this.read(file));
    this.texts.set(file, text);
  }

  document(uri: string): TextDocument | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const file = fileURLToPath(uri);
    return this.texts.has(file) ? TextDocument.create(uri, 'plaintext', 0, this.texts.get(file)!) : undefined;
  }
}

function detectIndent(raw: string): string {
  return /^\{\r?\n([ \t]+)"/.exec(raw)?.[1] ?? ' ';
}

/** The cell source as the notebook stored it: a list of lines when it was one, else a string. */
function storedSource(previous: unknown, text: string): string | string[] {
  return Array.isArray(previous) ? (text === '' ? [] : text.split(/(?<=\n)/)) : text;
}

function serializeNotebook(state: NotebookState, raw: string): string {
  const changed = new Set<number>();
  state.cells.forEach((cell, i) => {
    if (cell.source !== state.original[i]) {
      state.json.cells[i].source = storedSource(state.json.cells[i].source, cell.source);
      changed.add(i);
    }
    if (state.cleared.has(i)) {
      // The execution count stays, as in JupyterLab's "Clear Outputs": the cell did run.
      state.json.cells[i].outputs = [];
      changed.add(i);
    }
  });
  return rewriteCells(raw, state.json, changed, state.indent);
}

function applyEdits(text: string, edits: TextDocumentEdit['edits']): string {
  // The code actions write plain text edits only (no snippets).
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'plaintext', 0, text), edits.filter((e): e is TextEdit => 'newText' in e));
}

export class Fixer {
  readonly overlay = new Overlay();
  private readonly actions: CodeActions;
  readonly applied: string[] = [];
  readonly skipped: string[] = [];
  private readonly secrets = new Set<string>();
  private readonly notebooks = new Map<string, { shown: string; state: NotebookState; raw: string }>();

  constructor(engine: Engine, private readonly reanalyze: Reanalyze) {
    this.actions = new CodeActions(engine, (uri) => this.overlay.document(uri), () => undefined);
  }

  /** Fix what can be fixed among a file's findings (as the check reported them). */
  fixFile(full: string, shown: string, kind: 'ipynb' | 'percent' | 'file' | 'unreadable', findings: Finding[], config: RuleConfig): void {
    if (!findings.some((f) => FIXABLE.has(f.code))) return;
    const root = findProjectRoot(path.dirname(full));
    const roots = { workspaceRoot: root, projectRoot: root };
    if (kind === 'file' || kind === 'unreadable') {
      this.projectFixes(roots, shown, findings);
      return;
    }
    const raw = this.overlay.read(full) ?? '';
    let state: NotebookState | ScriptState;
    if (kind === 'ipynb') {
      let json: NotebookState['json'];
      try {
        json = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
      } catch {
        this.skipped.push(`${shown}: not valid JSON`);
        return;
      }
      const loaded = loadText(full, raw);
      if (json.nbformat !== 4 || loaded.kind !== 'ipynb' || !Array.isArray(json.cells) || json.cells.length !== loaded.notebook.cells.length) {
        this.skipped.push(`${shown}: only nbformat 4 notebooks are fixed (convert it with jupyter nbconvert --to notebook --nbformat 4)`);
        return;
      }
      const cells = loaded.notebook.cells;
      state = { kind: 'ipynb', json, indent: detectIndent(raw), cells, original: cells.map((c) => c.source), cleared: new Map() };
      this.notebooks.set(full, { shown, state, raw });
    } else {
      const loaded = loadText(full, raw);
      if (loaded.kind !== 'percent') return;
      state = { kind: 'percent', cells: loaded.notebook.cells };
    }

    let current = findings;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const changed = this.pass(full, shown, state, current, config, roots);
      if (!changed) break;
      const text = state.kind === 'ipynb' ? serializeNotebook(state, raw) : this.overlay.read(full)!;
      if (state.kind === 'percent') {
        const loaded = loadText(full, text);
        if (loaded.kind !== 'percent') break;
        state.cells = loaded.notebook.cells;
      }
      current = this.reanalyze(full, text);
    }
    if (state.kind === 'ipynb') {
      const text = serializeNotebook(state, raw);
      if (text !== raw) this.overlay.write(full, text);
    }
  }

  /** One fix per cell (their ranges shift once a cell changes), every project-file fix. */
  private pass(full: string, shown: string, state: NotebookState | ScriptState, findings: Finding[], config: RuleConfig, roots: { workspaceRoot: string; projectRoot: string }): boolean {
    let changed = false;
    const uri = pathToFileURL(full).toString();
    const cellLabel = (cell: number) => state.kind === 'ipynb' ? `${shown}:cell ${cell + 1}` : `${shown}:${toFileRange(state.cells, { cell, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }).start.line + 1}`;
    const locate = (cell: number, range: Range) => state.kind === 'ipynb'
      ? { uri: `${CELL_SCHEME}${cell}`, range, version: null }
      : { uri, range: toFileRange(state.cells, { cell, range }), version: null };
    const touched = new Set<number>();
    for (const f of findings) {
      if (f.code === 'NB204' && state.kind === 'ipynb' && !state.cleared.has(f.cell)) {
        const outputs = state.json.cells[f.cell]?.outputs;
        state.cleared.set(f.cell, Array.isArray(outputs) ? outputs.length : 0);
        state.cells[f.cell] = { ...state.cells[f.cell], outputs: undefined, result: undefined, stdout: undefined };
        this.applied.push(`${cellLabel(f.cell)}: NB204 Clear outputs of this cell`);
        changed = true;
      } else if (f.code === 'NB203' && f.cell >= 0 && !touched.has(f.cell)) {
        const view: NotebookView = { file: full, ...roots, cells: state.cells, cell: f.cell, locate, notebookUri: uri };
        const diagnostic: Diagnostic = { range: locate(f.cell, f.range).range, code: f.code, source: 'nb2prod', message: f.message, data: f.data };
        const action = this.actions.provide(view, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: [CodeActionKind.QuickFix] } }, config)
          .find((a) => a.kind !== IGNORE_KIND && a.edit && a.diagnostics?.includes(diagnostic));
        const literal = state.cells[f.cell].source.split('\n')[f.range.start.line]?.slice(f.range.start.character, f.range.start.line === f.range.end.line ? f.range.end.character : undefined);
        if (action && this.apply(action, state)) {
          if (literal) this.secrets.add(/^[A-Za-z]{0,2}(['"]{1,3})([^]*?)\1$/.exec(literal)?.[2] ?? literal);
          touched.add(f.cell);
          this.applied.push(`${cellLabel(f.cell)}: NB203 ${action.title}`);
          changed = true;
        }
      }
    }
    if (this.projectFixes(roots, shown, findings)) changed = true;
    return changed;
  }

  private projectFixes(roots: { workspaceRoot: string; projectRoot: string }, shown: string, findings: Finding[]): boolean {
    let changed = false;
    for (const f of findings.filter((x) => x.code === 'NB402')) {
      const diagnostic: Diagnostic = { range: f.range, code: f.code, source: 'nb2prod', message: f.message, data: f.data };
      const action = this.actions.projectFixes(roots, [diagnostic]).find((a) => a.kind !== IGNORE_KIND && a.edit);
      if (action && this.apply(action, undefined)) {
        this.applied.push(`${shown}: NB402 ${action.title}`);
        changed = true;
      }
    }
    return changed;
  }

  /** Apply a code action's edit to the cells and the overlay; false when it changes nothing. */
  private apply(action: CodeAction, state: NotebookState | ScriptState | undefined): boolean {
    let changed = false;
    for (const change of (action.edit as WorkspaceEdit).documentChanges ?? []) {
      if ('kind' in change) {
        if (change.kind !== 'create') return false; // renames and deletes are never safe fixes
        continue; // the text edit that follows fills the new file
      }
      const uri = change.textDocument.uri;
      if (uri.startsWith(CELL_SCHEME)) {
        if (state?.kind !== 'ipynb') return false;
        const cell = Number(uri.slice(CELL_SCHEME.length));
        const after = applyEdits(state.cells[cell].source, change.edits);
        if (after !== state.cells[cell].source) changed = true;
        state.cells[cell] = { ...state.cells[cell], source: after };
      } else {
        const file = fileURLToPath(uri);
        const before = this.overlay.read(file) ?? '';
        const after = applyEdits(before, change.edits);
        if (after !== before || this.overlay.read(file) === undefined) {
          this.overlay.write(file, after);
          changed = true;
        }
      }
    }
    return changed;
  }

  result(cwd: string): FixResult {
    const files: FixedFile[] = [];
    for (const [file, after] of this.overlay.texts) {
      const before = this.overlay.originals.get(file);
      if (before === after) continue;
      const notebook = this.notebooks.get(file);
      const shown = notebook?.shown ?? (path.relative(cwd, file).startsWith('..') ? file : path.relative(cwd, file));
      const cells = notebook?.state.cells.flatMap((c, index) => {
        const cleared = notebook.state.cleared.get(index);
        return c.source !== notebook.state.original[index] || cleared !== undefined
          ? [{ index, before: notebook.state.original[index], after: c.source, clearedOutputs: cleared ?? 0 }]
          : [];
      });
      files.push({ shown, before, after, cells });
    }
    return { files, applied: this.applied, skipped: this.skipped, secrets: [...this.secrets] };
  }
}

/** `--diff`: notebooks cell by cell (their JSON is not what a person reads), other files as unified diffs. */
export function formatDiff(result: FixResult): string {
  const parts: string[] = [];
  for (const f of result.files) {
    if (f.cells) {
      for (const c of f.cells) {
        parts.push(unifiedDiff(c.before, c.after, `a/${f.shown}:cell ${c.index + 1}`, `b/${f.shown}:cell ${c.index + 1}`));
        if (c.clearedOutputs) parts.push(`${f.shown}:cell ${c.index + 1}: ${c.clearedOutputs} output${c.clearedOutputs === 1 ? '' : 's'} cleared\n`);
      }
    } else {
      parts.push(unifiedDiff(f.before ?? '', f.after, f.before === undefined ? '/dev/null' : `a/${f.shown}`, `b/${f.shown}`));
    }
  }
  // A diff goes to CI logs: the removed secret shows as the report shows it, ****abcd.
  return parts.filter(Boolean).join('').split('\n').map((line) => {
    const spans: [number, number][] = [];
    for (const secret of result.secrets) for (let i = line.indexOf(secret); i >= 0; i = line.indexOf(secret, i + 1)) spans.push([i, i + secret.length]);
    return maskLine(line, spans).text;
  }).join('\n');
}

/** `--fix`: write every changed file; a file is replaced through a temporary copy, so a failed write loses nothing. */
export function writeFixes(fixer: Fixer): void {
  for (const [file, text] of fixer.overlay.texts) {
    if (fixer.overlay.originals.get(file) === text) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.nb2prod-fix.tmp`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  }
}
