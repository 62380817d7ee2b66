// Engine findings to LSP diagnostics, and LSP notebook documents to engine input.
import {
  DiagnosticSeverity,
  NotebookCellKind,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type NotebookCell,
  type NotebookDocument,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocUrl } from '../engine/analyze';
import { RULE_CODES } from '../engine/rules';
import type { CellInput, Finding, NotebookInput, Range, Severity } from '../engine/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const RULE_NAMES = new Map(RULE_CODES.map((r) => [r.code, r.name]));

export function toDiagnostic(
  finding: Finding,
  docsUri: string,
  locate: (cell: number, range: Range) => { uri: string; range: Range },
): Diagnostic {
  const related: DiagnosticRelatedInformation[] = finding.related.map((r) => ({ location: locate(r.cell, r.range), message: r.message }));
  return {
    range: locate(finding.cell, finding.range).range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: ruleDocUrl(docsUri, finding.code, RULE_NAMES.get(finding.code) ?? '') },
    source: 'nb2prod',
    message: finding.message,
    relatedInformation: related.length ? related : undefined,
    data: finding.data,
  };
}

/** The engine's view of an open notebook: every cell in order; only Python code cells are code. */
export function notebookInput(notebook: NotebookDocument, textOf: (uri: string) => TextDocument | undefined): NotebookInput {
  return { cells: notebook.cells.map((cell) => cellInput(cell, textOf(cell.document))), metadata: ipynbMetadata(notebook.metadata) };
}

/** One cell of the engine's input, from the notebook cell and its text document. */
export function cellInput(cell: NotebookCell, doc: TextDocument | undefined): CellInput {
  const language = doc?.languageId ?? 'python';
  const isPythonCode = cell.kind === NotebookCellKind.Code && language === 'python';
  const input: CellInput = {
    kind: isPythonCode ? 'code' : cell.kind === NotebookCellKind.Markup ? 'markdown' : 'raw',
    source: doc?.getText() ?? '',
    executionCount: executionCount(cell),
  };
  // VS Code shows raw cells as code cells in the language "raw": they run nothing.
  if (cell.kind === NotebookCellKind.Code && language !== 'raw') input.language = language;
  return input;
}

/**
 * The execution order VS Code shows ("[7]"). vscode-languageclient sends
 * `executionSummary` only with a `success` flag, which cells opened from disk lack;
 * VS Code's ipynb serializer keeps the same count in the cell metadata, and updates
 * it when the cell runs, so that is read when the summary is missing.
 */
function executionCount(cell: NotebookCell): number | null {
  const order = cell.executionSummary?.executionOrder;
  if (typeof order === 'number') return order;
  const saved = (cell.metadata as { execution_count?: unknown } | undefined)?.execution_count;
  return typeof saved === 'number' && Number.isInteger(saved) ? saved : null;
}

/** The .ipynb file's own metadata (kernelspec, language_info) inside VS Code's notebook metadata; older VS Code nested it under `custom`. */
export function ipynbMetadata(metadata: unknown): Record<string, unknown> | undefined {
  const outer = asRecord(metadata);
  return asRecord(outer?.metadata) ?? asRecord(asRecord(outer?.custom)?.metadata);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
