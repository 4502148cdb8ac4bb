import type { BackendEvent } from '../../src/server/backends/types';
import { SessionQueue } from '../../src/server/stream/sessions';
import { replyOf, testBackend } from './support/backends';
import { ask, contentOf, post, serve } from './support/exchange';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SessionQueue', () => {
  it('runs tasks of one key in arrival order, one at a time', async () => {
    const q = new SessionQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
    };
    const signal = new AbortController().signal;
    await Promise.all([
      q.run('k', signal, task('a', 30)),
      q.run('k', signal, task('b', 1)),
      q.run('k', signal, task('c', 1)),
    ]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(q.depth('k')).toBe(0);
  });

  it('lets a waiting task that is aborted leave without breaking the order of the rest', async () => {
    const q = new SessionQueue();
    const log: string[] = [];
    const gone = new AbortController();
    const live = new AbortController().signal;
    const first = q.run('k', live, async () => {
      await tick(30);
      log.push('a');
    });
    const second = q.run('k', gone.signal, async () => log.push('b'));
    const third = q.run('k', live, async () => log.push('c'));
    gone.abort(new Error('left'));
    await expect(second).rejects.toThrow('left');
    await Promise.all([first, third]);
    expect(log).toEqual(['a', 'c']);
  });

  it('refuses with session_busy beyond its depth', async () => {
    const q = new SessionQueue(1);
    const signal = new AbortController().signal;
    const running = q.run('k', signal, () => tick(20));
    await expect(q.run('k', signal, async () => 1)).rejects.toMatchObject({
      code: 'session_busy',
      status: 429,
    });
    await running;
  });
});

describe('session routing over HTTP', () => {
  /** Holds every reply open for a while and records when each request ran. */
  const spans: Array<{ key: string; start: number; end: number }> = [];
  const backend = testBackend(async function* (request): AsyncGenerator<BackendEvent> {
    const span = { key: request.sessionKey, start: Date.now(), end: 0 };
    spans.push(span);
    await tick(80);
    span.end = Date.now();
    yield* replyOf([request.sessionKey]);
  });

  it('serialises requests that share a session and runs other sessions in parallel', async () => {
    const srv = await serve({ backend });
    try {
      const bodies = [
        ask('1', { stream: true, session_id: 'same' }),
        ask('2', { stream: true, session_id: 'same' }),
        ask('3', { stream: true, session_id: 'other' }),
      ];
      const results = await Promise.all(bodies.map((b) => post(srv.url, b)));
      expect(results.map((r) => contentOf(r.chunks))).toEqual(['api:same', 'api:same', 'api:other']);
      const same = spans.filter((s) => s.key === 'api:same');
      const other = spans.find((s) => s.key === 'api:other')!;
      expect(same).toHaveLength(2);
      // One session: the second starts only after the first ended.
      expect(same[1]!.start).toBeGreaterThanOrEqual(same[0]!.end);
      // Another session overlaps the first one.
      expect(other.start).toBeLessThan(same[0]!.end);
    } finally {
      await srv.close();
    }
  });

  it('numbers the turns of one session in order with the scripted backend', async () => {
    const srv = await serve();
    try {
      const replies = await Promise.all(
        [1, 2, 3].map((i) =>
          post(srv.url, ask(`msg ${i} [[chat-contract:delay-ms=5]]`, { session_id: 'seq' })),
        ),
      );
      const texts = replies.map((r) => JSON.parse(r.text).choices[0].message.content as string);
      expect(texts).toEqual([
        '[session api:seq, turn 1] You said: msg 1',
        '[session api:seq, turn 2] You said: msg 2',
        '[session api:seq, turn 3] You said: msg 3',
      ]);
    } finally {
      await srv.close();
    }
  });
});
