import { rawLines, type SseIssue, type SseTranscript } from '../../sse';
import { type DecodedEvent, decodeEvents } from '../decode/decode';
import type { Check, CheckOutcome, Finding, ScenarioRun } from '../types';
import type { StreamExchange } from './exchanges';
import { FindingLog, notApplicable } from './findings';

/**
 * What a reducer may ask of its stream besides the events. Over a kept transcript everything is
 * there; while a recording streams past, only a window of recent raw lines is, so a reducer quotes
 * an event while it is the current one ({@link FindingLog.at}, {@link FindingLog.detail}).
 */
export interface StreamView {
  /** Raw lines `first..last` (0-based) that are still available, in order. */
  lines(first: number, last?: number): string[];
  /** The framing issues the reader reported (complete once the stream ended). */
  issues(): readonly SseIssue[];
  /** How many raw lines were read (complete once the stream ended). */
  lineCount(): number;
  /** Non-blank lines after the last event (comments, stray text) and the 0-based index of the first, or -1. */
  linesAfterLastEvent(): { count: number; first: number };
}

/** The view of a kept transcript: every line, rebuilt from the events where they were not kept. */
export function transcriptView(transcript: SseTranscript): StreamView {
  const lineCount = () => transcript.lineCount ?? (transcript.lines.at(-1)?.index ?? -1) + 1;
  return {
    lines: (first, last = first) => rawLines(transcript, first, last),
    issues: () => transcript.issues,
    lineCount,
    linesAfterLastEvent() {
      const last = transcript.events.at(-1);
      const from = last ? last.lastLine + 1 : 0;
      const rest = rawLines(transcript, from, lineCount() - 1);
      const at = rest.findIndex((l) => l !== '');
      return { count: rest.filter((l) => l !== '').length, first: at < 0 ? -1 : from + at };
    },
  };
}

/** What a check's reducer is given for one streamed exchange. */
export interface StreamInput {
  exchange: StreamExchange;
  /** The exchange's findings log, quoting from `stream`; capped per exchange. */
  log: FindingLog;
  stream: StreamView;
  /** The run being judged; its `intent` is final only when the stream has ended. */
  run: ScenarioRun;
}

/**
 * One check's pass over one stream: sees decoded events one at a time, keeps only the state its
 * rule needs (per choice, or a few events' quoted details), and logs findings as it goes or at the end.
 */
export interface StreamReducer<R = void> {
  event(d: DecodedEvent): void;
  /**
   * Raw lines (0-based `index`) as they are read, before the event they complete: only for rules
   * about lines that form no event. A runner may leave out the blocks that are exactly one `data:`
   * line (that line and its blank line): nearly every event of a stream, and never such a rule's
   * concern. Reducers without it cost nothing per line.
   */
  line?(text: string, index: number): void;
  /**
   * Set when a chunk that repeats the previous chunk's frame with a delta of only `content` text
   * (`isContentRepeat`) can change nothing here: no state, no finding. A runner may then skip such
   * chunks — most of a long answer. A reducer that counts chunks, or reads content, leaves it unset.
   */
  readonly skipsContentRepeats?: boolean;
  /** Set by {@link idleReducer}: the reducer ignores every event and line, so a runner need not call it. */
  readonly idle?: boolean;
  /** The stream ended: issues, line count and the exchange's `end` are final. */
  end(): R;
}

/**
 * A reducer with nothing to read on this stream (its rule cannot apply to it, as known before the
 * first event): gives `result` at the end and is not fed events at all.
 */
export function idleReducer<R>(result: R): StreamReducer<R> {
  return { idle: true, event() {}, end: () => result };
}

/** One judged stream: its findings (capped) and whatever else the reducer returned. */
export interface Judged<R> {
  findings: Finding[];
  result: R;
}

/**
 * The single-pass form of a check: a reducer per streamed exchange, and the judgement of a run that
 * reads each judged stream's outcome through `read`. `check.run` is derived from it
 * ({@link singlePassCheck}); `check-transcript` feeds the reducers while the bytes stream in.
 */
export interface SinglePass<R = void> {
  reduce(input: StreamInput): StreamReducer<R>;
  judge(run: ScenarioRun, read: (exchange: StreamExchange) => Judged<R>): CheckOutcome;
}

/** Feeds a kept transcript's events through a fresh reducer: what `run` does for a live or recorded run. */
export function reduceTranscript<R>(
  pass: SinglePass<R>,
  exchange: StreamExchange,
  run: ScenarioRun,
): Judged<R> {
  const sse = exchange.response.sse;
  const stream = transcriptView(sse);
  const log = new FindingLog(exchange.label, stream);
  const reducer = pass.reduce({ exchange, log, stream, run });
  if (reducer.line) feedWithLines(reducer as LineReducer<R>, sse, stream);
  else for (const d of decodeEvents(sse)) reducer.event(d);
  const result = reducer.end();
  return { findings: log.findings(), result };
}

/** A reducer that reads raw lines. */
type LineReducer<R> = StreamReducer<R> & Required<Pick<StreamReducer<R>, 'line'>>;

/** Feeds a kept transcript's lines and events in the order a reader meets them: an event after the blank line that completes it. */
function feedWithLines<R>(reducer: LineReducer<R>, sse: SseTranscript, stream: StreamView): void {
  const count = stream.lineCount();
  const lines = count > 0 ? stream.lines(0, count - 1) : [];
  let next = 0;
  const upTo = (last: number) => {
    for (; next <= Math.min(last, lines.length - 1); next++) reducer.line(lines[next]!, next);
  };
  for (const d of decodeEvents(sse)) {
    upTo(d.event.terminated ? d.event.lastLine + 1 : d.event.lastLine);
    reducer.event(d);
  }
  upTo(lines.length - 1);
}

/** A check's outcome on a run whose streams are kept, through its single-pass form. */
export function runSinglePass<R>(pass: SinglePass<R>, run: ScenarioRun): CheckOutcome {
  return pass.judge(run, (exchange) => reduceTranscript(pass, exchange, run));
}

/**
 * The loop of most stream checks: the findings of every judged stream, `{ applies: false }` when
 * none applies (the single-pass counterpart of `eachExchange`).
 */
export function eachStream<R>(
  exchanges: readonly StreamExchange[],
  whenNone: string,
  read: (exchange: StreamExchange) => Judged<R>,
): CheckOutcome {
  if (exchanges.length === 0) return notApplicable(whenNone);
  return { applies: true, findings: exchanges.flatMap((e) => read(e).findings) };
}

/**
 * A reducer-only pass: the exchanges `select` picks are each judged by a reducer whose findings are
 * the outcome (what most sequence and frame checks are).
 */
export function streamPass(
  select: (run: ScenarioRun) => readonly StreamExchange[],
  whenNone: string,
  reduce: (input: StreamInput) => StreamReducer,
): SinglePass {
  return { reduce, judge: (run, read) => eachStream(select(run), whenNone, read) };
}

/** A check with a single-pass form; its `run` feeds each judged transcript through the reducer. */
export function singlePassCheck<R>(check: Omit<Check, 'run' | 'pass'>, pass: SinglePass<R>): Check {
  return { ...check, pass: pass as SinglePass<unknown>, run: (run) => runSinglePass(pass, run) };
}
