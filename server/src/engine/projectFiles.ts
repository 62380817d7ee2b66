// Findings on the project's own files rather than on notebook cells: modules in
// src/ without tests (NB301, NB302), undeclared imports in them (NB402),
// unpinned requirements (NB401), and the once-per-project NB303/NB403, which
// stand on the first dependency file when there is one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { effectiveSeverity, type RuleConfig } from './config';
import { projectHome, testsOf, type ProjectModel } from './project/model';
import { CURRENT_DATA_DISTRIBUTIONS, RENAMED_DISTRIBUTIONS, STDLIB_BACKPORTS } from './knowledge/backports';
import { onlyForEndOfLifePython, type DeclaredDependency } from './project/dependencies';
import { decoratorsByFunction, isEntryPoint } from './knowledge/entryPoints';
import { NO_TESTS_MESSAGE, needsBrief, needsTests, noBriefMessage } from './rules/project/projectLevel';
import { undeclaredImports, undeclaredMessage } from './rules/project/undeclaredDependency';
import type { Finding, Range, Severity } from './types';

export interface FileFindings {
  /** Path relative to the project root. */
  file: string;
  findings: Finding[];
}

/** A module's text for the module rules; past this size it is generated code, not read. */
const MAX_MODULE_BYTES = 1_000_000;

function readModule(root: string, file: string): string | undefined {
  try {
    const full = path.join(root, file);
    return fs.statSync(full).size > MAX_MODULE_BYTES ? undefined : fs.readFileSync(full, 'utf8');
  } catch {
    return undefined; // vanished since the scan
  }
}

/** `dir/name` (PEP 503 name) for each package folder (one with an `__init__.py`) of the project. */
function localPackages(files: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const file of files) {
    const m = /^(?:(.*)\/)?([^/]+)\/__init__\.py$/.exec(file);
    if (m) found.add(`${m[1] ?? '.'}/${m[2].toLowerCase().replace(/[-_.]+/g, '-')}`);
  }
  return found;
}

const TOP: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * @param analyzeModule the module rules (NB501-NB505) on a module's text, when the caller has an engine.
 */
export function analyzeProjectFiles(model: ProjectModel, config: RuleConfig, analyzeModule?: (source: string) => Finding[]): FileFindings[] {
  const byFile = new Map<string, Finding[]>();
  const add = (file: string, code: string, defaultSeverity: Severity, range: Range, message: string, data?: Record<string, string>) => {
    const severity = effectiveSeverity(config, code, defaultSeverity);
    if (!severity) return;
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    list.push({ code, severity, message, cell: -1, range, related: [], data });
  };
  const collected = () => [...byFile].map(([file, findings]) => ({ file, findings: findings.sort((a, b) => a.range.start.line - b.range.start.line) }));
  const environments = new Set(model.environmentFiles);
  const ownPackages = localPackages(model.files);
  // A package a requirements file of the same folder pins with == is pinned there: a freeze file beside the
  // requirements (holdout13), or the book's `requirements.txt` beside its loose `requirements_min.txt` (holdout15).
  const pinnedInFolder = new Map<string, Set<string>>(); // folder -> names a .txt file there pins
  for (const d of model.dependencies) {
    if (!d.pinned || !d.file.endsWith('.txt')) continue;
    const folder = path.posix.dirname(d.file);
    const names = pinnedInFolder.get(folder) ?? new Set<string>();
    names.add(d.name.toLowerCase());
    pinnedInFolder.set(folder, names);
  }
  const reportUnpinned = (dependencies: readonly DeclaredDependency[]) => {
    if (model.lockFile) return;
    for (const d of dependencies) {
      // setup.py's install_requires are a library's ranges, meant to stay open.
      if (d.pinned || environments.has(d.file) || d.file === 'setup.py') continue;
      // (pip files only: a conda environment.yml beside a pinned requirements.txt is another install, left open.)
      if (d.file.endsWith('.txt') && pinnedInFolder.get(path.posix.dirname(d.file))?.has(d.name.toLowerCase())) continue;
      // `api` in a conda export next to the example's own `api/` package (pip's record of a local
      // install): there is no PyPI release to pin, and the import finds the folder anyway.
      if (ownPackages.has(`${path.posix.dirname(d.file)}/${d.name}`)) continue;
      // `clearml>=1.14.4` in an example folder of clearml's own repository (holdout18), above the project or in a folder
      // of it: the library the example shows, whose version is the repository's own, not a third party's to pin.
      if (model.repositoryPackages?.has(d.name.toLowerCase().replace(/-/g, '_'))) continue;
      if (d.file.includes('/') && ownPackages.has(`./${d.name.toLowerCase().replace(/[-_.]+/g, '-')}`)) continue;
      // A line kept for Python 3.5 users (`; python_version=="3.5"`) is never installed today.
      if (onlyForEndOfLifePython(d.spec)) continue;
      // `tzdata>=2024.1`: a floor on data that is meant to stay current is the right requirement (holdout19).
      if (CURRENT_DATA_DISTRIBUTIONS.has(d.name.toLowerCase()) && /^[^=<!~]*>=/.test(d.spec.replace(/^[A-Za-z0-9._-]+(?:\[[^\]]*\])?/, ''))) continue;
      const backport = STDLIB_BACKPORTS[d.name];
      const renamed = RENAMED_DISTRIBUTIONS[d.name.toLowerCase()];
      // An old copy of a standard-library module: pinning it is the wrong advice.
      const conda = condaPinInPipFile(d, model.dependencies);
      // holdout20: `sagemaker>=2.0.0<3.0.0` (no comma) is a line pip refuses, not a loose range.
      const commaless = commalessClauses(d);
      // holdout19: `sklearn` is PyPI's deprecated alias of scikit-learn; pinning the alias is the wrong advice.
      // holdout20: `bs4`, the dummy name of beautifulsoup4.
      if (renamed) add(d.file, 'NB401', 'warning', d.range, `\`${d.spec}\` is ${renamed.what}. Write \`${renamed.real}\` pinned to one version (==).`);
      else if (backport) add(d.file, 'NB401', 'warning', d.range, `\`${d.spec}\` is an obsolete PyPI backport of the standard library's \`${backport.module}\` (in Python since ${backport.since}): the interpreter's own module is the one imported. Remove it.`);
      // holdout14: `statsmodels=0.9.0` names one version, but in conda's syntax: "not pinned" would be false.
      else if (commaless) add(d.file, 'NB401', 'warning', d.range, `\`${d.spec}\` is not a valid pip requirement: its version clauses need a comma between them, and pip rejects the line ("Invalid requirement"), so \`pip install -r ${path.posix.basename(d.file)}\` installs nothing. Write \`${commaless}\`.`);
      else if (conda) add(d.file, 'NB401', 'warning', d.range, `\`${d.spec}\` is not a valid pip requirement: a single \`=\` is conda's syntax, and pip rejects the line ("Invalid requirement"), so \`pip install -r ${path.posix.basename(d.file)}\` installs nothing. Write \`${conda}\`.`);
      else add(d.file, 'NB401', 'warning', d.range, `\`${d.spec}\` is not pinned to one version and no lock file pins it: a new install can get different code. Pin it (==) or add a lock file.`);
    }
  };

  // A folder of notebooks, or of job scripts in src/, is not a project: nothing to say about its files.
  if (!model.isProject) {
    // Below a root of tool settings (a pyproject.toml that makes no project), the samples of scripts
    // with their own requirements.txt and no notebook: no notebook's project root reaches those files.
    const withNotebooks = (file: string) => model.notebooks.some((n) => n.startsWith(`${path.posix.dirname(file)}/`));
    if (model.files.includes('pyproject.toml')) reportUnpinned(model.dependencies.filter((d) => d.file.includes('/') && model.dependencyFiles.includes(d.file) && !withNotebooks(d.file)));
    return collected();
  }

  const skipped = (m: ProjectModel['modules'][number]) => m.file.endsWith('__main__.py') || (m.file.endsWith('__init__.py') && m.definitions.length === 0);
  // The module rules run last module first (reported in order). That mattered while the model's build summarised
  // the modules in order and a bounded summary cache kept only the last ones; the CLI's model now reads a module's
  // facts right after this pass summarises it (below), so either order parses each module once.
  const moduleFindings = new Map<string, Finding[]>();
  // Each module is read once: the texts of that backwards pass serve the pass in order.
  const sources = new Map<string, string | undefined>();
  if (analyzeModule) {
    for (let i = model.modules.length - 1; i >= 0; i--) {
      const m = model.modules[i];
      if (skipped(m)) continue;
      const source = readModule(model.root, m.file);
      sources.set(m.file, source);
      if (source === undefined) continue;
      moduleFindings.set(m.file, analyzeModule(source));
      // A model built with outlines on demand (the CLI's) reads the module's facts now, from the summary just made.
      void m.definitions;
    }
  }

  for (const m of model.modules) {
    if (skipped(m)) continue;
    const source = sources.has(m.file) ? sources.get(m.file) : readModule(model.root, m.file);
    // Entry points (a job's main(), a scoring script's init/run, a pipeline definition) are not library code.
    const decorators = decoratorsByFunction(source ?? '');
    const defined = new Set(m.definitions.map((d) => d.name));
    // A base class is exercised through the subclasses the tests name.
    const bases = new Set([...(source ?? '').matchAll(/^class\s+\w+\s*\(([^)]*)\)/gm)].flatMap((c) => c[1].split(',').map((b) => b.trim().split('.').pop() ?? '')));
    // A script run as a job (`if __name__ == "__main__":`) is an entry point as a whole.
    const script = /^if\s+__name__\s*==\s*["']__main__["']\s*:/m.test(source ?? '');
    const reusable = script ? [] : m.definitions.filter((d) => !d.name.startsWith('_') && !(d.kind === 'function' && isEntryPoint(d.name, decorators.get(d.name) ?? [], defined)) && !(d.kind === 'class' && bases.has(d.name)));
    const tests = testsOf(model, m);
    // A script with nothing to import (top-level job code) needs a run, not an import in a test.
    if (tests.length === 0 && reusable.length > 0) add(m.file, 'NB302', 'warning', TOP, `No test imports \`${m.module}\`: add tests/test_${m.module.split('.').pop()}.py.`);
    // Without any test in the project NB303 says so once; a finding per function would repeat it.
    const lines = (source ?? '').split('\n');
    for (const d of model.tests.length > 0 ? reusable : []) {
      // `def f():  # pragma: no cover`: the author excluded it from testing on purpose.
      if (/pragma:\s*no\s*cover/.test(lines[d.range.start.line] ?? '')) continue;
      if (!tests.some((t) => t.words.has(d.name))) {
        add(m.file, 'NB301', 'information', d.range, `No test exercises \`${d.name}\`${tests.length ? ` (the tests of \`${m.module}\` never name it)` : ''}.`);
      }
    }
    for (const f of moduleFindings.get(m.file) ?? []) add(m.file, f.code, f.severity, f.range, f.message, f.data);
    // A job script runs in the job's environment (a container, a curated image), not the project's.
    if (!script && !model.declaresUnknown) for (const u of undeclaredImports(m.imports, model)) add(m.file, 'NB402', 'warning', u.range, undeclaredMessage(u, model), u.distribution ? { distribution: u.distribution } : undefined);
  }

  reportUnpinned(model.dependencies);

  const home = projectHome(model);
  if (home) {
    if (needsTests(model)) add(home, 'NB303', 'warning', TOP, NO_TESTS_MESSAGE);
    if (needsBrief(model)) add(home, 'NB403', 'information', TOP, noBriefMessage(model));
  }
  return collected();
}

/** A pip version operator (`==`, `>=`, `~=`, …): the file is written for pip, not conda. */
const PIP_OPERATOR = /(?:===?|>=?|<=?|~=|!=)\s*\d/;
/** `statsmodels=0.9.0`, `pkg[extra] = 1.2`: a name, one `=` and a version, nothing else. */
const CONDA_PIN = /^([A-Za-z0-9][\w.-]*(?:\[[^\]]*\])?)\s*=\s*(\d[\w.+!]*)$/;

/**
 * The pip spelling (`statsmodels==0.9.0`) of a conda-style pin in a requirements file whose other lines use
 * pip's operators (not a conda spec file named requirements.txt); undefined otherwise.
 */
function condaPinInPipFile(d: DeclaredDependency, all: readonly DeclaredDependency[]): string | undefined {
  if (!/\.(?:txt|in)$/.test(d.file)) return undefined;
  const m = CONDA_PIN.exec(d.spec);
  if (!m || !all.some((o) => o.file === d.file && o !== d && PIP_OPERATOR.test(o.spec))) return undefined;
  return `${m[1]}==${m[2]}`;
}

/** One version clause of a specifier: `>=2.0.0`, `< 3`, `!=1.2.*`. */
const VERSION_CLAUSE = /(===|==|!=|~=|>=|<=|>|<)\s*([^\s,;<>=!~]+)/y;

/**
 * The valid spelling (`sagemaker>=2.0.0,<3.0.0`) of a requirement in a pip file whose version clauses follow one another
 * with no comma (`sagemaker>=2.0.0<3.0.0`, `numpy>=1.2 <2`): pip and packaging reject the line. Undefined otherwise.
 */
function commalessClauses(d: DeclaredDependency): string | undefined {
  if (!/\.(?:txt|in)$/.test(d.file)) return undefined;
  const [requirement, ...marker] = d.spec.split(';');
  const head = /^[A-Za-z0-9][\w.-]*(?:\s*\[[^\]]*\])?\s*/.exec(requirement);
  if (!head) return undefined;
  const clauses: string[] = [];
  let missing = false;
  let at = head[0].length;
  const rest = requirement.trimEnd();
  while (at < rest.length) {
    VERSION_CLAUSE.lastIndex = at;
    const m = VERSION_CLAUSE.exec(rest);
    if (!m) return undefined; // something else (a URL, an unknown operator): not this mistake
    clauses.push(`${m[1]}${m[2]}`);
    at = VERSION_CLAUSE.lastIndex;
    const sep = /^\s*(,?)\s*/.exec(rest.slice(at))!;
    if (at + sep[0].length < rest.length && sep[1] === '') missing = true;
    at += sep[0].length;
  }
  if (!missing || clauses.length < 2) return undefined;
  return `${head[0].trimEnd()}${clauses.join(',')}${marker.length ? `;${marker.join(';')}` : ''}`;
}
