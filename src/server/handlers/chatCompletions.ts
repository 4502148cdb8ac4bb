import type { Request, Response } from 'express';
import type { CreateChatCompletionRequest } from '../../contract';
import type { BackendYield } from '../backends/types';
import { idGenerator } from '../ids';
import type { ServerOptions } from '../options';
import { collectCompletion } from '../stream/collectCompletion';
import { CLIENT_GONE, toFailure } from '../stream/failures';
import { SessionQueue } from '../stream/sessions';
import { streamCompletion } from '../stream/streamCompletion';
import { DEFAULT_TIMEOUTS, TimedEvents } from '../stream/timeouts';
import { modelNotFound } from './models';

const nextOwnKey = idGenerator();

/** The session key of a request: `api:<session_id>`, or a key of its own when none was sent. */
export function sessionKeyOf(body: CreateChatCompletionRequest): string {
  return body.session_id ? `api:${body.session_id}` : `api:req-${nextOwnKey()}`;
}

/** One listener for every response (`this` is the response): an open stream holds no closure of its own. */
function abortWhenClientLeaves(this: Response): void {
  if (!this.writableFinished) (this.locals.controller as AbortController | undefined)?.abort(CLIENT_GONE);
}

/**
 * Builds `POST /v1/chat/completions` for validated bodies: model check, session queue (same
 * `session_id` one at a time, in order; a request without one has a key of its own and waits for
 * nothing), deadlines, then one JSON document or an SSE stream. A client that leaves aborts the
 * backend and nothing more is written.
 * @example const handle = createChatCompletions(options); await handle(body, req, res);
 */
export function createChatCompletions(options: ServerOptions) {
  const { backend, logger, stats, shutdown } = options;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const sessions = new SessionQueue(options.limits?.sessionQueueDepth);

  async function complete(
    body: CreateChatCompletionRequest,
    res: Response,
    sessionKey: string,
    requestId: string,
    controller: AbortController,
  ): Promise<void> {
    const { signal } = controller;
    const request = { body, sessionKey, signal, requestId };
    const events = new TimedEvents<BackendYield>(backend.complete(request), timeouts, controller);
    if (body.stream) {
      res.locals.outcome = await streamCompletion({ body, events, res, signal, logger, requestId });
      return;
    }
    const completion = await collectCompletion(body, events);
    if (!signal.aborted) res.status(200).json(completion);
  }

  return async function chatCompletions(
    body: CreateChatCompletionRequest,
    _req: Request,
    res: Response,
  ): Promise<void> {
    if (!backend.models().includes(body.model)) throw modelNotFound(body.model);
    const requestId = String(res.locals.requestId ?? nextOwnKey());
    const sessionKey = sessionKeyOf(body);
    const controller = new AbortController();
    const { signal } = controller;
    res.locals.controller = controller;
    res.on('close', abortWhenClientLeaves);
    // Shutdown after the grace period: ends this request with `server_shutdown`, in-band if started.
    shutdown?.join(controller);
    if (body.stream) stats?.streamStarted();
    try {
      if (body.session_id) {
        await sessions.run(sessionKey, signal, () => complete(body, res, sessionKey, requestId, controller));
      } else await complete(body, res, sessionKey, requestId, controller);
    } catch (err) {
      const failure = toFailure(err, signal);
      if (!failure) return;
      if (!signal.aborted) controller.abort(failure);
      if (!res.headersSent) throw failure;
      // The stream already reported it in-band; only a bug in the writer gets here.
      logger.error({ err, requestId }, 'completion failed after the response started');
    } finally {
      res.off('close', abortWhenClientLeaves);
      shutdown?.leave(controller);
      if (body.stream) stats?.streamEnded();
    }
  };
}
