// A project that is no longer there: its README opens by saying it is deprecated or has
// moved, or its notebooks hold no Python at all (a "This repo has been moved" stub). Asking
// it for a test suite (NB303) is pointless: the code lives elsewhere, or nowhere.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Lines of the README read: the notice opens it (under the title), it is not a remark further down. */
const OPENING_LINES = 5;

/**
 * How a README says the project is retired: a line that starts with "Deprecated" (after a heading's or a warning's
 * marks), or "this repository/sample… is deprecated/archived/has moved" (holdout12: llamacloud-demo's "This repository
 * is deprecated and no longer maintained"; holdout18: document-ai-samples' paper_summarization). "The v1 endpoint is
 * deprecated" or "library X is no longer maintained" is not.
 */
const RETIRED_NOTICE = [
  /^[^\p{L}\p{N}]*deprecated\b/iu,
  /\bthis\s+(?:repo(?:sitory)?|project|sample|example|demo|notebook|folder|tutorial|code)\b[^.]{0,40}?\b(?:is|has\s+been|was)\s+(?:now\s+)?(?:deprecated|archived|retired|moved)\b/i,
];

/** Notebooks read to see whether any holds code: the first with code ends the search. */
const MAX_NOTEBOOKS = 10;
const MAX_NOTEBOOK_BYTES = 1_000_000;

/** The README's opening says the project is retired: the notice's line, else undefined. */
export function retiredNotice(readme: string | undefined): string | undefined {
  if (readme === undefined) return undefined;
  const opening = readme.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '').slice(0, OPENING_LINES);
  return opening.find((line) => RETIRED_NOTICE.some((re) => re.test(line)));
}

/** A line of Python: not blank, not a comment, not a magic or a shell escape (`!pip install …`). */
function isPythonLine(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#') && !t.startsWith('%') && !t.startsWith('!');
}

/**
 * Every notebook of the project holds no code cell with Python in it (holdout16: a Snowflake demo folder whose only
 * notebook is one markdown cell, "This repo has been moved"; holdout18: a Kaggle dependency kernel whose one cell is
 * `!uv pip download …` shell commands). False when a notebook cannot be read or there are too many.
 */
export function notebooksWithoutCode(root: string, notebooks: readonly string[]): boolean {
  if (notebooks.length === 0 || notebooks.length > MAX_NOTEBOOKS) return false;
  return notebooks.every((rel) => {
    try {
      const file = path.join(root, rel);
      if (fs.statSync(file).size > MAX_NOTEBOOK_BYTES) return false;
      const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells?: { cell_type?: string; source?: string | string[] }[] };
      if (!Array.isArray(doc.cells)) return false;
      return !doc.cells.some((c) => c.cell_type === 'code' && (Array.isArray(c.source) ? c.source.join('') : String(c.source ?? '')).split('\n').some(isPythonLine));
    } catch {
      return false;
    }
  });
}
