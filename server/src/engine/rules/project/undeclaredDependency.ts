import type { ImportInfo } from '../../cellSummary';
import { distributionFor, isDeclared, isKernelProvided, isStdlib } from '../../project/distributions';
import type { ProjectModel } from '../../project/model';
import type { Range } from '../../types';
import type { Rule, RuleFinding } from '../rule';


/** Third-party top-level imports that no dependency file declares, once per name. */
export function undeclaredImports(imports: readonly ImportInfo[], project: ProjectModel): { top: string; range: Range }[] {
  const declared = new Set(project.dependencies.map((d) => d.name));
  const seen = new Set<string>();
  const out: { top: string; range: Range }[] = [];
  for (const i of imports) {
    if (i.relative || i.modules.length === 0) continue;
    const top = i.modules[0].split('.')[0];
    if (!top || seen.has(top) || isStdlib(top) || isKernelProvided(top) || project.localModules.has(top) || isDeclared(top, declared)) continue;
    seen.add(top);
    out.push({ top, range: i.range });
  }
  return out;
}

export function undeclaredMessage(top: string, project: ProjectModel): string {
  const dist = distributionFor(top);
  const where = project.dependencyFiles.length ? project.dependencyFiles.join(', ') : 'no dependency file (requirements.txt, pyproject.toml)';
  return `\`${top}\` is imported, but ${project.dependencyFiles.length ? `${where} does not declare` : `there is ${where} declaring`} ${dist === top ? 'it' : `\`${dist}\``}: a fresh environment cannot run this.`;
}

/** NB402 in notebooks. */
export const undeclaredDependency: Rule = {
  code: 'NB402',
  name: 'undeclared-dependency',
  defaultSeverity: 'warning',
  check({ codeCells, project }) {
    if (!project) return [];
    const findings: RuleFinding[] = [];
    for (const c of codeCells) {
      for (const { top, range } of undeclaredImports(c.summary.imports, project)) {
        findings.push({ cell: c.index, range, message: undeclaredMessage(top, project), data: { distribution: distributionFor(top) } });
      }
    }
    return findings;
  },
};
