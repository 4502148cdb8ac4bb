import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS, checkRecordedDir, type Report } from '../../../src/harness';
import { createUpstreamBackend } from '../../../src/server/backends/upstream';
import { type RunningServer, startReplayUpstream, startServer } from '../../../src/start';
import { ensureBuiltCli, runCli } from '../../helpers/builtCli';
import { changeIdOn, type RewritingProxy, startRewritingProxy } from '../helpers/rewritingProxy';

const SECRET = 'sk-recorded-secret-4242';
const OFFLINE = new Set(CHECKS.filter((c) => c.offline).map((c) => c.id));

let reference: RunningServer;
let broken: RewritingProxy;
let dir: string;
let live: Report;

/** The defects recorded: a new id after the first chunk of every stream, and no role chunk. */
beforeAll(async () => {
  reference = await startServer({ port: 0, timeouts: { firstTokenMs: 1000, idleMs: 1000 } });
  const changeId = changeIdOn(() => true);
  broken = await startRewritingProxy(reference.url, (block, i, s) =>
    changeId(block.replace(/"role":"assistant",?/, ''), i, s),
  );
  dir = mkdtempSync(join(tmpdir(), 'record-'));
  ensureBuiltCli();
  const run = await runCli([
    'check',
    '--base-url',
    broken.baseUrl,
    '--fault-directives',
    '--skip',
    'fault-hang,concurrent-streams',
    '--header',
    `x-api-key: ${SECRET}`,
    '--record',
    join(dir, 'rec'),
    '--report',
    'json',
  ]);
  expect(run.code).toBe(1);
  live = JSON.parse(run.stdout) as Report;
}, 180_000);
afterAll(async () => {
  await broken.close();
  await reference.close();
  rmSync(dir, { recursive: true, force: true });
});

function verdicts(report: Report): string[] {
  return report.results
    .filter((r) => OFFLINE.has(r.check) && r.scenario !== '*')
    .map((r) => `${r.scenario} ${r.check} ${r.verdict}`)
    .sort();
}

describe('check --record DIR', () => {
  it('writes a body and a sidecar per exchange, the report and the index, without the credential', () => {
    const files = readdirSync(join(dir, 'rec'));
    expect(files).toEqual(expect.arrayContaining(['index.json', 'report.json', '001-models-models.body']));
    const stream = files.find((f) => /-basic-stream-stream\.sse$/.test(f))!;
    const sidecar = JSON.parse(readFileSync(join(dir, 'rec', `${stream}.json`), 'utf8'));
    expect(sidecar).toMatchObject({
      scenario: 'basic-stream',
      exchange: 'stream',
      intent: 'success',
      status: 200,
      target: broken.baseUrl,
      body: stream,
      http: { method: 'POST', headers: { 'x-api-key': '[redacted]' } },
    });
    expect(sidecar.timing.eventTimes.length).toBeGreaterThan(2);
    expect(readFileSync(join(dir, 'rec', stream), 'utf8')).toContain('"id":"chatcmpl-changed"');
    for (const f of files) expect(readFileSync(join(dir, 'rec', f), 'utf8')).not.toContain(SECRET);
  });

  it('check-transcript DIR gives every offline check the verdict of the live run', async () => {
    const replayed = await runCli(['check-transcript', join(dir, 'rec'), '--report', 'json']);
    expect(replayed.code).toBe(1);
    const offline = JSON.parse(replayed.stdout) as Report;
    expect(verdicts(live)).toContain('basic-stream stable-id fail');
    expect(verdicts(live)).toContain('basic-stream role-first warn');
    expect(verdicts(offline)).toEqual(verdicts(live));
    expect(offline.streams).toEqual(live.streams);
  }, 60_000);

  it('check-transcript DIR keeps to --only and refuses a check id it does not know', async () => {
    const only = await checkRecordedDir(join(dir, 'rec'), { only: ['stable-id'] });
    expect(new Set(only.results.map((r) => r.check))).toEqual(new Set(['stable-id']));
    await expect(checkRecordedDir(join(dir, 'rec'), { only: ['models-list'] })).rejects.toMatchObject({
      code: 'bad-arguments',
    });
  });
});

/** The text a stream's chunks carry, concatenated. */
function content(sse: string): string {
  return sse
    .split('\n')
    .filter((l) => l.startsWith('data: {'))
    .map((l) => JSON.parse(l.slice(6)).choices?.[0]?.delta?.content ?? '')
    .join('');
}

describe('upstream --replay DIR', () => {
  it('behind the reference proxy reproduces the recorded content, matched by conversation', async () => {
    const upstream = await startReplayUpstream(join(dir, 'rec'), { port: 0, timing: 'recorded' });
    const proxy = await startServer({
      port: 0,
      backend: createUpstreamBackend({ baseUrl: upstream.baseUrl }),
    });
    try {
      // Out of recorded order: the short max-tokens stream first, then the basic one.
      for (const scenario of ['max-tokens-length', 'basic-stream']) {
        const recorded = readdirSync(join(dir, 'rec')).find((f) => f.endsWith(`-${scenario}-stream.sse`))!;
        const sidecar = JSON.parse(readFileSync(join(dir, 'rec', `${recorded}.json`), 'utf8'));
        const res = await fetch(`${proxy.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...sidecar.request, model: 'chat-contract-upstream' }),
        });
        expect(res.status).toBe(200);
        const want = content(readFileSync(join(dir, 'rec', recorded), 'utf8'));
        expect(want.length).toBeGreaterThan(0);
        expect(content(await res.text())).toBe(want);
      }
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});
