import type { Logger } from 'pino';
import type { ChatBackend } from './backends/types';
import type { ShutdownGate } from './http/shutdown';
import type { ServerStats } from './http/stats';
import type { Timeouts } from './stream/timeouts';

/** Size and count limits on requests; each breach is a 4xx with a clear message. */
export interface Limits {
  /** Request body bytes (→ 413). */
  bodyBytes: number;
  /** Messages in one request (→ 400 `array_above_max_length`, param `messages`). */
  maxMessages: number;
  /** Characters of all strings in all messages together (→ 400 `context_length_exceeded`). */
  maxContentChars: number;
  /** Choices per request (→ 400 `integer_above_max_value`, param `n`). */
  maxN: number;
  /** `max_tokens` / `max_completion_tokens` (→ 400 `integer_above_max_value`). */
  maxTokens: number;
  /** Requests per session key, running plus waiting (→ 429 `session_busy` with `Retry-After`). */
  sessionQueueDepth?: number;
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 1024 * 1024,
  maxMessages: 2048,
  maxContentChars: 1_000_000,
  maxN: 16,
  maxTokens: 100_000,
  sessionQueueDepth: 8,
};

/** Everything the server is built from; nothing is read from the environment below cli/. */
export interface ServerOptions {
  backend: ChatBackend;
  logger: Logger;
  limits?: Partial<Limits>;
  /** Time allowed until the first token, and between tokens, in ms (default 30 s each). */
  timeouts?: Partial<Timeouts>;
  /** When set, every `/v1` route and the stats route require `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Adds each request's JSON body to its log line (keys still redacted). Off by default. */
  logBodies?: boolean;
  /** Counters and gauges; pass one to read them from outside (startServer does). */
  stats?: ServerStats;
  /** Refuses new requests and cuts in-flight ones when the server shuts down. */
  shutdown?: ShutdownGate;
}
