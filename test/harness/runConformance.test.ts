import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { HarnessFailure, type Report, runConformance } from '../../src/harness';
import { type RunningServer, startServer } from '../../src/start';
import { DEFECTIVE_BASE, type Defect, defectiveTarget } from './helpers/defectiveProxy';

let reference: RunningServer;
const mock = setupServer();

beforeAll(async () => {
  reference = await startServer({ port: 0, timeouts: { firstTokenMs: 1000, idleMs: 1000 } });
  mock.listen({ onUnhandledRequest: 'bypass' });
});
afterEach(() => mock.resetHandlers());
afterAll(async () => {
  mock.close();
  await reference.close();
});

function failed(report: Report, scenario: string): string[] {
  return report.results.filter((r) => r.scenario === scenario && r.verdict === 'fail').map((r) => r.check);
}

async function runWith(defect: Defect, only: string[], faultDirectives = false): Promise<Report> {
  mock.use(defectiveTarget(`${reference.url}/v1`, defect));
  return runConformance({ baseUrl: DEFECTIVE_BASE, only, faultDirectives, timeoutMs: 5000 });
}

const completion = JSON.stringify({
  id: 'chatcmpl-x',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
});

/** A request the contract forbids, as the permissive server below recognises it. */
function isInvalid(body: string): boolean {
  try {
    const b = JSON.parse(body);
    return (
      !Array.isArray(b.messages) ||
      b.messages.length === 0 ||
      typeof b.model !== 'string' ||
      (b.stream !== undefined && typeof b.stream !== 'boolean') ||
      (typeof b.temperature === 'number' && b.temperature > 2)
    );
  } catch {
    return true;
  }
}

describe('runConformance against broken servers', () => {
  it.each<[string, Defect, string, string[], boolean]>([
    [
      'changes the id after the first chunk',
      { event: (block, i) => (i === 1 ? block.replace(/"id":"[^"]*"/, '"id":"chatcmpl-other"') : block) },
      'basic-stream',
      ['stable-id'],
      false,
    ],
    [
      'omits [DONE]',
      { event: (block) => (block === 'data: [DONE]' ? null : block) },
      'basic-stream',
      ['done-terminator'],
      false,
    ],
    [
      'answers 200 to invalid requests',
      {
        answer: (body) =>
          isInvalid(body)
            ? new HttpResponse(completion, { headers: { 'content-type': 'application/json' } })
            : undefined,
      },
      'invalid-requests',
      ['rejects-invalid'],
      false,
    ],
    [
      'turns a mid-stream failure into [DONE]',
      { event: (block) => (block.startsWith('data: {"error"') ? 'data: [DONE]' : block) },
      'fault-mid-stream',
      ['failure-no-success-terminator', 'failure-error-frame'],
      true,
    ],
  ])('fails the right checks when the server %s', async (_name, defect, scenario, checks, faults) => {
    const report = await runWith(defect, [scenario], faults);
    expect(failed(report, scenario)).toEqual(expect.arrayContaining(checks));
  });

  it('passes the same scenarios when nothing is broken', async () => {
    const report = await runWith({}, ['basic-stream', 'invalid-requests', 'fault-mid-stream'], true);
    expect(report.results.filter((r) => r.verdict === 'fail')).toEqual([]);
    expect(report.results.length).toBeGreaterThan(0);
  });

  it('gives every failure the offending lines and a curl that reproduces it', async () => {
    const report = await runWith(
      { event: (block, i) => (i === 1 ? block.replace(/"id":"[^"]*"/, '"id":"chatcmpl-other"') : block) },
      ['basic-stream'],
    );
    const row = report.results.find((r) => r.check === 'stable-id');
    expect(row?.verdict).toBe('fail');
    expect(row?.evidence?.join('\n')).toContain('chatcmpl-other');
    expect(row?.curl).toMatch(/^curl .*\/v1\/chat\/completions/);
    expect(row?.curl).toContain('"stream":true');
  });
});

describe('runConformance run failures', () => {
  it('throws target-unreachable when nothing listens', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((r) => probe.close(() => r()));
    const run = runConformance({ baseUrl: `http://127.0.0.1:${port}/v1` });
    await expect(run).rejects.toBeInstanceOf(HarnessFailure);
    await expect(run).rejects.toMatchObject({ code: 'target-unreachable' });
  });

  it('rejects an unknown --only id as a bad argument', async () => {
    await expect(
      runConformance({ baseUrl: `${reference.url}/v1`, only: ['no-such-check'] }),
    ).rejects.toMatchObject({
      code: 'bad-arguments',
    });
  });

  it('reports the checks of skipped fault scenarios as skipped, with the reason', async () => {
    const report = await runConformance({ baseUrl: `${reference.url}/v1`, only: ['fault-mid-stream'] });
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.filter((r) => r.scenario === 'fault-mid-stream')).toEqual([]);
    const failureCheck = report.results.find((r) => r.check === 'failure-error-frame');
    expect(failureCheck).toMatchObject({ scenario: '*', verdict: 'skip' });
    expect(failureCheck?.message).toContain('fault-mid-stream: no way to inject faults');
  });
});
