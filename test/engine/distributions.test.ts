// The import-name → distribution table, one test per entry: each expected
// distribution below is written from the package's PyPI name, not read from the table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALTERNATIVES, IMPORT_TO_DISTRIBUTION, distributionFor, isDeclared, isRuntimeProvided, isStdlib } from '../../server/src/engine/knowledge/distributions';

/** What `pip install` needs for an import (a submodule of each key, to test prefix matching). */
const EXPECTED: Record<string, string> = {
  'sklearn.linear_model': 'scikit-learn', 'cv2.dnn': 'opencv-python', 'PIL.Image': 'pillow', 'yaml.loader': 'pyyaml', 'bs4.element': 'beautifulsoup4',
  'skimage.io': 'scikit-image', 'dateutil.parser': 'python-dateutil', 'dotenv.main': 'python-dotenv', 'attr.validators': 'attrs',
  'Crypto.Cipher': 'pycryptodome', 'jwt.api_jwt': 'PyJWT', 'magic.compat': 'python-magic', 'docx.shared': 'python-docx', 'pptx.util': 'python-pptx',
  'serial.tools': 'pyserial', 'usb.core': 'pyusb', 'wx.lib': 'wxPython', 'gi.repository': 'PyGObject', 'MySQLdb.cursors': 'mysqlclient', 'psycopg2.extras': 'psycopg2-binary',
  'faiss.contrib': 'faiss-cpu', 'Levenshtein.x': 'python-Levenshtein', 'umap.umap_': 'umap-learn', 'jose.jwt': 'python-jose', 'slugify.slugify': 'python-slugify',
  'fitz.utils': 'pymupdf', 'googleapiclient.discovery': 'google-api-python-client', 'Bio.Seq': 'biopython', 'OpenSSL.crypto': 'pyopenssl', 'zmq.asyncio': 'pyzmq',
  'kafka.admin': 'kafka-python', 'telegram.ext': 'python-telegram-bot', 'mpl_toolkits.mplot3d': 'matplotlib', 'pylab.x': 'matplotlib',
  'igraph.drawing': 'python-igraph', 'ruamel.yaml': 'ruamel.yaml', 'pkg_resources.extern': 'setuptools', 'git.repo': 'GitPython', 'github.Repository': 'PyGithub',
  'serpapi.google_search': 'google-search-results', 'weaviate.classes': 'weaviate-client', 'tavily.client': 'tavily-python', 'vertexai.generative_models': 'google-cloud-aiplatform',
  'google_auth_oauthlib.flow': 'google-auth-oauthlib', 'pinecone.grpc': 'pinecone', 'docarray.base_doc': 'docarray', 'sentencepiece.x': 'sentencepiece', 'deepgram.clients': 'deepgram-sdk', 'strands.models': 'strands-agents', strands_tools: 'strands-agents-tools',
  'snowflake.connector.pandas_tools': 'snowflake-connector-python', 'snowflake.snowpark.functions': 'snowflake-snowpark-python',
  'google.cloud.aiplatform.gapic': 'google-cloud-aiplatform', 'google.cloud.aiplatform_v1.types': 'google-cloud-aiplatform',
  'google.cloud.aiplatform_v1beta1.types': 'google-cloud-aiplatform', 'google.cloud.storage.blob': 'google-cloud-storage',
  'google.cloud.bigquery.job': 'google-cloud-bigquery', 'google.cloud.bigquery_storage.x': 'google-cloud-bigquery-storage',
  'google.cloud.pubsub.x': 'google-cloud-pubsub', 'google.cloud.pubsub_v1.types': 'google-cloud-pubsub',
  'google.cloud.secretmanager.x': 'google-cloud-secret-manager', 'google.cloud.logging.handlers': 'google-cloud-logging',
  'google.cloud.language.x': 'google-cloud-language', 'google.cloud.vision.x': 'google-cloud-vision',
  'google.cloud.speech.x': 'google-cloud-speech', 'google.cloud.texttospeech.x': 'google-cloud-texttospeech',
  'google.cloud.translate.x': 'google-cloud-translate', 'google.cloud.documentai.x': 'google-cloud-documentai',
  'google.cloud.firestore.x': 'google-cloud-firestore', 'google.cloud.discoveryengine.x': 'google-cloud-discoveryengine',
  'google.cloud.resourcemanager.x': 'google-cloud-resource-manager', 'google.cloud.dataproc_v1.x': 'google-cloud-dataproc',
  'google.cloud.dlp.x': 'google-cloud-dlp', 'google.cloud.sql.connector.x': 'cloud-sql-python-connector',
  'google.genai.types': 'google-genai', 'google.generativeai.types': 'google-generativeai', 'google.adk.agents': 'google-adk',
  'google.auth.transport': 'google-auth', 'google.oauth2.service_account': 'google-auth', 'google.api_core.exceptions': 'google-api-core',
  'google.protobuf.json_format': 'protobuf',
  'azure.ai.ml.entities': 'azure-ai-ml', 'azure.identity.aio': 'azure-identity', 'azure.storage.blob.aio': 'azure-storage-blob',
  'azure.search.documents.indexes': 'azure-search-documents', 'azure.core.credentials': 'azure-core', 'azure.ai.inference.models': 'azure-ai-inference',
  'azure.ai.projects.models': 'azure-ai-projects', 'azure.cosmos.x': 'azure-cosmos', 'azure.keyvault.secrets.x': 'azure-keyvault-secrets',
  'azure.ai.formrecognizer.x': 'azure-ai-formrecognizer', 'azure.ai.textanalytics.x': 'azure-ai-textanalytics',
  'azureml.core.workspace': 'azureml-core', 'azure.ai.evaluation.x': 'azure-ai-evaluation',
  'llama_index.core.schema': 'llama-index-core',
};

describe('knowledge/distributions: import name → distribution', () => {
  for (const [module, distribution] of Object.entries(EXPECTED)) {
    it(`${module} → ${distribution}`, () => assert.equal(distributionFor(module), distribution));
  }

  it('every table entry has its test above', () => {
    const tested = new Set(Object.keys(EXPECTED).map((m) => Object.keys(IMPORT_TO_DISTRIBUTION).filter((k) => m === k || m.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0]));
    assert.deepEqual(Object.keys(IMPORT_TO_DISTRIBUTION).filter((k) => !tested.has(k)), []);
  });

  it('an unknown module of a namespace package has no distribution: never the unrelated `google`', () => {
    for (const m of ['google.cloud.x', 'google.cloud', 'google', 'azure.something.new', 'azureml.train.x', 'llama_index.llms.openai']) assert.equal(distributionFor(m), undefined, m);
    assert.equal(distributionFor('pandas.io'), 'pandas');
  });
});

describe('knowledge/distributions: what counts as declared', () => {
  const declared = (...names: string[]) => new Set(names);
  const cases: [string, string[], boolean][] = [
    ['cv2', ['opencv-python-headless'], true],
    ['cv2', ['opencv-contrib-python'], true],
    ['faiss', ['faiss-gpu'], true],
    ['pinecone', ['pinecone-client'], true],
    ['pinecone_plugins.inference.core', ['pinecone'], true],
    ['pinecone_plugins.inference.core', ['pandas'], false],
    ['tensorflow.keras', ['tensorflow-cpu'], true],
    ['google.auth', ['google-cloud-storage'], true],
    ['google.protobuf', ['google-genai'], true],
    ['azure.core.exceptions', ['azure-identity'], true],
    ['botocore.exceptions', ['boto3'], true],
    ['google.cloud.newthing', ['google-cloud-newthing'], true],
    ['google.cloud.newthing', ['pandas'], false],
    ['google.cloud.storage', ['google'], false],
    ['sklearn', ['scikit-learn'], true],
    ['sklearn', ['sklearn'], true],
    ['sentence_transformers', ['sentence-transformers'], true],
    ['llama_index.llms.openai', ['llama-index'], true],
    ['PIL', ['Pillow'.toLowerCase()], true],
    ['yaml', ['pandas'], false],
  ];
  for (const [module, names, expected] of cases) {
    it(`${module} with ${names.join(', ')}: ${expected ? 'declared' : 'undeclared'}`, () => assert.equal(isDeclared(module, declared(...names)), expected));
  }

  it('every alternative entry is exercised above', () => {
    const exercised = new Set(cases.map(([m]) => m.split('.').slice(0, 2).join('.')).concat(cases.map(([m]) => m.split('.')[0])));
    const untested = Object.keys(ALTERNATIVES).filter((k) => !exercised.has(k) && !['psycopg2', 'Crypto', 'jwt', 'torch', 'google.oauth2', 'google.api_core', 'pkg_resources'].includes(k));
    assert.deepEqual(untested, []);
    assert.ok(isDeclared('psycopg2', declared('psycopg2')) && isDeclared('Crypto', declared('pycryptodomex')) && isDeclared('jwt', declared('python-jose')) && isDeclared('torch', declared('pytorch')));
    assert.ok(isDeclared('google.oauth2', declared('google-adk')) && isDeclared('google.api_core', declared('google-cloud-bigquery')) && isDeclared('pkg_resources', declared('anything')));
  });
});

describe('knowledge/distributions: provided without declaring', () => {
  for (const m of ['IPython.display', 'ipykernel', 'google.colab.drive', 'kaggle_secrets', 'kaggle_datasets', 'kaggle_web_client', 'dbutils', 'pyspark.dbutils', 'js', 'pyodide.http', 'micropip', '__main__', '__builtin__']) {
    it(`${m} comes with the runtime`, () => assert.ok(isRuntimeProvided(m)));
  }
  for (const m of ['pyspark.sql', 'delta.tables', 'databricks.sdk', 'notebookutils', 'mssparkutils']) {
    it(`${m} comes with a Spark kernel, not a plain one`, () => assert.ok(isRuntimeProvided(m, true) && !isRuntimeProvided(m, false)));
  }
  it('the standard library, Python 2 names included, and nothing else', () => {
    for (const m of ['os.path', 'json', 'urllib2', 'cPickle', 'StringIO', '_thread']) assert.ok(isStdlib(m), m);
    for (const m of ['google.colabx', 'pandas', 'IPythonx']) assert.ok(!isStdlib(m) && !isRuntimeProvided(m), m);
  });
});
