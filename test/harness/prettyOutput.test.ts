import { setupServer } from 'msw/node';
import { type Report, renderPretty, runConformance } from '../../src/harness';
import { type RunningServer, startServer } from '../../src/start';
import { DEFECTIVE_BASE, defectiveTarget } from './helpers/defectiveProxy';

let reference: RunningServer;
const mock = setupServer();

beforeAll(async () => {
  reference = await startServer({ port: 0, timeouts: { firstTokenMs: 1000, idleMs: 1000 } });
  mock.listen({ onUnhandledRequest: 'bypass' });
});
afterAll(async () => {
  mock.close();
  await reference.close();
});

describe('pretty output of a run with one defect on every stream', () => {
  let text: string;
  let report: Report;
  beforeAll(async () => {
    // Every stream's second event carries another id: one defect, repeated in every scenario.
    mock.use(
      defectiveTarget(`${reference.url}/v1`, {
        event: (block, i) => (i === 1 ? block.replace(/"id":"[^"]*"/, '"id":"chatcmpl-other"') : block),
      }),
    );
    report = await runConformance({ baseUrl: DEFECTIVE_BASE, faultDirectives: true, timeoutMs: 5000 });
    text = renderPretty(report);
  }, 60_000);

  it('fails stable-id in many scenarios', () => {
    const scenarios = report.results.filter((r) => r.check === 'stable-id' && r.verdict === 'fail');
    expect(scenarios.length).toBeGreaterThan(5);
  });

  it('is under 80 lines', () => {
    expect(text.trimEnd().split('\n').length).toBeLessThan(80);
  });

  it('states the rule once and ends with a summary naming the check and its scenario count', () => {
    const failing = new Set(
      report.results.filter((r) => r.check === 'stable-id' && r.verdict === 'fail').map((r) => r.scenario),
    );
    const rule = report.results.find((r) => r.check === 'stable-id')!.rule;
    expect(text.split(rule).length - 1).toBe(1);
    const tail = text.trimEnd().split('\n').slice(-2);
    expect(tail[0]).toBe(`FAIL  stable-id (must): ${failing.size} scenarios`);
    expect(tail[1]).toMatch(/^\d+ passed, \d+ failed \(\d+ must\)/);
  });
});

describe('pretty output of a clean run', () => {
  let report: Report;
  beforeAll(async () => {
    report = await runConformance({ baseUrl: `${reference.url}/v1`, faultDirectives: true, timeoutMs: 5000 });
  }, 60_000);

  it('prints at most 15 lines without --verbose', () => {
    expect(report.summary.fail).toBe(0);
    const lines = renderPretty(report).trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines.join('\n')).not.toContain('streams (as a client would see them)');
  });

  it('shows the stream and client tables with --verbose', () => {
    const text = renderPretty(report, { verbose: true });
    expect(text).toContain('streams (as a client would see them):');
    expect(text).toContain('official clients on injected faults:');
    expect(text).toMatch(/basic-stream +\d+\/\d+ passed/);
  });
});
