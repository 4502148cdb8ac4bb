import { failureEarlyStatus } from '../../../src/harness/checks/failure-early-status';
import { type Recording, runFromRecordings } from '../../../src/harness/record/recorded';
import { findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const json = { 'content-type': 'application/json' };
const earlyRun = (recording: Recording, fault = 'before-first-token') =>
  runFromRecordings(`fault-${fault}`, 'fault', [recording], { fault });

describe('failure-early-status check', () => {
  it.each([
    ['before-first-token', 502],
    ['http-500', 500],
  ])('passes a %s fault answered %i with the envelope', (fault, status) => {
    const run = earlyRun({ body: fixture('conforming-error-envelope.json'), status, headers: json }, fault);
    expect(findingsOf(failureEarlyStatus.run(run, STRICT))).toEqual([]);
  });

  it.each([
    ['200 with an empty body (nanobot)', { body: '' }, /answered 200 with an empty body/],
    [
      '200 with an event stream',
      { body: fixture('early-failure-200-stop-done.sse') },
      /answered 200 with an event stream/,
    ],
    [
      '500 with an HTML page',
      { body: fixture('html-error-page.html'), status: 500, headers: { 'content-type': 'text/html' } },
      /500 comes without the error envelope/,
    ],
  ])('fails %s', (_name, recording, want) => {
    const findings = findingsOf(failureEarlyStatus.run(earlyRun(recording), STRICT));
    expect(findings).toHaveLength(1);
    expect(located(findings[0]!)).toMatch(want);
    expect(findings[0]!.evidence?.[0]).toMatch(/^HTTP (200|500)/);
  });

  it('does not apply to a failure in mid-stream', () => {
    const run = runFromRecordings(
      'fault-mid-stream',
      'fault',
      [{ body: fixture('litellm-error-no-done.sse') }],
      {
        fault: 'mid-stream',
      },
    );
    expect(failureEarlyStatus.run(run, STRICT).applies).toBe(false);
  });
});
