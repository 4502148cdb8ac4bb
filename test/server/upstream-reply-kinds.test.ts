import pino from 'pino';
import { createUpstreamBackend } from '../../src/server/backends/upstream';
import { createApp } from '../../src/server/http/app';
import { type Listening, listen } from '../helpers/listen';

const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ id: 'up-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices, ...extra })}\n\n`;

/** What OpenAI streams when the model declines: refusal deltas, content null, finish stop. */
const REFUSAL_STREAM = [
  chunk([{ index: 0, delta: { role: 'assistant', content: null, refusal: '' }, finish_reason: null }]),
  chunk([{ index: 0, delta: { refusal: "I'm sorry, " }, finish_reason: null }]),
  chunk([{ index: 0, delta: { refusal: 'I cannot help with that.' }, finish_reason: null }]),
  chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]),
  chunk([], { usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 } }),
  'data: [DONE]\n\n',
].join('');

/** What an upstream streams for a request with legacy `functions`: function_call deltas. */
const FUNCTION_CALL_STREAM = [
  chunk([{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null }]),
  chunk([
    { index: 0, delta: { function_call: { name: 'get_weather', arguments: '' } }, finish_reason: null },
  ]),
  chunk([{ index: 0, delta: { function_call: { arguments: '{"city":' } }, finish_reason: null }]),
  chunk([{ index: 0, delta: { function_call: { arguments: '"Oslo"}' } }, finish_reason: null }]),
  chunk([{ index: 0, delta: {}, finish_reason: 'function_call' }]),
  'data: [DONE]\n\n',
].join('');

let srv: Listening;
beforeAll(async () => {
  // The upstream answers by the request: legacy `functions` get a function call, the rest a refusal.
  const upstreamFetch: typeof fetch = async (_url, init) => {
    const sent = JSON.parse(String(init?.body)) as { functions?: unknown };
    const body = sent.functions ? FUNCTION_CALL_STREAM : REFUSAL_STREAM;
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  const backend = createUpstreamBackend({
    baseUrl: 'http://upstream.invalid/v1',
    models: ['m'],
    fetch: upstreamFetch,
  });
  srv = await listen(createApp({ backend, logger: pino({ level: 'silent' }) }));
});
afterAll(() => srv.close());

const post = (body: Record<string, unknown>) =>
  fetch(`${srv.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }], ...body }),
  });

type StreamChunk = { choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }> };

/** The chunks of a streamed answer, and whether it ended with [DONE]. */
async function streamed(res: Response): Promise<{ chunks: StreamChunk[]; done: boolean }> {
  const text = await res.text();
  const chunks = text
    .split('\n\n')
    .filter((b) => b.startsWith('data: {'))
    .map((b) => JSON.parse(b.slice(6)) as StreamChunk);
  return { chunks, done: text.trimEnd().endsWith('data: [DONE]') };
}

describe('an upstream refusal', () => {
  it('is streamed as refusal deltas, with content null in the role chunk', async () => {
    const res = await post({ stream: true });
    expect(res.status).toBe(200);
    const { chunks, done } = await streamed(res);
    const deltas = chunks.flatMap((c) => c.choices.map((ch) => ch.delta));
    expect(deltas[0]).toEqual({ role: 'assistant', content: null });
    const refusal = deltas.map((d) => d.refusal ?? '').join('');
    expect(refusal).toBe("I'm sorry, I cannot help with that.");
    expect(deltas.some((d) => typeof d.content === 'string' && d.content !== '')).toBe(false);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(done).toBe(true);
  });

  it('is the message refusal of a non-stream reply, with content null', async () => {
    const res = await post({});
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      choices: Array<{ message: Record<string, unknown>; finish_reason: string }>;
      usage: Record<string, number>;
    };
    expect(body.choices[0]?.message).toEqual({
      role: 'assistant',
      content: null,
      refusal: "I'm sorry, I cannot help with that.",
    });
    expect(body.choices[0]?.finish_reason).toBe('stop');
    expect(body.usage).toEqual({ prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 });
  });
});

const functions = [
  { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
];

describe('an upstream legacy function call', () => {
  it('is streamed as function_call deltas that join to the call, with finish function_call', async () => {
    const res = await post({ stream: true, functions });
    expect(res.status).toBe(200);
    const { chunks, done } = await streamed(res);
    const deltas = chunks.flatMap((c) => c.choices.map((ch) => ch.delta));
    expect(deltas[0]).toEqual({ role: 'assistant', content: null });
    const calls = deltas.flatMap((d) =>
      d.function_call ? [d.function_call as { name?: string; arguments: string }] : [],
    );
    expect(calls.map((c) => c.name).filter(Boolean)).toEqual(['get_weather']);
    expect(calls.map((c) => c.arguments).join('')).toBe('{"city":"Oslo"}');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('function_call');
    expect(done).toBe(true);
  });

  it('is the message function_call of a non-stream reply, with content null', async () => {
    const res = await post({ functions });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      choices: Array<{ message: Record<string, unknown>; finish_reason: string }>;
    };
    expect(body.choices[0]?.message).toEqual({
      role: 'assistant',
      content: null,
      function_call: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
    });
    expect(body.choices[0]?.finish_reason).toBe('function_call');
  });
});
