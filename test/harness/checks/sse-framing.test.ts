import { sseFraming } from '../../../src/harness/checks/sse-framing';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { fixtureRun, located, REQUESTS } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

describe('sse-framing check', () => {
  it('fails an `error:` line, which clients drop, quoting it', () => {
    const outcome = sseFraming.run(fixtureRun('error-line'), ctx);
    expect(outcome).toEqual({
      applies: true,
      findings: [
        {
          message: expect.stringMatching(/^unknown-field/),
          lines: [5],
          evidence: ['error: {"error":{"message":"upstream failed","type":"server_error"}}'],
          exchange: 'stream',
        },
      ],
    });
  });

  it('fails a chunk that is not terminated by a blank line', () => {
    const body = 'data: {"id":"chatcmpl-1","choices":[]}\n\ndata: {"id":"chatcmpl-1","choices":[]}\n';
    const outcome = sseFraming.run(runFromRecordings('cut', 'success', [{ body }]), ctx);
    expect(outcome.applies && outcome.findings.map((f) => located(f))).toEqual([
      expect.stringContaining('unterminated-event'),
    ]);
  });

  it('leaves an unterminated [DONE] to done-terminator', () => {
    expect(sseFraming.run(fixtureRun('done-without-blank-line'), ctx)).toEqual({
      applies: true,
      findings: [],
    });
  });

  it('reports every bad line, up to five, then counts the rest', () => {
    const body = `${Array.from({ length: 8 }, (_, i) => `oops ${i}\n\n`).join('')}data: [DONE]\n\n`;
    const outcome = sseFraming.run(runFromRecordings('noisy', 'success', [{ body }]), ctx);
    if (!outcome.applies) throw new Error('expected the check to apply');
    expect(outcome.findings).toHaveLength(6);
    expect(outcome.findings[5] && located(outcome.findings[5])).toBe(
      '3 more finding(s) like these not shown',
    );
  });

  it('does not judge a JSON error body answering a streamed request', () => {
    const run = runFromRecordings('invalid', 'invalid', [
      {
        body: '{"error":{"message":"bad","type":"invalid_request_error","param":"n","code":null}}',
        status: 400,
        request: REQUESTS.plain,
        headers: { 'content-type': 'application/json' },
      },
    ]);
    expect(sseFraming.run(run, ctx).applies).toBe(false);
  });
});
