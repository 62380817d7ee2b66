// Rule configuration shared by the editor and the CLI: `[tool.nb2prod]` in
// pyproject.toml, overridden by VS Code settings. Codes in `select`/`ignore` match
// by prefix, so "NB1" means every NB1xx rule.
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { DEFAULT_CONFIG_KEYWORDS } from './detectors/hardcodedConfig';
import { DEFAULT_ALLOWED_PATHS } from './detectors/paths';
import { RULE_CODES } from './rules';
import type { Severity } from './types';

const severitySchema = z.enum(['error', 'warning', 'information', 'hint', 'off']);
export type SeverityOverride = z.infer<typeof severitySchema>;

export const ruleConfigSchema = z.object({
  select: z.array(z.string()).optional(),
  ignore: z.array(z.string()).optional(),
  severity: z.record(z.string(), severitySchema).optional(),
  exclude: z.array(z.string()).optional(),
  /** NB201: path prefixes that production really uses (container contracts), added to the system paths. */
  allowedPaths: z.array(z.string()).optional(),
  /** NB205: keyword arguments whose literal values are configuration. */
  configKeywords: z.array(z.string()).optional(),
});

/**
 * `[tool.nb2prod]` as written in pyproject.toml: snake_case or kebab-case keys
 * (`extend-select` like Ruff). Strict: an unknown value is an error, an unknown key
 * a warning (see parsePyprojectConfig).
 */
const stringList = z.array(z.string());
const pyprojectSchema = z.object({
  select: stringList.optional(),
  extend_select: stringList.optional(),
  ignore: stringList.optional(),
  severity: z.record(z.string(), severitySchema).optional(),
  exclude: stringList.optional(),
  extend_exclude: stringList.optional(),
  allowed_paths: stringList.optional(),
  extend_allowed_paths: stringList.optional(),
  config_keywords: stringList.optional(),
  extend_config_keywords: stringList.optional(),
  /** A baseline file (relative to pyproject.toml): findings recorded there are not reported. */
  baseline: z.string().optional(),
});
const PYPROJECT_KEYS = Object.keys(pyprojectSchema.shape);
export type RuleConfigInput = z.infer<typeof ruleConfigSchema>;

export interface RuleConfig {
  select: string[];
  ignore: string[];
  severity: Record<string, SeverityOverride>;
  exclude: string[];
  allowedPaths: string[];
  configKeywords: string[];
}

export const DEFAULT_EXCLUDE = ['**/.git/**', '**/node_modules/**', '**/.ipynb_checkpoints/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**'];

export const DEFAULT_CONFIG: RuleConfig = {
  select: ['NB'], ignore: [], severity: {}, exclude: [], allowedPaths: DEFAULT_ALLOWED_PATHS, configKeywords: DEFAULT_CONFIG_KEYWORDS,
};

/** Later layers win field by field; `severity` merges code by code; `allowedPaths` adds to the defaults. */
export function mergeConfig(...layers: (RuleConfigInput | undefined)[]): RuleConfig {
  const out: RuleConfig = { ...DEFAULT_CONFIG, severity: {} };
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.select && layer.select.length > 0) out.select = layer.select.map((c) => c.toUpperCase());
    if (layer.ignore) out.ignore = layer.ignore.map((c) => c.toUpperCase());
    if (layer.exclude) out.exclude = layer.exclude;
    if (layer.allowedPaths) out.allowedPaths = [...new Set([...out.allowedPaths, ...layer.allowedPaths])]; // extends the system paths
    if (layer.configKeywords) out.configKeywords = layer.configKeywords;
    if (layer.severity) for (const [code, sev] of Object.entries(layer.severity)) out.severity[code.toUpperCase()] = sev;
  }
  return out;
}

function matches(code: string, prefixes: string[]): boolean {
  return prefixes.some((p) => p === 'ALL' || code.startsWith(p));
}

/** The severity a finding of `code` is reported with, or undefined when the rule is off. */
/**
 * Opt-in rules (not yet measured precise enough to be on for everyone) run only
 * when the configuration names their exact code in `select` or gives them a severity.
 */
let optInCodes: ReadonlySet<string> | undefined;
/** Read lazily: the rules import this module, so RULE_CODES is not ready while it loads. */
function isOptIn(code: string): boolean {
  optInCodes ??= new Set(RULE_CODES.filter((r) => r.optIn).map((r) => r.code));
  return optInCodes.has(code);
}

export function optedIn(config: RuleConfig, code: string): boolean {
  const severity = config.severity[code];
  return config.select.includes(code) || (severity !== undefined && severity !== 'off');
}

export function effectiveSeverity(config: RuleConfig, code: string, defaultSeverity: Severity): Severity | undefined {
  if (isOptIn(code) && !optedIn(config, code)) return undefined;
  if (!matches(code, config.select) || matches(code, config.ignore)) return undefined;
  const override = config.severity[code];
  if (override === 'off') return undefined;
  return override ?? defaultSeverity;
}

export interface PyprojectConfig {
  config?: RuleConfigInput;
  /** The baseline file named in `[tool.nb2prod]`, as written (relative to pyproject.toml). */
  baseline?: string;
  /** Invalid configuration: the whole section is not applied. */
  error?: string;
  /** Applied, but something looks wrong (an unknown key). */
  warnings?: string[];
}

/** Edit distance, for "did you mean" on misspelt keys and codes. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function valueAt(section: unknown, keys: PropertyKey[]): unknown {
  let v = section;
  for (const k of keys) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a table';
  return String(value);
}

/** A rule selector is a code, a prefix of codes ("NB1") or ALL; anything else selects nothing, which is a mistake. */
function checkSelectors(key: string, selectors: readonly string[] | undefined, codes: readonly string[]): string | undefined {
  for (const selector of selectors ?? []) {
    const upper = selector.toUpperCase();
    if (upper === 'ALL' || codes.some((c) => c.startsWith(upper))) continue;
    const hint = didYouMean(upper, codes);
    return `[tool.nb2prod] ${key}: ${JSON.stringify(selector)} matches no rule${hint ? ` (did you mean "${hint}"?)` : ''}; use a code such as NB101, a prefix such as NB1, or ALL`;
  }
  return undefined;
}

/** A `[tool.nb2prod]` table (or a sub-table of it) anywhere in the text, read without parsing it. */
const NB2PROD_SECTION = /^\s*\[\s*tool\s*\.\s*["']?nb2prod\b/m;

/**
 * Read `[tool.nb2prod]` from pyproject.toml text; a broken file or an invalid value is
 * an error naming the key, the value and what is allowed, never a crash. `extend_*`
 * keys add to the defaults (or to the plain key) instead of replacing them.
 */
export function parsePyprojectConfig(text: string, ruleCodes: readonly string[] = RULE_CODES.map((r) => r.code)): PyprojectConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    const problem = `pyproject.toml is not valid TOML: ${(err as Error).message.split('\n')[0]}`;
    // A file that names no nb2prod section (a cookiecutter template's `{{cookiecutter.name}}` keys)
    // holds no configuration of ours to get wrong: its folder is checked with the defaults.
    if (!NB2PROD_SECTION.test(text)) return { warnings: [`${problem}; it has no [tool.nb2prod] section, so nb2prod uses its defaults there`] };
    return { error: problem };
  }
  const tool = doc.tool as Record<string, unknown> | undefined;
  const raw = tool?.nb2prod;
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { error: '[tool.nb2prod] must be a table' };
  const warnings: string[] = [];
  const section: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const normal = key.replace(/-/g, '_');
    if (PYPROJECT_KEYS.includes(normal)) {
      section[normal] = value;
      continue;
    }
    const hint = didYouMean(normal, PYPROJECT_KEYS);
    warnings.push(`[tool.nb2prod] unknown key "${key}" is ignored${hint ? ` (did you mean "${hint.replace(/_/g, key.includes('-') ? '-' : '_')}"?)` : ''}`);
  }
  const parsed = pyprojectSchema.safeParse(section);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.map(String).join('.');
    const value = valueAt(section, issue.path);
    const allowed = issue.code === 'invalid_value' ? `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
      : issue.code === 'invalid_type' ? `a ${issue.expected === 'array' ? 'list' : issue.expected === 'record' || issue.expected === 'object' ? 'table' : issue.expected}`
        : issue.message;
    return { error: `[tool.nb2prod] ${where}: ${describe(value)} is not allowed; expected ${allowed}`, warnings };
  }
  const data = parsed.data;
  const selectorError = checkSelectors('select', data.select, ruleCodes) ?? checkSelectors('extend_select', data.extend_select, ruleCodes)
    ?? checkSelectors('ignore', data.ignore, ruleCodes);
  if (selectorError) return { error: selectorError, warnings };
  for (const code of Object.keys(data.severity ?? {})) {
    if (ruleCodes.includes(code.toUpperCase())) continue;
    const hint = didYouMean(code.toUpperCase(), ruleCodes);
    warnings.push(`[tool.nb2prod] severity: "${code}" is not a rule code${hint ? ` (did you mean "${hint}"?)` : ''}`);
  }
  const extend = <T>(base: T[] | undefined, more: T[] | undefined, defaults: T[]): T[] | undefined =>
    more ? [...(base ?? defaults), ...more] : base;
  const config: RuleConfigInput = {
    select: extend(data.select, data.extend_select, DEFAULT_CONFIG.select),
    ignore: data.ignore,
    severity: data.severity,
    exclude: extend(data.exclude, data.extend_exclude, []),
    allowedPaths: extend(data.allowed_paths, data.extend_allowed_paths, DEFAULT_ALLOWED_PATHS),
    configKeywords: extend(data.config_keywords, data.extend_config_keywords, DEFAULT_CONFIG_KEYWORDS),
  };
  for (const key of Object.keys(config) as (keyof RuleConfigInput)[]) if (config[key] === undefined) delete config[key];
  return { config, baseline: data.baseline, warnings: warnings.length ? warnings : undefined };
}
