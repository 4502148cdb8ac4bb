import type { SseEvent, SseTranscript } from '../../sse';
import { rawLines } from '../../sse';
import { ChunkTemplate } from './chunkTemplate';
import type { Exchange } from '../types';

/** Layer 3 of stream decoding: what one event's data is. */
export type DecodedEvent =
  | { kind: 'done'; event: SseEvent; readonly evidence: string[] }
  | { kind: 'chunk'; event: SseEvent; readonly evidence: string[]; json: ChunkLike }
  | { kind: 'error'; event: SseEvent; readonly evidence: string[]; json: Record<string, unknown> }
  | { kind: 'other-json'; event: SseEvent; readonly evidence: string[]; json: unknown }
  | { kind: 'invalid-json'; event: SseEvent; readonly evidence: string[]; problem: string };

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
 * One decoded event. `evidence` is read from the transcript's raw lines only when a finding quotes
 * it: building it for every event of a long stream cost more than decoding the JSON.
 */
class Decoded {
  constructor(
    readonly kind: DecodedEvent['kind'],
    readonly event: SseEvent,
    private readonly transcript: SseTranscript,
    readonly json: unknown,
    readonly problem: string | undefined,
  ) {}

  get evidence(): string[] {
    return rawLines(this.transcript, this.event.firstLine, this.event.lastLine);
  }
}

/** A transcript's decoded events, and the chunk template its next events are tried against. */
interface Decoding {
  events: DecodedEvent[];
  template: ChunkTemplate | undefined;
  /** Chunks in a row the template did not fit; past a few, stop building templates. */
  misses: number;
}

/** After this many chunks in a row that differ in more than their delta, parse them whole. */
const MAX_TEMPLATE_MISSES = 16;

const cache = new WeakMap<SseTranscript, Decoding>();

/**
 * Classifies every event of a transcript: `[DONE]`, a chunk, an error frame
 * (`{"error":…}` — what official clients raise on), other JSON, or invalid JSON. Never throws.
 * Decoded once per transcript: every caller shares one JSON.parse per event, and events appended
 * since the last call (a stream still being read) are decoded on the next.
 * @example decodeEvents(readSse('data: [DONE]\n\n'))[0].kind // 'done'
 */
export function decodeEvents(transcript: SseTranscript): DecodedEvent[] {
  let decoding = cache.get(transcript);
  if (!decoding) {
    decoding = { events: [], template: undefined, misses: 0 };
    cache.set(transcript, decoding);
  }
  const { events } = decoding;
  const source = transcript.events;
  for (let i = events.length; i < source.length; i++) {
    events.push(decodeEvent(transcript, source[i]!, decoding));
  }
  return events;
}

/** The first chunk event of a transcript, decoding only as far as it. */
export function firstChunk(transcript: SseTranscript): Extract<DecodedEvent, { kind: 'chunk' }> | undefined {
  const events = cache.get(transcript)?.events ?? [];
  for (const e of events) if (e.kind === 'chunk') return e;
  for (let i = events.length; i < transcript.events.length; i++) {
    const e = decodeEvent(transcript, transcript.events[i]!);
    if (e.kind === 'chunk') return e;
  }
  return undefined;
}

function decodeEvent(transcript: SseTranscript, event: SseEvent, decoding?: Decoding): DecodedEvent {
  if (event.data === DONE) return make('done', event, transcript);
  // The template came from a chunk, and differs from this text only in the delta: a chunk too.
  const fitted = decoding?.template?.parse(event.data);
  if (fitted) {
    decoding!.misses = 0;
    return make('chunk', event, transcript, fitted);
  }
  let json: unknown;
  try {
    json = JSON.parse(event.data);
  } catch (e) {
    return make('invalid-json', event, transcript, undefined, e instanceof Error ? e.message : String(e));
  }
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const obj = json as Record<string, unknown>;
    if ('error' in obj && obj.error !== null && obj.error !== undefined)
      return make('error', event, transcript, obj);
    if ('choices' in obj || obj.object === 'chat.completion.chunk') {
      if (decoding && decoding.misses < MAX_TEMPLATE_MISSES) {
        decoding.misses++;
        decoding.template = ChunkTemplate.of(event.data, obj);
      }
      return make('chunk', event, transcript, obj);
    }
  }
  return make('other-json', event, transcript, json);
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

function make(
  kind: DecodedEvent['kind'],
  event: SseEvent,
  transcript: SseTranscript,
  json?: unknown,
  problem?: string,
): DecodedEvent {
  return new Decoded(kind, event, transcript, json, problem) as unknown as DecodedEvent;
}
