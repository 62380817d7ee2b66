// "Extract the model call to a function": a cell's model call becomes `ask(…)`
// (the call as the notebook made it, with its literal model and parameters and a
// client made from the environment) and `answer(…)` (the answer text alone, what
// the eval cases grade) in src/<package>/<module>.py. The cell calls `ask`, so it
// shows what it showed before; the cell's eval case targets `answer`.
import type { Statement } from '../statements';
import type { CellInput } from '../types';
import { type EvalCase } from './caseFormat';
import { findLlmCall } from './findCall';
import { EXTRACTABLE_CALLS } from './llmCalls';
import { planLlmEvalCase } from './plan';
import type { Json } from './resolve';

export interface CallExtractionRequest {
  cells: readonly CellInput[];
  cell: number;
  statements: (source: string) => Statement[];
  packageName: string;
  moduleName: string;
  /** The notebook's path relative to the project root, and the cell's nbformat id when known. */
  notebook: string;
  cellId?: string;
  existingModule?: string;
}

export interface CallExtraction {
  /** The module's whole text (a new file). */
  moduleText: string;
  /** The cell's new source. */
  cellText: string;
  /** `package.module:answer`, the eval case's target. */
  target: string;
  /** The cell's eval case with that target, when the saved output gives one. */
  evalCase?: EvalCase;
}

/** A JSON value as Python source. */
export function pythonLiteral(v: Json): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number' || typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pythonLiteral).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pythonLiteral(x)}`).join(', ')}}`;
}

export function planCallExtraction(req: CallExtractionRequest): CallExtraction | { refused: string } {
  const found = findLlmCall(req.cells, req.cell, req.statements);
  if ('refused' in found) return { refused: found.refused };
  const call = found.call;
  const client = EXTRACTABLE_CALLS.find((c) => c.vendor === call.vendor && call.callee.endsWith(`.${c.method}`));
  if (!client) return { refused: `only OpenAI, Anthropic and Gemini client calls are extracted (this is \`${call.callee}\`): use Extract cell to module` };
  if (call.streamed) return { refused: 'the call streams its answer: `answer` could not return it whole' };
  if (call.unresolved.length) return { refused: `the call's \`${call.unresolved[0]}\` is computed, not written out` };
  if (call.model === null || !call.keywordModel) return { refused: 'the call does not name its model' };
  const prompt = call.input.messages !== undefined ? 'messages' : typeof call.promptValue === 'string' ? 'prompt' : undefined;
  if (!prompt) return { refused: 'the prompt is neither a text nor a list of messages' };
  if (req.existingModule !== undefined && /^def (?:ask|answer)\b/m.test(req.existingModule)) return { refused: `src/${req.packageName}/${req.moduleName}.py already defines ask or answer` };

  const args = [`model=${pythonLiteral(call.model)}`, call.promptKey === 0 ? undefined : `${call.promptKey}=${prompt}`, ...Object.entries(call.params).map(([k, v]) => `${k}=${pythonLiteral(v)}`)].filter(Boolean);
  const positional = call.promptKey === 0 ? `${prompt}, ` : '';
  const moduleText = [
    `"""The model call of ${req.notebook}: \`ask\` makes it as the notebook did, \`answer\` returns the answer text (what the eval cases grade)."""`,
    client.header,
    '',
    '',
    `def ask(${prompt}):`,
    '    """Asks the model; the client reads its key from the environment."""',
    `    client = ${client.client}`,
    `    return client.${client.method}(${positional}${args.join(', ')})`,
    '',
    '',
    `def answer(${prompt}: ${prompt === 'messages' ? 'list' : 'str'}) -> str:`,
    '    """The answer text alone."""',
    `    return ask(${prompt})${client.answerText}`,
    '',
  ].join('\n');

  const source = req.cells[req.cell].source;
  const replaced = `${source.slice(0, call.span.start)}ask(${call.promptText})${source.slice(call.span.end)}`;
  const importLine = `from ${req.packageName}.${req.moduleName} import ask\n`;
  // A cell magic stays the cell's first line.
  const magic = /^%%[^\n]*\n/.exec(replaced)?.[0] ?? '';
  const cellText = `${magic}${importLine}${replaced.slice(magic.length)}`;
  const target = `${req.packageName}.${req.moduleName}:answer`;
  const planned = planLlmEvalCase(req.cells, req.cell, req.statements, req.notebook, req.cellId);
  return { moduleText, cellText, target, ...('case' in planned ? { evalCase: { ...planned.case, target } } : {}) };
}
