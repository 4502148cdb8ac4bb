import { lastUserText, parseDirectives } from '../../contract';
import type { DecodedEvent } from '../decode/decode';
import type { CheckOutcome, Exchange, Finding, ScenarioRun } from '../types';
import { isSuccessStatus, type StreamExchange } from './exchanges';
import { type FindingDetail, lineNumbers, notApplicable, whenSkipped } from './findings';
import { idleReducer, type SinglePass, type StreamReducer, type StreamView } from './singlePass';

/** Shorter generations, or fewer chunks, cannot tell buffering from a fast answer. */
export const MIN_GENERATION_MS = 200;
export const MIN_CONTENT_CHUNKS = 5;
/** A burst: more than this share of the content chunks … */
const BURST_SHARE = 0.9;
/** … arriving within this share of the generation time, counted back from the last chunk. */
const TAIL_SHARE = 0.1;

/** Whether a chunk carries generated output (text, a refusal or a tool-call fragment). */
function carriesOutput(choices: Array<{ delta?: Record<string, unknown> }> | undefined): boolean {
  return (choices ?? []).some((c) => {
    const d = c.delta ?? {};
    return (
      (typeof d.content === 'string' && d.content !== '') ||
      typeof d.refusal === 'string' ||
      Array.isArray(d.tool_calls)
    );
  });
}

/** How the request paced its generation: a wait between chunks (`delay-ms`), the whole stream (`fault=slow`), or not at all. */
type Paced = { delayMs: number } | { slow: true } | undefined;

/**
 * The pacing a request asked for with a directive (`delay-ms`, or `fault=slow`). Without pacing an
 * instant backend behind a slow first response is indistinguishable from a buffered stream, so
 * there is nothing to judge.
 */
function pacedBy(exchange: Exchange): Paced {
  const messages = exchange.requestJson?.messages;
  if (!Array.isArray(messages)) return undefined;
  const directives = parseDirectives(lastUserText(messages));
  if (directives.delayMs && directives.delayMs > 0) return { delayMs: directives.delayMs };
  if (directives.fault === 'slow') return { slow: true };
  return undefined;
}

/** What the pacing rule makes of one exchange: not judged (unpaced, too short), or judged with a burst or none. */
export type Pacing = { judged: false } | { judged: true; burst?: { message: string } & FindingDetail };

/**
 * The arrival times of a stream's content chunks, one entry per distinct time (chunks arriving
 * together share it), with the location of the first chunk of each: the burst rule needs the
 * tail of the stream, whose length is known only at its end, and this keeps it without the events.
 */
class Arrivals {
  readonly at: number[] = [];
  readonly count: number[] = [];
  /** Per entry: the 1-based event number and the 0-based first and last raw line of its first chunk. */
  readonly event: number[] = [];
  readonly firstLine: number[] = [];
  readonly lastLine: number[] = [];
  total = 0;

  add(d: DecodedEvent): void {
    this.total++;
    const last = this.at.length - 1;
    if (last >= 0 && this.at[last] === d.event.at) {
      this.count[last]!++;
      return;
    }
    this.at.push(d.event.at);
    this.count.push(1);
    this.event.push(d.event.index + 1);
    this.firstLine.push(d.event.firstLine);
    this.lastLine.push(d.event.lastLine);
  }
}

/**
 * Judges whether a paced stream arrived spread over its generation time or in one burst at the
 * end, from the content chunks' arrival times; `stream` quotes the burst's first chunk.
 */
function judgeArrivals(arrivals: Arrivals, generation: number, stream: StreamView): Pacing {
  const n = arrivals.at.length;
  const lastAt = arrivals.at[n - 1]!;
  const tailStart = lastAt - generation * TAIL_SHARE;
  let late = 0;
  let first = -1;
  for (let i = 0; i < n; i++) {
    if (arrivals.at[i]! < tailStart) continue;
    late += arrivals.count[i]!;
    if (first < 0) first = i;
  }
  if (late <= arrivals.total * BURST_SHARE) return { judged: true };
  const from = arrivals.at[first]!;
  const lines = [arrivals.firstLine[first]!, arrivals.lastLine[first]!] as const;
  return {
    judged: true,
    burst: {
      message:
        `${late} of ${arrivals.total} content chunks arrived within ${lastAt - from} ms ` +
        `(at ${from}–${lastAt} ms) of a generation paced over ${generation} ms: ` +
        'the stream was buffered, not delivered as generated',
      event: arrivals.event[first]!,
      lines: lineNumbers(...lines),
      evidence: stream.lines(...lines),
    },
  };
}

const NOT_JUDGED: StreamReducer<Pacing> = idleReducer({ judged: false });

/**
 * The pacing rule's pass over one stream: keeps the content chunks' arrival times when the request
 * paced its generation (nothing otherwise) and judges them when the stream ends.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html (events are dispatched as they arrive)
 */
export function pacingReducer(exchange: StreamExchange, stream: StreamView): StreamReducer<Pacing> {
  const paced = isSuccessStatus(exchange.response.status) ? pacedBy(exchange) : undefined;
  if (!paced) return NOT_JUDGED;
  const arrivals = new Arrivals();
  return {
    event(d) {
      if (d.kind === 'chunk' && carriesOutput(d.json.choices)) arrivals.add(d);
    },
    end() {
      if (arrivals.total < MIN_CONTENT_CHUNKS) return { judged: false };
      const generation =
        'delayMs' in paced ? paced.delayMs * (arrivals.total - 1) : exchange.response.endedAt;
      if (generation < MIN_GENERATION_MS) return { judged: false };
      return judgeArrivals(arrivals, generation, stream);
    },
  };
}

/**
 * Why a pacing check cannot judge this run, or undefined when it can: a skipped scenario, or a
 * target not declared to honour directives — the pacing a stream asked for is then unknown, and a
 * fast answer would pass for a buffered one.
 */
export function whenPacingUnknown(run: ScenarioRun): CheckOutcome | undefined {
  const skipped = whenSkipped(run);
  if (skipped) return skipped;
  if (run.facts?.directivesHonoured) return undefined;
  return notApplicable(
    'the target was not declared to honour directives (--fault-directives or --fault-upstream), so the pacing a stream was asked for is unknown',
  );
}

/**
 * The single-pass form of a pacing check: the streamed 2xx exchanges `select` picks are judged by
 * {@link pacingReducer}; `describe` words a burst's finding. Does not apply when the run's pacing
 * is unknown ({@link whenPacingUnknown}) or no stream was paced long enough to tell.
 */
export function pacingPass(
  select: (exchange: Exchange) => boolean,
  whenNone: string,
  describe: (burst: string, exchange: StreamExchange) => string = (burst) => burst,
): SinglePass<Pacing> {
  return {
    reduce: ({ exchange, stream, run }) =>
      whenPacingUnknown(run) || !select(exchange) ? NOT_JUDGED : pacingReducer(exchange, stream),
    judge(run, read) {
      const unknown = whenPacingUnknown(run);
      if (unknown) return unknown;
      const findings: Finding[] = [];
      let judged = 0;
      for (const exchange of run.exchanges) {
        if (!isPacedStream(exchange) || !select(exchange)) continue;
        const pacing = read(exchange).result;
        if (!pacing.judged) continue;
        judged++;
        if (!pacing.burst) continue;
        const { message, ...detail } = pacing.burst;
        findings.push({ message: describe(message, exchange), ...detail, exchange: exchange.label });
      }
      if (judged === 0) return notApplicable(whenNone);
      return { applies: true, findings };
    },
  };
}

/** Whether an exchange is a 2xx event stream that asked for pacing: the only ones a pacing pass reads. */
function isPacedStream(exchange: Exchange): exchange is StreamExchange {
  const response = exchange.response;
  return Boolean(response?.sse) && isSuccessStatus(response!.status) && pacedBy(exchange) !== undefined;
}
