import type { SseTranscript } from '../../sse';
import type { Exchange, RecordedResponse, ScenarioRun } from '../types';

/** An exchange whose response was read as an event stream. */
export type StreamExchange = Exchange & { response: RecordedResponse & { sse: SseTranscript } };

/** An exchange that got a response. */
export type AnsweredExchange = Exchange & { response: RecordedResponse };

/** Whether an HTTP status is 2xx. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** A content-type's media type, lower-cased and without parameters ('' when absent). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Whether a content-type names `text/event-stream` (parameters such as charset allowed). */
export function isEventStream(contentType: string | undefined): boolean {
  return mediaType(contentType) === 'text/event-stream';
}

/** Whether the response says it is JSON (`application/json` or a `+json` type). */
export function isJsonResponse(response: RecordedResponse): boolean {
  const type = mediaType(response.headers['content-type']);
  return type === 'application/json' || type.endsWith('+json');
}

/** Whether the request asked for a stream. */
export function askedToStream(exchange: Exchange): boolean {
  return exchange.requestJson?.stream === true;
}

/** Whether the request asked for the usage chunk. */
export function askedForUsage(exchange: Exchange): boolean {
  const opts = exchange.requestJson?.stream_options as { include_usage?: unknown } | undefined;
  return opts?.include_usage === true;
}

/** Whether an exchange is a chat completion request (a POST that carried a JSON body). */
export function isChatRequest(exchange: Exchange): boolean {
  return exchange.request.method.toUpperCase() === 'POST' && exchange.requestJson !== undefined;
}

/** Whether a response came with an event stream. */
function isStream(e: Exchange): e is StreamExchange {
  return Boolean(e.response?.sse);
}

/**
 * Exchanges whose framing and chunks can be judged: the request asked to stream and the response is
 * an event stream (2xx, or labelled `text/event-stream`). A non-2xx JSON error body is not a stream.
 */
export function framedExchanges(run: ScenarioRun): StreamExchange[] {
  return run.exchanges.filter(
    (e): e is StreamExchange =>
      askedToStream(e) &&
      isStream(e) &&
      (isSuccessStatus(e.response.status) || isEventStream(e.response.headers['content-type'])),
  );
}

/** Exchanges the sequence rules judge: streamed, 2xx, in a run that set out to succeed. */
export function sequenceExchanges(run: ScenarioRun): StreamExchange[] {
  if (run.intent !== 'success') return [];
  return successStatusStreams(run).filter(askedToStream);
}

/** The exchanges of a run that answered 2xx with an event stream (in a fault run: the failure has to show inside it). */
export function successStatusStreams(run: ScenarioRun): StreamExchange[] {
  return run.exchanges.filter((e): e is StreamExchange => isStream(e) && isSuccessStatus(e.response.status));
}

/**
 * Whether the stream was read to its end, so rules about how it ends apply. When the harness
 * stopped reading on purpose (`max-events`, `aborted`) or gave up (`timeout`, a harness failure of
 * its own), a missing finish or `[DONE]` is not the target's defect.
 */
export function readToEnd(exchange: StreamExchange): boolean {
  return exchange.response.end === 'eof' || exchange.response.end === 'network-error';
}

/** The first `max` characters of a body, for evidence; marks an empty body explicitly. */
export function excerpt(body: string, max = 300): string {
  if (body === '') return '(empty body)';
  return body.length > max ? `${body.slice(0, max)}…` : body;
}

/** Status and content type, e.g. `HTTP 500 text/html`, the first line of most evidence. */
export function statusLine(response: RecordedResponse): string {
  return `HTTP ${response.status} ${response.headers['content-type'] ?? '(no content-type)'}`;
}
