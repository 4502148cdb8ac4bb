import type { DecodedEvent } from '../decode/decode';
import { hasFinish } from '../decode/decode';
import type { FindingDetail, FindingLog } from './findings';
import type { StreamView } from './singlePass';

/** Where a failure can be said to start: the first error frame, else the first undecodable event, else the start. */
type Anchor = 'error' | 'invalid' | 'start';

/**
 * A failed stream's signals, read in one pass (the single-pass form of {@link failureSignals}):
 * the first error frame, the first finish and `[DONE]` at or after each possible failure point, and
 * the first `event: error` without an error object, each quoted as it passes.
 */
export class FailureTrack {
  /** Index of the first in-band `data: {"error":…}` frame, or -1. */
  errorFrame = -1;
  errorDetail: FindingDetail | undefined;
  /** The first `event: error` whose data is not an error object (openai-python ignores it). */
  namedError: FindingDetail | undefined;
  private invalid = -1;
  private readonly finish: Partial<Record<Anchor, FindingDetail>> = {};
  private readonly done: Partial<Record<Anchor, FindingDetail>> = {};

  constructor(private readonly log: FindingLog) {}

  event(d: DecodedEvent): void {
    const index = d.event.index;
    if (d.kind === 'error' && this.errorFrame < 0) {
      this.errorFrame = index;
      this.errorDetail = this.log.detail(d);
    }
    if (d.kind === 'invalid-json' && this.invalid < 0) this.invalid = index;
    if (d.event.event === 'error' && d.kind !== 'error') this.namedError ??= this.log.detail(d);
    const into =
      d.kind === 'done' ? this.done : d.kind === 'chunk' && hasFinish(d.json) ? this.finish : undefined;
    if (!into) return;
    // Only the first of each is ever reported; later ones are not quoted.
    if (!into.start) into.start = this.log.detail(d);
    if (this.invalid >= 0 && !into.invalid)
      into.invalid = into.start.event === index + 1 ? into.start : this.log.detail(d);
    if (this.errorFrame >= 0 && !into.error) into.error = this.log.detail(d);
  }

  /** Where the failure shows: the error frame, else the first undecodable event, else the start. */
  private anchor(): Anchor {
    return this.errorFrame >= 0 ? 'error' : this.invalid >= 0 ? 'invalid' : 'start';
  }

  /** The first chunk with a finish reason at or after the failure point. */
  finishAfterFailure(): FindingDetail | undefined {
    return this.finish[this.anchor()];
  }

  /** The first `[DONE]` at or after the failure point. */
  doneAfterFailure(): FindingDetail | undefined {
    return this.done[this.anchor()];
  }
}

/** The first raw `error:` line (0-based index and text): not an SSE field, so every client drops it. */
export function firstErrorLine(stream: StreamView): { index: number; text: string } | undefined {
  const issue = stream.issues().find((i) => i.kind === 'unknown-field' && /^error\s*:/i.test(i.text));
  return issue && { index: issue.line, text: issue.text };
}

/** The last `count` non-blank raw lines of a stream and their 1-based numbers, for evidence of how it ended. */
export function lastLinesOf(stream: StreamView, count = 2): { lines: number[]; evidence: string[] } {
  const evidence: string[] = [];
  const lines: number[] = [];
  // From the end back: only the last few lines are read, also when most were not kept.
  for (let i = stream.lineCount() - 1; i >= 0 && evidence.length < count; i--) {
    const text = stream.lines(i)[0];
    if (text === undefined) break;
    if (text) {
      evidence.unshift(text);
      lines.unshift(i + 1);
    }
  }
  return evidence.length > 0 ? { lines, evidence } : { lines: [], evidence: ['(empty body)'] };
}
