import { request as httpRequest, type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { createScriptedBackend } from '../../src/server/backends/scripted';
import type { ApiError } from '../../src/server/errors';
import { createApp } from '../../src/server/http/app';
import { readBody } from '../../src/server/http/body';
import { type Listening, listen } from '../helpers/listen';

const LIMIT = 4096;
let srv: Listening;
beforeAll(async () => {
  const app = createApp({
    backend: createScriptedBackend(),
    logger: pino({ level: 'silent' }),
    limits: { bodyBytes: LIMIT },
  });
  srv = await listen(app);
});
afterAll(() => srv.close());

const ok = { model: 'chat-contract-scripted', messages: [{ role: 'user', content: 'hi' }] };

interface Answer {
  status: number;
  body: string;
}

/** Sends `parts` one write each (chunked unless a content-length is given) on `agent`'s socket. */
function send(
  path: string,
  parts: Array<string | Buffer>,
  headers: Record<string, string> = {},
  agent?: import('node:http').Agent,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${srv.url}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    for (const part of parts) req.write(part);
    req.end();
  });
}

const codeOf = (a: Answer) => (JSON.parse(a.body) as { error: { code: string } }).error.code;

describe('request bodies on the chat route and on the generic chain', () => {
  // The exact chat URL takes the one-middleware route; with a query string it takes the generic chain.
  const routes = [
    ['the chat route', '/v1/chat/completions'],
    ['the generic chain', '/v1/chat/completions?via=chain'],
  ] as const;

  it.each(routes)('%s serves a body sent in several chunks', async (_name, path) => {
    const text = JSON.stringify(ok);
    const answer = await send(path, [text.slice(0, 10), text.slice(10, 30), text.slice(30)]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ object: 'chat.completion' });
  });

  it.each(routes)(
    '%s answers a chunked body over the limit with 413, and the connection stays usable',
    async (_name, path) => {
      const { Agent } = await import('node:http');
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const big = JSON.stringify({ ...ok, messages: [{ role: 'user', content: 'x'.repeat(LIMIT) }] });
        const first = await send(path, [big.slice(0, 1000), big.slice(1000)], {}, agent);
        expect(first.status).toBe(413);
        expect(codeOf(first)).toBe('body_too_large');
        const second = await send(path, [JSON.stringify(ok)], {}, agent);
        expect(second.status).toBe(200);
      } finally {
        agent.destroy();
      }
    },
  );

  it.each(routes)('%s answers a declared length over the limit with 413', async (_name, path) => {
    const big = 'x'.repeat(LIMIT + 1);
    const answer = await send(path, [big], { 'content-length': String(big.length) });
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe('body_too_large');
  });

  it.each(routes)('%s inflates a gzip body', async (_name, path) => {
    const answer = await send(path, [gzipSync(JSON.stringify(ok))], { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(200);
  });

  it.each(routes)('%s answers invalid UTF-8 with 400 invalid_json', async (_name, path) => {
    const answer = await send(path, [Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]);
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('invalid_json');
  });
});

/** A request stand-in: a stream with headers, as readBody sees an IncomingMessage. */
function fakeRequest(headers: Record<string, string> = {}) {
  const stream = new PassThrough();
  return Object.assign(stream, { headers }) as unknown as IncomingMessage & PassThrough;
}

function read(req: IncomingMessage, limit: number): Promise<{ err?: ApiError; body?: Buffer }> {
  return new Promise((resolve) => readBody(req, limit, (err, body) => resolve({ err, body })));
}

describe('readBody', () => {
  it('joins the chunks of a body within the limit', async () => {
    const req = fakeRequest();
    const done = read(req, 10);
    req.write('abc');
    req.write('defgh');
    req.end('ij');
    const { err, body } = await done;
    expect(err).toBeUndefined();
    expect(body?.toString()).toBe('abcdefghij');
  });

  it('reads a body over the limit to its end, then answers 413', async () => {
    const req = fakeRequest();
    const done = read(req, 4);
    req.write('abc');
    req.write('def');
    req.end('ghi');
    const { err, body } = await done;
    expect(body).toBeUndefined();
    expect(err?.status).toBe(413);
    expect(err?.code).toBe('body_too_large');
  });

  it('answers a declared content-length over the limit with 413', async () => {
    const req = fakeRequest({ 'content-length': '5' });
    const done = read(req, 4);
    req.end('abcd');
    expect((await done).err?.code).toBe('body_too_large');
  });

  it('answers a request closed before its end with 400 invalid_json, once', async () => {
    const req = fakeRequest();
    let calls = 0;
    const done = new Promise<ApiError | undefined>((resolve) =>
      readBody(req, 10, (err) => {
        calls += 1;
        resolve(err);
      }),
    );
    req.write('ab');
    req.destroy(new Error('aborted'));
    const err = await done;
    await new Promise((r) => setImmediate(r));
    expect(err?.status).toBe(400);
    expect(err?.code).toBe('invalid_json');
    expect(calls).toBe(1);
  });
});
