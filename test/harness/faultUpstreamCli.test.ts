import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const cli = join(root, 'dist/cli/index.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? -1) : 0;
      resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
    });
  });
}

describe('chat-contract check --fault-upstream (built CLI)', () => {
  let occupied: Server;
  let occupiedPort: number;

  beforeAll(async () => {
    // Compiles even when unrelated work in progress has type errors; the CLI file must exist.
    spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: root,
      },
    );
    expect(existsSync(cli)).toBe(true);
    // Something that is not a fake upstream: its port cannot be reused.
    occupied = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => occupied.listen(0, '127.0.0.1', r));
    occupiedPort = (occupied.address() as AddressInfo).port;
  }, 120_000);
  afterAll(() => new Promise<void>((r) => occupied.close(() => r())));

  it('checks the reference server proxying to a fake upstream in one command, every check passing', async () => {
    const { code, stdout } = await run(['check', '--fault-upstream', '--report', 'json']);
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
    const { code, stderr } = await run([
      'check',
      '--base-url',
      'http://127.0.0.1:1/v1',
      '--fault-upstream',
      '--upstream-port',
      String(occupiedPort),
    ]);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--upstream-port');
    expect(code).toBe(2);
  }, 30_000);
});
