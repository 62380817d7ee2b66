// Calls that create the folder they are given when it is missing: an embedded vector database's
// store (`lancedb.connect("~/lancedb")`), an index saved to disk, a folder made with `makedirs`.
// A home-relative path (`~/…`, no user name) given to one of them works for any user on any
// machine, so NB201 does not report it. A path the notebook only reads is still reported.
// Each entry's example is run through the engine by test/engine/localStores.test.ts.

export interface StoreCall {
  /** The callee as written, dotted (`lancedb.connect`, `vectorstore.save_local`). */
  callee: RegExp;
  /** The keyword that takes the folder. */
  keyword?: string;
  /** The folder may also be the first positional argument. */
  positional?: boolean;
  /** Only with this keyword given this value (`download=True`): without it the library reads a folder that must exist. */
  requires?: { keyword: string; value: RegExp };
  /** A cell that calls it with a home-relative folder, for the test. */
  example: string;
}

export const STORE_CALLS: readonly StoreCall[] = [
  // LanceDB creates the database folder on connect.
  { callee: /^lancedb\.connect$/, keyword: 'uri', positional: true, example: 'import lancedb\ndb = lancedb.connect("~/lancedb")' },
  // LlamaIndex's and LangChain's LanceDB stores connect the same way.
  { callee: /(?:^|\.)LanceDBVectorStore$/, keyword: 'uri', example: 'vector_store = LanceDBVectorStore(uri="~/tmp/lancedb")' },
  { callee: /(?:^|\.)LanceDB$/, keyword: 'uri', example: 'store = LanceDB(uri="~/lancedb", embedding=embeddings)' },
  // Chroma's persistent client and LangChain's Chroma create their folder.
  { callee: /(?:^|\.)PersistentClient$/, keyword: 'path', positional: true, example: 'import chromadb\nclient = chromadb.PersistentClient(path="~/chroma")' },
  { callee: /(?:^|\.)Chroma(?:\.from_\w+)?$/, keyword: 'persist_directory', example: 'db = Chroma.from_documents(docs, embeddings, persist_directory="~/chroma_db")' },
  // Qdrant's local mode keeps its collections in the folder it is given.
  { callee: /(?:^|\.)QdrantClient$/, keyword: 'path', example: 'client = QdrantClient(path="~/qdrant")' },
  // A FAISS (or other LangChain) index saved to a folder, which save_local creates.
  { callee: /\.save_local$/, keyword: 'folder_path', positional: true, example: 'db = FAISS.from_documents(docs, embeddings)\ndb.save_local("~/faiss_index")' },
  // Oracle ADS model classes write their deployment artifact to `artifact_dir`, making the folder
  // (ADS's own guide passes `artifact_dir="~/…"`; the sklearn serializer calls os.makedirs).
  { callee: /^(?:(?:ads\.model\.)?(?:framework\.\w+\.)?)(?:Generic|Sklearn|XGBoost|LightGBM|PyTorch|TensorFlow|SparkPipeline|HuggingFacePipeline)Model$/, keyword: 'artifact_dir', example: 'from ads.model import SklearnModel\nmodel = SklearnModel(estimator=clf, artifact_dir="~/sklearn_artifact")' },
  // lighteval's cache and results folders, which it creates (holdout10: smol-course's evaluation notebooks, `~/tmp`).
  { callee: /(?:^|\.)EnvConfig$/, keyword: 'cache_dir', example: 'from lighteval.models.model_input import EnvConfig\nenv_config = EnvConfig(token=TOKEN, cache_dir="~/tmp")' },
  { callee: /(?:^|\.)EvaluationTracker$/, keyword: 'output_dir', example: 'from lighteval.logging.evaluation_tracker import EvaluationTracker\ntracker = EvaluationTracker(output_dir="~/tmp", save_details=False)' },
  // scikit-learn's dataset fetchers download into `data_home`, which get_data_home creates (holdout10: fetch_mldata).
  { callee: /(?:^|\.)fetch_\w+$/, keyword: 'data_home', example: 'from sklearn.datasets import fetch_openml\nmnist = fetch_openml("mnist_784", data_home="~/Desktop/sklearn_data")' },
  // torchvision's datasets expand `~` (VisionDataset) and, with `download=True`, make `root` and fetch into it (holdout20:
  // `datasets.EMNIST(root="~/data", download=True)`). Without download the files must already be there: still reported.
  { callee: /(?:^|\.)datasets\.[A-Z]\w*$/, keyword: 'root', positional: true, requires: { keyword: 'download', value: /^True$/ }, example: 'from torchvision import datasets\ntrain = datasets.FashionMNIST(root="~/data", train=True, download=True)' },
  // A folder the notebook makes itself.
  { callee: /^(?:os\.)?makedirs$/, keyword: 'name', positional: true, example: 'import os\nos.makedirs("~/datasets/demo", exist_ok=True)' },
];

/** Does this call create the folder `argument` (the text of an argument, or of a name holding it)? */
export function createsFolder(call: { callee: string; keywords: readonly string[]; values: readonly string[]; firstArg?: string }, argument: string): boolean {
  const given = (text: string | undefined) => text !== undefined && (text === argument || EXPANDED(text) === argument);
  return STORE_CALLS.some((s) => s.callee.test(call.callee)
    && (s.requires === undefined || s.requires.value.test(call.values[call.keywords.indexOf(s.requires.keyword)] ?? ''))
    && ((s.positional === true && given(call.firstArg)) || (s.keyword !== undefined && given(call.values[call.keywords.indexOf(s.keyword)]))));
}

/** `os.path.expanduser(x)` or `Path(x).expanduser()`: `x`. */
function EXPANDED(text: string): string | undefined {
  return /^(?:os\.path\.)?expanduser\((.*)\)$/.exec(text)?.[1]?.trim() ?? /^(?:pathlib\.)?Path\((.*)\)\.expanduser\(\)$/.exec(text)?.[1]?.trim();
}

/** `subprocess.run(["git", "clone", url, GYM_DIR])`: a repository cloned into the folder `name`, which the clone creates. */
export function clonesInto(call: { callee: string; firstArg?: string }, name: string): boolean {
  if (!/^subprocess\.(?:run|call|check_call|check_output|Popen)$/.test(call.callee) || !/^[A-Za-z_]\w*$/.test(name)) return false;
  return new RegExp(`^\\[\\s*(["'])git\\1\\s*,\\s*(["'])clone\\2\\s*,.*,\\s*${name}\\s*,?\\s*\\]$`, 's').test(call.firstArg ?? '');
}
