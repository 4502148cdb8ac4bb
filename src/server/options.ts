import type { Logger } from 'pino';
import type { ChatBackend } from './backends/types';

/** Size and count limits on requests; each breach is a 4xx with a clear message. */
export interface Limits {
  /** Request body bytes (→ 413). */
  bodyBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 1024 * 1024,
};

/** Everything the server is built from; nothing is read from the environment below main.ts. */
export interface ServerOptions {
  backend: ChatBackend;
  logger: Logger;
  limits?: Partial<Limits>;
  /** Time allowed until the first token, and between tokens, in ms. */
  timeouts?: { firstTokenMs?: number; idleMs?: number };
}
