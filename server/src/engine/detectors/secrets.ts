// NB203/NB204: credentials written into code or saved outputs. Precision first:
// provider-shaped tokens anywhere, other literals only where a name says "secret".
import type { StringLiteral } from '../cellSummary';
import { PUBLIC_DEFAULT_PASSWORDS } from '../knowledge/defaultCredentials';
import { ENVIRONMENT_LOOKUP } from './io';
import { memoByObject } from './memo';

export interface SecretMatch {
  kind: string;
  /** A provider-format key (certainly a credential), or only a literal given to a secret-named variable. */
  provider: boolean;
  /** The secret itself, to be masked before it is shown anywhere. */
  secret: string;
  /** The secret-looking target or keyword a plain literal was given to. */
  name?: string;
}

const PROVIDERS: { kind: string; pattern: RegExp; check?: (token: string) => boolean; followedBy?: RegExp }[] = [
  { kind: 'an Anthropic API key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/ },
  {
    kind: 'an OpenAI API key',
    pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/,
    // scikit-learn's HTML reprs use CSS classes like `sk-estimator-doc-link`: words, no digits or capitals.
    // A legacy key holds OpenAI's `T3BlbkFJ` marker between two runs of 20 characters: one with the marker elsewhere
    // is made up (holdout13: `sk-blT3BlbkFJo8bdtYwDLuZT` in a secrets-detection demo).
    check: (t) => /[0-9]/.test(t) && /[A-Z]/.test(t) && !t.startsWith('sk-ant-')
      && !(/^sk-[A-Za-z0-9]*T3BlbkFJ/.test(t) && !/^sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}$/.test(t)),
  },
  { kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { kind: 'a Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{30,}/ },
  { kind: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/ },
  { kind: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  {
    kind: 'a private key',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/,
    // Key material after the header: a first line of 40+ base64 characters (PEM lines are 64), after any
    // `Proc-Type:`-style header lines. `print(key[:200])` cut after `MIIEvgIBADANBgkqhk`, the prefix every
    // PKCS#8 RSA key shares, shows none.
    followedBy: /^(?:\\[rn]|\s)*(?:[A-Za-z-]+: [^\n\\]*(?:\\[rn]|\s)+)*[A-Za-z0-9+/=]{40}/,
  },
  { kind: 'a Stripe key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}/ },
  { kind: 'a Google OAuth client secret', pattern: /\bGOCSPX-[A-Za-z0-9_-]{20,}/ },
  { kind: 'a Groq API key', pattern: /\bgsk_[A-Za-z0-9]{40,}/ },
  { kind: 'a Replicate token', pattern: /\br8_[A-Za-z0-9]{30,}/ },
  { kind: 'a Pinecone API key', pattern: /\bpcsk_[A-Za-z0-9_]{40,}/ },
  {
    kind: 'a JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/,
  },
];

/**
 * Names that say their value is a credential; `max_tokens`, `token_path`,
 * `client_id` do not, nor tokenizer vocabulary like `unk_token` or `pad_token`.
 */
const SECRET_NAME = /(?:^|[_\-.\s])(?:api[_-]?key|apikey|(?:auth|access|api|bearer|refresh|hf|hub|github|gh|gitlab|slack|service|session|oauth|personal|secret|client|user|app|bot|admin|openai|huggingface)[_-]?token|secret|secret[_-]?key|client[_-]?secret|password|passwd|pwd|access[_-]?key|private[_-]?key|bearer)$/i;
const SECRET_NAME_WHOLE = /^(?:api[_-]?key|apikey|token|secret|password|passwd|pwd|access[_-]?key|private[_-]?key|client[_-]?secret|auth|bearer)$/i;

const PLACEHOLDER = /^(?:|x+|\*+|\.+|-+|<[^>]*>+|\[[^\]]*\]|\{[^}]*\}|\$\{[^}]*\}|%\([^)]*\)s|change[\s_-]?me|replace[\s_-]?me|todo|tbd|dummy|example|placeholder|test|testing|none|null|secret|password|passw0rd|token|api[_-]?key|redacted|hidden)$/i;
/**
 * Placeholder spellings anywhere in the value: `<<YOUR_ANTHROPIC_API_KEY>>`, `YOUR_OPENAI_KEY`,
 * `your-api-key-here`, `sk-xxxx…`, `sk-...`, `***`, `<key>`, `paste-key-here`, `INSERT_KEY`, `__AZURE_OPENAI_API_KEY__`.
 */
const PLACEHOLDER_PART = /your|<[^>]*>|\[[^\]]*(?:key|token|secret|password)[^\]]*\]|x{4,}|X{4,}|\*{3,}|\.{3}|…|(?:^|[\s_-])(?:here|replace|insert|enter|paste|fill|dummy|fake|sample|example|placeholder|redacted|todo|changeme)(?:$|[\s_-])|^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:KEY|TOKEN|SECRET|PASSWORD)$|^__[A-Za-z0-9_]+__$/i;

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return PLACEHOLDER.test(v) || PLACEHOLDER_PART.test(v) || hasCountingRun(v) || isTypedFiller(v);
}

/**
 * A key prefix and a few characters typed by hand (`sk-1234`, `sk-abc`, `hf_0000`): a dummy for a local
 * server that takes any key. Short, and counting up or one character repeated.
 */
function isTypedFiller(v: string): boolean {
  const rest = /^[A-Za-z]{1,8}[-_](.{3,8})$/.exec(v)?.[1];
  if (rest === undefined) return false;
  if (/^(.)\1*$/.test(rest)) return true;
  for (let i = 1; i < rest.length; i++) if (rest.charCodeAt(i) !== rest.charCodeAt(i - 1) + 1) return false;
  return true;
}

/** A database or broker on the machine itself (or its Docker host): its password opens nothing anyone else can reach. */
export const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal)$/i;

/**
 * Seven or more characters counting up (`1234567`, `abcdefg`): typed by hand to look like a key
 * (`sk_live_51234567890abcdefghijklmnop` in a guardrail demo). A random key has such a run with
 * odds of about one in a billion per position.
 */
function hasCountingRun(v: string): boolean {
  let run = 1;
  for (let i = 1; i < v.length; i++) {
    run = v.charCodeAt(i) === v.charCodeAt(i - 1) + 1 && /[0-9a-zA-Z]/.test(v[i]) ? run + 1 : 1;
    if (run >= 7) return true;
  }
  return false;
}

export function isSecretName(name: string | undefined): boolean {
  return name !== undefined && (SECRET_NAME.test(name) || SECRET_NAME_WHOLE.test(name));
}

const GLOBAL_PATTERNS = PROVIDERS.map((p) => ({ ...p, global: new RegExp(p.pattern.source, 'g') }));
/** Cheap first look: no provider prefix and no URI credentials means no secret. */
const MAYBE_SECRET = /sk-|AKIA|ASIA|gh[pousr]_|github_pat_|hf_|xox[abposr]-|AIza|glpat-|PRIVATE KEY|[sr]k_live_|[sr]k_test_|GOCSPX-|gsk_|r8_|pcsk_|eyJ|:\/\/[^/\s:@'"]+:[^@\s'"/]+@/;

const PRESIGNED_KEY_ID = /(?:X-Amz-Credential=|AWSAccessKeyId=)$/i;
/**
 * The `token=` of a signed download link to one stored object (Supabase storage's `…/object/sign/<bucket>/<file>?token=<JWT>`,
 * whose payload holds only the object's path and an expiry): a share link made for readers, not a key to rotate.
 */
const SIGNED_OBJECT_TOKEN = /\/object\/sign\/[^\s'"?#]+\?(?:[^\s'"#]*&)?token=$/i;

/** A printf-style field, `%s` or `%(password)s`, standing for the whole password. */
const PERCENT_FIELD = /^%(?:\([A-Za-z_]\w*\))?[-#0 +]*\d*(?:\.\d+)?[sdr]$/;

/** Provider-shaped tokens and credentials in URIs, in any text. */
export function findSecretsInText(text: string): SecretMatch[] {
  if (!MAYBE_SECRET.test(text)) return [];
  const found: SecretMatch[] = [];
  for (const { kind, global, check, followedBy } of GLOBAL_PATTERNS) {
    global.lastIndex = 0;
    for (const m of text.matchAll(global)) {
      if (check && !check(m[0])) continue;
      if (followedBy && !followedBy.test(text.slice(m.index + m[0].length, m.index + m[0].length + 400))) continue;
      if (isPlaceholder(m[0])) continue;
      // A presigned URL carries the key id by design (`X-Amz-Credential=AKIA…`, `AWSAccessKeyId=`) next to a
      // signature that expires: `wget` logs of release downloads show one; there is nothing to rotate.
      if (PRESIGNED_KEY_ID.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
      if (kind === 'a JSON Web Token' && SIGNED_OBJECT_TOKEN.test(text.slice(Math.max(0, m.index - 600), m.index))) continue;
      found.push({ kind, secret: m[0], provider: true });
    }
  }
  // Only a text with `://` can hold a URI: the pattern is tried at every word start of every cell and output otherwise.
  const uris = text.includes('://') ? text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/([^/\s:@'"]+):([^@\s'"/]+)@([^\s'"/:?]*)[^\s'"]*/gi) : [];
  for (const m of uris) {
    if (LOCAL_HOST.test(m[3])) continue;
    // `postgresql://feast:feast@postgres:5432`: a password equal to its user name, for a service named without a domain
    // (a Compose or Kubernetes service of the stack itself), is the demo's default, not a secret anyone chose. On a
    // host of a domain (`postgres:postgres@db.internal.example.net`) default credentials are still worth a finding.
    if (m[1] === m[2] && /^[A-Za-z][\w-]*$/.test(m[3])) continue;
    // `{username}:{password}:@proxy…`, `"s3n://%s:%s@%s" % (key, secret, bucket)`: template fields, filled in later.
    if (PUBLIC_DEFAULT_PASSWORDS.has(m[2]) || /\{[A-Za-z_]\w*\}/.test(m[2]) || PERCENT_FIELD.test(m[2])) continue;
    if (!isPlaceholder(m[2]) && !/^\{.*\}$|^\$/.test(m[2])) found.push({ kind: 'a password in a connection URI', secret: m[2], provider: false });
  }
  return found;
}

/** Credentials in a string literal: provider shapes, URI passwords, or a value given to a secret-named target. */
export const findSecretsInLiteral = memoByObject(judgeLiteral);

/** Secrets in a cell's saved outputs (the outputs array is kept with the notebook, so its verdict is too). */
export const findSecretsInOutputs = memoByObject((outputs: string[]) => outputs.flatMap((text) => findSecretsInText(text)));

function judgeLiteral(literal: StringLiteral): SecretMatch[] {
  const found = findSecretsInText(literal.value);
  if (found.length > 0) return found;
  // `token = "Bearer 0172…"`: the scheme word is not part of the credential.
  const v = literal.value.replace(/^(?:Bearer|Basic|Token)\s+(?=\S+$)/i, '');
  const { target, keyword, callee, argIndex } = literal.context;
  // A credential looks random: letters with digits, or long. Words (`"EasyNegative"`) are not.
  const looksRandom = (/[0-9]/.test(v) && /[A-Za-z]/.test(v)) || v.length >= 20;
  const looksLikeValue = v.length >= 6 && v.length <= 500 && looksRandom && !/\s/.test(v) && !isPlaceholder(v) && !v.includes('{…}')
    && !/^[A-Z][A-Z0-9_]*$/.test(v) // an environment variable name, not its value
    && !/^[./~]|^[a-z][a-z0-9+.-]*:\/\//i.test(v);
  if (!looksLikeValue || PUBLIC_DEFAULT_PASSWORDS.has(v)) return [];
  if (isSecretName(target) || isSecretName(keyword)) {
    const name = isSecretName(keyword) ? keyword : target;
    return [{ kind: `a literal \`${name}\``, secret: v, provider: false, name }];
  }
  // os.getenv("OPENAI_API_KEY", "sk-...") and os.environ.get(...): a default that is a secret.
  if (argIndex === 1 && callee !== undefined && ENVIRONMENT_LOOKUP.test(callee) && isSecretName(literal.context.firstArg)) {
    return [{ kind: 'a literal default for an environment variable', secret: v, provider: false }];
  }
  return [];
}

/** Everything but the last four characters hidden. */
export function maskSecret(secret: string): string {
  return secret.length <= 4 ? '****' : `****${secret.slice(-4)}`;
}
