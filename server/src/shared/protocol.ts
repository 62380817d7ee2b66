// Custom messages between the extension client and the language server. Both
// sides import this file, so a message's name and payload are declared once.
import { NotificationType } from 'vscode-languageserver-protocol';

export interface AnalyzedParams {
  /** Notebook or file URI. */
  uri: string;
  version: number;
  /** Server-side analysis time, debounce excluded. */
  durationMs: number;
  findings: number;
  /** Findings per severity name. */
  counts: Record<string, number>;
}

/** Server to client, after each analysis of a document: drives the status bar item. */
export namespace AnalyzedNotification {
  export const method = 'nb2prod/analyzed';
  export const type = new NotificationType<AnalyzedParams>(method);
}

/** [notebook URI, first cell, last cell, module name?, function name?] (cells 0-based, inclusive). */
export type ExtractCellsArgs = [string, number, number, string?, string?];

export interface ExtractCellsResult {
  applied: boolean;
  /** What was extracted: function, parameters, returns and module. */
  summary?: string;
  /** Why nothing was applied. */
  reason?: string;
}

/** Client to server (workspace/executeCommand): extract consecutive cells into a src/ module with a test. */
export namespace ExtractCellsCommand {
  export const command = 'nb2prod.server.extractCells';
}
