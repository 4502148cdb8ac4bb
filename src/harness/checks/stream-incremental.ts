import { decodeEvents } from '../decode';
import type { Check, Finding } from '../types';
import { isSuccessStatus, notApplicable, whenSkipped } from './util-service';

/** Shorter responses, or fewer chunks, cannot tell buffering from a fast answer. */
const MIN_DURATION_MS = 200;
const MIN_CONTENT_CHUNKS = 5;
/** A burst: more than this share of the chunks … */
const BURST_SHARE = 0.9;
/** … arriving within this last share of the response's duration. */
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
    if (run.intent !== 'success') return notApplicable('only streams meant to succeed are timed');
    const findings: Finding[] = [];
    let judged = 0;
    for (const exchange of run.exchanges) {
      const response = exchange.response;
      if (!response?.sse || !isSuccessStatus(response.status)) continue;
      const content = decodeEvents(response.sse).filter(
        (e) => e.kind === 'chunk' && carriesOutput(e.json.choices),
      );
      const duration = Math.max(response.endedAt, ...response.sse.events.map((e) => e.at));
      if (duration < MIN_DURATION_MS || content.length < MIN_CONTENT_CHUNKS) continue;
      judged++;
      const tailStart = duration * (1 - TAIL_SHARE);
      const late = content.filter((e) => e.event.at >= tailStart);
      if (late.length > content.length * BURST_SHARE) {
        const first = late[0]!;
        findings.push({
          message:
            `${late.length} of ${content.length} content chunks arrived between ${first.event.at} ms and ` +
            `${duration} ms of a ${duration} ms response: the stream was buffered, not delivered as generated`,
          evidence: first.evidence,
          exchange: exchange.label,
        });
      }
    }
    if (judged === 0) {
      return notApplicable(
        `no stream lasted ${MIN_DURATION_MS} ms with ${MIN_CONTENT_CHUNKS} content chunks`,
      );
    }
    return { applies: true, findings };
  },
};
