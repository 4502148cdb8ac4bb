import { Writable } from 'node:stream';
import pino from 'pino';
import type { CreateChatCompletionRequest } from '../../src/contract';
import { createFakeUpstream } from '../../src/fake-upstream';
import { type BackendEvent, type ChatBackend, eventsOf } from '../../src/server/backends/types';
import { createUpstreamBackend, UPSTREAM_MODEL } from '../../src/server/backends/upstream';
import { ApiError } from '../../src/server/errors';
import { eventually } from '../fake-upstream/rawClient';
import { type Listening, listen } from '../helpers/listen';

const KEY = 'sk-test-secret-0123456789';

let up: Listening;
let fake: ReturnType<typeof createFakeUpstream>;
let logText = '';
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk, _enc, done) {
      logText += String(chunk);
      done();
    },
  }),
);

beforeAll(async () => {
  fake = createFakeUpstream();
  up = await listen(fake.handler);
});
afterAll(() => up.close());
beforeEach(() => fake.log.clear());

function body(text: string, extra: Partial<CreateChatCompletionRequest> = {}): CreateChatCompletionRequest {
  return { model: UPSTREAM_MODEL, messages: [{ role: 'user', content: text }], ...extra };
}

/** Runs a completion to its end, bounded, keeping the events and what it threw. */
async function run(
  backend: ChatBackend,
  request: CreateChatCompletionRequest,
  signal = new AbortController().signal,
) {
  const events: BackendEvent[] = [];
  let error: unknown;
  try {
    for await (const e of backend.complete({
      body: request,
      signal,
      sessionKey: 'api:t',
      requestId: 'req-1',
    })) {
      events.push(...eventsOf(e));
      if (events.length > 1000) throw new Error('runaway stream');
    }
  } catch (err) {
    error = err;
  }
  return { events, error };
}

const backendFor = (extra = {}) =>
  createUpstreamBackend({ baseUrl: `${up.url}/v1`, apiKey: KEY, logger, ...extra });
const text = (events: BackendEvent[]) => events.map((e) => (e.type === 'content' ? e.text : '')).join('');

describe('upstream backend success', () => {
  it('yields content, finish and the upstream usage last', async () => {
    const { events, error } = await run(backendFor(), body('alpha beta gamma'));
    expect(error).toBeUndefined();
    expect(text(events)).toBe('alpha beta gamma');
    expect(events.at(-2)).toEqual({ type: 'finish', choice: 0, reason: 'stop' });
    expect(events.at(-1)).toEqual({
      type: 'usage',
      usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 },
    });
  });

  it('always streams upstream with include_usage, drops session_id and passes the model through', async () => {
    await run(backendFor(), body('hi', { stream: false, session_id: 's1', stream_options: null as never }));
    const [entry] = fake.log.list();
    expect(entry?.body).toEqual({
      model: UPSTREAM_MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('sends the key as a Bearer token', async () => {
    await run(backendFor(), body('hi'));
    expect(fake.log.list()[0]?.authorization).toBe(`Bearer ${KEY}`);
  });

  it('yields tool-call fragments with index, id, name and arguments', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'lookup' } }];
    const { events, error } = await run(
      backendFor(),
      body('find x [[chat-contract:tool=lookup]]', { tools }),
    );
    expect(error).toBeUndefined();
    const calls = events.filter((e) => e.type === 'tool-call');
    expect(calls[0]).toMatchObject({
      index: 0,
      id: expect.stringMatching(/^call_/),
      name: 'lookup',
      arguments: '',
    });
    expect(JSON.parse(calls.map((c) => (c.type === 'tool-call' ? c.arguments : '')).join(''))).toEqual({
      text: 'find x',
    });
    expect(events.find((e) => e.type === 'finish')).toMatchObject({ reason: 'tool_calls' });
  });

  it('serves the configured models, or its default', () => {
    expect(backendFor().models()).toEqual([UPSTREAM_MODEL]);
    expect(backendFor({ models: ['gpt-4o-mini', 'o3'] }).models()).toEqual(['gpt-4o-mini', 'o3']);
  });
});

describe('upstream backend failures', () => {
  it.each([
    ['http-500', 'The upstream provider returned HTTP 500.'],
    ['http-503', 'The upstream provider returned HTTP 503.'],
    ['before-first-token', 'The upstream provider closed the stream before it finished.'],
  ])('%s fails with upstream_error before any event', async (fault, message) => {
    const { events, error } = await run(backendFor(), body(`hi [[chat-contract:fault=${fault}]]`));
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'upstream_error', message });
  });

  it("maps an upstream 429 to 429 rate_limit_exceeded, with the upstream's Retry-After in seconds", async () => {
    const answering =
      (headers: Record<string, string>): typeof fetch =>
      async () =>
        new Response(
          '{"error":{"message":"slow down","type":"requests","param":null,"code":"rate_limit_exceeded"}}',
          {
            status: 429,
            headers: { 'content-type': 'application/json', ...headers },
          },
        );
    const cases: Array<[Record<string, string>, Record<string, string>]> = [
      [{ 'retry-after': '7' }, { 'Retry-After': '7' }],
      [{ 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }, {}],
      [{}, {}],
    ];
    for (const [sent, forwarded] of cases) {
      const backend = createUpstreamBackend({
        baseUrl: 'http://upstream.invalid/v1',
        fetch: answering(sent),
      });
      const { events, error } = await run(backend, body('hi'));
      expect(events).toEqual([]);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 'rate_limit_exceeded', status: 429, headers: forwarded });
      // Nothing the upstream wrote is echoed.
      expect((error as ApiError).message).not.toMatch(/slow down/);
    }
    // The fake upstream's own 429 takes the same way.
    const { error } = await run(backendFor(), body('hi [[chat-contract:fault=http-429]]'));
    expect(error).toMatchObject({ code: 'rate_limit_exceeded', status: 429 });
  });

  it.each([
    ['mid-stream', 'The upstream connection broke during the stream.'],
    ['error-frame', 'The upstream provider reported an error during the stream.'],
    ['malformed-chunk', 'The upstream provider sent a malformed stream chunk.'],
  ])('%s fails with upstream_error after some content and no finish', async (fault, message) => {
    const { events, error } = await run(backendFor(), body(`a b c d e [[chat-contract:fault=${fault}]]`));
    expect(text(events)).toBe('a b');
    expect(events.some((e) => e.type === 'finish')).toBe(false);
    expect(error).toMatchObject({ code: 'upstream_error', message });
  });

  it('fails with upstream_error when the upstream cannot be reached', async () => {
    const gone = await listen(createFakeUpstream().handler);
    await gone.close();
    const backend = createUpstreamBackend({ baseUrl: `${gone.url}/v1`, apiKey: KEY, logger });
    const { error } = await run(backend, body('hi'));
    expect(error).toMatchObject({
      code: 'upstream_error',
      message: 'The upstream provider could not be reached.',
    });
  });

  it('keeps the key out of every error message and every log line', async () => {
    logText = '';
    const faults = ['http-500', 'mid-stream', 'error-frame', 'malformed-chunk', 'before-first-token'];
    const errors = await Promise.all(
      faults.map(async (f) => (await run(backendFor(), body(`a [[chat-contract:fault=${f}]]`))).error),
    );
    expect(errors.every((e) => e instanceof ApiError)).toBe(true);
    expect(logText).toContain('upstream');
    for (const e of errors)
      expect(JSON.stringify({ m: (e as Error).message, b: (e as ApiError).toBody() })).not.toContain(KEY);
    expect(logText).not.toContain(KEY);
    expect(logText).not.toContain('sk-test');
  });
});

describe('upstream backend cancellation', () => {
  it('aborting the signal cancels the upstream request of a hanging stream', async () => {
    const controller = new AbortController();
    const pending = run(backendFor(), body('hi [[chat-contract:fault=hang]]'), controller.signal);
    await eventually(() =>
      fake.log.list()[0]?.status === null && fake.log.list()[0]?.stream ? true : undefined,
    );
    controller.abort();
    const { events, error } = await pending;
    expect(events).toEqual([]);
    expect(error).toMatchObject({ code: 'upstream_error' });
    const entry = await eventually(() => fake.log.list().find((e) => e.state !== 'in-progress'));
    expect(entry).toMatchObject({ state: 'client-closed', clientAborted: true });
  });

  it('an abort with a timeout reason surfaces as that timeout', async () => {
    const controller = new AbortController();
    const pending = run(
      backendFor(),
      body('a b c [[chat-contract:fault=slow]] [[chat-contract:delay-ms=5000]]'),
      controller.signal,
    );
    await eventually(() => (fake.log.list()[0]?.stream ? true : undefined));
    const reason = new ApiError('timeout', 'The backend did not produce the next token within 10 ms.');
    controller.abort(reason);
    expect((await pending).error).toBe(reason);
    await eventually(() => (fake.log.list()[0]?.clientAborted ? true : undefined));
  });

  it('a consumer that stops early cancels the upstream stream', async () => {
    const backend = backendFor();
    const request = body('a b c d [[chat-contract:fault=slow]] [[chat-contract:delay-ms=200]]');
    const signal = new AbortController().signal;
    for await (const e of backend.complete({ body: request, signal, sessionKey: 'api:t', requestId: 'r' })) {
      if (eventsOf(e).some((ev) => ev.type === 'content')) break;
    }
    const entry = await eventually(() => fake.log.list().find((e) => e.state !== 'in-progress'));
    expect(entry).toMatchObject({ state: 'client-closed', clientAborted: true });
  });
});
