import type { SseEvent, SseTranscript } from '../../sse';
import { classifyData, rawLines } from '../../sse';
import { ChunkTemplate } from './chunkTemplate';
import { isRecord } from './json';

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

/** Layer 3 of stream decoding: what one event's data is. Plain objects; `event` links to the raw lines. */
export type DecodedEvent =
  | { kind: 'done'; event: SseEvent }
  | {
      kind: 'chunk';
      event: SseEvent;
      json: ChunkLike;
      /** The template the chunk was decoded through: it equals the template's chunk but for its one delta. */
      template?: ChunkTemplate;
    }
  | { kind: 'error'; event: SseEvent; json: Record<string, unknown> }
  | { kind: 'other-json'; event: SseEvent; json: unknown }
  | { kind: 'invalid-json'; event: SseEvent; problem: string };

/** A decoded chunk event, narrowed. */
export type ChunkEvent = Extract<DecodedEvent, { kind: 'chunk' }>;

/** The chunk template a stream's next events are tried against. */
export interface TemplateState {
  template: ChunkTemplate | undefined;
  /** Chunks in a row the template did not fit; past a few, stop building templates. */
  misses: number;
}

/** A transcript's decoded events and chunks, and its template state. */
interface Decoding extends TemplateState {
  events: DecodedEvent[];
  chunks: ChunkEvent[];
}

/** Fresh template state for decoding one stream's events in order with {@link decodeEvent}, keeping none. */
export function newDecoding(): TemplateState {
  return { template: undefined, misses: 0 };
}

/** After this many chunks in a row that differ in more than their delta, parse them whole. */
const MAX_TEMPLATE_MISSES = 16;

/** The one cache of decoded transcripts. */
const cache = new WeakMap<SseTranscript, Decoding>();

function decodingOf(transcript: SseTranscript): Decoding {
  let decoding = cache.get(transcript);
  if (!decoding) {
    decoding = { events: [], chunks: [], template: undefined, misses: 0 };
    cache.set(transcript, decoding);
  }
  const { events, chunks } = decoding;
  const source = transcript.events;
  for (let i = events.length; i < source.length; i++) {
    const decoded = decodeEvent(source[i]!, decoding);
    events.push(decoded);
    if (decoded.kind === 'chunk') chunks.push(decoded);
  }
  return decoding;
}

/**
 * Classifies every event of a transcript: `[DONE]`, a chunk, an error frame
 * (`{"error":…}` — what official clients raise on), other JSON, or invalid JSON. Never throws.
 * Decoded once per transcript: every caller shares one JSON.parse per event, and events appended
 * since the last call (a stream still being read) are decoded on the next.
 * @example decodeEvents(readSse('data: [DONE]\n\n'))[0].kind // 'done'
 */
export function decodeEvents(transcript: SseTranscript): DecodedEvent[] {
  return decodingOf(transcript).events;
}

/** The chunk events of a transcript, in order (from the same cache as {@link decodeEvents}). */
export function chunkEvents(transcript: SseTranscript): ChunkEvent[] {
  return decodingOf(transcript).chunks;
}

/** The first chunk event of a transcript, decoding only as far as it. */
export function firstChunk(transcript: SseTranscript): ChunkEvent | undefined {
  const decoding = cache.get(transcript);
  if (decoding?.chunks[0]) return decoding.chunks[0];
  for (let i = decoding?.events.length ?? 0; i < transcript.events.length; i++) {
    const e = decodeEvent(transcript.events[i]!);
    if (e.kind === 'chunk') return e;
  }
  return undefined;
}

/** The raw lines an event came from, quoted as received, with their 0-based line indexes. */
export function eventLines(transcript: SseTranscript, event: SseEvent): string[] {
  return rawLines(transcript, event.firstLine, event.lastLine);
}

/**
 * Whether a decoded chunk repeats the frame of the chunk before it (decoded through the same
 * template, so every field but its one delta is equal) and its delta is only `content` text: the
 * bulk of a long answer, and all a reducer that skips content repeats is spared.
 */
export function isContentRepeat(d: DecodedEvent, previous: ChunkTemplate | undefined): boolean {
  if (d.kind !== 'chunk' || d.template === undefined || d.template !== previous) return false;
  const delta = d.json.choices?.[0]?.delta;
  if (typeof delta !== 'object' || delta === null || Array.isArray(delta)) return false;
  let keys = 0;
  for (const key in delta) if (key !== 'content' || ++keys > 1) return false;
  return keys === 1 && typeof delta.content === 'string';
}

/** Whether any choice of a chunk carries a non-null `finish_reason`. */
export function hasFinish(chunk: ChunkLike): boolean {
  const choices = chunk.choices;
  if (!Array.isArray(choices)) return false;
  for (const c of choices) if (isRecord(c) && c.finish_reason != null) return true;
  return false;
}

/**
 * Decodes one event's data with the project's one classifier (`src/sse/data.ts`, shared with the
 * client library), trying the chunk template first on long streams of look-alike chunks.
 */
export function decodeEvent(event: SseEvent, decoding?: TemplateState): DecodedEvent {
  // The template came from a chunk, and differs from this text only in the delta: a chunk too.
  const fitted = decoding?.template?.parse(event.data);
  if (fitted) {
    decoding!.misses = 0;
    return { kind: 'chunk', event, json: fitted, template: decoding!.template! };
  }
  const data = classifyData(event.data);
  switch (data.kind) {
    case 'done':
      return { kind: 'done', event };
    case 'invalid-json':
      return { kind: 'invalid-json', event, problem: data.problem };
    case 'error':
      return { kind: 'error', event, json: data.json };
    case 'other-json':
      return { kind: 'other-json', event, json: data.json };
    case 'chunk':
      if (decoding && decoding.misses < MAX_TEMPLATE_MISSES) {
        decoding.misses++;
        decoding.template = ChunkTemplate.of(event.data, data.json);
      }
      return { kind: 'chunk', event, json: data.json as ChunkLike };
  }
}
