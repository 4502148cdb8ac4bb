import type { BackendEvent } from '../../src/server/backends/types';
import { ServerStats, type StatsSnapshot } from '../../src/server/http/stats';
import type { Listening } from '../helpers/listen';
import { testBackend } from './support/backends';
import { waitFor } from './support/capture';
import { ask, post, serve } from './support/exchange';

const ZERO_GAUGES = { active_streams: 0, active_requests: 0, pending_backend_calls: 0 };

async function statsOf(url: string): Promise<StatsSnapshot> {
  const res = await fetch(`${url}/_chat-contract/stats`);
  expect(res.status).toBe(200);
  return (await res.json()) as StatsSnapshot;
}

/** Starts a stream, reads its first bytes, and returns a function that drops the connection. */
async function openStream(url: string, content: string): Promise<() => void> {
  const controller = new AbortController();
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ask(content, { stream: true })),
    signal: controller.signal,
  });
  await res.body!.getReader().read();
  return () => controller.abort();
}

const gaugesAtZero = (url: string) =>
  waitFor(async () => {
    const s = await statsOf(url);
    return s.active_streams + s.active_requests + s.pending_backend_calls === 0 ? s : undefined;
  });

describe('stats gauge', () => {
  let srv: Listening;
  beforeAll(async () => {
    srv = await serve();
  });
  afterAll(() => srv.close());

  it('starts at zero with exactly the documented fields', async () => {
    expect(await statsOf(srv.url)).toEqual({ ...ZERO_GAUGES, completed: 0, failed: 0, aborted: 0 });
  });

  it('counts streams in flight and returns to zero after their clients left', async () => {
    const slow = 'go [[chat-contract:tokens=1000]] [[chat-contract:delay-ms=20]]';
    const drops = await Promise.all([
      openStream(srv.url, slow),
      openStream(srv.url, slow),
      openStream(srv.url, slow),
    ]);
    // The stats request itself is not counted.
    expect(await statsOf(srv.url)).toMatchObject({
      active_streams: 3,
      active_requests: 3,
      pending_backend_calls: 3,
    });
    for (const drop of drops) drop();
    const after = await gaugesAtZero(srv.url);
    expect(after.aborted).toBe(3);
  });

  it('counts finished requests by outcome', async () => {
    const before = await statsOf(srv.url);
    await post(srv.url, ask('fine', { stream: true }));
    await post(srv.url, ask('broken [[chat-contract:fault=mid-stream]]', { stream: true }));
    await post(srv.url, { model: 'nope', messages: [] });
    const after = await waitFor(async () => {
      const s = await statsOf(srv.url);
      return s.completed + s.failed >= before.completed + before.failed + 3 ? s : undefined;
    });
    expect(after.completed - before.completed).toBe(1);
    expect(after.failed - before.failed).toBe(2);
  });
});

describe('pending backend calls', () => {
  it('stay counted while a backend ignores its abort, and drop once it finally stops', async () => {
    let wake!: () => void;
    const stuck = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const backend = testBackend(async function* (): AsyncGenerator<BackendEvent> {
      yield { type: 'content', choice: 0, text: 'first ' };
      await stuck; // deaf to request.signal
      yield { type: 'finish', choice: 0, reason: 'stop' };
    });
    const srv = await serve({ backend, timeouts: { firstTokenMs: 60_000, idleMs: 60_000 } });
    try {
      const drop = await openStream(srv.url, 'hi');
      drop();
      const s = await waitFor(async () => {
        const now = await statsOf(srv.url);
        return now.active_requests === 0 ? now : undefined;
      });
      expect(s.pending_backend_calls).toBe(1);
      wake();
      expect(await gaugesAtZero(srv.url)).toMatchObject(ZERO_GAUGES);
    } finally {
      wake();
      await srv.close();
    }
  });

  it('release a reply that was closed before its first read, without counting it', async () => {
    const stats = new ServerStats();
    const backend = stats.track(testBackend(async function* () {}));
    const it = backend.complete({} as never)[Symbol.asyncIterator]();
    await it.return?.();
    expect(stats.snapshot().pending_backend_calls).toBe(0);
    const again = backend.complete({} as never)[Symbol.asyncIterator]();
    await again.next();
    expect(stats.snapshot().pending_backend_calls).toBe(0);
  });
});
