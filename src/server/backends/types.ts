import type { CreateChatCompletionRequest, FinishReason, Usage } from '../../contract';

/** One token's log probability, as `logprobs.content[]` carries it. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] }>;
}

/** What a backend is asked to do: the validated request, its session and a way to be told to stop. */
export interface BackendRequest {
  body: CreateChatCompletionRequest;
  /** `api:<session_id>`, or a fresh key per request when the client sent none. */
  sessionKey: string;
  /** Fires when the client went away, a timeout struck or the server is shutting down. */
  signal: AbortSignal;
  requestId: string;
}

/**
 * One step of a backend's reply, for one choice. Backends never see HTTP or SSE: the handler turns
 * these into chunks (stream) or one document (non-stream).
 */
export type BackendEvent =
  | {
      type: 'content';
      choice: number;
      text: string;
      /** The token's log probability, when the request asked for `logprobs`. */
      logprob?: TokenLogprob;
    }
  /** A piece of reasoning text, produced before the answer. */
  | { type: 'reasoning'; choice: number; text: string }
  /** A piece of a refusal: the model declined, and says why instead of answering. */
  | { type: 'refusal'; choice: number; text: string }
  /**
   * A piece of a legacy function call (`functions` in the request, `function_call` in the reply), as
   * an upstream streams it: the name on the first piece, arguments that concatenate.
   */
  | { type: 'function-call'; choice: number; name?: string; arguments: string }
  | {
      type: 'tool-call';
      choice: number;
      /** Index of the call within the choice. */
      index: number;
      /** Present on the first fragment of each index. */
      id?: string;
      name?: string;
      /** A piece of the JSON arguments; the pieces concatenate. */
      arguments: string;
    }
  | { type: 'finish'; choice: number; reason: FinishReason }
  /** Last event of a successful reply: the token counts. */
  | { type: 'usage'; usage: Usage };

/**
 * What a backend's iterator yields: one event, or several that were ready together (in order).
 * A batch costs one async step instead of one per event; keep batches bounded (a few dozen events
 * or a few KiB of text) so backpressure, timeouts and aborts still act between them.
 */
export type BackendYield = BackendEvent | readonly BackendEvent[];

/** The events of one yield, as a list. */
export function eventsOf(step: BackendYield): readonly BackendEvent[] {
  return Array.isArray(step) ? step : [step as BackendEvent];
}

/**
 * A source of completions. Failing is throwing (`BackendError` to choose the code); a backend must
 * stop promptly once `signal` is aborted. It may yield single events or batches of them.
 * @example
 * for await (const step of backend.complete({ body, sessionKey, signal, requestId })) eventsOf(step);
 */
export interface ChatBackend {
  readonly name: string;
  /** Model ids this backend serves; the first is the default. */
  models(): readonly string[];
  complete(request: BackendRequest): AsyncIterable<BackendYield>;
  /** Releases resources (sockets, timers). */
  close?(): Promise<void>;
}
