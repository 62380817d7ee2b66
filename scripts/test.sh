#!/usr/bin/env bash
# The test command (npm test): set up the oracle Python (.cache/pyenv, a no-op once
# done), type-check, build the bundles and the test entry points, then run every
# test with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup-python.sh
npx tsc -p .
npx tsc -p tsconfig.webview.json
node esbuild.mjs --tests
mapfile -t files < <(find out/test -name '*.test.js' | sort)
exec node --test --test-concurrency=2 "${files[@]}"
