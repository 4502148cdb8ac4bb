import { judgePacing, MIN_CONTENT_CHUNKS, MIN_GENERATION_MS, notApplicable, whenSkipped } from '../judge';
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
