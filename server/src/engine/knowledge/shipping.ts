// What shows that a project ships: something in it runs for users or unattended (a
// container, a deployment, a served app, a scheduled pipeline, a CI job that deploys), or it
// is on nb2prod's own way to production. NB403 asks for a production brief only then: a
// folder of notebooks and a requirements.txt is as often a tutorial, a course or a book as a
// product (labelled NB403 findings over eight holdouts), and no exclusion list kept up.
// Each entry recognises one kind of evidence by the file's path (relative to the project
// root), the modules a Python file imports, and/or text in the file; each carries an
// example the tests check it recognises, and a look-alike it must not.

export interface ShippingEvidence {
  /** Names the evidence in the finding: "Dockerfile". */
  label: string;
  /** The file's path must match. */
  path: RegExp;
  /** A Python file that imports one of these (dotted prefixes: `ray.serve` also matches `from ray import serve`). */
  imports?: readonly string[];
  /** Text the file must contain (with `imports` when given). */
  text?: RegExp;
  /** Text the file must not contain. */
  unless?: RegExp;
  /** Paths the entry's `path` matches that are something else (a development container's Dockerfile). */
  notPath?: RegExp;
  /** A container file: it does not count beside a notebook environment's container (a lesson's cluster of images and its JupyterLab). */
  container?: boolean;
  /** A file this entry must recognise. */
  example: { file: string; text: string };
  /** A look-alike it must not recognise. */
  counterexample?: { file: string; text: string };
}

const PY = /\.py$/;
/** A container (Dockerfile or Compose file) that runs a notebook server or opens Jupyter's port. */
export const NOTEBOOK_CONTAINER = /^\s*(?:FROM|CMD|ENTRYPOINT)\b[^\n]*\b(?:jupyter|jupyterlab|notebook)\b|^\s*EXPOSE\s+8888\b|^\s*-?\s*["']?\d*:?8888\b/im;
const DOCKERFILE = /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.Dockerfile$/i;
const COMPOSE_FILE = /(?:^|\/)(?:docker-)?compose[\w.-]*\.ya?ml$/;
/** Either container file, for looking at a container's siblings. */
export const CONTAINER_FILE = new RegExp(`${DOCKERFILE.source}|${COMPOSE_FILE.source}`, 'i');

export const SHIPPING_EVIDENCE: readonly ShippingEvidence[] = [
  // Deployment descriptors.
  {
    label: 'Dockerfile',
    path: DOCKERFILE,
    // A container that starts a notebook server (or opens Jupyter's port) is a development environment, and one that
    // starts only a shell (a Spark or Kafka base image of a lesson's cluster) is infrastructure: neither is what ships.
    // One that neither copies the project's files in nor says what to run only installs tools (holdout13: a blog
    // post's `FROM python` + `RUN pip install …` + `WORKDIR /app`): an environment too.
    text: /^\s*FROM\s[\s\S]*^\s*(?:COPY|ADD|CMD|ENTRYPOINT)\b/im,
    unless: new RegExp(`${NOTEBOOK_CONTAINER.source}|^\\s*(?:CMD|ENTRYPOINT)\\s*\\[?\\s*"?(?:\\/bin\\/)?(?:ba)?sh"?\\s*\\]?\\s*$`, 'im'),
    // A Codespaces or dev-container image (`Dockerfile.codespace`, `dev.Dockerfile`) is where the code is written.
    notPath: /(?:^|\/)(?:Dockerfile|Containerfile)\.(?:codespaces?|devcontainer|dev)$|(?:^|\/)(?:codespaces?|devcontainer|dev)\.Dockerfile$/i,
    container: true,
    example: { file: 'Dockerfile', text: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n' },
    counterexample: { file: 'Dockerfile', text: 'FROM jupyter/scipy-notebook\nCMD ["jupyter", "lab", "--ip=0.0.0.0"]\n' },
  },
  {
    label: 'Docker Compose file',
    path: COMPOSE_FILE,
    // A service built from the project's code; a compose file of images only starts the databases a lesson or a demo
    // needs, and one that maps Jupyter's port runs a notebook environment.
    text: /^services\s*:[\s\S]*^\s+build\s*:/m,
    unless: /\b8888\b/,
    container: true,
    example: { file: 'docker-compose.yml', text: 'services:\n  api:\n    build: .\n    ports: ["8000:8000"]\n' },
    counterexample: { file: 'docker-compose.yml', text: 'services:\n  weaviate:\n    image: semitechnologies/weaviate:1.25.0\n    ports: ["8080:8080"]\n' },
  },
  { label: 'Procfile', path: /^Procfile$/, text: /^\w+\s*:/m, example: { file: 'Procfile', text: 'web: uvicorn app.main:app --port $PORT\n' } },
  { label: 'App Engine app.yaml', path: /^app\.ya?ml$/, text: /^runtime\s*:/m, example: { file: 'app.yaml', text: 'runtime: python312\nentrypoint: gunicorn -b :$PORT main:app\n' } },
  { label: 'Serverless Framework service', path: /^serverless\.ya?ml$/, text: /^functions\s*:/m, example: { file: 'serverless.yml', text: 'service: churn\nfunctions:\n  score:\n    handler: handler.score\n' } },
  { label: 'Fly.io app', path: /^fly\.toml$/, example: { file: 'fly.toml', text: 'app = "churn"\n' } },
  { label: 'Azure Developer CLI project', path: /^azure\.ya?ml$/, text: /^services\s*:/m, example: { file: 'azure.yaml', text: 'name: churn\nservices:\n  api:\n    project: ./src\n    host: containerapp\n' } },
  { label: 'AWS SAM template', path: /^template\.ya?ml$/, text: /AWS::Serverless/, example: { file: 'template.yaml', text: 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Score:\n    Type: AWS::Serverless::Function\n' } },
  { label: 'AWS CDK app', path: /^cdk\.json$/, text: /"app"\s*:/, example: { file: 'cdk.json', text: '{"app": "python3 app.py"}' } },
  { label: 'Helm chart', path: /(?:^|\/)Chart\.ya?ml$/, text: /^apiVersion\s*:/m, example: { file: 'charts/churn/Chart.yaml', text: 'apiVersion: v2\nname: churn\nversion: 0.1.0\n' } },
  {
    label: 'Kubernetes manifest',
    path: /\.ya?ml$/,
    text: /^kind\s*:\s*(?:Deployment|StatefulSet|CronJob|InferenceService|SeldonDeployment|ServingRuntime)\s*$/m,
    example: { file: 'k8s/deployment.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: churn\n' },
    counterexample: { file: 'config.yaml', text: 'kind: classifier\n' },
  },
  { label: 'Bicep template', path: /\.bicep$/, example: { file: 'infra/main.bicep', text: "resource app 'Microsoft.Web/sites@2022-03-01' = {\n  name: name\n}\n" } },
  { label: 'MLflow project', path: /(?:^|\/)MLproject$/, example: { file: 'MLproject', text: 'name: churn\nentry_points:\n  main:\n    command: "python train.py"\n' } },
  { label: 'DVC pipeline', path: /(?:^|\/)dvc\.yaml$/, text: /^stages\s*:/m, example: { file: 'dvc.yaml', text: 'stages:\n  train:\n    cmd: python train.py\n' } },
  { label: 'BentoML build file', path: /(?:^|\/)bentofile\.ya?ml$/, example: { file: 'bentofile.yaml', text: 'service: "service:Churn"\n' } },
  { label: 'Cog model', path: /(?:^|\/)cog\.ya?ml$/, example: { file: 'cog.yaml', text: 'predict: "predict.py:Predictor"\n' } },
  { label: 'LangGraph deployment', path: /(?:^|\/)langgraph\.json$/, example: { file: 'langgraph.json', text: '{"graphs": {"agent": "./agent.py:graph"}}' } },

  // Served or scheduled entry points among the project's own Python files.
  {
    label: 'web app',
    path: PY,
    imports: ['fastapi', 'flask', 'quart', 'litserve', 'ray.serve', 'bentoml'],
    example: { file: 'app/main.py', text: 'from fastapi import FastAPI\n\napp = FastAPI()\n' },
    counterexample: { file: 'utils.py', text: 'import requests\n\ndef get(url):\n    return requests.get(url)\n' },
  },
  { label: 'Streamlit or Gradio app', path: PY, imports: ['streamlit', 'gradio'], example: { file: 'streamlit_app.py', text: 'import streamlit as st\nst.title("Churn")\n' } },
  {
    label: 'model server handlers',
    path: PY,
    text: /^def (?:model_fn|init)\(.*\):[\s\S]*^def (?:predict_fn|transform_fn|run)\(/m,
    example: { file: 'code/inference.py', text: 'def model_fn(model_dir):\n    return load(model_dir)\n\ndef predict_fn(data, model):\n    return model.predict(data)\n' },
  },
  {
    label: 'AWS Lambda handler',
    path: PY,
    text: /^(?:async\s+)?def \w*handler\(\s*event\s*,\s*context\b/m,
    example: { file: 'lambda_function.py', text: 'import json\n\ndef lambda_handler(event, context):\n    return {"statusCode": 200, "body": json.dumps(score(event))}\n' },
    counterexample: { file: 'events.py', text: 'def on_click_handler(widget):\n    pass\n' },
  },
  { label: 'MCP server', path: PY, imports: ['mcp.server', 'fastmcp'], example: { file: 'server.py', text: 'from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("search")\n' } },
  {
    label: 'orchestrated pipeline',
    path: PY,
    imports: ['airflow', 'prefect', 'dagster', 'kfp', 'metaflow', 'zenml', 'flytekit', 'sagemaker.workflow', 'sagemaker.mlops.workflow'],
    example: { file: 'dags/score.py', text: 'from airflow import DAG\n' },
  },
  {
    label: 'console script',
    path: /^(?:pyproject\.toml|setup\.py|setup\.cfg)$/,
    text: /^\[(?:project\.scripts|tool\.poetry\.scripts)\]|\bconsole_scripts\b/m,
    example: { file: 'pyproject.toml', text: '[project]\nname = "churn"\n\n[project.scripts]\nchurn-score = "churn.score:main"\n' },
    counterexample: { file: 'pyproject.toml', text: '[project]\nname = "churn"\ndependencies = ["pandas"]\n' },
  },
  {
    label: 'CI workflow that deploys',
    path: /^\.github\/workflows\/[^/]+\.ya?ml$|^\.gitlab-ci\.ya?ml$|(?:^|\/)azure-pipelines[\w.-]*\.ya?ml$|(?:^|\/)cloudbuild[\w.-]*\.ya?ml$/,
    text: /^(?!.*\b(?:pages|gh-deploy|docs?|documentation|pypi|publish)\b).*\b(?:docker\s+push|build-push-action|gcloud\s+run\s+deploy|az\s+(?:webapp|containerapp)\b|azd\s+(?:up|deploy)|helm\s+(?:upgrade|install)|kubectl\s+apply|sam\s+deploy|serverless\s+deploy|cdk\s+deploy)\b/im,
    example: { file: '.github/workflows/cd.yml', text: 'jobs:\n  release:\n    steps:\n      - run: docker push ghcr.io/acme/churn:latest\n' },
    counterexample: { file: '.github/workflows/docs.yml', text: 'jobs:\n  docs:\n    steps:\n      - uses: peaceiris/actions-gh-pages@v3\n' },
  },

  // nb2prod's own way to production.
  { label: 'nb2prod configuration', path: /^pyproject\.toml$/, text: /^\[tool\.nb2prod\]/m, example: { file: 'pyproject.toml', text: '[project]\nname = "churn"\n\n[tool.nb2prod]\nselect = ["NB"]\n' } },
  { label: 'eval cases', path: /^evals\/[^/]+\.jsonl$/, text: /^\s*\{/m, example: { file: 'evals/answers.jsonl', text: '{"input": "Where is my order?", "expected": "tracking"}\n' } },
];
