#!/usr/bin/env bash
# The test command (npm test): type-check, build the bundles and the test entry
# points, then run every test with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p .
npx tsc -p tsconfig.webview.json
node esbuild.mjs --tests
mapfile -t files < <(find out/test -name '*.test.js' | sort)
exec node --test --test-concurrency=2 "${files[@]}"
