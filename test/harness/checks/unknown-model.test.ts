import { unknownModel } from '../../../src/harness/checks/unknown-model';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { chatRequest, findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const json = { 'content-type': 'application/json' };
const notFound =
  '{"error":{"message":"The model `no-such-model` does not exist","type":"invalid_request_error","param":"model","code":"model_not_found"}}';
const request = chatRequest({ model: 'no-such-model' });

describe('unknown-model check', () => {
  it.each([404, 400])('passes a %i with the envelope', (status) => {
    const run = runFromRecordings('unknown-model', 'invalid', [
      { body: notFound, status, headers: json, request },
    ]);
    expect(findingsOf(unknownModel.run(run, STRICT))).toEqual([]);
  });

  it.each([
    ['a 200 completion', 200, fixture('conforming-completion.json'), json, /got 200, want 404/],
    ['a 500', 500, notFound, json, /got 500, want 404/],
    [
      'a 404 HTML page',
      404,
      fixture('html-error-page.html'),
      { 'content-type': 'text/html' },
      /without the error envelope/,
    ],
  ])('fails %s', (_name, status, body, headers, want) => {
    const run = runFromRecordings('unknown-model', 'invalid', [{ body, status, headers, request }]);
    const findings = findingsOf(unknownModel.run(run, STRICT));
    expect(findings).toHaveLength(1);
    expect(located(findings[0]!)).toMatch(want);
  });

  it('does not apply to other scenarios', () => {
    const run = runFromRecordings('invalid-requests', 'invalid', [
      { body: notFound, status: 400, headers: json },
    ]);
    expect(unknownModel.run(run, STRICT).applies).toBe(false);
  });
});
