import { buildMatrix, renderMatrix, runRepeated } from '../../../src/harness/matrix';
import { type RunningServer, startServer } from '../../../src/start';
import { ensureBuiltCli, runCli } from '../../helpers/builtCli';
import { changeIdOn, startRewritingProxy } from '../helpers/rewritingProxy';

let reference: RunningServer;

beforeAll(async () => {
  reference = await startServer({ port: 0 });
  ensureBuiltCli();
}, 120_000);
afterAll(() => reference.close());

/** One stream per run, so the proxy's stream count is the run's number. */
const options = (baseUrl: string) => ({ baseUrl, only: ['basic-stream'], realClients: false });

describe('--repeat', () => {
  it('reports a server that changes the stream id on every second stream as intermittent', async () => {
    const proxy = await startRewritingProxy(
      reference.url,
      changeIdOn((stream) => stream % 2 === 1),
    );
    try {
      const report = await runRepeated(options(proxy.baseUrl), 4);
      expect(report.repeat?.intermittent).toEqual([
        { scenario: 'basic-stream', check: 'stable-id', severity: 'must', failedRuns: 2, runs: 4 },
      ]);
      const row = report.results.find((r) => r.check === 'stable-id');
      expect(row?.verdict).toBe('fail');
      expect(row?.message).toMatch(/^failed in 2 of 4 runs: /);
      const matrix = buildMatrix([{ name: 'flaky', report }]);
      expect(matrix.targets[0]?.cells['stable-id']?.verdict).toBe('intermittent');
      expect(matrix.targets[0]?.summary.intermittent).toBe(1);
      expect(matrix.targets[0]?.runs).toBe(4);
      expect(renderMatrix(matrix, 'markdown')).toContain('| `stable-id` | must | 🔁 intermittent 2/4 runs |');
    } finally {
      await proxy.close();
    }
  }, 30_000);

  it('reports it as a steady failure when every stream changes its id', async () => {
    const proxy = await startRewritingProxy(
      reference.url,
      changeIdOn(() => true),
    );
    try {
      const report = await runRepeated(options(proxy.baseUrl), 4);
      expect(report.repeat?.intermittent).toEqual([]);
      expect(report.results.find((r) => r.check === 'stable-id')?.verdict).toBe('fail');
      const cell = buildMatrix([{ name: 'broken', report }]).targets[0]?.cells['stable-id'];
      expect(cell?.verdict).toBe('fail');
      expect(cell?.counts.fail).toBe(1);
    } finally {
      await proxy.close();
    }
  }, 30_000);

  it('check --repeat names the intermittent check and its count', async () => {
    const proxy = await startRewritingProxy(
      reference.url,
      changeIdOn((stream) => stream % 2 === 1),
    );
    try {
      const run = await runCli([
        'check',
        '--base-url',
        proxy.baseUrl,
        '--only',
        'basic-stream',
        '--repeat',
        '4',
        '--report',
        'json',
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('intermittent: stable-id on basic-stream (must): failed in 2 of 4 runs');
      expect(JSON.parse(run.stdout).repeat).toEqual({
        runs: 4,
        intermittent: [
          { scenario: 'basic-stream', check: 'stable-id', severity: 'must', failedRuns: 2, runs: 4 },
        ],
      });
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
