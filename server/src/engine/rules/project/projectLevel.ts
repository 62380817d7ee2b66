import { firstLineRange, type Rule } from '../rule';

export const NO_TESTS_MESSAGE = 'The project has no tests: nothing checks that the code the notebooks rely on still works. Add tests/ with pytest tests.';
export const NO_BRIEF_MESSAGE = 'The project has no PRODUCTION_BRIEF.md: who uses the output, what decision it changes and what happens when it is wrong are written nowhere. Create one (quick fix).';

/**
 * NB303 and NB403 are once per project. When the project has a dependency file,
 * they stand there (see projectFiles.ts); otherwise on the first code cell of each
 * notebook, where the user is looking.
 */
function onFirstCell(code: string, name: string, severity: Rule['defaultSeverity'], applies: (p: NonNullable<Parameters<Rule['check']>[0]['project']>) => boolean, message: string): Rule {
  return {
    code,
    name,
    defaultSeverity: severity,
    check({ codeCells, cells, project }) {
      if (!project || project.dependencyFiles.length > 0 || !applies(project)) return [];
      const first = codeCells.find((c) => cells[c.index].source.trim() !== '');
      return first ? [{ cell: first.index, range: firstLineRange(cells[first.index].source), message }] : [];
    },
  };
}

export const noTestSuite = onFirstCell('NB303', 'no-test-suite', 'warning', (p) => p.tests.length === 0, NO_TESTS_MESSAGE);
export const missingProductionBrief = onFirstCell('NB403', 'missing-production-brief', 'information', (p) => p.brief === undefined, NO_BRIEF_MESSAGE);
