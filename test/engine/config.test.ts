// `[tool.nb2prod]` validation: an invalid value names the key, the value and what is
// allowed; an unknown key warns with a suggestion; extend_* keys keep the defaults.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, mergeConfig, parsePyprojectConfig } from '../../server/src/engine/config';
import { DEFAULT_ALLOWED_PATHS } from '../../server/src/engine/detectors/paths';
import { DEFAULT_CONFIG_KEYWORDS } from '../../server/src/engine/detectors/hardcodedConfig';

const section = (body: string) => parsePyprojectConfig(`[project]\nname = "demo"\n\n[tool.nb2prod]\n${body}\n`);

describe('[tool.nb2prod] validation', () => {
  it('rejects a bad severity naming the key, the value and the allowed values', () => {
    const r = section('severity = { NB105 = "informational" }');
    assert.equal(r.config, undefined);
    assert.equal(r.error, '[tool.nb2prod] severity.NB105: "informational" is not allowed; expected one of "error", "warning", "information", "hint", "off"');
  });

  it('rejects a value of the wrong type', () => {
    assert.equal(section('select = "NB1"').error, '[tool.nb2prod] select: "NB1" is not allowed; expected a list');
    assert.equal(section('exclude = ["a", 3]').error, '[tool.nb2prod] exclude.1: 3 is not allowed; expected a string');
    assert.equal(parsePyprojectConfig('[tool]\nnb2prod = 3\n').error, '[tool.nb2prod] must be a table');
  });

  it('reads a broken pyproject.toml with no nb2prod section as no configuration, with a warning (a cookiecutter template)', () => {
    const template = parsePyprojectConfig('[project]\nname = "{{ cookiecutter.package_name }}"\n\n[tool.{{cookiecutter.linter}}]\nline-length = 100\n');
    assert.equal(template.error, undefined);
    assert.equal(template.config, undefined);
    assert.match(template.warnings?.[0] ?? '', /^pyproject\.toml is not valid TOML: .*; it has no \[tool\.nb2prod\] section, so nb2prod uses its defaults there$/);
    // The same breakage in a file that configures nb2prod is the user's configuration gone wrong: an error.
    assert.match(parsePyprojectConfig('[tool.nb2prod]\nselect = ["NB1"\n').error ?? '', /^pyproject\.toml is not valid TOML/);
    assert.match(parsePyprojectConfig('[tool.nb2prod.severity]\nNB105 = \n').error ?? '', /^pyproject\.toml is not valid TOML/);
  });

  it('rejects a selector that matches no rule, with a suggestion', () => {
    assert.match(section('select = ["NB9"]').error!, /^\[tool\.nb2prod\] select: "NB9" matches no rule/);
    assert.match(section('ignore = ["NB1O1"]').error!, /did you mean "NB101"\?/);
    assert.equal(section('select = ["nb1", "ALL"]').error, undefined);
  });

  it('warns about unknown keys with "did you mean", and still applies the rest', () => {
    const r = section('selct = ["NB1"]\nignore = ["NB108"]\nextend-selekt = ["NB2"]');
    assert.deepEqual(r.warnings, [
      '[tool.nb2prod] unknown key "selct" is ignored (did you mean "select"?)',
      '[tool.nb2prod] unknown key "extend-selekt" is ignored (did you mean "extend-select"?)',
    ]);
    assert.deepEqual(r.config?.ignore, ['NB108']);
    assert.equal(section('frobnicate = 1').warnings?.[0], '[tool.nb2prod] unknown key "frobnicate" is ignored');
  });

  it('warns about a severity for a code that does not exist', () => {
    assert.deepEqual(section('severity = { NB1005 = "off" }').warnings, ['[tool.nb2prod] severity: "NB1005" is not a rule code (did you mean "NB105"?)']);
  });

  it('accepts kebab-case keys and extends the defaults with extend-* keys', () => {
    const r = section('extend-allowed-paths = ["/data/shared/"]\nextend_config_keywords = ["n_clusters"]\nextend-select = ["NB1"]\nselect = ["NB2"]\nbaseline = "nb2prod-baseline.json"');
    assert.equal(r.error, undefined);
    const config = mergeConfig(r.config);
    for (const p of [...DEFAULT_ALLOWED_PATHS, '/data/shared/']) assert.ok(config.allowedPaths.includes(p), p);
    for (const k of [...DEFAULT_CONFIG_KEYWORDS, 'n_clusters']) assert.ok(config.configKeywords.includes(k), k);
    assert.deepEqual(config.select, ['NB2', 'NB1']);
    assert.equal(r.baseline, 'nb2prod-baseline.json');
  });

  it('keeps the default selection when only extend-select is given', () => {
    const config = mergeConfig(section('extend-select = ["NB1"]').config);
    assert.deepEqual(config.select, [...DEFAULT_CONFIG.select, 'NB1']);
  });
});
