// The report formats are written a file at a time (cli/format.ts ReportWriter), so a check
// over a folder need not hold every file's findings: the pieces must add up to the document
// one JSON.stringify of the whole report gives, and to the same text report.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckResult, FileReport } from '../../server/src/cli/check';
import { formatJson, jsonWriter, PLAIN, textWriter } from '../../server/src/cli/format';
import type { Finding } from '../../server/src/engine/types';

const finding = (cell: number, line: number, message: string): Finding => ({
  code: 'NB101', severity: 'warning', message, cell, range: { start: { line, character: 0 }, end: { line, character: 4 } }, related: [],
});

const report = (path: string, findings: Finding[]): FileReport => ({
  path, kind: 'ipynb', findings, fingerprints: findings.map((_, i) => `fp${i}`), sources: ['rate = 0.1\nprint(rate)', 'x = "a\\nb"'],
});

const results: CheckResult[] = [
  { files: [], warnings: [], outOfScope: { count: 0, files: [] }, baselines: [] },
  { files: [report('a.ipynb', [])], warnings: ['unknown key "foo"'], outOfScope: { count: 0, files: [] }, baselines: [] },
  {
    files: [report('a.ipynb', [finding(0, 1, 'a "quoted"\nmessage')]), report('dir/b.ipynb', []), report('c.ipynb', [finding(1, 0, 'é'), finding(0, 0, 'x')])],
    warnings: ['one', 'two'], outOfScope: { count: 0, files: [] }, baselines: [],
  },
];

describe('report writers', () => {
  it('write JSON that is JSON.stringify of the whole report, a file at a time', () => {
    for (const result of results) {
      const out = formatJson(result);
      const parsed = JSON.parse(out) as { files: { path: string; diagnostics: { message: string }[] }[]; warnings: string[] };
      assert.equal(out, JSON.stringify(parsed, null, 2) + '\n');
      assert.deepEqual(parsed.files.map((f) => f.path), result.files.map((f) => f.path));
      assert.deepEqual(parsed.files.map((f) => f.diagnostics.map((d) => d.message)), result.files.map((f) => f.findings.map((x) => x.message)));
      assert.deepEqual(parsed.warnings, result.warnings);
      const pieces: string[] = [];
      const writer = jsonWriter((piece) => pieces.push(piece));
      for (const file of result.files) writer.file(file);
      writer.end({ ...result, checked: result.files.length });
      assert.equal(pieces.length, result.files.length + 1, 'one piece per file, then the end');
      assert.equal(pieces.join(''), out);
    }
  });

  it('write the same text a piece at a time as in one go', () => {
    for (const quiet of [false, true]) {
      const result = results[2];
      const pieces: string[] = [];
      const writer = textWriter({ style: PLAIN, quiet }, (s) => pieces.push(s));
      for (const file of result.files) writer.file(file);
      writer.end({ ...result, checked: result.files.length, baselined: 2 });
      const text = pieces.join('');
      assert.ok(pieces.length > 3, 'written as it comes');
      assert.match(text, /^a\.ipynb\n {2}cell 1:2:1 {2}warning {2}NB101 a "quoted"\nmessage\n {4}2 \| print\(rate\)\n/);
      if (quiet) assert.doesNotMatch(text, /findings? .*in 3 files/);
      else assert.match(text, /2 findings recorded in the baseline not shown\.\n3 findings \(3 warnings\) in 3 files\.\n$/);
    }
  });
});
