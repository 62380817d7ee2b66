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
  /\bthis\s+(?:repo(?:sitory)?|project|sample|example|demo|notebook|folder|tutorial|code|workshop)\b[^.]{0,40}?\b(?:is|has\s+been|was)\s+(?:now\s+|currently\s+)?(?:deprecated|archived|retired|moved|migrated)\b/i,
];

/** A README's names: `README.md`, and `README` or `README.txt` / `.rst` (holdout20: an archived workshop's plain `README`). */
const README_NAMES = ['README.md', 'README', 'README.txt', 'README.rst'];
/** How far up the repository's README is looked for. */
const MAX_LEVELS = 6;

function readReadme(dir: string): string | undefined {
  for (const name of README_NAMES) {
    try {
      const file = path.join(dir, name);
      if (fs.statSync(file).size <= 200_000) return fs.readFileSync(file, 'utf8');
    } catch {
      // not there: the next name
    }
  }
  return undefined;
}

/**
 * Above the project, only a repository that has moved: its code lives elsewhere now. An archived repository's samples
 * are still its code, untested (holdout13: a sample of an archived patterns repository was labelled right).
 */
const MOVED_REPOSITORY = /\bthis\s+(?:repo(?:sitory)?|project)\b[^.]{0,40}?\b(?:is|has\s+been|was)\s+(?:now\s+)?(?:moved|migrated)\b/i;

/**
 * The retired notice of the project's README (any of README_NAMES), or a README of a folder above it up to the
 * repository's top that says the repository has moved: "This repository has been migrated to a new location" at the
 * top of a samples repository retires every sample below it (holdout20: Azure/openai-samples). The notice's line, else undefined.
 */
export function retiredHereOrAbove(root: string): string | undefined {
  let dir = path.resolve(root);
  for (let level = 0; level <= MAX_LEVELS; level++) {
    const found = level === 0 ? retiredNotice(readReadme(dir)) : openingLines(readReadme(dir)).find((line) => MOVED_REPOSITORY.test(line));
    if (found) return found;
    if (fs.existsSync(path.join(dir, '.git'))) return undefined; // the repository's top
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** Notebooks read to see whether any holds code: the first with code ends the search. */
const MAX_NOTEBOOKS = 10;
const MAX_NOTEBOOK_BYTES = 1_000_000;

/** The README's opening says the project is retired: the notice's line, else undefined. */
export function retiredNotice(readme: string | undefined): string | undefined {
  return openingLines(readme).find((line) => RETIRED_NOTICE.some((re) => re.test(line)));
}

function openingLines(readme: string | undefined): string[] {
  if (readme === undefined) return [];
  return readme.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '').slice(0, OPENING_LINES);
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
