import type { ChunkEvent, ChunkLike } from '../decode/decode';
import type { FindingLog } from './findings';

export {
  type ChunkEvent,
  type ChunkLike,
  chunkEvents,
  type DecodedEvent,
  decodeEvents,
  eventLines,
  firstChunk,
  hasFinish,
} from '../decode/decode';

/** One choice entry of a chunk, as read loosely. */
export type ChoiceLike = NonNullable<ChunkLike['choices']>[number];

/** A chunk's choices that are objects (anything else is the schema check's business). */
export function choicesOf(chunk: ChunkLike): readonly ChoiceLike[] {
  const choices = chunk.choices;
  if (!Array.isArray(choices)) return [];
  // Most chunks are well formed: hand back their own array rather than a copy per chunk and check.
  for (const c of choices) {
    if (typeof c !== 'object' || c === null) {
      return choices.filter((d): d is ChoiceLike => typeof d === 'object' && d !== null);
    }
  }
  return choices;
}

/** A short rendering of a value for messages. */
export function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

/** Whether a data payload looks like the terminator but is not exactly `[DONE]` (`[done]`, `[DONE] `…). */
export function isDoneLookalike(data: string): boolean {
  // Only short payloads can be a padded terminator; skip the string work for ordinary chunks.
  if (data === '[DONE]' || data.length > 32) return false;
  return data.trim().replace(/^"|"$/g, '').trim().toUpperCase() === '[DONE]';
}

/** Reason strings for `{ applies: false }`. */
export const NOT_STREAMED = 'no exchange asked for a stream and received an event stream';
export const NOT_SUCCESS_STREAM = 'no 2xx streamed exchange in a scenario meant to succeed';

/**
 * Reports, chunk by chunk, every point where `field` differs from the previous chunk's value,
 * quoting the chunk where it changed. Keeps only the previous value.
 */
export function changeTracker(
  field: 'id' | 'created' | 'model',
  log: FindingLog,
  relaxed?: string,
): (chunk: ChunkEvent) => void {
  let started = false;
  let previous: unknown;
  return (c) => {
    const value = c.json[field];
    if (started && value !== previous) {
      log.at(c, `${field} changed from ${show(previous)} to ${show(value)}`, relaxed);
    }
    started = true;
    previous = value;
  };
}

/**
 * Reports every point where `field` differs from the previous chunk's value, quoting the chunk
 * where it changed.
 */
export function reportChanges(
  chunks: readonly ChunkEvent[],
  field: 'id' | 'created' | 'model',
  log: FindingLog,
  relaxed?: string,
): void {
  const track = changeTracker(field, log, relaxed);
  for (const c of chunks) track(c);
}
