import pino from 'pino';
import {
  judgeStream,
  planStreams,
  runSoak,
  type StreamPlan,
  type StreamResult,
} from '../../src/harness/soak';
import { createScriptedBackend } from '../../src/server/backends/scripted';
import type { ChatBackend } from '../../src/server/backends/types';
import { createApp } from '../../src/server/http/app';
import { type Listening, listen } from '../helpers/listen';

/** Wraps a backend so the test can see how many completions are still running. */
function counted(backend: ChatBackend) {
  const gauge = { active: 0, started: 0 };
  const wrapped: ChatBackend = {
    name: backend.name,
    models: () => backend.models(),
    complete(request) {
      const inner = backend.complete(request);
      return (async function* () {
        gauge.active++;
        gauge.started++;
        try {
          yield* inner;
        } finally {
          gauge.active--;
        }
      })();
    },
  };
  return { gauge, backend: wrapped };
}

async function settle(until: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!until() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe('soak: faults under load lose nothing', () => {
  let srv: Listening;
  const { gauge, backend } = counted(createScriptedBackend());
  beforeAll(async () => {
    srv = await listen(createApp({ backend, logger: pino({ level: 'silent' }) }));
  });
  afterAll(() => srv.close());

  it('completes 150 mixed streams correctly and releases every aborted backend call', async () => {
    const plans = planStreams(2026, 150);
    const report = await runSoak({ baseUrl: `${srv.url}/v1`, plans, concurrency: 50, durationMs: 10_000 });
    expect(report.problems).toEqual([]);
    expect(report.skipped).toBe(0);
    for (const kind of ['normal', 'abort', 'fault-mid', 'fault-early'] as const) {
      expect(report.byKind[kind].planned).toBeGreaterThan(0);
      expect(report.byKind[kind].correct).toBe(report.byKind[kind].planned);
    }
    await settle(() => gauge.active === 0, 2000);
    expect(gauge).toEqual({ active: 0, started: 150 });
  });
});

describe('stream judge', () => {
  const plan = (kind: StreamPlan['kind'], extra: Partial<StreamPlan> = {}): StreamPlan => ({
    index: 0,
    kind,
    tokens: 3,
    delayMs: 0,
    body: {},
    ...extra,
  });
  const ok: StreamResult = {
    status: 200,
    contentType: 'text/event-stream; charset=utf-8',
    contentChunks: 3,
    finishChunks: 1,
    doneEvents: 1,
    errorFrames: 0,
    malformed: 0,
    lastEvent: 'done',
    errorEnvelope: false,
    aborted: false,
    timedOut: false,
  };
  it.each<[string, StreamPlan, Partial<StreamResult>, string | undefined]>([
    ['a complete normal stream', plan('normal'), {}, undefined],
    ['a normal stream missing a chunk', plan('normal'), { contentChunks: 2 }, '2 content chunks, want 3'],
    ['a normal stream with two [DONE]', plan('normal'), { doneEvents: 2 }, '2 [DONE], last event done'],
    [
      'a normal stream cut before [DONE]',
      plan('normal'),
      { doneEvents: 0, lastEvent: 'chunk' },
      '0 [DONE], last event chunk',
    ],
    [
      'a mid-stream fault followed by [DONE]',
      plan('fault-mid', { after: 1 }),
      { contentChunks: 1, finishChunks: 0, errorFrames: 1, doneEvents: 1, lastEvent: 'done' },
      '1 error frames, last event done',
    ],
    [
      'a mid-stream fault that looks like success',
      plan('fault-mid', { after: 3 }),
      {},
      '0 error frames, last event done',
    ],
    [
      'an early fault answered 200',
      plan('fault-early'),
      { lastEvent: 'none', errorEnvelope: true },
      'status 200, want 5xx',
    ],
    ['a stream that never ends', plan('normal'), { timedOut: true }, 'no end within the time limit'],
  ])('judges %s', (_name, p, change, problem) => {
    const found = judgeStream(p, { ...ok, ...change });
    if (problem === undefined) expect(found).toEqual([]);
    else expect(found).toContain(problem);
  });
});
