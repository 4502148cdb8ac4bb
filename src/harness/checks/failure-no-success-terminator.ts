import {
  eachExchange,
  failureSignals,
  hasFinish,
  notApplicable,
  successStatusStreams,
  whenSkipped,
} from '../judge';
import type { Check } from '../types';

/**
 * A failed stream must not end the way a successful one does: no finish after the failure and no
 * `[DONE]` (nanobot once closed failed streams with `finish_reason: "stop"` and `[DONE]`).
 * `[DONE]` after an in-band error frame is the failure-error-frame check's finding.
 * @see ../../../openapi.yaml (createChatCompletion, failure rules)
 */
export const failureNoSuccessTerminator: Check = {
  id: 'failure-no-success-terminator',
  severity: 'must',
  rule: 'A stream that failed has no chunk with a non-null `finish_reason` after the failure point and no `data: [DONE]` that passes it off as a success.',
  offline: true,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.intent !== 'fault') return notApplicable('only fault scenarios fail on purpose');
    const streams = successStatusStreams(run);
    if (streams.length === 0)
      return notApplicable('the failure was reported by the HTTP status, not in a stream');
    return eachExchange(streams, '', (exchange, log) => {
      const signals = failureSignals(exchange.response.sse);
      const after = signals.events.slice(signals.failurePoint);
      const finish = after.find((e) => e.kind === 'chunk' && hasFinish(e.json));
      if (finish) {
        log.at(
          finish,
          signals.errorFrame >= 0
            ? 'a chunk with a finish_reason follows the error frame'
            : 'the failed stream carries a finish_reason, as if generation had completed',
        );
      }
      const done = after.find((e) => e.kind === 'done');
      if (done && signals.errorFrame < 0) {
        log.at(done, 'the failed stream ends with [DONE] and no error frame, the way a complete stream ends');
      }
    });
  },
};
