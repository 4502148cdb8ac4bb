import type { Logger } from 'pino';
import { type SseEvent, SseReader } from '../../sse';
import { ApiError } from '../errors';
import type { BackendEvent, BackendRequest, BackendYield, ChatBackend } from './types';
import { UpstreamChunkReader } from './upstream/chunkEvents';
import { cancelled, networkCause, upstreamBody, upstreamHeaders } from './upstream/request';

/** The model id the upstream backend serves when none are configured. */
export const UPSTREAM_MODEL = 'chat-contract-upstream';

/** Options of the upstream backend. */
export interface UpstreamOptions {
  /** The provider's OpenAI base URL, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; never logged, never in an error. */
  apiKey?: string;
  /** Model ids clients may ask for; each is passed upstream unchanged. Default `[UPSTREAM_MODEL]`. */
  models?: readonly string[];
  fetch?: typeof globalThis.fetch;
  logger?: Logger;
}

/**
 * The answer to an upstream's 429: the client is told to slow down (429 `rate_limit_exceeded`)
 * rather than that the upstream is broken (502), with the upstream's
 * `Retry-After` when it gave one in seconds (else the server's default of 1).
 */
function rateLimited(retryAfter: string | null): ApiError {
  const seconds = retryAfter?.trim();
  const headers = seconds && /^\d{1,6}$/.test(seconds) ? { 'Retry-After': seconds } : undefined;
  return new ApiError(
    'rate_limit_exceeded',
    'The upstream provider is rate limiting requests; retry later.',
    null,
    {
      ...(headers ? { headers } : {}),
    },
  );
}

/**
 * A proxy to any OpenAI-compatible provider: forwards the validated request (always streaming,
 * with usage), re-reads the stream with the project's SSE reader, holds each chunk to the
 * contract and turns it into backend events. Every upstream defect is an `upstream_error`, and an
 * upstream's 429 a 429 `rate_limit_exceeded`; the request's signal cancels the upstream fetch.
 * @example
 * const backend = createUpstreamBackend({ baseUrl: 'http://127.0.0.1:8081/v1', models: ['gpt-4o-mini'] });
 */
export function createUpstreamBackend(options: UpstreamOptions): ChatBackend {
  const url = new URL(options.baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`the upstream URL must be http(s), got ${url.protocol}`);
  }
  const endpoint = `${url.origin}${url.pathname.replace(/\/+$/, '')}/chat/completions`;
  const models = options.models?.length ? [...options.models] : [UPSTREAM_MODEL];
  const doFetch = options.fetch ?? globalThis.fetch;
  const logger = options.logger;

  async function open(request: BackendRequest): Promise<ReadableStream<Uint8Array>> {
    const { body, signal, requestId } = request;
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: upstreamHeaders(options.apiKey, requestId),
        body: JSON.stringify(upstreamBody(body)),
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw cancelled(signal);
      logger?.warn({ requestId, cause: networkCause(err) }, 'upstream unreachable');
      throw new ApiError('upstream_error', 'The upstream provider could not be reached.');
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      logger?.warn({ requestId, status: response.status }, 'upstream answered with an error status');
      if (response.status === 429) throw rateLimited(response.headers.get('retry-after'));
      throw new ApiError('upstream_error', `The upstream provider returned HTTP ${response.status}.`);
    }
    const type = response.headers.get('content-type') ?? '';
    if (!response.body || !type.toLowerCase().startsWith('text/event-stream')) {
      await response.body?.cancel().catch(() => {});
      logger?.warn({ requestId, contentType: type }, 'upstream did not answer with an event stream');
      throw new ApiError('upstream_error', 'The upstream provider did not answer with an event stream.');
    }
    return response.body;
  }

  async function* complete(request: BackendRequest): AsyncGenerator<BackendYield> {
    const { signal, requestId } = request;
    const stream = await open(request);
    const reader = stream.getReader();
    const pending: SseEvent[] = [];
    const sse = new SseReader({ keepLines: false, onEvent: (e) => pending.push(e) });
    const chunks = new UpstreamChunkReader();
    let released = false;
    try {
      for (let ended = false; !ended; ) {
        let read: Awaited<ReturnType<typeof reader.read>>;
        try {
          read = await reader.read();
        } catch (err) {
          if (signal.aborted) throw cancelled(signal);
          logger?.warn({ requestId, cause: networkCause(err) }, 'upstream connection broke mid-stream');
          throw new ApiError('upstream_error', 'The upstream connection broke during the stream.');
        }
        ended = read.done;
        if (read.done) sse.end();
        else sse.push(read.value);
        // The events decoded from one network read go out as one batch; what came before a
        // failure or the end is still delivered first.
        const batch: BackendEvent[] = [];
        for (let i = 0; i < pending.length; i++) {
          const step = chunks.read(pending[i]!);
          if (step.kind === 'failed') {
            logger?.warn({ requestId, detail: step.detail }, 'upstream stream failed');
            if (batch.length) yield batch;
            throw step.error;
          }
          if (step.kind === 'done') {
            if (chunks.usage) batch.push({ type: 'usage', usage: chunks.usage });
            if (batch.length) yield batch;
            return;
          }
          for (const ev of step.events) batch.push(ev);
        }
        pending.length = 0;
        if (batch.length) yield batch;
      }
      released = true;
      if (!chunks.complete) {
        logger?.warn({ requestId }, 'upstream closed the stream before it finished');
        throw new ApiError('upstream_error', 'The upstream provider closed the stream before it finished.');
      }
      // Clients treat EOF after every finish as success; the reply is whole, only [DONE] is missing.
      if (chunks.usage) yield { type: 'usage', usage: chunks.usage };
    } finally {
      // Stops the upstream generating for nobody when we fail, finish early or are abandoned.
      if (!released) await reader.cancel().catch(() => {});
    }
  }

  return { name: 'upstream', models: () => models, complete };
}
