import pino from 'pino';
import { compileSchema } from '../../src/contract';
import { createFakeUpstream } from '../../src/fake-upstream';
import { createUpstreamBackend, UPSTREAM_MODEL } from '../../src/server/backends/upstream';
import { createApp } from '../../src/server/http/app';
import { dataLines, eventually, rawRequest } from '../fake-upstream/rawClient';
import { type Listening, listen } from '../helpers/listen';

const KEY = 'sk-e2e-secret-abcdef';
const validChunk = compileSchema('ChatCompletionChunk');
const validError = compileSchema('ErrorResponse');
const validCompletion = compileSchema('ChatCompletion');

let up: Listening;
let server: Listening;
/** Short deadlines, only for the hang cases, so nothing else can trip them on a slow machine. */
let impatient: Listening;
let fake: ReturnType<typeof createFakeUpstream>;
const logged: string[] = [];

beforeAll(async () => {
  fake = createFakeUpstream();
  up = await listen(fake.handler);
  const logger = pino({ level: 'debug' }, { write: (line: string) => logged.push(line) });
  const backend = createUpstreamBackend({ baseUrl: `${up.url}/v1`, apiKey: KEY, logger });
  server = await listen(createApp({ backend, logger }));
  impatient = await listen(createApp({ backend, logger, timeouts: { firstTokenMs: 300, idleMs: 300 } }));
});
afterAll(async () => {
  await server.close();
  await impatient.close();
  await up.close();
});
beforeEach(() => fake.log.clear());

const ask = (text: string, stream = true) => ({
  model: UPSTREAM_MODEL,
  stream,
  messages: [{ role: 'user', content: text }],
});
const post = (body: unknown, to = server) => rawRequest(`${to.url}/v1/chat/completions`, { body });

describe('reference server over the upstream backend', () => {
  it('re-issues a successful upstream stream under its own stable id', async () => {
    const res = await post(ask('alpha beta gamma'));
    expect(res.status).toBe(200);
    const data = dataLines(res.text);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    for (const c of chunks) expect(validChunk(c)).toBe(true);
    const ids = new Set(chunks.map((c) => c.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).not.toMatch(/fake/);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('alpha beta gamma');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
  });

  it('answers a non-stream request with the upstream reply and its usage', async () => {
    const res = await post(ask('one two', false));
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.text);
    expect(validCompletion(doc)).toBe(true);
    expect(doc.choices[0].message.content).toBe('one two');
    expect(doc.usage).toEqual({ prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 });
  });

  it.each([
    ['http-500', 502, 'upstream_error'],
    ['http-503', 502, 'upstream_error'],
    ['http-429', 429, 'rate_limit_exceeded'],
    ['before-first-token', 502, 'upstream_error'],
    ['hang', 504, 'timeout'],
  ])('turns an early upstream %s into a JSON %i %s', async (fault, status, code) => {
    const res = await post(ask(`a b c [[chat-contract:fault=${fault}]]`), impatient);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = JSON.parse(res.text);
    expect(validError(doc)).toBe(true);
    expect(doc.error.code).toBe(code);
    expect(res.text).not.toContain(KEY);
    // Every 429 says when to retry.
    if (status === 429) expect(res.headers['retry-after']).toBe('1');
  });

  it('answers 502 upstream_error, not a tool_calls finish with no call, when the upstream drops the call', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const text = 'weather [[chat-contract:tool=get_weather]] [[chat-contract:defect=tool-calls-dropped]]';
    const res = await post({ ...ask(text), tools });
    expect(res.status).toBe(502);
    const doc = JSON.parse(res.text);
    expect(validError(doc)).toBe(true);
    expect(doc.error).toMatchObject({
      code: 'upstream_error',
      message: 'The upstream provider announced a call it never sent.',
    });
    // The same request with the call intact is served.
    const whole = await post({ ...ask('weather [[chat-contract:tool=get_weather]]'), tools });
    expect(whole.status).toBe(200);
    expect(whole.text).toContain('"finish_reason":"tool_calls"');
  });

  it.each(['mid-stream', 'error-frame', 'malformed-chunk'])(
    'ends a stream whose upstream failed with %s in one upstream_error frame, no finish and no [DONE]',
    async (fault) => {
      const res = await post(ask(`a b c d [[chat-contract:fault=${fault}]]`));
      expect(res.status).toBe(200);
      const data = dataLines(res.text).map((d) => JSON.parse(d));
      const last = data.at(-1);
      expect(last.error).toMatchObject({ code: 'upstream_error', type: 'server_error' });
      expect(data.filter((d) => 'error' in d)).toHaveLength(1);
      expect(
        data
          .slice(0, -1)
          .map((c) => c.choices[0]?.delta?.content ?? '')
          .join(''),
      ).toBe('a b');
      expect(data.every((c) => (c.choices?.[0]?.finish_reason ?? null) === null)).toBe(true);
      expect(res.text).not.toContain('[DONE]');
    },
  );

  it('cancels the upstream request when the hang times out', async () => {
    await post(ask('x [[chat-contract:fault=hang]]'), impatient);
    const entry = await eventually(() => fake.log.list().find((e) => e.state !== 'in-progress'));
    expect(entry).toMatchObject({ state: 'client-closed', clientAborted: true });
  });

  it('cancels the upstream request when the client leaves mid-stream', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask('a b c d [[chat-contract:fault=slow]] [[chat-contract:delay-ms=100]]')),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const entry = await eventually(() => fake.log.list().find((e) => e.state !== 'in-progress'));
    expect(entry).toMatchObject({ state: 'client-closed', clientAborted: true });
  });

  it('forwards the key to the upstream and never logs it', async () => {
    await post(ask('hi [[chat-contract:fault=mid-stream]]'));
    expect(fake.log.list()[0]?.authorization).toBe(`Bearer ${KEY}`);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain(KEY);
  });
});
