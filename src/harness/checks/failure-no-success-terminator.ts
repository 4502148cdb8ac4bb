import {
  eachStream,
  FailureTrack,
  notApplicable,
  type SinglePass,
  singlePassCheck,
  successStatusStreams,
  whenSkipped,
} from '../judge';

const pass: SinglePass = {
  reduce({ log }) {
    const track = new FailureTrack(log);
    return {
      event: (d) => track.event(d),
      end() {
        const finish = track.finishAfterFailure();
        if (finish) {
          log.add(
            track.errorFrame >= 0
              ? 'a chunk with a finish_reason follows the error frame'
              : 'the failed stream carries a finish_reason, as if generation had completed',
            finish,
          );
        }
        const done = track.doneAfterFailure();
        if (done && track.errorFrame < 0) {
          log.add(
            'the failed stream ends with [DONE] and no error frame, the way a complete stream ends',
            done,
          );
        }
      },
    };
  },
  judge(run, read) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.intent !== 'fault') return notApplicable('only fault scenarios fail on purpose');
    const streams = successStatusStreams(run);
    if (streams.length === 0)
      return notApplicable('the failure was reported by the HTTP status, not in a stream');
    return eachStream(streams, '', read);
  },
};

/**
 * A failed stream must not end the way a successful one does: no finish after the failure and no
 * `[DONE]` (nanobot once closed failed streams with `finish_reason: "stop"` and `[DONE]`).
 * `[DONE]` after an in-band error frame is the failure-error-frame check's finding.
 * @see ../../../openapi.yaml (createChatCompletion, failure rules)
 */
export const failureNoSuccessTerminator = singlePassCheck(
  {
    id: 'failure-no-success-terminator',
    severity: 'must',
    rule: 'A stream that failed has no chunk with a non-null `finish_reason` after the failure point and no `data: [DONE]` that passes it off as a success.',
    offline: true,
  },
  pass,
);
