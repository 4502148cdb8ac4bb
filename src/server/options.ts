import type { Logger } from 'pino';
import type { ChatBackend } from './backends/types';
import type { Timeouts } from './timeouts';

/** Size and count limits on requests; each breach is a 4xx with a clear message. */
export interface Limits {
  /** Request body bytes (→ 413). */
  bodyBytes: number;
  /** Requests per session key, running plus waiting (→ 429 `session_busy`); unbounded by default. */
  sessionQueueDepth?: number;
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 1024 * 1024,
};

/** Everything the server is built from; nothing is read from the environment below main.ts. */
export interface ServerOptions {
  backend: ChatBackend;
  logger: Logger;
  limits?: Partial<Limits>;
  /** Time allowed until the first token, and between tokens, in ms (default 30 s each). */
  timeouts?: Partial<Timeouts>;
}
