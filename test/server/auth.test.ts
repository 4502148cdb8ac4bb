import { bearerToken, isLoopbackHost, keysMatch } from '../../src/server/http/auth';
import { startServer } from '../../src/start';
import type { Listening } from '../helpers/listen';
import { ask, post, serve } from './support/exchange';

const KEY = 'sk-test-0123456789abcdef';
// Same length as KEY, differing only in the last character: the compare must still refuse it.
const SAME_LENGTH_WRONG = 'sk-test-0123456789abcdeX';

describe('API key on /v1 routes', () => {
  let srv: Listening;
  beforeAll(async () => {
    srv = await serve({ apiKey: KEY });
  });
  afterAll(() => srv.close());

  const refused: Array<[string, Record<string, string>]> = [
    ['no Authorization header', {}],
    ['a wrong key of another length', { authorization: 'Bearer sk-nope' }],
    ['a wrong key of the same length', { authorization: `Bearer ${SAME_LENGTH_WRONG}` }],
    ['the right key with the Basic scheme', { authorization: `Basic ${KEY}` }],
    ['the scheme without a token', { authorization: 'Bearer ' }],
  ];

  it.each(refused)('answers 401 invalid_api_key for %s', async (_name, headers) => {
    const ex = await post(srv.url, ask('hi'), {
      headers: { 'content-type': 'application/json', ...headers },
    });
    expect(ex.status).toBe(401);
    expect(ex.headers.get('www-authenticate')).toBe('Bearer');
    const body = JSON.parse(ex.text);
    expect(body).toEqual({
      error: {
        message: expect.stringMatching(/^Incorrect API key provided/),
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
  });

  it('never repeats the key the client sent', async () => {
    const ex = await post(srv.url, ask('hi'), {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SAME_LENGTH_WRONG}` },
    });
    expect(ex.text).not.toContain(SAME_LENGTH_WRONG);
  });

  it('accepts the right key, with the scheme in any case', async () => {
    for (const scheme of ['Bearer', 'bearer']) {
      const ex = await post(srv.url, ask('hi'), {
        headers: { 'content-type': 'application/json', authorization: `${scheme} ${KEY}` },
      });
      expect(ex.status).toBe(200);
    }
  });

  it.each([
    ['invalid JSON', '{"model":'],
    ['a body over the size limit', 'x'.repeat(2 * 1024 * 1024)],
    ['an empty body', ''],
  ])('checks the key before the body: %s without a key is 401', async (_name, raw) => {
    const res = await fetch(`${srv.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
  });

  it.each(['/v1/models', '/v1/models/chat-contract-scripted', '/v1/nope', '/_chat-contract/stats'])(
    'protects GET %s',
    async (path) => {
      expect((await fetch(`${srv.url}${path}`)).status).toBe(401);
      const ok = await fetch(`${srv.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(ok.status).not.toBe(401);
    },
  );

  it('leaves /health open', async () => {
    const res = await fetch(`${srv.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('server without a key', () => {
  it('serves /v1 to anyone (the loopback default)', async () => {
    const srv = await serve();
    try {
      expect((await fetch(`${srv.url}/v1/models`)).status).toBe(200);
    } finally {
      await srv.close();
    }
  });
});

describe('key comparison', () => {
  it.each([
    [KEY, KEY, true],
    [SAME_LENGTH_WRONG, KEY, false],
    ['', KEY, false],
    [`${KEY}x`, KEY, false],
  ])('keysMatch(%j, %j) is %s', (given, expected, want) => {
    expect(keysMatch(given, expected)).toBe(want);
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer   abc ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    [undefined, undefined],
  ])('reads the bearer token of %j as %j', (header, want) => {
    expect(bearerToken(header)).toBe(want);
  });
});

describe('loopback hosts', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['example.com', false],
  ])('%s is loopback: %s', (host, want) => {
    expect(isLoopbackHost(host)).toBe(want);
  });

  it('startServer refuses a non-loopback host without a key, before listening', async () => {
    await expect(startServer({ host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /refusing to serve 0\.0\.0\.0 without an API key.*--allow-unauthenticated/,
    );
  });
});
