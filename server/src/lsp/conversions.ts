// Engine findings to LSP diagnostics, and LSP notebook documents to engine input.
import {
  DiagnosticSeverity,
  NotebookCellKind,
  type Diagnostic,
  type DiagnosticRelatedInformation,
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
  const cells: CellInput[] = notebook.cells.map((cell) => {
    const doc = textOf(cell.document);
    const isPythonCode = cell.kind === NotebookCellKind.Code && (doc?.languageId ?? 'python') === 'python';
    return {
      kind: isPythonCode ? 'code' : cell.kind === NotebookCellKind.Markup ? 'markdown' : 'raw',
      source: doc?.getText() ?? '',
      executionCount: cell.executionSummary?.executionOrder ?? null,
    };
  });
  return { cells };
}
