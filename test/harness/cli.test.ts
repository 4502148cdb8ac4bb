import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CheckArgs, runCheck } from '../../src/cli/check';
import { wantsColor } from '../../src/cli/io';
import { CHECKS, FAILURE_HANDLING_UNTESTED, SCENARIOS } from '../../src/harness';
import { type RunningServer, startServer } from '../../src/start';
import { ensureBuiltCli, runCli } from '../helpers/builtCli';

/** A server whose streams end without `data: [DONE]`: a `must` failure. */
function noDoneServer(): Server {
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return createServer((req, res) => {
    if (req.method === 'GET') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model', created: 1, owned_by: 'x' }] }),
      );
      return;
    }
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'text/event-stream');
      res.end(chunk({ role: 'assistant', content: 'hi' }, null) + chunk({}, 'stop'));
    });
  });
}

describe('chat-contract check (built CLI)', () => {
  let server: Server;
  let brokenUrl: string;
  let reference: RunningServer;

  beforeAll(async () => {
    ensureBuiltCli();
    server = noDoneServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    brokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    reference = await startServer({ port: 0 });
  }, 120_000);
  afterAll(async () => {
    await reference.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('exits 0 on the built-in reference server', async () => {
    const { code, stdout } = await runCli(['check', '--only', 'basic-stream', '--report', 'json']);
    expect(JSON.parse(stdout).summary.fail).toBe(0);
    expect(code).toBe(0);
  });

  it('exits 1 when a must check fails', async () => {
    const { code, stdout } = await runCli(['check', '--base-url', brokenUrl, '--only', 'basic-stream']);
    expect(stdout).toContain('FAIL  done-terminator (must)');
    expect(code).toBe(1);
  });

  it('exits 2 with one line when the target is unreachable', async () => {
    const { code, stderr } = await runCli(['check', '--base-url', 'http://127.0.0.1:1/v1']);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('target-unreachable');
    expect(code).toBe(2);
  });

  it('exits 2 on a bad argument', async () => {
    const { code } = await runCli(['check', '--profile', 'lax']);
    expect(code).toBe(2);
  });

  it('prints one line and a pointer to --help for a bad --header, not the usage', async () => {
    const { code, stderr, stdout } = await runCli(['check', '--header', 'no-colon']);
    expect(stderr.trim().split('\n')).toEqual([
      "chat-contract check: option '--header <header>' argument 'no-colon' is invalid. expected 'Name: value' (see chat-contract check --help)",
    ]);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('suggests the closest id for a mistyped --only', async () => {
    const { code, stderr } = await runCli(['check', '--only', 'stable-idd']);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('stable-idd (did you mean stable-id?)');
    expect(code).toBe(2);
  });

  it('stops with one line when the base URL lacks /v1', async () => {
    const { code, stderr, stdout } = await runCli(['check', '--base-url', reference.url]);
    expect(stderr.trim().split('\n')).toEqual([
      `chat-contract check: misconfigured: GET ${reference.url}/models answered 404 but ${reference.url}/v1/models lists models: did you mean --base-url ${reference.url}/v1?`,
    ]);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('stops with one line naming the served models when the model is not one of them', async () => {
    const { code, stderr } = await runCli([
      'check',
      '--base-url',
      `${reference.url}/v1`,
      '--model',
      'gpt-nope',
    ]);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/misconfigured: model gpt-nope is not among those .* lists: chat-contract-/);
    expect(code).toBe(2);
  });

  it('only sends --api-key: a keyless server is not failed for it', async () => {
    const args = ['check', '--base-url', `${reference.url}/v1`, '--api-key', 'sk-x', '--only', 'auth'];
    const sent = await runCli([...args, '--report', 'json']);
    expect(JSON.parse(sent.stdout).summary.fail).toBe(0);
    expect(sent.code).toBe(0);
    const expected = await runCli([...args, '--expect-auth']);
    expect(expected.stdout).toContain('FAIL  auth-required (must)');
    expect(expected.code).toBe(1);
  });

  it('says prominently that failure handling went untested, and --require-faults makes it exit 2', async () => {
    const args = ['check', '--base-url', `${reference.url}/v1`, '--only', 'basic-stream,fault-mid-stream'];
    const plain = await runCli(args);
    expect(plain.stdout).toContain(FAILURE_HANDLING_UNTESTED);
    expect(plain.code).toBe(0);
    const required = await runCli([...args, '--require-faults']);
    expect(required.stderr.trim().split('\n')).toHaveLength(1);
    expect(required.stderr).toContain('misconfigured: failure handling cannot be tested');
    expect(required.code).toBe(2);
  });

  it('counts the checks --only leaves out instead of listing them under a * heading', async () => {
    const { stdout } = await runCli(['check', '--only', 'basic-stream']);
    expect(stdout).not.toMatch(/^\*/m);
    expect(stdout).not.toContain('SKIP');
    // Every check either judged basic-stream or was counted as deselected: none is listed or lost.
    const m = /(\d+) passed, 0 failed, 0 warnings, 0 skipped, (\d+) deselected in \d+ ms/.exec(stdout);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThan(0);
    expect(Number(m![1]) + Number(m![2])).toBe(CHECKS.length);
  });

  it('prints at most 15 lines for a clean run against the built-in server', async () => {
    const { code, stdout } = await runCli(['check']);
    expect(stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(15);
    expect(stdout).toMatch(/0 failed/);
    expect(code).toBe(0);
  });

  it('puts the tool version in the JSON report', async () => {
    const { stdout } = await runCli(['check', '--only', 'models', '--report', 'json']);
    const json = JSON.parse(stdout);
    expect(json.toolVersion).toBe(require('../../package.json').version);
    expect(json.clients).toEqual([]);
  });
});

describe('chat-contract list-checks (built CLI)', () => {
  beforeAll(() => ensureBuiltCli(), 120_000);

  it('prints every check with severity and rule, and every scenario', async () => {
    const { code, stdout } = await runCli(['list-checks']);
    for (const c of CHECKS)
      expect(stdout).toMatch(new RegExp(`^  ${c.id} +${c.severity}.* ${regexEscape(c.rule)}$`, 'm'));
    for (const s of SCENARIOS) expect(stdout).toMatch(new RegExp(`^  ${s.id} +${s.intent}$`, 'm'));
    expect(code).toBe(0);
  });

  it('prints the same as JSON with --json', async () => {
    const list = JSON.parse((await runCli(['list-checks', '--json'])).stdout);
    expect(list.checks.map((c: { id: string }) => c.id)).toEqual(CHECKS.map((c) => c.id));
    expect(list.checks[0]).toMatchObject({ severity: CHECKS[0]!.severity, rule: CHECKS[0]!.rule });
    expect(list.scenarios.map((s: { id: string }) => s.id)).toEqual(SCENARIOS.map((s) => s.id));
  });
});

describe('runCheck progress and colour', () => {
  async function capture(io: { color?: boolean; progress?: boolean }, extra: Partial<CheckArgs> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCheck(
      {
        profile: 'strict',
        report: 'pretty',
        timeoutMs: 5000,
        maxEvents: 1000,
        header: {},
        fuzzSeed: 1,
        only: ['models', 'basic-stream'],
        ...extra,
      },
      { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), ...io },
    );
    return { code, out: out.join(''), err: err.join('') };
  }

  it('shows a progress line per scenario on stderr only when it is a terminal', async () => {
    const tty = await capture({ progress: true });
    expect(tty.err).toContain('[1/2] models');
    expect(tty.err).toContain('[2/2] basic-stream');
    expect(tty.err.endsWith('\r\u001b[K')).toBe(true);
    const piped = await capture({});
    expect(piped.err).toBe('');
  });

  it('colours the report only when told to', async () => {
    expect((await capture({ color: true })).out).toContain('\u001b[');
    expect((await capture({})).out).not.toContain('\u001b[');
  });
});

describe('colour decision', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
  ])('isTTY %s with env %j colours: %s', (isTTY, env, want) => {
    expect(wantsColor({ isTTY }, env)).toBe(want);
  });
});

function regexEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
