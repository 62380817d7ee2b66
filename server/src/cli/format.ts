// CLI output: text for people, JSON for scripts, SARIF 2.1.0 for code scanning.
import { RULE_CODES } from '../engine/rules';
import type { Finding, Severity } from '../engine/types';
import { notebookJsonLines } from '../engine/files';
import { locationOf, type CheckResult, type FileReport } from './check';

export type Format = 'text' | 'json' | 'sarif';

export function formatText(result: CheckResult): string {
  const lines: string[] = [];
  let count = 0;
  for (const file of result.files) {
    for (const f of file.findings) {
      const loc = locationOf(file, f);
      const where = file.kind === 'ipynb' && loc.cell !== null ? `cell ${loc.cell}:${loc.line}:${loc.column}` : `${loc.line}:${loc.column}`;
      lines.push(`${file.path}:${where}: ${f.code} ${f.message}`);
      count++;
    }
  }
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  const checked = result.files.length;
  lines.push(count === 0 ? `No findings in ${checked} file${checked === 1 ? '' : 's'}.` : `${count} finding${count === 1 ? '' : 's'} in ${checked} file${checked === 1 ? '' : 's'}.`);
  return lines.join('\n') + '\n';
}

function jsonDiagnostic(file: FileReport, f: Finding) {
  const loc = locationOf(file, f);
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    cell: loc.cell,
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
    related: f.related.map((r) => {
      const rl = locationOf(file, { cell: r.cell, range: r.range });
      return { cell: rl.cell, line: rl.line, message: r.message };
    }),
  };
}

export function formatJson(result: CheckResult): string {
  const files = result.files.map((file) => ({ path: file.path, diagnostics: file.findings.map((f) => jsonDiagnostic(file, f)) }));
  return JSON.stringify({ version: 1, files, warnings: result.warnings }, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(result: CheckResult, version: string, docsUri: string): string {
  const ruleIndex = new Map(RULE_CODES.map((r, i) => [r.code, i]));
  const results = result.files.flatMap((file) => {
    const jsonLine = file.kind === 'ipynb' && file.rawText ? notebookJsonLines(file.rawText) : undefined;
    return file.findings.map((f) => {
      const loc = locationOf(file, f);
      const region = jsonLine && f.cell >= 0
        ? { startLine: jsonLine(f.cell, f.range.start.line), endLine: jsonLine(f.cell, f.range.end.line) }
        : { startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: Math.max(loc.endColumn, loc.column) };
      const prefix = file.kind === 'ipynb' && loc.cell !== null ? `cell ${loc.cell}, line ${loc.line}: ` : '';
      return {
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code),
        level: SARIF_LEVEL[f.severity],
        message: { text: prefix + f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: file.path.split('\\').join('/'), uriBaseId: '%SRCROOT%' }, region } }],
        properties: loc.cell !== null ? { cell: loc.cell, cellLine: loc.line, cellColumn: loc.column } : undefined,
      };
    });
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'nb2prod',
          version,
          informationUri: docsUri,
          rules: RULE_CODES.map((r) => ({
            id: r.code,
            name: r.name,
            shortDescription: { text: r.name.replace(/-/g, ' ') },
            helpUri: `${docsUri}#${r.code.toLowerCase()}-${r.name}`,
            defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
          })),
        },
      },
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
