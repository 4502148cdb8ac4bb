import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { CreateChatCompletionRequest, Usage } from '../../contract';
import { ChunkTemplate } from '../../sse';
import type { BackendEvent, BackendRequest, BackendYield, ChatBackend } from '../backends/types';
import type { ApiError } from '../errors';
import { completionId } from '../ids';
import { servedTier } from '../serviceTier';
import { protocolError, toFailure } from './failures';
import { SseWriter } from './sseWriter';
import { ReadDeadline, type Timeouts } from './timeouts';

/** How a stream ended, for the request log. */
export type StreamOutcome = 'success' | 'failed' | 'aborted';

/**
 * How a streamed completion ended: `success`, `failed` (in-band error event) or `aborted` (client
 * gone); or, when it failed before anything was sent, no outcome and the failure the caller
 * answers with (a JSON error and its status).
 */
export type StreamEnd = (
  stream: StreamCompletion,
  outcome: StreamOutcome | undefined,
  failure?: ApiError,
) => void;

/** Everything one streamed completion needs. */
export interface StreamContext {
  body: CreateChatCompletionRequest;
  /** Where the events come from; `backend.complete(request)` is called once, by the constructor. */
  backend: ChatBackend;
  request: BackendRequest;
  /**
   * Moves the pending-backend-calls gauge: +1 at the first read, -1 once the backend finished (its
   * iterator returned or threw, or its `return()` settled), as the stats' wrapper would count it.
   */
  pending?: (delta: 1 | -1) => void;
  /** Time allowed until the first event, and between two events. */
  timeouts: Timeouts;
  res: ServerResponse;
  /** Aborts the backend: fired by a timeout here, by the client leaving or a shutdown elsewhere. */
  controller: AbortController;
  logger: Logger;
  /** Called exactly once, when the stream ended. */
  onEnd: StreamEnd;
}

/**
 * Streams a backend's events as chat.completion.chunk events. Headers wait for the first event, so
 * a failure before it is handed to `onEnd` (the caller answers with a JSON error and its status);
 * a failure after it ends the stream with one in-band error event and no finish, usage or `[DONE]`.
 *
 * The backend is read with a deadline ({@link ReadDeadline}). On expiry the backend is aborted and
 * the stream fails with a `timeout` ApiError, even if the backend ignores its signal.
 *
 * Push-style, without an async frame: each read of the backend is one `then` with handlers made
 * once per stream, so an open stream waiting for its next token holds no promise of its own.
 * @see ../../openapi.yaml (createChatCompletion: sequence and failure rules)
 * @example new StreamCompletion({ body, backend, request, timeouts, res, controller, logger, onEnd }).start();
 */
export class StreamCompletion extends ReadDeadline {
  readonly res: ServerResponse;
  readonly controller: AbortController;
  readonly requestId: string;
  private readonly logger: Logger;
  private readonly onEnd: StreamEnd;
  private readonly pending: ((delta: 1 | -1) => void) | undefined;
  /** The backend call in the gauge: 0 not read yet, 1 counted as pending, 2 released. */
  private counted: 0 | 1 | 2 = 0;
  private readonly source: AsyncIterator<BackendYield> | undefined;
  private readonly writer: SseWriter;
  private readonly n: number;
  private readonly includeUsage: boolean;
  /** Per choice: 0 not opened yet, 1 opened (role sent), 2 finished. */
  private readonly choices: number[];
  private finishedCount = 0;
  private usage: Usage | undefined;
  private produced = 0;
  /** Whether a read of the backend is pending. */
  private waiting = false;
  private sourceError: unknown;

  constructor(ctx: StreamContext) {
    super(ctx.timeouts);
    const { body } = ctx;
    this.res = ctx.res;
    this.controller = ctx.controller;
    this.requestId = ctx.request.requestId;
    this.logger = ctx.logger;
    this.onEnd = ctx.onEnd;
    this.pending = ctx.pending;
    this.n = body.n ?? 1;
    this.includeUsage = body.stream_options?.include_usage === true;
    const serviceTier = servedTier(body.service_tier);
    const meta = {
      id: completionId(),
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      ...(serviceTier ? { serviceTier } : {}),
    };
    this.writer = new SseWriter(ctx.res, new ChunkTemplate(meta, this.includeUsage));
    this.choices = new Array<number>(this.n).fill(0);
    try {
      this.source = ctx.backend.complete(ctx.request)[Symbol.asyncIterator]();
    } catch (err) {
      this.sourceError = err;
    }
  }

  /** Starts reading the backend; the outcome reaches `onEnd`. */
  start(): void {
    if (!this.source) this.fail(this.sourceError);
    else this.read();
  }

  private read(): void {
    this.startRead();
    this.waiting = true;
    if (this.counted === 0 && this.pending) {
      this.counted = 1;
      this.pending(1);
    }
    let next: Promise<IteratorResult<BackendYield>>;
    try {
      next = this.source!.next();
    } catch (err) {
      this.release();
      this.waiting = false;
      this.fail(err);
      return;
    }
    next.then(this.onStep, this.onError);
  }

  /** The backend finished: out of the pending gauge (once). */
  private release(): void {
    if (this.counted === 1) this.pending?.(-1);
    this.counted = 2;
  }

  private readonly onStep = (r: IteratorResult<BackendYield>): void => {
    if (r.done) this.release();
    // A read that settles after the stream ended (a timeout struck first) changes nothing.
    if (this.stopped) return;
    this.waiting = false;
    if (r.done) {
      this.complete();
      return;
    }
    try {
      const step = r.value;
      // The events before a bad one stay queued, so they still reach the client, as they would one by one.
      if (!Array.isArray(step)) this.queue(step as BackendEvent);
      else for (const ev of step as readonly BackendEvent[]) this.queue(ev);
    } catch (err) {
      this.fail(err);
      return;
    }
    // A batch of ready events is one write and one backpressure check; a slow reader slows the backend.
    const backpressure = this.writer.commit();
    if (backpressure) backpressure.then(this.onDrained);
    else this.read();
  };

  private readonly onError = (err: unknown): void => {
    this.release();
    if (this.stopped) return;
    this.waiting = false;
    this.fail(err);
  };

  private readonly onDrained = (): void => {
    if (!this.stopped) this.read();
  };

  /** Queues the chunks of one event. */
  private queue(ev: BackendEvent): void {
    const { n, choices, writer } = this;
    if (ev.type === 'usage') {
      this.usage = ev.usage;
      return;
    }
    if (!(ev.choice >= 0 && ev.choice < n)) throw protocolError(`choice ${ev.choice} of ${n}`);
    if (choices[ev.choice] === 2) throw protocolError(`event after finish of choice ${ev.choice}`);
    if (choices[ev.choice] === 0) {
      choices[ev.choice] = 1;
      writer.role(ev.choice, ev.type !== 'content' && ev.type !== 'reasoning' && ev.type !== 'finish');
    }
    if (ev.type === 'content') {
      this.produced++;
      if (ev.logprob) writer.contentWithLogprob(ev.choice, ev.text, ev.logprob);
      else writer.content(ev.choice, ev.text);
    } else if (ev.type === 'reasoning') {
      this.produced++;
      writer.reasoning(ev.choice, ev.text);
    } else if (ev.type === 'refusal') {
      this.produced++;
      writer.refusal(ev.choice, ev.text);
    } else if (ev.type === 'function-call') {
      this.produced++;
      writer.functionCall(ev.choice, ev.name, ev.arguments);
    } else if (ev.type === 'tool-call') {
      this.produced++;
      writer.toolCall(ev.choice, ev);
    } else {
      choices[ev.choice] = 2;
      this.finishedCount++;
      writer.finish(ev.choice, ev.reason);
    }
  }

  private complete(): void {
    if (this.finishedCount < this.n) {
      this.fail(protocolError(`${this.n - this.finishedCount} choice(s) never finished`));
      return;
    }
    const produced = this.produced;
    const totals = this.usage ?? { prompt_tokens: 0, completion_tokens: produced, total_tokens: produced };
    try {
      this.writer.done(this.includeUsage ? totals : undefined);
    } catch (err) {
      this.fail(err);
      return;
    }
    this.end('success');
  }

  private fail(err: unknown): void {
    if (this.stopped) return;
    const { controller, logger, requestId } = this;
    const failure = toFailure(err, controller.signal);
    if (!failure) {
      this.writer.abandon();
      this.end('aborted');
      return;
    }
    if (!this.writer.started) {
      this.end(undefined, failure);
      return;
    }
    logger.error({ err, requestId, code: failure.code }, 'stream failed after it started');
    this.writer.fail(failure.toBody());
    this.end('failed');
  }

  /** Stops the clock, lets the backend release what it holds (never waiting for it), reports the end. */
  private end(outcome: StreamOutcome | undefined, failure?: ApiError): void {
    this.stopClock();
    this.letGo();
    this.onEnd(this, outcome, failure);
  }

  /**
   * Lets the backend release what it holds, never waiting for it; a backend still counted as
   * pending stays counted until its `return()` settled (an async generator stuck in an await, one
   * that ignores its abort, settles only when it wakes).
   */
  private letGo(): void {
    let returned: unknown;
    try {
      returned = this.source?.return?.();
    } catch {
      // a backend whose return() throws has nothing more to release
      this.release();
      return;
    }
    if (this.counted !== 1) {
      Promise.resolve(returned).catch(() => {});
      return;
    }
    const release = () => this.release();
    Promise.resolve(returned).then(release, release);
  }

  /**
   * The current read reached its limit: a read still waiting expires. A settled one has had its
   * handler run already (microtasks run before timers).
   */
  protected expired(): void {
    if (!this.waiting) return;
    const err = this.timeoutError();
    this.waiting = false;
    this.controller.abort(err);
    this.fail(err);
  }
}
