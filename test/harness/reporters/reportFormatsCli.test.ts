import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '../../../src/start';
import { ensureBuiltCli, runCli } from '../../helpers/builtCli';

describe('check --report html | markdown', () => {
  let reference: RunningServer;
  let dir: string;

  beforeAll(async () => {
    ensureBuiltCli();
    reference = await startServer({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'chat-contract-formats-'));
  }, 120_000);
  afterAll(async () => {
    await reference.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the HTML report to --out and the totals line to stderr', async () => {
    const out = join(dir, 'report.html');
    const r = await runCli([
      'check',
      '--base-url',
      `${reference.url}/v1`,
      '--only',
      'basic-stream',
      '--report',
      'html',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('PASSED: no must failure');
    expect(r.stderr).toMatch(/\d+ passed, 0 failed/);
  }, 60_000);

  it('prints the Markdown report on stdout', async () => {
    const r = await runCli([
      'check',
      '--base-url',
      `${reference.url}/v1`,
      '--only',
      'basic-stream',
      '--report',
      'markdown',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('## chat-contract check: ✅ PASSED');
  }, 60_000);
});
