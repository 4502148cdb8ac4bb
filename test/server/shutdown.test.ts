import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { readSse } from '../../src/sse';
import { type RunningReferenceServer, startServer } from '../../src/start';
import { waitFor } from './support/capture';
import { ask } from './support/exchange';

const ROOT = path.resolve(__dirname, '..', '..');

/** Posts a completion and reads the whole answer, giving up after `ms`. */
async function complete(url: string, content: string, ms = 10_000) {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ask(content, { stream: true })),
    signal: AbortSignal.timeout(ms),
  });
  return { res, firstBytes: firstRead(res) };
}

/** Reads the first chunk, then the rest; resolves with everything once the body ended. */
function firstRead(res: Response): { first: Promise<string>; all: Promise<string> } {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const first = reader.read().then((r) => {
    text += decoder.decode(r.value ?? new Uint8Array(), { stream: true });
    return text;
  });
  const all = first.then(async () => {
    for (let i = 0; i < 100_000; i++) {
      const r = await reader.read();
      if (r.done) break;
      text += decoder.decode(r.value, { stream: true });
    }
    return text;
  });
  return { first, all };
}

const dataOf = (text: string) => readSse(text).events.map((e) => e.data);
const refused = (url: string) =>
  fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) }).then(
    () => false,
    () => true,
  );

describe('graceful shutdown', () => {
  let srv: RunningReferenceServer;
  beforeEach(async () => {
    srv = await startServer({ port: 0 });
  });
  afterEach(() => srv.close());

  it('lets a stream finish with [DONE] within the grace period and refuses new connections', async () => {
    const { res, firstBytes } = await complete(srv.url, 'a b c d e [[chat-contract:delay-ms=60]]');
    await firstBytes.first;
    const done = srv.shutdown(5000);
    expect(await refused(srv.url)).toBe(true);
    const data = dataOf(await firstBytes.all);
    expect(res.status).toBe(200);
    expect(data.at(-1)).toBe('[DONE]');
    await done;
    expect(srv.stats()).toMatchObject({ active_streams: 0, active_requests: 0, pending_backend_calls: 0 });
  });

  it('ends a stream still running after the grace period with an in-band server_shutdown frame', async () => {
    const { res, firstBytes } = await complete(
      srv.url,
      'go [[chat-contract:tokens=2000]] [[chat-contract:delay-ms=10]]',
    );
    await firstBytes.first;
    await srv.shutdown(150);
    const data = dataOf(await firstBytes.all);
    expect(res.status).toBe(200);
    expect(data).not.toContain('[DONE]');
    expect(JSON.parse(data.at(-1)!)).toEqual({
      error: { message: expect.any(String), type: 'server_error', param: null, code: 'server_shutdown' },
    });
    expect(srv.stats()).toMatchObject({ active_streams: 0, pending_backend_calls: 0, failed: 1 });
  });

  it('answers 503 server_shutdown to a stream that had not sent its first event', async () => {
    const pending = fetch(`${srv.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask('wait [[chat-contract:fault=hang]]', { stream: true })),
      signal: AbortSignal.timeout(10_000),
    });
    await waitFor(() => (srv.stats().active_streams === 1 ? true : undefined));
    await srv.shutdown(100);
    const res = await pending;
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({
      type: 'server_error',
      code: 'server_shutdown',
    });
  });

  it('answers 503 server_shutdown, and closes, to a request arriving on an open connection', async () => {
    const { firstBytes } = await complete(srv.url, 'a b c d e f g h [[chat-contract:delay-ms=50]]');
    await firstBytes.first;
    const { port } = new URL(srv.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /v1/models HTTP/1.1\r\nHost: x\r\n'); // the connection is busy, not idle
    const done = srv.shutdown(5000);
    const reply = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d) => {
        text += d.toString();
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve(text));
      setTimeout(() => resolve(text), 5000);
    });
    socket.write('\r\n');
    const text = await reply;
    expect(text).toMatch(/^HTTP\/1\.1 503 /);
    expect(text).toMatch(/connection: close/i);
    expect(text).toContain('"code":"server_shutdown"');
    expect(dataOf(await firstBytes.all).at(-1)).toBe('[DONE]');
    await done;
  });

  it('returns the same promise when called twice', async () => {
    const a = srv.shutdown(10);
    expect(srv.shutdown(10)).toBe(a);
    await a;
  });
});

/** Runs the CLI from the TypeScript sources (no build needed). */
function cli(args: string[]): ChildProcess {
  const env = { ...process.env };
  delete env.CHAT_CONTRACT_API_KEY;
  delete env.CHAT_CONTRACT_HOST;
  delete env.PORT;
  return spawn(
    process.execPath,
    [
      '-r',
      path.join(__dirname, 'support', 'register-ts.js'),
      path.join(ROOT, 'src', 'cli', 'index.ts'),
      ...args,
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Resolves with the exit code (or null on a signal), or 'timeout' after `ms`. */
function exitOf(child: ChildProcess, ms: number): Promise<number | null | 'timeout'> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('serve as a process', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
  });

  /** Starts `serve` with a grace period and resolves once it listens; `out()` is its stdout so far. */
  async function serve(graceMs: number) {
    const child = cli(['serve', '--port', '0', '--shutdown-grace-ms', String(graceMs)]);
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d.toString();
    });
    child.stderr!.on('data', () => {});
    const url = await waitFor(() => /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out)?.[1], 15_000);
    return { child, url, out: () => out };
  }

  it('on SIGTERM finishes or cuts the stream in flight, exits 0, and refuses connections', async () => {
    const { child, url, out } = await serve(5000);
    expect(out()).toContain(`chat-contract serving on ${url}/v1`);

    const { res, firstBytes } = await complete(url, 'a b c d e f [[chat-contract:delay-ms=50]]');
    await firstBytes.first;
    child.kill('SIGTERM');
    const data = dataOf(await firstBytes.all);
    expect(res.status).toBe(200);
    const last = data.at(-1)!;
    const endedWell = last === '[DONE]' || JSON.parse(last).error?.code === 'server_shutdown';
    expect(endedWell).toBe(true);
    expect(await exitOf(child, 10_000)).toBe(0);
    expect(await refused(url)).toBe(true);
  }, 40_000);

  it('waits out the grace period on SIGTERM, and exits 1 at once on a second signal', async () => {
    const { child, url, out } = await serve(60_000);
    // 40 tokens a second apart: still running long after the test ends, unless the server goes.
    const { firstBytes } = await complete(
      url,
      'a [[chat-contract:tokens=40]] [[chat-contract:delay-ms=1000]]',
      30_000,
    );
    await firstBytes.first;
    // The connection is cut mid-stream: what was read until then, never a rejection left unhandled.
    const all = firstBytes.all.catch(() => 'cut');
    child.kill('SIGTERM');
    await waitFor(() => (out().includes('shutting down') ? true : undefined), 10_000);
    // The stream in flight holds the process within its grace period.
    expect(await exitOf(child, 500)).toBe('timeout');
    child.kill('SIGTERM');
    expect(await exitOf(child, 10_000)).toBe(1);
    expect(out()).toContain('second signal: exiting without waiting');
    // The client sees the connection end without [DONE]: no success is claimed.
    expect(await all).not.toContain('[DONE]');
  }, 40_000);

  it('refuses to bind a non-loopback host without a key: one line on stderr, exit 2', async () => {
    const child = cli(['serve', '--host', '0.0.0.0', '--port', '0']);
    children.push(child);
    let err = '';
    child.stdout!.on('data', () => {});
    child.stderr!.on('data', (d) => {
      err += d.toString();
    });
    expect(await exitOf(child, 15_000)).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/refusing to serve 0\.0\.0\.0 without an API key/);
  }, 30_000);
});
