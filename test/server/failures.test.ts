import pino from 'pino';
import { ApiError } from '../../src/server/errors';
import type { Listening } from '../helpers/listen';
import { failAfter, hangAfter, testBackend } from './support/backends';
import { ask, contentOf, type Exchange, post, serve } from './support/exchange';

/** The parts of a stream that would make it look like a success. */
function expectNoSuccessTerminator(ex: Exchange): void {
  expect(ex.text).not.toContain('[DONE]');
  for (const c of ex.chunks) {
    for (const ch of c.choices ?? []) expect(ch.finish_reason ?? null).toBeNull();
    expect(c.usage ?? null).toBeNull();
  }
}

/** The last event, which must be the one in-band error frame. */
function errorFrame(ex: Exchange): Record<string, unknown> {
  expect(ex.chunks.filter((c) => 'error' in c)).toHaveLength(1);
  const last = ex.chunks.at(-1) as { error?: Record<string, unknown> };
  expect(last.error).toBeDefined();
  return last.error!;
}

describe('failures after the stream started', () => {
  const logged: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(line) });
  const backend = testBackend((request) => {
    const text = String(request.body.messages[0]?.content);
    if (text === 'upstream') return failAfter(['a', 'b'], new ApiError('upstream_error', 'Upstream broke.'));
    if (text === 'secret') return failAfter(['a'], new Error('db password hunter2 at /srv/app.js:12'));
    return hangAfter(['a'], request.signal);
  });
  let scripted: Listening;
  let custom: Listening;
  beforeAll(async () => {
    scripted = await serve();
    custom = await serve({ backend, logger, timeouts: { idleMs: 150 } });
  });
  afterAll(async () => {
    await scripted.close();
    await custom.close();
  });

  it.each(['mid-stream', 'error-frame', 'malformed-chunk'])(
    'reports fault=%s with content, then one backend_error frame and nothing after',
    async (fault) => {
      const ex = await post(
        scripted.url,
        ask(`hello [[chat-contract:fault=${fault}]]`, {
          stream: true,
          session_id: 'f',
          stream_options: { include_usage: true },
        }),
      );
      expect(ex.status).toBe(200);
      expect(contentOf(ex.chunks)).toBe('[session api:f,');
      expect(errorFrame(ex)).toEqual({
        message: expect.any(String),
        type: 'server_error',
        param: null,
        code: 'backend_error',
      });
      expectNoSuccessTerminator(ex);
      expect(ex.text.endsWith('\n\n')).toBe(true);
    },
  );

  it('lets `after` choose how many tokens come before the fault', async () => {
    const ex = await post(
      scripted.url,
      ask('one two three [[chat-contract:fault=mid-stream]] [[chat-contract:after=4]]', { stream: true }),
    );
    expect(ex.chunks.filter((c) => c.choices?.[0]?.delta.content)).toHaveLength(4);
    expect(errorFrame(ex).code).toBe('backend_error');
  });

  it("keeps a backend ApiError's code in the frame (upstream_error)", async () => {
    const ex = await post(custom.url, ask('upstream', { stream: true }));
    expect(errorFrame(ex)).toMatchObject({ code: 'upstream_error', message: 'Upstream broke.' });
    expectNoSuccessTerminator(ex);
  });

  it('hides the cause from the client and logs it with the request id', async () => {
    const ex = await post(custom.url, ask('secret', { stream: true }), {
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-secret-1' },
    });
    expect(ex.text).not.toContain('hunter2');
    expect(ex.text).not.toMatch(/\.js:\d+/);
    expect(errorFrame(ex).code).toBe('backend_error');
    const entry = logged.map((l) => JSON.parse(l)).find((l) => l.requestId === 'req-secret-1');
    expect(entry?.err?.message).toContain('hunter2');
  });

  it('ends a stream whose backend goes quiet with an in-band timeout frame', async () => {
    const before = backend.requests.length;
    const ex = await post(custom.url, ask('quiet', { stream: true }));
    expect(contentOf(ex.chunks)).toBe('a');
    expect(errorFrame(ex)).toMatchObject({ code: 'timeout', type: 'server_error' });
    expectNoSuccessTerminator(ex);
    expect(backend.requests[before]?.signal.aborted).toBe(true);
  });
});

describe('failures before the first event', () => {
  const backend = testBackend((request) => {
    const text = String(request.body.messages[0]?.content);
    if (text === 'upstream') return failAfter([], new ApiError('upstream_error', 'Upstream refused.'));
    if (text === 'deaf') return { [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}) }) };
    return hangAfter([], request.signal);
  });
  let scripted: Listening;
  let custom: Listening;
  beforeAll(async () => {
    scripted = await serve();
    custom = await serve({ backend, timeouts: { firstTokenMs: 150 } });
  });
  afterAll(async () => {
    await scripted.close();
    await custom.close();
  });

  const cases: Array<[string, number, string, () => Listening, string]> = [
    [
      'fault=before-first-token',
      500,
      'backend_error',
      () => scripted,
      'x [[chat-contract:fault=before-first-token]]',
    ],
    ['fault=http-503', 500, 'backend_error', () => scripted, 'x [[chat-contract:fault=http-503]]'],
    ['fault=http-429', 429, 'session_busy', () => scripted, 'x [[chat-contract:fault=http-429]]'],
    ['a backend throwing upstream_error', 502, 'upstream_error', () => custom, 'upstream'],
    ['a backend silent past the first-token limit', 504, 'timeout', () => custom, 'hang'],
    ['a backend that ignores its abort signal', 504, 'timeout', () => custom, 'deaf'],
  ];

  describe.each([true, false])('with stream: %s', (stream) => {
    it.each(cases)('answers %s with a JSON %i %s', async (_name, status, code, server, content) => {
      const ex = await post(server().url, ask(content, { stream }));
      expect(ex.status).toBe(status);
      expect(ex.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(ex.text).error).toEqual({
        message: expect.any(String),
        type: status === 429 ? 'rate_limit_error' : 'server_error',
        param: null,
        code,
      });
      expect(ex.text).not.toContain('[DONE]');
    });
  });

  it('aborts the backend when the first-token limit strikes', async () => {
    const before = backend.requests.length;
    await post(custom.url, ask('hang', { stream: true }));
    expect(backend.requests[before]?.signal.aborted).toBe(true);
  });
});

describe('client disconnect', () => {
  it('aborts the backend and stops it producing', async () => {
    let produced = 0;
    const backend = testBackend(async function* (request) {
      for (let i = 0; i < 10_000 && !request.signal.aborted; i++) {
        produced++;
        yield { type: 'content', choice: 0, text: `t${i} ` };
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    const srv = await serve({ backend });
    try {
      const client = new AbortController();
      const res = await fetch(`${srv.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ask('hi', { stream: true })),
        signal: client.signal,
      });
      const reader = res.body!.getReader();
      await reader.read();
      const signal = backend.requests[0]!.signal;
      const aborted = new Promise<boolean>((resolve) => {
        signal.addEventListener('abort', () => resolve(true));
        setTimeout(() => resolve(false), 2000);
      });
      client.abort();
      expect(await aborted).toBe(true);
      const atAbort = produced;
      await new Promise((r) => setTimeout(r, 100));
      expect(produced - atAbort).toBeLessThanOrEqual(1);
      expect(produced).toBeLessThan(10_000);
    } finally {
      await srv.close();
    }
  });
});
