import type { JsonObject } from '../sse';

/** Where in a stream a failure was found. */
export interface StreamPlace {
  /** 0-based number of the offending event; for a stream that ended early, the event that never came. */
  event: number;
  /** The offending raw line as received (an event's lines joined by `\n`); '' when there was none. */
  line: string;
}

/** Longest stretch of a raw line quoted in a message; the whole line stays on `line`. */
const QUOTE_LIMIT = 200;

function quote(line: string): string {
  return line.length > QUOTE_LIMIT ? `${line.slice(0, QUOTE_LIMIT)}…` : line;
}

/** What every stream failure carries: what went wrong, and the event and raw line where. */
export abstract class ChatStreamFailure extends Error {
  readonly event: number;
  readonly line: string;

  constructor(what: string, place: StreamPlace, options?: ErrorOptions) {
    super(
      place.line === ''
        ? `${what} (event ${place.event})`
        : `${what} (event ${place.event}: ${quote(place.line)})`,
      options,
    );
    this.event = place.event;
    this.line = place.line;
  }
}

/**
 * The server reported a failure in-band: a `data: {"error":…}` frame, or an event named `error`.
 * `error` is the frame's `error` value as sent (usually `{message, type, param, code}`); for an
 * `error` event without one, its data (parsed when it is JSON).
 */
export class ChatStreamError extends ChatStreamFailure {
  override readonly name = 'ChatStreamError';
  readonly error: unknown;
  /** The whole frame, when its data is a JSON object. */
  readonly frame: JsonObject | undefined;

  constructor(frame: JsonObject | undefined, error: unknown, place: StreamPlace) {
    super(`the server sent an error frame: ${errorMessage(error)}`, place);
    this.frame = frame;
    this.error = error;
  }
}

/** Why a stream counts as truncated. */
export type TruncationReason = 'no-done' | 'unterminated-event' | 'unfinished-choice' | 'read-failed';

/**
 * The stream stopped before it was complete: the bytes ended without `data: [DONE]` (or in the
 * middle of an event, or the connection failed: the read error is the `cause`), or `[DONE]` came
 * while a choice had no `finish_reason` yet.
 */
export class ChatStreamTruncatedError extends ChatStreamFailure {
  override readonly name = 'ChatStreamTruncatedError';
  readonly reason: TruncationReason;
  /** Indexes of the choices that started and never finished. */
  readonly unfinished: number[];

  /** @param options.cause the read error, for `read-failed` */
  constructor(reason: TruncationReason, unfinished: number[], place: StreamPlace, options?: ErrorOptions) {
    super(truncationMessage(reason, unfinished), place, options);
    this.reason = reason;
    this.unfinished = unfinished;
  }
}

/**
 * The bytes are not a chat completion stream: undecodable JSON, data that is neither a chunk, an
 * error frame nor `[DONE]`, a chunk the contract rejects, a broken SSE frame, or no event stream.
 */
export class ChatStreamProtocolError extends ChatStreamFailure {
  override readonly name = 'ChatStreamProtocolError';
  /** What is wrong, without the place. */
  readonly problem: string;

  constructor(problem: string, place: StreamPlace) {
    super(problem, place);
    this.problem = problem;
  }
}

/**
 * The server answered with a non-2xx status instead of a stream. `envelope` is the body when it is
 * the OpenAI error envelope `{"error":…}`; `body` is the text as received.
 */
export class ChatApiError extends Error {
  override readonly name = 'ChatApiError';
  readonly status: number;
  readonly envelope: JsonObject | undefined;
  readonly body: string;

  constructor(status: number, body: string, envelope: JsonObject | undefined) {
    super(`HTTP ${status}: ${envelope ? errorMessage(envelope.error) : quote(body) || 'no body'}`);
    this.status = status;
    this.body = body;
    this.envelope = envelope;
  }

  /** The envelope's `error` value, when there is an envelope. */
  get error(): unknown {
    return this.envelope?.error;
  }
}

function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string'
  ) {
    return error.message;
  }
  return JSON.stringify(error);
}

function truncationMessage(reason: TruncationReason, unfinished: number[]): string {
  if (reason === 'unfinished-choice') {
    return `the stream ended with [DONE] but choice ${unfinished.join(', ')} never finished`;
  }
  if (reason === 'unterminated-event') return 'the stream ended in the middle of an event';
  if (reason === 'read-failed') return 'the connection failed before data: [DONE]';
  return 'the stream ended without data: [DONE]';
}
