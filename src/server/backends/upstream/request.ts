import type { CreateChatCompletionRequest } from '../../../contract';
import { ApiError } from '../../errors';

/**
 * The body sent upstream: always streaming with `include_usage`, so token counts are the
 * upstream's own; `session_id` is this server's extension and would be rejected by OpenAI.
 */
export function upstreamBody(body: CreateChatCompletionRequest): Record<string, unknown> {
  const { session_id: _session, stream: _stream, stream_options: options, ...rest } = body;
  return { ...rest, stream: true, stream_options: { ...(options ?? {}), include_usage: true } };
}

/** The headers sent upstream; the key travels only here, as a Bearer token. */
export function upstreamHeaders(apiKey: string | undefined, requestId: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'x-request-id': requestId,
  };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}

/**
 * The error for a request that was cancelled: the reason the signal carries when it is ours
 * (the handler aborts with its `timeout` ApiError), else a plain `upstream_error`.
 */
export function cancelled(signal: AbortSignal): ApiError {
  const reason: unknown = signal.reason;
  if (reason instanceof ApiError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new ApiError('timeout', 'The upstream provider did not answer in time.');
  }
  return new ApiError('upstream_error', 'The upstream request was cancelled.');
}

/** A short, secret-free description of a network failure for the log (e.g. `ECONNREFUSED`). */
export function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } })?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return err instanceof Error ? err.name : typeof err;
}
