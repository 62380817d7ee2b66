// The notebook-to-production checklist: eleven steps, each done, partial or
// missing, with a one-line reason taken from the project's real state and a link
// to the file or the problems behind it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFilled, parseBrief, type Brief } from './brief/parse';
import { BRIEF_FIELDS } from './brief/template';
import { testsOf, type ProjectModel } from './project/model';

export type ReadinessStatus = 'done' | 'partial' | 'missing';

export interface ReadinessItem {
  id: string;
  title: string;
  status: ReadinessStatus;
  reason: string;
  /** What the item's link opens: a project file, or the Problems view filtered to codes. */
  target?: { file: string } | { codes: string[] };
}

export interface Readiness {
  version: 1;
  /** 0 to 100: done counts 1, partial one half. */
  score: number;
  items: ReadinessItem[];
}

/** Findings per code over the project's notebooks, from the engine. */
export type FindingCounts = Record<string, number>;

function read(root: string, rel: string): string {
  try {
    return fs.readFileSync(path.join(root, rel), 'utf8');
  } catch {
    return '';
  }
}

function status(done: number, of: number): ReadinessStatus {
  return done >= of ? 'done' : done > 0 ? 'partial' : 'missing';
}

const BRIEF_CORE = ['users', 'decision', 'kpi', 'failure-modes', 'owners'];
const LOGS_VERSIONS = /\b(?:log(?:ger|ging)?\.\w+|mlflow\.log_\w+|wandb\.log|print)\s*\([^)]*\b(?:model(?:_name|_version|_id)?|prompt(?:_version|_id)?|config(?:_version)?|version)\b/;
const LOGGING = /\bimport\s+(?:logging|structlog|mlflow|wandb)\b|\bfrom\s+(?:loguru|mlflow|wandb)\b|getLogger\(/;

export function computeReadiness(model: ProjectModel, counts: FindingCounts): Readiness {
  const root = model.root;
  const briefText = model.brief ? read(root, model.brief) : undefined;
  let brief: Brief | undefined;
  try {
    brief = briefText !== undefined ? parseBrief(briefText) : undefined;
  } catch {
    brief = undefined;
  }
  const briefTarget = { file: model.brief ?? 'PRODUCTION_BRIEF.md' };
  const filled = (id: string) => isFilled(brief, id);
  const code = (files: string[]) => files.filter((f) => f.endsWith('.py'));
  const pipelines = code(model.files.filter((f) => f.startsWith('pipelines/')));
  const app = code(model.files.filter((f) => f.startsWith('app/')));
  const items: ReadinessItem[] = [];

  const core = BRIEF_CORE.filter(filled);
  items.push({
    id: 'brief', title: 'Production brief', status: brief ? status(core.length, BRIEF_CORE.length) : 'missing', target: briefTarget,
    reason: !brief ? 'No PRODUCTION_BRIEF.md yet.' : core.length === BRIEF_CORE.length ? 'Users, decision, KPI, failure modes and owners are written down.' : `Still to fill: ${BRIEF_CORE.filter((f) => !filled(f)).map((f) => BRIEF_FIELDS.find((x) => x.id === f)?.heading ?? f).join(', ')}.`,
  });

  const approach = ['approach', 'simpler-alternative'].filter(filled);
  items.push({
    id: 'approach', title: 'Approach chosen against a simpler alternative', status: status(approach.length, 2), target: briefTarget,
    reason: approach.length === 2 ? 'The approach and the simpler alternative are recorded.' : approach.length === 1 ? `The brief has ${approach[0] === 'approach' ? 'an approach but no simpler alternative' : 'a simpler alternative but no approach'}.` : 'The brief records no approach and no simpler alternative.',
  });

  const pathProblems = (counts.NB201 ?? 0) + (counts.NB202 ?? 0);
  const configured = model.files.some((f) => f.startsWith('configs/'));
  const dataSteps = [pathProblems === 0, configured || pathProblems === 0, pipelines.length > 0 || model.modules.some((m) => /load|data|io/.test(m.module))].filter(Boolean).length;
  items.push({
    id: 'data-path', title: 'Repeatable data path', status: status(dataSteps, 3), target: pathProblems > 0 ? { codes: ['NB201', 'NB202'] } : pipelines[0] ? { file: pipelines[0] } : undefined,
    reason: pathProblems > 0 ? `${pathProblems} machine-specific path${pathProblems === 1 ? '' : 's'} or data location${pathProblems === 1 ? '' : 's'} in notebooks.` : pipelines.length || dataSteps === 3 ? 'No machine-specific paths; data is loaded by project code.' : 'No machine-specific paths, but no pipelines/ job or loader yet.',
  });

  const tested = model.modules.filter((m) => testsOf(model, m).length > 0);
  const modules = model.modules.filter((m) => !(m.file.endsWith('__init__.py') && m.definitions.length === 0));
  items.push({
    id: 'modules', title: 'Reusable code in src/ with tests', status: modules.length === 0 ? 'missing' : status(tested.filter((m) => modules.includes(m)).length, modules.length), target: modules.length ? { codes: ['NB301', 'NB302'] } : undefined,
    reason: modules.length === 0 ? 'No modules in src/ yet: the code lives in notebooks.' : `${tested.filter((m) => modules.includes(m)).length} of ${modules.length} modules have tests.`,
  });

  const baseline = filled('simpler-alternative') || model.files.some((f) => /^evals\/.*baseline/i.test(f));
  items.push({
    id: 'evals', title: 'Baseline and eval cases', status: status(Number(model.evalCases > 0) + Number(baseline), 2), target: model.evalFiles[0] ? { file: model.evalFiles[0] } : { codes: ['NB304'] },
    reason: `${model.evalCases} eval case${model.evalCases === 1 ? '' : 's'} in evals/; ${baseline ? 'a baseline is recorded' : 'no baseline to compare against'}.`,
  });

  const serving = brief?.fields.serving ?? '';
  const needsApi = /\b(?:api|http|rest|endpoint|online|real[- ]?time)\b/i.test(serving);
  const needsJob = /\b(?:batch|schedul|cron|nightly|daily|hourly|queue|stream)\w*/i.test(serving);
  const entry = needsApi ? app.length > 0 : needsJob ? pipelines.length > 0 : app.length + pipelines.length > 0;
  items.push({
    id: 'serving', title: 'Serving decided, with an entry point', status: !serving ? 'missing' : entry ? 'done' : 'partial', target: briefTarget,
    reason: !serving ? 'The brief does not say how the output is served.' : entry ? 'Serving is recorded and has an entry point.' : `Serving is recorded, but there is no ${needsApi ? 'app/' : needsJob ? 'pipelines/' : 'app/ or pipelines/'} entry point.`,
  });

  const pinned = model.dependencies.length > 0 && (model.lockFile !== undefined || model.dependencies.every((d) => d.pinned));
  const envConfig = model.files.some((f) => f === '.env.example' || f.startsWith('configs/')) || fs.existsSync(path.join(root, '.env.example'));
  const readme = read(root, 'README.md');
  const runCommand = /```[a-z]*\n[^`]*\b(?:python3?\s+-m\s+\w|python3?\s+\S+\.py|uv run|poetry run|make\s+\w|docker run|\w+\s+run\b)/.test(readme);
  const packaging = [pinned, envConfig, runCommand];
  items.push({
    id: 'packaging', title: 'Packaging: pinned dependencies, configuration, a run command', status: status(packaging.filter(Boolean).length, 3), target: !pinned ? { codes: ['NB401', 'NB402'] } : { file: 'README.md' },
    reason: (() => {
      const names = ['pinned dependencies', 'environment configuration', 'a run command in the README'];
      const has = names.filter((_, i) => packaging[i]);
      const lacks = names.filter((_, i) => !packaging[i]);
      return has.length === 0 ? `Missing ${lacks.join(', ')}.` : `Has ${has.join(', ')}${lacks.length ? `; missing ${lacks.join(', ')}` : ''}.`;
    })(),
  });

  const sources = [...model.modules.map((m) => m.file), ...pipelines, ...app].slice(0, 200).map((f) => read(root, f));
  const logsVersions = sources.some((s) => LOGS_VERSIONS.test(s));
  const logs = sources.some((s) => LOGGING.test(s));
  items.push({
    id: 'logging', title: 'Outputs logged with model, prompt and config versions', status: logsVersions ? 'done' : logs ? 'partial' : 'missing',
    reason: logsVersions ? 'Project code logs versions with its outputs.' : logs ? 'Project code logs, but not the model, prompt or config version.' : 'Project code does not log its outputs.',
  });

  for (const [id, title, field] of [['release', 'Release plan', 'release-plan'], ['monitoring', 'Monitoring', 'monitoring']] as const) {
    items.push({ id, title, status: filled(field) ? 'done' : 'missing', target: briefTarget, reason: filled(field) ? `The brief has a ${title.toLowerCase()}.` : `The brief has no ${title.toLowerCase()}.` });
  }
  const feedback = filled('feedback');
  items.push({
    id: 'feedback', title: 'Feedback becomes tests', status: feedback && model.tests.length > 0 ? 'done' : feedback || model.tests.length > 0 ? 'partial' : 'missing', target: briefTarget,
    reason: `${feedback ? 'The brief says how feedback becomes tests' : 'The brief does not say how feedback becomes tests'}; ${model.tests.length} test file${model.tests.length === 1 ? '' : 's'}.`,
  });

  const score = Math.round((100 * items.reduce((n, i) => n + (i.status === 'done' ? 1 : i.status === 'partial' ? 0.5 : 0), 0)) / items.length);
  return { version: 1, score, items };
}
