import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Report, runConformance, SCENARIOS } from '../../src/harness';
import { upstreamLogFacts } from '../../src/harness/record/upstreamLog';
import { createUpstreamBackend } from '../../src/server/backends/upstream';
import {
  type RunningFakeUpstream,
  type RunningServer,
  startFakeUpstream,
  startServer,
} from '../../src/start';

const FAULTS = [
  'fault-before-first-token',
  'fault-mid-stream',
  'fault-error-frame',
  'fault-malformed-chunk',
  'fault-http-500',
];

function rows(report: Report, check: string) {
  return report.results.filter((r) => r.check === check);
}

/**
 * A proxy that forwards to the fake upstream and hides every upstream failure behind
 * `finish_reason: "stop"` and `[DONE]`; it also reads the upstream to its end after its client left.
 */
function hidingProxy(upstreamBase: string): Server {
  return createServer((req, res) => {
    if (req.method === 'GET') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model', created: 1, owned_by: 'x' }] }),
      );
      return;
    }
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(parts).toString();
      const frame = (json: object) => {
        if (!res.writableEnded) res.write(`data: ${JSON.stringify(json)}\n\n`);
      };
      const base = { id: 'chatcmpl-hidden', object: 'chat.completion.chunk', created: 1, model: 'm' };
      const finish = () => {
        frame({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
        if (!res.writableEnded) res.end('data: [DONE]\n\n');
      };
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      try {
        const up = await fetch(`${upstreamBase}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = up.ok ? await up.text() : '';
        for (const block of text.split('\n\n')) {
          const data = block.replace(/^data: ?/, '');
          if (data === '[DONE]') break;
          try {
            const json = JSON.parse(data) as { error?: unknown };
            if (!json.error) frame({ ...json, ...base });
          } catch {
            // malformed upstream data: dropped
          }
        }
      } catch {
        // a broken upstream connection: hidden too
      }
      finish();
    });
  });
}

describe('check --fault-upstream: faults injected through a fake upstream', () => {
  let upstream: RunningFakeUpstream;
  let reference: RunningServer;
  let proxy: Server;
  let proxyUrl: string;

  beforeAll(async () => {
    upstream = await startFakeUpstream({ port: 0 });
    reference = await startServer({
      port: 0,
      backend: createUpstreamBackend({ baseUrl: upstream.baseUrl }),
      timeouts: { firstTokenMs: 2000, idleMs: 2000 },
    });
    proxy = hidingProxy(upstream.baseUrl);
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => {
      proxy.close(() => r());
      proxy.closeAllConnections();
    });
    await reference.close();
    await upstream.close();
  });

  it('passes the reference server in upstream mode: no must failure, aborts reach the upstream', async () => {
    const report = await runConformance({
      baseUrl: `${reference.url}/v1`,
      faultDirectives: true,
      upstreamLog: upstreamLogFacts({ upstreamUrl: upstream.baseUrl }),
      timeoutMs: 10_000,
    });
    const mustFailures = report.results.filter((r) => r.verdict === 'fail' && r.severity === 'must');
    expect(mustFailures).toEqual([]);
    expect(rows(report, 'upstream-cancelled').map((r) => [r.scenario, r.verdict])).toEqual([
      ['abort-recovers', 'pass'],
    ]);
    expect(rows(report, 'stream-incremental')).toContainEqual(
      expect.objectContaining({ scenario: 'slow-stream', verdict: 'pass' }),
    );
    const faultRows = report.results.filter((r) => FAULTS.includes(r.scenario));
    expect(new Set(faultRows.map((r) => r.scenario))).toEqual(new Set(FAULTS));
  }, 90_000);

  it('fails a proxy that hides upstream failures behind a successful finish', async () => {
    const report = await runConformance({
      baseUrl: proxyUrl,
      faultDirectives: true,
      // 'abort-recovers' is also a check id, so `only` would narrow the checks: pick scenarios instead.
      scenarios: SCENARIOS.filter((s) => [...FAULTS, 'abort-recovers'].includes(s.id)),
      upstreamLog: upstreamLogFacts({ upstreamUrl: upstream.baseUrl }),
      timeoutMs: 10_000,
    });
    for (const check of ['failure-no-success-terminator', 'failure-error-frame']) {
      const failed = rows(report, check).filter((r) => r.verdict === 'fail');
      expect(failed.map((r) => r.scenario).sort()).toEqual([...FAULTS].sort());
    }
    expect(report.clients).toContainEqual({
      scenario: 'fault-mid-stream',
      client: 'openai-node',
      outcome: 'looked successful',
    });
    expect(rows(report, 'upstream-cancelled').map((r) => r.verdict)).toEqual(['fail']);
  }, 90_000);
});
