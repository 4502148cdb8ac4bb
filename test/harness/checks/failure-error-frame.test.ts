import { failureErrorFrame } from '../../../src/harness/checks/failure-error-frame';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import type { ScenarioRun } from '../../../src/harness/types';
import { findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const faultRun = (body: string, extra: Partial<ScenarioRun> = {}, end: 'eof' | 'timeout' = 'eof') =>
  runFromRecordings(
    'fault-mid-stream',
    'fault',
    [{ body, end, label: 'stream', eventTimes: [10, 20, 30, 40] }],
    {
      fault: 'mid-stream',
      ...extra,
    },
  );

describe('failure-error-frame check', () => {
  it('is a must in strict and a should in compatible', () => {
    expect([failureErrorFrame.severity, failureErrorFrame.compatibleSeverity]).toEqual(['must', 'should']);
  });

  it.each([
    ['LiteLLM (error frame, no [DONE])', 'litellm-error-no-done.sse'],
    ['a hung stream that sends a timeout error frame', 'hang-timeout-error-frame.sse'],
  ])('passes %s', (_name, file) => {
    expect(findingsOf(failureErrorFrame.run(faultRun(fixture(file)), STRICT))).toEqual([]);
  });

  it.each([
    [
      'nanobot after the fix (the stream just ends)',
      'nanobot-bare-end.sse',
      'eof',
      /just ends, without an error frame/,
    ],
    [
      'nanobot before the fix (finish "stop" and [DONE])',
      'nanobot-stop-after-failure.sse',
      'eof',
      /just ends/,
    ],
    [
      'llama.cpp before its fix (`error:` line then [DONE])',
      'llamacpp-error-line-then-done.sse',
      'eof',
      /non-SSE `error:` line/,
    ],
    [
      'an `event: error` without an error object',
      'event-error-without-error-object.sse',
      'eof',
      /`event: error` without/,
    ],
    [
      'a hung stream that never ends',
      'nanobot-bare-end.sse',
      'timeout',
      /neither ended nor reported the failure/,
    ],
  ] as const)('fails %s', (_name, file, end, want) => {
    const findings = findingsOf(failureErrorFrame.run(faultRun(fixture(file), {}, end), STRICT));
    expect(findings).toHaveLength(1);
    expect(located(findings[0]!)).toMatch(want);
    expect(findings[0]!.relaxed).toBeUndefined();
    expect(findings[0]!.evidence?.length).toBeGreaterThan(0);
  });

  it('fails vLLM ([DONE] after the error frame) with a finding the compatible profile relaxes', () => {
    const findings = findingsOf(failureErrorFrame.run(faultRun(fixture('vllm-error-then-done.sse')), STRICT));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.relaxed).toBe('done-after-error');
    expect(findings[0]!.evidence).toEqual([expect.stringContaining('data: {"error"'), 'data: [DONE]']);
  });

  it('fails when an official client found the failure successful, with its outcome as evidence', () => {
    const run = faultRun(fixture('litellm-error-no-done.sse'), {
      facts: { clientOutcomes: { 'openai-python': 'raised error', 'ai-sdk': 'looked successful' } },
    });
    const findings = findingsOf(failureErrorFrame.run(run, STRICT));
    expect(findings).toEqual([
      {
        message:
          'an official client took the failure for a success in this run (openai-python: raised error; ai-sdk: looked successful)',
        evidence: ['openai-python: raised error', 'ai-sdk: looked successful'],
      },
    ]);
  });

  it('says of each client only what this run measured (a stream that just ends, one client fooled, one not)', () => {
    const outcomes = { 'openai-node': 'looked successful', 'ai-sdk': 'raised error' } as const;
    const run = faultRun(fixture('nanobot-stop-after-failure.sse'), {
      facts: { clientOutcomes: { ...outcomes } },
    });
    const messages = findingsOf(failureErrorFrame.run(run, STRICT)).map((f) => f.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      // No claim about "both" SDKs or any client beyond the measured outcomes.
      expect(message).not.toMatch(/both|SDKs? take/i);
      for (const [client, outcome] of Object.entries(outcomes)) {
        if (message.includes(client)) expect(message).toContain(`${client}: ${outcome}`);
      }
    }
  });

  it('fails a 200 with an empty body on an early failure', () => {
    const run = runFromRecordings('fault-before-first-token', 'fault', [{ body: '' }], {
      fault: 'before-first-token',
    });
    const findings = findingsOf(failureErrorFrame.run(run, STRICT));
    expect(findings[0]!.evidence).toEqual(['(empty body)']);
  });

  it('does not apply when the failure came as an HTTP error status', () => {
    const run = runFromRecordings('fault-http-500', 'fault', [
      {
        body: fixture('conforming-error-envelope.json'),
        status: 500,
        headers: { 'content-type': 'application/json' },
      },
    ]);
    expect(failureErrorFrame.run(run, STRICT).applies).toBe(false);
  });
});
