// The manifest, the docs and the code must describe the same rules and settings.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { RULE_CODES } from '../../server/src/engine/rules';
import { DEFAULT_SETTINGS, settingsSchema } from '../../server/src/shared/settings';
import { REPO_ROOT } from '../helpers/engine';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

it('docs/rules.md has a section, with the anchor diagnostics link to, for every rule', () => {
  const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8');
  for (const rule of RULE_CODES) {
    const heading = `## ${rule.code} ${rule.name}`;
    assert.ok(docs.includes(`\n${heading}\n`), `missing heading "${heading}"`);
    assert.ok(docs.includes(`](#${rule.code.toLowerCase()}-${rule.name})`), `the table links to ${rule.code}`);
    assert.ok(docs.includes(`| ${rule.name} | ${rule.defaultSeverity} |`), `the table gives ${rule.code}'s default severity`);
  }
});

it('every nb2prod.* setting in package.json is in the server schema with the same default, and the reverse', () => {
  const props = manifest.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string; description?: string }>;
  const manifestKeys = Object.keys(props).filter((k) => k !== 'nb2prod.trace.server').map((k) => k.replace(/^nb2prod\./, '')).sort();
  // A dotted setting (nb2prod.baseline.show) arrives from VS Code as a nested object.
  const schemaKeys = Object.entries(DEFAULT_SETTINGS).flatMap(([k, v]) => v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).map((sub) => `${k}.${sub}`) : [k]);
  assert.deepEqual(manifestKeys, [...new Set([...schemaKeys, ...Object.keys(settingsSchema.shape).filter((k) => !schemaKeys.some((s) => s.startsWith(`${k}.`)))])].sort());
  for (const [key, prop] of Object.entries(props)) {
    assert.ok((prop.markdownDescription ?? prop.description ?? '').length > 20, `${key} has a description`);
    if (key === 'nb2prod.trace.server') continue;
    const serverDefault = key.replace(/^nb2prod\./, '').split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], DEFAULT_SETTINGS);
    assert.deepEqual(serverDefault ?? null, prop.default, `${key} default`);
  }
});

it('the manifest starts the bundled client and exposes the CLI', () => {
  assert.equal(manifest.main, './dist/extension.js');
  assert.equal(manifest.bin.nb2prod, 'dist/cli.js');
  for (const event of ['onNotebook:jupyter-notebook', 'onNotebook:interactive', 'onLanguage:python']) {
    assert.ok(manifest.activationEvents.includes(event), event);
  }
});
