/** What replaces a secret in reports. */
export const REDACTED = '[redacted]';

const SECRET_HEADER = /^(authorization|proxy-authorization|api-key|x-api-key|cookie)$|key|token|secret/i;

/** Whether a header's value is a credential (Authorization, api-key and the like). */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
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
