import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runConformance } from '../../src/harness/runConformance';
import { type RunningReferenceServer, startServer } from '../../src/start';

/** A server that lists one model and answers every POST with 200, whatever the body. */
async function acceptsAnything(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model', created: 1, owned_by: 'x' }] }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

const fuzzOnly = { realClients: false, timeoutMs: 5000 } as const;

describe('fuzz scenario (check --fuzz N)', () => {
  let reference: RunningReferenceServer;
  beforeAll(async () => {
    reference = await startServer({ port: 0 });
  });
  afterAll(() => reference.close());

  it('sends N contract-derived invalid requests and the reference server rejects them all', async () => {
    const report = await runConformance({
      baseUrl: `${reference.url}/v1`,
      fuzz: { count: 60, seed: 7 },
      only: ['fuzz'],
      ...fuzzOnly,
    });
    const rows = report.results.filter((r) => r.scenario === 'fuzz');
    expect(rows.map((r) => [r.check, r.verdict])).toEqual(
      expect.arrayContaining([
        ['rejects-invalid', 'pass'],
        ['error-envelope', 'pass'],
      ]),
    );
    expect(report.streams.filter((s) => s.scenario === 'fuzz')).toEqual([]);
  });

  it('fails rejects-invalid and names the seeded cases a server accepted', async () => {
    const target = await acceptsAnything();
    try {
      const report = await runConformance({
        baseUrl: target.url,
        fuzz: { count: 20, seed: 7 },
        only: ['fuzz'],
        ...fuzzOnly,
      });
      const row = report.results.find((r) => r.scenario === 'fuzz' && r.check === 'rejects-invalid');
      expect(row?.verdict).toBe('fail');
      expect(row?.message).toMatch(/seed 7 #\d+ .*got 200 \(no rejection\), want 4xx/);
    } finally {
      await new Promise<void>((r) => {
        target.server.close(() => r());
        target.server.closeAllConnections();
      });
    }
  });

  it('is skipped with its reason when not asked for', async () => {
    const report = await runConformance({ baseUrl: `${reference.url}/v1`, only: ['fuzz'], ...fuzzOnly });
    expect(report.results.filter((r) => r.verdict !== 'skip')).toEqual([]);
    expect(JSON.stringify(report.results)).toContain('pass --fuzz N');
  });
});
