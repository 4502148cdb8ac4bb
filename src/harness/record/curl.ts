import type { RecordedRequest } from '../types';
import { credentialEnvVar, isSecretHeader } from './redact';

/** Quotes a word for a POSIX shell. */
export function shellQuote(text: string): string {
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A copy-paste `curl` command reproducing a recorded request. A credential header reads its value
 * from an environment variable (`$OPENAI_API_KEY` for the bearer key, `$X_PORTKEY_API_KEY` for
 * `x-portkey-api-key`), so the command works once the variable is set and never prints a secret.
 * @example curlFor({ method: 'GET', url: 'http://127.0.0.1:8080/v1/models', headers: {} })
 */
export function curlFor(request: RecordedRequest): string {
  const parts = ['curl', '-sS', '-N'];
  if (request.method !== 'GET' || request.body !== undefined) parts.push('-X', request.method);
  parts.push(shellQuote(request.url));
  for (const [name, value] of Object.entries(request.headers)) {
    if (!isSecretHeader(name)) {
      parts.push('-H', shellQuote(`${name}: ${value}`));
    } else if (name.toLowerCase() === 'authorization' && /^\s*bearer\s/i.test(value)) {
      parts.push('-H', `"Authorization: Bearer $${credentialEnvVar(name)}"`);
    } else {
      // The value comes from the environment, never from the report: set the variable to reproduce.
      parts.push('-H', `"${name}: $${credentialEnvVar(name)}"`);
    }
  }
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(request.body));
  return parts.join(' ');
}
