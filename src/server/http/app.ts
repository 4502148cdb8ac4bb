import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import type { Context } from 'openapi-backend';
import type { CreateChatCompletionRequest } from '../../contract';
import { ApiError, toApiError } from '../errors';
import { createChatCompletions } from '../handlers/chatCompletions';
import { listModels, retrieveModel } from '../handlers/models';
import { idGenerator } from '../ids';
import { DEFAULT_LIMITS, type ServerOptions } from '../options';
import { apiKeyRefusal } from './auth';
import { jsonBodyReader, tooLarge } from './body';
import { CHAT_PATH, chatRoute, serveChatFirst } from './chatRoute';
import { checkLimits } from './limits';
import { requestLogger, safeLogger } from './requestLog';
import { ServerStats } from './stats';
import { chatBodyValidator, createApiBackend, errorFromValidation } from './validation';

/** The stats route; it is not counted in the stats it reports. */
export const STATS_PATH = '/_chat-contract/stats';
/** What a client may send as its own request id. */
const USABLE_ID = /^[\w.:-]{1,128}$/;

/** Sends an ApiError in the OpenAI envelope, unless the response already started. */
export function sendError(res: Response, err: ApiError): void {
  if (res.headersSent) return;
  res.status(err.status).set(err.headers);
  // Every 429 tells the client when to retry, whichever part of the server refused.
  if (err.status === 429 && !res.getHeader('Retry-After')) res.set('Retry-After', '1');
  res.json(err.toBody());
}

/** Maps body-parser's errors (too large, aborted) to the envelope. */
function fromBodyParser(err: unknown): ApiError | undefined {
  const type = (err as { type?: unknown })?.type;
  if (type === 'entity.too.large') {
    return tooLarge((err as { limit?: number }).limit);
  }
  if (type === 'request.aborted' || type === 'stream.encoding.set' || type === 'encoding.unsupported') {
    return new ApiError('invalid_json', 'The request body could not be read.');
  }
  return undefined;
}

/**
 * Builds the express app for the contract: request ids, the request log and stats, shutdown gate,
 * API key, body reading, contract validation via openapi-backend, limits, the operation handlers
 * and JSON errors for everything else. Never listens.
 * @example const app = createApp({ backend: createScriptedBackend(), logger: pino() }); app.listen(0);
 */
export function createApp(options: ServerOptions): express.Express {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const logger = safeLogger(options.logger);
  const stats = options.stats ?? new ServerStats();
  const backend = stats.track(options.backend);
  const api = createApiBackend();
  type Args = [Request, Response];

  /** The error handler's answer: the OpenAI envelope, the 5xx ones logged. */
  function answerError(err: unknown, res: Response): void {
    const apiError = fromBodyParser(err) ?? toApiError(err);
    if (apiError.status >= 500) {
      const path = (res.req as Request | undefined)?.path;
      logger.error({ err, requestId: res.locals.requestId, path }, 'request failed');
    }
    sendError(res, apiError);
    if (res.headersSent && !res.writableEnded) res.end();
  }

  // The chat handler counts pending backend calls itself (its streams without a wrapper per read).
  const chatCompletions = createChatCompletions(
    { ...options, backend: options.backend, logger, limits, stats },
    answerError,
  );

  function createChatCompletion(body: CreateChatCompletionRequest, req: Request, res: Response) {
    const breach = checkLimits(body, limits);
    if (breach) return Promise.reject(breach);
    return chatCompletions(body, req, res);
  }

  api.register({
    getHealth: (_c: Context, _req: Request, res: Response) => res.json({ status: 'ok' }),
    listModels: (_c: Context, _req: Request, res: Response) => res.json(listModels(backend)),
    retrieveModel: (c: Context, _req: Request, res: Response) =>
      res.json(retrieveModel(backend, String(c.request.params.model))),
    createChatCompletion: (c: Context, req: Request, res: Response) =>
      createChatCompletion(c.request.requestBody as CreateChatCompletionRequest, req, res),
    getStats: (_c: Context, _req: Request, res: Response) => res.json(stats.snapshot()),
    validationFail: (c: Context) => {
      throw errorFromValidation(c.validation.errors);
    },
    notFound: (_c: Context, req: Request) => {
      throw new ApiError('not_found', `Unknown route: ${req.method} ${req.path}`);
    },
    methodNotAllowed: (_c: Context, req: Request) => {
      throw new ApiError('method_not_allowed', `Method ${req.method} is not allowed on ${req.path}.`);
    },
  });
  api.init();
  const validateChat = chatBodyValidator();
  const nextRequestId = idGenerator();

  /** The request's id: the client's own when usable, else a new one; echoed in `x-request-id`. */
  function stamp(req: Request, res: Response): void {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && USABLE_ID.test(given) ? given : nextRequestId();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
  }
  const logStarted = requestLogger({ logger, stats, logBodies: options.logBodies });
  const refuseKey = apiKeyRefusal(options.apiKey);
  // Before the body is read: a 401 must not depend on what the body holds.
  const refusal = (req: Request, res: Response) => options.shutdown?.refusal(res) ?? refuseKey(req);
  const readJson = jsonBodyReader(limits.bodyBytes);

  /** The chat route once the body is read: served with openapi-backend's compiled check, not its router. */
  function serveChat(req: Request, res: Response, fail: (err: unknown) => void): void {
    const invalid = validateChat(req.body);
    if (invalid) {
      fail(invalid);
      return;
    }
    // No async frame of its own around a stream that may stay open for minutes, and a stream
    // without a session answers its own errors: it does not keep the router's `next` alive.
    const running = createChatCompletion(req.body as CreateChatCompletionRequest, req, res);
    if (running) running.catch(fail);
    // The router keeps its state (and finalhandler's) reachable through `req.next` for as long
    // as the request lives; a stream answering its own errors has no use for it.
    else req.next = undefined;
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // The hot route first: the same steps as the chain below, without the router between them.
  serveChatFirst(app, chatRoute({ stamp, logStarted, refusal, readJson, serveChat, answerError }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    stamp(req, res);
    if (req.path !== STATS_PATH) logStarted(res);
    next(refusal(req, res));
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') readJson(req, res, next);
    else next();
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST' && req.path === CHAT_PATH) return serveChat(req, res, next);
    const headers = { 'content-type': 'application/json' };
    api
      .handleRequest(
        { method: req.method, path: req.path, body: req.body, query: {}, headers },
        ...([req, res] as Args),
      )
      .catch(next);
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => answerError(err, res));
  return app;
}
