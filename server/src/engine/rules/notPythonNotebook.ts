import { isPythonLanguage, notebookLanguage } from '../knowledge/kernels';
import type { CellInput } from '../types';
import { firstLineRange, type Rule } from './rule';

/** How a language is written for people; others are shown as the notebook spells them. */
const DISPLAY: Record<string, string> = { r: 'R', julia: 'Julia', scala: 'Scala', sql: 'SQL', sparksql: 'Spark SQL', csharp: 'C#', 'c#': 'C#', fsharp: 'F#', 'f#': 'F#', javascript: 'JavaScript', typescript: 'TypeScript', powershell: 'PowerShell', matlab: 'MATLAB', octave: 'Octave', java: 'Java', go: 'Go', rust: 'Rust', ruby: 'Ruby', bash: 'Bash', haskell: 'Haskell', 'c++': 'C++', cpp: 'C++', kotlin: 'Kotlin', wolfram: 'Wolfram Language', sas: 'SAS', stata: 'Stata' };

/**
 * The language a notebook runs when it is not Python, else undefined. Per-cell
 * languages (what the editor runs each cell as; nbformat 3 code cells) decide when
 * there are any: Python if any cell is Python. Otherwise the notebook metadata
 * (`kernelspec.language`, `language_info.name`); a notebook that says nothing is Python.
 */
export function nonPythonLanguage(notebook: { cells: readonly CellInput[]; metadata?: Record<string, unknown> }): string | undefined {
  // Asked at every analysis: the first Python cell decides (in the editor every cell has a language).
  const cellLanguages: string[] = [];
  let unsaid = false;
  for (const c of notebook.cells) {
    if (c.kind === 'markdown') continue;
    // A code cell that says no language (the rest say theirs in their metadata) runs the kernel's.
    if (!c.language) {
      unsaid ||= c.kind === 'code' && c.source.trim() !== '';
      continue;
    }
    const language = c.language.trim().toLowerCase();
    if (isPythonLanguage(language)) return undefined;
    cellLanguages.push(language);
  }
  if (cellLanguages.length > 0 && !unsaid) return mostCommon(cellLanguages);
  const language = notebookLanguage(notebook.metadata);
  return language === undefined || isPythonLanguage(language) ? undefined : language;
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

/**
 * NB002: a notebook whose kernel is not Python (R, Julia, Scala, SQL…). The engine
 * runs no other rule on it (see analyze.ts): Python rules on R code are noise.
 * Not reported on a notebook without code.
 */
export const notPythonNotebook: Rule = {
  code: 'NB002',
  name: 'not-python',
  defaultSeverity: 'information',
  check({ cells, metadata }) {
    const language = nonPythonLanguage({ cells, metadata });
    // A notebook of text alone has nothing any rule would check: the note would say nothing.
    if (language === undefined || !cells.some((c) => (c.kind === 'code' || c.language !== undefined) && c.source.trim())) return [];
    const shown = DISPLAY[language] ?? language;
    return [{
      cell: cells.length ? 0 : -1,
      range: cells.length ? firstLineRange(cells[0].source) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: `This notebook runs ${shown}, not Python: nb2prod checks Python notebooks only, so no rule ran on it.`,
    }];
  },
};
