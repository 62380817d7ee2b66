import { cellHasCode } from '../magics';
import type { Rule } from './rule';

/** Modules an environment set-up cell imports to probe and prepare the runtime, not the notebook's dependencies. */
const SETUP_MODULES = /^(?:sys|os|subprocess|shutil|warnings|google\.colab|IPython(?:\..+)?)$/;
/** A shell or magic line, or a Colab check: the cell prepares the runtime (`!pip`, `!wget`, `if 'google.colab' in sys.modules`). */
const SETUP_LINE = /^\s*[!%]|google\.colab/m;
/** `sys.path.insert(0, ROOT)`: the imports that follow it (its cell and the next) need it first. */
const SYS_PATH_CHANGE = /\bsys\.path\.(?:insert|append|extend)\s*\(|\bsys\.path\s*(?:\+=|=)/;

/** NB108: imports scattered through the notebook hide its dependencies. */
export const importNotAtTop: Rule = {
  code: 'NB108',
  name: 'import-not-at-top',
  defaultSeverity: 'hint',
  // Whether a cell has Python code, is a set-up cell, changes sys.path, and its imports.
  reads: {
    cellKey: (c, cell) =>
      `${cellHasCode(cell.source, c.summary.magics, { pythonOnly: true })}${SETUP_LINE.test(cell.source)}${SYS_PATH_CHANGE.test(cell.source)}${c.summary.imports.length === 0 ? '' : JSON.stringify(c.summary.imports)}`,
  },
  check({ codeCells, cells }) {
    // The top is the first cell with Python code: a licence comment or a `%pip install` cell comes before it.
    const withCode = codeCells.filter((c) => cellHasCode(cells[c.index].source, c.summary.magics, { pythonOnly: true }));
    let top = withCode[0];
    if (!top) return [];
    // A Colab set-up cell (`import sys, os` to run `!pip`/`!wget`) comes before the top too: the next code cell is it.
    const setup = top.summary.imports.length > 0 && SETUP_LINE.test(cells[top.index].source) && top.summary.imports.every((i) => i.modules.every((m) => SETUP_MODULES.test(m)));
    if (setup && withCode[1]) top = withCode[1];
    // Imports that come after a change of sys.path, in its cell or the next, are placed after it on purpose.
    const afterPathChange = new Map<number, number>(); // cell index -> first line whose imports need the change
    codeCells.forEach((c, k) => {
      const lines = cells[c.index].source.split('\n');
      const at = lines.findIndex((l) => SYS_PATH_CHANGE.test(l));
      if (at < 0) return;
      afterPathChange.set(c.index, Math.min(afterPathChange.get(c.index) ?? Infinity, at));
      const next = codeCells[k + 1];
      if (next) afterPathChange.set(next.index, 0);
    });
    return codeCells
      .filter((c) => c.index > top.index)
      // `import IPython` (the restart-after-install boilerplate) is the notebook's runtime, not a dependency.
      .flatMap((c) => c.summary.imports.filter((i) => i.topLevel && !i.optional && !i.modules.every((m) => /^IPython(?:\.|$)/.test(m))
        && !(i.range.start.line >= (afterPathChange.get(c.index) ?? Infinity))).map(({ range }) => ({
        cell: c.index,
        range,
        message: 'Import after the first code cell: move it to the top so the notebook\'s dependencies are in one place.',
      })));
  },
};
