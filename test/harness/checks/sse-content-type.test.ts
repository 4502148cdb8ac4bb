import { sseContentType } from '../../../src/harness/checks/sse-content-type';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { fixtureRun, fixtureText, located, REQUESTS } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

describe('sse-content-type check', () => {
  it('fails a stream sent as application/json, quoting the header', () => {
    const outcome = sseContentType.run(fixtureRun('wrong-content-type'), ctx);
    expect(outcome).toMatchObject({ applies: true, findings: [{ exchange: 'stream' }] });
    if (!outcome.applies) return;
    expect(outcome.findings[0]?.evidence).toEqual(['content-type: application/json']);
  });

  it('accepts text/event-stream with parameters, in any case', () => {
    const run = fixtureRun('good-basic', { headers: { 'Content-Type': 'Text/Event-Stream; charset=utf-8' } });
    expect(sseContentType.run(run, ctx)).toEqual({ applies: true, findings: [] });
  });

  it('fails a non-2xx answer in a scenario meant to succeed', () => {
    const run = fixtureRun('good-basic', { status: 503 });
    const outcome = sseContentType.run(run, ctx);
    expect(outcome.applies && outcome.findings.map((f) => located(f))).toEqual([
      expect.stringContaining('status 503'),
    ]);
  });

  it('accepts an error status with a JSON body for a fault', () => {
    const run = runFromRecordings('fault-before-first-token', 'fault', [
      {
        body: '{"error":{"message":"upstream down","type":"server_error","param":null,"code":null}}',
        request: REQUESTS.plain,
        status: 502,
        headers: { 'content-type': 'application/json' },
      },
    ]);
    expect(sseContentType.run(run, ctx)).toEqual({ applies: true, findings: [] });
  });

  it('does not apply when no request asked to stream', () => {
    const run = runFromRecordings('non-stream', 'success', [
      { body: '{}', request: { ...REQUESTS.plain, stream: false } },
    ]);
    expect(sseContentType.run(run, ctx).applies).toBe(false);
  });

  it('judges every streamed exchange of a run and labels findings with the exchange', () => {
    const run = runFromRecordings('concurrent', 'success', [
      { body: fixtureText('good-basic'), label: 'concurrent-1' },
      { body: fixtureText('good-basic'), label: 'concurrent-2', headers: { 'content-type': 'text/plain' } },
    ]);
    const outcome = sseContentType.run(run, ctx);
    expect(outcome.applies && outcome.findings.map((f) => f.exchange)).toEqual(['concurrent-2']);
  });
});
