// Builds the extension client, the language server and the CLI into dist/, and the
// test and benchmark entry points into out/. web-tree-sitter is aliased to its
// CommonJS build: its ESM build reads import.meta.url, which esbuild empties in a
// CJS bundle, and Parser.init() then fails. The runtime and grammar .wasm files are
// copied next to the bundles, where the server and the CLI look for them.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const withTests = args.has('--tests');

// The version and the rule docs are baked in at build time: the CLI bundle runs
// from an npm package or a pre-commit checkout, where package.json and docs/ may
// not sit next to it.
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const define = {
  NB2PROD_VERSION: JSON.stringify(pkg.version),
  NB2PROD_REPOSITORY: JSON.stringify(String(pkg.repository?.url ?? pkg.repository ?? '').replace(/^git\+/, '').replace(/\.git$/, '')),
  NB2PROD_RULES_DOC: JSON.stringify(readFileSync('docs/rules.md', 'utf8')),
};

const common = {
  define,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter').replace(/web-tree-sitter\.(c?js)$/, 'web-tree-sitter.cjs') },
};

function copyWasm() {
  mkdirSync('dist', { recursive: true });
  copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
  copyFileSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');
}

function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (entry.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const builds = [
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['server/src/run/checkWorker.ts'], outfile: 'dist/checkWorker.js' }),
  // The webview script lives in media/, the only folder the webview may load from.
  esbuild.build({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/webview/brief.ts'], outfile: 'media/brief.js', sourcemap: false }),
];
if (withTests) {
  const entryPoints = Object.fromEntries(
    [...findTests('test'), 'test/e2e/editor.e2e-test.ts', 'test/electron/runTests.ts', 'test/electron/suite.ts', 'bench/bench.ts', 'bench/floor.ts', 'scripts/extract-real.ts', 'scripts/export-real.ts'].map((f) => [relative('.', f).replace(/\.ts$/, ''), f]),
  );
  builds.push(esbuild.build({ ...common, sourcemap: true, entryPoints, outdir: 'out', external: ['vscode', 'playwright-core', '@astral-sh/ruff-wasm-nodejs', 'mocha', '@vscode/test-electron'] }));
}
copyWasm();
await Promise.all(builds);
chmodSync('dist/cli.js', 0o755);
