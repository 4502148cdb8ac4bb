import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import express from 'express';
import { ApiError } from '../errors';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Content types read as JSON: `application/json` (and `+json`), none at all, and curl's default for
 * `-d` (`application/x-www-form-urlencoded`), so the quickstart curl works. Anything else → 415.
 */
function isJsonish(req: Request): boolean {
  const type = req.headers['content-type'];
  if (!type || type === 'application/json') return true;
  return Boolean(req.is(['application/json', '+json', 'application/x-www-form-urlencoded']));
}

/** The 415 for a body that is not JSON, or undefined when its content type is read as JSON. */
function mediaTypeError(req: Request): ApiError | undefined {
  if (isJsonish(req)) return undefined;
  return new ApiError(
    'unsupported_media_type',
    `Unsupported content type '${req.headers['content-type']}'; send 'application/json'.`,
  );
}

/** The 413 for a body over the limit, whichever reader found it. */
export function tooLarge(limitBytes: number | undefined): ApiError {
  return new ApiError('body_too_large', `The request body is larger than the limit of ${limitBytes} bytes.`);
}

/** Whether the body arrives as sent (no `Content-Encoding` to undo), so `readBody` can take it. */
function isIdentityEncoded(req: IncomingMessage): boolean {
  const encoding = req.headers['content-encoding'];
  return encoding === undefined || encoding.toLowerCase() === 'identity';
}

/**
 * Reads an identity-encoded request body up to `limitBytes` and calls `done` once: with the bytes,
 * or with the envelope error (413 too large, 400 unreadable). A body over the limit is read off to
 * its end before `done` is called, as body-parser does, so the connection stays usable.
 * @example readBody(req, 1_048_576, (err, buf) => (err ? answer(err) : use(buf)));
 */
export function readBody(
  req: IncomingMessage,
  limitBytes: number,
  done: (err: ApiError | undefined, body?: Buffer) => void,
): void {
  const declared = req.headers['content-length'];
  let over = declared !== undefined && Number(declared) > limitBytes;
  const parts: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = (err: ApiError | undefined, body?: Buffer) => {
    if (settled) return;
    settled = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onClose);
    req.off('close', onClose);
    done(err, body);
  };
  function onData(chunk: Buffer): void {
    if (over) return;
    size += chunk.length;
    if (size > limitBytes) {
      over = true;
      parts.length = 0;
    } else parts.push(chunk);
  }
  function onEnd(): void {
    if (over) settle(tooLarge(limitBytes));
    else settle(undefined, parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size));
  }
  // Closed (or failed) before its end: the client left while sending.
  function onClose(): void {
    settle(new ApiError('invalid_json', 'The request body could not be read.'));
  }
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onClose);
  req.on('close', onClose);
}

/** The JSON document of a body's bytes, or the 400 `invalid_json` that says what is wrong with them. */
export function parseJsonBody(buf: unknown): unknown {
  if (!Buffer.isBuffer(buf) || buf.length === 0) {
    return new ApiError('invalid_json', 'The request body is empty; send a JSON object.');
  }
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    return new ApiError('invalid_json', 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const detail = e instanceof SyntaxError ? e.message : 'parse error';
    return new ApiError('invalid_json', `We could not parse the JSON body of your request (${detail}).`);
  }
}

/**
 * Reads a request body as JSON into `req.body`, then calls `done` with the envelope error of a
 * defect, if any: 413 too large, 415 wrong type, 400 invalid UTF-8 or JSON. Identity-encoded bodies
 * are read by `readBody`; compressed ones by body-parser, which inflates them.
 */
export function jsonBodyReader(limitBytes: number) {
  const inflating = express.raw({ type: () => true, limit: limitBytes });
  return (req: Request, res: Response, done: (err?: unknown) => void): void => {
    const wrongType = mediaTypeError(req);
    if (wrongType) {
      done(wrongType);
      return;
    }
    const parse = (buf: unknown) => {
      const parsed = parseJsonBody(buf);
      if (parsed instanceof ApiError) return done(parsed);
      req.body = parsed;
      done();
    };
    if (isIdentityEncoded(req)) {
      readBody(req, limitBytes, (err, buf) => (err ? done(err) : parse(buf)));
      return;
    }
    inflating(req, res, (err?: unknown) => (err ? done(err) : parse(req.body)));
  };
}
