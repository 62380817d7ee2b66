import type { CodeCell } from '../dataflow';
import { PYTHON2_BUILTINS } from '../knowledge/kernels';
import { cellRunKey, codeIsNotPython, notebookRun } from '../notebookRun';
import { cellLabel, type Rule } from './rule';

// The cells' text is read once, in their summaries (a rule never reads a cell's source again).

/** A notebook of documentation snippets: nothing ever ran and some cell holds a placeholder. */
function snippetNotebook(codeCells: readonly CodeCell[]): boolean {
  return codeCells.every((c) => c.executionCount === null) && codeCells.some((c) => c.summary.text.snippetMark);
}

/** R code in a notebook whose metadata says Python (a Vertex R-kernel sample): its names are R's. */
function rCode(codeCells: readonly CodeCell[]): boolean {
  return codeCells.some((c) => c.summary.text.rAssignments >= 2);
}

/** Parameters the reader is to uncomment and fill in (a papermill template). */
function parametersToFillIn(codeCells: readonly CodeCell[]): Set<string> {
  return new Set(codeCells.flatMap((c) => c.summary.text.commentedParameters));
}

const PYTHON2: ReadonlySet<string> = new Set(PYTHON2_BUILTINS);
const NONE: ReadonlySet<string> = new Set();

/** NB102: a name no cell, import, magic or builtin binds: hidden kernel state. */
export const undefinedName: Rule = {
  code: 'NB102',
  name: 'undefined-name',
  defaultSeverity: 'warning',
  // 32 % right on holdout4 and 56 % on holdout3 (docs/precision.md): exercise blanks, never-run snippets and
  // script fragments read as lost state.
  optIn: true,
  // Everything the check below reads of a cell (keep in step with it): a keystroke elsewhere reuses its findings.
  reads: {
    cellKey: (c, cell) => `${cellRunKey(c, cell)}|${c.executionCount === null}|${cell.error === undefined}|${c.summary.text.snippetMark}|${c.summary.text.rAssignments >= 2}|${JSON.stringify(c.summary.text.commentedParameters)}`,
    flow: ['undefinedReads'],
  },
  check({ flow, codeCells, cells }) {
    if (flow.undefinedReads.length === 0 || snippetNotebook(codeCells) || rCode(codeCells)) return [];
    // C# saved under a python3 kernelspec, SQL/Scala cheat sheets, `###` blanks: names are not Python's to judge.
    const run = notebookRun(cells, codeCells);
    if (codeIsNotPython(run)) return [];
    const toFillIn = parametersToFillIn(codeCells);
    // Python 2 code under a python3 kernelspec (print statements) has Python 2's builtins.
    const builtins2 = run.python2 ? PYTHON2 : NONE;
    // `Datalab(data=your_dataset)`: a name for the reader to replace, not lost state. A cell whose saved run
    // raised (a demo of an error the text expects) shows its failure already: the kernel had no hidden value.
    return flow.undefinedReads.filter((r) => !toFillIn.has(r.name) && !/^your_/i.test(r.name) && !builtins2.has(r.name)
      && cells[r.cell].error === undefined).map((r) => {
      if (r.deletedAt) {
        return {
          cell: r.cell,
          range: r.range,
          message: `\`${r.name}\` was deleted ${r.deletedAt.cell === r.cell ? "earlier in this cell" : `in ${cellLabel(r.deletedAt.cell)}`} and is not defined again before this read.`,
          related: [{ cell: r.deletedAt.cell, range: r.deletedAt.range, message: `\`${r.name}\` is deleted here` }],
        };
      }
      const when = r.owner && !r.owner.startsWith('<') ? `; \`${r.owner}\` fails with NameError when it runs` : '';
      return {
        cell: r.cell,
        range: r.range,
        message: `\`${r.name}\` is not defined by any cell, import or magic${when}. In a running kernel it is hidden state from a deleted or edited cell.`,
      };
    });
  },
};
