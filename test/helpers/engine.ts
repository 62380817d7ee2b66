// Shared setup for engine tests: one real engine (real tree-sitter and Python
// grammar from node_modules) and small builders for notebooks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/analyze';
import { mergeConfig, type RuleConfigInput } from '../../server/src/engine/config';
import { defaultWasmDir } from '../../server/src/engine/parser';
import type { CellInput, Finding, NotebookInput } from '../../server/src/engine/types';

/** The repository root: tests run bundled from out/test/..., so look for esbuild.mjs upwards. */
export const REPO_ROOT = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'esbuild.mjs'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${__dirname}`);
  }
})();

let engine: Promise<Engine> | undefined;
export function getEngine(): Promise<Engine> {
  engine ??= Engine.create(defaultWasmDir(REPO_ROOT));
  return engine;
}

export function code(source: string, executionCount: number | null = null): CellInput {
  return { kind: 'code', source, executionCount };
}

export function markdown(source: string): CellInput {
  return { kind: 'markdown', source };
}

export function notebook(...cells: (CellInput | string)[]): NotebookInput {
  return { cells: cells.map((c) => (typeof c === 'string' ? code(c) : c)) };
}

export async function analyze(nb: NotebookInput | string[], config?: RuleConfigInput): Promise<Finding[]> {
  const input = Array.isArray(nb) ? notebook(...nb) : nb;
  return (await getEngine()).analyze(input, mergeConfig(config));
}

/** Findings of one rule as `cell:line:col name-or-text`, cells 1-based like the CLI. */
export async function findingsOf(code: string, nb: NotebookInput | string[]): Promise<string[]> {
  const input = Array.isArray(nb) ? notebook(...nb) : nb;
  const findings = await analyze(input, { select: [code] });
  return findings.map((f) => {
    const source = input.cells[f.cell].source.split('\n')[f.range.start.line] ?? '';
    const text = source.slice(f.range.start.character, f.range.end.line === f.range.start.line ? f.range.end.character : undefined);
    return `${f.cell + 1}:${f.range.start.line + 1}:${f.range.start.character + 1} ${text}`;
  });
}

/**
 * Every place one rule reports, as `cell:line:col text` in document order: each finding's own place and the places
 * it relates (NB201 reports one finding per kind of path, the other places of that kind as related information).
 */
export async function placesOf(code: string, nb: NotebookInput | string[]): Promise<string[]> {
  const input = Array.isArray(nb) ? notebook(...nb) : nb;
  const findings = await analyze(input, { select: [code] });
  const places = findings.flatMap((f) => [{ cell: f.cell, range: f.range }, ...f.related]);
  return places
    .sort((a, b) => a.cell - b.cell || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((p) => {
      const source = input.cells[p.cell].source.split('\n')[p.range.start.line] ?? '';
      const text = source.slice(p.range.start.character, p.range.end.line === p.range.start.line ? p.range.end.character : undefined);
      return `${p.cell + 1}:${p.range.start.line + 1}:${p.range.start.character + 1} ${text}`;
    });
}
