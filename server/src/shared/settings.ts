// The `nb2prod.*` settings as the server receives them through
// workspace/configuration. package.json declares the same keys for VS Code; a test
// keeps the two in step.
import { z } from 'zod';

const severity = z.enum(['error', 'warning', 'information', 'hint', 'off']);
/** VS Code sends null for a setting left at a null default: treat it as unset. */
const codes = z.array(z.string()).nullish().transform((v) => v ?? undefined);

export const settingsSchema = z.object({
  enable: z.boolean().default(true),
  select: codes,
  ignore: codes,
  severity: z.record(z.string(), severity).nullish().transform((v) => v ?? undefined),
  exclude: codes,
  allowedPaths: codes,
  configKeywords: codes,
  debounceMs: z.number().int().min(0).max(5000).default(200),
  scope: z.enum(['workspace', 'openFiles']).default('workspace'),
  /** `nb2prod.baseline.show`: findings recorded in the baseline file as hints, or hidden. */
  baseline: z.object({ show: z.enum(['hint', 'hidden']).default('hint') }).default({ show: 'hint' }),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** Settings from the client; anything malformed falls back to the defaults rather than failing. */
export function parseSettings(raw: unknown): Settings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}
