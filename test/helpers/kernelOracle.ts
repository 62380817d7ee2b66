// The kernel oracle's notebooks and replies, shared by the oracle tests and the
// real-notebook scripts (scripts/extract-real.ts, scripts/export-real.ts): notebooks
// written as Jupyter saves them, run top to bottom by test/oracle/run_extractions.py.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { CellInput } from '../../server/src/engine/types';
import { REPO_ROOT } from './engine';
import { oraclePython } from './python';

export type Output = { type: string; name?: string; text?: string; mimes?: string[]; ename?: string; evalue?: string };
export interface OracleReply { runs: Record<string, Output[][]>; tests: Record<string, string> }

export function notebookJson(cells: readonly Pick<CellInput, 'kind' | 'source'>[]): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: cells.map((c) => (c.kind === 'code'
      ? { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: c.source }
      : { cell_type: c.kind === 'markdown' ? 'markdown' : 'raw', metadata: {}, source: c.source })),
  });
}

/**
 * Consecutive stream outputs of one name as one: the kernel flushes stdout in chunks
 * whose boundaries depend on timing ("Item:" then " 0\\n…"); Jupyter shows them as one text.
 */
export function mergeStreams(outputs: Output[]): Output[] {
  const out: Output[] = [];
  for (const o of outputs) {
    const last = out[out.length - 1];
    if (o.type === 'stream' && last?.type === 'stream' && last.name === o.name) out[out.length - 1] = { ...last, text: (last.text ?? '') + (o.text ?? '') };
    else out.push(o);
  }
  return out;
}

/** The outputs of a fresh run as the saved outputs the extraction reads (its tests assert them). */
export function withOutputs(cells: readonly Pick<CellInput, 'kind' | 'source'>[], outputs: Output[][]): CellInput[] {
  return cells.map((c, i) => {
    if (c.kind !== 'code') return { kind: c.kind, source: c.source };
    const outs = outputs[i] ?? [];
    const result = outs.find((o) => o.type === 'execute_result')?.text;
    const stdout = outs.filter((o) => o.type === 'stream' && o.name === 'stdout').map((o) => o.text).join('') || undefined;
    const texts = outs.map((o) => o.text ?? o.evalue ?? '').filter(Boolean);
    const failed = outs.find((o) => o.type === 'error');
    return { kind: 'code', source: c.source, executionCount: i + 1, result, stdout, outputs: texts.length ? texts : undefined, ...(failed ? { error: `${failed.ename}: ${failed.evalue}` } : {}) };
  });
}

/** The kernel oracle, its errors shown (a notebook that cannot run offline says so here). */
export function oracle(request: unknown): OracleReply {
  return JSON.parse(execFileSync(oraclePython(), [path.join(REPO_ROOT, 'test', 'oracle', 'run_extractions.py')], {
    input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'inherit'],
  })) as OracleReply;
}

