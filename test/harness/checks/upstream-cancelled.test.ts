import { upstreamCancelled } from '../../../src/harness/checks/upstream-cancelled';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const abortRun = (upstreamAborted?: boolean) =>
  runFromRecordings(
    'abort-recovers',
    'success',
    [{ body: fixture('nanobot-bare-end.sse'), end: 'aborted', label: 'aborted' }],
    upstreamAborted === undefined ? {} : { facts: { upstreamAborted } },
  );

describe('upstream-cancelled check', () => {
  it('passes when the upstream saw the abort', () => {
    expect(findingsOf(upstreamCancelled.run(abortRun(true), STRICT))).toEqual([]);
  });

  it('fails when the upstream request ran on after the client aborted', () => {
    const findings = findingsOf(upstreamCancelled.run(abortRun(false), STRICT));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.exchange).toBe('aborted');
    expect(located(findings[0]!)).toMatch(/not passed upstream/);
  });

  it('does not apply when the upstream is not observed', () => {
    expect(upstreamCancelled.run(abortRun(), STRICT).applies).toBe(false);
  });
});
