import type { MagicLine } from '../magics';
import type { Rule } from './rule';

/** The file a `%%writefile -a ./src/task.py` or `%run -i ./src/task.py arg` names: `src/task.py`. */
function scriptPath(args: string): string {
  const path = args.split(/\s+/).filter((w) => !w.startsWith('-'))[0] ?? '';
  return path.replace(/^["']|["']$/g, '').replace(/^(?:\.\/)+/, '');
}

/** NB109: `%run other.ipynb` and `%store -r` bring in state this notebook cannot show. */
export const crossNotebookState: Rule = {
  code: 'NB109',
  name: 'cross-notebook-state',
  defaultSeverity: 'warning',
  check({ codeCells, cells }) {
    // `%%writefile task.py` then `%run task.py`: the state comes from this notebook after all.
    const written = new Set(codeCells.flatMap((c) => c.summary.magics.filter((m) => m.kind === 'cell-magic' && m.name === 'writefile').map((m) => scriptPath(m.args))));
    const external = (m: MagicLine) => m.crossNotebook && !m.guarded && !(m.name === 'run' && written.has(scriptPath(m.args)));
    return codeCells.flatMap((c) => {
      if (!c.summary.magics.some(external)) return [];
      const lines = cells[c.index].source.split('\n');
      return c.summary.magics.filter(external).map((m) => ({
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
