import { type Report, runConformance } from '../../src/harness';
import { type RunningServer, startServer } from '../../src/start';

/** The reference server checked by its own harness: the contract and the server must agree. */
describe('harness against the reference server', () => {
  let server: RunningServer;
  const reports: Partial<Record<'strict' | 'compatible', Report>> = {};

  beforeAll(async () => {
    // A short idle timeout lets the hang scenario see the server report the stall itself.
    server = await startServer({ port: 0, timeouts: { firstTokenMs: 2000, idleMs: 2000 } });
    for (const profile of ['strict', 'compatible'] as const) {
      reports[profile] = await runConformance({
        baseUrl: `${server.url}/v1`,
        profile,
        faultDirectives: true,
        timeoutMs: 10_000,
      });
    }
  }, 60_000);
  afterAll(() => server.close());

  it.each(['strict', 'compatible'] as const)('passes every must check in %s', (profile) => {
    const report = reports[profile]!;
    const mustFailures = report.results
      .filter((r) => r.verdict === 'fail')
      .map((r) => `${r.scenario}/${r.check}: ${r.message}`);
    expect(mustFailures).toEqual([]);
    expect(report.summary.pass).toBeGreaterThan(0);
  });

  it('runs every scenario but auth (no key given)', () => {
    const scenarios = new Set(reports.strict!.results.map((r) => r.scenario));
    for (const id of ['basic-stream', 'invalid-requests', 'abort-recovers', 'fault-mid-stream', 'models']) {
      expect(scenarios).toContain(id);
    }
  });

  it('classifies normal streams as success and injected faults as failed-with-error', () => {
    const classOf = (scenario: string) =>
      reports.strict!.streams.filter((s) => s.scenario === scenario).map((s) => s.class);
    expect(classOf('basic-stream')).toEqual(['success']);
    expect(classOf('fault-mid-stream')).toEqual(['failed-with-error']);
    expect(classOf('fault-before-first-token')).toEqual(['failed-with-error']);
    expect(classOf('fault-hang')).toEqual(['failed-with-error']);
  });

  it('shows that the official clients raise every injected fault', () => {
    const clients = reports.strict!.clients ?? [];
    expect(clients).toContainEqual({
      scenario: 'fault-mid-stream',
      client: 'openai-node',
      outcome: 'raised error',
    });
    expect(clients.filter((c) => c.outcome !== 'raised error')).toEqual([]);
  });
});
