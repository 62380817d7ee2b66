// Quick fixes for the nb2prod diagnostics. The engine plans each fix (pure); this
// module finds the literal behind a diagnostic and turns the plan into a single
// WorkspaceEdit over cells and project files.
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine } from '../engine/analyze';
import type { NumberLiteral, StringLiteral } from '../engine/cellSummary';
import { classifyConfigNumber, classifyConfigString } from '../engine/detectors/hardcodedConfig';
import type { RuleConfig } from '../engine/config';
import { pipInstallRequirements, pyprojectInsertion, requirementsAddition } from '../engine/fixes/declareDependency';
import { configName, LOADER_FILE, LOADER_SOURCE, planMoveToConfig, type LiteralTarget } from '../engine/fixes/moveToConfig';
import { envExampleAddition, planSecretToEnv } from '../engine/fixes/secretToEnv';
import { BRIEF_FILE, briefTemplate } from '../engine/brief/template';
import { EVAL_GATE_SOURCE, planEvalCase } from '../engine/fixes/evalCase';
import { upsertCase } from '../engine/evals/caseFormat';
import { planLlmEvalCases } from '../engine/evals/plan';
import { importInsertionOffset, planExtraction, suggestNames, toIdentifier } from '../engine/fixes/extract';
import { planMlFix } from '../engine/fixes/mlFix';
import { isProjectCode, planCellPragma, planLinePragma, planPyprojectIgnore, type LineEdit } from '../engine/fixes/ignoreCode';
import { planMovePrompts, PROMPT_LOADER_FILE, PROMPT_LOADER_SOURCE, type PromptLiteral } from '../engine/fixes/movePrompts';
import { isPromptLiteral } from '../engine/rules/ml/inlinePrompt';
import type { CellInput, Range } from '../engine/types';
import { EXPORT_NOTEBOOK_COMMAND } from './exportService';
import { modelCallAction } from './modelCallAction';
import { EditBuilder, OutsideWorkspaceError } from './workspaceEdit';

/** An open notebook or percent script, as the code actions see it. */
export interface NotebookView {
  /** The notebook or script on disk. */
  file: string;
  /** The workspace folder that holds it: no edit goes outside. */
  workspaceRoot: string;
  /** Where configuration, .env.example and requirements live: the pyproject.toml folder, else the workspace root. */
  projectRoot: string;
  cells: CellInput[];
  /** Index of the cell the request is for. */
  cell: number;
  /** A cell-relative range as an editor location, with the version of the document to edit. */
  locate(cell: number, range: Range): { uri: string; range: Range; version: number | null };
  /** Notebook URI, for commands that act on the notebook. */
  notebookUri: string;
}

const MOVABLE = new Set(['NB201', 'NB202', 'NB205']);

/** "Ignore NBxxx …" actions: quick fixes, listed after the fixes that solve the problem. */
export const IGNORE_KIND = `${CodeActionKind.QuickFix}.nb2prod.ignore`;

const BUILD_SECTIONS = `[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = "setuptools.build_meta"\n\n[tool.setuptools.packages.find]\nwhere = ["src"]\n`;

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function sourceAt(source: string, range: Range): string {
  const lines = source.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line]?.slice(range.start.character, range.end.character) ?? '';
  const parts = [lines[range.start.line]?.slice(range.start.character) ?? ''];
  for (let l = range.start.line + 1; l < range.end.line; l++) parts.push(lines[l] ?? '');
  parts.push(lines[range.end.line]?.slice(0, range.end.character) ?? '');
  return parts.join('\n');
}

/** The nbformat id of a cell, from the saved notebook when it has the same cells: eval case ids survive cell moves. */
function savedCellId(saved: string | undefined, count: number, cell: number): string | undefined {
  try {
    const cells = (JSON.parse(saved ?? '') as { cells?: { id?: unknown }[] }).cells;
    const id = cells?.length === count ? cells[cell]?.id : undefined;
    return typeof id === 'string' && id ? id : undefined;
  } catch {
    return undefined;
  }
}

/** "Extract notebook to project…": planned only when chosen (the command previews, then applies). */
function exportAction(view: NotebookView): CodeAction | undefined {
  if (view.cells[view.cell].kind !== 'code') return undefined;
  return { title: 'Extract notebook to project…', kind: `${CodeActionKind.RefactorExtract}.notebook`, command: { title: 'Extract notebook to project…', command: EXPORT_NOTEBOOK_COMMAND, arguments: [view.notebookUri] } };
}

export class CodeActions {
  constructor(
    private readonly engine: Engine,
    private readonly openDocument: (uri: string) => TextDocument | undefined,
    private readonly log: (message: string) => void,
  ) {}

  /** "Extract cell to module", offered on every code cell of a notebook. */
  extractAction(view: NotebookView): CodeAction | undefined {
    if (view.cells[view.cell].kind !== 'code') return undefined;
    const { moduleName, functionName } = this.defaultNames(view, view.cell);
    try {
      const result = this.extract(view, view.cell, view.cell, moduleName, functionName);
      if ('refused' in result) return { title: 'Extract cell to module', kind: CodeActionKind.RefactorExtract, disabled: { reason: `Cannot extract: ${result.refused}.` } };
      return { title: `Extract cell to module: ${result.summary}`, kind: CodeActionKind.RefactorExtract, edit: result.edit };
    } catch (error) {
      if (error instanceof OutsideWorkspaceError) return undefined;
      throw error;
    }
  }

  /** "Add as eval case", on a cell that ends with a call with literal inputs and has a saved result. */
  evalCaseAction(view: NotebookView): CodeAction | undefined {
    if (view.cells[view.cell].kind !== 'code' || view.file.endsWith('.py')) return undefined;
    const edit = this.builder(view);
    const evalFile = this.evalFile(view);
    try {
      const planned = this.evalCaseText(view, view.cell, edit.read(evalFile), edit.read(view.file));
      if (planned && 'refused' in planned) return { title: 'Add as eval case', kind: `${CodeActionKind.RefactorExtract}.evalCase`, disabled: { reason: `Cannot add as eval case: ${planned.refused}.` } };
      if (!planned) return undefined;
      edit.replaceFile(evalFile, planned.text);
      edit.createFileOnce(path.join(view.projectRoot, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
      const where = path.relative(view.projectRoot, evalFile).split(path.sep).join('/');
      // A cell that asks the model several times: one action writes a case per call.
      return { title: planned.ids.length > 1 ? `Add as eval cases (${where}, ${planned.ids.length} cases, one per call)` : `Add as eval case (${where}, ${planned.ids[0]})`, kind: `${CodeActionKind.RefactorExtract}.evalCase`, edit: edit.build() };
    } catch (error) {
      if (error instanceof OutsideWorkspaceError) return undefined;
      throw error;
    }
  }

  /** Every cell that makes an eval case, into the notebook's eval file at once (the brief panel's "Add eval cases"). */
  allEvalCases(view: NotebookView): { edit: WorkspaceEdit; ids: string[] } | { refused: string } {
    if (view.file.endsWith('.py')) return { refused: 'eval cases come from a notebook\'s saved outputs; a script has none' };
    const edit = this.builder(view);
    const evalFile = this.evalFile(view);
    let text = edit.read(evalFile);
    const saved = edit.read(view.file);
    const ids: string[] = [];
    view.cells.forEach((cell, index) => {
      const planned = cell.kind === 'code' ? this.evalCaseText(view, index, text, saved) : undefined;
      if (planned && !('refused' in planned)) {
        text = planned.text;
        ids.push(...planned.ids);
      }
    });
    if (ids.length === 0 || text === undefined) return { refused: 'no cell ends with a model call or a call with literal inputs and a saved result' };
    edit.replaceFile(evalFile, text);
    edit.createFileOnce(path.join(view.projectRoot, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
    return { edit: edit.build(), ids };
  }

  private evalFile(view: NotebookView): string {
    return path.join(view.projectRoot, 'evals', `${toIdentifier(path.basename(view.file).replace(/\.ipynb$/, ''), 'notebook')}.jsonl`);
  }

  /** The eval file's text with the cell's cases in it (one per call), the reason a model call cannot be one, or undefined when the cell makes no case. */
  private evalCaseText(view: NotebookView, cell: number, existing: string | undefined, savedNotebook: string | undefined): { text: string; ids: string[] } | { refused: string } | undefined {
    const stem = toIdentifier(path.basename(view.file).replace(/\.ipynb$/, ''), 'notebook');
    // A language-model call: the case records prompt, model and the saved answer; or says why not.
    const llm = planLlmEvalCases(view.cells, cell, (s) => this.engine.statements(s), path.relative(view.projectRoot, view.file).split(path.sep).join('/'), savedCellId(savedNotebook, view.cells.length, cell));
    if ('refused' in llm && llm.modelCall) return { refused: llm.refused };
    if ('cases' in llm) return { text: llm.cases.reduce<string | undefined>(upsertCase, existing)!, ids: llm.cases.map((c) => c.id) };
    const ids = new Set((existing ?? '').split('\n').flatMap((l) => {
      try {
        return [String((JSON.parse(l) as { id?: unknown }).id)];
      } catch {
        return [];
      }
    }));
    const plan = planEvalCase(view.cells, cell, (s) => this.engine.statements(s), stem, ids);
    if ('refused' in plan) return undefined;
    return { text: `${existing ?? ''}${existing && !existing.endsWith('\n') ? '\n' : ''}${JSON.stringify(plan)}\n`, ids: [plan.id] };
  }

  provide(view: NotebookView, params: CodeActionParams, config: RuleConfig): CodeAction[] {
    const ours = params.context.diagnostics.filter((d) => d.source === 'nb2prod');
    const wantsRefactor = params.context.only === undefined || params.context.only.some((k) => CodeActionKind.RefactorExtract.startsWith(k));
    const refactors = wantsRefactor ? [this.modelCallAction(view), this.extractAction(view), this.evalCaseAction(view), exportAction(view)].filter((a): a is CodeAction => a !== undefined) : [];
    if (ours.length === 0) return refactors;
    const actions: CodeAction[] = [];
    const cellSource = view.cells[view.cell].source;
    const summary = this.engine.summarize(cellSource);
    // Diagnostics come in editor coordinates; literals are cell-relative.
    const toCell = (range: Range): Range => {
      const zero = view.locate(view.cell, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }).range.start.line;
      return { start: { line: range.start.line - zero, character: range.start.character }, end: { line: range.end.line - zero, character: range.end.character } };
    };
    const tryAction = (build: () => CodeAction | undefined) => {
      try {
        const action = build();
        if (action) actions.push(action);
      } catch (error) {
        if (error instanceof OutsideWorkspaceError) this.log(`code action refused: ${error.message}`);
        else throw error;
      }
    };

    for (const d of ours) {
      const range = toCell(d.range);
      if (MOVABLE.has(String(d.code))) {
        const target = this.targetAt(summary.strings, summary.numbers, range, cellSource, view.cell, config);
        if (target) tryAction(() => this.moveToConfig(view, [target], [d], 'Move to configuration'));
      } else if (d.code === 'NB203') {
        const literal = summary.strings.find((s) => sameRange(s.range, range));
        if (literal) tryAction(() => this.secretToEnv(view, literal, d));
      } else if (d.code === 'NB204') {
        actions.push({
          title: 'Clear outputs of this cell',
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: 'Clear outputs of this cell', command: 'nb2prod.clearCellOutputs', arguments: [view.notebookUri, view.cell] },
        });
      } else if (d.code === 'NB107') {
        const magic = summary.magics.find((m) => m.line === range.start.line);
        if (magic) tryAction(() => this.declareDependency(view, magic.line, magic.endLine, pipInstallRequirements(magic), d));
      } else if (/^NB5/.test(String(d.code)) && d.data) {
        tryAction(() => this.mlFix(view, d, range));
      }
    }

    // Every finding can be answered: silence it on its line or for its cell.
    const offered = new Set<string>();
    for (const d of ours) {
      const code = String(d.code);
      const range = toCell(d.range);
      const line = planLinePragma(cellSource, range.start.line, code);
      if (line && !offered.has(`line:${code}:${range.start.line}`)) {
        offered.add(`line:${code}:${range.start.line}`);
        actions.push(this.pragmaAction(view, `Ignore ${code} on this line`, line, d));
      }
      const cell = planCellPragma(cellSource, code);
      if (cell && !offered.has(`cell:${code}`)) {
        offered.add(`cell:${code}`);
        actions.push(this.pragmaAction(view, `Ignore ${code} for this cell`, cell, d));
      }
    }

    // All constants of the cell at once, when there is more than one.
    const all = this.engine.analyze({ cells: view.cells }, config)
      .filter((f) => MOVABLE.has(f.code))
      // One NB205 finding stands for a fact in several places: its related places in this cell count too.
      .flatMap((f) => [...(f.cell === view.cell ? [f.range] : []), ...f.related.filter((r) => r.cell === view.cell).map((r) => r.range)])
      .map((range) => this.targetAt(summary.strings, summary.numbers, range, cellSource, view.cell, config))
      .filter((t): t is LiteralTarget => t !== undefined);
    if (all.length > 1 && ours.some((d) => MOVABLE.has(String(d.code)))) {
      tryAction(() => this.moveToConfig(view, all, ours.filter((d) => MOVABLE.has(String(d.code))), `Move all ${all.length} constants of this cell to configuration`));
    }
    actions.push(...refactors);
    return actions;
  }

  /** Every constant and data location of the notebook to configuration at once (the brief panel's "Move configuration"). */
  moveAllToConfig(view: NotebookView, config: RuleConfig): CodeAction | undefined {
    const seen = new Set<string>();
    const targets = this.engine.analyze({ cells: view.cells }, config)
      .filter((f) => MOVABLE.has(f.code))
      .flatMap((f) => [{ cell: f.cell, range: f.range }, ...f.related])
      .filter(({ cell, range }) => !seen.has(`${cell}:${range.start.line}:${range.start.character}`) && seen.add(`${cell}:${range.start.line}:${range.start.character}`))
      .map(({ cell, range }) => {
        const summary = this.engine.summarize(view.cells[cell].source);
        return this.targetAt(summary.strings, summary.numbers, range, view.cells[cell].source, cell, config);
      })
      .filter((t): t is LiteralTarget => t !== undefined);
    return targets.length ? this.moveToConfig(view, targets, [], `Move ${targets.length === 1 ? 'the constant' : `all ${targets.length} constants`} of the notebook to configuration`) : undefined;
  }

  private pragmaAction(view: NotebookView, title: string, edit: LineEdit, d: Diagnostic): CodeAction {
    const builder = this.builder(view);
    const at = view.locate(view.cell, edit.range);
    builder.textEdit(at.uri, at.version, { range: at.range, newText: edit.newText });
    return { title, kind: IGNORE_KIND, diagnostics: [d], edit: builder.build() };
  }

  /** The literal at `range` when it is one "Move to configuration" applies to. */
  private targetAt(strings: StringLiteral[], numbers: NumberLiteral[], range: Range, source: string, cell: number, config: RuleConfig): LiteralTarget | undefined {
    const s = strings.find((x) => sameRange(x.range, range));
    if (s) {
      const key = s.context.target ?? s.context.keyword ?? classifyConfigString(s)?.key;
      return { cell, range: s.range, source: sourceAt(source, s.range), kind: 'string', keyHint: key ?? (s.context.callee?.split('.').pop() ? `${s.context.callee.split('.').pop()}_path` : undefined) };
    }
    const n = numbers.find((x) => sameRange(x.range, range));
    if (n) {
      const found = classifyConfigNumber(n, config.configKeywords);
      if (!found) return undefined;
      return { cell, range: n.range, source: sourceAt(source, n.range), kind: 'number', keyHint: found.key };
    }
    return undefined;
  }

  private builder(view: NotebookView): EditBuilder {
    return new EditBuilder(view.workspaceRoot, this.openDocument);
  }

  /** The notebook's configs/<name>.toml and its table; undefined when the file is not valid TOML. */
  private configOf(view: NotebookView, edit: EditBuilder, fix: string): { name: string; configFile: string; existing?: Record<string, unknown> } | undefined {
    const name = configName(path.basename(view.file).replace(/\.(ipynb|py)$/, ''));
    const configFile = path.join(view.projectRoot, 'configs', `${name}.toml`);
    const existingText = edit.read(configFile);
    if (existingText === undefined) return { name, configFile };
    try {
      return { name, configFile, existing: parseToml(existingText) as Record<string, unknown> };
    } catch {
      this.log(`${configFile} is not valid TOML; not offering "${fix}"`);
      return undefined;
    }
  }

  private moveToConfig(view: NotebookView, targets: LiteralTarget[], diagnostics: Diagnostic[], title: string): CodeAction | undefined {
    const edit = this.builder(view);
    const config = this.configOf(view, edit, 'Move to configuration');
    if (!config) return undefined;
    const { name, configFile, existing } = config;
    const plan = planMoveToConfig(view.cells, name, targets, existing);
    if (!plan) return undefined;
    for (const e of plan.cellEdits) {
      const at = view.locate(e.cell, e.range);
      edit.textEdit(at.uri, at.version, { range: at.range, newText: e.newText });
    }
    edit.appendToFile(configFile, plan.configText);
    edit.createFileOnce(path.join(path.dirname(view.file), LOADER_FILE), LOADER_SOURCE);
    const rel = path.relative(view.projectRoot, configFile).split(path.sep).join('/');
    return { title: `${title} (${rel})`, kind: CodeActionKind.QuickFix, diagnostics, isPreferred: targets.length === 1, edit: edit.build() };
  }

  /** NB5xx fixes: the engine planned them into the finding's data. */
  private mlFix(view: NotebookView, d: Diagnostic, range: Range): CodeAction | undefined {
    if ((d.data as Record<string, string>).fix === 'prompts') return this.movePrompts(view, d);
    const definesSeed = view.cells.some((c) => c.kind === 'code' && this.engine.summarize(c.source).events.some((e) => e.kind === 'def' && e.name === 'SEED'));
    const edit = this.builder(view);
    // A new SEED goes to the notebook's configuration, as "Move to configuration" writes it.
    const config = !definesSeed && (d.data as Record<string, string>).fix === 'random_state' ? this.configOf(view, edit, 'SEED in configuration') : undefined;
    const seedConfig = config && { name: config.name, existing: config.existing, file: path.relative(view.projectRoot, config.configFile).split(path.sep).join('/') };
    const plan = planMlFix(view.cells, d.data as Record<string, string>, view.cell, range, definesSeed, seedConfig);
    if (!plan) return undefined;
    for (const e of plan.edits) {
      const target = view.locate(e.cell, e.range);
      edit.textEdit(target.uri, target.version, { range: target.range, newText: e.newText });
    }
    if (config && plan.configText !== undefined) {
      if (plan.configText) edit.appendToFile(config.configFile, plan.configText);
      edit.createFileOnce(path.join(path.dirname(view.file), LOADER_FILE), LOADER_SOURCE);
    }
    return { title: plan.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit.build() };
  }

  /** NB506: every prompt of the notebook to prompts/<notebook>/<name>.txt, read back through nb_prompts.py. */
  private movePrompts(view: NotebookView, d: Diagnostic): CodeAction | undefined {
    const literals: PromptLiteral[] = [];
    view.cells.forEach((cell, index) => {
      if (cell.kind !== 'code') return;
      for (const s of this.engine.summarize(cell.source).strings) {
        if (isPromptLiteral(s)) literals.push({ cell: index, range: s.range, source: sourceAt(cell.source, s.range), name: s.context.target ?? s.context.keyword ?? 'prompt' });
      }
    });
    const edit = this.builder(view);
    const plan = planMovePrompts(view.cells, path.basename(view.file).replace(/\.(ipynb|py)$/, ''), literals, (rel) => edit.read(path.join(view.projectRoot, rel)) !== undefined);
    if (!plan) return undefined;
    for (const e of plan.cellEdits) {
      const at = view.locate(e.cell, e.range);
      edit.textEdit(at.uri, at.version, { range: at.range, newText: e.newText });
    }
    for (const f of plan.files) edit.appendToFile(path.join(view.projectRoot, f.path), f.text);
    edit.createFileOnce(path.join(path.dirname(view.file), PROMPT_LOADER_FILE), PROMPT_LOADER_SOURCE);
    return { title: `Move ${plan.moved === 1 ? 'the prompt' : `${plan.moved} prompts`} to files (prompts/)`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit.build() };
  }

  private secretToEnv(view: NotebookView, literal: StringLiteral, d: Diagnostic): CodeAction | undefined {
    const source = view.cells[view.cell].source;
    const plan = planSecretToEnv(literal, sourceAt(source, literal.range));
    if (!plan) return undefined;
    const edit = this.builder(view);
    const at = view.locate(view.cell, literal.range);
    edit.textEdit(at.uri, at.version, { range: at.range, newText: plan.replacement });
    if (plan.replacement !== 'None' && !this.osImportedBefore(view)) {
      const top = view.locate(view.cell, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      edit.textEdit(top.uri, top.version, { range: top.range, newText: 'import os\n' });
    }
    const envFile = path.join(view.projectRoot, '.env.example');
    edit.appendToFile(envFile, envExampleAddition(edit.read(envFile), plan.variable));
    return { title: `Read secret from the environment (${plan.variable})`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit.build() };
  }

  /**
   * Fixes that only touch project files, offered on any file of the project:
   * declare an undeclared dependency (NB402), create the production brief (NB403).
   */
  projectFixes(roots: { workspaceRoot: string; projectRoot: string }, diagnostics: Diagnostic[]): CodeAction[] {
    const actions: CodeAction[] = [];
    const ignored = new Set<string>();
    for (const d of diagnostics) {
      if (d.source !== 'nb2prod') continue;
      try {
        const code = String(d.code);
        if (isProjectCode(code) && !ignored.has(code)) {
          ignored.add(code);
          const edit = new EditBuilder(roots.workspaceRoot, this.openDocument);
          const file = path.join(roots.projectRoot, 'pyproject.toml');
          const plan = planPyprojectIgnore(edit.read(file), code);
          if (plan) {
            edit.insertOrCreate(file, plan.offset, plan.text);
            actions.push({ title: `Ignore ${code} in pyproject.toml`, kind: IGNORE_KIND, diagnostics: [d], edit: edit.build() });
          }
        }
        if (d.code === 'NB402') {
          const data = d.data as { distribution?: string; requirements?: string } | undefined;
          if (data?.requirements) {
            // Many packages at once (no dependency file yet: one from the notebook's installs and imports).
            const edit = new EditBuilder(roots.workspaceRoot, this.openDocument);
            const specs = data.requirements.split('\n').filter(Boolean);
            const existed = edit.read(path.join(roots.projectRoot, 'requirements.txt')) !== undefined || edit.read(path.join(roots.projectRoot, 'pyproject.toml')) !== undefined;
            const target = this.addRequirements(edit, roots.projectRoot, specs);
            actions.push({ title: existed ? `Declare ${specs.length} package${specs.length === 1 ? '' : 's'} in ${target}` : `Write ${target} (${specs.length} package${specs.length === 1 ? '' : 's'})`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit.build() });
            continue;
          }
          const distribution = data?.distribution;
          if (!distribution) continue;
          const edit = new EditBuilder(roots.workspaceRoot, this.openDocument);
          const target = this.addRequirements(edit, roots.projectRoot, [distribution]);
          actions.push({ title: `Declare ${distribution} in ${target}`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit.build() });
        } else if (d.code === 'NB403') {
          const edit = new EditBuilder(roots.workspaceRoot, this.openDocument);
          const file = path.join(roots.projectRoot, BRIEF_FILE);
          if (edit.read(file) !== undefined) continue;
          edit.createFileOnce(file, briefTemplate(path.basename(roots.projectRoot)));
          actions.push({ title: 'Create the production brief (PRODUCTION_BRIEF.md)', kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit.build() });
        }
      } catch (error) {
        if (error instanceof OutsideWorkspaceError) this.log(`code action refused: ${error.message}`);
        else throw error;
      }
    }
    return actions;
  }

  /** Add requirement specs to requirements.txt, or to pyproject.toml when that is where dependencies live. */
  private addRequirements(edit: EditBuilder, projectRoot: string, specs: string[]): string {
    const requirements = path.join(projectRoot, 'requirements.txt');
    const pyproject = path.join(projectRoot, 'pyproject.toml');
    const reqText = edit.read(requirements);
    const pyText = reqText === undefined ? edit.read(pyproject) : undefined;
    const insertion = pyText !== undefined ? pyprojectInsertion(pyText, specs) : undefined;
    if (insertion) {
      if (insertion.text) edit.insertInFile(pyproject, insertion.offset, insertion.text);
      return 'pyproject.toml';
    }
    edit.appendToFile(requirements, requirementsAddition(reqText, specs));
    return 'requirements.txt';
  }

  /** Default module and function names for an extraction (see suggestNames). */
  defaultNames(view: NotebookView, first: number, last = first): { moduleName: string; functionName: string } {
    return suggestNames(view.cells, first, last, path.basename(view.file), (s) => this.engine.summarize(s), (s) => this.engine.statements(s));
  }

  /** The extraction as one WorkspaceEdit, or the reason it is refused. */
  extract(view: NotebookView, first: number, last: number, moduleName: string, functionName: string): { edit: WorkspaceEdit; summary: string } | { refused: string } {
    const edit = this.builder(view);
    const root = view.projectRoot;
    const packageName = this.projectPackage(edit, root);
    if (typeof packageName !== 'string') return packageName;
    const module = toIdentifier(moduleName, 'extracted');
    const moduleFile = path.join(root, 'src', packageName, `${module}.py`);
    const testFile = path.join(root, 'tests', `test_${module}.py`);
    const existingModule = edit.read(moduleFile);
    const plan = planExtraction({
      cells: view.cells, first, last, summarize: (s) => this.engine.summarize(s), statements: (s) => this.engine.statements(s),
      packageName, moduleName: module, functionName, existingModule, existingTest: edit.read(testFile), notebookName: path.basename(view.file),
    });
    if ('refused' in plan) return plan;
    for (const e of plan.cellEdits) {
      // Replace the cell's code, keeping its trailing blank lines (in a script they separate cells).
      const lines = view.cells[e.cell].source.split('\n');
      let last = lines.length - 1;
      while (last > 0 && lines[last].trim() === '') last--;
      const whole = { start: { line: 0, character: 0 }, end: { line: last, character: lines[last].length } };
      const at = view.locate(e.cell, whole);
      edit.textEdit(at.uri, at.version, { range: at.range, newText: e.newText });
    }
    this.preparePackage(edit, root, packageName);
    if (existingModule !== undefined && plan.moduleImports) edit.insertInFile(moduleFile, importInsertionOffset(existingModule), plan.moduleImports);
    edit.appendToFile(moduleFile, plan.moduleText);
    if (plan.testText) edit.appendToFile(testFile, plan.testText);
    const what = plan.params.length || plan.returns.length ? ` (${plan.params.join(', ') || 'no parameters'} → ${plan.returns.join(', ') || 'no returns'})` : '';
    return { edit: edit.build(), summary: `${plan.functionName}${what} in src/${packageName}/${module}.py` };
  }

  /** The project's package: pyproject's [project] name, else the folder's; or why not. */
  private projectPackage(edit: EditBuilder, root: string): string | { refused: string } {
    const pyproject = edit.read(path.join(root, 'pyproject.toml'));
    const fallback = toIdentifier(path.basename(root), 'project');
    try {
      const name = pyproject ? (parseToml(pyproject) as { project?: { name?: string } }).project?.name : undefined;
      return name ? toIdentifier(name, fallback) : fallback;
    } catch {
      return { refused: 'pyproject.toml is not valid TOML' };
    }
  }

  /** src/<package>/__init__.py, and a pyproject that makes the package importable with `pip install -e .`. */
  private preparePackage(edit: EditBuilder, root: string, packageName: string): void {
    const pyprojectFile = path.join(root, 'pyproject.toml');
    const pyproject = edit.read(pyprojectFile);
    edit.createFileOnce(path.join(root, 'src', packageName, '__init__.py'), `"""${packageName}: code extracted from notebooks."""\n`);
    if (pyproject === undefined) edit.appendToFile(pyprojectFile, `[project]\nname = "${packageName}"\nversion = "0.1.0"\nrequires-python = ">=3.9"\ndependencies = []\n\n${BUILD_SECTIONS}`);
    else if (!/^\[build-system\]/m.test(pyproject)) edit.appendToFile(pyprojectFile, `${pyproject.endsWith('\n') ? '' : '\n'}\n${BUILD_SECTIONS}`);
  }

  /** "Extract the model call to a function" (see modelCallAction.ts), offered before the other refactors. */
  modelCallAction(view: NotebookView): CodeAction | undefined {
    const edit = this.builder(view);
    try {
      return modelCallAction(view, {
        statements: (s) => this.engine.statements(s), builder: edit, packageName: this.projectPackage(edit, view.projectRoot),
        preparePackage: (name) => this.preparePackage(edit, view.projectRoot, name), cellId: savedCellId(edit.read(view.file), view.cells.length, view.cell),
      });
    } catch (error) {
      if (error instanceof OutsideWorkspaceError) return undefined;
      throw error;
    }
  }

  /** Is `os` bound by an import in this cell or one above it? */
  private osImportedBefore(view: NotebookView): boolean {
    for (let i = 0; i <= view.cell; i++) {
      const c = view.cells[i];
      if (c.kind !== 'code') continue;
      if (this.engine.summarize(c.source).events.some((e) => e.kind === 'def' && e.name === 'os')) return true;
    }
    return false;
  }

  private declareDependency(view: NotebookView, line: number, endLine: number, specs: string[] | undefined, d: Diagnostic): CodeAction | undefined {
    if (!specs) return undefined;
    const edit = this.builder(view);
    const target = this.addRequirements(edit, view.projectRoot, specs);
    // Remove the install line (and its continuation lines) from the cell.
    const lines = view.cells[view.cell].source.split('\n');
    const removeTo = endLine + 1 < lines.length ? { line: endLine + 1, character: 0 } : { line: endLine, character: lines[endLine].length };
    const removeFrom = endLine + 1 < lines.length || line === 0 ? { line, character: 0 } : { line: line - 1, character: lines[line - 1].length };
    const at = view.locate(view.cell, { start: removeFrom, end: removeTo });
    edit.textEdit(at.uri, at.version, { range: at.range, newText: '' });
    return { title: `Declare ${specs.join(', ')} in ${target}`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit.build() };
  }
}
