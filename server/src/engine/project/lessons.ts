// A course or a book is not a product: a production brief (who uses the output, which
// decision, KPI, rollback) is pointless for its lessons or chapters (holdout6B/7A/7B labels:
// asl-ml-immersion's labs/ and solutions/, Bayesian Methods for Hackers' Chapter1_…,
// langchain-academy's module-0…6, MLU's DAY1…3, MIT 6.S191's lab1/). The evidence is in the
// notebooks' folder and file names; a plain numbered pipeline (`01_eda`, `02_train`) is a
// real project's order and shows none.

/** A lesson word with its number: `Chapter1_Introduction`, `module-2`, `DAY1`, `lab3`, `t81_558_class_01_1`, `week_2`, `ch03`. */
const LESSON_NAME = /(?:^|[^a-z])(?:chapter|ch|lesson|lecture|lab|module|day|week|class|unit|session|part|homework|assignment|exercise)s?[\s_.-]*\d/;
/** A lesson's exercise and its worked answer kept in sibling folders: `labs/` + `solutions/`, `exercises/` + `solutions/`. */
const EXERCISE_FOLDER = /^(?:[a-z]+_)?(?:labs?|exercises?)$/;
const SOLUTION_FOLDER = /^solutions?$/;

/** How many of a project's notebooks must be lessons, at least. */
const MIN_LESSONS = 3;

/** Does a notebook's path (relative to the project root) name a numbered lesson in a folder or in its own name? */
function hasLessonName(notebook: string): boolean {
  return notebook.toLowerCase().replace(/\.ipynb$/, '').split('/').some((segment) => LESSON_NAME.test(segment));
}

/**
 * The folders that hold both exercises and their solutions: the parent of a `labs/` that has
 * a `solutions/` sibling (and the other way round), among the notebooks' folders.
 */
function pairedParents(notebooks: readonly string[]): Set<string> {
  const exercises = new Set<string>();
  const solutions = new Set<string>();
  for (const n of notebooks) {
    const parts = n.toLowerCase().split('/').slice(0, -1);
    parts.forEach((segment, i) => {
      const parent = parts.slice(0, i).join('/');
      if (EXERCISE_FOLDER.test(segment)) exercises.add(parent);
      if (SOLUTION_FOLDER.test(segment)) solutions.add(parent);
    });
  }
  return new Set([...exercises].filter((p) => solutions.has(p)));
}

function inPairedFolder(notebook: string, paired: ReadonlySet<string>): boolean {
  const parts = notebook.toLowerCase().split('/').slice(0, -1);
  return parts.some((segment, i) => (EXERCISE_FOLDER.test(segment) || SOLUTION_FOLDER.test(segment)) && paired.has(parts.slice(0, i).join('/')));
}

/**
 * Are the project's notebooks mostly lessons (at least half of them, and at least three)?
 * @param notebooks paths relative to the project root
 */
export function isCourse(notebooks: readonly string[]): boolean {
  if (notebooks.length < MIN_LESSONS) return false;
  const paired = pairedParents(notebooks);
  const lessons = notebooks.filter((n) => hasLessonName(n) || inPairedFolder(n, paired)).length;
  return lessons >= MIN_LESSONS && lessons * 2 >= notebooks.length;
}

/** A lab's README: a "Learning Objectives" heading, as Qwiklabs' and Google's training labs open with (holdout11: vertex-pipelines/tfx). */
const LAB_README = /^#{1,6}\s*Learning Objectives\s*:?\s*$/im;

/** Does the project root's README read as a lab's? */
export function isLabReadme(readme: string | undefined): boolean {
  return readme !== undefined && LAB_README.test(readme);
}

/**
 * "A collection of data science blog posts" (pyproject's description), "This repository is a curated collection of
 * … articles" (the README's opening): a set of pieces each teaching something, not a product (holdout13: a blog's
 * repository, whose demo Dockerfiles and Streamlit apps belong to one article each).
 */
const COLLECTION = /\b(?:an?|this)\s+(?:curated\s+|growing\s+)?collection\s+of\s+(?:[\w-]+\s+){0,3}?(?:articles|blog\s+posts|tutorials|examples|notebooks|recipes|samples|demos|lessons|code\s+snippets|tips)\b/i;

/** Does the README's opening (or the package's description) call the project a collection of articles, tutorials or examples? */
export function isCollectionOfPieces(readme: string | undefined, description: string | undefined): boolean {
  return (description !== undefined && COLLECTION.test(description)) || (readme !== undefined && COLLECTION.test(readme.slice(0, 3000)));
}
