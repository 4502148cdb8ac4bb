import {
  type ChatApiError,
  ChatStreamError,
  type ChatStreamFailure,
  type ChatStreamProtocolError,
  type ChatStreamTruncatedError,
  readChatStream,
} from '../../src/client';
import { fixture, type Outcome, pieces, readAll } from './helpers';

const enc = new TextEncoder();
const chunk = (choices: object[]) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices })}\n\n`;
const delta = (index: number, d: object, finish: string | null = null) => ({
  index,
  delta: d,
  finish_reason: finish,
});

/** Recorded streams, each with what a strict reader must make of it and where. */
const recorded: Array<[string, Outcome, { event?: number; line?: RegExp; reason?: string }?]> = [
  ['streams/good-basic.sse', 'complete'],
  ['streams/good-crlf-keepalive.sse', 'complete'],
  ['streams/good-include-usage.sse', 'complete'],
  ['streams/good-n2.sse', 'complete'],
  ['streams/good-tool-calls.sse', 'complete'],
  ['streams/good-openai-2024.sse', 'complete'],
  ['streams/good-openai-2026.sse', 'complete'],
  ['streams/good-refusal-null.sse', 'complete'],
  ['service/conforming-stream.sse', 'complete'],
  ['service/ten-content-chunks.sse', 'complete'],
  ['service/reference-error-frame.sse', 'ChatStreamError', { event: 2, line: /^data: \{"error":/ }],
  ['service/litellm-error-no-done.sse', 'ChatStreamError', { event: 2 }],
  ['service/vllm-error-then-done.sse', 'ChatStreamError', { event: 2 }],
  ['streams/error-frame-integer-code.sse', 'ChatStreamError', { event: 2 }],
  [
    'service/event-error-without-error-object.sse',
    'ChatStreamError',
    { event: 2, line: /^event: error\ndata: / },
  ],
  [
    'streams/done-missing.sse',
    'ChatStreamTruncatedError',
    { event: 4, reason: 'no-done', line: /finish_reason":"stop"/ },
  ],
  ['service/nanobot-bare-end.sse', 'ChatStreamTruncatedError', { event: 2, reason: 'no-done' }],
  [
    'streams/done-without-blank-line.sse',
    'ChatStreamTruncatedError',
    { event: 4, reason: 'unterminated-event', line: /^data: \[DONE\]$/ },
  ],
  [
    'streams/no-finish.sse',
    'ChatStreamTruncatedError',
    { event: 3, reason: 'unfinished-choice', line: /^data: \[DONE\]$/ },
  ],
  ['streams/finish-after-done.sse', 'ChatStreamTruncatedError', { reason: 'unfinished-choice' }],
  ['streams/invalid-json-data.sse', 'ChatStreamProtocolError', { event: 2, line: /^data: \{"id"/ }],
  ['streams/done-lowercase.sse', 'ChatStreamProtocolError', { event: 4, line: /^data: \[done\]$/ }],
  ['streams/done-trailing-space.sse', 'ChatStreamProtocolError', { event: 4 }],
  ['streams/error-line.sse', 'ChatStreamProtocolError', { event: 2, line: /^error: / }],
  ['streams/finish-reason-key-missing.sse', 'ChatStreamProtocolError', { event: 1 }],
  ['streams/tool-delta-without-index.sse', 'ChatStreamProtocolError', { event: 2 }],
];

describe('readChatStream on recorded streams', () => {
  it.each(recorded)('%s → %s', async (name, want, where = {}) => {
    const got = await readAll(pieces(fixture(name)));
    expect(got.outcome).toBe(want);
    if (want === 'complete') {
      expect(got.chunks.length).toBeGreaterThan(0);
      return;
    }
    const error = got.error as ChatStreamFailure;
    if (where.event !== undefined) expect(error.event).toBe(where.event);
    if (where.line) expect(error.line).toMatch(where.line);
    if (where.reason) expect((error as ChatStreamTruncatedError).reason).toBe(where.reason);
  });

  it('reads the same chunks and failures wherever the bytes are cut', async () => {
    for (const name of [
      'streams/good-crlf-keepalive.sse',
      'streams/done-missing.sse',
      'service/reference-error-frame.sse',
    ]) {
      const whole = await readAll(pieces(fixture(name)));
      for (const size of [1, 2, 3, 7, 64]) {
        const cut = await readAll(pieces(fixture(name), size));
        expect(cut.outcome).toBe(whole.outcome);
        expect(cut.chunks).toEqual(whole.chunks);
        expect((cut.error as Error | undefined)?.message).toBe((whole.error as Error | undefined)?.message);
      }
    }
  });

  it('reads a Response, a ReadableStream and an async iterable alike', async () => {
    const bytes = fixture('streams/good-n2.sse');
    const headers = { 'content-type': 'text/event-stream' };
    const asResponse = await readAll(new Response(bytes, { headers }));
    const asStream = await readAll(new Response(bytes).body!);
    const asIterable = await readAll(pieces(bytes, 5));
    expect(asResponse.outcome).toBe('complete');
    expect(asStream).toEqual(asResponse);
    expect(asIterable).toEqual(asResponse);
  });
});

describe('readChatStream on streams built for one defect', () => {
  const start = chunk([delta(0, { role: 'assistant', content: '' })]);
  const cases: Array<[string, string, Outcome, string?]> = [
    ['an empty body', '', 'ChatStreamTruncatedError', 'no-done'],
    [
      'a chunk cut in the middle of its JSON',
      `${start}data: {"id":"chatcmpl-1","obj`,
      'ChatStreamTruncatedError',
      'unterminated-event',
    ],
    [
      'n=2 where choice 1 never finished',
      `${start}${chunk([delta(1, { role: 'assistant' })])}${chunk([delta(0, {}, 'stop')])}data: [DONE]\n\n`,
      'ChatStreamTruncatedError',
      'unfinished-choice',
    ],
    ['JSON that is no chunk', `${start}data: {"ping":1}\n\n`, 'ChatStreamProtocolError'],
    ['a line without a field name', `${start}{"choices":[]}\n\n`, 'ChatStreamProtocolError'],
    [
      'a chunk with a wrong object tag',
      `${start}data: {"object":"chat.completion","choices":[]}\n\n`,
      'ChatStreamProtocolError',
    ],
    [
      'an error frame after content',
      `${start}data: {"error":{"message":"boom","type":"server_error","param":null,"code":null}}\n\n`,
      'ChatStreamError',
    ],
    [
      'events after [DONE] (ignored)',
      `${start}${chunk([delta(0, {}, 'stop')])}data: [DONE]\n\ndata: {"error":"late"}\n\n`,
      'complete',
    ],
    [
      'a keep-alive comment and BOM',
      `\uFEFF: ping\n\n${start}${chunk([delta(0, {}, 'stop')])}data: [DONE]\n\n`,
      'complete',
    ],
  ];

  // A rest parameter keeps the function's length 0: jest would otherwise pass `done` for a missing reason.
  it.each(cases)('%s', async (...[, text, want, reason]) => {
    const got = await readAll(pieces(enc.encode(text), 3));
    expect(got.outcome).toBe(want);
    if (reason) expect((got.error as ChatStreamTruncatedError).reason).toBe(reason);
  });

  it('gives the unfinished choices and the chunks read before a truncation', async () => {
    const text = `${start}${chunk([delta(1, { role: 'assistant' })])}${chunk([delta(0, {}, 'stop')])}data: [DONE]\n\n`;
    const got = await readAll(pieces(enc.encode(text)));
    expect(got.chunks).toHaveLength(3);
    expect((got.error as ChatStreamTruncatedError).unfinished).toEqual([1]);
    expect((got.error as ChatStreamTruncatedError).message).toMatch(/choice 1 never finished/);
  });

  it('carries the error object of an error frame', async () => {
    const error = { message: 'boom', type: 'server_error', param: null, code: 'backend_error' };
    const got = await readAll(pieces(enc.encode(`${start}data: ${JSON.stringify({ error })}\n\n`)));
    expect(got.error).toBeInstanceOf(ChatStreamError);
    expect((got.error as ChatStreamError).error).toEqual(error);
    expect((got.error as ChatStreamError).message).toMatch(/boom/);
  });

  it('takes a failed read for a truncation and keeps the read error as its cause', async () => {
    const cause = new TypeError('terminated');
    async function* dropped() {
      yield enc.encode(start);
      throw cause;
    }
    const got = await readAll(dropped());
    expect(got.outcome).toBe('ChatStreamTruncatedError');
    expect((got.error as ChatStreamTruncatedError).reason).toBe('read-failed');
    expect((got.error as Error).cause).toBe(cause);
    expect(got.chunks).toHaveLength(1);
  });
});

describe('readChatStream on a Response', () => {
  it('throws ChatApiError with the envelope on a non-2xx status', async () => {
    const envelope = {
      error: { message: 'slow down', type: 'rate_limit_error', param: null, code: 'session_busy' },
    };
    const res = new Response(JSON.stringify(envelope), {
      status: 429,
      headers: { 'content-type': 'application/json' },
    });
    const got = await readAll(res);
    expect(got.outcome).toBe('ChatApiError');
    const error = got.error as ChatApiError;
    expect(error.status).toBe(429);
    expect(error.envelope).toEqual(envelope);
    expect(error.error).toEqual(envelope.error);
    expect(error.message).toBe('HTTP 429: slow down');
  });

  it('keeps a non-envelope error body as text', async () => {
    const html = fixture('service/html-error-page.html');
    const got = await readAll(new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }));
    expect(got.outcome).toBe('ChatApiError');
    expect((got.error as ChatApiError).envelope).toBeUndefined();
    expect((got.error as ChatApiError).body).toBe(new TextDecoder().decode(html));
  });

  it('refuses a 2xx answer that is not an event stream', async () => {
    const res = new Response('{"object":"chat.completion"}', {
      headers: { 'content-type': 'application/json' },
    });
    const got = await readAll(res);
    expect(got.outcome).toBe('ChatStreamProtocolError');
    expect((got.error as ChatStreamProtocolError).problem).toMatch(/application\/json/);
  });
});

describe('readChatStream with an AbortSignal', () => {
  it('throws the reason at once when the signal is already aborted', async () => {
    const reason = new Error('stop');
    const got = await readAll(pieces(fixture('streams/good-basic.sse')), AbortSignal.abort(reason));
    expect(got).toEqual({ outcome: 'other', chunks: [], error: reason });
  });

  it('stops a read that waits forever, throws the reason and cancels the stream', async () => {
    let cancelled: unknown;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(enc.encode(chunk([delta(0, { role: 'assistant', content: '' })])));
      },
      cancel(reason) {
        cancelled = reason ?? 'cancelled';
      },
    });
    const controller = new AbortController();
    const reason = new Error('user left');
    const read = readChatStream(stream, { signal: controller.signal });
    const first = await read.next();
    expect(first.done).toBe(false);
    const second = read.next();
    controller.abort(reason);
    await expect(second).rejects.toBe(reason);
    expect(cancelled).toBeDefined();
  });

  it('stops waiting on an async iterable that never yields', async () => {
    const never: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<Uint8Array>>(() => {}) }),
    };
    const controller = new AbortController();
    const read = readChatStream(never, { signal: controller.signal }).next();
    controller.abort(new Error('enough'));
    await expect(read).rejects.toThrow('enough');
  });
});
