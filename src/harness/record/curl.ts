import type { RecordedRequest } from '../types';
import { redactHeaders } from './redact';

/** Quotes a word for a POSIX shell. */
export function shellQuote(text: string): string {
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A copy-paste `curl` command reproducing a recorded request, with credentials replaced by
 * `$OPENAI_API_KEY` so the command works once the variable is set and never prints the key.
 * @example curlFor({ method: 'GET', url: 'http://127.0.0.1:8080/v1/models', headers: {} })
 */
export function curlFor(request: RecordedRequest): string {
  const parts = ['curl', '-sS', '-N'];
  if (request.method !== 'GET' || request.body !== undefined) parts.push('-X', request.method);
  parts.push(shellQuote(request.url));
  const headers = redactHeaders(request.headers);
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization' && value !== request.headers[name]) {
      parts.push('-H', '"Authorization: Bearer $OPENAI_API_KEY"');
    } else {
      parts.push('-H', shellQuote(`${name}: ${value}`));
    }
  }
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(request.body));
  return parts.join(' ');
}
