// NB403 asks for a production brief only where the project shows it ships: each entry of
// the SHIPPING_EVIDENCE table recognises its example and not its look-alike, and a project
// of notebooks and a requirements.txt alone gets no NB403 while one with a Dockerfile, a
// FastAPI app or nb2prod's configuration does. Fixture files are written for these tests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeConfig } from '../../server/src/engine/config';
import { SHIPPING_EVIDENCE } from '../../server/src/engine/knowledge/shipping';
import { buildProjectModel } from '../../server/src/engine/project/model';
import { recognises, shipsEvidence } from '../../server/src/engine/project/ships';
import { analyzeProjectFiles } from '../../server/src/engine/projectFiles';
import { code, getEngine } from '../helpers/engine';
import { writeProject } from '../helpers/project';

describe('SHIPPING_EVIDENCE: each entry recognises its example, not its look-alike', () => {
  for (const entry of SHIPPING_EVIDENCE) {
    it(`${entry.label}: ${entry.example.file}`, () => {
      assert.equal(recognises(entry, entry.example.file, entry.example.text), true);
      const texts: Record<string, string> = { [entry.example.file]: entry.example.text, 'requirements.txt': 'pandas==2.2.0\n' };
      const found = shipsEvidence(Object.keys(texts).sort(), (rel) => texts[rel]);
      assert.equal(found?.file, entry.example.file);
      if (entry.counterexample) assert.equal(recognises(entry, entry.counterexample.file, entry.counterexample.text), false);
    });
  }
});

const NOTEBOOK = '{}';
const CELL = 'import pandas as pd\ndf = pd.read_csv("churn.csv")';

/** NB403 on the project's dependency file and on a notebook's first cell, and the model. */
async function nb403(files: Record<string, string>) {
  const engine = await getEngine();
  const root = writeProject({ '.git/HEAD': 'ref: refs/heads/main\n', 'requirements.txt': 'pandas==2.2.0\n', 'analysis.ipynb': NOTEBOOK, ...files });
  const model = buildProjectModel(root, (s) => engine.summarize(s));
  const config = mergeConfig({ select: ['NB403'] });
  const inFiles = analyzeProjectFiles(model, config).flatMap(({ file, findings }) => findings.map((f) => `${f.code}:${file}:${f.message}`));
  return { inFiles, model };
}

describe('NB403 speaks only where the project ships', () => {
  it('notebooks and a requirements.txt alone: no NB403 (a tutorial, a course or a product: nothing says)', async () => {
    const found = await nb403({ 'explore.ipynb': NOTEBOOK, 'helpers.py': 'def clean(df):\n    return df.dropna()\n' });
    assert.equal(found.model.ships, undefined);
    assert.deepEqual(found.inFiles, []);
  });

  it('a Dockerfile: NB403, naming it', async () => {
    const found = await nb403({ Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "score.py"]\n' });
    assert.deepEqual(found.inFiles.map((f) => f.split(':').slice(0, 2).join(':')), ['NB403:requirements.txt']);
    assert.match(found.inFiles[0], /ships \(Dockerfile: Dockerfile\)/);
  });

  it('a Dockerfile that starts Jupyter is a notebook environment: no NB403', async () => {
    const found = await nb403({ Dockerfile: 'FROM python:3.12-slim\nRUN pip install jupyterlab\nCMD ["jupyter", "lab", "--ip=0.0.0.0"]\n' });
    assert.deepEqual(found.inFiles, []);
  });

  it('a Dockerfile of a base image that starts only a shell is infrastructure, one that opens Jupyter\'s port a lab: no NB403', async () => {
    const shell = await nb403({ 'docker/spark/cluster-base.Dockerfile': 'FROM eclipse-temurin:17-jre\nRUN apt-get install -y python3\nCMD ["bash"]\n' });
    assert.deepEqual(shell.inFiles, []);
    const lab = await nb403({
      Dockerfile: 'FROM nvcr.io/nvidia/ai-workbench/python-cuda120:1.0.3\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nEXPOSE 8888\n',
      'docker-compose.yml': 'services:\n  lab:\n    build: .\n    ports:\n      - "8888:8888"\n',
    });
    assert.deepEqual(lab.inFiles, []);
    // A lesson's cluster: a Spark image beside the JupyterLab image built from the same base.
    const cluster = await nb403({
      'docker/spark-base.Dockerfile': 'FROM cluster-base\nRUN curl -O https://archive.apache.org/dist/spark/spark-3.3.1-bin-hadoop3.tgz\n',
      'docker/jupyterlab.Dockerfile': 'FROM cluster-base\nRUN pip3 install jupyterlab\nEXPOSE 8888\n',
    });
    assert.deepEqual(cluster.inFiles, []);
    const served = await nb403({ 'docker/api.Dockerfile': 'FROM python:3.12\nCOPY app /app\nCMD ["uvicorn", "app:app"]\n', 'docker/worker.Dockerfile': 'FROM python:3.12\nCMD ["python", "worker.py"]\n' });
    assert.equal(served.model.ships?.file, 'docker/api.Dockerfile');
  });

  it('a Codespaces or dev-container Dockerfile is where the code is written: no NB403; a Dockerfile beside it still counts (holdout10)', async () => {
    const devImage = 'FROM zenmldocker/zenml-sandbox:latest\nRUN git clone https://github.com/acme/projects /workspace\n';
    assert.deepEqual((await nb403({ 'Dockerfile.codespace': devImage })).inFiles, []);
    assert.deepEqual((await nb403({ 'dev.Dockerfile': devImage })).inFiles, []);
    const both = await nb403({ 'Dockerfile.codespace': devImage, Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "serve.py"]\n' });
    assert.equal(both.model.ships?.file, 'Dockerfile');
  });

  it('a Dockerfile that only installs tools (no files copied in, nothing to run) is an environment: no NB403 (holdout13)', async () => {
    const tools = 'FROM python:3.9.1\n\nRUN apt-get install wget\nRUN pip install pandas sqlalchemy psycopg2\n\nWORKDIR /app\n';
    assert.deepEqual((await nb403({ 'loader/Dockerfile': tools })).inFiles, []);
    // Copying the project in, or naming what to run, makes it an image of the project.
    assert.equal((await nb403({ 'loader/Dockerfile': `${tools}COPY load.py .\n` })).inFiles.length, 1);
    assert.equal((await nb403({ 'loader/Dockerfile': `${tools}CMD ["python", "-m", "loader"]\n` })).inFiles.length, 1);
  });

  it('a repository that calls itself a collection of articles or tutorials is not a product: no NB403 (holdout13)', async () => {
    const app = { 'nlp/similarity_app.py': 'import streamlit as st\nst.title("Similar texts")\n' };
    const pyproject = (description: string) => `[project]\nname = "posts"\nversion = "0.1.0"\ndescription = "${description}"\ndependencies = ["pandas"]\n`;
    assert.deepEqual((await nb403({ ...app, 'pyproject.toml': pyproject('A collection of data science blog posts') })).inFiles, []);
    assert.deepEqual((await nb403({ ...app, 'README.md': '# Articles\n\nThis repository is a curated collection of data science articles, each with its code.\n' })).inFiles, []);
    // A product that says what it is still gets the finding.
    assert.equal((await nb403({ ...app, 'pyproject.toml': pyproject('Similarity search for support tickets') })).inFiles.length, 1);
    assert.equal((await nb403({ ...app, 'README.md': '# Tickets\n\nA service that finds similar support tickets, with a collection of dashboards.\n' })).inFiles.length, 1);
  });

  it('a FastAPI app: NB403, naming it', async () => {
    const found = await nb403({ 'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.post("/score")\ndef score(row: dict):\n    return {"churn": 0.1}\n' });
    assert.match(found.inFiles.join('\n'), /^NB403:requirements\.txt:The project ships \(web app: app\/main\.py\)/);
  });

  it('[tool.nb2prod] in pyproject.toml: NB403', async () => {
    const found = await nb403({ 'pyproject.toml': '[project]\nname = "churn"\nversion = "0.1.0"\ndependencies = ["pandas"]\n\n[tool.nb2prod]\nselect = ["NB"]\n' });
    assert.equal(found.model.ships?.label, 'nb2prod configuration');
    assert.equal(found.inFiles.length, 1);
  });

  it('evidence that is not the project\'s own does not count: a test, an example, a sample folder of its own, a notebook\'s export', async () => {
    const found = await nb403({
      'tests/test_api.py': 'from fastapi.testclient import TestClient\n',
      'examples/serve/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'all_agents_tutorials/scripts/mcp_server.py': 'from mcp.server.fastmcp import FastMCP\n',
      'samples/chat/requirements.txt': 'streamlit\n',
      'samples/chat/Dockerfile': 'FROM python:3.12\nCMD ["streamlit", "run", "app.py"]\n',
      'analysis.py': '# In[1]:\n\n\nimport streamlit as st\n',
    });
    assert.equal(found.model.ships, undefined);
    assert.deepEqual(found.inFiles, []);
  });

  it('an app\'s main.py beside its main.ipynb is the app, not the notebook\'s export; a test.py or a data/ fixture is no evidence', async () => {
    const app = await nb403({ 'main.ipynb': NOTEBOOK, 'main.py': 'import gradio as gr\n\ndemo = gr.Blocks()\ndemo.launch()\n' });
    assert.deepEqual(app.model.ships, { file: 'main.py', label: 'Streamlit or Gradio app' });
    const fixtures = await nb403({ 'test.py': 'import gradio as gr\n', 'data/sample_app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    assert.equal(fixtures.model.ships, undefined);
  });

  it('evidence three folders down (one recipe of a repository of recipes) is not the root\'s', async () => {
    const deep = await nb403({ 'integrations/modal/human-eval/inference.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    assert.equal(deep.model.ships, undefined);
    const conventional = await nb403({ 'deploy/k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\n' });
    assert.equal(conventional.model.ships?.file, 'deploy/k8s/deployment.yaml');
  });

  it('on a notebook of a project without a dependency file at its root, the message names the evidence too', async () => {
    const engine = await getEngine();
    const root = writeProject({ '.git/HEAD': 'ref: refs/heads/main\n', 'setup.cfg': '[metadata]\nname = churn\n', 'serve.py': 'import gradio as gr\ngr.Interface(fn=len, inputs="text", outputs="text").launch()\n', 'a.ipynb': NOTEBOOK });
    const model = buildProjectModel(root, (s) => engine.summarize(s));
    const found = await engine.analyze({ cells: [code(CELL)], path: 'a.ipynb' }, mergeConfig({ select: ['NB403'] }), model);
    assert.deepEqual(found.map((f) => f.message.slice(0, 61)), ['The project ships (Streamlit or Gradio app: serve.py) but has']);
  });
});
