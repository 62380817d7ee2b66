// "Add as eval case" for a cell that asks a language model: the call, its
// resolved inputs and the saved answer, as an eval case (or why not).
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { observedAnswer } from './answer';
import { type EvalCase, pickGrader, shortHash } from './caseFormat';
import { findLlmCall } from './findCall';

/** Every string in the case's input: the texts an echoed prompt would show. */
function literalTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value.trim()];
  if (Array.isArray(value)) return value.flatMap(literalTexts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(literalTexts);
  return [];
}

export type PlanResult = { case: EvalCase } | { refused: string; modelCall: boolean };

/** `notebook` is the notebook's path relative to the project root; `cellId` the nbformat cell id when known. */
export function planLlmEvalCase(cells: readonly CellInput[], cell: number, statements: (source: string) => Statement[], notebook: string, cellId?: string): PlanResult {
  if (cells[cell].kind !== 'code') return { refused: 'not a code cell', modelCall: false };
  const found = findLlmCall(cells, cell, statements);
  if ('refused' in found) return found;
  const { call } = found;
  const answer = observedAnswer(cells[cell], { printed: call.printed, streamed: call.streamed, calls: call.calls, tools: call.tools, prompt: call.input.prompt, inputs: literalTexts(call.input) });
  // Documents from a retriever: the call was not a model's after all.
  if ('refused' in answer) return { refused: answer.refused, modelCall: !answer.documents };
  const promptKey = JSON.stringify(call.input);
  const id = `${cellId ?? shortHash(`${notebook}\n${call.callee}`).slice(0, 8)}-${shortHash(promptKey).slice(0, 8)}`;
  return {
    case: {
      id,
      input: call.input,
      reference: answer.answer,
      grader: pickGrader(answer.answer),
      model: call.model,
      params: call.params,
      prompt_version: shortHash(call.template),
      tags: [call.vendor],
      source: { notebook, cell_id: cellId ?? null, callee: call.callee },
    },
  };
}
