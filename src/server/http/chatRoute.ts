import type { NextFunction, Request, Response } from 'express';
import type { ApiError } from '../errors';

/** The hot route. */
export const CHAT_PATH = '/v1/chat/completions';

/** What the app does for every request, one step at a time; the chat route calls them in order. */
export interface RequestSteps {
  /** Gives the request its id (the client's usable `x-request-id`, or a new one). */
  stamp(req: Request, res: Response): void;
  /** Starts the request's log line and stats record. */
  logStarted(res: Response): void;
  /** The refusal of a request before its body is read (shutdown, API key), if any. */
  refusal(req: Request, res: Response): ApiError | undefined;
  /** Reads the JSON body into `req.body`, then calls `done` with the body's defect, if any. */
  readJson(req: Request, res: Response, done: (err?: unknown) => void): void;
  /** Checks the body against the contract and serves it; errors go to `fail`. */
  serveChat(req: Request, res: Response, fail: (err: unknown) => void): void;
  /** Answers an error in the OpenAI envelope. */
  answerError(err: unknown, res: Response): void;
}

/**
 * `POST /v1/chat/completions` as one middleware: the steps of the app's generic chain, in the
 * same order and with the same answers, called one after the other instead of through the
 * router, which a request walks layer by layer. Every other request (other routes and methods,
 * a chat URL with a query string) goes on to the generic chain.
 * @example app.use(chatRoute(steps)); // before the generic chain
 */
export function chatRoute(steps: RequestSteps) {
  const { stamp, logStarted, refusal, readJson, serveChat, answerError } = steps;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || req.url !== CHAT_PATH) {
      next();
      return;
    }
    stamp(req, res);
    logStarted(res);
    const refused = refusal(req, res);
    const fail = (err: unknown) => answerError(err, res);
    if (refused) fail(refused);
    else readJson(req, res, (err) => (err ? fail(err) : serveChat(req, res, fail)));
  };
}
