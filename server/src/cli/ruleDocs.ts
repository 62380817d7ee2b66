// Each rule's section of docs/rules.md, baked into the bundle at build time, for
// `nb2prod rule CODE` and the SARIF rule help.
import { RULE_CODES } from '../engine/rules';
import { RULES_DOC } from '../shared/buildInfo';

/** The markdown of `## CODE name` up to the next `##` heading or `---` rule, trimmed. */
export function ruleSection(code: string, doc = RULES_DOC): string | undefined {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${code} `));
  if (start < 0) return undefined;
  let end = start + 1;
  let fenced = false;
  for (; end < lines.length; end++) {
    if (lines[end].startsWith('```')) fenced = !fenced;
    if (!fenced && (lines[end].startsWith('## ') || lines[end].startsWith('# ') || lines[end].trim() === '---')) break;
  }
  return lines.slice(start, end).join('\n').trim();
}

/** The first paragraph after the heading, without markdown emphasis: a one-paragraph description. */
export function ruleSummary(code: string, doc = RULES_DOC): string | undefined {
  const section = ruleSection(code, doc);
  if (!section) return undefined;
  const paragraph = section.split('\n\n')[1];
  return paragraph?.replace(/\*\*[^*]+\*\*\s*/g, '').replace(/\s*\n\s*/g, ' ').trim();
}

export function knownCodes(): string[] {
  return RULE_CODES.map((r) => r.code);
}
