// Configuration problems in the editor: an invalid `[tool.nb2prod]` is an error on
// pyproject.toml in the Problems view and one message (per distinct problem), an
// unknown key a warning on its line. Project findings on pyproject.toml (NB401...)
// are published by other modules: these diagnostics are merged into theirs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { LocatedConfig } from '../engine/projectConfig';

export interface ConfigProblemsHost {
  /** Publish the full list for a URI (after merging). */
  send(uri: string, diagnostics: Diagnostic[]): void;
  showError(message: string): void;
  log(message: string): void;
}

/** The line of `key = ...` in the [tool.nb2prod] section, else of the section header, else 0. */
function lineOf(text: string, problem: string): number {
  const lines = text.split(/\r?\n/);
  const header = lines.findIndex((l) => /^\s*\[\s*tool\.nb2prod\s*\]/.test(l));
  const key = /^\[tool\.nb2prod\] (?:unknown key ")?([\w-]+)/.exec(problem)?.[1];
  if (key) {
    const spellings = [key, key.replace(/_/g, '-'), key.replace(/-/g, '_')];
    const found = lines.findIndex((l, i) => i > header && spellings.some((k) => new RegExp(`^\\s*"?${k}"?\\s*=`).test(l)));
    if (found >= 0) return found;
  }
  return Math.max(header, 0);
}

export class ConfigProblems {
  private readonly problems = new Map<string, Diagnostic[]>();
  private readonly base = new Map<string, Diagnostic[]>();
  private readonly shown = new Set<string>();

  constructor(private readonly host: ConfigProblemsHost) {}

  /** Called each time a pyproject.toml is (re)read. */
  report(located: LocatedConfig): void {
    if (!located.root) return;
    const file = path.join(located.root, 'pyproject.toml');
    const uri = pathToFileURL(file).toString();
    const messages = [...(located.error ? [{ text: located.error, severity: DiagnosticSeverity.Error }] : []),
      ...(located.warnings ?? []).map((text) => ({ text, severity: DiagnosticSeverity.Warning }))];
    const before = JSON.stringify(this.problems.get(uri) ?? []);
    if (messages.length === 0) {
      this.problems.delete(uri);
    } else {
      let text = '';
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        // Unreadable: the problem goes on the first line.
      }
      this.problems.set(uri, messages.map(({ text: message, severity }) => {
        const line = lineOf(text, message);
        return {
          range: { start: { line, character: 0 }, end: { line, character: (text.split(/\r?\n/)[line] ?? '').length } },
          severity, source: 'nb2prod', message: severity === DiagnosticSeverity.Error ? `${message}. The [tool.nb2prod] section is not applied.` : message,
        };
      }));
    }
    if (located.error && !this.shown.has(located.error)) {
      this.shown.add(located.error);
      this.host.log(`${file}: ${located.error}`);
      this.host.showError(`nb2prod: ${located.error}. The [tool.nb2prod] section of ${file} is not applied until it is fixed.`);
    }
    if (JSON.stringify(this.problems.get(uri) ?? []) !== before) this.host.send(uri, this.merge(uri, this.base.get(uri) ?? []));
  }

  /** The diagnostics to publish for a URI: the given ones plus its configuration problems. */
  merge(uri: string, diagnostics: Diagnostic[]): Diagnostic[] {
    if (!uri.endsWith('/pyproject.toml')) return diagnostics;
    this.base.set(uri, diagnostics);
    return [...diagnostics, ...(this.problems.get(uri) ?? [])];
  }

  has(uri: string): boolean {
    return this.problems.has(uri);
  }
}
