import { errorEnvelope } from '../../../src/harness/checks/error-envelope';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { chatRequest, findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const json = { 'content-type': 'application/json' };

describe('error-envelope check', () => {
  it('passes an error in the OpenAI envelope', () => {
    const run = runFromRecordings('invalid-requests', 'invalid', [
      { body: fixture('conforming-error-envelope.json'), status: 400, headers: json, request: chatRequest() },
    ]);
    expect(findingsOf(errorEnvelope.run(run, STRICT))).toEqual([]);
  });

  it.each([
    [
      'an HTML error page',
      fixture('html-error-page.html'),
      { 'content-type': 'text/html' },
      /content type is not JSON: text\/html.*body is not JSON/,
    ],
    [
      'an envelope without `type`',
      fixture('error-without-type.json'),
      json,
      /\/error: must have required property 'type'/,
    ],
    ['a bare string error', '{"error":"model not found"}', json, /\/error: must be object/],
    [
      'an envelope sent as text/plain',
      fixture('conforming-error-envelope.json'),
      { 'content-type': 'text/plain' },
      /text\/plain/,
    ],
  ])('fails %s', (_name, body, headers, want) => {
    const run = runFromRecordings('invalid-requests', 'invalid', [
      { body, status: 502, headers, request: chatRequest() },
    ]);
    const findings = findingsOf(errorEnvelope.run(run, STRICT));
    expect(findings).toHaveLength(1);
    expect(located(findings[0]!)).toMatch(want);
    expect(findings[0]!.relaxed).toBeUndefined();
    expect(findings[0]!.evidence?.[0]).toBe(`HTTP 502 ${headers['content-type']}`);
  });

  it('marks a numeric `code` (vLLM) as relaxed in the compatible profile', () => {
    const body =
      '{"error":{"message":"model x does not exist","type":"NotFoundError","param":null,"code":404}}';
    const run = runFromRecordings('unknown-model', 'invalid', [
      { body, status: 404, headers: json, request: chatRequest() },
    ]);
    const findings = findingsOf(errorEnvelope.run(run, STRICT));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.relaxed).toBe('numeric-error-code');
  });

  it('does not apply when every response succeeded', () => {
    const run = runFromRecordings('basic-stream', 'success', [{ body: fixture('conforming-stream.sse') }]);
    expect(errorEnvelope.run(run, STRICT).applies).toBe(false);
  });
});
