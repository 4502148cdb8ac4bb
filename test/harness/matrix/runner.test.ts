import type { ConformanceOptions, Report } from '../../../src/harness';
import { runMatrix } from '../../../src/harness/matrix';

/** A report with one stable-id row of the given verdict. */
function report(target: string, verdict: 'pass' | 'fail'): Report {
  return {
    schemaVersion: 1,
    target,
    profile: 'strict',
    summary: { pass: verdict === 'pass' ? 1 : 0, fail: verdict === 'fail' ? 1 : 0, warn: 0, skip: 0 },
    results: [
      {
        scenario: 'basic-stream',
        check: 'stable-id',
        verdict,
        severity: 'must',
        rule: 'r',
        message: verdict,
      },
    ],
    streams: [{ scenario: 'basic-stream', exchange: 'stream', class: 'success' }],
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
  };
}

describe('runMatrix', () => {
  it('keeps at most --concurrency targets running at once, rows in the targets order', async () => {
    let running = 0;
    let most = 0;
    const run = async (o: ConformanceOptions) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return report(o.baseUrl, 'pass');
    };
    const targets = ['a', 'b', 'c', 'd', 'e'].map((name) => ({
      name,
      prepare: async () => ({ options: { baseUrl: `http://127.0.0.1:1/${name}` } }),
    }));
    const m = await runMatrix(targets, { concurrency: 2, run });
    expect(most).toBe(2);
    expect(m.targets.map((t) => t.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('repeats each target and marks a check that fails in some runs intermittent', async () => {
    let calls = 0;
    const run = async (o: ConformanceOptions) => report(o.baseUrl, calls++ % 3 === 0 ? 'fail' : 'pass');
    const m = await runMatrix(
      [{ name: 'flaky', prepare: async () => ({ options: { baseUrl: 'http://x/v1' } }) }],
      {
        repeat: 3,
        run,
      },
    );
    expect(m.targets[0]?.cells['stable-id']).toMatchObject({
      verdict: 'intermittent',
      intermittent: [{ scenario: 'basic-stream', failedRuns: 1, runs: 3 }],
    });
    expect(m.targets[0]?.streams.success).toBe(3);
  });

  it('turns a target that fails to start into its row and closes what it started', async () => {
    let closed = 0;
    const m = await runMatrix(
      [
        {
          name: 'crashes',
          prepare: async () => ({
            options: { baseUrl: 'http://x/v1' },
            close: async () => {
              closed++;
            },
          }),
        },
        {
          name: 'never starts',
          prepare: async () => {
            throw new Error('port taken');
          },
        },
      ],
      {
        run: async () => {
          throw new Error('boom');
        },
      },
    );
    expect(m.targets.map((t) => t.error)).toEqual([
      { code: 'internal', message: 'boom' },
      { code: 'internal', message: 'port taken' },
    ]);
    expect(closed).toBe(1);
  });
});
