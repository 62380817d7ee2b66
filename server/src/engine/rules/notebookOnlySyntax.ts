import { isCosmeticMagic, isInstallMagic, type MagicLine } from '../magics';
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

function shortName(m: MagicLine): string {
  switch (m.kind) {
    case 'cell-magic':
      return `\`%%${m.name}\``;
    case 'line-magic':
    case 'automagic':
      return `\`%${m.name}\``;
    case 'shell':
      return `\`!${m.name}\``;
    case 'help':
      return `\`${m.name}?\``;
    case 'autocall':
      return `\`${m.name}\` (autocall)`;
  }
}

function lineEnd(lines: string[], line: number): number {
  return (lines[line] ?? '').replace(/\r$/, '').length;
}

/**
 * NB107: magics and shell escapes: fine in a notebook, impossible in a module. One
 * finding per cell, on the magic that matters most (an install, which has a quick
 * fix); a cell whose magics only set display or timing gets a hint.
 */
export const notebookOnlySyntax: Rule = {
  code: 'NB107',
  name: 'notebook-only-syntax',
  defaultSeverity: 'information',
  scope: 'cell',
  check({ codeCells, cells }) {
    return codeCells.flatMap((c) => {
      const magics = c.summary.magics;
      if (magics.length === 0) return [];
      const lines = cells[c.index].source.split('\n');
      const anchor = magics.find(isInstallMagic) ?? magics.find((m) => !isCosmeticMagic(m)) ?? magics[0];
      const others = magics.filter((m) => m !== anchor);
      const names = [...new Set(magics.map(shortName))];
      const message = magics.length === 1
        ? `${describe(anchor)}: a Python module cannot run it.`
        : `This cell uses IPython syntax a Python module cannot run: ${names.join(', ')}.`;
      return [{
        cell: c.index,
        range: { start: { line: anchor.line, character: anchor.column }, end: { line: anchor.line, character: lineEnd(lines, anchor.line) } },
        message,
        related: others.map((m) => ({
          cell: c.index,
          range: { start: { line: m.line, character: m.column }, end: { line: m.line, character: lineEnd(lines, m.line) } },
          message: `${describe(m)}`,
        })),
        ...(magics.every(isCosmeticMagic) ? { severity: 'hint' as const } : {}),
      }];
    });
  },
};
