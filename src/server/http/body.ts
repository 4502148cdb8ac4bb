import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { ApiError } from '../errors';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Content types read as JSON: `application/json` (and `+json`), none at all, and curl's default for
 * `-d` (`application/x-www-form-urlencoded`), so the quickstart curl works. Anything else → 415.
 */
function isJsonish(req: Request): boolean {
  const type = req.headers['content-type'];
  if (!type) return true;
  return Boolean(req.is(['application/json', '+json', 'application/x-www-form-urlencoded']));
}

/**
 * Reads the request body as JSON with a size limit, answering every defect with its envelope:
 * 413 too large, 415 wrong type, 400 invalid UTF-8 or JSON.
 */
export function jsonBody(limitBytes: number) {
  const raw = express.raw({ type: () => true, limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') {
      next();
      return;
    }
    if (!isJsonish(req)) {
      next(
        new ApiError(
          'unsupported_media_type',
          `Unsupported content type '${req.headers['content-type']}'; send 'application/json'.`,
        ),
      );
      return;
    }
    raw(req, res, (err?: unknown) => {
      if (err) return next(err);
      const buf = req.body as unknown;
      if (!Buffer.isBuffer(buf) || buf.length === 0) {
        return next(new ApiError('invalid_json', 'The request body is empty; send a JSON object.'));
      }
      let text: string;
      try {
        text = utf8.decode(buf);
      } catch {
        return next(new ApiError('invalid_json', 'The request body is not valid UTF-8.'));
      }
      try {
        req.body = JSON.parse(text);
      } catch (e) {
        const detail = e instanceof SyntaxError ? e.message : 'parse error';
        return next(
          new ApiError('invalid_json', `We could not parse the JSON body of your request (${detail}).`),
        );
      }
      next();
    });
  };
}
