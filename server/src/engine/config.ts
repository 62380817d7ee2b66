// Rule configuration shared by the editor and the CLI: `[tool.nb2prod]` in
// pyproject.toml, overridden by VS Code settings. Codes in `select`/`ignore` match
// by prefix, so "NB1" means every NB1xx rule.
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import type { Severity } from './types';

const severitySchema = z.enum(['error', 'warning', 'information', 'hint', 'off']);
export type SeverityOverride = z.infer<typeof severitySchema>;

export const ruleConfigSchema = z.object({
  select: z.array(z.string()).optional(),
  ignore: z.array(z.string()).optional(),
  severity: z.record(z.string(), severitySchema).optional(),
  exclude: z.array(z.string()).optional(),
});
export type RuleConfigInput = z.infer<typeof ruleConfigSchema>;

export interface RuleConfig {
  select: string[];
  ignore: string[];
  severity: Record<string, SeverityOverride>;
  exclude: string[];
}

export const DEFAULT_EXCLUDE = ['**/.git/**', '**/node_modules/**', '**/.ipynb_checkpoints/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**'];

export const DEFAULT_CONFIG: RuleConfig = { select: ['NB'], ignore: [], severity: {}, exclude: [] };

/** Later layers win field by field; `severity` merges code by code. */
export function mergeConfig(...layers: (RuleConfigInput | undefined)[]): RuleConfig {
  const out: RuleConfig = { ...DEFAULT_CONFIG, severity: {} };
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.select && layer.select.length > 0) out.select = layer.select.map((c) => c.toUpperCase());
    if (layer.ignore) out.ignore = layer.ignore.map((c) => c.toUpperCase());
    if (layer.exclude) out.exclude = layer.exclude;
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
  const parsed = ruleConfigSchema.safeParse(section);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `[tool.nb2prod] ${issue.path.join('.')}: ${issue.message}` };
  }
  return { config: parsed.data };
}
