import { usageSum } from '../../../src/harness/checks/usage-sum';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { chatRequest, findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const withUsage = chatRequest({ stream: true, stream_options: { include_usage: true } });

describe('usage-sum check', () => {
  it.each([
    ['a JSON response', { body: fixture('conforming-completion.json'), request: chatRequest() }],
    ['a stream usage chunk', { body: fixture('conforming-stream-with-usage.sse'), request: withUsage }],
  ])('passes totals that add up in %s', (_name, recording) => {
    const run = runFromRecordings('include-usage', 'success', [recording]);
    expect(findingsOf(usageSum.run(run, STRICT))).toEqual([]);
  });

  it.each([
    [
      'a JSON response',
      { body: fixture('usage-total-mismatch.json'), request: chatRequest() },
      /13.*9 \+ 2 = 11/,
    ],
    [
      'a stream usage chunk',
      { body: fixture('usage-total-mismatch.sse'), request: withUsage },
      /12.*9 \+ 2 = 11/,
    ],
  ])('fails a total that does not add up in %s', (_name, recording, want) => {
    const run = runFromRecordings('include-usage', 'success', [recording]);
    const findings = findingsOf(usageSum.run(run, STRICT));
    expect(findings).toHaveLength(1);
    expect(located(findings[0]!)).toMatch(want);
    expect(findings[0]!.evidence?.join('\n')).toContain('"total_tokens"');
  });

  it('does not apply when no usage was reported', () => {
    const run = runFromRecordings('basic-stream', 'success', [{ body: fixture('conforming-stream.sse') }]);
    expect(usageSum.run(run, STRICT).applies).toBe(false);
  });
});
