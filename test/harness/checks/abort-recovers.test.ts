import { abortRecovers } from '../../../src/harness/checks/abort-recovers';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const abortRun = (afterBody: string, status = 200) =>
  runFromRecordings('abort-recovers', 'success', [
    { body: fixture('nanobot-bare-end.sse'), end: 'aborted', label: 'aborted' },
    { body: afterBody, status, label: 'after-abort' },
  ]);

describe('abort-recovers check', () => {
  it('passes when the request after the abort completes', () => {
    expect(findingsOf(abortRecovers.run(abortRun(fixture('conforming-stream.sse')), STRICT))).toEqual([]);
  });

  it.each([
    ['is cut short', fixture('nanobot-bare-end.sse'), 200, /ended truncated/],
    ['fails with a 503', fixture('conforming-error-envelope.json'), 503, /ended failed-with-error/],
  ])('fails when the request after the abort %s', (_name, body, status, want) => {
    const findings = findingsOf(abortRecovers.run(abortRun(body, status), STRICT));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.exchange).toBe('after-abort');
    expect(located(findings[0]!)).toMatch(want);
  });

  it('does not apply without a request after an abort', () => {
    const run = runFromRecordings('basic-stream', 'success', [{ body: fixture('conforming-stream.sse') }]);
    expect(abortRecovers.run(run, STRICT).applies).toBe(false);
  });
});
