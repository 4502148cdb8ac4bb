import type { SseTranscript } from '../../sse';
import { type DecodedEvent, decodeEvents } from '../decode/decode';
import type { ScenarioRun } from '../types';
import { lastLinesOf } from './failureTrack';
import { transcriptView } from './singlePass';

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
  /** Raw `error:` lines (0-based index and text): not an SSE field, so every client drops them. */
  errorLines: Array<{ index: number; text: string }>;
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
    errorLines: sse.lines.filter((l) => /^error\s*:/i.test(l.text)),
  };
}

/** The last `count` non-blank raw lines of a stream and their 1-based numbers, for evidence of how it ended. */
export function lastLines(sse: SseTranscript, count = 2): { lines: number[]; evidence: string[] } {
  return lastLinesOf(transcriptView(sse), count);
}

/** The fault mode of a run: its `fault`, else read from a `fault-…` scenario id. */
export function faultOf(run: ScenarioRun): string | undefined {
  return run.fault ?? (run.scenario.startsWith('fault-') ? run.scenario.slice('fault-'.length) : undefined);
}
