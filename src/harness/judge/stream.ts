import type { SseTranscript } from '../../sse';
import { askedToStream, type ChunkLike, type DecodedEvent, decodeEvents } from '../decode/decode';
import type { CheckOutcome, Exchange, Finding, RecordedResponse, ScenarioRun } from '../types';

/** A streamed exchange whose response was read as SSE. */
export type StreamExchange = Exchange & { response: RecordedResponse & { sse: SseTranscript } };

/** A decoded chunk event, narrowed. */
export type ChunkEvent = Extract<DecodedEvent, { kind: 'chunk' }>;

/** One choice entry of a chunk, as read loosely. */
export type ChoiceLike = NonNullable<ChunkLike['choices']>[number];

/** The decoded events of a transcript (decodeEvents caches them per transcript). */
export const decoded: (transcript: SseTranscript) => DecodedEvent[] = decodeEvents;

/** Whether a content-type header names `text/event-stream` (parameters such as charset allowed). */
export function isEventStream(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'text/event-stream';
}

function is2xx(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * Exchanges whose framing and chunks can be judged: the request asked to stream and the response is
 * an event stream (2xx, or labelled `text/event-stream`). A non-2xx JSON error body is not a stream.
 */
export function framedExchanges(run: ScenarioRun): StreamExchange[] {
  return run.exchanges.filter(
    (e): e is StreamExchange =>
      askedToStream(e) &&
      Boolean(e.response?.sse) &&
      (is2xx(e.response!.status) || isEventStream(e.response!.headers['content-type'])),
  );
}

/** Exchanges the sequence rules judge: streamed, 2xx, in a run that set out to succeed. */
export function sequenceExchanges(run: ScenarioRun): StreamExchange[] {
  if (run.intent !== 'success') return [];
  return run.exchanges.filter(
    (e): e is StreamExchange => askedToStream(e) && Boolean(e.response?.sse) && is2xx(e.response!.status),
  );
}

const chunkCache = new WeakMap<SseTranscript, ChunkEvent[]>();

/**
 * Whether the stream was read to its end, so rules about how it ends apply. When the harness
 * stopped reading on purpose (`max-events`, `aborted`) or gave up (`timeout`, a harness failure of
 * its own), a missing finish or `[DONE]` is not the target's defect.
 */
export function readToEnd(exchange: StreamExchange): boolean {
  return exchange.response.end === 'eof' || exchange.response.end === 'network-error';
}

/** The chunk events of a transcript, in order (computed once per transcript). */
export function chunkEvents(transcript: SseTranscript): ChunkEvent[] {
  let chunks = chunkCache.get(transcript);
  if (!chunks) {
    chunks = decoded(transcript).filter((d): d is ChunkEvent => d.kind === 'chunk');
    chunkCache.set(transcript, chunks);
  }
  return chunks;
}

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

/** Where a choice's finding is: `event 3, choice 0`. */
export function at(c: ChunkEvent, choiceIndex: unknown): string {
  return `event ${c.event.index + 1}, choice ${show(choiceIndex)}`;
}

/** A short rendering of a value for messages. */
export function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

/** At most this many findings per exchange and check; the rest are counted. */
export const FINDINGS_PER_EXCHANGE = 5;

/**
 * Collects one exchange's findings, keeping the first few with their evidence and counting the
 * rest, so a defect repeated on every chunk of a long stream stays readable.
 */
export class FindingLog {
  private readonly kept: Finding[] = [];
  private omitted = 0;
  private omittedRelaxed: string | undefined;
  private omittedAllRelaxed = true;

  constructor(private readonly exchange: string) {}

  add(message: string, evidence?: string[], relaxed?: string): void {
    if (this.kept.length < FINDINGS_PER_EXCHANGE) {
      const f: Finding = { message, exchange: this.exchange };
      if (evidence && evidence.length > 0) f.evidence = evidence;
      if (relaxed) f.relaxed = relaxed;
      this.kept.push(f);
      return;
    }
    this.omitted++;
    if (relaxed) this.omittedRelaxed ??= relaxed;
    else this.omittedAllRelaxed = false;
  }

  findings(): Finding[] {
    if (this.omitted === 0) return this.kept;
    const more: Finding = {
      message: `${this.omitted} more finding(s) like these not shown`,
      exchange: this.exchange,
    };
    // The summary is only as tolerable as what it stands for.
    if (this.omittedAllRelaxed && this.omittedRelaxed) more.relaxed = this.omittedRelaxed;
    return [...this.kept, more];
  }
}

/**
 * Runs `inspect` on each applicable exchange and gathers the findings, each labelled with its
 * exchange; `{ applies: false }` when no exchange applies.
 */
export function eachExchange<E extends Exchange>(
  exchanges: readonly E[],
  whenNone: string,
  inspect: (exchange: E, log: FindingLog) => void,
): CheckOutcome {
  if (exchanges.length === 0) return { applies: false, reason: whenNone };
  const findings: Finding[] = [];
  for (const exchange of exchanges) {
    const log = new FindingLog(exchange.label);
    inspect(exchange, log);
    findings.push(...log.findings());
  }
  return { applies: true, findings };
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
 * Reports every point where `field` differs from the previous chunk's value, quoting the chunk
 * where it changed.
 */
export function reportChanges(
  chunks: readonly ChunkEvent[],
  field: 'id' | 'created' | 'model',
  log: FindingLog,
  relaxed?: string,
): void {
  let previous: ChunkEvent | undefined;
  for (const c of chunks) {
    if (previous && c.json[field] !== previous.json[field]) {
      log.add(
        `event ${c.event.index + 1}: ${field} changed from ${show(previous.json[field])} to ${show(c.json[field])}`,
        c.evidence,
        relaxed,
      );
    }
    previous = c;
  }
}
