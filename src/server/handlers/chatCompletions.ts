import type { Request, Response } from 'express';
import type { CreateChatCompletionRequest } from '../../contract';
import type { BackendRequest, BackendYield } from '../backends/types';
import type { ApiError } from '../errors';
import { idGenerator } from '../ids';
import type { ServerOptions } from '../options';
import { collectCompletion } from '../stream/collectCompletion';
import { CLIENT_GONE, toFailure } from '../stream/failures';
import { SessionQueue } from '../stream/sessions';
import { StreamCompletion, type StreamEnd, type StreamOutcome } from '../stream/streamCompletion';
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

/** Answers a request with an error (the app's error handler), for requests no longer in express's hands. */
export type AnswerError = (err: unknown, res: Response) => void;

/**
 * Builds `POST /v1/chat/completions` for validated bodies: model check, session queue (same
 * `session_id` one at a time, in order; a request without one has a key of its own and waits for
 * nothing), deadlines, then one JSON document or an SSE stream. A client that leaves aborts the
 * backend and nothing more is written.
 *
 * Returns a promise when the request's errors are the caller's to answer; a stream without a
 * `session_id` returns undefined and answers its own errors through `answerError`, so an open
 * stream keeps neither an async frame nor the caller's `next`.
 * @example const handle = createChatCompletions(options, answerError); handle(body, req, res)?.catch(next);
 */
export function createChatCompletions(options: ServerOptions, answerError: AnswerError) {
  const { logger, stats, shutdown } = options;
  // Streams without a session count their backend call themselves; other requests read it through
  // the stats' wrapper, which counts by the same rule.
  const backend = stats ? stats.track(options.backend) : options.backend;
  const untracked = options.backend;
  const pending = stats ? (delta: 1 | -1) => stats.backendPending(delta) : undefined;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const sessions = new SessionQueue(options.limits?.sessionQueueDepth);

  /** What every request does once it ended, however it ended. */
  function released(res: Response, controller: AbortController, stream: boolean): void {
    res.off('close', abortWhenClientLeaves);
    shutdown?.leave(controller);
    if (stream) stats?.streamEnded();
  }

  /**
   * The failure of a request, made final: the backend aborted with it, and the failure returned
   * when the client should get it as an error response (nothing sent yet), else undefined.
   */
  function settleFailure(err: unknown, res: Response, controller: AbortController, requestId: string) {
    const failure = toFailure(err, controller.signal);
    if (!failure) return undefined;
    if (!controller.signal.aborted) controller.abort(failure);
    if (!res.headersSent) return failure;
    // The stream already reported it in-band; only a bug in the writer gets here.
    logger.error({ err, requestId }, 'completion failed after the response started');
    return undefined;
  }

  /** `onEnd` of the streams that answer their own errors; one function for all of them. */
  function streamEnded(
    stream: StreamCompletion,
    outcome: StreamOutcome | undefined,
    failure?: ApiError,
  ): void {
    const res = stream.res as Response;
    if (outcome) res.locals.outcome = outcome;
    const answer = failure ? settleFailure(failure, res, stream.controller, stream.requestId) : undefined;
    released(res, stream.controller, true);
    if (answer) answerError(answer, res);
  }

  async function complete(
    body: CreateChatCompletionRequest,
    res: Response,
    request: BackendRequest,
    controller: AbortController,
  ): Promise<void> {
    if (body.stream) {
      await new Promise<void>((resolve, reject) => {
        const onEnd: StreamEnd = (_stream, outcome, failure) => {
          if (failure) return reject(failure);
          res.locals.outcome = outcome;
          resolve();
        };
        new StreamCompletion({ body, backend, request, timeouts, res, controller, logger, onEnd }).start();
      });
      return;
    }
    const events = new TimedEvents<BackendYield>(backend.complete(request), timeouts, controller);
    const completion = await collectCompletion(body, events);
    if (!controller.signal.aborted) res.status(200).json(completion);
  }

  async function queued(
    body: CreateChatCompletionRequest,
    res: Response,
    request: BackendRequest,
    controller: AbortController,
  ): Promise<void> {
    try {
      if (body.session_id) {
        await sessions.run(request.sessionKey, controller.signal, () =>
          complete(body, res, request, controller),
        );
      } else await complete(body, res, request, controller);
    } catch (err) {
      const failure = settleFailure(err, res, controller, request.requestId);
      if (failure) {
        released(res, controller, body.stream === true);
        throw failure;
      }
    }
    released(res, controller, body.stream === true);
  }

  return function chatCompletions(
    body: CreateChatCompletionRequest,
    _req: Request,
    res: Response,
  ): Promise<void> | undefined {
    if (!backend.models().includes(body.model)) return Promise.reject(modelNotFound(body.model));
    const requestId = String(res.locals.requestId ?? nextOwnKey());
    const sessionKey = sessionKeyOf(body);
    const controller = new AbortController();
    const { signal } = controller;
    res.locals.controller = controller;
    res.on('close', abortWhenClientLeaves);
    // Shutdown after the grace period: ends this request with `server_shutdown`, in-band if started.
    shutdown?.join(controller);
    if (body.stream) stats?.streamStarted();
    const request = { body, sessionKey, signal, requestId };
    if (body.stream && !body.session_id) {
      let stream: StreamCompletion;
      try {
        stream = new StreamCompletion({
          body,
          backend: untracked,
          pending,
          request,
          timeouts,
          res,
          controller,
          logger,
          onEnd: streamEnded,
        });
      } catch (err) {
        const failure = settleFailure(err, res, controller, requestId);
        released(res, controller, true);
        return failure ? Promise.reject(failure) : undefined;
      }
      stream.start();
      return undefined;
    }
    return queued(body, res, request, controller);
  };
}
