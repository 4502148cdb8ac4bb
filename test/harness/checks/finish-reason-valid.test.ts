import { finishReasonValid } from '../../../src/harness/checks/finish-reason-valid';
import { findingsOf, STRICT } from './service-fixture';
import { fixtureRun, GOOD_FIXTURES } from './stream-fixtures';

describe('finish-reason-valid check', () => {
  it('fails a stream that finishes with "abort" then sends [DONE] (vLLM)', () => {
    const findings = findingsOf(finishReasonValid.run(fixtureRun('finish-reason-abort'), STRICT));
    expect(findings).toEqual([
      {
        message:
          'choice 0 finished with "abort", not one of stop, length, tool_calls, content_filter, function_call',
        evidence: [expect.stringContaining('"finish_reason":"abort"')],
        exchange: 'stream',
        event: 3,
        lines: [5],
      },
    ]);
  });

  it('fails tool-call deltas finished with "stop"', () => {
    const findings = findingsOf(finishReasonValid.run(fixtureRun('tool-finish-stop'), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'choice 0 streamed tool-call deltas but finished with "stop", not "tool_calls"',
    ]);
  });

  it.each([
    ['tool-finish-without-calls', '"tool_calls" but streamed no tool-call deltas'],
    ['function-call-finish-without-call', '"function_call" but streamed no function_call deltas'],
  ])('fails %s: a finish announcing a call the stream never carried', (name, says) => {
    const findings = findingsOf(finishReasonValid.run(fixtureRun(name), STRICT));
    expect(findings).toEqual([
      {
        message: `choice 0 finished with ${says}: the call it announces never arrived`,
        evidence: [expect.stringContaining('"finish_reason":')],
        exchange: 'stream',
        event: 2,
        lines: [3],
      },
    ]);
  });

  it('fails a reply whose usage reached the token cap but finished with "stop" (SGLang)', () => {
    const findings = findingsOf(finishReasonValid.run(fixtureRun('finish-stop-at-token-cap'), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'usage reports 2 completion tokens, reaching the request\'s cap of 2, yet the choice finished with "stop", not "length"',
    ]);
  });

  it('passes the same capped reply when its request set no cap', () => {
    const run = fixtureRun('finish-stop-at-token-cap', {
      request: { model: 'm', messages: [], stream: true, stream_options: { include_usage: true } },
    });
    expect(findingsOf(finishReasonValid.run(run, STRICT))).toEqual([]);
  });

  it.each(GOOD_FIXTURES)('passes the correct baseline %s', (name) => {
    expect(findingsOf(finishReasonValid.run(fixtureRun(name), STRICT))).toEqual([]);
  });
});
