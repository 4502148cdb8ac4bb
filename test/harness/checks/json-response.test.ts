import { jsonResponse } from '../../../src/harness/checks/json-response';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { chatRequest, findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const nonStream = chatRequest({ stream: false });
const sseHeaders = { 'content-type': 'text/event-stream' };

describe('json-response check', () => {
  it('passes a chat.completion document', () => {
    const run = runFromRecordings('non-stream', 'success', [
      { body: fixture('conforming-completion.json'), request: nonStream },
    ]);
    expect(findingsOf(jsonResponse.run(run, STRICT))).toEqual([]);
  });

  it.each([
    [
      'an event stream',
      { body: fixture('conforming-stream.sse'), headers: sseHeaders },
      /content type is not JSON/,
    ],
    [
      'a chunk object in place of a completion',
      { body: fixture('completion-with-chunk-object.json') },
      /object/,
    ],
    ['a body that is not JSON', { body: 'Hello world' }, /body is not JSON/],
    ['a status other than 200', { body: fixture('conforming-completion.json'), status: 201 }, /status 201/],
  ])('fails %s', (_name, recording, want) => {
    const run = runFromRecordings('non-stream', 'success', [{ request: nonStream, ...recording }]);
    const findings = findingsOf(jsonResponse.run(run, STRICT));
    expect(findings).toHaveLength(1);
    expect(located(findings[0]!)).toMatch(want);
    expect(findings[0]!.evidence?.[0]).toMatch(/^HTTP \d+/);
  });

  it('does not apply to streamed requests or to invalid ones', () => {
    const streamedRun = runFromRecordings('basic-stream', 'success', [
      { body: fixture('conforming-stream.sse') },
    ]);
    const invalidRun = runFromRecordings('invalid-requests', 'invalid', [
      { body: fixture('conforming-error-envelope.json'), status: 400, request: nonStream },
    ]);
    expect(jsonResponse.run(streamedRun, STRICT).applies).toBe(false);
    expect(jsonResponse.run(invalidRun, STRICT).applies).toBe(false);
  });
});
