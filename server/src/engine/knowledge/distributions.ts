// Import names to the distributions that install them, where the two differ, and
// the modules a notebook may import without installing anything (the standard
// library, the Jupyter kernel, Colab, Kaggle, Databricks). Keys may be dotted:
// the longest matching prefix of an import wins (`google.cloud.storage` before
// `google`). One test per entry in test/engine/distributions.test.ts.
import { requirementName } from '../fixes/declareDependency';
import { STDLIB_MODULES } from '../project/stdlib';

/** Import name (or dotted prefix) → the distribution to declare. */
export const IMPORT_TO_DISTRIBUTION: Readonly<Record<string, string>> = {
  // Names that differ from their distribution.
  sklearn: 'scikit-learn', cv2: 'opencv-python', PIL: 'pillow', yaml: 'pyyaml', bs4: 'beautifulsoup4',
  skimage: 'scikit-image', dateutil: 'python-dateutil', dotenv: 'python-dotenv', attr: 'attrs',
  Crypto: 'pycryptodome', jwt: 'PyJWT', magic: 'python-magic', docx: 'python-docx', pptx: 'python-pptx',
  serial: 'pyserial', usb: 'pyusb', wx: 'wxPython', gi: 'PyGObject', MySQLdb: 'mysqlclient', psycopg2: 'psycopg2-binary',
  faiss: 'faiss-cpu', Levenshtein: 'python-Levenshtein', umap: 'umap-learn', jose: 'python-jose', slugify: 'python-slugify',
  fitz: 'pymupdf', googleapiclient: 'google-api-python-client', Bio: 'biopython', OpenSSL: 'pyopenssl', zmq: 'pyzmq',
  kafka: 'kafka-python', telegram: 'python-telegram-bot', mpl_toolkits: 'matplotlib', pylab: 'matplotlib',
  igraph: 'python-igraph', ruamel: 'ruamel.yaml', pkg_resources: 'setuptools', git: 'GitPython', github: 'PyGithub',
  serpapi: 'google-search-results', weaviate: 'weaviate-client', tavily: 'tavily-python', vertexai: 'google-cloud-aiplatform',
  google_auth_oauthlib: 'google-auth-oauthlib', pinecone: 'pinecone', docarray: 'docarray', sentencepiece: 'sentencepiece', deepgram: 'deepgram-sdk', strands: 'strands-agents', strands_tools: 'strands-agents-tools',
  'snowflake.connector': 'snowflake-connector-python', 'snowflake.snowpark': 'snowflake-snowpark-python',
  // Namespace packages: the distribution is named after the dotted path.
  'google.cloud.aiplatform': 'google-cloud-aiplatform', 'google.cloud.aiplatform_v1': 'google-cloud-aiplatform',
  'google.cloud.aiplatform_v1beta1': 'google-cloud-aiplatform', 'google.cloud.storage': 'google-cloud-storage',
  'google.cloud.bigquery': 'google-cloud-bigquery', 'google.cloud.bigquery_storage': 'google-cloud-bigquery-storage',
  'google.cloud.pubsub': 'google-cloud-pubsub', 'google.cloud.pubsub_v1': 'google-cloud-pubsub',
  'google.cloud.secretmanager': 'google-cloud-secret-manager', 'google.cloud.logging': 'google-cloud-logging',
  'google.cloud.language': 'google-cloud-language', 'google.cloud.vision': 'google-cloud-vision',
  'google.cloud.speech': 'google-cloud-speech', 'google.cloud.texttospeech': 'google-cloud-texttospeech',
  'google.cloud.translate': 'google-cloud-translate', 'google.cloud.documentai': 'google-cloud-documentai',
  'google.cloud.firestore': 'google-cloud-firestore', 'google.cloud.discoveryengine': 'google-cloud-discoveryengine',
  'google.cloud.resourcemanager': 'google-cloud-resource-manager', 'google.cloud.dataproc_v1': 'google-cloud-dataproc',
  'google.cloud.dlp': 'google-cloud-dlp', 'google.cloud.sql.connector': 'cloud-sql-python-connector',
  'google.genai': 'google-genai', 'google.generativeai': 'google-generativeai', 'google.adk': 'google-adk',
  'google.auth': 'google-auth', 'google.oauth2': 'google-auth', 'google.api_core': 'google-api-core',
  'google.protobuf': 'protobuf',
  'azure.ai.ml': 'azure-ai-ml', 'azure.identity': 'azure-identity', 'azure.storage.blob': 'azure-storage-blob',
  'azure.search.documents': 'azure-search-documents', 'azure.core': 'azure-core', 'azure.ai.inference': 'azure-ai-inference',
  'azure.ai.projects': 'azure-ai-projects', 'azure.cosmos': 'azure-cosmos', 'azure.keyvault.secrets': 'azure-keyvault-secrets',
  'azure.ai.formrecognizer': 'azure-ai-formrecognizer', 'azure.ai.textanalytics': 'azure-ai-textanalytics',
  'azureml.core': 'azureml-core', 'azure.ai.evaluation': 'azure-ai-evaluation',
  'llama_index.core': 'llama-index-core',
};

/**
 * Other distributions that install the same import name (`cv2` also comes from
 * opencv-python-headless); declaring any of them declares the import.
 */
export const ALTERNATIVES: Readonly<Record<string, readonly string[]>> = {
  cv2: ['opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless'],
  faiss: ['faiss-gpu', 'faiss-cpu'],
  psycopg2: ['psycopg2'],
  pinecone: ['pinecone-client'],
  // Plugins the pinecone client installs with itself (pinecone-plugin-inference, …).
  pinecone_plugins: ['pinecone', 'pinecone-client', 'pinecone-plugin-*'],
  tensorflow: ['tensorflow-cpu', 'tensorflow-gpu', 'tensorflow-macos', 'tf-nightly'],
  Crypto: ['pycryptodomex'],
  jwt: ['python-jose'],
  torch: ['pytorch'],
  // Installed with every Google Cloud or Azure client library: never declared on its own.
  'google.auth': ['google-*'], 'google.oauth2': ['google-*'], 'google.api_core': ['google-*'], 'google.protobuf': ['google-*'],
  'azure.core': ['azure-*'], botocore: ['boto3', 'sagemaker', 'awscli'],
  pkg_resources: ['*'],
};

/**
 * Imports that a declared distribution installs as a requirement of its own
 * (`import numpy` with `pandas` declared, `import botocore` with `sagemaker`): a
 * fresh environment built from the declaration has them, so NB402 does not say it
 * cannot run. Only hard requirements of current releases are listed.
 */
export const INSTALLED_WITH: Readonly<Record<string, readonly string[]>> = {
  numpy: ['pandas', 'scipy', 'scikit-learn', 'matplotlib', 'seaborn', 'statsmodels', 'tensorflow', 'xgboost', 'lightgbm', 'catboost', 'transformers', 'opencv-python', 'scikit-image', 'sagemaker', 'datasets', 'shap', 'mlflow'],
  pandas: ['seaborn', 'statsmodels', 'sagemaker', 'datasets', 'shap', 'mlflow', 'catboost'],
  scipy: ['scikit-learn', 'statsmodels', 'xgboost', 'lightgbm', 'catboost', 'scikit-image', 'shap'],
  joblib: ['scikit-learn'],
  matplotlib: ['seaborn', 'catboost'],
  boto3: ['sagemaker'],
  botocore: ['boto3', 'sagemaker', 's3transfer'],
  requests: ['transformers', 'huggingface-hub', 'datasets', 'langchain', 'mlflow', 'sagemaker', 'google-cloud-storage', 'google-cloud-bigquery', 'google-genai', 'llama-index-core'],
  yaml: ['transformers', 'huggingface-hub', 'datasets', 'langchain', 'mlflow', 'sagemaker'],
  tqdm: ['transformers', 'huggingface-hub', 'datasets', 'openai'],
  huggingface_hub: ['transformers', 'datasets', 'sentence-transformers', 'diffusers', 'tokenizers'],
  tokenizers: ['transformers'],
  mlflow: ['azureml-mlflow', 'mlflow-skinny'],
  PIL: ['matplotlib', 'torchvision', 'scikit-image'],
  torch: ['torchvision', 'torchaudio', 'sentence-transformers', 'accelerate', 'peft', 'timm'],
  pydantic: ['openai', 'anthropic', 'langchain', 'langchain-core', 'fastapi', 'mistralai', 'google-genai'],
  httpx: ['openai', 'anthropic', 'mistralai'],
  dateutil: ['pandas', 'matplotlib', 'botocore'],
  pytz: ['pandas'],
  keras: ['tensorflow'],
  typing_extensions: ['torch', 'pydantic', 'huggingface-hub', 'fastapi'],
  starlette: ['fastapi'],
  bson: ['pymongo'],
  packaging: ['matplotlib', 'tensorflow', 'transformers', 'huggingface-hub', 'statsmodels', 'scikit-image', 'datasets'],
  langchain_core: ['langchain', 'langchain-openai', 'langchain-community', 'langchain-anthropic', 'langchain-google-genai', 'langgraph'],
  psycopg_pool: ['langgraph-checkpoint-postgres'],
  'llama_index.core': ['llama-index'],
  nest_asyncio: ['llama-index-core', 'llama-index'],
  // The `jupyter` metapackage installs the notebook stack, widgets included.
  ipywidgets: ['jupyter'],
};

/** Packages whose top level is shared by many distributions: only a known dotted prefix names one. */
const NAMESPACES = new Set(['google', 'azure', 'azureml', 'jaraco', 'zope', 'llama_index', 'sphinxcontrib', 'backports', 'pinecone_plugins']);

/** Provided by the Jupyter kernel or the platform the notebook runs on: never declared. */
export const RUNTIME_PROVIDED: readonly string[] = [
  'IPython', 'ipykernel', 'google.colab', 'kaggle_secrets', 'kaggle_datasets', 'kaggle_web_client', 'dbutils', 'pyspark.dbutils',
  'js', 'pyodide', 'micropip', '__main__', '__builtin__',
];

/** On a Spark kernel (Databricks, Synapse, EMR) the Spark libraries come with it. */
export const SPARK_PROVIDED: readonly string[] = ['pyspark', 'delta', 'databricks', 'notebookutils', 'mssparkutils'];

/** Python 2 standard library modules that Python 3 renamed (old notebooks import them). */
const PYTHON2_STDLIB = new Set(['urllib2', 'urlparse', 'cPickle', 'StringIO', 'cStringIO', 'ConfigParser', 'Queue', 'HTMLParser', 'httplib', 'commands', 'sets', 'exceptions', 'thread', 'md5', 'Tkinter', 'SocketServer', 'htmlentitydefs', 'cookielib', '_thread']);

function longestPrefix<T>(module: string, table: Readonly<Record<string, T>>): string | undefined {
  const parts = module.split('.');
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join('.');
    if (Object.prototype.hasOwnProperty.call(table, key)) return key;
  }
  return undefined;
}

function hasPrefix(module: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => module === p || module.startsWith(`${p}.`));
}

/** The table key or top-level name an import is declared under: `google.cloud.storage.blob` → `google.cloud.storage`. */
export function importKey(module: string): string {
  return longestPrefix(module, IMPORT_TO_DISTRIBUTION) ?? module.split('.')[0];
}

/** The distribution to declare for an import, or undefined when it cannot be known (`google.cloud.x` not in the table). */
export function distributionFor(module: string): string | undefined {
  const key = longestPrefix(module, IMPORT_TO_DISTRIBUTION);
  if (key) return IMPORT_TO_DISTRIBUTION[key];
  const top = module.split('.')[0];
  return NAMESPACES.has(top) ? undefined : top;
}

export function isStdlib(module: string): boolean {
  const top = module.split('.')[0];
  return STDLIB_MODULES.has(top) || PYTHON2_STDLIB.has(top);
}

/** Provided by the kernel or platform (`sparkKernel`: the notebook runs on a Spark kernel). */
export function isRuntimeProvided(module: string, sparkKernel = false): boolean {
  return hasPrefix(module, RUNTIME_PROVIDED) || (sparkKernel && hasPrefix(module, SPARK_PROVIDED));
}

function matches(pattern: string, declared: ReadonlySet<string>): boolean {
  if (pattern === '*') return declared.size > 0;
  if (pattern.endsWith('*')) {
    const stem = requirementName(pattern.slice(0, -1)).replace(/-$/, '');
    return [...declared].some((d) => d === stem || d.startsWith(`${stem}-`));
  }
  return declared.has(requirementName(pattern));
}

/** Is the import provided by one of the declared distributions (PEP 503 normalised names)? */
export function isDeclared(module: string, declared: ReadonlySet<string>): boolean {
  const key = importKey(module);
  const top = module.split('.')[0];
  const dist = distributionFor(module);
  if (dist && declared.has(requirementName(dist))) return true;
  if (declared.has(requirementName(top)) && !NAMESPACES.has(top)) return true;
  const alternatives = ALTERNATIVES[key] ?? ALTERNATIVES[top] ?? [];
  if (alternatives.some((a) => matches(a, declared))) return true;
  if ((INSTALLED_WITH[key] ?? INSTALLED_WITH[top] ?? []).some((d) => declared.has(requirementName(d)))) return true;
  // An unknown module of a namespace: any distribution of that namespace may provide it.
  if (!dist && NAMESPACES.has(top)) return matches(`${top.replace(/_/g, '-')}-*`, declared);
  return false;
}
