import { performance } from 'node:perf_hooks';
import type { Response } from 'express';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Outcome, ServerStats } from './stats';

/** Fields pino replaces with `[redacted]` wherever a log call puts them. */
export const REDACT_PATHS = [
  'authorization',
  'apiKey',
  'api_key',
  'upstreamKey',
  '*.authorization',
  '*.apiKey',
  '*.api_key',
  '*.upstreamKey',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["api-key"]',
  'headers["x-api-key"]',
  'headers["api-key"]',
];

/** Errors are logged as type, message and code: never a stack (file paths) or a cause's details. */
export function errorSerializer(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  return { type: err.name, message: err.message, ...(code !== undefined ? { code } : {}) };
}

const SAFE = {
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  serializers: { err: errorSerializer },
} satisfies LoggerOptions;

/**
 * The server's pino logger: JSON lines, secrets redacted, errors without stacks.
 * @example const logger = createLogger('info'); logger.info({ url }, 'serving');
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino({ level, ...SAFE }, destination) : pino({ level, ...SAFE });
}

/** A child of any logger with the same redaction and error serializer, so injected loggers are safe too. */
export function safeLogger(logger: Logger): Logger {
  return logger.child({}, SAFE);
}

/** How a finished response ended; streams mark `res.locals.outcome` since their status is always 200. */
export function outcomeOf(res: Response): Outcome {
  if (!res.writableFinished) return 'aborted';
  const marked = res.locals.outcome as Outcome | undefined;
  if (marked) return marked;
  return res.statusCode >= 400 ? 'failed' : 'success';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/** Options of `requestLog`. */
export interface RequestLogOptions {
  logger: Logger;
  stats: ServerStats;
  /** Adds the parsed JSON body to the line; off by default because messages are user data. */
  logBodies?: boolean;
}

/**
 * Counts each request in the stats and writes one line when its response closes: request id,
 * method, path, status, duration, outcome, model and stream flag. Never headers; bodies only when
 * asked. Returns what starts the record of one request's response.
 * @example const logStarted = requestLogger({ logger, stats }); logStarted(res);
 */
export function requestLogger(options: RequestLogOptions): (res: Response) => void {
  const { logger, stats } = options;
  // One listener for every response (`this` is the response): an open stream holds no closure of its own.
  function logWhenClosed(this: Response): void {
    this.off('close', logWhenClosed);
    const outcome = outcomeOf(this);
    stats.requestEnded(outcome);
    // Below the level (e.g. `warn` under load) the line would be built only to be dropped.
    if (!logger.isLevelEnabled('info')) return;
    const req = this.req;
    const body: unknown = req.body;
    const line: Record<string, unknown> = {
      requestId: this.locals.requestId,
      method: req.method,
      path: req.path,
      status: this.statusCode,
      durationMs: Math.round((performance.now() - (this.locals.startedAt as number)) * 10) / 10,
      outcome,
    };
    if (isRecord(body)) {
      if (typeof body.model === 'string') line.model = body.model;
      line.stream = body.stream === true;
      if (options.logBodies) line.body = body;
    }
    logger.info(line, 'request');
  }
  return (res: Response): void => {
    res.locals.startedAt = performance.now();
    stats.requestStarted();
    res.on('close', logWhenClosed);
  };
}
