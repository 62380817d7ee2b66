import type { MagicLine } from '../magics';
import { cellLabel, type Rule } from './rule';

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
  // A cell's magics and the length of their lines; the reads that only a magic may bind.
  reads: {
    cellKey: (c, cell) => {
      if (c.summary.magics.length === 0) return '';
      const lines = cell.source.split('\n');
      return JSON.stringify(c.summary.magics) + c.summary.magics.map((m) => `|${lines[m.line]?.length}|${lines[m.endLine]?.length}`).join('');
    },
    flow: ['readsFromUnknown'],
  },
  check({ codeCells, cells, flow }) {
    // `%%writefile task.py` then `%run task.py`: the state comes from this notebook after all.
    const written = new Set(codeCells.flatMap((c) => c.summary.magics.filter((m) => m.kind === 'cell-magic' && m.name === 'writefile').map((m) => scriptPath(m.args))));
    // `%store model` above and `%store -r model` below: restoring its own value after a kernel restart.
    // Where each name is first `%store`-d: (cell index, line).
    const storedAt = new Map<string, [number, number]>();
    for (const c of codeCells) {
      for (const m of c.summary.magics) {
        if (m.name !== 'store' || m.crossNotebook) continue;
        for (const name of m.args.split(/\s+/)) if (!storedAt.has(name)) storedAt.set(name, [c.index, m.line]);
      }
    }
    const ownStore = (cell: number, m: MagicLine) => m.name === 'store' && m.binds.length > 0 && m.binds.every((n) => {
      const at = storedAt.get(n);
      return at !== undefined && (at[0] < cell || (at[0] === cell && at[1] < m.line));
    });
    // `%run script.py --out dir` binds names nobody can see; it matters only when a read at or
    // after it finds its name nowhere else (a command-line step such as a download binds nothing used).
    const readAfter = (cell: number, line: number) => flow.readsFromUnknown.find((r) => r.deferred || r.cell > cell || (r.cell === cell && r.range.start.line > line));
    return codeCells.flatMap((c) => {
      const external = (m: MagicLine) => m.crossNotebook && !m.guarded && !ownStore(c.index, m) && !(m.name === 'run' && written.has(scriptPath(m.args)));
      if (!c.summary.magics.some(external)) return [];
      const lines = cells[c.index].source.split('\n');
      const lineEnd = (line: number) => (lines[line] ?? '').replace(/\r$/, '').length;
      // A cell of `%store -r a`, `%store -r b`, … lines is one fact: one finding for all its names.
      const namedRestores = c.summary.magics.filter((m) => external(m) && m.name === 'store' && m.binds.length > 0);
      const grouped = namedRestores.length > 1 ? namedRestores : [];
      const restoreFinding = grouped.length === 0 ? [] : [{
        cell: c.index,
        range: {
          start: { line: grouped[0].line, character: grouped[0].column },
          end: { line: grouped[grouped.length - 1].line, character: lineEnd(grouped[grouped.length - 1].line) },
        },
        message: `\`%store -r\` restores ${grouped.flatMap((m) => m.binds).map((n) => `\`${n}\``).join(', ')}, saved by another notebook or session: nothing here shows how they were made.`,
      }];
      return restoreFinding.concat(c.summary.magics.filter((m) => external(m) && !grouped.includes(m)).flatMap((m) => {
        const read = m.bindsUnknown ? readAfter(c.index, m.line) : undefined;
        if (m.bindsUnknown && !read) return [];
        const uses = read ? ` \`${read.name}\` (${cellLabel(read.cell)}) is defined nowhere else in this notebook.` : '';
        return [{
          cell: c.index,
          range: {
            start: { line: m.line, character: m.column },
            end: { line: m.line, character: lineEnd(m.line) },
          },
          message: m.name === 'run'
            ? `\`%run ${m.args}\` pulls in the state of another notebook or script: this notebook only works after it, with its side effects.${uses}`
            : `\`%store -r${m.binds.length > 0 ? ` ${m.binds.join(' ')}` : ''}\` restores state saved by another notebook or session: nothing here shows how it was made.${uses}`,
          related: read ? [{ cell: read.cell, range: read.range, message: `\`${read.name}\` comes only from \`%${m.name}\`` }] : undefined,
        }];
      }));
    });
  },
};
