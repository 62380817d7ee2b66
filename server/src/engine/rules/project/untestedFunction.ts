import * as path from 'node:path';
import { decoratorsByFunction, isEntryPoint } from '../../knowledge/entryPoints';
import type { ProjectModel } from '../../project/model';
import type { Rule } from '../rule';

/** Does the project have tests or a package for this notebook: at the root or in a folder above it (not another example's)? */
function hasHomeFor(project: ProjectModel, notebookPath: string | undefined): boolean {
  if (project.modules.length > 0) return true;
  const dir = notebookPath ? path.posix.dirname(notebookPath) : '.';
  return project.tests.some((t) => {
    const parts = t.file.split('/');
    const testsAt = parts.findIndex((p) => /^tests?$/.test(p));
    const home = (testsAt >= 0 ? parts.slice(0, testsAt) : parts.slice(0, -1)).join('/');
    return home === '' || dir === home || dir.startsWith(`${home}/`);
  });
}

/**
 * NB301, in notebooks: functions defined in cells are reusable code without a home
 * or a test. Once per notebook, and only in a project that already has a package
 * (src/) or tests, where "move it and test it" is a step, not a project to start
 * (a tutorial's helper in a folder of samples is not worth a finding).
 */
export const untestedNotebookFunction: Rule = {
  code: 'NB301',
  name: 'untested-function',
  defaultSeverity: 'information',
  // Under 95 %% on fresh public repositories (docs/precision.md, holdout2): on only when selected.
  optIn: true,
  check({ codeCells, cells, project, path: notebookPath }) {
    // A percent script is a .py file: a test can import its functions (in src/, projectFiles.ts reports them).
    if (!project?.isProject || notebookPath?.endsWith('.py') || !hasHomeFor(project, notebookPath)) return [];
    const seen = new Set<string>();
    const defined = new Set(codeCells.flatMap((c) => c.summary.definitions.map((d) => d.name)));
    // A pipeline definition (`@dsl.pipeline`) or a job's main() wires a job; it is not code to unit-test.
    const reusable = (cell: number, name: string) => !name.startsWith('_') && !isEntryPoint(name, decoratorsByFunction(cells[cell].source).get(name) ?? [], defined);
    const functions = codeCells.flatMap((c) => c.summary.definitions.filter((d) => d.kind === 'function' && reusable(c.index, d.name)).map((d) => ({ cell: c.index, range: d.range, name: d.name })))
      .filter((f) => !seen.has(f.name) && seen.add(f.name));
    if (functions.length === 0) return [];
    const [first, ...others] = functions;
    const names = functions.map((f) => `\`${f.name}\``);
    const listed = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
    return [{
      cell: first.cell,
      range: first.range,
      related: others.map((f) => ({ cell: f.cell, range: f.range, message: `\`${f.name}\` is defined here` })),
      message: functions.length === 1
        ? `\`${first.name}\` is defined in a notebook cell, where no test can reach it: extract it to a module in src/ with a test.`
        : `${functions.length} functions are defined in notebook cells (${listed}), where no test can reach them: extract them to modules in src/ with tests.`,
    }];
  },
};
