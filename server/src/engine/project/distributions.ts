// Import names to the distributions that provide them, where they differ.
import { requirementName } from '../fixes/declareDependency';
import { STDLIB_MODULES } from './stdlib';

const IMPORT_TO_DISTRIBUTION: Record<string, string> = {
  sklearn: 'scikit-learn', cv2: 'opencv-python', PIL: 'pillow', yaml: 'pyyaml', bs4: 'beautifulsoup4',
  skimage: 'scikit-image', dateutil: 'python-dateutil', dotenv: 'python-dotenv', attr: 'attrs',
  Crypto: 'pycryptodome', jwt: 'PyJWT', magic: 'python-magic', docx: 'python-docx', pptx: 'python-pptx',
  serial: 'pyserial', usb: 'pyusb', wx: 'wxPython', gi: 'PyGObject', MySQLdb: 'mysqlclient', psycopg2: 'psycopg2-binary',
  faiss: 'faiss-cpu', Levenshtein: 'python-Levenshtein', umap: 'umap-learn', jose: 'python-jose', slugify: 'python-slugify',
  fitz: 'pymupdf', googleapiclient: 'google-api-python-client', Bio: 'biopython', OpenSSL: 'pyopenssl', zmq: 'pyzmq',
  sentencepiece: 'sentencepiece', tensorflow_hub: 'tensorflow-hub', kafka: 'kafka-python', telegram: 'python-telegram-bot',
  lightgbm: 'lightgbm', catboost: 'catboost', xgboost: 'xgboost', mpl_toolkits: 'matplotlib', pylab: 'matplotlib',
  igraph: 'python-igraph', sqlalchemy: 'sqlalchemy', snowflake: 'snowflake-connector-python', pyspark: 'pyspark',
  duckdb: 'duckdb', polars: 'polars', ruamel: 'ruamel.yaml', tqdm: 'tqdm', typing_extensions: 'typing-extensions',
};

/** Provided by the Jupyter kernel itself: a notebook may use them without declaring them. */
const KERNEL_PROVIDED = new Set(['IPython', 'ipykernel']);

/** Namespace packages: any declared distribution with this prefix provides them. */
const NAMESPACES: Record<string, string> = { google: 'google', azure: 'azure', jaraco: 'jaraco', zope: 'zope' };

export function distributionFor(topLevel: string): string {
  return IMPORT_TO_DISTRIBUTION[topLevel] ?? topLevel;
}

export function isStdlib(topLevel: string): boolean {
  return STDLIB_MODULES.has(topLevel);
}

export function isKernelProvided(topLevel: string): boolean {
  return KERNEL_PROVIDED.has(topLevel);
}

/** Is the import `topLevel` provided by one of the declared distributions (normalised names)? */
export function isDeclared(topLevel: string, declared: ReadonlySet<string>): boolean {
  const namespace = NAMESPACES[topLevel];
  if (namespace) return [...declared].some((d) => d === namespace || d.startsWith(`${namespace}-`));
  return declared.has(requirementName(distributionFor(topLevel))) || declared.has(requirementName(topLevel));
}
