// What production code looks like, as data: each entry recognises one fact a project
// can show (a served app, an eval suite, a lock file, a deploy workflow ...) by a file
// path, the Python modules a file imports, and/or text inside the file. Every entry
// carries a hand-written example that the tests check it recognises.

export type FactKind =
  | 'serve-online' | 'serve-batch' | 'container' | 'deploy-manifest'
  | 'approach' | 'eval-suite' | 'baseline'
  | 'data-loader' | 'data-validation' | 'data-version'
  | 'build-metadata' | 'env-config' | 'run-command' | 'lock-file'
  | 'logging' | 'log-versions' | 'tracker' | 'tracing'
  | 'ci-deploy' | 'staged-rollout'
  | 'monitoring' | 'alerts'
  | 'feedback';

export interface Recogniser {
  kind: FactKind;
  /** Names the fact in a reason: "FastAPI app". */
  label: string;
  /** The file's path (relative, '/' separators) must match. Without it, any non-notebook code or config file. */
  path?: RegExp;
  /** A Python file that imports one of these (dotted prefixes: `ray.serve` also matches `from ray import serve`). */
  imports?: string[];
  /** Text the file must contain (with `path` and `imports` when given). */
  text?: RegExp;
  /** Only Python files outside tests (loaders, modules of the package). */
  codeOnly?: boolean;
  /** A file this recogniser must recognise (tests use it). */
  example: { file: string; text: string };
}

const CI = /^(?:\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.pipelines\/[^/]+\.ya?ml|(?:[^/]+\/)*azure-pipelines[\w.-]*\.ya?ml|\.circleci\/config\.ya?ml|(?:[^/]+\/)*cloudbuild[\w.-]*\.ya?ml|bitbucket-pipelines\.ya?ml|Jenkinsfile)$/;
export const CI_FILE = CI;
const PY = /\.py$/;
/** A root Makefile target that runs the model (not `run`, which usually starts a notebook container). */
const MAKE_SERVE_TARGET = /^(?:train|predict|serve|score|pipeline|evaluate|inference|batch|etl|infer)[\w-]*\s*:(?!=)/m;
/** Any target that runs a step of the project, `make data` included. */
const MAKE_RUN_TARGET = /^(?:data|train|predict|serve|score|pipeline|evaluate|inference|batch|etl|infer)[\w-]*\s*:(?!=)/m;
/** A container's run command that is not a shell or a notebook server. */
const DOCKER_RUN = /^\s*(?:CMD|ENTRYPOINT)\b(?![^\n]*\b(?:jupyter|notebook|lab)\b)(?!\s*\[?\s*"?(?:\/bin\/)?(?:ba)?sh"?\s*\]?\s*$)/m;
/** A scheduled workflow that runs project code (not a bot action such as closing stale issues). */
const SCHEDULED_RUN = /^\s*schedule:\s*\n\s*-\s*cron:[\s\S]*\brun:[ \t]*(?:[|>][-+]?[ \t]*\n[ \t]*)?(?:python3?\s+(?:-m\s+(?!pytest\b|pip\b)\w|[\w./-]+\.py\b)|uv run|poetry run|make\s+(?:train|predict|serve|score|pipeline|evaluate|inference|batch|etl|infer)|docker run)/m;
const DOCKERFILE = /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.Dockerfile$/;

export const RECOGNISERS: readonly Recogniser[] = [
  // Serving online: web frameworks, model servers, managed deployment SDKs.
  { kind: 'serve-online', label: 'FastAPI app', imports: ['fastapi'], codeOnly: true, example: { file: 'app/main.py', text: 'from fastapi import FastAPI\napp = FastAPI()\n' } },
  { kind: 'serve-online', label: 'Flask app', imports: ['flask'], codeOnly: true, example: { file: 'web.py', text: 'from flask import Flask\napp = Flask(__name__)\n' } },
  { kind: 'serve-online', label: 'Quart app', imports: ['quart'], codeOnly: true, example: { file: 'app.py', text: 'from quart import Quart\napp = Quart(__name__)\n' } },
  { kind: 'serve-online', label: 'Ray Serve deployment', imports: ['ray.serve'], example: { file: 'pkg/serve.py', text: 'from ray import serve\n\n@serve.deployment\nclass Model: ...\n' } },
  { kind: 'serve-online', label: 'BentoML service', imports: ['bentoml'], example: { file: 'service.py', text: 'import bentoml\n\n@bentoml.service\nclass Svc: ...\n' } },
  { kind: 'serve-online', label: 'LitServe server', imports: ['litserve'], example: { file: 'server.py', text: 'import litserve as ls\n' } },
  { kind: 'serve-online', label: 'Gradio app', imports: ['gradio'], example: { file: 'demo.py', text: 'import gradio as gr\ngr.Interface(fn=predict, inputs="text", outputs="label").launch()\n' } },
  { kind: 'serve-online', label: 'Streamlit app', imports: ['streamlit'], example: { file: 'streamlit_app.py', text: 'import streamlit as st\nst.title("Churn")\n' } },
  { kind: 'serve-online', label: 'Modal app', imports: ['modal'], text: /\bmodal\.(?:App|Stub)\(|@\w+\.(?:function|cls|web_endpoint|asgi_app)\b/, example: { file: 'deploy_modal.py', text: 'import modal\napp = modal.App("churn")\n' } },
  { kind: 'serve-online', label: 'SageMaker endpoint', imports: ['sagemaker'], text: /\.deploy\(/, example: { file: 'deploy.py', text: 'from sagemaker.sklearn import SKLearnModel\nmodel.deploy(initial_instance_count=1, instance_type="ml.m5.large")\n' } },
  { kind: 'serve-online', label: 'Vertex AI endpoint', imports: ['google.cloud.aiplatform'], text: /\.deploy\(|Endpoint\.create\(/, example: { file: 'deploy.py', text: 'from google.cloud import aiplatform\nendpoint = model.deploy(machine_type="n1-standard-4")\n' } },
  { kind: 'serve-online', label: 'Azure ML deployment', imports: ['azureml.core', 'azure.ai.ml'], text: /Model\.deploy\(|ManagedOnlineEndpoint|(?:Aks|Aci)Webservice/, example: { file: 'deploy.py', text: 'from azureml.core.model import Model\nservice = Model.deploy(ws, "churn", [model], inference_config, deployment_config)\n' } },
  { kind: 'serve-online', label: 'Azure ML scoring script', path: /(?:^|\/)score\w*\.py$/, text: /^def init\(\):[\s\S]*^def run\(/m, example: { file: 'scoring/score.py', text: 'def init():\n    global model\n\ndef run(raw_data):\n    return model.predict(raw_data)\n' } },
  { kind: 'serve-online', label: 'Azure ML deployment configuration', path: /(?:^|\/)(?:inference_config|deployment_config\w*)\.ya?ml$/, example: { file: 'scoring/inference_config.yml', text: 'entryScript: score.py\n' } },
  { kind: 'serve-online', label: 'LangGraph deployment', path: /(?:^|\/)langgraph\.json$/, example: { file: 'langgraph.json', text: '{"graphs": {"agent": "./agent.py:graph"}}' } },
  { kind: 'serve-online', label: 'Managed agent entry point', imports: ['managed_deepagents', 'langgraph_sdk'], example: { file: 'agent.py', text: 'from managed_deepagents import define_deep_agent\n' } },
  { kind: 'serve-online', label: 'KServe/Seldon manifest', path: /\.ya?ml$/, text: /^kind:\s*(?:InferenceService|SeldonDeployment|ServingRuntime)\b/m, example: { file: 'k8s/isvc.yaml', text: 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n' } },

  // Serving in batch: console scripts, __main__ modules, run targets, schedules, orchestrators.
  { kind: 'serve-batch', label: 'console script', path: /^pyproject\.toml$/, text: /^\[(?:project\.scripts|tool\.poetry\.scripts)\]/m, example: { file: 'pyproject.toml', text: '[project]\nname = "churn"\n\n[project.scripts]\nchurn = "churn.cli:main"\n' } },
  { kind: 'serve-batch', label: 'console script', path: /^setup\.(?:py|cfg)$/, text: /console_scripts/, example: { file: 'setup.cfg', text: '[options.entry_points]\nconsole_scripts =\n    churn = churn.cli:main\n' } },
  { kind: 'serve-batch', label: '__main__ module', path: /(?:^|\/)__main__\.py$/, example: { file: 'src/churn/__main__.py', text: 'from churn.cli import main\nmain()\n' } },
  { kind: 'serve-batch', label: 'Makefile run target', path: /^Makefile$/, text: MAKE_SERVE_TARGET, example: { file: 'Makefile', text: 'train:\n\tpython -m churn.train\n' } },
  { kind: 'serve-batch', label: 'scheduled CI workflow', path: CI, text: SCHEDULED_RUN, example: { file: '.github/workflows/nightly.yml', text: 'on:\n  schedule:\n    - cron: "0 3 * * *"\njobs:\n  score:\n    steps:\n      - run: |\n          python -m churn.score\n' } },
  { kind: 'serve-batch', label: 'orchestrated pipeline', imports: ['airflow', 'prefect', 'dagster', 'kfp', 'metaflow', 'zenml', 'flytekit', 'kedro', 'azureml.pipeline'], example: { file: 'dags/score.py', text: 'from airflow import DAG\n' } },
  { kind: 'serve-batch', label: 'MLflow project entry points', path: /(?:^|\/)MLproject$/, example: { file: 'MLproject', text: 'name: churn\nentry_points:\n  main:\n    command: "python -m churn"\n' } },
  { kind: 'serve-batch', label: 'job entry point in pipelines/', path: /^pipelines\/[^/]+\.py$/, example: { file: 'pipelines/score.py', text: 'from churn.score import run\nrun()\n' } },
  { kind: 'container', label: 'Dockerfile with a run command', path: DOCKERFILE, text: DOCKER_RUN, example: { file: 'Dockerfile', text: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "app.main:app"]\n' } },
  { kind: 'deploy-manifest', label: 'deployment manifest', path: /^(?:deploy|deployment|deployments|k8s|kubernetes|helm|charts|manifests)\/.*\.(?:ya?ml|json|py|tf|sh)$/, example: { file: 'deploy/services/serve.yaml', text: 'name: churn-service\n' } },
  { kind: 'deploy-manifest', label: 'deployment manifest', path: /^(?:serverless\.ya?ml|app\.yaml|fly\.toml|Procfile|render\.yaml|bentofile\.yaml|cog\.yaml)$/, example: { file: 'fly.toml', text: 'app = "churn"\n' } },

  // The approach, as implemented: training code, model definitions, LLM agents and chains.
  { kind: 'approach', label: 'training code', path: /(?:^|\/)train(?:ing)?(?:_\w+)?\.py$/, codeOnly: true, text: /\.fit\(|\bdef train\w*\(|\bTrainer\(|\.train\(/, example: { file: 'churn/train.py', text: 'def train(df):\n    return LogisticRegression().fit(df[X], df.y)\n' } },
  { kind: 'approach', label: 'model definition', path: PY, codeOnly: true, text: /^class \w+\((?:[\w.]*nn\.Module|[\w.]*BaseEstimator|[\w.]*PreTrainedModel|[\w.]*LightningModule|[\w.]*keras\.Model)\)/m, example: { file: 'churn/models.py', text: 'import torch.nn as nn\n\nclass Scorer(nn.Module):\n    pass\n' } },
  { kind: 'approach', label: 'LLM agent or chain', imports: ['langchain', 'langchain_core', 'langgraph', 'llama_index', 'dspy', 'managed_deepagents', 'openai', 'anthropic'], codeOnly: true, example: { file: 'app/chain.py', text: 'from langchain_core.prompts import ChatPromptTemplate\n' } },

  // Evaluation: eval suites, evaluation modules and libraries; baselines to beat.
  { kind: 'eval-suite', label: 'model/eval tests', path: /(?:^|\/)tests?\/(?:models?|evals?|evaluations?|behaviou?ral)\/[^/]+\.py$/, example: { file: 'tests/model/test_behavioral.py', text: 'def test_invariance(predictor):\n    assert predictor("a") == predictor("a ")\n' } },
  { kind: 'eval-suite', label: 'evaluation module', path: /(?:^|\/)(?:eval|evals|evaluate|evaluation|evaluations)(?:_\w+)?\.py$/, codeOnly: true, example: { file: 'churn/evaluate.py', text: 'from sklearn.metrics import f1_score\n' } },
  { kind: 'eval-suite', label: 'mlflow.evaluate', path: PY, text: /\bmlflow\.evaluate\(/, example: { file: 'jobs/eval.py', text: 'import mlflow\nresult = mlflow.evaluate(model_uri, data, targets="y")\n' } },
  { kind: 'eval-suite', label: 'LLM evaluation library', imports: ['deepeval', 'ragas', 'lm_eval', 'inspect_ai', 'trulens', 'trulens_eval', 'giskard', 'promptfoo', 'langsmith.evaluation', 'promptflow.evals'], example: { file: 'tests/test_answers.py', text: 'from ragas import evaluate\n' } },
  { kind: 'eval-suite', label: 'LLM evaluation library', imports: ['azure.ai.evaluation'], example: { file: 'evaluate.py', text: 'from azure.ai.evaluation import evaluate, RelevanceEvaluator\n' } },
  { kind: 'eval-suite', label: 'promptfoo configuration', path: /(?:^|\/)promptfooconfig\.ya?ml$/, example: { file: 'promptfooconfig.yaml', text: 'prompts: [prompt.txt]\ntests: []\n' } },
  { kind: 'baseline', label: 'dummy model', path: PY, text: /\bDummy(?:Classifier|Regressor)\b/, example: { file: 'churn/baseline.py', text: 'from sklearn.dummy import DummyClassifier\n' } },
  { kind: 'baseline', label: 'baseline model', path: PY, text: /^\s*(?:class|def)\s+\w*[Bb]aseline\w*|^\s*baseline\w*\s*=/m, example: { file: 'churn/models.py', text: 'class BaselineModel:\n    def predict(self, x):\n        return 0\n' } },
  { kind: 'baseline', label: 'metric thresholds to beat', path: PY, text: /\bMetricThreshold\(|\bvalidation_thresholds\b|\bbaseline_model\s*=/, example: { file: 'jobs/eval.py', text: 'thresholds = {"f1": MetricThreshold(threshold=0.8)}\n' } },
  { kind: 'baseline', label: 'comparison with the production model', path: PY, text: /\bproduction_model_\w+\s*[<>]|[<>]=?\s*production_model_\w+|\bchampion\b/, example: { file: 'evaluate/evaluate_model.py', text: 'if new_model_mse < production_model_mse:\n    register()\n' } },
  { kind: 'baseline', label: 'recorded baseline', path: /(?:^|\/)[^/]*baseline[^/]*\.(?:json|ya?ml|csv|jsonl|txt)$/i, example: { file: 'evals/baseline.json', text: '{"f1": 0.61}' } },
  { kind: 'baseline', label: 'recorded baseline', path: /(?:^|\/)baselines?\/(?:[^/]+\/)*[^/]+\.(?:json|ya?ml|csv|jsonl)$/i, example: { file: 'evals/results/baseline/summary.json', text: '{"groundedness": {"mean_rating": 4.6}}' } },

  // Data path: loaders in package code, validation, versioned data.
  { kind: 'data-loader', label: 'data loader', path: PY, codeOnly: true, text: /\b(?:pd|pandas|pl|polars)\.(?:read|scan)_\w+\(|\bload_dataset\(|\bray\.data\.read_\w+\(|\bspark\.read\b|\bDataset\.get_by_name\(|\bread_parquet\(|\bfrom_delta\(/, example: { file: 'churn/data.py', text: 'import pandas as pd\n\ndef load(path):\n    return pd.read_parquet(path)\n' } },
  { kind: 'data-loader', label: 'document ingestion', path: PY, codeOnly: true, text: /\.(?:upload_documents|merge_or_upload_documents|add_documents|add_texts)\(|\.from_(?:documents|texts)\(|\b\w+Loader\([^)]*\)\.load\(/, example: { file: 'ingest/index_docs.py', text: 'def push(chunks, search_client):\n    search_client.upload_documents(documents=chunks)\n' } },
  { kind: 'data-loader', label: 'ingestion script', path: /(?:^|\/)\w*(?:ingest|prepdocs|seed_?data|index_documents)\w*\.py$/, codeOnly: true, text: /\b(?:json\.load|open|read_text|read_csv|read_json|load)\(/, example: { file: 'app/setup_seeddata.py', text: 'import json\n\ndef seed(session):\n    rows = json.load(open("seed_data.json"))\n    session.add_all(rows)\n' } },
  { kind: 'data-loader', label: 'retrieval (retriever, search client, MCP documents server)', path: PY, codeOnly: true, text: /\.as_retriever\(|\bSearchClient\(|\.similarity_search\w*\(|\bdefine_mcp_servers\(|\bMultiServerMCPClient\(/, example: { file: 'connectors/docs.py', text: 'connector = define_mcp_servers(mcp_servers={"docs": {"transport": "http", "url": "https://docs.example.com/mcp"}})\n' } },
  { kind: 'data-validation', label: 'data-validation library', imports: ['great_expectations', 'pandera', 'deepchecks', 'tensorflow_data_validation', 'pointblank'], example: { file: 'churn/schemas.py', text: 'import pandera as pa\n' } },
  { kind: 'data-validation', label: 'data tests', path: /(?:^|\/)(?:tests?\/data\/[^/]+\.py|test_data(?:set)?s?(?:_(?!sources?\b)\w+)?\.py|data(?:set)?s?(?:_\w+)?_test\.py)$/, example: { file: 'tests/data/test_dataset.py', text: 'def test_columns(df):\n    assert "label" in df\n' } },
  { kind: 'data-version', label: 'DVC-tracked data', path: /\.dvc$|(?:^|\/)dvc\.(?:yaml|lock)$/, example: { file: 'data/raw.csv.dvc', text: 'outs:\n- md5: 1a2b\n  path: raw.csv\n' } },
  { kind: 'data-version', label: 'lakeFS', imports: ['lakefs', 'lakefs_client', 'lakefs_sdk'], example: { file: 'churn/data.py', text: 'import lakefs\n' } },
  { kind: 'data-version', label: 'registered dataset versions', path: PY, text: /create_new_version\s*=\s*True|\bmlflow\.log_input\(|\bmlflow\.data\.from_\w+\(/, example: { file: 'churn/data.py', text: 'dataset = dataset.register(workspace=ws, name="d", create_new_version=True)\n' } },

  // Packaging beyond the declared dependencies: build metadata, environment configuration, a run command.
  { kind: 'build-metadata', label: 'pyproject build metadata', path: /^pyproject\.toml$/, text: /^\[(?:build-system|project|tool\.poetry)\]/m, example: { file: 'pyproject.toml', text: '[project]\nname = "churn"\nversion = "0.1.0"\n' } },
  { kind: 'build-metadata', label: 'setup script', path: /^setup\.(?:py|cfg)$/, example: { file: 'setup.py', text: 'from setuptools import setup\nsetup(name="churn")\n' } },
  { kind: 'build-metadata', label: 'Dockerfile', path: DOCKERFILE, example: { file: 'docker/Dockerfile', text: 'FROM python:3.12-slim\n' } },
  { kind: 'env-config', label: 'environment template', path: /(?:^|\/)\.env\.(?:example|sample|template|dist)$/, example: { file: '.env.example', text: 'OPENAI_API_KEY=\n' } },
  { kind: 'env-config', label: 'settings module reading the environment', path: /(?:^|\/)(?:config|configs|settings|env\w*|conf)\.py$/, text: /\bos\.environ\b|\bgetenv\(|\bload_dotenv\(|\bBaseSettings\b/, example: { file: 'churn/config.py', text: 'import os\nDB_URL = os.environ["DB_URL"]\n' } },
  { kind: 'env-config', label: 'pydantic-settings', imports: ['pydantic_settings'], example: { file: 'churn/settings.py', text: 'from pydantic_settings import BaseSettings\n' } },
  { kind: 'env-config', label: 'configuration files', path: /^(?:[^/]+\/)?(?:configs?|confs?)\/[^/]+\.(?:ya?ml|toml|json)$/, example: { file: 'configs/train.yaml', text: 'model: logreg\n' } },
  { kind: 'lock-file', label: 'compiled requirements', path: /(?:^|\/)requirements[\w.-]*\.txt$/, text: /^#\s*This file (?:is|was) autogenerated by (?:pip-compile|uv)\b/m, example: { file: 'app/requirements.txt', text: '# This file was autogenerated by uv via the following command:\n#    uv pip compile pyproject.toml -o requirements.txt\nfastapi==0.115.0\n' } },
  { kind: 'run-command', label: 'Makefile run target', path: /^Makefile$/, text: MAKE_RUN_TARGET, example: { file: 'Makefile', text: 'score:\n\tpython -m churn.score\n' } },
  { kind: 'run-command', label: 'console script', path: /^pyproject\.toml$/, text: /^\[(?:project\.scripts|tool\.poetry\.scripts)\]/m, example: { file: 'pyproject.toml', text: '[project.scripts]\nchurn = "churn.cli:main"\n' } },
  { kind: 'run-command', label: 'Dockerfile with a run command', path: DOCKERFILE, text: DOCKER_RUN, example: { file: 'Dockerfile', text: 'FROM python:3.12\nENTRYPOINT ["churn"]\n' } },
  { kind: 'run-command', label: 'server started by `python -m`', path: PY, codeOnly: true, text: /^if __name__ == ["']__main__["']:[^\n]*\n(?:[ \t]+[^\n]*\n|[ \t]*\n)*?[ \t]+(?:uvicorn\.run|waitress\.serve|hypercorn\.run|granian\.\w+|\w+\.run_server|app\.run)\(/m, example: { file: 'app/main.py', text: 'app = FastAPI()\n\nif __name__ == "__main__":\n    import uvicorn\n\n    uvicorn.run(app, port=8000)\n' } },
  { kind: 'run-command', label: 'run command in the README', path: /^README(?:\.md)?$/i, text: /```[a-z]*\n[^`]*\b(?:python3?\s+-m\s+\w|python3?\s+\S+\.py|uvicorn\s+[\w.]+:\w+|uv run|poetry run|make\s+\w|docker run|\w+\s+run\b)/, example: { file: 'README.md', text: '# Churn\n\n```sh\npython -m churn.score\n```\n' } },

  // Logging and versions: logs, versions in them, experiment trackers, tracing.
  { kind: 'logging', label: 'logging', imports: ['logging', 'structlog', 'loguru'], codeOnly: true, example: { file: 'churn/score.py', text: 'import logging\nlog = logging.getLogger(__name__)\n' } },
  { kind: 'log-versions', label: 'logs with model/prompt/config versions', path: PY, codeOnly: true, text: /\b_?(?:log(?:ger|ging)?\.\w+|mlflow\.log_\w+|wandb\.log)\s*\([^)]*\b(?:(?:model|prompt|config)[_. ]?(?:version|name|id|uri|hash|tag)|version)\b/i, example: { file: 'churn/score.py', text: 'log.info("scored", extra={"model_version": version})\n' } },
  { kind: 'tracker', label: 'experiment tracking', path: PY, codeOnly: true, text: /\bmlflow\.(?:log_params?|log_metrics?|log_artifacts?|log_dict|log_input|autolog|\w+\.log_model|\w+\.autolog)\(|\bMLflowLoggerCallback\b|\bwandb\.(?:log|init)\(|\bneptune\.init\w*\(|\bcomet_ml\.\w+\(|\bTask\.init\(|\brun\.log\(/, example: { file: 'churn/train.py', text: 'mlflow.log_params(params)\nmlflow.sklearn.log_model(model, "model")\n' } },
  { kind: 'tracing', label: 'tracing', imports: ['opentelemetry', 'langfuse', 'langsmith', 'traceloop', 'openlit', 'phoenix.otel', 'weave', 'openinference', 'azure.monitor.opentelemetry'], codeOnly: true, example: { file: 'app/chain.py', text: 'from langsmith import traceable\n' } },

  // Release: CI that deploys, staged rollout configuration, feature flags.
  { kind: 'ci-deploy', label: 'CI workflow that deploys', path: CI, text: /^(?!.*\b(?:pages|gh-deploy|docs?|documentation)\b).*\b(?:deploy(?:ment)?|rollout|docker\s+push|build-push-action|helm\s+(?:upgrade|install)|kubectl\s+apply)\b/im, example: { file: '.github/workflows/cd.yml', text: 'jobs:\n  deploy:\n    steps:\n      - run: anyscale service rollout -f deploy/serve.yaml\n' } },
  { kind: 'staged-rollout', label: 'canary/shadow/A-B configuration', path: /\.(?:ya?ml|toml|py)$/, text: /\brollout_strategy:\s*ROLLOUT\b|\b(?:canary|shadow[_ -]?(?:mode|deploy\w*|traffic)|traffic[_ ]?split|trafficPercent|mirror_?traffic|ab_?test|a\/b test)\b/i, example: { file: 'deploy/rollout.yaml', text: 'strategy:\n  canary:\n    steps:\n      - setWeight: 10\n' } },
  { kind: 'staged-rollout', label: 'staging before production', path: CI, text: /^\s*environment:\s*['"]?staging\b[\s\S]*^\s*environment:\s*['"]?production\b/m, example: { file: '.github/workflows/deploy.yml', text: 'jobs:\n  staging:\n    environment: staging\n  production:\n    needs: staging\n    environment: production\n' } },
  { kind: 'staged-rollout', label: 'staging and production prompt versions', path: PY, codeOnly: true, text: /["'][\w./-]+:staging["'][\s\S]{0,400}["'][\w./-]+:production["']|["'][\w./-]+:production["'][\s\S]{0,400}["'][\w./-]+:staging["']/, example: { file: 'app/prompts.py', text: 'PROMPT = "team/answer:staging" if STAGING else "team/answer:production"\n' } },
  { kind: 'staged-rollout', label: 'feature flags', imports: ['ldclient', 'launchdarkly', 'UnleashClient', 'flagsmith', 'growthbook', 'openfeature'], example: { file: 'app/flags.py', text: 'import ldclient\n' } },

  // Monitoring: metrics and drift libraries, alert configuration.
  { kind: 'monitoring', label: 'metrics/drift monitoring', imports: ['prometheus_client', 'prometheus_fastapi_instrumentator', 'evidently', 'whylogs', 'nannyml', 'arize', 'alibi_detect', 'opencensus.ext.azure', 'applicationinsights'], example: { file: 'app/metrics.py', text: 'from prometheus_client import Counter\n' } },
  { kind: 'monitoring', label: 'Application Insights', imports: ['azure.monitor.opentelemetry'], codeOnly: true, example: { file: 'app/__init__.py', text: 'from azure.monitor.opentelemetry import configure_azure_monitor\nconfigure_azure_monitor()\n' } },
  { kind: 'monitoring', label: 'Application Insights', path: /\.bicep$/, text: /'Microsoft\.Insights\/components@/, example: { file: 'infra/monitor/appinsights.bicep', text: "resource ai 'Microsoft.Insights/components@2020-02-02' = {\n  name: name\n  kind: 'web'\n}\n" } },
  { kind: 'monitoring', label: 'Application Insights', path: /\.ya?ml$/, text: /\bappInsightsEnabled["']?\s*:\s*(?:true|True)\b/, example: { file: 'scoring/deployment_config_aks.yml', text: 'computeType: AKS\nappInsightsEnabled: True\n' } },
  { kind: 'alerts', label: 'alert configuration', path: /(?:^|\/)(?:alertmanager|alerts?|alert_rules|prometheus[-_]rules?)[\w.-]*\.ya?ml$/, example: { file: 'monitoring/alerts.yml', text: 'groups:\n  - name: churn\n    rules: []\n' } },
  { kind: 'alerts', label: 'Azure Monitor alert rules', path: /\.bicep$/, text: /'Microsoft\.Insights\/(?:metricAlerts|scheduledQueryRules|activityLogAlerts)@/, example: { file: 'infra/alerts.bicep', text: "resource latency 'Microsoft.Insights/metricAlerts@2018-03-01' = {\n  name: 'p95-latency'\n}\n" } },
  { kind: 'alerts', label: 'alert rules', path: /\.ya?ml$/, text: /^\s*-?\s*alert:\s*\w+/m, example: { file: 'ops/rules.yaml', text: 'groups:\n- rules:\n  - alert: ScoreDrift\n    expr: drift > 0.2\n' } },

  // Feedback: endpoints or tables that collect it, tests added from incidents.
  { kind: 'feedback', label: 'feedback endpoint', path: PY, text: /@\w+\.(?:post|put|route)\(\s*["'][^"']*feedback|\bcreate_feedback\(|\bdef \w*feedback\w*\(|CREATE TABLE\s+\w*feedback|\blangsmith\.feedback\(/i, example: { file: 'app/main.py', text: '@app.post("/feedback")\ndef feedback(item):\n    store(item)\n' } },
  { kind: 'feedback', label: 'tests from incidents', path: /(?:^|\/)tests?\/(?:regressions?|incidents?)\/[^/]+\.py$|(?:^|\/)test_(?:regression|incident|issue_?\d)\w*\.py$/, example: { file: 'tests/regressions/test_issue_42.py', text: 'def test_empty_input_scores():\n    pass\n' } },
];
