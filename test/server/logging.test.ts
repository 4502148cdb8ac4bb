import pino from 'pino';
import { safeLogger } from '../../src/server/http/requestLog';
import type { Listening } from '../helpers/listen';
import { captureLogs, waitFor } from './support/capture';
import { ask, MODEL, post, serve } from './support/exchange';

type Line = Record<string, unknown>;

/** The request line of one request id, once written. */
function requestLine(parsed: () => Line[], requestId: string): Promise<Line> {
  return waitFor(() => parsed().find((l) => l.msg === 'request' && l.requestId === requestId));
}

describe('request log', () => {
  const logs = captureLogs('info');
  let srv: Listening;
  beforeAll(async () => {
    srv = await serve({ logger: logs.logger, apiKey: 'sk-log-key-123' });
  });
  afterAll(() => srv.close());

  const auth = { 'content-type': 'application/json', authorization: 'Bearer sk-log-key-123' };
  const send = (id: string, body: unknown) =>
    post(srv.url, body, { headers: { ...auth, 'x-request-id': id } });

  it('writes one line per request with id, method, path, status, duration, model and stream flag', async () => {
    const ex = await send('req-success', ask('hello', { stream: true }));
    expect(ex.data.at(-1)).toBe('[DONE]');
    const line = await requestLine(logs.parsed, 'req-success');
    expect(line).toMatchObject({
      level: 30,
      requestId: 'req-success',
      method: 'POST',
      path: '/v1/chat/completions',
      status: 200,
      outcome: 'success',
      model: MODEL,
      stream: true,
    });
    expect(typeof line.durationMs).toBe('number');
    expect(logs.parsed().filter((l) => l.requestId === 'req-success' && l.msg === 'request')).toHaveLength(1);
  });

  const outcomes: Array<
    [string, Record<string, unknown>, { status: number; outcome: string; stream: boolean }]
  > = [
    ['a JSON completion', ask('hi'), { status: 200, outcome: 'success', stream: false }],
    [
      'a stream with a mid-stream fault (in-band error frame)',
      ask('hi [[chat-contract:fault=mid-stream]]', { stream: true }),
      { status: 200, outcome: 'failed', stream: true },
    ],
    [
      'a stream failing before its first event',
      ask('hi [[chat-contract:fault=before-first-token]]', { stream: true }),
      { status: 500, outcome: 'failed', stream: true },
    ],
    ['an invalid request', { model: MODEL, messages: [] }, { status: 400, outcome: 'failed', stream: false }],
  ];

  it.each(outcomes)('logs %s with its outcome', async (name, body, want) => {
    const id = `req-${name.replace(/\W+/g, '-')}`;
    await send(id, body);
    expect(await requestLine(logs.parsed, id)).toMatchObject(want);
  });

  it('logs a stream the client left as aborted', async () => {
    const controller = new AbortController();
    const res = await fetch(`${srv.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...auth, 'x-request-id': 'req-aborted' },
      body: JSON.stringify(
        ask('go [[chat-contract:tokens=500]] [[chat-contract:delay-ms=20]]', { stream: true }),
      ),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    expect(await requestLine(logs.parsed, 'req-aborted')).toMatchObject({ outcome: 'aborted', status: 200 });
  });

  it('logs a 401 too, without the key that was sent', async () => {
    await post(srv.url, ask('hi'), {
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer sk-wrong-secret',
        'x-request-id': 'req-401',
      },
    });
    expect(await requestLine(logs.parsed, 'req-401')).toMatchObject({ status: 401, outcome: 'failed' });
    expect(logs.lines.join('')).not.toMatch(/sk-wrong-secret|sk-log-key-123/);
  });

  it('replaces an unusable x-request-id and echoes the one it used', async () => {
    const ex = await send('bad id with spaces', ask('hi'));
    const id = ex.headers.get('x-request-id');
    expect(id).toMatch(/^[\w-]{12,}$/);
    expect(id).not.toBe('bad id with spaces');
    expect(await requestLine(logs.parsed, id!)).toMatchObject({ status: 200 });
  });

  it('never logs message contents by default', async () => {
    await send('req-private', ask('my-private-words-42'));
    await requestLine(logs.parsed, 'req-private');
    expect(logs.lines.join('')).not.toContain('my-private-words-42');
  });
});

describe('request log with --log-bodies', () => {
  it('adds the body, and still never the key', async () => {
    const logs = captureLogs('info');
    const srv = await serve({ logger: logs.logger, logBodies: true, apiKey: 'sk-body-key-456' });
    try {
      await post(srv.url, ask('visible-words-77'), {
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer sk-body-key-456',
          'x-request-id': 'b1',
        },
      });
      const line = await requestLine(logs.parsed, 'b1');
      expect(line.body).toMatchObject({
        model: MODEL,
        messages: [{ role: 'user', content: 'visible-words-77' }],
      });
      expect(logs.lines.join('')).not.toContain('sk-body-key-456');
    } finally {
      await srv.close();
    }
  });
});

describe('log redaction', () => {
  const secretShapes: Array<[string, Record<string, unknown>]> = [
    ['an authorization header', { req: { headers: { authorization: 'Bearer sk-secret-1' } } }],
    ['top-level headers', { headers: { authorization: 'Bearer sk-secret-1', 'x-api-key': 'sk-secret-1' } }],
    ['an upstream key in options', { options: { apiKey: 'sk-secret-1', upstreamKey: 'sk-secret-1' } }],
    ['a body field api_key', { body: { api_key: 'sk-secret-1' } }],
  ];

  it.each(secretShapes)('redacts %s in the server logger', (_name, fields) => {
    const logs = captureLogs('info');
    logs.logger.info(fields, 'probe');
    expect(logs.lines[0]).toContain('[redacted]');
    expect(logs.lines[0]).not.toContain('sk-secret-1');
  });

  it('makes an injected plain pino logger safe too: redacted keys, errors without stacks', () => {
    const lines: string[] = [];
    const plain = pino({ level: 'info' }, { write: (l: string) => lines.push(l) });
    safeLogger(plain).error(
      { err: new Error('boom'), headers: { authorization: 'Bearer sk-secret-2' } },
      'x',
    );
    expect(lines[0]).not.toContain('sk-secret-2');
    expect(JSON.parse(lines[0]!).err).toEqual({ type: 'Error', message: 'boom' });
  });
});
