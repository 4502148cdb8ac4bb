import { lastUserText, parseDirectives } from '../../contract';
import { decodeEvents, eventDetail, isSuccessStatus, notApplicable, whenSkipped } from '../judge';
import type { Check, Exchange, Finding } from '../types';

/** Shorter generations, or fewer chunks, cannot tell buffering from a fast answer. */
const MIN_GENERATION_MS = 200;
const MIN_CONTENT_CHUNKS = 5;
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

/**
 * Tokens reach the client as they are generated, not in one burst at the end — what a buffering
 * proxy or response compression does to a stream.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html (events are dispatched as they arrive)
 */
export const streamIncremental: Check = {
  id: 'stream-incremental',
  severity: 'should',
  rule: 'A stream whose generation spans time arrives spread over that time, not in one burst at the end (buffering proxies, compression).',
  offline: true,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    // Pacing comes from a directive: judging by it assumes the target honoured it.
    if (!run.facts?.directivesHonoured) {
      return notApplicable(
        'the target was not declared to honour directives (--fault-directives or --fault-upstream), so the pacing a stream was asked for is unknown',
      );
    }
    const findings: Finding[] = [];
    let judged = 0;
    for (const exchange of run.exchanges) {
      const response = exchange.response;
      if (!response?.sse || !isSuccessStatus(response.status)) continue;
      const content = decodeEvents(response.sse).filter(
        (e) => e.kind === 'chunk' && carriesOutput(e.json.choices),
      );
      if (content.length < MIN_CONTENT_CHUNKS) continue;
      const generation = generationMs(exchange, content.length, response.endedAt);
      if (generation === undefined || generation < MIN_GENERATION_MS) continue;
      judged++;
      const lastAt = content.at(-1)!.event.at;
      const tailStart = lastAt - generation * TAIL_SHARE;
      const late = content.filter((e) => e.event.at >= tailStart);
      if (late.length > content.length * BURST_SHARE) {
        findings.push({
          message:
            `${late.length} of ${content.length} content chunks arrived within ${lastAt - late[0]!.event.at} ms ` +
            `(at ${late[0]!.event.at}–${lastAt} ms) of a generation paced over ${generation} ms: ` +
            'the stream was buffered, not delivered as generated',
          exchange: exchange.label,
          ...eventDetail(response.sse, late[0]!),
        });
      }
    }
    if (judged === 0) {
      return notApplicable(
        `no stream was paced (delay-ms directive) over ${MIN_GENERATION_MS} ms with ${MIN_CONTENT_CHUNKS} content chunks`,
      );
    }
    return { applies: true, findings };
  },
};
