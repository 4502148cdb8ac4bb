import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { LineSplitter, type SseLine } from './lines';

/** One event (layer 2) with the raw lines it came from, for evidence. */
export interface SseEvent {
  /** 0-based position among the stream's events. */
  index: number;
  data: string;
  event?: string;
  id?: string;
  /** Index of the first and last raw line of the event (the blank line excluded). */
  firstLine: number;
  lastLine: number;
  /** False when the stream ended before the blank line that dispatches the event. */
  terminated: boolean;
  /** Time the event was complete, in ms since the reader started (or as the caller stamps it). */
  at: number;
}

/** A framing defect found while reading; the reader reports it and keeps going. */
export interface SseIssue {
  kind: 'unknown-field' | 'invalid-retry' | 'max-buffer-size-exceeded' | 'unterminated-event';
  line: number;
  text: string;
  message: string;
}

/** Everything read from one stream: raw lines, events and framing issues. */
export interface SseTranscript {
  lines: SseLine[];
  events: SseEvent[];
  issues: SseIssue[];
  comments: number;
}

/**
 * Layer 2 of stream decoding: lines → events, via eventsource-parser, keeping the raw lines and
 * turning parse errors into issues instead of exceptions.
 * @example
 * const r = new SseReader(); r.push(bytes); const t = r.end(); t.events[0].data;
 */
export class SseReader {
  private readonly splitter = new LineSplitter();
  private readonly transcript: SseTranscript = { lines: [], events: [], issues: [], comments: 0 };
  private readonly parser;
  private currentLine = 0;
  private eventStart = -1;
  private now = 0;
  private readonly keepLines: boolean;
  private readonly listener: ((event: SseEvent) => void) | undefined;

  /**
   * @param options.onEvent called for each event as soon as it is complete
   * @param options.keepLines false drops raw lines once read (constant memory for huge streams)
   */
  constructor(options: { onEvent?: (event: SseEvent) => void; keepLines?: boolean } = {}) {
    this.listener = options.onEvent;
    this.keepLines = options.keepLines ?? true;
    this.parser = createParser({
      onEvent: (message) => this.dispatch(message),
      onComment: () => {
        this.transcript.comments++;
      },
      onError: (error) => {
        this.transcript.issues.push({
          kind: error.type,
          line: this.currentLine,
          text: error.line ?? '',
          message: error.message,
        });
      },
    });
  }

  /** Feeds bytes; `at` stamps events completed by this chunk (defaults to the previous stamp). */
  push(chunk: Uint8Array | string, at: number = this.now): void {
    this.now = at;
    this.feedLines(this.splitter.push(chunk));
  }

  /** Ends the stream and returns the transcript; a trailing event without its blank line is kept, marked unterminated. */
  end(at: number = this.now): SseTranscript {
    this.now = at;
    this.feedLines(this.splitter.end());
    if (this.eventStart >= 0) {
      const last = this.currentLine;
      this.transcript.issues.push({
        kind: 'unterminated-event',
        line: last,
        text: this.lineText(last),
        message: 'the stream ended before the blank line that completes this event',
      });
      this.pendingTerminated = false;
      this.parser.feed('\n');
    }
    return this.transcript;
  }

  private pendingTerminated = true;

  private feedLines(lines: SseLine[]): void {
    for (const line of lines) {
      if (this.keepLines) this.transcript.lines.push(line);
      this.currentLine = line.index;
      if (line.text === '') {
        this.parser.feed('\n');
        this.eventStart = -1;
      } else {
        if (this.eventStart < 0 && !line.text.startsWith(':')) this.eventStart = line.index;
        this.parser.feed(`${line.text}\n`);
      }
    }
  }

  private dispatch(message: EventSourceMessage): void {
    const firstLine = this.eventStart >= 0 ? this.eventStart : this.currentLine;
    const event: SseEvent = {
      index: this.transcript.events.length,
      data: message.data,
      firstLine,
      lastLine: this.pendingTerminated ? Math.max(firstLine, this.currentLine - 1) : this.currentLine,
      terminated: this.pendingTerminated,
      at: this.now,
    };
    if (message.event !== undefined) event.event = message.event;
    if (message.id !== undefined) event.id = message.id;
    this.transcript.events.push(event);
    this.listener?.(event);
  }

  private lineText(index: number): string {
    return this.transcript.lines.find((l) => l.index === index)?.text ?? '';
  }
}

/** Reads a whole stream at once (for recorded transcripts and tests). */
export function readSse(input: Uint8Array | string): SseTranscript {
  const reader = new SseReader();
  reader.push(input);
  return reader.end();
}

/** The raw text of lines `first..last` of a transcript, for evidence. */
export function rawLines(
  transcript: Pick<SseTranscript, 'lines'>,
  first: number,
  last: number = first,
): string[] {
  const { lines } = transcript;
  // Lines kept from the start are dense (index === position): slice instead of scanning, so quoting
  // every event of a long stream stays linear.
  if (lines[first]?.index === first && lines[last]?.index === last) {
    return lines.slice(first, last + 1).map((l) => l.text);
  }
  return lines.filter((l) => l.index >= first && l.index <= last).map((l) => l.text);
}
