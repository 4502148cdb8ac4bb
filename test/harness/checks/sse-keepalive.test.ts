import { isKeepAlivePayload, sseKeepalive } from '../../../src/harness/checks/sse-keepalive';
import { findingsOf, STRICT } from './service-fixture';
import { fixtureRun, GOOD_FIXTURES } from './stream-fixtures';

describe('sse-keepalive check', () => {
  it('fails an empty data: keep-alive (openai-python #2722)', () => {
    const findings = findingsOf(sseKeepalive.run(fixtureRun('keepalive-empty-data'), STRICT));
    expect(findings).toEqual([
      {
        message:
          'an empty data payload: a keep-alive must be an SSE comment line (": …"), clients parse every data payload as JSON',
        evidence: ['data: '],
        exchange: 'stream',
        event: 2,
        lines: [3],
      },
    ]);
  });

  it('fails a comment relayed as data by a gateway', () => {
    const findings = findingsOf(sseKeepalive.run(fixtureRun('keepalive-data-comment'), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('the non-JSON data payload ": OPENROUTER PROCESSING"'),
    ]);
  });

  it('fails an event block holding only an id', () => {
    const findings = findingsOf(sseKeepalive.run(fixtureRun('keepalive-id-only-block'), STRICT));
    expect(findings).toEqual([
      {
        message: 'an event block holds only id and no data: keep-alives belong in comment lines',
        evidence: ['id: 7'],
        exchange: 'stream',
        lines: [3],
      },
    ]);
  });

  it.each([
    ['', true],
    ['   ', true],
    ['ping', true],
    [': keep-alive', true],
    ['[DONE]', false],
    ['{"id":"chatcmpl-1","choices":[', false],
  ])('treats the payload %j as a keep-alive: %s', (data, want) => {
    expect(isKeepAlivePayload(data)).toBe(want);
  });

  it.each(GOOD_FIXTURES)('passes the correct baseline %s (comment keep-alives included)', (name) => {
    expect(findingsOf(sseKeepalive.run(fixtureRun(name), STRICT))).toEqual([]);
  });
});
