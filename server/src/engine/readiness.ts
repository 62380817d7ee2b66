// The notebook-to-production checklist: eleven steps, each done, partial or missing.
// Code facts first (recognised in readiness/facts.ts from what the project contains,
// wherever it lives), the brief second (what code cannot show: users, KPI, owners,
// rollback). Each reason names the files behind it, or says what is missing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFilled, parseBrief, type Brief } from './brief/parse';
import { BRIEF_FIELDS } from './brief/template';
import { testsOf, type ProjectModel, type SourceModule } from './project/model';
import { scanProject } from './project/scan';
import { factsOf, recogniseFacts, type Fact, type ProjectFacts } from './readiness/facts';
import type { FactKind } from './readiness/recognisers';
import { describeEvalSet, EVAL_REPORT_FILE } from './evals/evalSet';

export type ReadinessStatus = 'done' | 'partial' | 'missing';
export type ReadinessSource = 'code' | 'brief';

export interface ReadinessItem {
  id: string;
  title: string;
  status: ReadinessStatus;
  reason: string;
  /** What the item's link opens: a project file, or the Problems view filtered to codes. */
  target?: { file: string } | { codes: string[] };
  /** Where the status comes from: what the code shows, what the brief says, or both. */
  sources: ReadinessSource[];
  /** Project-relative files that show the facts in the reason. */
  files: string[];
  /** The parts of a step made of several that are not done yet: what its next action must do. */
  missing?: ReadinessPart[];
}

/** Parts of the steps made of several: evals (evals, baseline), serving (entry-point, api, job), packaging (pins, configuration, run-command). */
export type ReadinessPart = 'evals' | 'baseline' | 'entry-point' | 'api' | 'job' | 'pins' | 'configuration' | 'run-command';
/** The parts whose flag is false. */
const partsMissing = (parts: Partial<Record<ReadinessPart, boolean>>): ReadinessPart[] => (Object.keys(parts) as ReadinessPart[]).filter((p) => !parts[p]);

export interface Readiness {
  version: 1;
  /** 0 to 100: done counts 1, partial one half. */
  score: number;
  items: ReadinessItem[];
}

/** Findings per code over the project's notebooks, from the engine. */
export type FindingCounts = Record<string, number>;

const MAX_FILES_PER_ITEM = 8;
/** Share of declared dependencies with exact pins that counts as pinned (a stray `>=` for a notebook tool). */
const MOSTLY_PINNED = 0.8;
/** Share of modules with tests that counts as tested. */
const MOSTLY_TESTED = 0.5;
const BRIEF_CORE = ['users', 'decision', 'kpi', 'failure-modes', 'owners'];

function read(root: string, rel: string): string | undefined {
  try {
    return fs.readFileSync(path.join(root, rel), 'utf8');
  } catch {
    return undefined;
  }
}

function status(done: number, of: number): ReadinessStatus {
  return done >= of ? 'done' : done > 0 ? 'partial' : 'missing';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "FastAPI app (app/main.py), Dockerfile with a run command (Dockerfile)". */
function describe(facts: Fact[], max = 3): string {
  const shown = facts.slice(0, max).map((f) => `${f.label} (${f.files[0]}${f.files.length > 1 ? ` +${f.files.length - 1}` : ''})`);
  return shown.join(', ') + (facts.length > max ? ` and ${facts.length - max} more` : '');
}

function filesOf(...groups: Fact[][]): string[] {
  return [...new Set(groups.flat().flatMap((f) => f.files))].slice(0, MAX_FILES_PER_ITEM);
}

function sourcesOf(code: boolean, brief: boolean): ReadinessSource[] {
  return [...(code ? ['code' as const] : []), ...(brief ? ['brief' as const] : [])];
}

function fieldHeading(id: string): string {
  return BRIEF_FIELDS.find((x) => x.id === id)?.heading ?? id;
}

const TEST_FILE = /(?:^|\/)(?:tests?\/|test_[^/]*\.py$|[^/]*_test\.py$|conftest\.py$)/;

/** Folders pytest puts on the import path (`pythonpath = code` in pytest.ini, pyproject or setup.cfg): code roots outside src/. */
export function pytestPythonpath(root: string): string[] {
  const roots: string[] = [];
  for (const file of ['pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini']) {
    const m = read(root, file)?.match(/^[ \t]*pythonpath[ \t]*=[ \t]*(\[[^\]]*\]|[^\n]*)/m);
    if (!m) continue;
    const entries = m[1].startsWith('[') ? [...m[1].matchAll(/["']([^"']+)["']/g)].map((x) => x[1]) : m[1].split(/\s+/);
    for (const e of entries) {
      const dir = e.trim().replace(/^\.\//, '').replace(/\/+$/, '');
      if (dir && dir !== '.' && !dir.startsWith('..')) roots.push(dir);
    }
  }
  return [...new Set(roots)];
}

/**
 * The project's modules with the tests that exercise them, counting test imports of
 * `src.`-prefixed names too, and modules under the folders pytest puts on the path.
 */
function testedModules(model: ProjectModel, files: readonly string[]): { modules: SourceModule[]; tested: SourceModule[] } {
  const modules = model.modules.filter((m) => !(m.file.endsWith('__init__.py') && m.definitions.length === 0));
  const imported = new Set(model.tests.flatMap((t) => t.modules.map((x) => x.replace(/^src\./, ''))));
  const reached = (m: SourceModule) => [...imported].some((x) => x === m.module || x.startsWith(`${m.module}.`) || m.module.startsWith(`${x}.`));
  const known = new Set(model.modules.map((m) => m.file));
  for (const dir of pytestPythonpath(model.root)) {
    for (const file of files) {
      if (!file.startsWith(`${dir}/`) || !file.endsWith('.py') || file.endsWith('__init__.py') || TEST_FILE.test(file.slice(dir.length + 1)) || known.has(file)) continue;
      known.add(file);
      modules.push({ file, module: file.slice(dir.length + 1, -3).replace(/\//g, '.'), definitions: [], imports: [] });
    }
  }
  const tested = modules.filter((m) => testsOf(model, m).length > 0 || reached(m));
  // Test imports of project files outside any package (`from training.train import fit`) are modules too.
  for (const name of imported) {
    const file = `${name.replace(/\./g, '/')}.py`;
    if (!known.has(file) && model.files.includes(file)) {
      const extra = { file, module: name, definitions: [], imports: [] };
      known.add(file);
      modules.push(extra);
      tested.push(extra);
    }
  }
  return { modules, tested };
}

/**
 * Every file of the repository, subprojects with their own pyproject.toml included: the
 * app under `src/backend/` is part of what the repository ships.
 */
export function repositoryFiles(model: ProjectModel): string[] {
  const nested = scanProject(model.root, { nested: true }).files;
  return nested.length >= model.files.length ? nested : model.files;
}

export function computeReadiness(model: ProjectModel, counts: FindingCounts, files: readonly string[] = repositoryFiles(model), facts: ProjectFacts = recogniseFacts(model.root, files)): Readiness {
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
  const of = (...kinds: FactKind[]) => factsOf(facts, ...kinds);
  const items: ReadinessItem[] = [];
  const push = (item: Omit<ReadinessItem, 'target'> & { target?: ReadinessItem['target'] }) =>
    items.push({ ...item, target: item.files[0] ? { file: item.files[0] } : item.target });

  // 1. The brief: only the brief can say who uses the output and who owns it.
  const core = BRIEF_CORE.filter(filled);
  push({
    id: 'brief', title: 'Production brief', status: brief ? status(core.length, BRIEF_CORE.length) : 'missing', target: briefTarget,
    sources: sourcesOf(false, core.length > 0), files: [],
    reason: !brief ? 'No PRODUCTION_BRIEF.md yet.' : core.length === BRIEF_CORE.length ? 'Users, decision, KPI, failure modes and owners are written down.' : `Still to fill: ${BRIEF_CORE.filter((f) => !filled(f)).map(fieldHeading).join(', ')}.`,
  });

  // 2. Approach against a simpler alternative: code shows the approach it implements, and a baseline is a simpler alternative.
  const baselines = of('baseline');
  const implemented = of('approach');
  const approach = filled('approach') || implemented.length > 0;
  const alternative = filled('simpler-alternative') || baselines.length > 0;
  push({
    id: 'approach', title: 'Approach chosen against a simpler alternative', status: status(Number(approach) + Number(alternative), 2), target: briefTarget,
    sources: sourcesOf(implemented.length + baselines.length > 0, filled('approach') || filled('simpler-alternative')), files: filesOf(implemented, baselines),
    reason: [
      filled('approach') ? 'The brief records the approach.' : implemented.length ? `The code implements it: ${describe(implemented, 2)}.` : 'No approach in the brief or the code.',
      filled('simpler-alternative') ? 'The brief records a simpler alternative.' : baselines.length ? `Simpler alternative in code: ${describe(baselines, 2)}.` : 'No simpler alternative to compare with.',
    ].join(' '),
  });

  // 3. Data path: loaders in project code, validated and versioned data, no machine paths in notebooks.
  const pathProblems = (counts.NB201 ?? 0) + (counts.NB202 ?? 0);
  const loaders = of('data-loader');
  const checks = of('data-validation', 'data-version');
  const dataFiles = filesOf(loaders, checks);
  const dataStatus: ReadinessStatus = loaders.length && checks.length && pathProblems === 0 ? 'done'
    : loaders.length || checks.length || (pathProblems === 0 && model.notebooks.length > 0) ? 'partial' : 'missing';
  push({
    id: 'data-path', title: 'Repeatable data path', status: dataStatus, sources: sourcesOf(true, false),
    files: dataFiles, target: pathProblems > 0 ? { codes: ['NB201', 'NB202'] } : undefined,
    reason: [
      loaders.length ? `Data is loaded by project code: ${describe(loaders)}.` : 'No data loader in project code.',
      checks.length ? `Checked or versioned by ${describe(checks)}.` : 'No data validation or versioned data.',
      pathProblems > 0 ? `${plural(pathProblems, 'machine-specific path')} or data location${pathProblems === 1 ? '' : 's'} in notebooks.` : model.notebooks.length ? 'No machine-specific paths in notebooks.' : '',
    ].filter(Boolean).join(' '),
  });
  if (pathProblems > 0) items[items.length - 1].target = { codes: ['NB201', 'NB202'] };

  // 4. Reusable code with tests.
  const { modules, tested } = testedModules(model, files);
  push({
    id: 'modules', title: 'Reusable code in modules with tests', sources: sourcesOf(modules.length > 0, false),
    status: modules.length === 0 ? 'missing' : tested.length >= modules.length * MOSTLY_TESTED && tested.length > 0 ? 'done' : tested.length > 0 ? 'partial' : 'missing',
    files: [], target: modules.length ? { codes: ['NB301', 'NB302'] } : undefined,
    reason: modules.length === 0 ? 'No Python package or src/ modules yet: the code lives in notebooks.' : `${tested.length} of ${modules.length} modules have tests.`,
  });

  // 5. Evaluation and a baseline to beat.
  const suites = of('eval-suite');
  const evals = model.evalCases > 0 || suites.length > 0;
  const baseline = baselines.length > 0 || filled('simpler-alternative');
  push({
    id: 'evals', title: 'Baseline and evaluation', status: status(Number(evals) + Number(baseline), 2), missing: partsMissing({ evals, baseline }),
    sources: sourcesOf(evals || baselines.length > 0, filled('simpler-alternative')),
    files: filesOf(model.evalFiles.length ? [{ kind: 'eval-suite', label: 'eval cases', files: model.evalReport ? [...model.evalFiles, EVAL_REPORT_FILE] : model.evalFiles }] : [], suites, baselines),
    target: { codes: ['NB304'] },
    reason: [
      model.evalCases > 0 ? describeEvalSet(model.evalCases, model.evalPromptVersions, model.evalReport) : '',
      suites.length ? `Evaluated by ${describe(suites)}.` : model.evalCases > 0 ? '' : 'No eval cases, eval tests or evaluation code.',
      baselines.length ? `Baseline: ${describe(baselines, 2)}.` : filled('simpler-alternative') ? 'The brief records the simpler alternative to beat.' : 'No baseline to compare against.',
    ].filter(Boolean).join(' '),
  });

  // 6. Serving: an entry point in code decides it; the brief says what it needs.
  const online = of('serve-online');
  const batch = of('serve-batch');
  const shipped = of('container', 'deploy-manifest');
  const entries = [...online, ...batch, ...shipped];
  const serving = brief?.fields.serving ?? '';
  const needsApi = /\b(?:api|http|rest|endpoint|online|real[- ]?time)\b/i.test(serving);
  const needsJob = /\b(?:batch|schedul|cron|nightly|daily|hourly|queue|stream)\w*/i.test(serving);
  const matches = needsApi ? online.length + shipped.length > 0 : needsJob ? batch.length + shipped.length > 0 : entries.length > 0;
  push({
    id: 'serving', title: 'Serving decided, with an entry point', status: entries.length === 0 ? (serving ? 'partial' : 'missing') : serving && !matches ? 'partial' : 'done',
    // The brief asks for an API or a job the code lacks; else any entry point serves.
    missing: partsMissing(needsApi ? { api: online.length + shipped.length > 0 } : needsJob ? { job: batch.length + shipped.length > 0 } : { 'entry-point': entries.length > 0 }),
    target: briefTarget, sources: sourcesOf(entries.length > 0, serving !== ''), files: filesOf(online, batch, shipped),
    reason: entries.length === 0
      ? serving ? 'The brief says how the output is served, but no entry point serves it (no app, job, console script or Dockerfile).' : 'No app, job entry point or deployment in the code, and the brief does not say how the output is served.'
      : `Served by ${describe(entries)}.${serving ? matches ? ' The brief records how.' : ` The brief asks for ${needsApi ? 'an API' : 'a scheduled job'}, which the code does not provide.` : ''}`,
  });

  // 7. Packaging: pinned dependencies, configuration, a way to run it.
  const dependencies = [...model.dependencies, ...facts.condaDependencies];
  const pinnedShare = dependencies.length ? dependencies.filter((d) => d.pinned).length / dependencies.length : 0;
  const compiled = of('lock-file');
  const lockFile = model.lockFile ?? compiled[0]?.files[0];
  const pinned = lockFile !== undefined || (dependencies.length > 0 && pinnedShare >= MOSTLY_PINNED);
  const config = of('env-config');
  const run = of('run-command');
  const build = of('build-metadata');
  const pinnedText = lockFile ? `the lock file ${lockFile}` : `${Math.round(pinnedShare * 100)}% of ${plural(dependencies.length, 'declared dependency').replace('dependencys', 'dependencies')} pinned`;
  push({
    id: 'packaging', title: 'Packaging: pinned dependencies, configuration, a run command', status: status([pinned, config.length > 0, run.length > 0].filter(Boolean).length, 3),
    missing: partsMissing({ pins: pinned, configuration: config.length > 0, 'run-command': run.length > 0 }),
    sources: sourcesOf(true, false), files: filesOf(lockFile ? [{ kind: 'build-metadata', label: 'lock', files: [lockFile] }] : [], config, run, build),
    target: !pinned ? { codes: ['NB401', 'NB402'] } : undefined,
    reason: [
      pinned ? `Pinned: ${pinnedText}.` : dependencies.length ? `Not pinned: ${pinnedText}, no lock file.` : 'No declared dependencies.',
      config.length ? `Configuration: ${describe(config, 2)}.` : 'No environment configuration (.env.example, settings module, configs/).',
      run.length ? `Run with: ${describe(run, 2)}.` : 'No run command (README, Makefile, console script or Dockerfile).',
      build.length ? `Built from ${describe(build, 2)}.` : '',
    ].filter(Boolean).join(' '),
  });
  if (!pinned) items[items.length - 1].target = { codes: ['NB401', 'NB402'] };

  // 8. Logging with versions, trackers, tracing.
  const logs = of('logging');
  const versioned = of('log-versions', 'tracker', 'tracing');
  push({
    id: 'logging', title: 'Outputs logged with model, prompt and config versions', status: versioned.length ? 'done' : logs.length ? 'partial' : 'missing',
    sources: sourcesOf(true, false), files: filesOf(versioned, logs),
    reason: versioned.length ? `Recorded by ${describe(versioned)}.` : logs.length ? `Project code logs (${logs[0].files[0]}), but not the model, prompt or config version.` : 'Project code does not log its outputs.',
  });

  // 9. Release: a staged rollout in config or the brief; a deploying CI is automation, not yet a plan.
  const staged = of('staged-rollout');
  const deploys = of('ci-deploy');
  const plan = filled('release-plan');
  push({
    id: 'release', title: 'Release plan', status: plan || staged.length ? 'done' : deploys.length ? 'partial' : 'missing', target: briefTarget,
    sources: sourcesOf(staged.length + deploys.length > 0, plan), files: filesOf(staged, deploys),
    reason: [
      staged.length ? `Staged rollout: ${describe(staged, 2)}.` : deploys.length ? `Deployed by ${describe(deploys, 2)}, with no canary, shadow or A/B stage in code.` : '',
      plan ? 'The brief has a release plan.' : 'The brief has no release plan.',
    ].filter(Boolean).join(' '),
  });

  // 10. Monitoring: what is watched (code) and who is alerted (alert rules or the brief).
  const watched = of('monitoring');
  const alerts = of('alerts');
  // Traces sent to a tracing service can be watched, but nothing in code says what or who is alerted.
  const traced = watched.length || alerts.length ? [] : of('tracing');
  const monitoringPlan = filled('monitoring');
  const monitored = [watched.length > 0, alerts.length > 0 || monitoringPlan].filter(Boolean).length;
  push({
    id: 'monitoring', title: 'Monitoring', status: monitored === 2 ? 'done' : monitored === 1 || traced.length ? 'partial' : 'missing', target: briefTarget,
    sources: sourcesOf(watched.length + alerts.length + traced.length > 0, monitoringPlan), files: filesOf(watched, alerts, traced),
    reason: [
      watched.length ? `Watched by ${describe(watched, 2)}.` : traced.length ? `No metrics or drift monitoring, but traces go to a tracing service: ${describe(traced, 1)}.` : 'No metrics or drift monitoring in code.',
      alerts.length ? `Alerts: ${describe(alerts, 2)}.` : '',
      monitoringPlan ? 'The brief says what is watched and who is alerted.' : 'The brief has no monitoring plan.',
    ].filter(Boolean).join(' '),
  });

  // 11. Feedback becomes tests.
  const feedbackFacts = of('feedback');
  const feedback = filled('feedback');
  const grows = model.tests.length > 0 || feedbackFacts.length > 0;
  push({
    id: 'feedback', title: 'Feedback becomes tests', status: feedback && grows ? 'done' : feedback || grows ? 'partial' : 'missing', target: briefTarget,
    sources: sourcesOf(grows, feedback), files: filesOf(feedbackFacts),
    reason: [
      feedback ? 'The brief says how feedback becomes tests.' : 'The brief does not say how feedback becomes tests.',
      feedbackFacts.length ? `Collected by ${describe(feedbackFacts, 2)}.` : '',
      `${plural(model.tests.length, 'test file')}.`,
    ].filter(Boolean).join(' '),
  });

  const score = Math.round((100 * items.reduce((n, i) => n + (i.status === 'done' ? 1 : i.status === 'partial' ? 0.5 : 0), 0)) / items.length);
  return { version: 1, score, items };
}
