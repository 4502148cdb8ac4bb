import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  beforeAll(async () => {
    ensureBuiltCli();
    server = noDoneServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    brokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  }, 120_000);
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

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
});
