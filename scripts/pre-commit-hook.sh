#!/usr/bin/env bash
# The pre-commit hook's entry (.pre-commit-hooks.yaml, language: script). pre-commit
# runs it from its own clone of this repository, with the user's repository as the
# working directory and the staged files as arguments. dist/ is not in git, so the
# first run builds the CLI in that clone (npm ci from the lock file, then esbuild);
# later runs reuse it. `language: node` is not used: pre-commit installs node hooks
# with `npm install -g git+file://…`, whose git-dependency preparation cannot run
# this repository's build (esbuild is a dev dependency it does not install).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -f "$here/dist/cli.js" ]; then
  echo "nb2prod: building the CLI once in $here" >&2
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2 && node esbuild.mjs >&2)
fi
exec node "$here/dist/cli.js" check "$@"
