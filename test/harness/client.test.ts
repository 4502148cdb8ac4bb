import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { type ExchangeSpec, recordExchange } from '../../src/harness/record/client';

const BASE = 'http://127.0.0.1:9/v1';
const enc = new TextEncoder();
const chunk = (i: number) => enc.encode(`data: {"n":${i}}\n\n`);
const SSE = { 'content-type': 'text/event-stream' };

/** Tracks whether the harness cancelled a stream it stopped reading. */
const cancelled: Record<string, boolean> = {};

/** An SSE body that produces one event every `everyMs` until cancelled (capped so the test stays bounded). */
function endless(name: string, everyMs: number): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (i >= 5000) return controller.close();
      if (everyMs > 0) await delay(everyMs);
      controller.enqueue(chunk(i++));
    },
    cancel() {
      cancelled[name] = true;
    },
  });
}

/** One event, then silence until cancelled. */
function stalled(name: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(chunk(0));
    },
    cancel() {
      cancelled[name] = true;
    },
  });
}

const server = setupServer(
  http.post(`${BASE}/endless`, () => new HttpResponse(endless('endless', 1), { headers: SSE })),
  http.post(`${BASE}/fast`, () => new HttpResponse(endless('fast-msw', 0), { headers: SSE })),
  http.post(`${BASE}/refused`, () => HttpResponse.error()),
  http.post(`${BASE}/no-headers`, async () => {
    await delay(1000);
    return HttpResponse.json({});
  }),
  http.post(`${BASE}/reset`, () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk(0));
        setTimeout(() => controller.error(new Error('connection reset')), 5);
      },
    });
    return new HttpResponse(body, { headers: SSE });
  }),
  http.post(`${BASE}/json`, () =>
    HttpResponse.json({ error: { message: 'bad' } }, { status: 400, headers: { 'X-Request-Id': 'r1' } }),
  ),
  http.post(`${BASE}/unlabelled-stream`, () =>
    HttpResponse.text('data: {"n":0}\n\ndata: [DONE]\n\n', { headers: { 'content-type': 'text/plain' } }),
  ),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

function spec(path: string, extra: Partial<ExchangeSpec> = {}): ExchangeSpec {
  return {
    label: path,
    method: 'POST',
    url: `${BASE}/${path}`,
    headers: { 'content-type': 'application/json' },
    body: '{"stream":true}',
    expectStream: true,
    timeoutMs: 5000,
    maxEvents: 10_000,
    ...extra,
  };
}

describe('recording client', () => {
  // msw pipes mocked bodies through its own stream, so cancellation is observed through the fetch seam.
  const direct = (body: ReadableStream<Uint8Array>) => ({
    fetch: async () => new Response(body, { headers: SSE }),
  });

  it('stops an endless stream at the timeout and cancels the body', async () => {
    const ex = await recordExchange(spec('endless', { timeoutMs: 150 }), direct(endless('endless', 1)));
    expect(ex.response?.end).toBe('timeout');
    expect(ex.response?.sse?.events.length).toBeGreaterThan(0);
    await delay(20);
    expect(cancelled.endless).toBe(true);
  });

  it('stops a stalled stream at the timeout with what arrived so far', async () => {
    const ex = await recordExchange(spec('stalled', { timeoutMs: 100 }), direct(stalled('stalled')));
    expect(ex.response?.end).toBe('timeout');
    expect(ex.response?.sse?.events.map((e) => e.data)).toEqual(['{"n":0}']);
    await delay(20);
    expect(cancelled.stalled).toBe(true);
  });

  it('stops an endless stream over the network at the timeout', async () => {
    const ex = await recordExchange(spec('endless', { timeoutMs: 100 }));
    expect(ex.response?.end).toBe('timeout');
    expect(ex.response?.sse?.events.length).toBeGreaterThan(0);
  });

  it('stops after max-events events and cancels the body', async () => {
    const ex = await recordExchange(spec('fast', { maxEvents: 5 }), direct(endless('fast', 0)));
    expect(ex.response?.end).toBe('max-events');
    expect(ex.response?.sse?.events).toHaveLength(5);
    await delay(20);
    expect(cancelled.fast).toBe(true);
  });

  it('stops a stream that sends only comments once it read 16 lines per allowed event', async () => {
    let sent = 0;
    const pings = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Bounded so the test ends even if the client never stops.
        if (sent++ >= 5000) return controller.close();
        controller.enqueue(enc.encode(': ping\n\n'));
      },
    });
    const ex = await recordExchange(spec('pings', { maxEvents: 5 }), direct(pings));
    expect(ex.response?.end).toBe('max-events');
    expect(ex.response?.sse?.events).toHaveLength(0);
    expect(ex.response?.sse?.lineCount).toBeLessThanOrEqual(5 * 16 + 2);
  });

  it('stops a stream whose one line never ends once it read 16 KiB per allowed event', async () => {
    let sent = 0;
    const endlessLine = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Bounded so the test ends even if the client never stops: 4 MiB in all.
        if (sent++ >= 4096) return controller.close();
        controller.enqueue(enc.encode(sent === 1 ? 'data: {"content":"' : 'x'.repeat(1024)));
      },
    });
    const ex = await recordExchange(spec('line', { maxEvents: 5 }), direct(endlessLine));
    expect(ex.response?.end).toBe('max-events');
    expect(sent).toBeLessThan(5 * 16 + 10);
    // The unfinished line is kept as the stream's last, unterminated event: bounded by the cap.
    const data = ex.response?.sse?.events.at(-1)?.data ?? '';
    expect(data.length).toBeGreaterThan(5 * 16 * 1024 - 2048);
    expect(data.length).toBeLessThanOrEqual(5 * 16 * 1024 + 1024);
  });

  it('aborts on purpose after the asked number of events', async () => {
    const ex = await recordExchange(spec('endless', { abortAfterEvents: 3 }));
    expect(ex.response?.end).toBe('aborted');
    expect(ex.response?.sse?.events).toHaveLength(3);
  });

  it('stamps events with ms since the request was sent', async () => {
    const ex = await recordExchange(spec('endless', { maxEvents: 4 }));
    const times = ex.response?.sse?.events.map((e) => e.at) ?? [];
    expect(times).toHaveLength(4);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(ex.response?.firstByteAt).toBeGreaterThanOrEqual(0);
    expect(ex.response?.endedAt).toBeGreaterThanOrEqual(times[3]!);
  });

  it('records a refused connection without throwing', async () => {
    const ex = await recordExchange(spec('refused'));
    expect(ex.response).toBeUndefined();
    expect(ex.failure?.end).toBe('network-error');
  });

  it('records a connection that breaks mid-stream', async () => {
    const ex = await recordExchange(spec('reset'));
    expect(ex.response?.end).toBe('network-error');
    expect(ex.response?.error).toMatch(/reset/);
    expect(ex.response?.sse?.events).toHaveLength(1);
  });

  it('gives up waiting for headers at the timeout', async () => {
    const ex = await recordExchange(spec('no-headers', { timeoutMs: 50 }));
    expect(ex.response).toBeUndefined();
    expect(ex.failure?.end).toBe('timeout');
  });

  it('records a JSON error as sent and received, headers lower-cased, no SSE', async () => {
    const ex = await recordExchange(spec('json', { body: '{"stream":true', expectStream: true }));
    expect(ex.request.body).toBe('{"stream":true');
    expect(ex.requestJson).toBeUndefined();
    expect(ex.response?.status).toBe(400);
    expect(ex.response?.headers['x-request-id']).toBe('r1');
    expect(JSON.parse(ex.response?.body ?? '')).toEqual({ error: { message: 'bad' } });
    expect(ex.response?.sse).toBeUndefined();
  });

  it('decodes a stream that was asked for even when the content type is wrong', async () => {
    const ex = await recordExchange(spec('unlabelled-stream'));
    expect(ex.response?.headers['content-type']).toMatch(/text\/plain/);
    expect(ex.response?.sse?.events.map((e) => e.data)).toEqual(['{"n":0}', '[DONE]']);
  });

  it('bounds the kept body text', async () => {
    const ex = await recordExchange(spec('fast', { maxEvents: 100, maxBodyChars: 50 }));
    expect(ex.response?.body.length).toBe(50);
    expect(ex.response?.sse?.events).toHaveLength(100);
  });
});
