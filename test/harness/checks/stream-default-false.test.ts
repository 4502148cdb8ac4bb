import { streamDefaultFalse } from '../../../src/harness/checks/stream-default-false';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { chatRequest, findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

describe('stream-default-false check', () => {
  it('passes a JSON completion for a request without `stream`', () => {
    const run = runFromRecordings('stream-omitted', 'success', [
      { body: fixture('conforming-completion.json'), request: chatRequest() },
    ]);
    expect(findingsOf(streamDefaultFalse.run(run, STRICT))).toEqual([]);
  });

  it('fails when a request without `stream` gets an event stream', () => {
    const run = runFromRecordings('stream-omitted', 'success', [
      {
        body: fixture('conforming-stream.sse'),
        request: chatRequest(),
        headers: { 'content-type': 'text/event-stream' },
      },
    ]);
    const findings = findingsOf(streamDefaultFalse.run(run, STRICT));
    expect(findings).toHaveLength(1);
    expect(located(findings[0]!)).toMatch(/text\/event-stream/);
  });

  it('does not apply when every request sets `stream`', () => {
    const run = runFromRecordings('basic-stream', 'success', [{ body: fixture('conforming-stream.sse') }]);
    expect(streamDefaultFalse.run(run, STRICT).applies).toBe(false);
  });
});
