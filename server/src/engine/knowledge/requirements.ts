// What a distribution installs with itself: its hard requirements (Requires-Dist
// lines without an extra or a platform marker), so that NB402 counts a module as
// declared when a declared package brings it (`requests` with `jupyter`, through
// notebook → jupyterlab-server). Followed transitively. Each entry names the
// release whose published metadata it was read from; only requirements that
// release lists unconditionally are here. One test per entry in
// test/engine/requirements.test.ts.
import { requirementName } from '../fixes/declareDependency';

export interface Requirements {
  requires: readonly string[];
  /** The release whose METADATA (or pyproject.toml `dependencies`) lists them. */
  source: string;
  /** What releases still in use (pinned by notebooks) required besides: a fresh install of that pin has them too. */
  earlier?: { requires: readonly string[]; source: string };
}

/** Distribution (PEP 503 name) → the distributions it always installs. */
export const HARD_REQUIREMENTS: Readonly<Record<string, Requirements>> = {
  // The Jupyter stack: the `jupyter` metapackage and what notebook/jupyterlab pull in.
  jupyter: { requires: ['notebook', 'jupyter-console', 'nbconvert', 'ipykernel', 'ipywidgets', 'jupyterlab'], source: 'jupyter 1.1.1' },
  notebook: { requires: ['jupyter-server', 'jupyterlab-server', 'jupyterlab', 'notebook-shim', 'tornado'], source: 'notebook 7.6.3' },
  jupyterlab: { requires: ['async-lru', 'httpx', 'ipykernel', 'jinja2', 'jupyter-core', 'jupyter-lsp', 'jupyter-server', 'jupyterlab-server', 'notebook-shim', 'packaging', 'tornado', 'traitlets'], source: 'jupyterlab 4.6.4' },
  'jupyterlab-server': { requires: ['babel', 'jinja2', 'json5', 'jsonschema', 'jupyter-server', 'packaging', 'requests'], source: 'jupyterlab-server 2.28.1' },
  'jupyter-server': { requires: ['anyio', 'argon2-cffi', 'jinja2', 'jupyter-client', 'jupyter-core', 'jupyter-events', 'nbconvert', 'nbformat', 'packaging', 'prometheus-client', 'pyzmq', 'send2trash', 'terminado', 'tornado', 'traitlets', 'websocket-client'], source: 'jupyter-server 2.21.1' },
  nbconvert: { requires: ['beautifulsoup4', 'bleach', 'defusedxml', 'jinja2', 'jupyter-core', 'jupyterlab-pygments', 'markupsafe', 'mistune', 'nbclient', 'nbformat', 'packaging', 'pandocfilters', 'pygments', 'traitlets'], source: 'nbconvert 7.17.1' },
  ipykernel: { requires: ['comm', 'debugpy', 'ipython', 'jupyter-client', 'jupyter-core', 'matplotlib-inline', 'packaging', 'pyzmq', 'tornado', 'traitlets'], source: 'ipykernel 7.4.0' },
  'jupyter-console': { requires: ['ipykernel', 'ipython', 'jupyter-client', 'jupyter-core', 'prompt-toolkit', 'pygments', 'pyzmq', 'traitlets'], source: 'jupyter-console 6.6.3' },
  ipywidgets: { requires: ['comm', 'ipython', 'traitlets', 'widgetsnbextension', 'jupyterlab-widgets'], source: 'ipywidgets 8.1.9' },
  // LangChain and LangGraph.
  langgraph: { requires: ['langchain-core', 'langgraph-checkpoint', 'langgraph-prebuilt', 'langgraph-sdk', 'pydantic', 'xxhash'], source: 'langgraph 1.2.12' },
  'langgraph-checkpoint': { requires: ['langchain-core', 'ormsgpack'], source: 'langgraph-checkpoint 4.2.0' },
  'langgraph-prebuilt': { requires: ['langchain-core', 'langgraph-checkpoint'], source: 'langgraph-prebuilt 1.1.0' },
  'langgraph-sdk': { requires: ['httpx', 'langchain-core', 'orjson', 'websockets'], source: 'langgraph-sdk 0.4.5' },
  'langgraph-checkpoint-postgres': { requires: ['langgraph-checkpoint', 'orjson', 'psycopg', 'psycopg-pool'], source: 'langgraph-checkpoint-postgres 2.0.21 (pyproject.toml)' },
  'langgraph-checkpoint-sqlite': { requires: ['langgraph-checkpoint', 'aiosqlite', 'sqlite-vec'], source: 'langgraph-checkpoint-sqlite 2.0.10 (pyproject.toml)' },
  'langchain-core': { requires: ['httpx', 'jsonpatch', 'langsmith', 'packaging', 'pydantic', 'pyyaml', 'tenacity', 'typing-extensions'], source: 'langchain-core 1.6.5' },
  langsmith: { requires: ['orjson', 'packaging', 'pydantic', 'requests', 'requests-toolbelt'], source: 'langsmith 0.14.0' },
  langchain: { requires: ['langchain-core', 'langgraph', 'pydantic'], source: 'langchain 1.4.2' },
  'langchain-openai': { requires: ['langchain-core', 'openai', 'tiktoken'], source: 'langchain-openai 1.6.6' },
  'langchain-google-genai': { requires: ['filetype', 'google-genai', 'langchain-core', 'pydantic'], source: 'langchain-google-genai 4.4.0' },
  'langchain-community': { requires: ['aiohttp', 'langchain-core', 'langsmith', 'numpy', 'pydantic-settings', 'pyyaml', 'requests', 'sqlalchemy', 'tenacity'], source: 'langchain-community 0.4.2' },
  'langchain-text-splitters': { requires: ['langchain-core'], source: 'langchain-text-splitters 1.1.2' },
  'langchain-experimental': { requires: ['langchain-community', 'langchain-core'], source: 'langchain-experimental 0.3.4 (pyproject.toml)' },
  'langchain-huggingface': { requires: ['huggingface-hub', 'langchain-core', 'tokenizers'], source: 'langchain-huggingface 1.2.2' },
  // LlamaIndex: the `llama-index` starter bundle and its core.
  'llama-index': { requires: ['llama-index-core', 'llama-index-cli', 'llama-index-embeddings-openai', 'llama-index-llms-openai', 'nltk'], source: 'llama-index 0.14 (pyproject.toml)' },
  'llama-index-core': { requires: ['aiohttp', 'aiosqlite', 'dataclasses-json', 'deprecated', 'dirtyjson', 'filetype', 'fsspec', 'httpx', 'nest-asyncio', 'networkx', 'nltk', 'numpy', 'pillow', 'pydantic', 'pyyaml', 'requests', 'sqlalchemy', 'tenacity', 'tiktoken', 'tqdm', 'typing-extensions', 'wrapt'], source: 'llama-index-core 0.12.44 (pyproject.toml)', earlier: { requires: ['openai', 'pandas'], source: 'llama-index-core 0.10.23 (as nixpkgs packages it)' } },
  // LLM clients and web frameworks.
  'google-genai': { requires: ['anyio', 'google-auth', 'httpx', 'pydantic', 'requests', 'tenacity', 'typing-extensions', 'websockets'], source: 'google-genai 2.25.0' },
  openai: { requires: ['anyio', 'jiter', 'pydantic', 'sniffio', 'typing-extensions'], source: 'openai 3.22.1' },
  anthropic: { requires: ['anyio', 'docstring-parser', 'jiter', 'pydantic', 'sniffio', 'typing-extensions'], source: 'anthropic 1.13.0' },
  fastapi: { requires: ['pydantic', 'starlette', 'typing-extensions'], source: 'fastapi 0.142.2' },
  // AWS: the foundation-model evaluation library brings the SageMaker SDK and an ML stack.
  fmeval: { requires: ['aiohttp', 'evaluate', 'ipykernel', 'ipython', 'matplotlib', 'nltk', 'pandas', 'pyarrow', 'ray', 'sagemaker', 'scikit-learn', 'torch', 'transformers'], source: 'fmeval 1.1.0 (pyproject.toml)' },
  // Hugging Face and PyTorch companions.
  transformers: { requires: ['huggingface-hub', 'numpy', 'packaging', 'pyyaml', 'regex', 'safetensors', 'tokenizers', 'tqdm'], source: 'transformers 5.18.0' },
  'huggingface-hub': { requires: ['filelock', 'fsspec', 'packaging', 'pyyaml', 'tqdm', 'typing-extensions'], source: 'huggingface-hub 2.0.0' },
  datasets: { requires: ['dill', 'filelock', 'fsspec', 'httpx', 'huggingface-hub', 'multiprocess', 'numpy', 'packaging', 'pandas', 'pyarrow', 'pyyaml', 'requests', 'tqdm', 'xxhash'], source: 'datasets 5.0.1' },
  'sentence-transformers': { requires: ['huggingface-hub', 'numpy', 'scikit-learn', 'scipy', 'tokenizers', 'torch', 'tqdm', 'transformers', 'typing-extensions'], source: 'sentence-transformers 6.0.1' },
  accelerate: { requires: ['huggingface-hub', 'numpy', 'packaging', 'psutil', 'pyyaml', 'safetensors', 'torch'], source: 'accelerate 1.15.0' },
  peft: { requires: ['accelerate', 'huggingface-hub', 'numpy', 'packaging', 'psutil', 'pyyaml', 'safetensors', 'torch', 'tqdm', 'transformers'], source: 'peft 0.21.0' },
  torchvision: { requires: ['numpy', 'pillow', 'torch'], source: 'torchvision 0.29.1' },
};

/** The declared distributions and everything they install with themselves (PEP 503 names). */
export function withRequirements(declared: Iterable<string>): Set<string> {
  const all = new Set<string>();
  const queue = [...declared].map(requirementName);
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (all.has(name)) continue;
    all.add(name);
    const entry = HARD_REQUIREMENTS[name];
    for (const r of [...(entry?.requires ?? []), ...(entry?.earlier?.requires ?? [])]) queue.push(requirementName(r));
  }
  return all;
}
