import { rawLines, type SseTranscript } from '../../sse';
import { type DecodedEvent, decodeEvents } from '../decode/decode';
import type { ScenarioRun } from '../types';
import { lineNumbers } from './findings';

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
  const total = sse.lineCount ?? (sse.lines.at(-1)?.index ?? -1) + 1;
  const evidence: string[] = [];
  const lines: number[] = [];
  // From the end back: only the last few lines are read, also when most were not kept.
  for (let i = total - 1; i >= 0 && evidence.length < count; i--) {
    const text = rawLines(sse, i)[0];
    if (text) {
      evidence.unshift(text);
      lines.unshift(...lineNumbers(i, i));
    }
  }
  return evidence.length > 0 ? { lines, evidence } : { lines: [], evidence: ['(empty body)'] };
}

/** The fault mode of a run: its `fault`, else read from a `fault-…` scenario id. */
export function faultOf(run: ScenarioRun): string | undefined {
  return run.fault ?? (run.scenario.startsWith('fault-') ? run.scenario.slice('fault-'.length) : undefined);
}
