import type { StringLiteral } from '../../cellSummary';
import { LLM_LIBRARIES, PROMPT_NAME } from '../../knowledge/libraries';
import type { Rule } from '../rule';
import { callsKey, NotebookImports } from './imports';

/** At least this many words (a template with placeholders: eight on several lines): a prompt, not a label. */
const MIN_WORDS = 20;

/** A system prompt by its name or its first words. */
const SYSTEM = /system|instruction/i;
// "You are an analyst…" sets a persona; "You are tasked with…" / "You are given…" is a one-off request.
const YOU_ARE = /^\s*(?:\\\s*)?you are\b(?!\s+(?:tasked|given|asked|going|about|to)\b)/i;
/** A template: `{name}` fields for str.format, or f-string expressions (kept as `{…}` in the value). */
const PLACEHOLDER = /\{(?:[A-Za-z_]\w*|…)\}/;

/**
 * A prompt worth its own file: a system prompt or a template with placeholders,
 * long enough to be more than a label. A one-off question written for a demo
 * (`prompt = "What is the capital of France?"`) is input, not a template.
 */
export function isPromptLiteral(s: StringLiteral): boolean {
  const name = s.context.target ?? s.context.keyword;
  if (!name || !PROMPT_NAME.test(name) || s.context.suffix) return false;
  const words = s.value.split(/\s+/).filter(Boolean).length;
  const template = PLACEHOLDER.test(s.value);
  // A short template on several lines (`Context: {context}\nQuestion: {question}`) is one;
  // a two-line persona ("You are a translator. Translate to Spanish.") is a demo's toy.
  if (template && s.value.includes('\n') && words >= 8) return true;
  if (words < MIN_WORDS) return false;
  return template || SYSTEM.test(name) || YOU_ARE.test(s.value);
}

/**
 * NB506: system prompts and prompt templates written in the code of an LLM notebook, once per
 * notebook (the others related): a prompt changes like configuration and needs a
 * version of its own. The fix moves them to files under prompts/.
 */
export const inlinePrompt: Rule = {
  code: 'NB506',
  name: 'inline-prompt',
  defaultSeverity: 'information',
  // 80 % right on holdout3 (docs/precision.md): one-off questions bound to `prompt` read as templates.
  optIn: true,
  reads: { cellKey: (c) => callsKey(c.summary, c.summary.strings.filter(isPromptLiteral)) },
  check({ codeCells }) {
    const imports = NotebookImports.of(codeCells);
    if (!LLM_LIBRARIES.some((m) => imports.imports(m))) return [];
    const prompts = codeCells.flatMap((c) => c.summary.strings.filter(isPromptLiteral).map((s) => ({ cell: c.index, literal: s })));
    if (prompts.length === 0) return [];
    const [first, ...rest] = prompts;
    const name = first.literal.context.target ?? first.literal.context.keyword;
    return [{
      cell: first.cell,
      range: first.literal.range,
      message: `The prompt \`${name}\` is written into the code${rest.length ? ` (and ${rest.length} more prompt${rest.length > 1 ? 's' : ''})` : ''}: a prompt changes like configuration, and every output should record which version made it. Move it to a file under prompts/ and load it.`,
      related: rest.map((p) => ({ cell: p.cell, range: p.literal.range, message: `prompt \`${p.literal.context.target ?? p.literal.context.keyword}\`` })),
      data: { fix: 'prompts' },
    }];
  },
};
