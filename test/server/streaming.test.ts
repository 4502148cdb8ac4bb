import type { Listening } from '../helpers/listen';
import { failAfter, replyOf, testBackend } from './support/backends';
import { ask, contentOf, post, serve } from './support/exchange';

describe('streamed completions (the behaviours the nanobot fix pinned down)', () => {
  const backend = testBackend((request) =>
    String(request.body.messages[0]?.content) === 'boom'
      ? failAfter([], new Error('backend blew up'))
      : replyOf(['Hello', ' world']),
  );
  let srv: Listening;
  beforeAll(async () => {
    srv = await serve({ backend });
  });
  afterAll(() => srv.close());

  it('answers stream: true with text/event-stream, data events and [DONE] last', async () => {
    const ex = await post(srv.url, ask('hi', { stream: true }));
    expect(ex.status).toBe(200);
    expect(ex.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(ex.text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(ex.data.filter((d) => d === '[DONE]')).toHaveLength(1);
    expect(ex.data.at(-1)).toBe('[DONE]');
    for (const block of ex.text.split('\n\n').filter(Boolean)) expect(block).toMatch(/^data: /);
  });

  it('streams the tokens in order and ends with an empty-delta stop chunk', async () => {
    const ex = await post(srv.url, ask('hi', { stream: true }));
    expect(ex.chunks[0]?.choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(ex.chunks.slice(1, 3).map((c) => c.choices[0].delta.content)).toEqual(['Hello', ' world']);
    const last = ex.chunks.at(-1)!;
    expect(last.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'stop' });
  });

  it('gives every chunk of one stream the same chatcmpl- id, created and model', async () => {
    const ex = await post(srv.url, ask('go', { stream: true }));
    expect(new Set(ex.chunks.map((c) => c.id)).size).toBe(1);
    expect(ex.chunks[0]?.id).toMatch(/^chatcmpl-.+/);
    expect(new Set(ex.chunks.map((c) => c.created)).size).toBe(1);
    expect(new Set(ex.chunks.map((c) => c.model))).toEqual(new Set(['chat-contract-scripted']));
    for (const c of ex.chunks) {
      expect(c.object).toBe('chat.completion.chunk');
      for (const ch of c.choices) expect(ch).toHaveProperty('finish_reason');
    }
  });

  it.each([
    ['stream: false', { stream: false }],
    ['stream omitted', {}],
  ])('answers %s with one chat.completion JSON document', async (_name, extra) => {
    const ex = await post(srv.url, ask('hi', extra));
    expect(ex.status).toBe(200);
    expect(ex.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(ex.text);
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0].message).toEqual({ role: 'assistant', content: 'Hello world' });
  });

  it('hands the streaming request to the backend with its session key and an abort signal', async () => {
    const before = backend.requests.length;
    const ex = await post(srv.url, ask('hi', { stream: true, session_id: 'my-session' }));
    expect(ex.status).toBe(200);
    const seen = backend.requests[before]!;
    expect(seen.sessionKey).toBe('api:my-session');
    expect(seen.signal).toBeInstanceOf(AbortSignal);
    expect(seen.body.stream).toBe(true);
  });

  it('gives requests without a session id a key of their own', async () => {
    const before = backend.requests.length;
    await post(srv.url, ask('hi', { stream: true }));
    await post(srv.url, ask('hi', { stream: true }));
    const [a, b] = backend.requests.slice(before).map((r) => r.sessionKey);
    expect(a).toMatch(/^api:req-/);
    expect(a).not.toBe(b);
  });

  it('never sends the success terminator when the backend fails (the regression)', async () => {
    const ex = await post(srv.url, ask('boom', { stream: true }));
    expect(ex.text).not.toMatch(/"finish_reason":\s*"stop"/);
    expect(ex.text).not.toContain('[DONE]');
    expect(ex.status).toBeGreaterThanOrEqual(500);
  });
});

describe('streamed completions from the scripted backend', () => {
  let srv: Listening;
  beforeAll(async () => {
    srv = await serve();
  });
  afterAll(() => srv.close());

  it('says which session and turn it served', async () => {
    const first = await post(srv.url, ask('hello there', { stream: true, session_id: 'abc' }));
    const second = await post(srv.url, ask('hello again', { stream: true, session_id: 'abc' }));
    expect(contentOf(first.chunks)).toBe('[session api:abc, turn 1] You said: hello there');
    expect(contentOf(second.chunks)).toBe('[session api:abc, turn 2] You said: hello again');
  });

  it('sends headers that keep proxies from buffering or compressing', async () => {
    const ex = await post(srv.url, ask('hi', { stream: true }), {
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip, br' },
    });
    expect(ex.headers.get('cache-control')).toBe('no-cache');
    expect(ex.headers.get('x-accel-buffering')).toBe('no');
    expect(ex.headers.get('connection')).toBe('keep-alive');
    expect(ex.headers.get('content-encoding')).toBeNull();
  });

  it('with include_usage: usage null on every chunk, then one empty-choices chunk with the totals', async () => {
    const ex = await post(
      srv.url,
      ask('count me', { stream: true, stream_options: { include_usage: true }, session_id: 'u' }),
    );
    const [last, ...rest] = [...ex.chunks].reverse();
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual({ prompt_tokens: 5, completion_tokens: 8, total_tokens: 13 });
    for (const c of rest) {
      expect(c.usage).toBeNull();
      expect(c.choices).toHaveLength(1);
    }
    expect(rest[0]?.choices[0].finish_reason).toBe('stop');
    expect(ex.data.at(-1)).toBe('[DONE]');
  });

  it('without include_usage: no usage field and no empty-choices chunk', async () => {
    const ex = await post(srv.url, ask('count me', { stream: true }));
    for (const c of ex.chunks) {
      expect(c).not.toHaveProperty('usage');
      expect(c.choices.length).toBeGreaterThan(0);
    }
  });

  it('interleaves n=2 choices by index, each with its role, content and finish', async () => {
    const ex = await post(srv.url, ask('two ways', { stream: true, n: 2, session_id: 'n2' }));
    const contentIndexes = ex.chunks.filter((c) => c.choices[0].delta.content).map((c) => c.choices[0].index);
    expect(contentIndexes.slice(0, 6)).toEqual([0, 1, 0, 1, 0, 1]);
    for (const i of [0, 1]) {
      const mine = ex.chunks.filter((c) => c.choices[0].index === i).map((c) => c.choices[0]);
      expect(mine[0].delta).toEqual({ role: 'assistant', content: '' });
      expect(mine.at(-1)).toEqual({ index: i, delta: {}, finish_reason: 'stop' });
      expect(mine.filter((c) => c.finish_reason !== null)).toHaveLength(1);
      expect(contentOf(ex.chunks, i)).toBe('[session api:n2, turn 1] You said: two ways');
    }
  });

  it('streams a tool call as indexed fragments: id, type and name first, arguments in pieces', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const ex = await post(
      srv.url,
      ask('weather in Paris [[chat-contract:tool=get_weather]]', { stream: true, tools, session_id: 't' }),
    );
    const deltas = ex.chunks.map((c) => c.choices[0].delta);
    expect(deltas[0]).toEqual({ role: 'assistant', content: null });
    const fragments = deltas.slice(1, -1).map((d) => d.tool_calls);
    expect(fragments.length).toBeGreaterThanOrEqual(3);
    for (const f of fragments) expect(f).toEqual([expect.objectContaining({ index: 0 })]);
    expect(fragments[0][0]).toMatchObject({ id: expect.stringMatching(/^call_/), type: 'function' });
    expect(fragments[0][0].function.name).toBe('get_weather');
    for (const f of fragments.slice(1)) expect(Object.keys(f[0]).sort()).toEqual(['function', 'index']);
    const args = fragments.map((f) => f[0].function.arguments).join('');
    expect(JSON.parse(args)).toEqual({ request: 'weather in Paris', session: 'api:t', turn: 1 });
    expect(ex.chunks.at(-1)?.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'tool_calls' });
  });

  it('stops at max_tokens with finish_reason length', async () => {
    const ex = await post(srv.url, ask('a long reply please', { stream: true, max_tokens: 3 }));
    const contentChunks = ex.chunks.filter((c) => c.choices[0].delta.content);
    expect(contentChunks).toHaveLength(3);
    expect(ex.chunks.at(-1)?.choices[0].finish_reason).toBe('length');
  });

  it('answers an unknown model with 404 model_not_found before any stream', async () => {
    const ex = await post(srv.url, { ...ask('hi', { stream: true }), model: 'no-such-model' });
    expect(ex.status).toBe(404);
    expect(JSON.parse(ex.text).error).toMatchObject({ code: 'model_not_found', param: 'model' });
  });
});
