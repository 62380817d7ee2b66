// "Read secret from the environment": the literal becomes os.environ["NAME"] and
// NAME= is listed in .env.example. The secret itself is written nowhere.
import type { StringLiteral } from '../cellSummary';
import { findSecretsInText } from '../detectors/secrets';

const PROVIDER_VARIABLES: [RegExp, string][] = [
  [/Anthropic/, 'ANTHROPIC_API_KEY'],
  [/OpenAI/, 'OPENAI_API_KEY'],
  [/AWS/, 'AWS_ACCESS_KEY_ID'],
  [/GitHub/, 'GITHUB_TOKEN'],
  [/Hugging Face/, 'HF_TOKEN'],
  [/Slack/, 'SLACK_TOKEN'],
  [/Google/, 'GOOGLE_API_KEY'],
  [/GitLab/, 'GITLAB_TOKEN'],
  [/private key/, 'PRIVATE_KEY'],
];

export interface SecretPlan {
  variable: string;
  /** Replacement for the whole literal. */
  replacement: string;
}

function variableFromName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const v = name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  return /^[A-Z_][A-Z0-9_]*$/.test(v) ? v : undefined;
}

export function planSecretToEnv(literal: StringLiteral, literalSource: string): SecretPlan | undefined {
  const { target, keyword, callee, argIndex, firstArg } = literal.context;
  if (/^[A-Za-z]*[fFbB]/.test(literalSource)) return undefined;
  // os.getenv("KEY", "secret"): drop the secret default, the variable is already named.
  if (argIndex === 1 && callee && /getenv|environ\.get/.test(callee)) return { variable: firstArg ?? 'SECRET', replacement: 'None' };
  const [match] = findSecretsInText(literal.value);
  if (match?.kind === 'a password in a connection URI') {
    const user = /:\/\/([^/:@]+):/.exec(literal.value)?.[1];
    const variable = variableFromName(keyword ?? target)?.replace(/(?:_URL|_URI|_DSN)?$/, '_PASSWORD') ?? (user ? `${variableFromName(user)}_PASSWORD` : 'DB_PASSWORD');
    const escaped = literal.value.replace(/\{/g, '{{').replace(/\}/g, '}}');
    const quote = literalSource.trimEnd().endsWith("'") ? "'" : '"';
    const inner = quote === '"' ? `os.environ['${variable}']` : `os.environ["${variable}"]`;
    return { variable, replacement: `f${quote}${escaped.replace(`:${match.secret}@`, `:{${inner}}@`)}${quote}` };
  }
  const byProvider = match ? PROVIDER_VARIABLES.find(([re]) => re.test(match.kind))?.[1] : undefined;
  const variable = byProvider ?? variableFromName(keyword ?? target) ?? 'SECRET';
  return { variable, replacement: `os.environ["${variable}"]` };
}

/** `.env.example` lines to add so the variable is documented (none when it is listed already). */
export function envExampleAddition(existing: string | undefined, variable: string): string {
  if (existing !== undefined && new RegExp(`^\\s*${variable}\\s*=`, 'm').test(existing)) return '';
  const sep = existing && !existing.endsWith('\n') ? '\n' : '';
  return `${sep}${variable}=\n`;
}
