import type { CreateChatCompletionRequest } from '../../src/contract';
import { type BackendEvent, eventsOf } from '../../src/server/backends/types';
import { createUpstreamBackend } from '../../src/server/backends/upstream';

const request: CreateChatCompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

/** A fetch that answers every call with `body` split into `parts`-byte pieces (awkward splits on purpose). */
function answering(
  body: string,
  init: { status?: number; type?: string; parts?: number } = {},
): typeof fetch {
  return async () => {
    const bytes = new TextEncoder().encode(body);
    const size = init.parts ?? 7;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
        controller.close();
      },
    });
    return new Response(stream, {
      status: init.status ?? 200,
      headers: { 'content-type': init.type ?? 'text/event-stream' },
    });
  };
}

async function run(fetchImpl: typeof fetch) {
  const backend = createUpstreamBackend({ baseUrl: 'http://upstream.invalid/v1', fetch: fetchImpl });
  const events: BackendEvent[] = [];
  let error: unknown;
  try {
    const signal = new AbortController().signal;
    for await (const e of backend.complete({ body: request, signal, sessionKey: 'k', requestId: 'r' })) {
      events.push(...eventsOf(e));
    }
  } catch (err) {
    error = err;
  }
  return { events, error };
}

const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices, ...extra })}\n\n`;
const role = chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
const hello = chunk([{ index: 0, delta: { content: 'héllo' }, finish_reason: null }]);
const finish = chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
const usage = chunk([], { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });

describe('upstream stream shapes', () => {
  it.each([
    [
      'a chunk without choices',
      `${role}data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m"}\n\n`,
    ],
    [
      'a chunk whose finish_reason is unknown',
      `${role}${chunk([{ index: 0, delta: {}, finish_reason: 'done' }])}`,
    ],
    ['a chunk with role ""', chunk([{ index: 0, delta: { role: '' }, finish_reason: null }])],
  ])('fails on %s as a malformed chunk', async (_name, body) => {
    const { error } = await run(answering(`${body}data: [DONE]\n\n`));
    expect(error).toMatchObject({
      code: 'upstream_error',
      message: 'The upstream provider sent a malformed stream chunk.',
    });
  });

  it.each([
    ['tool_calls', 'tool-call'],
    ['function_call', 'function_call'],
  ])('fails a %s finish on a choice that streamed no %s deltas, after what came before', async (reason) => {
    const announced = chunk([{ index: 0, delta: {}, finish_reason: reason }]);
    const { events, error } = await run(answering(`${role}${hello}${announced}data: [DONE]\n\n`));
    expect(events).toEqual([{ type: 'content', choice: 0, text: 'héllo' }]);
    expect(error).toMatchObject({
      code: 'upstream_error',
      message: 'The upstream provider announced a call it never sent.',
    });
  });

  it('passes a tool_calls finish after the call streamed', async () => {
    const call = chunk([
      {
        index: 0,
        delta: {
          tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        finish_reason: null,
      },
    ]);
    const done = chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]);
    const { events, error } = await run(answering(`${role}${call}${done}data: [DONE]\n\n`));
    expect(error).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['tool-call', 'finish']);
  });

  it('fails when a 200 answer is not an event stream', async () => {
    const { error } = await run(answering('{"id":"x"}', { type: 'application/json' }));
    expect(error).toMatchObject({ code: 'upstream_error', message: expect.stringMatching(/event stream/) });
  });

  it('fails when the stream ends without a finish or [DONE]', async () => {
    const { events, error } = await run(answering(`${role}${hello}`));
    expect(events).toEqual([{ type: 'content', choice: 0, text: 'héllo' }]);
    expect(error).toMatchObject({ code: 'upstream_error' });
  });

  it.each([1, 3, 7, 1000])('reads a whole stream split every %i bytes, with usage last', async (parts) => {
    const { events, error } = await run(
      answering(`${role}${hello}${finish}${usage}data: [DONE]\n\n`, { parts }),
    );
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'content', choice: 0, text: 'héllo' },
      { type: 'finish', choice: 0, reason: 'stop' },
      { type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
    ]);
  });

  it('accepts a finished reply that lacks only [DONE], as the official clients do', async () => {
    const { events, error } = await run(answering(`${role}${hello}${finish}`));
    expect(error).toBeUndefined();
    expect(events.at(-1)).toEqual({ type: 'finish', choice: 0, reason: 'stop' });
  });

  it('ignores whatever follows [DONE]', async () => {
    const { events, error } = await run(answering(`${role}${finish}data: [DONE]\n\ndata: {not json\n\n`));
    expect(error).toBeUndefined();
    expect(events).toEqual([{ type: 'finish', choice: 0, reason: 'stop' }]);
  });

  it('keeps choices apart when the upstream streams several', async () => {
    const two = chunk([
      { index: 0, delta: { content: 'a' }, finish_reason: null },
      { index: 1, delta: { content: 'b' }, finish_reason: null },
    ]);
    const only0 = chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
    const { events, error } = await run(answering(`${two}${only0}`));
    expect(events.slice(0, 2)).toEqual([
      { type: 'content', choice: 0, text: 'a' },
      { type: 'content', choice: 1, text: 'b' },
    ]);
    // Choice 1 never finished and no [DONE] came: the reply is not whole.
    expect(error).toMatchObject({ code: 'upstream_error' });
  });

  it.each(['reasoning_content', 'reasoning'])(
    'passes reasoning streamed in delta.%s on, before the answer',
    async (field) => {
      const thought = chunk([{ index: 0, delta: { [field]: 'thinking' }, finish_reason: null }]);
      const { events, error } = await run(answering(`${role}${thought}${hello}${finish}data: [DONE]\n\n`));
      expect(error).toBeUndefined();
      expect(events.slice(0, 2)).toEqual([
        { type: 'reasoning', choice: 0, text: 'thinking' },
        { type: 'content', choice: 0, text: 'héllo' },
      ]);
    },
  );
});
