// The readiness checklist on fixture projects that move items between missing,
// partial and done.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { updateBriefField } from '../../server/src/engine/brief/parse';
import { briefTemplate } from '../../server/src/engine/brief/template';
import { mergeConfig } from '../../server/src/engine/config';
import { projectReadiness } from '../../server/src/engine/projectReadiness';
import { nextActions } from '../../server/src/shared/nextActions';
import type { BriefInfo, ReadinessItemInfo } from '../../server/src/shared/protocol';
import { planExport } from '../../server/src/engine/export/notebook';
import { code, getEngine, markdown } from '../helpers/engine';
import { writeProject } from '../helpers/project';

async function readiness(files: Record<string, string>) {
  const root = writeProject(files, 'nb2prod-ready-');
  const result = projectReadiness(await getEngine(), root, mergeConfig());
  return Object.fromEntries(result.items.map((i) => [i.id, i.status])) as Record<string, string> & { score?: number };
}

const notebook = (source: string) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source }] });
const brief = (fields: Record<string, string>) => Object.entries(fields).reduce((t, [id, v]) => updateBriefField(t, id, v), briefTemplate('p'));

describe('readiness', () => {
  it('lists the eleven steps in order, all missing for a bare notebook folder', async () => {
    const r = await readiness({ 'a.ipynb': notebook('df = pd.read_csv("/home/me/x.csv")') });
    assert.deepEqual(Object.keys(r), ['brief', 'approach', 'data-path', 'modules', 'evals', 'serving', 'packaging', 'logging', 'release', 'monitoring', 'feedback']);
    assert.ok(Object.values(r).every((s) => s === 'missing'), JSON.stringify(r));
  });

  it('moves the brief items from missing to partial to done as the brief is filled', async () => {
    const core = { users: 'Agents', decision: 'Who to call', kpi: 'Churn -0.5pt', 'failure-modes': 'List is late: use last week', owners: 'Ana' };
    assert.equal((await readiness({ 'PRODUCTION_BRIEF.md': briefTemplate('p') })).brief, 'missing');
    assert.equal((await readiness({ 'PRODUCTION_BRIEF.md': brief({ users: 'Agents' }) })).brief, 'partial');
    const full = await readiness({ 'PRODUCTION_BRIEF.md': brief({ ...core, approach: 'LogReg', 'simpler-alternative': 'Tenure rule: 60% recall', 'release-plan': 'Shadow 2 weeks', monitoring: 'Weekly AUC', feedback: 'Misses become eval cases' }) });
    // Monitoring written down but watched by nothing in code is half done; feedback needs tests to grow.
    assert.deepEqual([full.brief, full.approach, full.release, full.monitoring, full.feedback], ['done', 'done', 'done', 'partial', 'partial']);
  });

  it('follows the code: modules and tests, evals, serving entry points, packaging, logging, data paths', async () => {
    const partial = await readiness({
      'requirements.txt': 'pandas>=2\n',
      'src/p/a.py': 'def f():\n    pass\n',
      'src/p/b.py': 'import logging\n\ndef g():\n    pass\n',
      'src/p/c.py': 'def h():\n    pass\n',
      'tests/test_a.py': 'from p.a import f\n',
      'PRODUCTION_BRIEF.md': brief({ serving: 'Batch, nightly' }),
      'a.ipynb': notebook('df = pd.read_csv("/home/me/x.csv")'),
    });
    assert.deepEqual([partial.modules, partial.evals, partial.serving, partial.packaging, partial.logging, partial['data-path']], ['partial', 'missing', 'partial', 'missing', 'partial', 'missing']);
    const done = await readiness({
      'requirements.txt': 'pandas==2.2.0\n',
      '.env.example': 'API_KEY=\n',
      'README.md': '# P\n\n```sh\npython -m p.score\n```\n',
      'src/p/a.py': 'import logging\nlog = logging.getLogger(__name__)\n\ndef f(model_version):\n    log.info("scored", extra={"model_version": model_version})\n',
      'tests/test_a.py': 'from p.a import f\n',
      'pipelines/score.py': 'from p.a import f\n',
      'src/p/io.py': 'import pandas as pd\n\ndef load(path):\n    return pd.read_csv(path)\n',
      'data/raw.csv.dvc': 'outs:\n- path: raw.csv\n',
      'evals/cases.jsonl': '{"id": "1"}\n',
      'evals/baseline.json': '[]',
      'PRODUCTION_BRIEF.md': brief({ serving: 'Batch, nightly', feedback: 'Incidents become tests' }),
      'a.ipynb': notebook('df = pd.read_csv("data/x.csv")'),
    });
    assert.deepEqual([done.modules, done.evals, done.serving, done.packaging, done.logging, done['data-path'], done.feedback], ['done', 'done', 'done', 'done', 'done', 'done', 'done']);
  });
});

describe('the panel\'s next actions do each step\'s missing part', () => {
  const items = async (files: Record<string, string>) => {
    const root = writeProject(files, 'nb2prod-next-');
    return Object.fromEntries(projectReadiness(await getEngine(), root, mergeConfig()).items.map((i) => [i.id, i]));
  };
  const labels = (item: ReadinessItemInfo, b: BriefInfo | null = null) => nextActions(item, b).map((a) => a.label);
  const pyproject = (deps: string) => `[project]\nname = "shop"\nversion = "0.1.0"\ndependencies = [${deps}]\n\n[project.scripts]\nprices = "pipelines.prices:main"\n`;

  it('packaging with only the pins missing shows the unpinned dependencies, not "Create the pipeline"', async () => {
    const r = await items({ 'pyproject.toml': pyproject('"pandas>=2"'), 'configs/prices.toml': 'tax_rate = 0.2\n', 'a.ipynb': notebook('x = 1') });
    assert.deepEqual([r.packaging.status, r.packaging.missing], ['partial', ['pins']], r.packaging.reason);
    assert.deepEqual(labels(r.packaging), ['Show the unpinned dependencies']);
  });

  it('packaging offers "Move configuration" for configuration and "Create the pipeline" for the run command, each only when that part is missing', async () => {
    const noConfig = await items({ 'pyproject.toml': pyproject('"pandas==2.2.2"'), 'a.ipynb': notebook('x = 1') });
    assert.deepEqual(noConfig.packaging.missing, ['configuration'], noConfig.packaging.reason);
    assert.deepEqual(labels(noConfig.packaging), ['Move configuration']);
    const noRun = await items({ 'requirements.txt': 'pandas==2.2.2\n', 'configs/prices.toml': 'tax_rate = 0.2\n', 'a.ipynb': notebook('x = 1') });
    assert.deepEqual(noRun.packaging.missing, ['run-command'], noRun.packaging.reason);
    assert.deepEqual(labels(noRun.packaging), ['Create the pipeline']);
  });

  it('serving offers what the brief asks for and the code lacks', async () => {
    const api = await items({ 'pyproject.toml': pyproject('"pandas==2.2.2"'), 'PRODUCTION_BRIEF.md': brief({ serving: 'A REST API the CRM calls' }), 'a.ipynb': notebook('x = 1') });
    assert.deepEqual([api.serving.status, api.serving.missing], ['partial', ['api']], api.serving.reason);
    assert.deepEqual(labels(api.serving), ['Serve a function']);
    const none = await items({ 'a.ipynb': notebook('x = 1') });
    assert.deepEqual(none.serving.missing, ['entry-point']);
    assert.deepEqual(labels(none.serving), ['Create the pipeline', 'Serve a function']);
  });

  it('the pipeline an export writes is a job entry point, a run command and logging with the config and package versions', async () => {
    const engine = await getEngine();
    const cells = [markdown('# Prices'), code('TAX_RATE = 0.2'), markdown('## Totals'), code('prices = [3.0, 4.5, 10.0]\ntotal = round(sum(prices) * (1 + TAX_RATE), 2)\ntotal')];
    const plan = planExport({ cells, summarize: (t) => engine.summarize(t), statements: (t) => engine.statements(t), notebookPath: 'prices.ipynb', packageName: 'shop', read: () => undefined, isLocal: () => false });
    assert.ok(!('refused' in plan) && plan.pipeline, 'refused' in plan ? plan.refused : 'no pipeline');
    const r = await items(Object.fromEntries([['prices.ipynb', notebook('x = 1')], ...plan.files.map((f) => [f.path, f.text])]));
    assert.deepEqual([r.serving.status, r.logging.status], ['done', 'done'], `${r.serving.reason} ${r.logging.reason}`);
    assert.match(r.logging.reason, /pipelines\/prices\.py/);
    assert.ok(!r.packaging.missing?.includes('run-command') && !r.packaging.missing?.includes('configuration'), r.packaging.reason);
  });

  it('evals offers eval cases while they are missing, then the baseline', async () => {
    const none = await items({ 'a.ipynb': notebook('x = 1') });
    assert.deepEqual(none.evals.missing, ['evals', 'baseline']);
    assert.deepEqual(labels(none.evals), ['Add eval cases']);
  });
});
