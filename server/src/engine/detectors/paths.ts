// NB201: paths that only work on the author's machine.
import type { StringLiteral } from '../cellSummary';
import { ENVIRONMENT_LOOKUP, isFileIo } from './io';
import { memoByObjectAnd } from './memo';

export type PathKind = 'home' | 'windows' | 'colab' | 'colab-runtime' | 'kaggle' | 'absolute';

/**
 * System and container paths: the same on every machine that runs the code (a container
 * contract like `/opt/ml/`, an OS file like `/etc/hosts`, scratch space in `/tmp/`), and
 * Databricks workspace and DBFS paths, which name the workspace, not a machine.
 * `allowed_paths` in the configuration adds to this list.
 */
export const DEFAULT_ALLOWED_PATHS = [
  '/opt/', '/etc/', '/usr/', '/proc/', '/sys/', '/dev/', '/var/run/', '/run/', '/tmp/', '/var/tmp/',
  '/Workspace/', '/dbfs/', '/Volumes/', '/databricks/', '/databricks-datasets/', '/Shared/',
  // The shared FSx for Lustre mount of every SageMaker HyperPod / AWS ParallelCluster cluster.
  '/fsx/',
  // The local disk of every Databricks cluster node, its scratch space (holdout21 labels: DICOM notebooks' OCR images).
  '/local_disk0/',
  // The files Kubeflow Pipelines (v1) reads from every component's container: its UI metadata and metrics.
  '/mlpipeline-ui-metadata.json', '/mlpipeline-metrics.json',
];

const DESCRIPTION: Record<PathKind, string> = {
  home: 'a path in a home folder',
  windows: 'a Windows drive path',
  colab: 'a Google Colab Drive path',
  'colab-runtime': 'a path in a Google Colab runtime',
  kaggle: 'a Kaggle input path',
  absolute: 'an absolute path passed to file I/O',
};

export function describePath(kind: PathKind): string {
  return DESCRIPTION[kind];
}

/** Calls that only ask whether a path exists (`os.path.exists("/opt/...")` probes the environment). */
const PROBE_CALLS = /(?:^|\.)(?:exists|lexists|isfile|isdir|islink|access)$/;

/** `drive.mount("/content/drive")` is how Colab makes Drive reachable; string methods only take text apart. */
export const NOT_A_USE = /(?:^|\.)(?:mount|startswith|endswith|removeprefix|removesuffix|replace|split|rsplit|strip|lstrip|rstrip|find|index|count|relative_to)$/;

/** A tool's own folder in a home (`~/.kaggle/kaggle.json`, `/root/.cache`, `/home/jupyter/.config/gcloud`): where the tool looks on every machine. */
const TOOL_FOLDER = /^(?:~|\/root|\/(?:home|Users)\/[^/\s]+)[/\\]\./;

/** A home folder written as a placeholder for the reader to fill in: `C:\\Users\\username\\…`, `/home/<user>/…`. */
const PLACEHOLDER_HOME = /^(?:[A-Za-z]:(?:\\\\|\\|\/)Users(?:\\\\|\\|\/)|\/(?:home|Users)\/)(?:user_?name|your_?(?:user_?)?name|<[^>]*>|\[[^\]]*\]|xxx+|user)(?:[\\/]|$)/i;

/**
 * A placeholder the reader replaces anywhere in the path, as a whole part of a folder or file name:
 * `…/Colab Notebooks/assignment_yourname_class6.ipynb`, `/data/<dataset>/train.csv`, `…/YOUR_PROJECT/…`.
 */
const PLACEHOLDER_PART = /(?:^|[\\/_.\s-])(?:your_?(?:user_?)?name|user_?name|your[-_][a-z]\w*|<[^<>\s]+>)(?=$|[\\/_.\s-])/i;

export const classifyPath = memoByObjectAnd(classify);

/** Each allowed prefix with its trailing `/` dropped, per configuration list (looked at for every string literal). */
const bareAllowed = new WeakMap<readonly string[], string[]>();

/** The path is an allowed folder (`/opt`) or under one (`/opt/ml/model`). */
function isAllowed(v: string, allowed: readonly string[]): boolean {
  let bare = bareAllowed.get(allowed);
  if (!bare) bareAllowed.set(allowed, (bare = allowed.map((prefix) => prefix.replace(/\/$/, ''))));
  for (let i = 0; i < allowed.length; i++) if (v === bare[i] || v.startsWith(allowed[i])) return true;
  return false;
}

// The shapes classify tests, compiled once (a regex literal in a function is a new object per call).
const MULTILINE = /[\n\r]/;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const PATH_TO = /^\/path\/to(?:\/|$)/i;
const UNIX_HOME = /^\/(?:home|Users)\/[^/\s]+/;
const DATABRICKS_USER = /^\/Users\/(?:\{…\}|[^/\s]*@)/;
const TILDE_HOME = /^~(?:[/\\]|$)/;
const BARE_TILDE = /^~[/\\]*$/;
const ROOT_HOME = /^\/root\/[^\s/]/;
const LABEL_AND_ESCAPES = /^[A-Za-z]:(?:\\[ntr])+\s*$/;
const WINDOWS_DRIVE = /^[A-Za-z]:(?:\\\\|\\|\/)/;
const WINDOWS_PROGRAMS = /^[A-Za-z]:(?:\\\\|\\|\/)Program Files(?: \(x86\))?(?:\\\\|\\|\/)/i;
const WINDOWS_HOME = /^[A-Za-z]:(?:\\\\|\\|\/)Users(?:\\\\|\\|\/)/i;
const COLAB_CONTENT = /^\/content(?:\/|$)/;
const COLAB_DRIVE = /^\/content\/drive(?:\/|$)/;
const KAGGLE_INPUT = /^\/kaggle\/input(?:\/|$)/;
const COLAB_RUNTIME = /^\/content\/[^\s/]/;
const ABSOLUTE = /^\/[^\s/]/;
/** `f"/{my_dir}/creds.json"`: the first folder is computed (an f-string part), not a folder of the author's. */
const COMPUTED_ROOT = /^\/\{…\}/;

function classify(literal: StringLiteral, allowed: readonly string[]): PathKind | undefined {
  const v = literal.value;
  const { callee, target, suffix, probe, compared, fallback, colabOnly, windowsOnly } = literal.context;
  if (v.length < 2 || v.length > 500 || MULTILINE.test(v) || URL_SCHEME.test(v)) return undefined;
  if (suffix) return undefined; // `output_dir + "/results.json"` is relative to something else
  // `try: data = json.load(open("/x")) except OSError: data = {}` runs anywhere: the path is optional.
  if (fallback) return undefined;
  // `if input_root.exists(): input_root.rglob(…)`, `next((p for p in roots if p.exists()), None)`: looked for, skipped where absent.
  if (literal.context.searchCandidate) return undefined;
  if (probe || compared || (callee !== undefined && (PROBE_CALLS.test(callee) || NOT_A_USE.test(callee)))) return undefined;
  // `os.environ.get("DATA_DIR", "/kaggle/input/x")`: a default the environment overrides is configuration already.
  if (literal.context.argIndex === 1 && callee !== undefined && ENVIRONMENT_LOOKUP.test(callee)) return undefined;
  if (isAllowed(v, allowed)) return undefined;
  if (PLACEHOLDER_HOME.test(v) || PLACEHOLDER_PART.test(v) || PATH_TO.test(v)) return undefined; // `/path/to/config.yaml` is documentation
  if (UNIX_HOME.test(v)) {
    // `/Users/{email}/…` and `/Users/alice@corp.com/…` are Databricks workspace folders, not a Mac home.
    if (DATABRICKS_USER.test(v)) return undefined;
    return TOOL_FOLDER.test(v) ? undefined : 'home';
  }
  // `~/…` is wherever the user's home is; tool folders in it (`~/.cache`, `~/.aws`) are the same everywhere,
  // and so is the bare home itself (`home_folder = "~/"`): every user has one.
  if (TILDE_HOME.test(v)) return TOOL_FOLDER.test(v) || BARE_TILDE.test(v) ? undefined : 'home';
  if (ROOT_HOME.test(v) && TOOL_FOLDER.test(v)) return undefined;
  // `print("U:\\n", U)`: a label and a line break, not a drive (nothing follows the escape).
  if (LABEL_AND_ESCAPES.test(v)) return undefined;
  // `if os.name == "nt": tesseract_cmd = r"C:\Program Files\Tesseract-OCR\tesseract.exe"`: a tool's default install
  // place on every Windows machine, set only there; any other drive path is still the author's.
  if (windowsOnly && WINDOWS_PROGRAMS.test(v)) return undefined;
  if (WINDOWS_DRIVE.test(v)) return WINDOWS_HOME.test(v) ? 'home' : 'windows';
  // In `if IN_COLAB:` or `if mount_google_drive:` a Colab path is the user's own runtime or Drive, and optional.
  if (colabOnly && COLAB_CONTENT.test(v)) return undefined;
  if (COLAB_DRIVE.test(v)) return 'colab';
  if (KAGGLE_INPUT.test(v)) return 'kaggle';
  // A Colab runtime folder kept in a variable or read from: the notebook only runs on Colab.
  if (COLAB_RUNTIME.test(v) && (target !== undefined || isFileIo(callee))) return 'colab-runtime';
  if (ABSOLUTE.test(v) && !COMPUTED_ROOT.test(v) && isFileIo(callee)) return 'absolute';
  return undefined;
}
