import {
  eachStream,
  FailureTrack,
  type FindingDetail,
  firstErrorLine,
  lastLinesOf,
  notApplicable,
  type SinglePass,
  type StreamInput,
  singlePassCheck,
  successStatusStreams,
  whenSkipped,
} from '../judge';
import type { Finding, ScenarioRun } from '../types';

/** Logs why a failed stream without an error frame leaves a client without a failure to raise. */
function missingFrame({ exchange, log, stream }: StreamInput, track: FailureTrack): void {
  const { response } = exchange;
  if (track.namedError) {
    log.add(
      'the failure is an `event: error` without a `data: {"error":…}` object, which is not an error frame: a client that reads only data payloads sees no error',
      track.namedError,
    );
    return;
  }
  const line = firstErrorLine(stream);
  if (line) {
    log.atLines(line.index, line.index, 'the failure is a non-SSE `error:` line, which SSE parsers drop');
    return;
  }
  const tail = lastLinesOf(stream);
  if (response.end === 'timeout') {
    log.add(
      `the stream neither ended nor reported the failure (read timed out after ${response.endedAt} ms)`,
      tail,
    );
    return;
  }
  log.add(
    'the failed stream just ends, without an error frame: nothing in it tells a client that it failed',
    tail,
  );
}

/**
 * What official clients made of the fault in this run, as measured; a finding when any of them
 * took it for a success. The message names every client's measured outcome, never a general claim.
 */
function fooledClients(run: ScenarioRun): Finding | undefined {
  const outcomes = Object.entries(run.facts?.clientOutcomes ?? {});
  const fooled = outcomes.filter(([, o]) => o === 'looked successful');
  if (fooled.length === 0) return undefined;
  return {
    message: `an official client took the failure for a success in this run (${outcomes.map(([c, o]) => `${c}: ${o}`).join('; ')})`,
    evidence: outcomes.map(([client, outcome]) => `${client}: ${outcome}`),
  };
}

/**
 * A stream that fails after it started says so in-band, the one failure signal every client raises on.
 * @see ../../../openapi.yaml (createChatCompletion, failure rules)
 */
const pass: SinglePass = {
  reduce(input) {
    const track = new FailureTrack(input.log);
    // The first [DONE] at or after the first error frame, quoted as it passes.
    let done: FindingDetail | undefined;
    return {
      event(d) {
        track.event(d);
        if (d.kind === 'done' && track.errorFrame >= 0) done ??= input.log.detail(d);
      },
      end() {
        if (track.errorFrame < 0) {
          missingFrame(input, track);
          return;
        }
        if (done) {
          const quoted = track.errorDetail!;
          input.log.add('[DONE] follows the error frame; the stream should end after the error', {
            event: done.event!,
            lines: [...quoted.lines!, ...done.lines!],
            evidence: [...(quoted.evidence ?? []), ...(done.evidence ?? [])],
            relaxed: 'done-after-error',
          });
        }
      },
    };
  },
  judge(run, read) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.intent !== 'fault') return notApplicable('only fault scenarios fail on purpose');
    const streams = successStatusStreams(run);
    const fooled = fooledClients(run);
    if (streams.length === 0 && !fooled) {
      return notApplicable('the failure was reported by the HTTP status, not in a stream');
    }
    const outcome = eachStream(streams, '', read);
    const findings = outcome.applies ? outcome.findings : [];
    if (fooled) findings.push(fooled);
    return { applies: true, findings };
  },
};

/**
 * A stream that fails after it started says so in-band, the one failure signal every client raises on.
 * @see ../../../openapi.yaml (createChatCompletion, failure rules)
 */
export const failureErrorFrame = singlePassCheck(
  {
    id: 'failure-error-frame',
    severity: 'must',
    compatibleSeverity: 'should',
    rule: 'A stream that fails after it started carries an in-band `data: {"error":…}` frame and then ends, without `[DONE]`.',
    offline: true,
  },
  pass,
);
