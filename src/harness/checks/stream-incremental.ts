import {
  judgePacing,
  MIN_CONTENT_CHUNKS,
  MIN_GENERATION_MS,
  notApplicable,
  whenPacingUnknown,
} from '../judge';
import type { Check, Finding } from '../types';

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
    const unknown = whenPacingUnknown(run);
    if (unknown) return unknown;
    const findings: Finding[] = [];
    let judged = 0;
    for (const exchange of run.exchanges) {
      const pacing = judgePacing(exchange);
      if (!pacing.judged) continue;
      judged++;
      if (pacing.burst) findings.push({ ...pacing.burst, exchange: exchange.label });
    }
    if (judged === 0) {
      return notApplicable(
        `no stream was paced (delay-ms directive) over ${MIN_GENERATION_MS} ms with ${MIN_CONTENT_CHUNKS} content chunks`,
      );
    }
    return { applies: true, findings };
  },
};
