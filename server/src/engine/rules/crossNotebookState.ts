import type { Rule } from './rule';

/** NB109: `%run other.ipynb` and `%store -r` bring in state this notebook cannot show. */
export const crossNotebookState: Rule = {
  code: 'NB109',
  name: 'cross-notebook-state',
  defaultSeverity: 'warning',
  check({ codeCells, cells }) {
    return codeCells.flatMap((c) => {
      if (!c.summary.magics.some((m) => m.crossNotebook)) return [];
      const lines = cells[c.index].source.split('\n');
      return c.summary.magics.filter((m) => m.crossNotebook).map((m) => ({
        cell: c.index,
        range: {
          start: { line: m.line, character: m.column },
          end: { line: m.line, character: (lines[m.line] ?? '').replace(/\r$/, '').length },
        },
        message: m.name === 'run'
          ? `\`%run ${m.args}\` pulls in the state of another notebook or script: this notebook only works after it, with its side effects.`
          : `\`%store -r${m.args.replace(/^-r/, '')}\` restores state saved by another notebook or session: nothing here shows how it was made.`,
      }));
    });
  },
};
