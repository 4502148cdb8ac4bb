import { type ChatCompletionChunk, compileSchema, describeErrors } from '../contract';
import {
  classifyData,
  isJsonObject,
  type JsonObject,
  type SseEvent,
  type SseIssue,
  type SseLine,
  SseReader,
} from '../sse';
import {
  ChatStreamError,
  type ChatStreamFailure,
  ChatStreamProtocolError,
  ChatStreamTruncatedError,
  type StreamPlace,
} from './errors';

/** What the decoder made of the bytes so far, in stream order. */
export type DecodeStep =
  | { kind: 'chunk'; chunk: ChatCompletionChunk }
  | { kind: 'done' }
  | { kind: 'failed'; error: ChatStreamFailure };

let chunkSchema: ReturnType<typeof compileSchema> | undefined;

/** Whether a chunk matches the contract's `ChatCompletionChunk` (the schema its type is generated from). */
function isChunk(value: unknown): value is ChatCompletionChunk {
  chunkSchema ??= compileSchema('ChatCompletionChunk');
  return chunkSchema(value) === true;
}

/** Framing issues that break a frame; an unterminated last event is a truncation, found on the event. */
const BROKEN_FRAME: ReadonlySet<SseIssue['kind']> = new Set([
  'unknown-field',
  'invalid-retry',
  'max-buffer-size-exceeded',
]);

/**
 * Bytes → chat stream steps, on the project's SSE reader and data classification. It reports every
 * failure as a step and keeps reading, so a caller can stop at the first (a reader) or only ask at
 * the end whether the stream was complete (a guard). Everything after `[DONE]` is ignored.
 */
export class ChatStreamDecoder {
  private readonly reader: SseReader;
  private readonly validate: boolean;
  private steps: DecodeStep[] = [];
  /** Raw lines since the last blank line: the lines of the event being read. */
  private held: SseLine[] = [];
  private lastLine: SseLine | undefined;
  private events = 0;
  private done = false;
  /** Whether the bytes ended inside an event (already reported). */
  private cut = false;
  private readonly started = new Set<number>();
  private readonly finished = new Set<number>();
  private errorFrame = false;

  /** @param options.validate check every chunk against the contract (a chunk it rejects is a protocol failure) */
  constructor(options: { validate: boolean }) {
    this.validate = options.validate;
    this.reader = new SseReader({
      keepLines: false,
      keepEvents: false,
      onLine: (line) => this.line(line),
      onIssue: (issue) => this.issue(issue),
      onEvent: (event) => this.event(event),
    });
  }

  /** Whether an in-band error frame was seen. */
  get sawErrorFrame(): boolean {
    return this.errorFrame;
  }

  /** Feeds bytes; returns the steps they completed. */
  push(bytes: Uint8Array | string): DecodeStep[] {
    if (!this.done) this.reader.push(bytes);
    return this.take();
  }

  /** Ends the bytes; returns the last steps, with a truncation when `[DONE]` never came. */
  end(): DecodeStep[] {
    if (!this.done) {
      this.reader.end();
      if (!this.done && !this.cut) {
        this.fail(new ChatStreamTruncatedError('no-done', this.unfinishedChoices(), this.place()));
      }
    }
    return this.take();
  }

  /** Where the stream stands: the next event's number and the last non-blank raw line. */
  place(): StreamPlace {
    return { event: this.events, line: this.lastLine?.text ?? '' };
  }

  private take(): DecodeStep[] {
    const steps = this.steps;
    this.steps = [];
    return steps;
  }

  private fail(error: ChatStreamFailure): void {
    this.steps.push({ kind: 'failed', error });
  }

  private line(line: SseLine): void {
    if (this.held.at(-1)?.text === '') this.held = [];
    this.held.push(line);
    if (line.text !== '') this.lastLine = line;
  }

  private issue(issue: SseIssue): void {
    if (this.done || !BROKEN_FRAME.has(issue.kind)) return;
    this.fail(
      new ChatStreamProtocolError(`broken SSE frame: ${issue.message}`, {
        event: this.events,
        line: issue.text,
      }),
    );
  }

  private event(event: SseEvent): void {
    this.events = event.index + 1;
    if (this.done) return;
    const place: StreamPlace = {
      event: event.index,
      line: this.held
        .filter((l) => l.index >= event.firstLine && l.index <= event.lastLine)
        .map((l) => l.text)
        .join('\n'),
    };
    if (!event.terminated) {
      this.cut = true;
      this.fail(new ChatStreamTruncatedError('unterminated-event', this.unfinishedChoices(), place));
      return;
    }
    const data = classifyData(event.data);
    if (event.event === 'error' && data.kind !== 'error') {
      // An event named error is a failure report whatever its data (openai-node raises on it too).
      this.errorFrame = true;
      const frame = 'json' in data && isJsonObject(data.json) ? data.json : undefined;
      this.fail(new ChatStreamError(frame, 'json' in data ? data.json : event.data, place));
      return;
    }
    switch (data.kind) {
      case 'done': {
        this.done = true;
        const unfinished = this.unfinishedChoices();
        if (unfinished.length > 0)
          this.fail(new ChatStreamTruncatedError('unfinished-choice', unfinished, place));
        else this.steps.push({ kind: 'done' });
        return;
      }
      case 'error':
        this.errorFrame = true;
        this.fail(new ChatStreamError(data.json, data.error, place));
        return;
      case 'invalid-json':
        this.fail(new ChatStreamProtocolError(`data is not JSON: ${data.problem}`, place));
        return;
      case 'other-json':
        this.fail(new ChatStreamProtocolError('data is neither a chunk, an error frame nor [DONE]', place));
        return;
      case 'chunk':
        this.track(data.json);
        this.chunk(data.json, place);
    }
  }

  private chunk(json: JsonObject, place: StreamPlace): void {
    if (!this.validate) return;
    if (isChunk(json)) {
      this.steps.push({ kind: 'chunk', chunk: json });
      return;
    }
    const why = describeErrors(chunkSchema?.errors).slice(0, 3).join('; ');
    this.fail(new ChatStreamProtocolError(`chunk does not match the contract: ${why}`, place));
  }

  /** Notes which choices started and finished, from whatever the chunk says (valid or not). */
  private track(json: JsonObject): void {
    if (!Array.isArray(json.choices)) return;
    for (const choice of json.choices) {
      if (!isJsonObject(choice) || typeof choice.index !== 'number') continue;
      this.started.add(choice.index);
      if (choice.finish_reason !== null && choice.finish_reason !== undefined)
        this.finished.add(choice.index);
    }
  }

  /** Indexes of the choices that started and have not finished. */
  unfinishedChoices(): number[] {
    return [...this.started].filter((i) => !this.finished.has(i)).sort((a, b) => a - b);
  }
}
