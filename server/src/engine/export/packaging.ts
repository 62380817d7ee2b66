// Packaging for an exported notebook: pyproject.toml with the package, the
// notebook's dependencies (pinned as requirements.txt pins them) and the pipeline's
// script entry point, and a README section with the run commands. An existing
// pyproject.toml is merged into (dependencies, the script, pytest's path), never
// rewritten; when it cannot be merged safely the export is refused with the reason.
import { parse as parseToml } from 'smol-toml';
import { pyprojectInsertion, requirementName, requirementsAddition } from '../fixes/declareDependency';
import { distributionFor, isRuntimeProvided, isStdlib } from '../knowledge/distributions';
import { parseRequirements } from '../project/dependencies';

export interface PackagingRequest {
  packageName: string;
  /** Script name and pipeline module: `<script> = "pipelines.<module>:main"`; no script when there is no pipeline. */
  script?: string;
  module: string;
  config: string;
  /** Project-relative path of the notebook, for the README. */
  notebook: string;
  /** Dotted modules the notebook imports (absolute imports only). */
  imports: string[];
  /** Is `name` a module of the project itself (a .py file or package next to the notebook or at the root)? */
  isLocal: (name: string) => boolean;
  pyproject?: string;
  requirements?: string;
  readme?: string;
  secrets: string[];
  /** Project-relative folders the notebook puts on sys.path for its helpers: the tests need them too. */
  importPaths?: string[];
}

export interface PackagingPlan {
  pyproject: string;
  /** undefined: no README (and none written, as there is no pipeline to document). */
  readme?: string;
  /** requirements.txt with the missing dependencies, when that is where the project declares them. */
  requirements?: string;
  dependencies: string[];
  notes: string[];
}

/** nb2prod's own build sections from "Extract cells to module": safe to replace. */
const NB2PROD_FIND = '[tool.setuptools.packages.find]\nwhere = ["src"]\n';

function setuptoolsSection(pkg: string): string {
  return `[tool.setuptools]\npackage-dir = { "" = "src", "pipelines" = "pipelines" }\npackages = ["${pkg}", "pipelines"]\n`;
}

/** pytest's path: the package, the project root, and the folders where the notebook's helpers are. */
const pytestSection = (importPaths: readonly string[] = []) => `[tool.pytest.ini_options]\npythonpath = [${['src', '.', ...importPaths.filter((p) => p !== '.')].map((p) => JSON.stringify(p)).join(', ')}]\n`;

export function dependenciesOf(req: PackagingRequest): string[] {
  const pinned = new Map(parseRequirements('requirements.txt', req.requirements ?? '').map((d) => [d.name, d.spec]));
  const out: string[] = [];
  for (const module of req.imports) {
    const top = module.split('.')[0];
    if (isStdlib(module) || isRuntimeProvided(module) || top === req.packageName || top === 'pipelines' || req.isLocal(top) || /^nb_(config|prompts)$/.test(top)) continue;
    const dist = distributionFor(module);
    if (!dist) continue;
    const spec = pinned.get(requirementName(dist)) ?? dist;
    if (!out.some((s) => requirementName(s) === requirementName(spec))) out.push(spec);
  }
  return out;
}

export function planPackaging(req: PackagingRequest): PackagingPlan | { refused: string } {
  const deps = dependenciesOf(req);
  const entry = `pipelines.${req.module}:main`;
  const notes: string[] = [];
  let pyproject: string;
  let requirements = req.requirements;
  if (req.pyproject === undefined) {
    const all = [...deps, "tomli>=1.1; python_version < '3.11'"];
    pyproject = `[project]\nname = "${req.packageName}"\nversion = "0.1.0"\nrequires-python = ">=3.9"\ndependencies = [\n${all.map((d) => `    ${JSON.stringify(d)},\n`).join('')}]\n\n`
      + (req.script ? `[project.scripts]\n${req.script} = "${entry}"\n\n` : '') + `[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = "setuptools.build_meta"\n\n`
      + `${setuptoolsSection(req.packageName)}\n${pytestSection(req.importPaths)}`;
  } else {
    let parsed: { project?: { scripts?: Record<string, unknown> }; tool?: { pytest?: unknown } };
    try {
      parsed = parseToml(req.pyproject) as typeof parsed;
    } catch {
      return { refused: 'pyproject.toml is not valid TOML; fix it first' };
    }
    if (!parsed.project) return { refused: 'pyproject.toml has no [project] table (PEP 621) that nb2prod can add the dependencies and the script to' };
    pyproject = req.pyproject.endsWith('\n') ? req.pyproject : `${req.pyproject}\n`;
    const insertion = pyprojectInsertion(pyproject, deps);
    if (insertion) pyproject = pyproject.slice(0, insertion.offset) + insertion.text + pyproject.slice(insertion.offset);
    else if (req.requirements !== undefined) requirements = `${req.requirements}${requirementsAddition(req.requirements, deps)}`;
    else if ((parsed.project as Record<string, unknown>).dependencies !== undefined) return { refused: 'the dependencies of pyproject.toml are not a `dependencies = [...]` array nb2prod can add to' };
    else {
      const header = /^\[project\][ \t]*\n/m.exec(pyproject)!;
      const at = header.index + header[0].length;
      pyproject = `${pyproject.slice(0, at)}dependencies = [${deps.map((d) => JSON.stringify(d)).join(', ')}]\n${pyproject.slice(at)}`;
    }
    const existing = req.script ? parsed.project.scripts?.[req.script] : entry;
    if (existing !== undefined && existing !== entry) return { refused: `pyproject.toml already has a script \`${req.script}\` (${String(existing)})` };
    if (existing === undefined) {
      const header = /^\[project\.scripts\][ \t]*\n/m.exec(pyproject);
      const line = `${req.script} = "${entry}"\n`;
      pyproject = header ? pyproject.slice(0, header.index + header[0].length) + line + pyproject.slice(header.index + header[0].length) : `${pyproject}\n[project.scripts]\n${line}`;
    }
    if (pyproject.includes(NB2PROD_FIND)) pyproject = pyproject.replace(NB2PROD_FIND, setuptoolsSection(req.packageName));
    else if (!/^packages\s*=.*"pipelines"/m.test(pyproject)) notes.push('pyproject.toml decides its own packages: add `pipelines` to them for the script entry point to install');
    if (!parsed.tool?.pytest) pyproject = `${pyproject}\n${pytestSection(req.importPaths)}`;
    else if (req.importPaths?.length) notes.push(`the notebook imports helpers from ${req.importPaths.join(', ')} (sys.path): add ${req.importPaths.length === 1 ? 'it' : 'them'} to pythonpath in [tool.pytest.ini_options] for the tests to import them`);
    try {
      parseToml(pyproject);
    } catch (error) {
      return { refused: `merging into pyproject.toml would make it invalid (${(error as Error).message.split('\n')[0]})` };
    }
  }

  const marker = `<!-- nb2prod export: ${req.module} -->`;
  const section = `## Run the ${req.module} pipeline\n\n${marker}\n`
    + `Made from \`${req.notebook}\` by \`nb2prod export\`: the notebook's steps are functions of \`src/${req.packageName}/\` `
    + `with tests in \`tests/\`, its constants live in \`configs/${req.config}.toml\`, and \`pipelines/${req.module}.py\` runs the steps in `
    + `the notebook's order, logging each one.\n\n\`\`\`bash\npip install -e .\npython -m pipelines.${req.module} --config configs/${req.config}.toml\n`
    + `${req.script} --config configs/${req.config}.toml --log-level DEBUG   # the same, as the installed script\npython -m pytest tests\n\`\`\`\n`
    + (req.secrets.length ? `\nSet ${req.secrets.map((s) => `\`${s}\``).join(', ')} in the environment first.\n` : '');
  let readme: string | undefined;
  if (!req.script) readme = req.readme;
  else if (req.readme === undefined) readme = `# ${req.packageName}\n\n${section}`;
  else if (req.readme.includes(marker)) readme = req.readme;
  else readme = `${req.readme}${req.readme.endsWith('\n') ? '' : '\n'}\n${section}`;
  return { pyproject, readme, requirements, dependencies: deps, notes };
}
