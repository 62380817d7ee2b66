// Rule configuration shared by the editor and the CLI: `[tool.nb2prod]` in
// pyproject.toml, overridden by VS Code settings. Codes in `select`/`ignore` match
// by prefix, so "NB1" means every NB1xx rule.
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { DEFAULT_CONFIG_KEYWORDS } from './detectors/hardcodedConfig';
import { DEFAULT_ALLOWED_PATHS } from './detectors/paths';
import type { Severity } from './types';

const severitySchema = z.enum(['error', 'warning', 'information', 'hint', 'off']);
export type SeverityOverride = z.infer<typeof severitySchema>;

export const ruleConfigSchema = z.object({
  select: z.array(z.string()).optional(),
  ignore: z.array(z.string()).optional(),
  severity: z.record(z.string(), severitySchema).optional(),
  exclude: z.array(z.string()).optional(),
  /** NB201: path prefixes that production really uses (container contracts). */
  allowedPaths: z.array(z.string()).optional(),
  /** NB205: keyword arguments whose literal values are configuration. */
  configKeywords: z.array(z.string()).optional(),
});

/** pyproject.toml spells keys in snake_case. */
const pyprojectSchema = z.object({
  select: z.array(z.string()).optional(),
  ignore: z.array(z.string()).optional(),
  severity: z.record(z.string(), severitySchema).optional(),
  exclude: z.array(z.string()).optional(),
  allowed_paths: z.array(z.string()).optional(),
  config_keywords: z.array(z.string()).optional(),
});
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

/** Later layers win field by field; `severity` merges code by code. */
export function mergeConfig(...layers: (RuleConfigInput | undefined)[]): RuleConfig {
  const out: RuleConfig = { ...DEFAULT_CONFIG, severity: {} };
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.select && layer.select.length > 0) out.select = layer.select.map((c) => c.toUpperCase());
    if (layer.ignore) out.ignore = layer.ignore.map((c) => c.toUpperCase());
    if (layer.exclude) out.exclude = layer.exclude;
    if (layer.allowedPaths) out.allowedPaths = layer.allowedPaths;
    if (layer.configKeywords) out.configKeywords = layer.configKeywords;
    if (layer.severity) for (const [code, sev] of Object.entries(layer.severity)) out.severity[code.toUpperCase()] = sev;
  }
  return out;
}

function matches(code: string, prefixes: string[]): boolean {
  return prefixes.some((p) => p === 'ALL' || code.startsWith(p));
}

/** The severity a finding of `code` is reported with, or undefined when the rule is off. */
export function effectiveSeverity(config: RuleConfig, code: string, defaultSeverity: Severity): Severity | undefined {
  if (!matches(code, config.select) || matches(code, config.ignore)) return undefined;
  const override = config.severity[code];
  if (override === 'off') return undefined;
  return override ?? defaultSeverity;
}

export interface PyprojectConfig {
  config?: RuleConfigInput;
  error?: string;
}

/** Read `[tool.nb2prod]` from pyproject.toml text; a broken file is an error, never a crash. */
export function parsePyprojectConfig(text: string): PyprojectConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    return { error: `pyproject.toml is not valid TOML: ${(err as Error).message.split('\n')[0]}` };
  }
  const tool = doc.tool as Record<string, unknown> | undefined;
  const section = tool?.nb2prod;
  if (section === undefined) return {};
  const parsed = pyprojectSchema.safeParse(section);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `[tool.nb2prod] ${issue.path.join('.')}: ${issue.message}` };
  }
  const { allowed_paths, config_keywords, ...rest } = parsed.data;
  return { config: { ...rest, allowedPaths: allowed_paths, configKeywords: config_keywords } };
}
