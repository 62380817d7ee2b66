// "Extract notebook to project": the whole notebook, section by section, through
// the same planners as the single fixes: constants to configs/<notebook>.toml
// (planMoveToConfig), each section's code cells to functions of
// src/<package>/<section>.py (planExtraction, whose refusals keep a cell as it is
// and say why), then the pipeline entry point and the packaging. Pure: the caller
// reads the files (`read`) and writes the plan as one edit.
import { parse as parseToml } from 'smol-toml';
import type { CellSummary } from '../cellSummary';
import { importBindings, importInsertionOffset, planExtraction, suggestNames, toIdentifier } from '../fixes/extract';
import { configName, LOADER_FILE, LOADER_SOURCE, planMoveToConfig, tomlValueOf, type LiteralTarget } from '../fixes/moveToConfig';
import type { Statement } from '../statements';
import type { CellInput, Range } from '../types';
import { planPackaging } from './packaging';
import { planPipeline, stepOf, WRITTEN_BY, type PipelinePlan } from './pipeline';
import { cellRole, sectionsOf } from './sections';

export interface ExportRequest {
  cells: readonly CellInput[];
  summarize: (source: string) => CellSummary;
  statements: (source: string) => Statement[];
  /** The notebook's path relative to the project root, with `/`. */
  notebookPath: string;
  packageName: string;
  /** A project file's current text (project-relative path), undefined when it does not exist. */
  read: (path: string) => string | undefined;
  /** Is `name` a module of the project (a .py file or a package next to the notebook or at the root)? */
  isLocal: (name: string) => boolean;
}

export interface ExportPlan {
  /** New text of whole cells. */
  cellEdits: { cell: number; newText: string }[];
  /** Whole new text of every project file written (project-relative path). */
  files: { path: string; text: string; existed: boolean }[];
  /** What each section becomes, for the preview. */
  sections: { title: string; lines: string[] }[];
  pipeline?: PipelinePlan;
  pipelineRefused?: string;
  notes: string[];
}

export type ExportResult = ExportPlan | { refused: string };

/** Project-relative paths of what the export writes for a notebook. */
export function exportNames(notebookPath: string): { stem: string; module: string; config: string; pipeline: string; test: string } {
  const stem = notebookPath.split('/').pop()!.replace(/\.(ipynb|py)$/, '');
  const config = configName(stem);
  const module = config.replace(/-/g, '_').replace(/^(\d)/, '_$1');
  return { stem, module, config, pipeline: `pipelines/${module}.py`, test: `tests/test_pipeline_${module}.py` };
}

/** The package extracted code goes to: the project's name in pyproject.toml, else the folder's. */
export function projectPackageName(pyproject: string | undefined, folder: string): string | { refused: string } {
  const fallback = toIdentifier(folder, 'project');
  if (pyproject === undefined) return fallback;
  try {
    const name = (parseToml(pyproject) as { project?: { name?: string } }).project?.name;
    return name ? toIdentifier(name, fallback) : fallback;
  } catch {
    return { refused: 'pyproject.toml is not valid TOML' };
  }
}

class Files {
  private readonly texts = new Map<string, string>();
  constructor(private readonly read: (path: string) => string | undefined) {}
  get(path: string): string | undefined {
    return this.texts.has(path) ? this.texts.get(path) : this.read(path);
  }
  set(path: string, text: string): void {
    this.texts.set(path, text);
  }
  changes(): { path: string; text: string; existed: boolean }[] {
    return [...this.texts].filter(([p, t]) => this.read(p) !== t).map(([path, text]) => ({ path, text, existed: this.read(path) !== undefined }));
  }
}

/** Files nb2prod writes whole: refused when someone else wrote them. */
function ownedOrAbsent(files: Files, path: string): string | undefined {
  const text = files.get(path);
  return text !== undefined && !text.includes(WRITTEN_BY) ? `${path} exists and nb2prod did not write it; move it away first` : undefined;
}

export function planExport(req: ExportRequest): ExportResult {
  const names = exportNames(req.notebookPath);
  const files = new Files(req.read);
  for (const p of [names.pipeline, names.test]) {
    const why = ownedOrAbsent(files, p);
    if (why) return { refused: why };
  }
  const cells: CellInput[] = req.cells.map((c) => ({ ...c }));
  const notes: string[] = [];

  // 1. Constants (a name bound once, to a number or string literal) to configuration.
  const configPath = `configs/${names.config}.toml`;
  const configText = files.get(configPath);
  let existing: Record<string, unknown> | undefined;
  try {
    existing = configText === undefined ? undefined : (parseToml(configText) as Record<string, unknown>);
  } catch {
    return { refused: `${configPath} is not valid TOML; fix it first` };
  }
  const move = planMoveToConfig(cells, names.config, constantTargets(cells, req), existing);
  const configured: string[] = [];
  if (move) {
    const byCell = new Map<number, { range: Range; newText: string }[]>();
    for (const e of move.cellEdits) byCell.set(e.cell, [...(byCell.get(e.cell) ?? []), e]);
    for (const [cell, edits] of byCell) cells[cell] = { ...cells[cell], source: applyEdits(cells[cell].source, edits) };
    files.set(configPath, `${configText ?? ''}${move.configText}`);
    const dir = req.notebookPath.includes('/') ? req.notebookPath.slice(0, req.notebookPath.lastIndexOf('/') + 1) : '';
    if (files.get(`${dir}${LOADER_FILE}`) === undefined) files.set(`${dir}${LOADER_FILE}`, LOADER_SOURCE);
    configured.push(...move.entries.map((e) => `${e.key} = ${e.toml}`));
  } else if (configText === undefined) {
    files.set(configPath, `# Configuration for the ${names.stem} notebook's pipeline (pipelines/${names.module}.py).\n`);
  }

  // 2. Each section's code cells to functions of its module.
  const sections: ExportPlan['sections'] = [];
  const keptReasons = new Map<number, string>();
  const displayedNames = new Map<number, string>();
  const notebookName = req.notebookPath.split('/').pop()!;
  for (const section of sectionsOf(cells, names.stem)) {
    const lines: string[] = [];
    const modulePath = `src/${req.packageName}/${section.module}.py`;
    const roles = new Map(section.cells.map((i) => [i, cellRole(cells[i], req.summarize(cells[i].source), req.statements(cells[i].source))]));
    const extract = (first: number, last: number): string | undefined => {
      // `X_train, y_train =\` then the value on the next line: the cell summary misses that value's reads (X became a global of the module).
      const continued = cells.slice(first, last + 1).findIndex((c) => CONTINUED_VALUE.test(c.source));
      if (continued >= 0) return `cell ${first + continued + 1} starts an assigned value on a continuation line (\`= \\\`), which nb2prod cannot analyse yet`;
      const suggested = suggestNames(cells, first, last, notebookName, req.summarize, req.statements);
      // Below a heading the heading names it; else what the last cell shows, when it shows a name it computes.
      const shown = displayedName(cells[last], req.statements);
      const computesShown = shown !== undefined && new RegExp(`^${shown}\\s*=`, 'm').test(cells[last].source);
      let functionName = cells[first - 1]?.kind !== 'markdown' && computesShown ? `make_${shown}` : suggested.functionName;
      // A numbered heading named it `_1_load_data` or `_1` (IPython's name for Out[1]): the section's words, else what it computes.
      if (/^_\d/.test(functionName)) functionName = section.module !== toIdentifier(names.stem, 'notebook') ? section.module : computesShown ? `make_${shown}` : `${section.module}_cell${first + 1}`;
      const testPath = `tests/test_${section.module}.py`;
      const moduleText = files.get(modulePath);
      const plan = planExtraction({
        cells, first, last, summarize: req.summarize, statements: req.statements, packageName: req.packageName,
        moduleName: section.module, functionName, existingModule: moduleText,
        existingTest: files.get(testPath), notebookName,
      });
      if ('refused' in plan) return plan.refused;
      // A parameter no cell above binds would be passed by a call that raises NameError (`unicode`, read under a Python 2 branch).
      const unbound = plan.params.find((p) => !boundAbove(cells, first, p, req.summarize));
      if (unbound) return `it reads \`${unbound}\`, which no cell above binds: the call would raise NameError`;
      if (shown) displayedNames.set(last, shown);
      for (const e of plan.cellEdits) cells[e.cell] = { ...cells[e.cell], source: e.newText };
      const at = moduleText === undefined ? 0 : importInsertionOffset(moduleText);
      files.set(modulePath, moduleText === undefined ? plan.moduleText : moduleText.slice(0, at) + plan.moduleImports + moduleText.slice(at) + plan.moduleText);
      if (plan.testText) files.set(testPath, `${files.get(testPath) ?? ''}${plan.testText}`);
      if (files.get(`src/${req.packageName}/__init__.py`) === undefined) files.set(`src/${req.packageName}/__init__.py`, `"""${req.packageName}: code extracted from notebooks."""\n`);
      const where = first === last ? `cell ${first + 1}` : `cells ${first + 1}-${last + 1}`;
      const what = plan.params.length || plan.returns.length ? `(${plan.params.join(', ')}) → ${plan.returns.join(', ') || (shown ? `${shown} (displayed)` : 'None')}` : '';
      const called = plan.cellEdits.some((e) => e.newText.includes(`${plan.functionName}(`));
      const moved = [...(called ? [`${plan.functionName}${what || '()'}`] : []), ...plan.movedDefinitions.map((d) => `${d} (moved as is)`)];
      lines.push(`${where}: ${moved.join(', ')} in ${modulePath}; its test ${plan.testComplete ? 'checks the saved output' : 'is marked for you to complete'}`);
      return undefined;
    };
    // Runs of consecutive code cells; a run that cannot move as one moves cell by cell.
    const runs: number[][] = [];
    let run: number[] = [];
    for (const i of section.cells) {
      const role = roles.get(i)!;
      const done = role.role === 'code' ? alreadyExtracted(cells[i], req) : undefined;
      if (role.role === 'code' && !done) run.push(i);
      else if (done) {
        if (run.length) runs.push(run);
        run = [];
        lines.push(`cell ${i + 1}: stays (already calls ${done} of ${req.packageName})`);
      }
      else if (cells[i].kind === 'code' && role.role !== 'empty') {
        if (run.length) runs.push(run);
        run = [];
        lines.push(`cell ${i + 1}: stays (${role.why})`);
      }
    }
    if (run.length) runs.push(run);
    for (const r of runs) {
      const whole = extract(r[0], r[r.length - 1]);
      if (whole === undefined) continue;
      for (const i of r) {
        const why = r.length === 1 ? whole : extract(i, i);
        if (why === undefined) continue;
        keptReasons.set(i, `not extracted: ${why}`);
        lines.push(`cell ${i + 1}: stays, not extracted: ${why}`);
      }
    }
    if (lines.length) sections.push({ title: section.title, lines: lines.sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0])) });
  }
  if (configured.length) sections.unshift({ title: `Configuration (${configPath})`, lines: configured });

  const cellEdits = cells.map((c, i) => ({ cell: i, newText: c.source })).filter((e) => e.newText !== req.cells[e.cell].source);
  // 3. The pipeline and 4. the packaging, from the notebook as it now reads.
  const rest = finishProject(req, cells, files, keptReasons, notes, displayedNames);
  if ('refused' in rest) return rest;
  if (cellEdits.length === 0 && !rest.pipeline) return { refused: `nothing in the notebook can move: no constant to configure and no cell that extracts safely${rest.pipelineRefused ? `; no pipeline: ${rest.pipelineRefused}` : ''}` };
  return { cellEdits, files: files.changes(), sections, notes, ...rest };
}

/** "Create pipeline entry point" alone, on the notebook as it stands (extracted before). */
export function planCreatePipeline(req: ExportRequest): ExportResult {
  const names = exportNames(req.notebookPath);
  const files = new Files(req.read);
  for (const p of [names.pipeline, names.test]) {
    const why = ownedOrAbsent(files, p);
    if (why) return { refused: why };
  }
  const notes: string[] = [];
  const rest = finishProject(req, req.cells.map((c) => ({ ...c })), files, new Map(), notes, displayedByCalls(req));
  if ('refused' in rest) return rest;
  if (!rest.pipeline) return { refused: rest.pipelineRefused! };
  return { cellEdits: [], files: files.changes(), sections: [], notes, ...rest };
}

function finishProject(req: ExportRequest, cells: CellInput[], files: Files, keptReasons: Map<number, string>, notes: string[], displayedNames?: Map<number, string>):
  { pipeline?: PipelinePlan; pipelineRefused?: string } | { refused: string } {
  const names = exportNames(req.notebookPath);
  const pipeline = planPipeline({
    cells, summarize: req.summarize, statements: req.statements, packageName: req.packageName,
    notebookName: req.notebookPath.split('/').pop()!, module: names.module, config: names.config, keptReasons, displayedNames,
    notebookDir: req.notebookPath.split('/').slice(0, -1).join('/'),
  });
  const ok = 'refused' in pipeline ? undefined : pipeline;
  if (ok) {
    files.set(names.pipeline, ok.pipelineText);
    files.set(names.test, ok.testText);
    if (files.get('pipelines/__init__.py') === undefined) files.set('pipelines/__init__.py', `"""Pipelines made from notebooks. ${WRITTEN_BY}."""\n`);
    if (files.get(`configs/${names.config}.toml`) === undefined) files.set(`configs/${names.config}.toml`, `# Configuration for the ${names.stem} notebook's pipeline (${names.pipeline}).\n`);
  }
  const imports = cells.flatMap((c) => (c.kind === 'code' ? req.summarize(c.source).imports.filter((i) => !i.relative && !i.optional).map((i) => i.modules[0]) : []));
  const packaging = planPackaging({
    packageName: req.packageName, script: ok ? names.config : undefined, module: names.module, config: names.config, notebook: req.notebookPath,
    imports, isLocal: req.isLocal, pyproject: files.get('pyproject.toml'), requirements: files.get('requirements.txt'), readme: files.get('README.md'),
    secrets: ok?.secrets ?? [], importPaths: ok?.importPaths,
  });
  if ('refused' in packaging) return packaging;
  files.set('pyproject.toml', packaging.pyproject);
  if (packaging.readme !== undefined) files.set('README.md', packaging.readme);
  if (packaging.requirements !== undefined) files.set('requirements.txt', packaging.requirements);
  notes.push(...packaging.notes);
  return ok ? { pipeline: ok } : { pipelineRefused: (pipeline as { refused: string }).refused };
}

/**
 * What the notebook's call cells display, named as the export named them: a cell that shows
 * `summary(prices)` shows the `middle` its function returns (`return middle` in src/shop/summary.py).
 */
function displayedByCalls(req: ExportRequest): Map<number, string> {
  const shown = new Map<number, string>();
  const imported = new Map<string, string>(); // function -> its module's file
  const fromPackage = new RegExp(`^from\\s+(${req.packageName}(?:\\.\\w+)*)\\s+import\\b`);
  req.cells.forEach((cell, i) => {
    if (cell.kind !== 'code') return;
    const statements = req.statements(cell.source);
    for (const st of statements) {
      const m = st.kind === 'import' ? fromPackage.exec(st.text.trim()) : null;
      if (m) for (const n of importBindings(st.text)) imported.set(n, `src/${m[1].replace(/\./g, '/')}.py`);
    }
    const step = stepOf(statements, imported);
    if (!step || step.targets.length || !statements.at(-1)?.text.trim().startsWith(`${step.functionName}(`)) return;
    const name = returnedName(req.read(imported.get(step.functionName)!), step.functionName);
    if (name) shown.set(i, name);
  });
  return shown;
}

/**
 * The name a module-level function returns on its last line (`return middle`), if that is how it
 * ends; through `_shown = middle` / `return _shown`, the extraction's form for a displayed value.
 * (The export knew these names from the cells it extracted; read again, they come from the module.)
 */
function returnedName(module: string | undefined, fn: string): string | undefined {
  const lines = module?.split('\n') ?? [];
  const start = lines.findIndex((l) => l.startsWith(`def ${fn}(`));
  if (start < 0) return undefined;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    if (line.trim()) body.push(line);
  }
  const name = /^ {4}return ([A-Za-z_]\w*)\s*$/.exec(body.at(-1) ?? '')?.[1];
  if (name !== '_shown') return name;
  // A displayed expression, not a name: the export calls its value <function>_result.
  return /^ {4}_shown = ([A-Za-z_]\w*)\s*$/.exec(body.at(-2) ?? '')?.[1] ?? `${fn}_result`;
}

/** An assignment whose value starts after a backslash line continuation. */
const CONTINUED_VALUE = /[^=!<>]=[ \t]*\\\r?\n/;

/** Does a code cell above `first` bind `name` (an assignment, import, def, for or with target), or maybe bind it (star import, `%run`, `exec`)? */
function boundAbove(cells: readonly CellInput[], first: number, name: string, summarize: (source: string) => CellSummary): boolean {
  return cells.slice(0, first).some((c) => c.kind === 'code' && summarize(c.source).events.some((e) => (e.kind === 'def' && e.name === name) || e.kind === 'unknown'));
}

/** The bare name a cell's last statement displays, if any. */
function displayedName(cell: CellInput, statements: (source: string) => Statement[]): string | undefined {
  const last = statements(cell.source).at(-1);
  const text = last?.kind === 'expression' ? last.text.trim() : '';
  return /^[A-Za-z_]\w*$/.test(text) && text !== '_shown' ? text : undefined;
}

/** The function of the package a cell already calls (an earlier extraction), if any. */
function alreadyExtracted(cell: CellInput, req: ExportRequest): string | undefined {
  const statements = req.statements(cell.source);
  const names = new Map<string, string>();
  const fromPackage = new RegExp(`^from\\s+${req.packageName}(?:\\.\\w+)*\\s+import\\b`);
  for (const st of statements) if (st.kind === 'import' && fromPackage.test(st.text)) for (const n of importBindings(st.text)) names.set(n, st.text);
  return stepOf(statements, names)?.functionName;
}

/** Statements `NAME = <number or string literal>` where NAME is bound nowhere else. */
function constantTargets(cells: readonly CellInput[], req: ExportRequest): LiteralTarget[] {
  const bindings = new Map<string, number>();
  for (const c of cells) {
    if (c.kind !== 'code') continue;
    for (const e of req.summarize(c.source).events) if (e.kind === 'def' || e.kind === 'del' || e.kind === 'mutate') bindings.set(e.name, (bindings.get(e.name) ?? 0) + (e.kind === 'def' ? 1 : 2));
  }
  const targets: LiteralTarget[] = [];
  cells.forEach((c, cell) => {
    if (c.kind !== 'code' || req.summarize(c.source).magics.length) return;
    for (const st of req.statements(c.source)) {
      const m = /^([A-Za-z_]\w*)(\s*=\s*)(\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|"[^"\\\n]*"|'[^'\\\n]*')$/.exec(st.text);
      if (!m || bindings.get(m[1]) !== 1 || m[1] === 'CONFIG') continue;
      const target: LiteralTarget = { cell, range: rangeOf(c.source, st.start + m[1].length + m[2].length, st.end), source: m[3], kind: /^["']/.test(m[3]) ? 'string' : 'number', keyHint: m[1] };
      if (tomlValueOf(target) !== undefined) targets.push(target);
    }
  });
  return targets;
}

function rangeOf(source: string, start: number, end: number): Range {
  const at = (offset: number) => {
    const before = source.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { start: at(start), end: at(end) };
}

function offsetOf(source: string, line: number, character: number): number {
  const lines = source.split('\n');
  let offset = 0;
  for (let l = 0; l < line; l++) offset += lines[l].length + 1;
  return offset + character;
}

/** Range edits applied to a text, last first so earlier offsets hold. */
export function applyEdits(source: string, edits: { range: Range; newText: string }[]): string {
  const located = edits.map((e) => ({ start: offsetOf(source, e.range.start.line, e.range.start.character), end: offsetOf(source, e.range.end.line, e.range.end.character), text: e.newText }));
  located.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = source;
  for (const e of located) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The preview: what each section becomes and what stays, then the files. */
export function previewText(plan: ExportPlan): string {
  const out: string[] = [];
  for (const s of plan.sections) out.push(`${s.title}`, ...s.lines.map((l) => `  ${l}`));
  if (plan.pipeline) out.push(`Pipeline: ${plan.pipeline.steps.length} step${plan.pipeline.steps.length === 1 ? '' : 's'} (${plan.pipeline.steps.map((s) => s.functionName).join(' → ')}); ${plan.pipeline.checked.length ? `its test compares ${plan.pipeline.checked.join(', ')} with the notebook's output` : 'its test runs it end to end'}`);
  else if (plan.pipelineRefused) out.push(`No pipeline: ${plan.pipelineRefused}`);
  out.push(...plan.notes.map((n) => `Note: ${n}`));
  out.push(`Cells changed: ${plan.cellEdits.length}`, 'Files:', ...plan.files.map((f) => `  ${f.existed ? 'update' : 'create'} ${f.path}`));
  return `${out.join('\n')}\n`;
}
