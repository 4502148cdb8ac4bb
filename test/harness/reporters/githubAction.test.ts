import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '../../../src/start';
import { ensureBuiltCli } from '../../helpers/builtCli';
import { type Listening, listen } from '../../helpers/listen';

const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'github-action.js');

/** A server whose stream changes its id mid-way and never sends `[DONE]`. */
function brokenServer(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' && req.url === '/v1/models') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model', created: 0, owned_by: 'me' }] }),
    );
    return;
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (id: string, delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.end(
      chunk('chatcmpl-a', { role: 'assistant', content: 'hi' }, null) + chunk('chatcmpl-<b>', {}, 'stop'),
    );
  });
}

interface ActionRun {
  /** The run's temp dir (RUNNER_TEMP), removed after the suite. */
  dir: string;
  code: number;
  summary: string;
  outputs: Record<string, string>;
}

/** Runs the action's script as GitHub would: inputs in INPUT_*, summary and outputs in files. */
function runAction(inputs: Record<string, string>): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'chat-contract-action-'));
  const summaryFile = join(dir, 'summary.md');
  const outputFile = join(dir, 'output.txt');
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: dir,
    ...inputs,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT], { env, timeout: 60_000 }, (err) => {
      const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
      const outputs = Object.fromEntries(
        read(outputFile)
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      resolve({ dir, code: err ? Number(err.code) : 0, summary: read(summaryFile), outputs });
    });
  });
}

describe('GitHub Action script', () => {
  let reference: RunningServer;
  let broken: Listening;
  const dirs: string[] = [];

  beforeAll(async () => {
    ensureBuiltCli();
    reference = await startServer({ port: 0 });
    broken = await listen(brokenServer as never);
  }, 120_000);
  afterAll(async () => {
    await reference.close();
    await broken.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('passes on a conforming server: summary says so, outputs point at the reports', async () => {
    const run = await runAction({
      INPUT_BASE_URL: `${reference.url}/v1`,
      INPUT_ARGS: '--only basic-stream,models',
    });
    dirs.push(run.dir);
    expect(run.code).toBe(0);
    expect(run.summary.split('\n')[0]).toBe('## chat-contract check: ✅ PASSED');
    expect(run.outputs['exit-code']).toBe('0');
    expect(run.outputs.outcome).toBe('passed');
    expect(readFileSync(run.outputs.junit!, 'utf8')).toMatch(/^<\?xml[\s\S]*<testsuite name="basic-stream"/);
    expect(readFileSync(run.outputs.html!, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(JSON.parse(readFileSync(run.outputs.json!, 'utf8')).target).toBe(`${reference.url}/v1`);
  }, 60_000);

  it('fails on a broken server with the failing checks in the summary and the JUnit path out', async () => {
    const run = await runAction({
      INPUT_BASE_URL: `${broken.url}/v1`,
      INPUT_PROFILE: 'strict',
      INPUT_ARGS: "--only 'basic-stream' --header 'X-Team: ml'",
    });
    dirs.push(run.dir);
    expect(run.code).toBe(1);
    expect(run.summary).toMatch(/^## chat-contract check: ❌ FAILED \(\d+ must failures?\)/);
    expect(run.summary).toContain('### ❌ FAIL `stable-id` (must)');
    expect(run.summary).toContain('### ❌ FAIL `done-terminator` (must)');
    expect(run.summary).toContain('chatcmpl-\\<b\\>');
    expect(run.outputs.outcome).toBe('failed');
    const junit = readFileSync(run.outputs.junit!, 'utf8');
    expect(junit).toMatch(/<testcase classname="basic-stream" name="stable-id"[^>]*>\s*<failure/);
  }, 60_000);

  it('reports a run that could not start as an error, with its reason, and exits 2', async () => {
    const closed = await listen((() => undefined) as never);
    await closed.close();
    const run = await runAction({ INPUT_BASE_URL: `${closed.url}/v1` });
    dirs.push(run.dir);
    expect(run.code).toBe(2);
    expect(run.summary).toMatch(
      /^## chat-contract check: ⚠️ the run itself failed \(exit 2\)\n\n```\n.*127\.0\.0\.1/,
    );
    expect(run.outputs).toEqual({ 'exit-code': '2', outcome: 'error' });
  }, 60_000);
});
