import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ApiError } from '../errors';

/** Routes that need the key when one is configured; `/health` stays open for probes. */
export function isProtectedPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/') || path.startsWith('/_chat-contract/');
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer[ \t]+(\S.*)$/i.exec(header ?? '');
  return m?.[1]?.trim() || undefined;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether `given` equals `expected`, in time independent of where they differ: both are hashed
 * first, so the compared buffers always have the same length and the key's length does not leak.
 */
export function keysMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The 401 `invalid_api_key` for a request to a protected route that does not carry the key as a
 * Bearer token, or undefined when it may pass. The app asks before the body is read, so a 401 never
 * depends on the body. The message never repeats what the client sent.
 * @see https://platform.openai.com/docs/api-reference/authentication
 * @example apiKeyRefusal('sk-local')(req); // ApiError, or undefined
 */
export function apiKeyRefusal(apiKey: string | undefined) {
  return (req: Request): ApiError | undefined => {
    if (!apiKey) return undefined;
    const token = bearerToken(req.headers.authorization);
    if (!isProtectedPath(req.path) || (token !== undefined && keysMatch(token, apiKey))) return undefined;
    const message =
      token === undefined
        ? "Incorrect API key provided: none was sent. Send it as 'Authorization: Bearer <key>'."
        : 'Incorrect API key provided. Check the key configured on this server.';
    return new ApiError('invalid_api_key', message, null, { headers: { 'WWW-Authenticate': 'Bearer' } });
  };
}

/** Whether a host name or address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}
