import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { CHECKS, HarnessFailure, NOT_RUN, type Report, renderJunit, runConformance } from '../../src/harness';
import { NO_FAULTS } from '../../src/harness/scenarios/faults';
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

  it('suggests the registered id closest to a mistyped one', async () => {
    await expect(runConformance({ baseUrl: `${reference.url}/v1`, only: ['stable-idd'] })).rejects.toThrow(
      /unknown check or scenario id: stable-idd \(did you mean stable-id\?\)/,
    );
  });

  it('reports the checks of skipped fault scenarios as skipped once each, with the reason', async () => {
    const report = await runConformance({ baseUrl: `${reference.url}/v1`, only: ['fault-mid-stream'] });
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.filter((r) => r.scenario === 'fault-mid-stream')).toEqual([]);
    const failureCheck = report.results.find((r) => r.check === 'failure-error-frame');
    expect(failureCheck).toMatchObject({ scenario: NOT_RUN, verdict: 'skip' });
    expect(failureCheck?.message).toBe(NO_FAULTS);
    expect(report.failureHandling).toBe('untested');
  });

  it('fails the run before any scenario when faults are required but cannot be injected', async () => {
    const seen: string[] = [];
    const run = runConformance({
      baseUrl: `${reference.url}/v1`,
      requireFaults: true,
      onScenario: (s) => seen.push(s),
    });
    await expect(run).rejects.toMatchObject({ code: 'misconfigured' });
    await expect(run).rejects.toThrow(/--fault-upstream if the target is a proxy/);
    expect(seen).toEqual([]);
  });
});

describe('runConformance selection and skips', () => {
  it('counts the checks --only leaves out as deselected and lists none of them', async () => {
    const report = await runConformance({ baseUrl: `${reference.url}/v1`, only: ['basic-stream'] });
    expect(report.results.filter((r) => r.verdict === 'skip')).toEqual([]);
    expect(report.results.some((r) => r.scenario === '*' || r.scenario === NOT_RUN)).toBe(false);
    const judged = new Set(report.results.map((r) => r.check)).size;
    expect(report.summary.deselected).toBe(CHECKS.length - judged);
    expect(report.summary.deselected).toBeGreaterThan(10);
    expect(renderJunit(report)).not.toMatch(/<testsuite name="(\*|not-run)"/);
  });

  it('skips each check once with its own reason, not every skipped scenario reason', async () => {
    const report = await runConformance({
      baseUrl: `${reference.url}/v1`,
      skip: ['concurrent-streams', 'abort-recovers', 'slow-stream'],
      realClients: false,
    });
    const skips = report.results.filter((r) => r.verdict === 'skip');
    expect(skips.find((r) => r.check === 'auth-required')?.message).toMatch(/--expect-auth/);
    expect(skips.find((r) => r.check === 'failure-error-frame')?.message).toBe(NO_FAULTS);
    for (const r of skips) expect(r.message).not.toMatch(/fuzz: not asked for/);
    expect(new Set(skips.map((r) => r.check)).size).toBe(skips.length);
  });

  it('sends a key without demanding that the server enforce one', async () => {
    const report = await runConformance({
      baseUrl: `${reference.url}/v1`,
      apiKey: 'sk-unused',
      only: ['auth', 'auth-required'],
    });
    expect(report.results.filter((r) => r.verdict === 'fail')).toEqual([]);
    expect(report.results.find((r) => r.check === 'auth-required')?.verdict).toBe('skip');
  });

  it('runs the auth scenario with --expect-auth, with or without a key', async () => {
    const keyless = await runConformance({
      baseUrl: `${reference.url}/v1`,
      expectAuth: true,
      only: ['auth'],
    });
    // The reference server here has no key: the expectation is not met.
    expect(keyless.results.find((r) => r.check === 'auth-required')?.verdict).toBe('fail');
    const locked = await startServer({ port: 0, apiKey: 'sk-right' });
    try {
      const report = await runConformance({
        baseUrl: `${locked.url}/v1`,
        apiKey: 'sk-right',
        expectAuth: true,
        only: ['auth'],
      });
      expect(report.results.find((r) => r.check === 'auth-required')?.verdict).toBe('pass');
    } finally {
      await locked.close();
    }
  });
});

describe('runConformance report fields', () => {
  let report: Report;
  const progress: Array<[string, number, number]> = [];
  beforeAll(async () => {
    report = await runConformance({
      baseUrl: `${reference.url}/v1`,
      only: ['models', 'basic-stream'],
      onScenario: (s, i, n) => progress.push([s, i, n]),
    });
  });

  it('names the tool version and the command', () => {
    expect(report.toolVersion).toBe(require('../../package.json').version);
    expect(report.command).toBe('check');
  });

  it('times every exchange and always lists clients', () => {
    expect(report.exchanges).toEqual([
      { scenario: 'models', exchange: 'models', status: 200, durationMs: expect.any(Number) },
      { scenario: 'basic-stream', exchange: 'stream', status: 200, durationMs: expect.any(Number) },
    ]);
    expect(report.clients).toEqual([]);
  });

  it('reports progress before each scenario', () => {
    expect(progress).toEqual([
      ['models', 0, 2],
      ['basic-stream', 1, 2],
    ]);
  });
});

describe('runConformance preflight', () => {
  it('stops with one line when the base URL lacks /v1 that the server answers under', async () => {
    const run = runConformance({ baseUrl: reference.url });
    await expect(run).rejects.toMatchObject({ code: 'misconfigured' });
    await expect(run).rejects.toThrow(`did you mean --base-url ${reference.url}/v1?`);
  });

  it('stops with one line when /models refuses the credentials sent', async () => {
    const locked = await startServer({ port: 0, apiKey: 'sk-right' });
    try {
      const run = runConformance({ baseUrl: `${locked.url}/v1`, apiKey: 'sk-wrong' });
      await expect(run).rejects.toMatchObject({ code: 'misconfigured' });
      await expect(run).rejects.toThrow(/answered 401: the target wants credentials: pass --api-key/);
      // Expecting auth, a keyless run is what the user asked for: the auth scenario judges it.
      const keyless = await runConformance({
        baseUrl: `${locked.url}/v1`,
        model: 'chat-contract-scripted',
        expectAuth: true,
        only: ['auth'],
      });
      expect(keyless.results.find((r) => r.check === 'auth-required')?.verdict).toBe('pass');
    } finally {
      await locked.close();
    }
  });

  it('stops and lists the served models when the model is not one of them', async () => {
    const run = runConformance({ baseUrl: `${reference.url}/v1`, model: 'gpt-nope' });
    await expect(run).rejects.toMatchObject({ code: 'misconfigured' });
    await expect(run).rejects.toThrow(/model gpt-nope is not among those .* lists: \S/);
  });

  it('stops when /models lists nothing and the server answers 404 for the model', async () => {
    mock.use(
      http.get(`${DEFECTIVE_BASE}/models`, () => new HttpResponse('not here', { status: 404 })),
      http.post(`${DEFECTIVE_BASE}/chat/completions`, () =>
        HttpResponse.json({ error: {} }, { status: 404 }),
      ),
    );
    const run = runConformance({ baseUrl: DEFECTIVE_BASE, model: 'm' });
    await expect(run).rejects.toMatchObject({ code: 'misconfigured' });
  });
});
