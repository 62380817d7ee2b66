// Does the project ship? The first file (shallowest, then in path order) that the
// SHIPPING_EVIDENCE table recognises among the project's own files: not a notebook or its
// export (known by its content: an app's `main.py` beside its `main.ipynb` is no export), not
// a test, not its docs, examples or tutorials, not a folder below that is a project of its own
// (its own dependency file). Read once per project model build, bounded.
import * as path from 'node:path';
import { CONTAINER_FILE, NOTEBOOK_CONTAINER, SHIPPING_EVIDENCE, type ShippingEvidence } from '../knowledge/shipping';
import { isPercentScript } from '../percent';
import { PROJECT_MARKERS } from '../projectConfig';
import { importedNames } from '../readiness/facts';

export interface ShipsEvidence {
  /** Project-relative file that shows it. */
  file: string;
  /** What it is: "Dockerfile", "web app". */
  label: string;
}

const MAX_FILES_READ = 400;
/** The most a file read for evidence may hold. */
export const MAX_EVIDENCE_BYTES = 256 * 1024;

const TEST_PATH = /(?:^|\/)(?:tests?\/|test_[^/]*\.py$|[^/]*_test\.py$|tests?\.py$|conftest\.py$)/;
/**
 * Folders whose files document, teach or feed the project rather than run it (`docs/`, `examples/`,
 * `all_agents_tutorials/`, `data/`), and dot folders but the CI's.
 */
const NOT_SHIPPED_FOLDER = /^(?:(?:[\w.]+[_-])?(?:docs?|examples?|samples?|tutorials?|notebooks?|demos?)|data|\.[^/]+)$/i;
/**
 * How deep below the root evidence may be: the root or a conventional subfolder (`app/main.py`,
 * `deploy/k8s/deployment.yaml`). A served app three folders down a repository of recipes is one recipe's, not the root's.
 */
const MAX_FOLDERS_DEEP = 2;
/** An nbconvert export (`# In[1]:`) or a jupytext one (its `# jupyter:` header). */
const NOTEBOOK_EXPORT = /^# In\[[\d ]*\]:|^# ---\s*\n# jupyter:/m;

/** Does this entry recognise a file with this path and text? (The tests call it on the table's examples.) */
export function recognises(entry: ShippingEvidence, rel: string, text: string): boolean {
  if (!entry.path.test(rel) || entry.notPath?.test(rel)) return false;
  if (entry.imports) {
    const names = importedNames(text);
    if (![...names].some((n) => entry.imports!.some((s) => n === s || n.startsWith(`${s}.`)))) return false;
  }
  return (!entry.text || entry.text.test(text)) && !(entry.unless?.test(text) ?? false);
}

/** The project's own files that could show it ships, shallowest first. */
function ownFiles(files: readonly string[]): string[] {
  const nestedProjects = new Set(files.filter((f) => f.includes('/') && PROJECT_MARKERS.includes(path.posix.basename(f))).map((f) => path.posix.dirname(f)));
  const inNestedProject = (rel: string) => {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) if (nestedProjects.has(parts.slice(0, i).join('/'))) return true;
    return false;
  };
  return files
    .filter((f) => !f.endsWith('.ipynb') && f.split('/').length <= MAX_FOLDERS_DEEP + 1 && !TEST_PATH.test(f) && !inNestedProject(f))
    .filter((f) => !f.split('/').slice(0, -1).some((segment, i, dirs) => NOT_SHIPPED_FOLDER.test(segment) && !(segment === '.github' && dirs[i + 1] === 'workflows')))
    .sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
}

/** @param read a project-relative file's text, undefined when it is unreadable or over MAX_EVIDENCE_BYTES */
export function shipsEvidence(files: readonly string[], read: (rel: string) => string | undefined): ShipsEvidence | undefined {
  let readCount = 0;
  /** A folder of containers with a JupyterLab among them (`jupyterlab.Dockerfile` beside `spark-base.Dockerfile`) is a lab's environment. */
  const labFolder = (rel: string) => {
    const dir = path.posix.dirname(rel);
    return files.some((f) => f !== rel && path.posix.dirname(f) === dir && CONTAINER_FILE.test(f) && NOTEBOOK_CONTAINER.test(read(f) ?? ''));
  };
  for (const rel of ownFiles(files)) {
    const entries = SHIPPING_EVIDENCE.filter((e) => e.path.test(rel));
    if (entries.length === 0) continue;
    let text = '';
    if (entries.some((e) => e.text || e.imports || e.unless)) {
      if (readCount >= MAX_FILES_READ) continue;
      readCount++;
      const found = read(rel);
      // A percent-format script or an nbconvert export is notebook code: what is being taken to production.
      if (found === undefined || (rel.endsWith('.py') && (NOTEBOOK_EXPORT.test(found) || isPercentScript(found)))) continue;
      text = found;
    }
    const entry = entries.find((e) => recognises(e, rel, text) && !(e.container && labFolder(rel)));
    if (entry) return { file: rel, label: entry.label };
  }
  return undefined;
}
