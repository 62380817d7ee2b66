import type { ImportInfo } from '../../cellSummary';
import { kernelGlobals } from '../../knowledge/kernels';
import { distributionFor, importKey, isDeclared, isRuntimeProvided, isStdlib } from '../../knowledge/distributions';
import { withRequirements } from '../../knowledge/requirements';
import { isProjectCode, projectForNotebook, type ProjectModel } from '../../project/model';
import { notebookDeclarations } from '../../project/notebookDeclarations';
import type { Range, RelatedLocation } from '../../types';
import type { Rule, RuleFinding } from '../rule';

export interface UndeclaredImport {
  /** The module as imported, shortened to what names the distribution: `google.cloud.storage`. */
  module: string;
  /** The distribution to declare; undefined when it cannot be known (no quick fix then). */
  distribution?: string;
  range: Range;
}

export interface ImportContext {
  /** Distributions declared beyond the project's files (what the notebook installs). */
  installed?: ReadonlySet<string>;
  /** Module names local to the notebook (written by it, or on a folder it adds to sys.path). */
  local?: ReadonlySet<string>;
  sparkKernel?: boolean;
}

/** The modules an import statement needs: `from google.cloud import storage` needs `google.cloud.storage`. */
function neededModules(i: ImportInfo): string[] {
  const [base, ...rest] = i.modules;
  const fromForm = rest.length > 0 && rest.every((m) => m.startsWith(`${base}.`));
  if (!fromForm) return i.modules;
  const specific = rest.filter((m) => importKey(m) !== importKey(base) && importKey(m).length > importKey(base).length);
  return specific.length > 0 ? specific : [base];
}

/** Where the module's name stands in the statement: a multi-line import is squiggled on the name only. */
function nameRange(source: string | undefined, statement: Range, module: string): Range {
  if (source === undefined) return statement;
  const lines = source.split('\n');
  const candidates = [module, module.split('.').pop() ?? module];
  for (const name of candidates) {
    const re = new RegExp(`(?<![\\w.])${name.replace(/\./g, '\\s*\\.\\s*')}(?![\\w])`);
    for (let line = statement.start.line; line <= statement.end.line && line < lines.length; line++) {
      const text = lines[line].replace(/#.*$/, '');
      const from = line === statement.start.line ? statement.start.character : 0;
      const m = re.exec(text.slice(from));
      if (m) return { start: { line, character: from + m.index }, end: { line, character: from + m.index + m[0].length } };
    }
  }
  return statement;
}

/** Third-party imports that nothing declares, once per distribution, in order of first use. */
export function undeclaredImports(imports: readonly ImportInfo[], project: ProjectModel, context: ImportContext = {}, source?: string): UndeclaredImport[] {
  return classifyImports(imports, project, context, source).undeclared;
}

/** The undeclared imports, and how many third-party imports the project's own files do declare. */
function classifyImports(imports: readonly ImportInfo[], project: ProjectModel, context: ImportContext, source?: string): { undeclared: UndeclaredImport[]; declaredByFiles: number } {
  // What a declared package installs with itself is there too (`requests` with `jupyter`).
  const byFiles = withRequirements(project.dependencies.map((d) => d.name));
  const declared = withRequirements([...byFiles, ...(context.installed ?? [])]);
  const seen = new Set<string>();
  const undeclared: UndeclaredImport[] = [];
  let declaredByFiles = 0;
  for (const i of imports) {
    if (i.relative || i.optional || i.modules.length === 0) continue;
    for (const module of neededModules(i)) {
      const top = module.split('.')[0];
      if (!top || isStdlib(module) || isRuntimeProvided(module, context.sparkKernel) || project.localModules.has(top) || context.local?.has(top)) continue;
      if (isDeclared(module, byFiles)) declaredByFiles++;
      if (isDeclared(module, declared)) continue;
      const distribution = distributionFor(module);
      const key = distribution ?? module.split('.').slice(0, 3).join('.');
      if (seen.has(key)) continue;
      seen.add(key);
      undeclared.push({ module: distribution ? importKey(module) : key, distribution, range: nameRange(source, i.range, module) });
    }
  }
  return { undeclared, declaredByFiles };
}

export function undeclaredMessage(u: UndeclaredImport, project: ProjectModel): string {
  const what = u.distribution && u.distribution !== u.module ? `\`${u.distribution}\`` : 'it';
  if (project.dependencyFiles.length === 0) return `\`${u.module}\` is imported, but nothing declares ${what} (the project has no requirements.txt or pyproject.toml dependencies): a fresh environment cannot run this.`;
  return `\`${u.module}\` is imported, but ${project.dependencyFiles.join(', ')} ${project.dependencyFiles.length > 1 ? 'do' : 'does'} not declare ${what}: a fresh environment cannot run this.`;
}

/** NB402 in notebooks: once per package; once per notebook when the project has no dependency file at all. */
export const undeclaredDependency: Rule = {
  code: 'NB402',
  name: 'undeclared-dependency',
  defaultSeverity: 'warning',
  // 72 % right on a fresh labelled sample after the transitive-requirements table (CHANGELOG,
  // docs/precision.md): packages a platform or another package brings still read as missing.
  optIn: true,
  check({ codeCells, cells, project: whole, path, metadata }) {
    if (!whole?.isProject || whole.declaresUnknown || isProjectCode(whole, path)) return []; // a module's imports are checked as a module's
    const project = projectForNotebook(whole, path);
    const own = notebookDeclarations(cells, codeCells, project, path);
    // The notebook installs what we cannot read, or imports from folders we cannot see.
    if (own.installsUnknown || own.unknownPath) return [];
    const context: ImportContext = { installed: own.installed, local: own.localModules, sparkKernel: kernelGlobals(metadata).has('spark') };
    const byKey = new Map<string, { first: RuleFinding & { u: UndeclaredImport }; related: RelatedLocation[] }>();
    let declaredByFiles = 0;
    for (const c of codeCells) {
      const found = classifyImports(c.summary.imports, project, context, cells[c.index].source);
      declaredByFiles += found.declaredByFiles;
      for (const u of found.undeclared) {
        const key = u.distribution ?? u.module;
        const entry = byKey.get(key);
        if (entry) entry.related.push({ cell: c.index, range: u.range, message: `\`${u.module}\` is imported here too` });
        else byKey.set(key, { first: { cell: c.index, range: u.range, message: '', u }, related: [] });
      }
    }
    if (byKey.size === 0) return [];
    const entries = [...byKey.values()];
    // No dependency file, or one that declares nothing this notebook imports (a docs or
    // tooling environment): one finding for the notebook, not one per package.
    if ((project.dependencyFiles.length === 0 || declaredByFiles === 0) && entries.length > 1) {
      const names = entries.map((e) => e.first.u.distribution ?? e.first.u.module);
      const first = entries[0].first;
      const none = project.dependencyFiles.length === 0;
      const why = none ? 'the project has no requirements.txt or pyproject.toml dependencies' : `${project.dependencyFiles.join(', ')} ${project.dependencyFiles.length > 1 ? 'declare' : 'declares'} none of them`;
      const specs = [...(none ? own.specs : []), ...entries.flatMap((e) => (e.first.u.distribution ? [e.first.u.distribution] : []))];
      return [{
        cell: first.cell,
        range: first.range,
        message: `This notebook imports ${names.length} packages that nothing declares (${why}): ${names.map((n) => `\`${n}\``).join(', ')}. A fresh environment cannot run it.`,
        related: entries.slice(1).map((e) => ({ cell: e.first.cell, range: e.first.range, message: `\`${e.first.u.module}\` is imported here` })),
        data: { requirements: specs.join('\n') },
      }];
    }
    return entries.map(({ first, related }) => ({
      cell: first.cell,
      range: first.range,
      message: undeclaredMessage(first.u, project),
      related,
      ...(first.u.distribution ? { data: { distribution: first.u.distribution } } : {}),
    }));
  },
};
