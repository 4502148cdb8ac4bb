import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';
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

/** Whether the chat route takes a request: a POST to exactly CHAT_PATH (with a query string it does not). */
export function isChatRequest(req: IncomingMessage): boolean {
  return req.method === 'POST' && req.url === CHAT_PATH;
}

/**
 * `POST /v1/chat/completions` as one function: the steps of the app's generic chain, in the same
 * order and with the same answers, called one after the other. A step that throws is answered
 * like any other error (a 500 in the envelope), as the router answers a layer that throws.
 * @example const route = chatRoute(steps); if (isChatRequest(req)) route(req, res);
 */
export function chatRoute(steps: RequestSteps) {
  const { stamp, logStarted, refusal, readJson, serveChat, answerError } = steps;
  // A step that throws is answered, and the server goes on, as the router does for a layer.
  function served(req: Request, res: Response, fail: (err: unknown) => void): void {
    try {
      serveChat(req, res, fail);
    } catch (err) {
      fail(err);
    }
  }
  return (req: Request, res: Response): void => {
    const fail = (err: unknown) => answerError(err, res);
    try {
      stamp(req, res);
      logStarted(res);
      const refused = refusal(req, res);
      if (refused) fail(refused);
      else readJson(req, res, (err) => (err ? fail(err) : served(req, res, fail)));
    } catch (err) {
      fail(err);
    }
  };
}

/** The part of an express app that dispatches one request (express's own `app.handle`). */
interface Dispatching {
  handle(req: IncomingMessage, res: ServerResponse, callback?: unknown): void;
}

/**
 * Serves the chat route ahead of an express app's own dispatch, which builds a final handler and
 * walks the router layer by layer for every request. A request the route takes gets what express
 * gives every request first (the app's prototypes, `req.res` and `res.req`, `res.locals`) and then
 * goes straight to `route`; every other request, and every request of an app mounted in another
 * (it is called with a callback), is dispatched by express as before.
 * @example serveChatFirst(app, chatRoute(steps));
 */
export function serveChatFirst(app: Express, route: (req: Request, res: Response) => void): void {
  const dispatching = app as unknown as Dispatching;
  const dispatch = dispatching.handle;
  dispatching.handle = function handle(req, res, callback) {
    if (callback !== undefined || !isChatRequest(req)) {
      dispatch.call(this, req, res, callback);
      return;
    }
    const request = req as Request;
    const response = res as Response;
    request.res = response;
    response.req = request;
    // A no-op for requests built with the app's classes (httpClasses.ts), as express's own call is.
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    if (!response.locals) response.locals = Object.create(null);
    route(request, response);
  };
}
