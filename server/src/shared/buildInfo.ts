// Facts baked into the bundles by esbuild.mjs (`define`): the package version, the
// repository URL and the text of docs/rules.md. Read from package.json and docs/ at
// build time, never at run time: the CLI runs from an npm package or a pre-commit
// checkout where those files may not sit next to it. Unbundled (tsc only), the
// fallbacks apply.
declare const NB2PROD_VERSION: string | undefined;
declare const NB2PROD_REPOSITORY: string | undefined;
declare const NB2PROD_RULES_DOC: string | undefined;

export const VERSION: string = typeof NB2PROD_VERSION === 'string' ? NB2PROD_VERSION : '0.0.0-dev';
export const REPOSITORY_URL: string = typeof NB2PROD_REPOSITORY === 'string' ? NB2PROD_REPOSITORY : '';
export const RULES_DOC: string = typeof NB2PROD_RULES_DOC === 'string' ? NB2PROD_RULES_DOC : '';

/** docs/rules.md on the repository's default branch, for links that must work off this machine (SARIF). */
export const DEFAULT_DOCS_URL = REPOSITORY_URL ? `${REPOSITORY_URL}/blob/main/docs/rules.md` : '';
