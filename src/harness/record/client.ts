import { SseReader } from '../../sse';
import type { Exchange, ReadEnd, RecordedResponse } from '../types';

/** The `fetch` the harness calls; injected so tests and embedders can route requests. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** One request to record. */
export interface ExchangeSpec {
  label: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** Raw body, sent as is (scenarios send invalid JSON, and bytes that are not UTF-8, on purpose). */
  body?: string | Uint8Array;
  /** Decode the body as SSE even when the content type does not say so (a stream was asked for). */
  expectStream?: boolean;
  /** Whole exchange budget: headers and body. */
  timeoutMs: number;
  /** Stop reading after this many SSE events. */
  maxEvents: number;
  /** Abort on purpose once this many SSE events arrived (the abort scenario). */
  abortAfterEvents?: number;
  /** Body text kept in `response.body`; SSE lines are kept by the reader regardless. */
  maxBodyChars?: number;
}

/** Seams of the client. */
export interface ClientOptions {
  fetch?: FetchLike;
  /** Monotonic clock in ms. */
  now?: () => number;
}

const DEFAULT_MAX_BODY = 256 * 1024;
const TIMEOUT = Symbol('timeout');

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** How a byte body is kept in the record: as UTF-8 text (lossy for invalid bytes), or a note when huge. */
const MAX_RECORDED_BODY = 64 * 1024;

/** Raw lines read per allowed event (`maxEvents`) before reading stops. */
export const LINES_PER_EVENT = 16;

/**
 * Bytes of a stream read per allowed event before reading stops: one line that never ends, or one
 * event whose data never does, would otherwise grow until the timeout.
 */
export const BYTES_PER_EVENT = 16 * 1024;
function recordedText(bytes: Uint8Array): string {
  if (bytes.length > MAX_RECORDED_BODY) return `[${bytes.length} bytes, not kept]`;
  return new TextDecoder().decode(bytes);
}

function message(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

/**
 * Sends one request and records it: status, lower-cased headers, bounded body text and, for event
 * streams, SSE decoded as it arrives with each event stamped in ms since the request was sent.
 * Reading stops at `timeoutMs`, `maxEvents` or `abortAfterEvents` (the body is cancelled). Never
 * throws: a network failure before the headers leaves `response` absent and sets `failure`.
 * @example
 * const ex = await recordExchange({ label: 'models', method: 'GET', url, headers: {}, timeoutMs: 5000, maxEvents: 100 });
 */
export async function recordExchange(spec: ExchangeSpec, options: ClientOptions = {}): Promise<Exchange> {
  const fetchFn = options.fetch ?? (globalThis.fetch as FetchLike);
  const now = options.now ?? (() => performance.now());
  const bodyText =
    typeof spec.body === 'string' || spec.body === undefined ? spec.body : recordedText(spec.body);
  const requestJson = parseJson(bodyText);
  const exchange: Exchange = {
    label: spec.label,
    request: { method: spec.method, url: spec.url, headers: { ...spec.headers } },
    ...(requestJson ? { requestJson } : {}),
  };
  if (bodyText !== undefined) exchange.request.body = bodyText;

  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), spec.timeoutMs);
  });
  const t0 = now();
  const since = () => Math.max(0, Math.round((now() - t0) * 1000) / 1000);
  try {
    const init: RequestInit = { method: spec.method, headers: spec.headers, signal: controller.signal };
    if (spec.body !== undefined) init.body = spec.body as NonNullable<RequestInit['body']>;
    const sent = fetchFn(spec.url, init);
    sent.catch(() => undefined);
    let res: Response | typeof TIMEOUT;
    try {
      res = await Promise.race([sent, deadline]);
    } catch (err) {
      exchange.failure = { end: 'network-error', message: message(err) };
      return exchange;
    }
    if (res === TIMEOUT) {
      controller.abort();
      exchange.failure = { end: 'timeout', message: `no response headers within ${spec.timeoutMs} ms` };
      return exchange;
    }
    exchange.response = await readBody(res, spec, deadline, since);
    if (exchange.response.end !== 'eof') controller.abort();
    return exchange;
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(
  res: Response,
  spec: ExchangeSpec,
  deadline: Promise<typeof TIMEOUT>,
  since: () => number,
): Promise<RecordedResponse> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const isSse = (headers['content-type'] ?? '').toLowerCase().startsWith('text/event-stream');
  const decodeSse = isSse || (spec.expectStream === true && res.ok);
  const maxBody = spec.maxBodyChars ?? DEFAULT_MAX_BODY;
  let events = 0;
  // Ordinary data lines are rebuilt from their events for evidence, so a long stream keeps one
  // copy of each event's data rather than two.
  const sse = decodeSse ? new SseReader({ keepLines: 'unusual', onEvent: () => void events++ }) : undefined;
  const text = new TextDecoder();
  let body = '';
  let firstByteAt: number | undefined;
  let bytes = 0;
  let end: ReadEnd = 'eof';
  let error: string | undefined;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      let step: Awaited<ReturnType<typeof reader.read>> | typeof TIMEOUT;
      try {
        step = await Promise.race([reader.read(), deadline]);
      } catch (err) {
        end = 'network-error';
        error = message(err);
        break;
      }
      if (step === TIMEOUT) {
        end = 'timeout';
        break;
      }
      if (step.done) break;
      const at = since();
      firstByteAt ??= at;
      if (body.length < maxBody)
        body += text.decode(step.value, { stream: true }).slice(0, maxBody - body.length);
      sse?.push(step.value, at);
      bytes += step.value.length;
      if (spec.abortAfterEvents !== undefined && events >= spec.abortAfterEvents) {
        end = 'aborted';
        break;
      }
      // Lines and bytes bound what is kept as much as events do: comments or stray lines that never
      // make an event (an endless keep-alive), or a line that never ends, would otherwise be kept
      // until the timeout.
      if (
        events >= spec.maxEvents ||
        (sse &&
          (sse.linesRead > spec.maxEvents * LINES_PER_EVENT || bytes > spec.maxEvents * BYTES_PER_EVENT))
      ) {
        end = 'max-events';
        break;
      }
    }
    // Cancelling tells the server we left; not awaited because a stalled source may never settle.
    if (end !== 'eof' && end !== 'network-error') reader.cancel().catch(() => undefined);
  }
  const endedAt = since();
  const response: RecordedResponse = { status: res.status, headers, body, endedAt, end };
  if (firstByteAt !== undefined) response.firstByteAt = firstByteAt;
  if (error !== undefined) response.error = error;
  if (sse) response.sse = sse.end(endedAt);
  return response;
}
