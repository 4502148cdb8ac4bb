import type { SseEvent, SseTranscript } from '../sse';
import { rawLines } from '../sse';
import type { Exchange } from './types';

/** Layer 3 of stream decoding: what one event's data is. */
export type DecodedEvent =
  | { kind: 'done'; event: SseEvent; evidence: string[] }
  | { kind: 'chunk'; event: SseEvent; evidence: string[]; json: ChunkLike }
  | { kind: 'error'; event: SseEvent; evidence: string[]; json: Record<string, unknown> }
  | { kind: 'other-json'; event: SseEvent; evidence: string[]; json: unknown }
  | { kind: 'invalid-json'; event: SseEvent; evidence: string[]; problem: string };

/** The loose shape checks read from a chunk; the schema check is what proves it exact. */
export interface ChunkLike {
  id?: unknown;
  object?: unknown;
  created?: unknown;
  model?: unknown;
  usage?: unknown;
  choices?: Array<{
    index?: unknown;
    finish_reason?: unknown;
    delta?: Record<string, unknown> & { role?: unknown; content?: unknown; tool_calls?: unknown };
  }>;
  [key: string]: unknown;
}

const DONE = '[DONE]';

/**
 * Classifies every event of a transcript: `[DONE]`, a chunk, an error frame
 * (`{"error":…}` — what official clients raise on), other JSON, or invalid JSON. Never throws.
 */
export function decodeEvents(transcript: SseTranscript): DecodedEvent[] {
  return transcript.events.map((event) => decodeEvent(transcript, event));
}

function decodeEvent(transcript: SseTranscript, event: SseEvent): DecodedEvent {
  const evidence = rawLines(transcript, event.firstLine, event.lastLine);
  if (event.data === DONE) return { kind: 'done', event, evidence };
  let json: unknown;
  try {
    json = JSON.parse(event.data);
  } catch (e) {
    return { kind: 'invalid-json', event, evidence, problem: e instanceof Error ? e.message : String(e) };
  }
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const obj = json as Record<string, unknown>;
    if ('error' in obj && obj.error !== null && obj.error !== undefined)
      return { kind: 'error', event, evidence, json: obj };
    if ('choices' in obj || obj.object === 'chat.completion.chunk') {
      return { kind: 'chunk', event, evidence, json: obj as ChunkLike };
    }
  }
  return { kind: 'other-json', event, evidence, json };
}

/** The streamed exchanges of a run: those whose response was read as SSE. */
export function streamed(
  exchanges: readonly Exchange[],
): Array<Exchange & { response: { sse: SseTranscript } }> {
  return exchanges.filter((e): e is Exchange & { response: { sse: SseTranscript } } =>
    Boolean(e.response?.sse),
  );
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
