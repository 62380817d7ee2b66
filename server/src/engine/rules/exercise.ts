import type { CodeCell } from '../dataflow';
import type { CellInput } from '../types';

// `# TODO 5: Your code goes here`, `# YOUR CODE HERE`: an exercise left for the student to write.
export const EXERCISE_STUB = /#[^\n]*\b(?:your code (?:goes )?here|your code below|code goes here)\b/i;

/**
 * `time_train = # YOUR CODE HERE`, `SGD(lr=# YOUR CODE HERE, …)`: nothing after `=` but the blank. The parser
 * reads `x = # …` followed by `y = 30` as `x = y = 30` (it skips the newline after `=`), so its error is looked for here.
 */
const ASSIGNED_BLANK = /(?:^|[^=!<>])=[ \t]*#[^\n]*\b(?:your code|code goes here)\b/im;

/** A cell of an unfinished exercise: it leaves the student a blank and does not compile (`x = # YOUR CODE HERE`). */
export function isOpenBlank(c: CodeCell, cell: CellInput): boolean {
  return EXERCISE_STUB.test(cell.source) && (c.summary.syntaxError || ASSIGNED_BLANK.test(cell.source));
}

/**
 * An exercise skeleton nobody filled in (dlaicourse "Exercise ... Question" notebooks, holdout13): two or more
 * cells are blanks that do not compile, so the notebook never ran as it stands and its literals are the template's.
 */
export function unfinishedExercise(codeCells: readonly CodeCell[], cells: readonly CellInput[]): boolean {
  return codeCells.filter((c) => isOpenBlank(c, cells[c.index])).length >= 2;
}
