// PRODUCTION_BRIEF.md as data, tolerant of hand edits: sections may be reordered,
// missing or extra, headings oddly spaced or cased, lines CRLF. Writing a field
// back changes that section's body only; every other byte stays as it was.
import { z } from 'zod';
import { BRIEF_FIELDS, type BriefField } from './template';

export const briefSchema = z.object({
  title: z.string(),
  fields: z.record(z.string(), z.string()),
  extraSections: z.array(z.string()),
});
export type Brief = z.infer<typeof briefSchema>;

interface Section {
  heading: string;
  field?: BriefField;
  /** Offsets of the body: after the heading line, up to the next `## ` heading or the end. */
  bodyStart: number;
  bodyEnd: number;
}

const normal = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
const FIELD_BY_HEADING = new Map(BRIEF_FIELDS.map((f) => [normal(f.heading), f]));

function sections(text: string): { title: string; sections: Section[] } {
  const found: Section[] = [];
  let title = '';
  const headingRe = /^(#{1,2})[ \t]*([^\r\n#][^\r\n]*?)[ \t#]*(\r?\n|$)/gm;
  let inFence = false;
  let fenceCheck = 0;
  for (const m of text.matchAll(headingRe)) {
    // Headings inside ``` fences are text, not sections.
    const fences = (text.slice(fenceCheck, m.index).match(/^```/gm) ?? []).length;
    if (fences % 2 === 1) inFence = !inFence;
    fenceCheck = m.index!;
    if (inFence) continue;
    if (m[1] === '#') {
      if (!title) title = m[2].trim();
      continue;
    }
    const last = found[found.length - 1];
    if (last) last.bodyEnd = m.index!;
    found.push({ heading: m[2].trim(), field: FIELD_BY_HEADING.get(normal(m[2])), bodyStart: m.index! + m[0].length, bodyEnd: text.length });
  }
  return { title, sections: found };
}

/** A section's answer: its text without HTML comments (the template's prompts). */
export function answerOf(body: string): string {
  return body.replace(/<!--[\s\S]*?-->/g, '').trim();
}

export function parseBrief(text: string): Brief {
  const { title, sections: found } = sections(text);
  const fields: Record<string, string> = {};
  const extraSections: string[] = [];
  for (const s of found) {
    if (s.field && fields[s.field.id] === undefined) fields[s.field.id] = answerOf(text.slice(s.bodyStart, s.bodyEnd));
    else if (!s.field) extraSections.push(s.heading);
  }
  return briefSchema.parse({ title, fields, extraSections });
}

export function isFilled(brief: Brief | undefined, id: string): boolean {
  return (brief?.fields[id] ?? '').length > 0;
}

/**
 * The brief with one field set to `value`. The section's body is replaced (its
 * prompt comment kept); a missing section is appended. Line endings follow the file.
 */
export function updateBriefField(text: string, id: string, value: string): string {
  const field = BRIEF_FIELDS.find((f) => f.id === id);
  if (!field) throw new Error(`unknown brief field: ${id}`);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const answer = value.trim().replace(/\r?\n/g, eol);
  const section = sections(text).sections.find((s) => s.field?.id === id);
  if (!section) {
    const sep = text === '' || text.endsWith(eol + eol) ? '' : text.endsWith(eol) ? eol : eol + eol;
    return `${text}${sep}## ${field.heading}${eol}${eol}${answer}${eol}`;
  }
  const body = text.slice(section.bodyStart, section.bodyEnd);
  const comments = (body.match(/<!--[\s\S]*?-->/g) ?? []).join(eol);
  const trailing = /(\r?\n)*$/.exec(body)?.[0] ?? '';
  const newBody = `${eol}${comments ? comments + eol : ''}${answer}${answer ? eol : ''}${trailing.length > 0 ? trailing.replace(/^\r?\n/, '') : ''}`;
  return text.slice(0, section.bodyStart) + newBody + text.slice(section.bodyEnd);
}
