import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type ChatApiError,
  type ChatStreamError,
  type ChatStreamTruncatedError,
  readChatStream,
} from '../../src/client';
import { type RunningReferenceServer, startServer } from '../../src/start';
import { type Listening, listen } from '../helpers/listen';
import { fixture, readAll } from './helpers';

const start =
  'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n';

/** Writes bytes in small pieces, one per turn of the event loop, as a slow network would. */
async function dribble(res: ServerResponse, bytes: Uint8Array): Promise<void> {
  for (let i = 0; i < bytes.length; i += 50) {
    res.write(bytes.subarray(i, i + 50));
    await new Promise((r) => setImmediate(r));
  }
}

function handler(req: IncomingMessage, res: ServerResponse): void {
  const [, route, ...rest] = (req.url ?? '').split('/');
  if (route === 'fixture') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    dribble(res, fixture(rest.join('/'))).then(() => res.end());
  } else if (route === 'drop') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(start, () => setTimeout(() => res.destroy(), 20));
  } else if (route === 'hang') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(start);
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"no such route","type":"invalid_request_error","param":null,"code":null}}');
  }
}

let server: Listening;
let reference: RunningReferenceServer;
beforeAll(async () => {
  server = await listen(handler);
  reference = await startServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
  await reference.close();
});

describe('readChatStream against a live test server', () => {
  it.each([
    ['streams/good-n2.sse', 'complete'],
    ['service/reference-error-frame.sse', 'ChatStreamError'],
    ['streams/done-missing.sse', 'ChatStreamTruncatedError'],
    ['streams/invalid-json-data.sse', 'ChatStreamProtocolError'],
  ])('reads %s as %s', async (name, want) => {
    const got = await readAll(await fetch(`${server.url}/fixture/${name}`));
    expect(got.outcome).toBe(want);
  });

  it('takes a connection dropped mid-stream for a truncation', async () => {
    const got = await readAll(await fetch(`${server.url}/drop`));
    expect(got.outcome).toBe('ChatStreamTruncatedError');
    expect((got.error as ChatStreamTruncatedError).reason).toBe('read-failed');
    expect(got.chunks).toHaveLength(1);
  });

  it('throws ChatApiError for a non-2xx answer', async () => {
    const got = await readAll(await fetch(`${server.url}/nowhere`));
    expect(got.outcome).toBe('ChatApiError');
    expect((got.error as ChatApiError).status).toBe(404);
  });

  it('stops a stream that never ends when the signal aborts', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/hang`, { signal: controller.signal });
    const read = readChatStream(res, { signal: controller.signal });
    expect((await read.next()).done).toBe(false);
    const next = read.next();
    controller.abort(new Error('gave up'));
    await expect(next).rejects.toThrow('gave up');
  });
});

describe('readChatStream against the reference server', () => {
  const post = (content: string, extra: object = {}) =>
    fetch(`${reference.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'chat-contract-scripted',
        stream: true,
        messages: [{ role: 'user', content }],
        ...extra,
      }),
    });

  it('reads a complete stream to its end', async () => {
    const got = await readAll(await post('hello there', { n: 2, stream_options: { include_usage: true } }));
    expect(got.outcome).toBe('complete');
    expect(got.chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('throws ChatStreamError with the error object on a mid-stream fault', async () => {
    const got = await readAll(await post('hello [[chat-contract:fault=mid-stream]]'));
    expect(got.outcome).toBe('ChatStreamError');
    expect((got.error as ChatStreamError).error).toMatchObject({
      type: 'server_error',
      code: 'backend_error',
    });
  });

  it('throws ChatApiError with the envelope on a fault before the first token', async () => {
    const got = await readAll(await post('hello [[chat-contract:fault=before-first-token]]'));
    expect(got.outcome).toBe('ChatApiError');
    expect((got.error as ChatApiError).status).toBe(500);
    expect((got.error as ChatApiError).envelope).toMatchObject({ error: { code: 'backend_error' } });
  });
});
