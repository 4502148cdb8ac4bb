import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { fuzzServer, generateInvalidCases, judgeResponse, rootOf } from '../../src/harness/fuzz';
import type { FuzzCase } from '../../src/harness/fuzz/types';
import { createScriptedBackend } from '../../src/server/backends/scripted';
import { createApp } from '../../src/server/http/app';
import { type Listening, listen } from '../helpers/listen';

const SEED = 20260611;

describe('negative fuzzing of the reference server', () => {
  let srv: Listening;
  beforeAll(async () => {
    srv = await listen(createApp({ backend: createScriptedBackend(), logger: pino({ level: 'silent' }) }));
  });
  afterAll(() => srv.close());

  it('answers 300 seeded invalid requests with 4xx envelopes and stays healthy', async () => {
    const report = await fuzzServer({
      baseUrl: `${srv.url}/v1`,
      seed: SEED,
      count: 300,
      concurrency: 8,
      exactStatus: true,
    });
    expect(report.violations).toEqual([]);
    expect(report.healthy).toBe(true);
    expect(report.cases).toBe(300);
    expect(Object.keys(report.byStatus).every((s) => /^4\d\d$/.test(s))).toBe(true);
  });

  it('reports a valid request the server accepts, so a generator bug cannot hide', async () => {
    const valid: FuzzCase = {
      index: 0,
      name: 'valid request',
      family: 'schema',
      bytes: Buffer.from(
        JSON.stringify({ model: 'chat-contract-scripted', messages: [{ role: 'user', content: 'hi' }] }),
      ),
      contentType: 'application/json',
      expect: '4xx',
    };
    const report = await fuzzServer({ baseUrl: `${srv.url}/v1`, cases: [valid] });
    expect(report.violations.map((v) => v.kind)).toContain('not-4xx');
  });
});

/** A server with the defects the runner must find, one per path. */
function brokenServer(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => {
    const body = (req.headers['x-mode'] as string | undefined) ?? '';
    if (req.url === '/health') {
      res.writeHead(503).end();
    } else if (body === 'hang') {
      // never answers
    } else if (body === 'html') {
      res.writeHead(400, { 'content-type': 'text/html' }).end('<h1>Bad Request</h1>');
    } else {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Error: boom\n    at handler (/app/src/x.ts:1:1)' } }));
    }
  });
}

describe('fuzz runner', () => {
  let srv: Listening;
  beforeAll(async () => {
    srv = await listen(brokenServer);
  });
  afterAll(() => srv.close());

  const cases = generateInvalidCases(1, 3).map((c) => ({ ...c, bytes: Buffer.from('{}') }));
  const withMode =
    (mode: string): typeof fetch =>
    (url, init) =>
      fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-mode': mode } });

  it('reports 500s, leaked stack traces, non-envelopes and a failing health check', async () => {
    const report = await fuzzServer({ baseUrl: `${srv.url}/v1`, cases, fetch: withMode('crash') });
    const kinds = new Set(report.violations.map((v) => v.kind));
    expect([...kinds].sort()).toEqual(['leaks-internals', 'not-4xx', 'not-an-envelope', 'unhealthy-after']);
    expect(report.byStatus).toEqual({ '500': 3 });
  });

  it('reports a body that is not JSON', async () => {
    const report = await fuzzServer({ baseUrl: `${srv.url}/v1`, cases, fetch: withMode('html') });
    expect(report.violations.filter((v) => v.kind === 'not-json')).toHaveLength(3);
  });

  it('reports a request that never gets an answer as a timeout', async () => {
    const report = await fuzzServer({
      baseUrl: `${srv.url}/v1`,
      cases: cases.slice(0, 1),
      timeoutMs: 200,
      fetch: withMode('hang'),
    });
    expect(report.byStatus).toEqual({ timeout: 1 });
    expect(report.violations[0]).toMatchObject({ kind: 'timeout', caseIndex: 0 });
  });
});

describe('response judge', () => {
  const c = { ...generateInvalidCases(1, 1)[0]!, wantStatus: 415 };
  const envelope = JSON.stringify({
    error: { message: 'bad', type: 'invalid_request_error', param: null, code: 'x' },
  });
  it.each<[string, number, string, string[]]>([
    ['a clean 415 envelope', 415, envelope, []],
    ['a 400 where 415 is due', 400, envelope, ['wrong-status']],
    ['a 200', 200, envelope, ['not-4xx']],
    [
      'an envelope without param',
      400,
      '{"error":{"message":"m","type":"t","code":null}}',
      ['wrong-status', 'not-an-envelope'],
    ],
    ['a file path', 415, envelope.replace('bad', 'in /srv/dist/app.js'), ['leaks-internals']],
    ['plain text', 415, 'Bad Request', ['not-json']],
  ])('judges %s', (_name, status, body, want) => {
    expect(judgeResponse(c, status, body, { exactStatus: true }).map((v) => v.kind)).toEqual(want);
  });

  it.each([
    ['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080'],
    ['http://127.0.0.1:8080/v1/', 'http://127.0.0.1:8080'],
    ['http://gw.local/openai/v1', 'http://gw.local/openai'],
  ])('finds the health root of %s', (base, root) => {
    expect(rootOf(base)).toBe(root);
  });
});
