import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CheckTranscriptArgs, runCheckTranscript } from '../../src/cli/checkTranscript';
import { checkTranscripts, type Report } from '../../src/harness';
import { locationOf } from '../../src/harness/reporters';

const dir = join(__dirname, '../fixtures/transcripts');
const file = (name: string) => join(dir, name);

function failedChecks(report: Report): string[] {
  return report.results.filter((r) => r.verdict === 'fail').map((r) => r.check);
}

async function capture(files: string[], args: Partial<CheckTranscriptArgs> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCheckTranscript(
    files,
    { profile: 'strict', report: 'json', ...args },
    { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) },
  );
  return { code, out: out.join(''), err: err.join('') };
}

describe('check-transcript', () => {
  it.each([
    ['id-changes-mid-stream.sse', 'stable-id', undefined],
    ['error-frame-then-done.sse', 'failure-error-frame', undefined],
    ['usage-asked-but-missing.sse', 'usage-chunk', 'usage-asked-but-missing.sse.json'],
  ])('fails %s on %s', async (name, check, sidecarFile) => {
    const sidecar = sidecarFile ? JSON.parse(readFileSync(file(sidecarFile), 'utf8')) : undefined;
    const report = await checkTranscripts([{ name, body: createReadStream(file(name)), sidecar }]);
    expect(failedChecks(report)).toContain(check);
  });

  it('passes a conforming recording', async () => {
    const { code, out } = await capture([file('conforming.sse')]);
    const report = JSON.parse(out) as Report;
    // No warnings either: without a sidecar the model asked for is taken from the stream.
    expect(report.summary).toMatchObject({ fail: 0, warn: 0 });
    expect(report.summary.pass).toBeGreaterThan(0);
    expect(report.streams).toEqual([
      { scenario: file('conforming.sse'), exchange: 'recorded', class: 'success' },
    ]);
    expect(code).toBe(0);
  });

  it('judges a recording with an in-band error frame as a fault', async () => {
    const { code, out } = await capture([file('error-frame-then-done.sse')]);
    const report = JSON.parse(out) as Report;
    expect(report.streams[0]?.class).toBe('failed-with-error');
    expect(report.results.some((r) => r.check.startsWith('failure-'))).toBe(true);
    expect(code).toBe(1);
  });

  it('reads the sidecar next to a file', async () => {
    const { out } = await capture([file('usage-asked-but-missing.sse')]);
    expect(failedChecks(JSON.parse(out))).toContain('usage-chunk');
  });

  it('exits 2 with one line when a file cannot be read', async () => {
    const { code, err } = await capture([file('no-such-recording.sse')]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/transcript-unreadable/);
  });

  it('stops with one line on an empty file instead of checking nothing', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'cc-transcript-')), 'empty.sse');
    writeFileSync(empty, '');
    const { code, out, err } = await capture([empty]);
    expect(err.trim().split('\n')).toEqual([
      `chat-contract check-transcript: not-a-transcript: ${empty}: empty file: nothing to check`,
    ]);
    expect(out).toBe('');
    expect(code).toBe(2);
  });

  it('judges an empty recording its sidecar declares, as a stream that sent nothing', async () => {
    const report = await checkTranscripts([
      {
        name: 'silent.sse',
        body: (async function* () {})(),
        sidecar: { status: 200, headers: { 'content-type': 'text/event-stream' } },
      },
    ]);
    expect(report.summary.fail).toBeGreaterThan(0);
    expect(report.streams[0]?.class).toBe('truncated');
  });

  it('says a JSON chat.completion is not an event stream', async () => {
    const body = join(mkdtempSync(join(tmpdir(), 'cc-transcript-')), 'body.sse');
    writeFileSync(body, readFileSync(join(__dirname, '../fixtures/service/conforming-completion.json')));
    const { code, err } = await capture([body]);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain(`${body}: not an event stream (looks like a JSON chat.completion)`);
    expect(code).toBe(2);
  });

  it('locates every finding as file:line and names its own command in the heading', async () => {
    const name = file('id-changes-mid-stream.sse');
    const { out } = await capture([name], { report: 'pretty' });
    expect(out.split('\n')[0]).toBe(`chat-contract check-transcript ${name} (profile strict)`);
    expect(out).toContain(`${name}:5: id changed from "chatcmpl-abc" to "chatcmpl-other"`);
    const report = JSON.parse((await capture([name])).out) as Report;
    const failed = report.results.filter((r) => r.verdict === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(locationOf(r)).toMatch(/\.sse:\d+$/);
      for (const f of r.findings ?? []) expect(locationOf(f)).toMatch(/\.sse:\d+$/);
    }
  });

  it('suggests the closest offline check id', async () => {
    const { code, err } = await capture([file('conforming.sse')], { only: ['stable-idd'] });
    expect(err).toContain('stable-idd (did you mean stable-id?)');
    expect(code).toBe(2);
  });

  it('applies only offline checks', async () => {
    const { out } = await capture([file('conforming.sse')]);
    const ids = new Set((JSON.parse(out) as Report).results.map((r) => r.check));
    expect(ids.has('abort-recovers')).toBe(false);
    expect(ids.has('stable-id')).toBe(true);
  });

  it('reads a long stream chunk by chunk and, without kept lines, still judges it', async () => {
    const N = 20_000;
    async function* body() {
      const head =
        '{"object":"chat.completion.chunk","created":1,"model":"m","id":"chatcmpl-long","choices":';
      yield `data: ${head}[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`;
      for (let i = 0; i < N; i++) {
        yield `data: ${head}[{"index":0,"delta":{"content":"w${i} "},"finish_reason":null}]}\n\n`;
      }
      yield `data: ${head}[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`;
    }
    const report = await checkTranscripts([{ name: 'long.sse', body: body(), keepLines: false }]);
    expect(report.summary.fail).toBe(0);
    expect(report.streams[0]?.class).toBe('success');
  });
});
