import type { FetchLike } from '../../src/harness';
import { upstreamLogFacts } from '../../src/harness/record/upstreamLog';
import type { ScenarioRun } from '../../src/harness/types';

const TEXT = 'Tell me a story (abort-x1). [[chat-contract:delay-ms=50]]';

function abortRun(text = TEXT): ScenarioRun {
  return {
    scenario: 'abort-recovers',
    intent: 'success',
    exchanges: [
      {
        label: 'aborted',
        requestJson: { messages: [{ role: 'user', content: text }], stream: true },
        response: { end: 'aborted' },
      },
    ],
  } as unknown as ScenarioRun;
}

function logFetch(status: number, entries: unknown[]): FetchLike {
  return async () => new Response(JSON.stringify({ object: 'list', data: entries }), { status });
}

const entry = (state: string, clientAborted: boolean, text = TEXT) => ({
  seq: 1,
  body: { messages: [{ role: 'user', content: text }] },
  state,
  clientAborted,
});

describe('upstream log facts', () => {
  it.each([
    ['the upstream saw the client leave', 200, [entry('client-closed', true)], { upstreamAborted: true }],
    ['the upstream request ran to its end', 200, [entry('completed', false)], { upstreamAborted: false }],
    ['the upstream never got the request', 200, [entry('client-closed', true, 'other')], {}],
    ['the log cannot be read', 404, [], {}],
  ])('when %s', async (_why, status, entries, facts) => {
    const hook = upstreamLogFacts({
      upstreamUrl: 'http://127.0.0.1:9/v1',
      fetch: logFetch(status, entries),
      waitMs: 0,
    });
    expect(await hook(abortRun())).toEqual(facts);
  });

  it('observes nothing for other scenarios', async () => {
    const hook = upstreamLogFacts({
      upstreamUrl: 'http://127.0.0.1:9/v1',
      fetch: logFetch(200, [entry('client-closed', true)]),
      waitMs: 0,
    });
    expect(await hook({ ...abortRun(), scenario: 'basic-stream' })).toEqual({});
  });
});
