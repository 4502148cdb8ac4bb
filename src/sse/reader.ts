import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
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
  /**
   * Set when only unusual lines were kept (`keepLines: 'unusual'`): the number of lines read. Lines
   * missing from `lines` are blank lines ended by LF or an event's one `data: ${data}` line.
   */
  lineCount?: number;
}

/** Which raw lines a reader keeps: all, none, or only those that cannot be rebuilt from the events. */
export type KeepLines = boolean | 'unusual';

/**
 * Layer 2 of stream decoding: lines → events. eventsource-parser interprets the fields (as the
 * official SDKs do); this class feeds it one raw line at a time so every event and every parse
 * error is tied to its raw line numbers, and turns defects into issues instead of exceptions.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 * @example
 * const r = new SseReader(); r.push(bytes); const t = r.end(); t.events[0].data;
 */
export class SseReader {
  private readonly splitter = new LineSplitter();
  private readonly transcript: SseTranscript = { lines: [], events: [], issues: [], comments: 0 };
  private readonly parser: EventSourceParser;
  /** Whether the event being dispatched ended with its blank line. */
  private terminating = true;
  private lastDispatched: SseEvent | undefined;
  private currentLine = 0;
  private eventStart = -1;
  private firstLine = true;
  private now = 0;
  private readonly keepLines: KeepLines;
  /** The lines since the last blank line, in `unusual` mode, until it is known if they are rebuildable. */
  private held: SseLine[] = [];
  private readonly listener: ((event: SseEvent) => void) | undefined;
  private readonly lineListener: ((line: SseLine) => void) | undefined;
  private readonly otherLineListener: ((line: SseLine) => void) | undefined;
  private readonly issueListener: ((issue: SseIssue) => void) | undefined;
  private readonly keepEvents: boolean;
  private eventCount = 0;
  /** The last `window.length` raw lines by index modulo the size (empty when no window was asked). */
  private readonly window: string[];
  /** Non-blank lines read since the last event was dispatched, and the first of them. */
  private after = 0;
  private firstAfter = -1;
  private lineTotal = 0;
  /**
   * A `data:` line that opened a block, held back from the parser: if the blank line follows, it is
   * the whole event and is dispatched here without the parser (most events of a stream are one
   * such line); anything else hands it to the parser first.
   */
  private heldData: string | undefined;
  /** The raw line of {@link heldData}, for `onOtherLine` when the block turns out to hold more. */
  private heldLine: SseLine | undefined;
  /** Whether the parser has been fed nothing since the last blank line. */
  private clean = true;

  /**
   * @param options.onEvent called for each event as soon as it is complete
   * @param options.onLine called for each raw line before it is interpreted, so a caller that keeps
   *   no lines can still quote the ones of the event it is about to receive
   * @param options.onOtherLine called for each raw line except those of a block that is exactly one
   *   `data:` line (that line and the blank line ending it): what a caller needs that judges the lines
   *   which form no plain event, without a call for every line of an ordinary stream
   * @param options.onIssue called for each framing issue as soon as it is found
   * @param options.keepLines false drops raw lines once read (constant memory for huge streams);
   *   `unusual` keeps only lines that {@link rawLines} cannot rebuild from the events, so evidence
   *   stays complete for a fraction of the memory
   * @param options.keepEvents false leaves `events` empty (a caller that takes them from `onEvent`),
   *   for a reader whose memory must not grow with the stream
   * @param options.window keep the last `window` raw lines whatever `keepLines` says, for
   *   {@link SseReader.recentLines} to quote the event being dispatched
   */
  constructor(
    options: {
      onEvent?: (event: SseEvent) => void;
      onLine?: (line: SseLine) => void;
      onOtherLine?: (line: SseLine) => void;
      onIssue?: (issue: SseIssue) => void;
      keepLines?: KeepLines;
      keepEvents?: boolean;
      window?: number;
    } = {},
  ) {
    this.listener = options.onEvent;
    this.lineListener = options.onLine;
    this.otherLineListener = options.onOtherLine;
    this.issueListener = options.onIssue;
    this.keepLines = options.keepLines ?? true;
    this.keepEvents = options.keepEvents ?? true;
    this.window = new Array<string>(Math.max(0, options.window ?? 0)).fill('');
    this.parser = createParser({
      onEvent: (message) => this.dispatch(message),
      onComment: () => {
        this.transcript.comments++;
      },
      onError: (error) => this.issue(error.type, error.line ?? '', error.message),
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
    this.releaseData();
    if (this.keepLines === 'unusual') {
      this.release(false);
      this.transcript.lineCount = this.currentLine + 1;
    }
    if (this.eventStart >= 0) {
      const last = this.currentLine;
      this.record({
        kind: 'unterminated-event',
        line: last,
        text: this.lineText(last),
        message: 'the stream ended before the blank line that completes this event',
      });
      this.terminating = false;
      this.parser.feed('\n');
    }
    return this.transcript;
  }

  /**
   * Raw lines `first..last` (0-based) still inside the window, in order; lines that have left it
   * (or were never read) are left out.
   */
  recentLines(first: number, last: number = first): string[] {
    const size = this.window.length;
    const out: string[] = [];
    const from = Math.max(first, this.currentLine - size + 1, 0);
    for (let i = from; i <= Math.min(last, this.currentLine); i++) out.push(this.window[i % size]!);
    return out;
  }

  /** How many raw lines were read so far. */
  get linesRead(): number {
    return this.lineTotal;
  }

  /** Non-blank lines read after the last event so far (comments, stray text), and the index of the first. */
  linesAfterLastEvent(): { count: number; first: number } {
    return { count: this.after, first: this.firstAfter };
  }

  private feedLines(lines: SseLine[]): void {
    const size = this.window.length;
    for (const line of lines) {
      this.lineListener?.(line);
      this.lineTotal = line.index + 1;
      if (size > 0) this.window[line.index % size] = line.text;
      if (line.text !== '' && this.after++ === 0) this.firstAfter = line.index;
      if (this.keepLines === true) this.transcript.lines.push(line);
      else if (this.keepLines === 'unusual' && line.text !== '') this.held.push(line);
      this.currentLine = line.index;
      let text = line.text;
      if (this.firstLine) {
        this.firstLine = false;
        // A byte order mark opens the stream, not its first field (TextDecoder drops it from bytes).
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (text === '') {
        this.lastDispatched = undefined;
        if (this.heldData !== undefined) {
          const held = this.heldData;
          this.heldData = undefined;
          this.heldLine = undefined;
          // What the parser makes of a block of one data line: the value after `data:` and one space.
          this.dispatch({ data: held.slice(held.charCodeAt(5) === 32 ? 6 : 5) });
        } else {
          this.otherLineListener?.(line);
          this.parser.feed('\n');
        }
        this.clean = true;
        const dispatched = this.lastDispatched;
        if (this.keepLines === 'unusual') {
          this.release(dispatched !== undefined && isPlainDataLine(this.held, dispatched));
          if (line.terminator !== '\n') this.transcript.lines.push(line);
        }
        this.eventStart = -1;
      } else {
        if (this.eventStart < 0 && text.charCodeAt(0) !== 58) this.eventStart = line.index;
        if (this.clean && text.startsWith('data:')) {
          this.heldData = text;
          this.heldLine = line;
        } else {
          this.releaseData();
          this.otherLineListener?.(line);
          this.parser.feed(`${text}\n`);
        }
        this.clean = false;
      }
    }
  }

  /** Hands a held `data:` line to the parser: its block turned out to hold more than that line. */
  private releaseData(): void {
    if (this.heldData === undefined) return;
    const held = this.heldData;
    this.heldData = undefined;
    if (this.heldLine) this.otherLineListener?.(this.heldLine);
    this.heldLine = undefined;
    this.parser.feed(`${held}\n`);
  }

  private issue(kind: SseIssue['kind'], text: string, message: string): void {
    this.record({ kind, line: this.currentLine, text, message });
  }

  private record(issue: SseIssue): void {
    this.transcript.issues.push(issue);
    this.issueListener?.(issue);
  }

  /** Keeps the held lines unless they are an event's one rebuildable line. */
  private release(rebuildable: boolean): void {
    if (!rebuildable) for (const line of this.held) this.transcript.lines.push(line);
    this.held = [];
  }

  /** Records an event eventsource-parser completed, with its raw line span. */
  private dispatch(message: EventSourceMessage): void {
    const terminated = this.terminating;
    const firstLine = this.eventStart >= 0 ? this.eventStart : this.currentLine;
    const event: SseEvent = {
      index: this.eventCount++,
      data: message.data,
      firstLine,
      lastLine: terminated ? Math.max(firstLine, this.currentLine - 1) : this.currentLine,
      terminated,
      at: this.now,
    };
    if (message.event !== undefined) event.event = message.event;
    if (message.id !== undefined) event.id = message.id;
    if (this.keepEvents) this.transcript.events.push(event);
    this.after = 0;
    this.firstAfter = -1;
    this.lastDispatched = event;
    this.listener?.(event);
  }

  private lineText(index: number): string {
    return this.transcript.lines.find((l) => l.index === index)?.text ?? this.recentLines(index)[0] ?? '';
  }
}

/** Reads a whole stream at once (for recorded transcripts and tests). */
export function readSse(input: Uint8Array | string): SseTranscript {
  const reader = new SseReader();
  reader.push(input);
  return reader.end();
}

/** Whether `held` is exactly the one line `data: ${data}` of `event`, ended by LF. */
function isPlainDataLine(held: SseLine[], event: SseEvent): boolean {
  const line = held[0];
  return (
    held.length === 1 &&
    line !== undefined &&
    line.terminator === '\n' &&
    line.index === event.firstLine &&
    line.text.length === event.data.length + 6 &&
    line.text.startsWith('data: ') &&
    // A slice compares as flat memory; endsWith walks a sliced string one character at a time.
    line.text.slice(6) === event.data
  );
}

/** The position of the first element whose `key` is at least `value`, in an array sorted by it. */
function lowerBound<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]!) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The raw text of lines `first..last` of a transcript, for evidence; in a transcript that kept only
 * unusual lines, the others are rebuilt from the events.
 */
export function rawLines(
  transcript: Pick<SseTranscript, 'lines'> & Partial<Pick<SseTranscript, 'events' | 'lineCount'>>,
  first: number,
  last: number = first,
): string[] {
  const { lines } = transcript;
  // Lines kept from the start are dense (index === position): slice instead of scanning, so quoting
  // every event of a long stream stays linear.
  if (lines[first]?.index === first && lines[last]?.index === last) {
    return lines.slice(first, last + 1).map((l) => l.text);
  }
  if (transcript.lineCount === undefined) {
    return lines.filter((l) => l.index >= first && l.index <= last).map((l) => l.text);
  }
  const events = transcript.events ?? [];
  const out: string[] = [];
  let k = lowerBound(lines, first, (l) => l.index);
  for (let i = first; i <= Math.min(last, transcript.lineCount - 1); i++) {
    if (lines[k]?.index === i) {
      out.push(lines[k++]!.text);
      continue;
    }
    const event = events[lowerBound(events, i, (e) => e.firstLine)];
    out.push(event?.firstLine === i ? `data: ${event.data}` : '');
  }
  return out;
}
