// PyPI packages that are backports of a module Python 3 has in its standard
// library. Declaring one pins nothing useful: the interpreter's own module is
// imported, and the backport is an old copy (some no longer install on Python 3).
// NB401 says "remove it" for these instead of "pin it". One test per entry in
// test/engine/requirements.test.ts.

export interface Backport {
  /** The standard-library module it copies. */
  module: string;
  /** The Python version whose standard library has it. */
  since: string;
}

/** Distribution (PEP 503 name) → the standard-library module it backports. */
export const STDLIB_BACKPORTS: Readonly<Record<string, Backport>> = {
  asyncio: { module: 'asyncio', since: '3.4' }, // last release 3.4.3 (2015)
  enum34: { module: 'enum', since: '3.4' },
  pathlib: { module: 'pathlib', since: '3.4' },
  argparse: { module: 'argparse', since: '3.2' },
  futures: { module: 'concurrent.futures', since: '3.2' }, // installs on Python 2 only
  typing: { module: 'typing', since: '3.5' },
};

export interface RenamedDistribution {
  /** The distribution the code imports. */
  real: string;
  /** What the alias is on PyPI, for NB401's message. */
  what: string;
}

/**
 * PyPI names that are aliases of another distribution: the alias is not the package the code imports (PyPI's
 * `sklearn` fails to install since December 2023 unless told to; `bs4` is an empty package that depends on
 * beautifulsoup4, so pinning `bs4` pins nothing the code runs). NB401 says "write the real name" for these instead of
 * "pin it". One test per entry in test/engine/requirements.test.ts.
 */
export const RENAMED_DISTRIBUTIONS: Readonly<Record<string, RenamedDistribution>> = {
  sklearn: { real: 'scikit-learn', what: "PyPI's deprecated alias of `scikit-learn`, an empty stub that only pulls it in (and whose newer releases refuse to install)" },
  bs4: { real: 'beautifulsoup4', what: "PyPI's dummy name for `beautifulsoup4`, an empty package that only pulls it in (pinning it pins nothing the code runs)" },
};

/**
 * Distributions that are data meant to stay current (the time-zone rules, the CA certificates): a lower bound is
 * the right requirement for them (`tzdata>=2024.1`); pinning one freezes outdated rules.
 */
export const CURRENT_DATA_DISTRIBUTIONS: ReadonlySet<string> = new Set(['tzdata', 'certifi']);
