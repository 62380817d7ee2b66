// Declared dependencies, with where each is declared: requirements*.txt,
// pyproject.toml (PEP 621, dependency groups, Poetry, uv) and environment.yml.
import { parse as parseToml } from 'smol-toml';
import { requirementName } from '../fixes/declareDependency';
import type { Range } from '../types';

export interface DeclaredDependency {
  /** PEP 503 normalised name. */
  name: string;
  spec: string;
  /** Path relative to the project root. */
  file: string;
  range: Range;
  /** Exactly one version: `==1.2.3`, Poetry `"1.2.3"`, conda `=1.2.3`. */
  pinned: boolean;
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

const VCS_COMMIT = /\b(?:git|hg)\+\S+@[0-9a-f]{7,40}(?=$|[#;\s])/i;

export function isExactPin(spec: string): boolean {
  // `alepython @ git+https://github.com/o/r.git@286350ab…`: a VCS reference to one commit is one version.
  if (VCS_COMMIT.test(spec)) return true;
  return /(?:===|==)\s*[A-Za-z0-9.+!_-]+\s*(?:;.*)?$/.test(spec) && !/==\s*[^;]*\*/.test(spec) && !/[<>~]|!=/.test(spec.split(';')[0].replace(/===?/, ''));
}

/** The oldest Python that still gets releases; a requirement only for older interpreters is never installed. */
const OLDEST_LIVE_PYTHON = [3, 9];

/**
 * `connexion <= 2.3.0; python_version=="3.5" or python_version=="3.4"`: an environment marker that holds only on
 * Pythons past their end of life. Every clause must name `python_version` with `==`, `<` or `<=` and an old version.
 */
export function onlyForEndOfLifePython(spec: string): boolean {
  const marker = spec.split(';')[1];
  if (marker === undefined) return false;
  const clauses = marker.split(/\bor\b/).map((c) => c.trim()).filter(Boolean);
  return clauses.length > 0 && clauses.every((clause) => {
    const m = /^\(?\s*python_(?:full_)?version\s*(==|<=|<)\s*["'](\d+)\.(\d+)[^"']*["']\s*\)?$/.exec(clause);
    if (!m) return false;
    const [major, minor] = [Number(m[2]), Number(m[3])];
    const older = major < OLDEST_LIVE_PYTHON[0] || (major === OLDEST_LIVE_PYTHON[0] && minor < OLDEST_LIVE_PYTHON[1]);
    // `< "3.9"` excludes 3.9 itself; `<= "3.8"` and `== "3.8"` name 3.8.
    return m[1] === '<' ? major < OLDEST_LIVE_PYTHON[0] || (major === OLDEST_LIVE_PYTHON[0] && minor <= OLDEST_LIVE_PYTHON[1]) : older;
  });
}

export function parseRequirements(file: string, text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  text.split('\n').forEach((raw, line) => {
    const content = raw.replace(/\s+#.*$|^#.*$/, '').replace(/\\$/, '').trim();
    if (!content || content.startsWith('-') || /^[a-z+]+:\/\//i.test(content) || content.startsWith('.') || content.startsWith('/')) return;
    // `pip install boto3` is a shell command pasted into the file: `pip install -r` cannot read it, and it names no requirement.
    if (/^(?:python3?\s+-m\s+)?(?:pip3?|conda|uv\s+pip|poetry|mamba)\s+(?:install|add)\b/i.test(content)) return;
    const spec = content.split(/\s+--hash/)[0].trim();
    if (!/^[A-Za-z0-9]/.test(spec)) return;
    const start = raw.indexOf(spec);
    out.push({ name: requirementName(spec), spec, file, range: lineRange(line, start, start + spec.length), pinned: isExactPin(spec) });
  });
  return out;
}

/** Locate a string value in TOML text, after `from`: its line and columns (without quotes). */
function locate(text: string, value: string, from: number): { range: Range; next: number } | undefined {
  for (const quote of ['"', "'"]) {
    const at = text.indexOf(`${quote}${value}${quote}`, from);
    if (at < 0) continue;
    const before = text.slice(0, at + 1);
    const line = before.split('\n').length - 1;
    const col = at + 1 - (before.lastIndexOf('\n') + 1);
    return { range: lineRange(line, col, col + value.length), next: at + value.length };
  }
  return undefined;
}

function locateKey(text: string, key: string, from: number): Range | undefined {
  const re = new RegExp(`^[ \\t]*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`, 'mg');
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m) return undefined;
  const line = text.slice(0, m.index).split('\n').length - 1;
  const col = m[0].search(/\S/);
  return lineRange(line, col, col + key.length + (m[0].includes('"') || m[0].includes("'") ? 2 : 0));
}

export function parsePyprojectDependencies(file: string, text: string): DeclaredDependency[] {
  let doc: Record<string, any>;
  try {
    doc = parseToml(text) as Record<string, any>;
  } catch {
    return [];
  }
  const out: DeclaredDependency[] = [];
  // `ragas[all]` in ragas's own dev group installs the project itself, from source: nothing to pin.
  const own = typeof doc.project?.name === 'string' ? requirementName(doc.project.name) : undefined;
  const pep508 = (specs: unknown, anchor: RegExp) => {
    if (!Array.isArray(specs)) return;
    const m = anchor.exec(text);
    let from = m ? m.index : 0;
    for (const spec of specs) {
      if (typeof spec !== 'string') continue;
      const found = locate(text, spec, from);
      if (found) from = found.next;
      out.push({ name: requirementName(spec), spec, file, range: found?.range ?? lineRange(0, 0, 0), pinned: isExactPin(spec) || requirementName(spec) === own });
    }
  };
  pep508(doc.project?.dependencies, /^\[project\]/m);
  for (const [group, specs] of Object.entries(doc.project?.['optional-dependencies'] ?? {})) pep508(specs, new RegExp(`^${group}\\s*=`, 'm'));
  for (const [group, specs] of Object.entries(doc['dependency-groups'] ?? {})) pep508(specs, new RegExp(`^${group}\\s*=`, 'm'));
  pep508(doc.tool?.uv?.['dev-dependencies'], /^dev-dependencies\s*=/m);
  const poetry = (deps: Record<string, unknown> | undefined, header: RegExp) => {
    if (!deps) return;
    const m = header.exec(text);
    for (const [name, value] of Object.entries(deps)) {
      if (name.toLowerCase() === 'python') continue;
      const version = typeof value === 'string' ? value : typeof value === 'object' && value && typeof (value as { version?: unknown }).version === 'string' ? (value as { version: string }).version : '';
      const pinned = /^(?:==)?\s*\d[\w.]*$/.test(version.trim());
      out.push({ name: requirementName(name), spec: `${name}${version ? ` ${version}` : ''}`, file, range: locateKey(text, name, m?.index ?? 0) ?? lineRange(0, 0, 0), pinned });
    }
  };
  poetry(doc.tool?.poetry?.dependencies, /^\[tool\.poetry\.dependencies\]/m);
  poetry(doc.tool?.poetry?.['dev-dependencies'], /^\[tool\.poetry\.dev-dependencies\]/m);
  for (const [group, g] of Object.entries(doc.tool?.poetry?.group ?? {})) poetry((g as { dependencies?: Record<string, unknown> }).dependencies, new RegExp(`^\\[tool\\.poetry\\.group\\.${group}\\.dependencies\\]`, 'm'));
  return out;
}

export function parseEnvironmentYml(file: string, text: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  let inDeps = false;
  text.split('\n').forEach((raw, line) => {
    if (/^dependencies\s*:/.test(raw)) {
      inDeps = true;
      return;
    }
    if (/^\S/.test(raw)) inDeps = false;
    if (!inDeps) return;
    const m = /^(\s*-\s*)([A-Za-z0-9][^\s#]*)/.exec(raw);
    if (!m || m[2] === 'pip:' || m[2].endsWith(':')) return;
    const spec = m[2].replace(/^conda-forge::|^[\w-]+::/, '');
    // `python=3.11` picks the interpreter's minor version: nobody pins its patch release.
    // `pip` only installs the `pip:` section and `git`/`git-lfs` fetch files: neither is code the notebooks run.
    const installer = /^(?:pip|git|git-lfs)(?:[=<>!~\s]|$)/i.test(spec);
    // `libiconv=1.17=h166bdaf_0`, as `conda env export` writes every line, names one version and one build of it: exact.
    // A wildcard in the version or the build (`zlib=1.2.*=h166bdaf_5`) still lets the resolver choose.
    const exactBuild = /^[A-Za-z0-9._-]+=[^=\s*]+=[^=\s*]+$/.test(spec);
    const pinned = installer || exactBuild || isExactPin(spec) || /^[A-Za-z0-9._-]+=\d+(?:\.\d+){2,}/.test(spec) || /^python=\d+\.\d+$/.test(spec);
    out.push({ name: requirementName(spec.split('=')[0]), spec, file, range: lineRange(line, m[1].length, m[1].length + m[2].length), pinned });
  });
  return out;
}

/**
 * `setup(install_requires=[...])`, as a list literal or a variable assigned one
 * (`required_packages = ["sagemaker"]`). `unknown` when the list is built some other
 * way (read from a file): then it may declare anything.
 */
export function parseSetupPy(file: string, text: string): { dependencies: DeclaredDependency[]; unknown: boolean } {
  const m = /\binstall_requires\s*=\s*(\[[^\]]*\]|[A-Za-z_]\w*)/.exec(text);
  if (!m) return { dependencies: [], unknown: false };
  const list = m[1].startsWith('[') ? m[1] : new RegExp(`^${m[1]}\\s*=\\s*(\\[[^\\]]*\\])`, 'm').exec(text)?.[1];
  if (list === undefined) return { dependencies: [], unknown: true };
  const offset = text.indexOf(list);
  const dependencies: DeclaredDependency[] = [];
  for (const q of list.matchAll(/["']([A-Za-z0-9][^"']*)["']/g)) {
    const at = offset + (q.index ?? 0) + 1;
    const before = text.slice(0, at);
    const line = before.split('\n').length - 1;
    const col = at - (before.lastIndexOf('\n') + 1);
    dependencies.push({ name: requirementName(q[1]), spec: q[1], file, range: lineRange(line, col, col + q[1].length), pinned: isExactPin(q[1]) });
  }
  return { dependencies, unknown: false };
}
