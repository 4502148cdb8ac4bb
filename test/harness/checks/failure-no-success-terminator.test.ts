import { failureNoSuccessTerminator } from '../../../src/harness/checks/failure-no-success-terminator';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const faultRun = (scenario: string, body: string) =>
  runFromRecordings(scenario, 'fault', [{ body, label: 'stream' }], {
    fault: scenario.replace('fault-', ''),
  });

describe('failure-no-success-terminator check', () => {
  it.each([
    ['nanobot after the fix (the stream just ends)', 'nanobot-bare-end.sse'],
    ['LiteLLM (error frame, no [DONE])', 'litellm-error-no-done.sse'],
    ['vLLM (error frame then [DONE]: the error-frame check judges the [DONE])', 'vllm-error-then-done.sse'],
    ['a hung stream that reports a timeout', 'hang-timeout-error-frame.sse'],
  ])('passes %s', (_name, file) => {
    expect(
      findingsOf(failureNoSuccessTerminator.run(faultRun('fault-mid-stream', fixture(file)), STRICT)),
    ).toEqual([]);
  });

  it('fails nanobot before the fix: content, then finish_reason "stop" and [DONE] on a failed stream', () => {
    const findings = findingsOf(
      failureNoSuccessTerminator.run(
        faultRun('fault-mid-stream', fixture('nanobot-stop-after-failure.sse')),
        STRICT,
      ),
    );
    expect(findings.map((f) => located(f))).toEqual([
      'event 4: the failed stream carries a finish_reason, as if generation had completed',
      'event 5: the failed stream ends with [DONE] and no error frame, the way a complete stream ends',
    ]);
    expect(findings[0]!.evidence?.[0]).toContain('"finish_reason":"stop"');
    expect(findings[1]!.evidence).toEqual(['data: [DONE]']);
  });

  it.each([
    [
      'llama.cpp before its fix (`error:` line then [DONE])',
      'fault-mid-stream',
      'llamacpp-error-line-then-done.sse',
      [/\[DONE\] and no error frame/],
    ],
    [
      'a finish after the error frame',
      'fault-mid-stream',
      'finish-after-error-frame.sse',
      [/finish_reason follows the error frame/],
    ],
    [
      'an early failure answered 200 with finish and [DONE]',
      'fault-before-first-token',
      'early-failure-200-stop-done.sse',
      [/carries a finish_reason/, /\[DONE\]/],
    ],
  ])('fails %s', (_name, scenario, file, want) => {
    const findings = findingsOf(failureNoSuccessTerminator.run(faultRun(scenario, fixture(file)), STRICT));
    expect(findings).toHaveLength(want.length);
    for (const [i, f] of findings.entries()) expect(located(f)).toMatch(want[i]!);
  });

  it('does not apply when the failure came as an HTTP error status', () => {
    const run = runFromRecordings('fault-http-500', 'fault', [
      {
        body: fixture('conforming-error-envelope.json'),
        status: 500,
        headers: { 'content-type': 'application/json' },
      },
    ]);
    expect(failureNoSuccessTerminator.run(run, STRICT).applies).toBe(false);
  });

  it('does not apply to a skipped fault scenario or a success scenario', () => {
    const skipped = runFromRecordings(
      'fault-mid-stream',
      'fault',
      [{ body: fixture('conforming-stream.sse') }],
      {
        skipped: 'the target does not understand fault directives',
      },
    );
    const success = runFromRecordings('basic-stream', 'success', [
      { body: fixture('conforming-stream.sse') },
    ]);
    expect(failureNoSuccessTerminator.run(skipped, STRICT)).toEqual({
      applies: false,
      reason: 'scenario skipped: the target does not understand fault directives',
    });
    expect(failureNoSuccessTerminator.run(success, STRICT).applies).toBe(false);
  });
});
