import { rawLines, type SseTranscript } from '../../sse';
import { type DecodedEvent, decodeEvents } from '../decode/decode';
import type { Exchange, RecordedResponse, ScenarioRun } from '../types';
import { isSuccessStatus } from './service';

/** A 2xx streamed exchange of a fault run: the failure has to show inside the stream. */
export type FailedStream = Exchange & { response: RecordedResponse & { sse: SseTranscript } };

/** The exchanges of a run that answered 2xx with an event stream. */
export function successStatusStreams(run: ScenarioRun): FailedStream[] {
  return run.exchanges.filter((e): e is FailedStream =>
    Boolean(e.response?.sse && isSuccessStatus(e.response.status)),
  );
}

/** What a failed stream carried, read the way clients read it. */
export interface FailureSignals {
  events: DecodedEvent[];
  /** Index (among events) of the first in-band `data: {"error":…}` frame, or -1. */
  errorFrame: number;
  /**
   * Where the failure shows: the error frame, else the first undecodable event, else 0 — in a
   * fault run with no sign of the failure, nothing in the stream may end it like a success.
   */
  failurePoint: number;
  /** `event: error` events whose data is not an error object (openai-python ignores them). */
  namedErrorEvents: DecodedEvent[];
  /** Raw `error:` lines: not an SSE field, so every client drops them. */
  errorLines: string[];
}

/** Reads a stream's failure signals. */
export function failureSignals(sse: SseTranscript): FailureSignals {
  const events = decodeEvents(sse);
  const errorFrame = events.findIndex((e) => e.kind === 'error');
  const invalid = events.findIndex((e) => e.kind === 'invalid-json');
  return {
    events,
    errorFrame,
    failurePoint: errorFrame >= 0 ? errorFrame : Math.max(invalid, 0),
    namedErrorEvents: events.filter((e) => e.event.event === 'error' && e.kind !== 'error'),
    errorLines: sse.lines.filter((l) => /^error\s*:/i.test(l.text)).map((l) => l.text),
  };
}

/** Whether a decoded event is a chunk with a non-null `finish_reason`. */
export function isFinish(event: DecodedEvent): boolean {
  return event.kind === 'chunk' && (event.json.choices ?? []).some((c) => c.finish_reason != null);
}

/** The last `count` non-blank raw lines of a stream, for evidence of how it ended. */
export function lastLines(sse: SseTranscript, count = 2): string[] {
  const total = sse.lineCount ?? (sse.lines.at(-1)?.index ?? -1) + 1;
  const lines: string[] = [];
  // From the end back: only the last few lines are read, also when most were not kept.
  for (let i = total - 1; i >= 0 && lines.length < count; i--) {
    const text = rawLines(sse, i)[0];
    if (text) lines.unshift(text);
  }
  return lines.length > 0 ? lines : ['(empty body)'];
}

/** The fault mode of a run: its `fault`, else read from a `fault-…` scenario id. */
export function faultOf(run: ScenarioRun): string | undefined {
  return run.fault ?? (run.scenario.startsWith('fault-') ? run.scenario.slice('fault-'.length) : undefined);
}
