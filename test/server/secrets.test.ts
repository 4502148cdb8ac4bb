import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUpstreamBackend, UPSTREAM_MODEL } from '../../src/server/backends/upstream';
import { type RunningFakeUpstream, startFakeUpstream } from '../../src/start';
import type { Listening } from '../helpers/listen';
import { captureLogs } from './support/capture';
import { MODEL, serve } from './support/exchange';

const SECRET = 'sk-upstream-very-secret-7f3a9c';
const SERVER_KEY = 'sk-server-key-5b1e';

/** What must never reach a client or a log line. */
const LEAKS: Array<[string, RegExp]> = [
  ['a stack frame', /\bat [\w.<>[\] ]+ \(|\n\s+at \S/],
  ['a source path', /\/src\//],
  ['a build path', /\/dist\//],
  ['a dependency path', /node_modules/],
  ['the upstream key', new RegExp(SECRET)],
  ['the server key', new RegExp(SERVER_KEY)],
];

/** A loopback port nothing listens on. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const json = { 'content-type': 'application/json', authorization: `Bearer ${SERVER_KEY}` };
const body = (model: string, content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model, messages: [{ role: 'user', content }], ...extra });

/** Raw requests: [label, path, init]. Each is sent in both stream modes where a body applies. */
function badRequests(model: string): Array<[string, string, RequestInit]> {
  const post = (b: string | Buffer, headers: Record<string, string> = json): RequestInit => ({
    method: 'POST',
    headers,
    body: b,
  });
  const cases: Array<[string, string, RequestInit]> = [
    ['invalid JSON', '/v1/chat/completions', post('{"model": "x", "messages": [')],
    ['a JSON array', '/v1/chat/completions', post('[1,2,3]')],
    ['invalid UTF-8', '/v1/chat/completions', post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))],
    ['the wrong content type', '/v1/chat/completions', post('x', { ...json, 'content-type': 'text/plain' })],
    ['a body over the limit', '/v1/chat/completions', post(body(model, 'x'.repeat(40_000)))],
    ['a wrong field type', '/v1/chat/completions', post(body(model, 'hi', { temperature: 'hot' }))],
    ['an unknown field', '/v1/chat/completions', post(body(model, 'hi', { nonsense: true }))],
    ['an unknown model', '/v1/chat/completions', post(body('no-such-model', 'hi'))],
    ['too many choices', '/v1/chat/completions', post(body(model, 'hi', { n: 99 }))],
    ['a missing key', '/v1/models', { headers: {} }],
    ['a wrong key', '/v1/models', { headers: { authorization: `Bearer ${SECRET}` } }],
    ['an unknown route', '/v1/secrets', { headers: json }],
    ['a wrong method', '/v1/models', { method: 'DELETE', headers: json }],
  ];
  for (const fault of [
    'before-first-token',
    'http-500',
    'http-429',
    'mid-stream',
    'malformed-chunk',
    'hang',
  ]) {
    for (const stream of [false, true]) {
      cases.push([
        `fault=${fault} stream=${stream}`,
        '/v1/chat/completions',
        post(body(model, `hi [[chat-contract:fault=${fault}]]`, { stream })),
      ]);
    }
  }
  return cases;
}

describe('nothing internal or secret leaks into responses or logs', () => {
  const logs = captureLogs('debug');
  const servers: Listening[] = [];
  let upstream: RunningFakeUpstream;
  const targets: Array<[string, string, string]> = [];

  beforeAll(async () => {
    upstream = await startFakeUpstream({ port: 0 });
    const common = {
      logger: logs.logger,
      apiKey: SERVER_KEY,
      logBodies: true,
      limits: { bodyBytes: 32 * 1024 },
      timeouts: { firstTokenMs: 300, idleMs: 300 },
    };
    const dead = `http://127.0.0.1:${await deadPort()}/v1`;
    const upstreamAt = (baseUrl: string) =>
      createUpstreamBackend({ baseUrl, apiKey: SECRET, logger: logs.logger, models: [UPSTREAM_MODEL] });
    const scripted = await serve(common);
    const proxied = await serve({ ...common, backend: upstreamAt(upstream.baseUrl) });
    const unreachable = await serve({ ...common, backend: upstreamAt(dead) });
    servers.push(scripted, proxied, unreachable);
    targets.push(
      ['scripted backend', scripted.url, MODEL],
      ['upstream backend (faulty upstream)', proxied.url, UPSTREAM_MODEL],
      ['upstream backend (dead port)', unreachable.url, UPSTREAM_MODEL],
    );
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await upstream.close();
  });

  it('holds for every bad or faulty request, in every response body and every log line', async () => {
    const replies: string[] = [];
    let sent = 0;
    for (const [, url, model] of targets) {
      for (const [label, path, init] of badRequests(model)) {
        const res = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(5000) });
        const text = await res.text().catch(() => '');
        replies.push(`${label}: ${res.status} ${text}`);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(60);
    // The requests did produce errors and log lines worth searching.
    expect(replies.some((r) => /upstream_error/.test(r))).toBe(true);
    expect(replies.some((r) => /backend_error/.test(r))).toBe(true);
    expect(logs.lines.some((l) => /"level":50/.test(l))).toBe(true);
    for (const [what, pattern] of LEAKS) {
      const reply = replies.find((r) => pattern.test(r));
      expect(reply === undefined ? 'none' : `${what} in reply: ${reply}`).toBe('none');
      const line = logs.lines.find((l) => pattern.test(l));
      expect(line === undefined ? 'none' : `${what} in log: ${line}`).toBe('none');
    }
  }, 60_000);
});
