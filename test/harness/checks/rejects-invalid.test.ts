import { rejectsInvalid } from '../../../src/harness/checks/rejects-invalid';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { chatRequest, findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const json = { 'content-type': 'application/json' };
const envelope = fixture('conforming-error-envelope.json');

describe('rejects-invalid check', () => {
  it.each([400, 401, 404, 413, 415, 422])('passes a %i', (status) => {
    const run = runFromRecordings('invalid-requests', 'invalid', [
      {
        body: envelope,
        status,
        headers: json,
        request: chatRequest({ temperature: 9 }),
        label: 'temperature-out-of-range',
      },
    ]);
    expect(findingsOf(rejectsInvalid.run(run, STRICT))).toEqual([]);
  });

  it.each([
    [
      'accepted with 200',
      200,
      fixture('conforming-completion.json'),
      /case temperature-out-of-range: got 200 \(no rejection\), want 4xx/,
    ],
    [
      'answered with a 500',
      500,
      '{"error":{"message":"TypeError: cannot read properties of undefined"}}',
      /case temperature-out-of-range: got 500 \(a server error\)/,
    ],
  ])('fails an invalid request %s', (_name, status, body, want) => {
    const run = runFromRecordings('invalid-requests', 'invalid', [
      { body, status, headers: json, request: chatRequest({ temperature: 9 }), label: 'missing-messages' },
      {
        body,
        status,
        headers: json,
        request: chatRequest({ temperature: 9 }),
        label: 'temperature-out-of-range',
      },
    ]);
    const findings = findingsOf(rejectsInvalid.run(run, STRICT));
    expect(findings.map((f) => f.exchange)).toEqual(['missing-messages', 'temperature-out-of-range']);
    expect(located(findings[1]!)).toMatch(want);
    expect(findings[1]!.evidence?.join('\n')).toContain('"temperature":9');
  });

  it('does not apply to requests meant to succeed', () => {
    const run = runFromRecordings('basic-stream', 'success', [{ body: fixture('conforming-stream.sse') }]);
    expect(rejectsInvalid.run(run, STRICT).applies).toBe(false);
  });
});
