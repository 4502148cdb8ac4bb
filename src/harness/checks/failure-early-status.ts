import {
  envelopeProblems,
  excerpt,
  faultOf,
  isSuccessStatus,
  mediaType,
  notApplicable,
  statusLine,
  whenSkipped,
} from '../judge';
import type { Check, Finding, RecordedResponse } from '../types';

/** Faults that strike before anything was sent, so the status can still tell the truth. */
function failsBeforeFirstToken(fault: string | undefined): boolean {
  return fault === 'before-first-token' || /^http-\d{3}$/.test(fault ?? '');
}

function describeSuccessAnswer(response: RecordedResponse): string {
  if (response.body === '') return `${response.status} with an empty body`;
  if (mediaType(response.headers['content-type']) === 'text/event-stream')
    return `${response.status} with an event stream`;
  return `${response.status} with ${mediaType(response.headers['content-type']) || 'an untyped body'}`;
}

/**
 * A failure before the first token is reported by the HTTP status, which every client and proxy
 * understands, rather than by a 200 that looks like the start of a success.
 * @see ../../../openapi.yaml (createChatCompletion, failure rules)
 */
export const failureEarlyStatus: Check = {
  id: 'failure-early-status',
  severity: 'should',
  rule: 'A failure before the first token gets a non-2xx status with a JSON error envelope, not 200 with an empty or streamed body.',
  offline: false,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.intent !== 'fault' || !failsBeforeFirstToken(faultOf(run))) {
      return notApplicable('only faults before the first token are judged');
    }
    const findings: Finding[] = [];
    for (const exchange of run.exchanges) {
      const response = exchange.response;
      if (!response) {
        findings.push({ message: 'no response arrived', exchange: exchange.label });
        continue;
      }
      const evidence = [statusLine(response), excerpt(response.body)];
      if (isSuccessStatus(response.status)) {
        findings.push({
          message: `a failure before the first token was answered ${describeSuccessAnswer(response)}, not an error status`,
          evidence,
          exchange: exchange.label,
        });
        continue;
      }
      const problems = envelopeProblems(response);
      if (problems.length > 0) {
        findings.push({
          message: `the error status ${response.status} comes without the error envelope: ${problems.join('; ')}`,
          evidence,
          exchange: exchange.label,
        });
      }
    }
    return { applies: true, findings };
  },
};
