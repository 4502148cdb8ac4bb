import { ensureBuiltCli, runCli } from '../helpers/builtCli';

describe('chat-contract probe (built CLI)', () => {
  beforeAll(() => ensureBuiltCli(), 120_000);

  it('probes the built-in server and reports every parameter in JSON', async () => {
    const { code, stdout } = await runCli(['probe', '--report', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      schemaVersion: number;
      probes: Array<{ parameter: string; verdict: string }>;
    };
    expect(report.schemaVersion).toBe(1);
    expect(report.probes).toHaveLength(15);
    expect(report.probes.filter((p) => p.verdict !== 'honoured')).toEqual([]);
  });

  it('prints a table by default', async () => {
    const { code, stdout } = await runCli(['probe']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}parameter +verdict +evidence$/m);
    expect(stdout).toMatch(/^ {2}max_tokens +honoured +completion_tokens 5, finish_reason "length", cap 5$/m);
    expect(stdout).toMatch(/15 honoured, 0 ignored, 0 refused, 0 inconclusive/);
  });

  it('exits 2 with one line on a bad base URL', async () => {
    const { code, stderr } = await runCli(['probe', '--base-url', 'ftp://nowhere']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      'chat-contract probe: bad-arguments: base URL must start with http:// or https://: ftp://nowhere',
    ]);
  });

  it('adds the probes to the check report with --probes', async () => {
    const json = await runCli(['check', '--only', 'basic-stream', '--probes', '--report', 'json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { probes?: Array<{ verdict: string }> };
    expect(report.probes).toHaveLength(15);
    const pretty = await runCli(['check', '--only', 'basic-stream', '--probes']);
    expect(pretty.stdout).toContain('parameters (probes):');
    const junit = await runCli(['check', '--only', 'basic-stream', '--probes', '--report', 'junit']);
    expect(junit.stdout).toContain('<testsuite name="probes" tests="15"');
  });
});
