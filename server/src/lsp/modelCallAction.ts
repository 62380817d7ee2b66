// "Extract the model call to a function": offered first on a cell that asks a
// model through an OpenAI, Anthropic or Gemini client. One WorkspaceEdit writes
// src/<package>/<module>.py (ask + answer), makes the cell call `ask`, and adds
// the cell's eval case with its target set to `answer` (the gate then calls it).
import * as path from 'node:path';
import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import { upsertCase } from '../engine/evals/caseFormat';
import { planCallExtraction } from '../engine/evals/extractCall';
import { EVAL_GATE_SOURCE } from '../engine/evals/gate';
import { toIdentifier } from '../engine/fixes/extract';
import type { Statement } from '../engine/statements';
import type { NotebookView } from './codeActions';
import type { EditBuilder } from './workspaceEdit';

export const EXTRACT_MODEL_CALL_TITLE = 'Extract the model call to a function';

export interface ModelCallDeps {
  statements: (source: string) => Statement[];
  builder: EditBuilder;
  /** The project's package (pyproject's name), or why not. */
  packageName: string | { refused: string };
  /** src/<package>/__init__.py and a buildable pyproject.toml, as Extract cell to module leaves them. */
  preparePackage: (packageName: string) => void;
  cellId?: string;
}

export function modelCallAction(view: NotebookView, deps: ModelCallDeps): CodeAction | undefined {
  if (view.cells[view.cell].kind !== 'code' || view.file.endsWith('.py')) return undefined;
  const kind = `${CodeActionKind.RefactorExtract}.modelCall`;
  const stem = toIdentifier(path.basename(view.file).replace(/\.ipynb$/, ''), 'notebook');
  if (typeof deps.packageName !== 'string') return { title: EXTRACT_MODEL_CALL_TITLE, kind, disabled: { reason: `Cannot extract the model call: ${deps.packageName.refused}.` } };
  const packageName = deps.packageName;
  const moduleName = `${stem}_model`;
  const root = view.projectRoot;
  const moduleFile = path.join(root, 'src', packageName, `${moduleName}.py`);
  const edit = deps.builder;
  const notebook = path.relative(root, view.file).split(path.sep).join('/');
  const plan = planCallExtraction({ cells: view.cells, cell: view.cell, statements: deps.statements, packageName, moduleName, notebook, cellId: deps.cellId, existingModule: edit.read(moduleFile) });
  if ('refused' in plan) {
    // Silent where there is no model call at all; disabled with the reason where there is one.
    return /no language-model call/.test(plan.refused) ? undefined : { title: EXTRACT_MODEL_CALL_TITLE, kind, disabled: { reason: `Cannot extract the model call: ${plan.refused}.` } };
  }
  const source = view.cells[view.cell].source;
  const lines = source.split('\n');
  const at = view.locate(view.cell, { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } });
  edit.textEdit(at.uri, at.version, { range: at.range, newText: plan.cellText });
  deps.preparePackage(packageName);
  edit.replaceFile(moduleFile, plan.moduleText);
  if (plan.evalCase) {
    const evalFile = path.join(root, 'evals', `${stem}.jsonl`);
    edit.replaceFile(evalFile, upsertCase(edit.read(evalFile), plan.evalCase));
    edit.createFileOnce(path.join(root, 'tests', 'test_evals.py'), EVAL_GATE_SOURCE);
  }
  return { title: `${EXTRACT_MODEL_CALL_TITLE}: answer in src/${packageName}/${moduleName}.py`, kind, edit: edit.build() };
}
