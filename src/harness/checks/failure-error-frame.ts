import type { Check, Finding, ScenarioRun } from '../types';
import { type FailedStream, failureSignals, lastLines, successStatusStreams } from '../judge/failure';
import { notApplicable, whenSkipped } from '../judge/service';

/** Why a failed stream without an error frame left its clients none the wiser. */
function missingFrame(exchange: FailedStream): Finding {
  const { response } = exchange;
  const signals = failureSignals(response.sse);
  const base = { exchange: exchange.label };
  if (signals.namedErrorEvents.length > 0) {
    return {
      ...base,
      message:
        'the failure is an `event: error` without a `data: {"error":…}` object; openai-python and the AI SDK ignore it',
      evidence: signals.namedErrorEvents.flatMap((e) => e.evidence),
    };
  }
  if (signals.errorLines.length > 0) {
    return {
      ...base,
      message: 'the failure is a non-SSE `error:` line, which every client drops',
      evidence: signals.errorLines,
    };
  }
  if (response.end === 'timeout') {
    return {
      ...base,
      message: `the stream neither ended nor reported the failure (read timed out after ${response.endedAt} ms)`,
      evidence: lastLines(response.sse),
    };
  }
  return {
    ...base,
    message: 'the failed stream just ends, without an error frame; both OpenAI SDKs take that for a success',
    evidence: lastLines(response.sse),
  };
}

/** A finding when an official client, run against the fault, did not notice it. */
function fooledClients(run: ScenarioRun): Finding | undefined {
  const fooled = Object.entries(run.facts?.clientOutcomes ?? {}).filter(([, o]) => o === 'looked successful');
  if (fooled.length === 0) return undefined;
  return {
    message: `the failure looked successful to ${fooled.map(([c]) => c).join(', ')}`,
    evidence: fooled.map(([client, outcome]) => `${client}: ${outcome}`),
  };
}

/**
 * A stream that fails after it started says so in-band, the one failure signal every client raises on.
 * @see ../../../openapi.yaml (createChatCompletion, failure rules)
 */
export const failureErrorFrame: Check = {
  id: 'failure-error-frame',
  severity: 'must',
  compatibleSeverity: 'should',
  rule: 'A stream that fails after it started carries an in-band `data: {"error":…}` frame and then ends, without `[DONE]`.',
  offline: true,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.intent !== 'fault') return notApplicable('only fault scenarios fail on purpose');
    const streams = successStatusStreams(run);
    const fooled = fooledClients(run);
    if (streams.length === 0 && !fooled) {
      return notApplicable('the failure was reported by the HTTP status, not in a stream');
    }
    const findings: Finding[] = [];
    for (const exchange of streams) {
      const signals = failureSignals(exchange.response.sse);
      if (signals.errorFrame < 0) {
        findings.push(missingFrame(exchange));
        continue;
      }
      const done = signals.events.slice(signals.errorFrame).find((e) => e.kind === 'done');
      if (done) {
        findings.push({
          message: '[DONE] follows the error frame; the stream should end after the error',
          evidence: [...signals.events[signals.errorFrame]!.evidence, ...done.evidence],
          exchange: exchange.label,
          relaxed: 'done-after-error',
        });
      }
    }
    if (fooled) findings.push(fooled);
    return { applies: true, findings };
  },
};
