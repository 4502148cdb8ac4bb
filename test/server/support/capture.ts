import type { Logger } from 'pino';
import { createLogger } from '../../../src/server/http/requestLog';

/** A logger built like the server's own (redaction, error serializer) that keeps every line. */
export function captureLogs(level = 'debug'): {
  logger: Logger;
  lines: string[];
  parsed(): Record<string, unknown>[];
} {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => lines.push(line) });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** Polls `probe` until it returns a value (not undefined), for at most `ms`; throws on time-out. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (let i = 0; i < 1000; i++) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`condition not met within ${ms} ms`);
}
