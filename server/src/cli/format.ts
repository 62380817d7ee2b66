// CLI output: text for people, JSON for scripts, SARIF 2.1.0 for code scanning,
// GitHub workflow commands for annotations on pull requests.
import { RULE_CODES } from '../engine/rules';
import type { Finding, Severity } from '../engine/types';
import { notebookJsonLines } from '../engine/files';
import { findSecretsInText, maskSecret } from '../engine/detectors/secrets';
import { ruleDocUrl } from '../engine/analyze';
import { locationOf, type CheckResult, type FileReport } from './check';
import { ruleSection, ruleSummary } from './ruleDocs';

export type { Format } from './args';

const RULE_NAMES = new Map(RULE_CODES.map((r) => [r.code, r.name]));

/** ANSI styles, or none when colour is off. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  severity(sev: Severity, s: string): string;
}

const ansi = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const SEVERITY_COLOUR: Record<Severity, (s: string) => string> = { error: ansi('31;1'), warning: ansi('33;1'), information: ansi('34;1'), hint: ansi('2') };
export const COLOUR: Style = { bold: ansi('1'), dim: ansi('2'), severity: (sev, s) => SEVERITY_COLOUR[sev](s) };
export const PLAIN: Style = { bold: (s) => s, dim: (s) => s, severity: (_sev, s) => s };

/** Colour on a terminal; NO_COLOR turns it off and FORCE_COLOR on (https://no-color.org, https://force-color.org). */
export function useColour(env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTty;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A flagged string literal's span without its prefix and quotes, so the mask keeps the line's quotes. */
function literalContent(text: string, start: number, end: number): [number, number] {
  const open = /^[rRbBfFuU]{0,2}('''|"""|'|")/.exec(text.slice(start, end));
  if (!open) return [start, end];
  const quote = open[1];
  const inner: [number, number] = [start + open[0].length, end - quote.length];
  return inner[1] > inner[0] && text.slice(inner[1], end) === quote ? inner : [start, end];
}

/**
 * A source line with every secret masked (provider-shaped tokens, and the spans NB203
 * flagged on it), and a function moving columns of the original line to the masked one.
 */
export function maskLine(text: string, secretSpans: [number, number][]): { text: string; column(c: number): number } {
  const spans = secretSpans.map(([start, end]) => literalContent(text, start, end));
  for (const { secret } of findSecretsInText(text)) {
    for (let i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + 1)) spans.push([i, i + secret.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const kept: { start: number; end: number; mask: string }[] = [];
  for (const [start, end] of spans) {
    const last = kept[kept.length - 1];
    if (last && start < last.end) {
      last.end = Math.max(last.end, end);
      last.mask = maskSecret(text.slice(last.start, last.end));
    } else kept.push({ start, end, mask: maskSecret(text.slice(start, end)) });
  }
  let out = '';
  let at = 0;
  for (const k of kept) {
    out += text.slice(at, k.start) + k.mask;
    at = k.end;
  }
  out += text.slice(at);
  const column = (c: number) => {
    let shift = 0;
    for (const k of kept) {
      if (c >= k.end) shift += k.mask.length - (k.end - k.start);
      else if (c > k.start) return k.start + shift + Math.min(c - k.start, k.mask.length);
    }
    return c + shift;
  };
  return { text: out, column };
}

/** The flagged source line with a caret under the flagged text, secrets masked; nothing when the line is unknown. */
function snippet(file: FileReport, f: Finding, lineNumber: number, style: Style): string[] {
  const source = f.cell >= 0 ? file.sources[f.cell] : file.kind === 'file' ? file.sources[0] : undefined;
  const raw = source?.split(/\r?\n/)[f.range.start.line];
  if (!raw?.trim()) return [];
  const secretSpans = file.findings
    .filter((x) => x.code === 'NB203' && x.cell === f.cell && x.range.start.line === f.range.start.line)
    .map((x): [number, number] => [x.range.start.character, x.range.end.line === x.range.start.line ? x.range.end.character : raw.length]);
  const { text, column } = maskLine(raw, secretSpans);
  const start = column(f.range.start.character);
  const end = f.range.end.line === f.range.start.line ? column(f.range.end.character) : text.length;
  const gutter = ' '.repeat(String(lineNumber).length);
  return [
    `    ${style.dim(String(lineNumber))} ${style.dim('|')} ${text}`,
    `    ${gutter} ${style.dim('|')} ${' '.repeat(start)}${style.severity(f.severity, '^'.repeat(Math.max(1, end - start)))}`,
  ];
}

export interface TextOptions {
  style: Style;
  quiet: boolean;
  /** Findings hidden by the baseline, for the summary. */
  baselined?: number;
}

/**
 * A report written as the files come, in their order: `file` for each checked file, then
 * `end` once. What a writer keeps between files is counts, so a check over a folder need
 * not hold every file's findings (SARIF, one JSON document with its rules, is the exception).
 */
export interface ReportWriter {
  file(report: FileReport): void;
  /** `checked`: how many files were reported; `baselined`: findings the baseline hid. */
  end(rest: Omit<CheckResult, 'files'> & { checked: number; baselined?: number }): void;
}

/** A whole result through a writer, as one string. */
function collect(result: CheckResult, make: (write: (s: string) => void) => ReportWriter): string {
  const out: string[] = [];
  const writer = make((s) => out.push(s));
  for (const file of result.files) writer.file(file);
  writer.end({ ...result, checked: result.files.length });
  return out.join('');
}

/** Findings grouped by file: location, severity, code, message, then the source line with a caret. */
export function formatText(result: CheckResult, options: TextOptions): string {
  return collect(result, (write) => textWriter(options, write));
}

export function textWriter(options: TextOptions, write: (s: string) => void): ReportWriter {
  const { style } = options;
  let started = false;
  // Lines joined by newlines, as they come.
  const line = (s: string) => {
    write(started ? `\n${s}` : s);
    started = true;
  };
  let count = 0;
  const bySeverity = new Map<Severity, number>();
  return {
    file(file) {
      if (file.findings.length === 0) return;
      line(style.bold(file.path));
      for (const f of file.findings) {
        const loc = locationOf(file, f);
        const where = file.kind === 'ipynb' && loc.cell !== null ? `cell ${loc.cell}:${loc.line}:${loc.column}` : `${loc.line}:${loc.column}`;
        line(`  ${where}  ${style.severity(f.severity, f.severity)}  ${style.bold(f.code)} ${f.message}`);
        for (const l of snippet(file, f, loc.line, style)) line(l);
        count++;
        bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
      }
      line('');
    },
    end(result) {
      if (options.quiet) return;
      for (const w of result.warnings) line(`${style.severity('warning', 'warning')}: ${w}`);
      if (result.outOfScope.count > 0) {
        const files = [...new Set(result.outOfScope.files)];
        line(`${plural(result.outOfScope.count, 'project-level finding')} in ${files.slice(0, 3).join(', ')}${files.length > 3 ? ', ...' : ''}, outside the given paths (check the project root to see them).`);
      }
      const baselined = result.baselined ?? options.baselined;
      if (baselined) line(`${plural(baselined, 'finding')} recorded in the baseline not shown.`);
      const checked = result.checked;
      const breakdown = (['error', 'warning', 'information', 'hint'] as const).filter((s) => bySeverity.has(s)).map((s) => plural(bySeverity.get(s)!, s === 'information' ? 'info' : s));
      line(count === 0 ? `No findings in ${plural(checked, 'file')}.` : `${plural(count, 'finding')} (${breakdown.join(', ')}) in ${plural(checked, 'file')}.`);
      write('\n');
    },
  };
}

/** `--statistics`: findings per rule, most frequent first. */
export function formatStatistics(result: CheckResult): string {
  return collect(result, statisticsWriter);
}

export function statisticsWriter(write: (s: string) => void): ReportWriter {
  const counts = new Map<string, number>();
  return {
    file(file) {
      for (const f of file.findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
    },
    end() {
      const rows = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const width = String(rows[0]?.[1] ?? 0).length;
      write(rows.map(([code, n]) => `${String(n).padStart(width)}  ${code}  ${RULE_NAMES.get(code) ?? ''}`.trimEnd()).join('\n') + (rows.length ? '\n' : ''));
    },
  };
}

function jsonDiagnostic(file: FileReport, f: Finding, fingerprint: string) {
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
    fingerprint,
  };
}

export function formatJson(result: CheckResult): string {
  return collect(result, jsonWriter);
}

/** JSON.stringify(report, null, 2) of `{ version, files, warnings }`, written a file at a time. */
export function jsonWriter(write: (s: string) => void): ReportWriter {
  let n = 0;
  // A value's JSON at a depth of the whole document (strings hold no raw newline).
  const nested = (value: unknown, indent: string) => JSON.stringify(value, null, 2).split('\n').join(`\n${indent}`);
  // A file's entry at its depth in `files` (each line indented by 4 more): stringified inside a
  // wrapper of that depth and cut out of it, not indented again line by line (split, join: a
  // fifth of what the main thread allocated over 2,000 notebooks).
  const head = '{\n  "files": [\n    '.length;
  const tail = '\n  ]\n}'.length;
  const atDepth = (entry: unknown) => {
    const json = JSON.stringify({ files: [entry] }, null, 2);
    return json.slice(head, json.length - tail);
  };
  return {
    file(file) {
      const entry = { path: file.path, diagnostics: file.findings.map((f, i) => jsonDiagnostic(file, f, file.fingerprints[i])) };
      write(`${n++ === 0 ? '{\n  "version": 1,\n  "files": [\n    ' : ',\n    '}${atDepth(entry)}`);
    },
    end(result) {
      write(`${n === 0 ? '{\n  "version": 1,\n  "files": [],\n' : '\n  ],\n'}  "warnings": ${nested(result.warnings, '  ')}\n}\n`);
    },
  };
}

/** Where a finding is in the file on disk: notebook findings map to lines of the JSON. */
function fileRegion(file: FileReport, f: Finding, jsonLine: ((cell: number, line: number) => number) | undefined) {
  const loc = locationOf(file, f);
  return jsonLine && f.cell >= 0
    ? { startLine: jsonLine(f.cell, f.range.start.line), endLine: jsonLine(f.cell, f.range.end.line) }
    : { startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: Math.max(loc.endColumn, loc.column) };
}

const jsonLinesOf = (file: FileReport) => (file.kind === 'ipynb' && file.rawText ? notebookJsonLines(file.rawText) : undefined);

function cellPrefix(file: FileReport, f: Finding, separator: string): string {
  const loc = locationOf(file, f);
  return file.kind === 'ipynb' && loc.cell !== null ? `cell ${loc.cell}, line ${loc.line}${separator}` : '';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF is one document with the rules before the results: the reports are kept until the end (their text is not). */
export function sarifWriter(version: string, docsUrl: string, write: (s: string) => void): ReportWriter {
  const files: FileReport[] = [];
  return {
    file: (file) => files.push(file),
    end: (rest) => write(formatSarif({ ...rest, files }, version, docsUrl)),
  };
}

/** @param docsUrl docs/rules.md where code scanning users can open it (the repository by default). */
export function formatSarif(result: CheckResult, version: string, docsUrl: string): string {
  const ruleIndex = new Map(RULE_CODES.map((r, i) => [r.code, i]));
  const results = result.files.flatMap((file) => {
    if (file.findings.length === 0) return []; // its text is not read
    const jsonLine = jsonLinesOf(file);
    return file.findings.map((f, i) => {
      const loc = locationOf(file, f);
      return {
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code),
        level: SARIF_LEVEL[f.severity],
        message: { text: cellPrefix(file, f, ': ') + f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: file.path.split('\\').join('/'), uriBaseId: '%SRCROOT%' }, region: fileRegion(file, f, jsonLine) } }],
        partialFingerprints: { 'nb2prodFinding/v1': file.fingerprints[i] },
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
          semanticVersion: version,
          informationUri: docsUrl,
          rules: RULE_CODES.map((r) => {
            const summary = ruleSummary(r.code);
            const section = ruleSection(r.code);
            return {
              id: r.code,
              name: r.name,
              shortDescription: { text: r.name.replace(/-/g, ' ') },
              fullDescription: summary ? { text: summary } : undefined,
              help: section ? { text: summary ?? r.name, markdown: section } : undefined,
              helpUri: ruleDocUrl(docsUrl, r.code, r.name),
              defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
            };
          }),
        },
      },
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** Workflow commands escape %, CR and LF in messages, and also : and , in properties. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** `::error file=…,line=…::message` lines: GitHub Actions shows them on the pull request's diff. */
export function formatGithub(result: CheckResult): string {
  return collect(result, githubWriter);
}

export function githubWriter(write: (s: string) => void): ReportWriter {
  return { file: (file) => write(githubLines(file).map((l) => `${l}\n`).join('')), end: () => undefined };
}

function githubLines(file: FileReport): string[] {
  const lines: string[] = [];
  if (file.findings.length === 0) return lines;
  const jsonLine = jsonLinesOf(file);
  for (const f of file.findings) {
    const region = fileRegion(file, f, jsonLine);
    const props = [`file=${escapeProperty(file.path.split('\\').join('/'))}`, `line=${region.startLine}`, `endLine=${region.endLine}`];
    if ('startColumn' in region && region.startLine === region.endLine) props.push(`col=${region.startColumn}`, `endColumn=${region.endColumn}`);
    props.push(`title=${escapeProperty(`${f.code} ${RULE_NAMES.get(f.code) ?? ''}`.trim())}`);
    lines.push(`::${GITHUB_LEVEL[f.severity]} ${props.join(',')}::${escapeData(cellPrefix(file, f, ': ') + f.message)}`);
  }
  return lines;
}
