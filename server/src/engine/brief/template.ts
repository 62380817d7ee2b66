// The production brief: one page, kept in the repository as PRODUCTION_BRIEF.md,
// with one `## ` section per question. The template prompts each answer in a line.

export interface BriefField {
  id: string;
  heading: string;
  prompt: string;
}

export const BRIEF_FIELDS: readonly BriefField[] = [
  { id: 'users', heading: 'Users', prompt: 'Who uses the output, and where do they see it?' },
  { id: 'decision', heading: 'Decision', prompt: 'Which decision changes because of the output, and how is it made today?' },
  { id: 'kpi', heading: 'KPI', prompt: 'Which number should move, by how much, and how is it measured?' },
  { id: 'simpler-alternative', heading: 'Simpler alternative', prompt: 'What simple rule, query or report would be good enough, and how does it score?' },
  { id: 'approach', heading: 'Approach', prompt: 'ML, LLM, retrieval, rules, SQL or a human workflow, and why this one.' },
  { id: 'failure-modes', heading: 'Failure modes', prompt: 'What happens when the output is wrong, late, unavailable or uncertain?' },
  { id: 'owners', heading: 'Owners', prompt: 'Who approves launch, who can roll back, who approves future changes?' },
  { id: 'serving', heading: 'Serving', prompt: 'Batch, API, queue or scheduled; the latency and freshness it needs.' },
  { id: 'release-plan', heading: 'Release plan', prompt: 'Shadow mode, a small audience, an A/B test or manual review first?' },
  { id: 'monitoring', heading: 'Monitoring', prompt: 'What is watched: data, model, service and product metrics, and who is alerted.' },
  { id: 'feedback', heading: 'Feedback', prompt: 'How feedback and incidents become new tests and eval cases.' },
];

export const BRIEF_FILE = 'PRODUCTION_BRIEF.md';

export function briefTemplate(title: string): string {
  const sections = BRIEF_FIELDS.map((f) => `## ${f.heading}\n\n<!-- ${f.prompt} -->\n`).join('\n');
  return `# ${title}: production brief\n\n${sections}`;
}
