import { authRequired } from '../../../src/harness/checks/auth-required';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { chatRequest, findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const json = { 'content-type': 'application/json' };
const unauthorized =
  '{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}';

function authRun(missingKey: { status: number; body: string }, authExpected = true) {
  return runFromRecordings(
    'auth',
    'invalid',
    [
      { ...missingKey, headers: json, request: chatRequest(), label: 'missing-key' },
      { body: unauthorized, status: 401, headers: json, request: chatRequest(), label: 'invalid-key' },
    ],
    { facts: { authExpected } },
  );
}

describe('auth-required check', () => {
  it('passes 401 with the envelope for a missing and an invalid key', () => {
    expect(findingsOf(authRequired.run(authRun({ status: 401, body: unauthorized }), STRICT))).toEqual([]);
  });

  it.each([
    [
      '200 for a missing key',
      { status: 200, body: fixture('conforming-completion.json') },
      /missing-key: got 200, want 401/,
    ],
    ['403 for a missing key', { status: 403, body: unauthorized }, /missing-key: got 403, want 401/],
    [
      '401 with a plain-text body',
      { status: 401, body: 'Unauthorized' },
      /missing-key: 401 without the error envelope/,
    ],
  ])('fails %s', (_name, missingKey, want) => {
    const findings = findingsOf(authRequired.run(authRun(missingKey), STRICT));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.exchange).toBe('missing-key');
    expect(located(findings[0]!)).toMatch(want);
  });

  it('does not apply when no key was configured', () => {
    const run = authRun({ status: 200, body: fixture('conforming-completion.json') }, false);
    expect(authRequired.run(run, STRICT).applies).toBe(false);
  });
});
