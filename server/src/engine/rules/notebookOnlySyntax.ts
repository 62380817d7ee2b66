import type { MagicLine } from '../magics';
import type { Rule } from './rule';

function describe(m: MagicLine): string {
  switch (m.kind) {
    case 'cell-magic':
      return `\`%%${m.name}\` is a cell magic`;
    case 'line-magic':
      return `\`%${m.name}\` is a line magic`;
    case 'shell':
      return `\`!${m.name}\` is a shell escape`;
    case 'help':
      return `\`${m.name}?\` is IPython help`;
    case 'automagic':
      return `\`${m.name}\` here is an IPython automagic (\`%${m.name}\`)`;
    case 'autocall':
      return `\`${m.name}\` here uses IPython's autocall syntax`;
  }
}

/** NB107: magics and shell escapes: fine in a notebook, impossible in a module. */
export const notebookOnlySyntax: Rule = {
  code: 'NB107',
  name: 'notebook-only-syntax',
  defaultSeverity: 'information',
  check({ codeCells, cells }) {
    return codeCells.flatMap((c) => {
      if (c.summary.magics.length === 0) return [];
      const lines = cells[c.index].source.split('\n');
      return c.summary.magics.map((m) => ({
        cell: c.index,
        range: {
          start: { line: m.line, character: m.column },
          end: { line: m.line, character: (lines[m.line] ?? '').replace(/\r$/, '').length },
        },
        message: `${describe(m)}: a Python module cannot run it.`,
      }));
    });
  },
};
