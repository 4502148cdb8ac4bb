/** What replaces a secret in reports. */
export const REDACTED = '[redacted]';

/** Headers that carry credentials by name. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
/** A header whose name has one of these words (split at `-` and `_`) carries a credential. */
const CREDENTIAL_WORDS = new Set(['key', 'apikey', 'token', 'secret', 'password']);

/**
 * Whether a header's value is a credential, decided by the name's words: `Authorization`,
 * `Proxy-Authorization`, `Cookie`, or a name with the word key, apikey, token, secret or password
 * (`x-api-key`, `x-portkey-api-key`, `x-auth-token`) — not `x-portkey-provider`, whose "key" is
 * only part of a word.
 * @example isSecretHeader('x-portkey-api-key') // true; isSecretHeader('x-portkey-provider') // false
 */
export function isSecretHeader(name: string): boolean {
  const lower = name.trim().toLowerCase();
  if (CREDENTIAL_HEADERS.has(lower)) return true;
  return lower.split(/[-_]/).some((word) => CREDENTIAL_WORDS.has(word));
}

/**
 * The environment variable a reproduction reads a credential header's value from: `OPENAI_API_KEY`
 * for `Authorization`, else the header name in upper case with `_` (`X_PORTKEY_API_KEY`).
 */
export function credentialEnvVar(name: string): string {
  const lower = name.trim().toLowerCase();
  if (lower === 'authorization') return 'OPENAI_API_KEY';
  return lower
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The secret values to scrub from reports: the key and the values of credential headers. */
export function secretsFrom(apiKey: string | undefined, headers: Record<string, string>): string[] {
  const out = new Set<string>();
  if (apiKey) out.add(apiKey);
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretHeader(name)) continue;
    out.add(value);
    // `Bearer sk-…`: the token alone may be echoed back by a server.
    const token = value.replace(/^\s*(bearer|basic|token)\s+/i, '');
    if (token.length >= 6) out.add(token);
  }
  return [...out].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** Replaces every secret in a text. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/** Headers with credential values replaced. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, isSecretHeader(k) ? REDACTED : v] as const),
  );
}

/** Deep copy of a JSON-like value with every secret replaced in every string. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [redactText(k, secrets), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
