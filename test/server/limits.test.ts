import net from 'node:net';
import { checkLimits, contentChars } from '../../src/server/http/limits';
import { DEFAULT_LIMITS } from '../../src/server/options';
import { type RunningReferenceServer, startServer } from '../../src/start';
import type { Listening } from '../helpers/listen';
import { ask, MODEL, post, serve } from './support/exchange';

const many = (count: number) => Array.from({ length: count }, () => ({ role: 'user', content: 'x' }));

describe('request limits', () => {
  let srv: Listening;
  beforeAll(async () => {
    srv = await serve({
      limits: { bodyBytes: 64 * 1024, maxMessages: 5, maxContentChars: 100, maxN: 3, maxTokens: 50 },
    });
  });
  afterAll(() => srv.close());

  const cases: Array<
    [string, Record<string, unknown>, { status: number; code: string; param: string | null }]
  > = [
    [
      'too many messages',
      { model: MODEL, messages: many(6) },
      { status: 400, code: 'array_above_max_length', param: 'messages' },
    ],
    [
      'too much content',
      ask('y'.repeat(101)),
      { status: 400, code: 'context_length_exceeded', param: 'messages' },
    ],
    [
      'too much content spread over text parts',
      {
        model: MODEL,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'z'.repeat(60) },
              { type: 'text', text: 'z'.repeat(60) },
            ],
          },
        ],
      },
      { status: 400, code: 'context_length_exceeded', param: 'messages' },
    ],
    ['n above the limit', ask('hi', { n: 4 }), { status: 400, code: 'integer_above_max_value', param: 'n' }],
    [
      'max_tokens above the limit',
      ask('hi', { max_tokens: 51 }),
      { status: 400, code: 'integer_above_max_value', param: 'max_tokens' },
    ],
    [
      'max_completion_tokens above the limit',
      ask('hi', { max_completion_tokens: 51 }),
      { status: 400, code: 'integer_above_max_value', param: 'max_completion_tokens' },
    ],
    [
      'a body over the byte limit',
      ask('b'.repeat(70 * 1024)),
      { status: 413, code: 'body_too_large', param: null },
    ],
  ];

  it.each(cases)('refuses %s with a clear 4xx', async (_name, body, want) => {
    const ex = await post(srv.url, body);
    expect(ex.status).toBe(want.status);
    const { error } = JSON.parse(ex.text);
    expect(error).toEqual({
      message: expect.any(String),
      type: 'invalid_request_error',
      param: want.param,
      code: want.code,
    });
    expect(error.message.length).toBeGreaterThan(10);
  });

  it.each([
    ['exactly the message limit', { model: MODEL, messages: many(5) }],
    ['exactly the content limit', ask('c'.repeat(100))],
    ['n at the limit', ask('hi', { n: 3 })],
    ['max_tokens at the limit', ask('hi', { max_tokens: 50 })],
  ])('accepts %s', async (_name, body) => {
    const ex = await post(srv.url, body);
    expect(ex.status).toBe(200);
  });
});

describe('default limits', () => {
  it('allow up to 16 choices and 100,000 tokens, and refuse one more', () => {
    const base = { model: MODEL, messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(checkLimits({ ...base, n: 16, max_tokens: 100_000 }, DEFAULT_LIMITS)).toBeUndefined();
    expect(checkLimits({ ...base, n: 17 }, DEFAULT_LIMITS)?.param).toBe('n');
    expect(checkLimits({ ...base, max_completion_tokens: 100_001 }, DEFAULT_LIMITS)?.param).toBe(
      'max_completion_tokens',
    );
  });

  it("leave the scripted backend's tokens directive alone (benchmarks ask for 100000)", () => {
    const body = {
      model: MODEL,
      messages: [{ role: 'user' as const, content: 'go [[chat-contract:tokens=100000]]' }],
    };
    expect(checkLimits(body, DEFAULT_LIMITS)).toBeUndefined();
  });

  it('count the strings of a message but not its role or type, and stop past the cap', () => {
    const messages = [
      { role: 'assistant', content: null, tool_calls: [{ function: { name: 'ab', arguments: 'cde' } }] },
    ];
    expect(contentChars(messages)).toBe(5);
    expect(contentChars([{ content: 'x'.repeat(1000) }, { content: 'y'.repeat(1000) }], 10)).toBeLessThan(
      2000,
    );
  });
});

describe('session queue depth', () => {
  it('answers 429 session_busy with Retry-After once a session has its fill of requests', async () => {
    const srv = await serve({ limits: { sessionQueueDepth: 2 } });
    try {
      const slow = () => post(srv.url, ask('wait [[chat-contract:delay-ms=100]]', { session_id: 'busy' }));
      const first = [slow(), slow()];
      await new Promise((r) => setTimeout(r, 50));
      const third = await post(srv.url, ask('one more', { session_id: 'busy' }));
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(JSON.parse(third.text).error).toMatchObject({ type: 'rate_limit_error', code: 'session_busy' });
      expect((await Promise.all(first)).map((e) => e.status)).toEqual([200, 200]);
      // Another session is not affected.
      expect((await post(srv.url, ask('other', { session_id: 'free' }))).status).toBe(200);
    } finally {
      await srv.close();
    }
  });

  it('defaults to 8 per session', () => {
    expect(DEFAULT_LIMITS.sessionQueueDepth).toBe(8);
  });
});

describe('slow clients (slowloris)', () => {
  let srv: RunningReferenceServer;
  beforeAll(async () => {
    srv = await startServer({ port: 0, http: { headersMs: 300, requestMs: 600, keepAliveMs: 1000 } });
  });
  afterAll(() => srv.close());

  /** Sends `payload` and never more; resolves with what came back once the server closed. */
  function sendAndWait(payload: string): Promise<{ reply: string; closed: boolean }> {
    const { port } = new URL(srv.url);
    return new Promise((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(payload));
      let reply = '';
      const guard = setTimeout(() => {
        socket.destroy();
        resolve({ reply, closed: false });
      }, 5000);
      socket.on('data', (d) => {
        reply += d.toString();
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        clearTimeout(guard);
        resolve({ reply, closed: true });
      });
    });
  }

  it.each([
    ['headers that never finish', 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: '],
    [
      'a body that never finishes',
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"model"`,
    ],
  ])('closes a connection with %s, answering 408', async (_name, payload) => {
    const { reply, closed } = await sendAndWait(payload);
    expect(closed).toBe(true);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
  });
});
