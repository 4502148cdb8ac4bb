import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ensureBuiltCli, runCli } from '../helpers/builtCli';

describe('chat-contract check --fault-upstream (built CLI)', () => {
  let occupied: Server;
  let occupiedPort: number;

  beforeAll(async () => {
    ensureBuiltCli();
    // Something that is not a fake upstream: its port cannot be reused.
    occupied = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => occupied.listen(0, '127.0.0.1', r));
    occupiedPort = (occupied.address() as AddressInfo).port;
  }, 120_000);
  afterAll(() => new Promise<void>((r) => occupied.close(() => r())));

  it('checks the reference server proxying to a fake upstream in one command, every check passing', async () => {
    const { code, stdout } = await runCli(['check', '--fault-upstream', '--report', 'json'], 90_000);
    const report = JSON.parse(stdout) as {
      summary: { fail: number };
      results: Array<Record<string, string>>;
    };
    expect(report.summary.fail).toBe(0);
    expect(report.results).toContainEqual(
      expect.objectContaining({ scenario: 'abort-recovers', check: 'upstream-cancelled', verdict: 'pass' }),
    );
    expect(code).toBe(0);
  }, 100_000);

  it('exits 2 with one line when the upstream port is taken by something else', async () => {
    const { code, stderr } = await runCli(
      [
        'check',
        '--base-url',
        'http://127.0.0.1:1/v1',
        '--fault-upstream',
        '--upstream-port',
        String(occupiedPort),
      ],
      90_000,
    );
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--upstream-port');
    expect(code).toBe(2);
  }, 30_000);
});
