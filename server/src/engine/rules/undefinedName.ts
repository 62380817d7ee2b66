import type { CellInput } from '../types';
import type { CodeCell } from '../dataflow';
import { cellLabel, type Rule } from './rule';

// `[extractor1, extractor2, ...]`, `Retriever(store, ...)`: a snippet to adapt, not code to run.
// (`"<SUBSCRIPTION_ID>"` is not one: runnable samples ask for values that way too.)
const SNIPPET_MARK = /[=(,]\s*\[[^\]\n]*,\s*\.\.\.\s*\]|\w\([^()\n]*,\s*\.\.\.\s*\)/;

/** A notebook of documentation snippets: nothing ever ran and some cell holds a placeholder. */
function snippetNotebook(codeCells: readonly CodeCell[], cells: readonly CellInput[]): boolean {
  return codeCells.every((c) => c.executionCount === null)
    && codeCells.some((c) => cells[c.index].source.split('\n').some((line) => !line.trimStart().startsWith('#') && SNIPPET_MARK.test(line)));
}

// `BUCKET_URI <- paste0("gs://", BUCKET_NAME)`: R assignment, which Python reads as `x < -y`.
const R_ASSIGNMENT = /^\s*[A-Za-z_][\w.]*\s*<-\s*\S/;

/** R code in a notebook whose metadata says Python (a Vertex R-kernel sample): its names are R's. */
function rCode(codeCells: readonly CodeCell[], cells: readonly CellInput[]): boolean {
  return codeCells.some((c) => cells[c.index].source.split('\n').filter((line) => R_ASSIGNMENT.test(line)).length >= 2);
}

/** `# subscription_id: str = ""`: a parameter the reader is to uncomment and fill in (a papermill template). */
const COMMENTED_PARAMETER = /^\s*#\s*([A-Za-z_]\w*)\s*(?::\s*[\w.[\], ]+)?\s*=\s*(?:""|''|None|\.\.\.|(["'])(?:<[^>]*>|your[\w -]*|\s*)\2)\s*$/i;

function parametersToFillIn(codeCells: readonly CodeCell[], cells: readonly CellInput[]): Set<string> {
  const names = new Set<string>();
  for (const c of codeCells) {
    for (const line of cells[c.index].source.split('\n')) {
      const name = COMMENTED_PARAMETER.exec(line.replace(/\r$/, ''))?.[1];
      if (name) names.add(name);
    }
  }
  return names;
}

/** NB102: a name no cell, import, magic or builtin binds: hidden kernel state. */
export const undefinedName: Rule = {
  code: 'NB102',
  name: 'undefined-name',
  defaultSeverity: 'warning',
  check({ flow, codeCells, cells }) {
    if (flow.undefinedReads.length === 0 || snippetNotebook(codeCells, cells) || rCode(codeCells, cells)) return [];
    const toFillIn = parametersToFillIn(codeCells, cells);
    return flow.undefinedReads.filter((r) => !toFillIn.has(r.name)).map((r) => {
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
