import { lastUserText, parseDirectives } from '../../contract';
import { decodeEvents } from '../decode/decode';
import type { CheckOutcome, Exchange, ScenarioRun } from '../types';
import { isSuccessStatus } from './exchanges';
import { eventDetail, type FindingDetail, notApplicable, whenSkipped } from './findings';

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

/**
 * How long generating the content chunks took, when the request paced it with a directive
 * (`delay-ms`, or `fault=slow`). Without pacing an instant backend behind a slow first response is
 * indistinguishable from a buffered stream, so there is nothing to judge.
 */
function generationMs(exchange: Exchange, contentChunks: number, duration: number): number | undefined {
  const messages = exchange.requestJson?.messages;
  if (!Array.isArray(messages)) return undefined;
  const directives = parseDirectives(lastUserText(messages));
  if (directives.delayMs && directives.delayMs > 0) return directives.delayMs * (contentChunks - 1);
  if (directives.fault === 'slow') return duration;
  return undefined;
}

/** What the pacing rule makes of one exchange: not judged (unpaced, too short), or judged with a burst or none. */
export type Pacing = { judged: false } | { judged: true; burst?: { message: string } & FindingDetail };

/**
 * Judges whether a paced stream arrived spread over its generation time or in one burst at the end.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html (events are dispatched as they arrive)
 */
export function judgePacing(exchange: Exchange): Pacing {
  const response = exchange.response;
  if (!response?.sse || !isSuccessStatus(response.status)) return { judged: false };
  const content = decodeEvents(response.sse).filter(
    (e) => e.kind === 'chunk' && carriesOutput(e.json.choices),
  );
  if (content.length < MIN_CONTENT_CHUNKS) return { judged: false };
  const generation = generationMs(exchange, content.length, response.endedAt);
  if (generation === undefined || generation < MIN_GENERATION_MS) return { judged: false };
  const lastAt = content.at(-1)!.event.at;
  const tailStart = lastAt - generation * TAIL_SHARE;
  const late = content.filter((e) => e.event.at >= tailStart);
  if (late.length <= content.length * BURST_SHARE) return { judged: true };
  return {
    judged: true,
    burst: {
      message:
        `${late.length} of ${content.length} content chunks arrived within ${lastAt - late[0]!.event.at} ms ` +
        `(at ${late[0]!.event.at}–${lastAt} ms) of a generation paced over ${generation} ms: ` +
        'the stream was buffered, not delivered as generated',
      ...eventDetail(response.sse, late[0]!),
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
