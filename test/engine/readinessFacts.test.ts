// The readiness recognisers, one test per table entry (its own hand-written example),
// and the synthetic projects in test/fixtures/readiness with their expected checklists.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { projectReadiness } from '../../server/src/engine/projectReadiness';
import { importedNames, recogniseFacts } from '../../server/src/engine/readiness/facts';
import { RECOGNISERS } from '../../server/src/engine/readiness/recognisers';
import { getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'readiness');

describe('readiness recognisers', () => {
  for (const r of RECOGNISERS) {
    it(`${r.kind}: ${r.label} recognises ${r.example.file}`, () => {
      const root = writeProject({ [r.example.file]: r.example.text }, 'nb2prod-facts-');
      const facts = recogniseFacts(root, [r.example.file]).facts;
      assert.ok(facts.some((f) => f.kind === r.kind && f.label === r.label && f.files[0] === r.example.file), JSON.stringify(facts));
    });
  }

  it('reads imports, including `from x import y` and parenthesised lists, without swallowing the next line', () => {
    const names = importedNames('from http import HTTPStatus\nfrom fastapi import FastAPI\nfrom ray import (\n    data,\n    serve,\n)\nimport os, numpy as np\n');
    for (const n of ['http.HTTPStatus', 'fastapi', 'ray.serve', 'ray.data', 'os', 'numpy']) assert.ok(names.has(n), n);
  });

  it('ignores notebooks, their exported scripts, tests for package-only facts, and look-alikes', () => {
    const files = {
      'explore.ipynb': '{"cells": [{"source": "from fastapi import FastAPI"}]}',
      'explore.py': 'from fastapi import FastAPI\n',
      'ch02.py': '# coding: utf-8\n\n# In[1]:\n\n\nimport streamlit\n',
      'notebooks/look.py': '# %%\nimport pandas as pd\ndf = pd.read_csv("data/x.csv")\n',
      'tests/test_io.py': 'import pandas as pd\ndf = pd.read_csv("x.csv")\n',
      'src/p/report.py': 'print("pandas version", pd.__version__)\n',
      'docker/Dockerfile': 'FROM jupyter/base-notebook\nCMD ["jupyter", "lab"]\n',
      'docker/Dockerfile.dev': 'FROM python:3.12\nCMD [ "/bin/bash" ]\n',
      'docker/Makefile': 'run:\n\tdocker compose up\n',
      '.github/workflows/docs.yml': 'jobs:\n  docs:\n    steps:\n      - uses: actions/deploy-pages@v4\n',
      '.github/workflows/nightly.yml': 'on:\n  schedule:\n    - cron: "0 8 * * *"\njobs:\n  ci:\n    steps:\n      - run: python -m pytest\n',
      'tests/test_datasources.py': 'def test_index_configured(settings):\n    assert settings.search_index\n',
      'tests/conftest.py': 'from fastapi.testclient import TestClient\n',
      'app/prompts.py': 'TAG = "answer:production"\n',
    };
    const root = writeProject(files, 'nb2prod-facts-');
    const kinds = recogniseFacts(root, Object.keys(files).sort()).facts.map((f) => `${f.kind}:${f.label}`);
    assert.deepEqual(kinds, ['build-metadata:Dockerfile']);
  });

  it('reads `# %%` sections inside a package as module code', () => {
    const files = { 'pkg/__init__.py': '', 'pkg/io.py': '# %% IMPORTS\nimport pandas as pd\n\n# %% READERS\ndef load(p):\n    return pd.read_parquet(p)\n' };
    const root = writeProject(files, 'nb2prod-facts-');
    assert.deepEqual(recogniseFacts(root, Object.keys(files)).facts.map((f) => [f.kind, f.files]), [['data-loader', ['pkg/io.py']]]);
  });
});

async function checklist(name: string) {
  const result = projectReadiness(await getEngine(), path.join(FIXTURES, name), mergeConfig());
  const items = Object.fromEntries(result.items.map((i) => [i.id, i]));
  return { score: result.score, items, status: Object.fromEntries(result.items.map((i) => [i.id, i.status])) };
}

describe('readiness on synthetic projects', () => {
  it('a notebook folder with a machine path: everything missing', async () => {
    const r = await checklist('notebook-only');
    assert.equal(r.score, 0);
    assert.ok(Object.values(r.items).every((i) => i.status === 'missing'), JSON.stringify(r.items));
    assert.deepEqual(r.items['data-path'].target, { codes: ['NB201', 'NB202'] });
  });

  it('a served model with evals, data checks, tracking, canary, monitoring: every code item done', async () => {
    const r = await checklist('served-model');
    assert.deepEqual(r.status, {
      brief: 'missing', approach: 'done', 'data-path': 'done', modules: 'done', evals: 'done', serving: 'done',
      packaging: 'done', logging: 'done', release: 'done', monitoring: 'done', feedback: 'partial',
    });
    assert.equal(r.score, 86);
    assert.deepEqual(r.items.serving.files, ['churn/api.py', 'Dockerfile', 'deploy/canary.yaml']);
    assert.deepEqual(r.items.serving.sources, ['code']);
    assert.deepEqual(r.items.monitoring.files, ['churn/api.py', 'monitoring/alerts.yml']);
    assert.deepEqual(r.items.feedback.files, ['churn/api.py']);
    assert.match(r.items.evals.reason, /model\/eval tests \(tests\/model\/test_behaviour\.py\)/);
    assert.match(r.items['data-path'].reason, /DVC-tracked data \(data\/customers\.parquet\.dvc\)/);
  });

  it('an LLM app with eval cases, promptfoo, a lock file and tracing', async () => {
    const r = await checklist('llm-app');
    assert.deepEqual(r.status, {
      brief: 'missing', approach: 'partial', 'data-path': 'missing', modules: 'partial', evals: 'partial', serving: 'done',
      packaging: 'done', logging: 'done', release: 'missing', monitoring: 'partial', feedback: 'partial',
    });
    assert.match(r.items.evals.reason, /^2 eval cases in evals\/\. Evaluated by promptfoo configuration \(promptfooconfig\.yaml\)\. No baseline/);
    assert.deepEqual(r.items.logging.files, ['src/answers/chain.py']);
  });

  it('a batch job: console script, __main__, Makefile, Airflow, schedule, DVC, poetry.lock', async () => {
    const r = await checklist('batch-job');
    assert.deepEqual(r.status, {
      brief: 'missing', approach: 'missing', 'data-path': 'done', modules: 'missing', evals: 'missing', serving: 'done',
      packaging: 'done', logging: 'missing', release: 'missing', monitoring: 'missing', feedback: 'missing',
    });
    assert.deepEqual(r.items.serving.files, ['pyproject.toml', 'scoring/__main__.py', 'Makefile', '.github/workflows/nightly.yml', 'dags/score_daily.py']);
    assert.match(r.items.packaging.reason, /^Pinned: the lock file poetry\.lock\. Configuration: configuration files \(configs\/score\.yaml\)\./);
  });

  it('a RAG service in a subproject: pytest pythonpath modules, compiled requirements, a baseline run, Bicep, staging', async () => {
    const r = await checklist('rag-service');
    assert.deepEqual(r.status, {
      brief: 'missing', approach: 'done', 'data-path': 'partial', modules: 'done', evals: 'done', serving: 'done',
      packaging: 'done', logging: 'done', release: 'done', monitoring: 'partial', feedback: 'partial',
    });
    // The app in backend/ (its own pyproject.toml) is the repository's; FastAPI in conftest.py and a stale-issue bot are not serving.
    assert.deepEqual(r.items.serving.files, ['backend/ragapp/__init__.py', 'backend/Dockerfile']);
    assert.equal(r.items.modules.reason, '2 of 2 modules have tests.');
    assert.match(r.items.packaging.reason, /^Pinned: the lock file backend\/requirements\.txt\./);
    assert.match(r.items.evals.reason, /Baseline: recorded baseline \(evals\/results\/baseline\/summary\.json\)/);
    assert.match(r.items['data-path'].reason, /document ingestion \(backend\/ragapp\/ingest_docs\.py\)\. No data validation/);
    assert.deepEqual(r.items.monitoring.files, ['backend/ragapp/__init__.py', 'infra/monitor.bicep']);
    assert.deepEqual(r.items.release.files, ['.github/workflows/deploy.yml']);
  });

  it('the brief adds what code cannot show, and the item says it came from both', async () => {
    const { briefTemplate } = await import('../../server/src/engine/brief/template');
    const { updateBriefField } = await import('../../server/src/engine/brief/parse');
    const text = updateBriefField(updateBriefField(briefTemplate('p'), 'serving', 'Online API, 200 ms'), 'monitoring', 'Weekly AUC; on-call is paged');
    const root = writeProject({ 'PRODUCTION_BRIEF.md': text, 'app.py': 'from fastapi import FastAPI\n', 'm.py': 'from prometheus_client import Counter\n' }, 'nb2prod-facts-');
    const result = projectReadiness(await getEngine(), root, mergeConfig());
    const serving = result.items.find((i) => i.id === 'serving')!;
    const monitoring = result.items.find((i) => i.id === 'monitoring')!;
    assert.deepEqual([serving.status, serving.sources, serving.files], ['done', ['code', 'brief'], ['app.py']]);
    assert.deepEqual([monitoring.status, monitoring.sources], ['done', ['code', 'brief']]);
    assert.equal(result.items.find((i) => i.id === 'brief')!.sources.length, 0);
  });
});
