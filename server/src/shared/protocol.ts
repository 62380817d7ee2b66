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
