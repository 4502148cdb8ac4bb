import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTranscripts, type Sidecar } from '../../src/harness';
import { streamClasses } from '../../src/harness/decode/classify';
import { decodeEvent, newDecoding } from '../../src/harness/decode/decode';
import { decodeEvents, type StreamExchange, StreamPasses, type StreamView } from '../../src/harness/judge';
import { crashedCheck, verdictFor } from '../../src/harness/judge/verdicts';
import { runFromRecordings } from '../../src/harness/record/recorded';
import { fromFile, streamTranscript } from '../../src/harness/record/transcripts';
import { CHECKS } from '../../src/harness/registry';
import type { Check, CheckResult, ScenarioRun } from '../../src/harness/types';
import { SseReader } from '../../src/sse';
import { fixtureRun } from './checks/stream-fixtures';

const ROOT = join(__dirname, '../fixtures');
const OFFLINE = CHECKS.filter((c) => c.offline);
/**
 * The offline checks `check-transcript` can run in one pass. Selecting only these is what makes it
 * take the one-pass path: with any other check selected it reads recordings whole on both sides,
 * and a comparison of the two paths could not fail.
 */
const ONE_PASS = OFFLINE.filter((c) => c.pass || c.eventFree);

/** A body that arrives in small pieces, so events, lines and UTF-8 sequences straddle them. */
async function* pieces(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** What each offline check's `run` makes of a run whose streams were read whole. */
function judgedWhole(run: ScenarioRun, checks: readonly Check[] = OFFLINE): CheckResult[] {
  return checks.flatMap((check) => {
    try {
      const r = verdictFor(check, run, check.run(run, { profile: 'strict' }), 'strict');
      // check-transcript names the file in every location, as it does on either path.
      return r ? [fromFile(r, run)] : [];
    } catch (err) {
      return [crashedCheck(check, run, err, 'strict')];
    }
  });
}

const STREAM_FIXTURES = readdirSync(join(ROOT, 'streams'))
  .filter((f) => f.endsWith('.sse'))
  .map((f) => f.slice(0, -'.sse'.length));

describe('check-transcript in one pass', () => {
  it.each(STREAM_FIXTURES)(
    'gives %s the verdicts, locations and evidence of the checks run on the whole run',
    async (name) => {
      const run = fixtureRun(name);
      const exchange = run.exchanges[0]!;
      const response = exchange.response!;
      const sidecar: Sidecar = {
        request: exchange.requestJson!,
        status: response.status,
        headers: response.headers,
        intent: run.intent,
      };
      const body = readFileSync(join(ROOT, 'streams', `${name}.sse`));
      const report = await checkTranscripts([{ name, body: pieces(body), sidecar }], { checks: ONE_PASS });
      const want = judgedWhole({ ...run, exchanges: [{ ...exchange, label: 'recorded' }] }, ONE_PASS);
      expect(report.results).toEqual(want);
      expect(report.streams).toEqual(
        streamClasses([{ ...run, exchanges: [{ ...exchange, label: 'recorded' }] }]),
      );
    },
  );
});

/** A long stream: the id changes at chunk `changeAt`, every chunk's `created` differs from the last. */
function longStream(chunks: number, changeAt: number): string {
  const out: string[] = [];
  for (let i = 0; i < chunks; i++) {
    const id = i < changeAt ? 'chatcmpl-a' : 'chatcmpl-b';
    const delta = i === 0 ? { role: 'assistant', content: '' } : { content: `t${i}` };
    out.push(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1000 + (i === 3000 ? 1 : 0), model: 'm', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
    );
  }
  out.push(
    `data: ${JSON.stringify({ id: 'chatcmpl-b', object: 'chat.completion.chunk', created: 1000, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
  );
  out.push(': trailing comment\n\ndata: [DONE]\n\n: after done\n');
  return out.join('');
}

describe('a stream read in one pass', () => {
  const text = longStream(5000, 4000);
  const source = () => ({ name: 'long.sse', body: pieces(Buffer.from(text), 4096) });

  it('keeps no event and no raw line once read', async () => {
    const streamed = await streamTranscript(source(), OFFLINE);
    const sse = streamed!.run.exchanges[0]!.response!.sse!;
    expect(sse.events).toHaveLength(0);
    expect(sse.lines).toHaveLength(0);
    expect(streamed!.classifier.result()).toBe('success');
  });

  it('quotes findings thousands of lines in, and after [DONE], as reading it whole does', async () => {
    const onePass = await checkTranscripts([source()], { now: () => 0, checks: ONE_PASS });
    const whole = await checkTranscripts([source()], { now: () => 0, checks: ONE_PASS, onePass: false });
    expect(onePass).toEqual(whole);
    const stableId = onePass.results.find((r) => r.check === 'stable-id')!;
    expect(stableId).toMatchObject({ verdict: 'fail', event: 4001, lines: [8001] });
    expect(stableId.evidence?.[0]).toContain('"id":"chatcmpl-b"');
    const done = onePass.results.find((r) => r.check === 'done-terminator')!;
    expect(done).toMatchObject({
      verdict: 'fail',
      message: '1 line(s) after [DONE]',
      evidence: [': after done'],
    });
  });

  it('reports a reducer that raises mid-stream as its check failing, and keeps feeding the others', async () => {
    const raising = (at: number): Check => ({
      id: `raises-at-${at}`,
      severity: 'should',
      rule: 'Raises.',
      offline: true,
      run: () => ({ applies: false, reason: 'one pass only' }),
      pass: {
        reduce: () => {
          let seen = 0;
          return {
            event() {
              if (++seen === at) throw new Error(`broke at event ${at}`);
            },
            end() {},
          };
        },
        judge: (run, read) => ({
          applies: true,
          findings: read(run.exchanges[0] as StreamExchange).findings,
        }),
      },
    });
    const stableId = OFFLINE.find((c) => c.id === 'stable-id')!;
    const report = await checkTranscripts([source()], {
      now: () => 0,
      checks: [raising(3), stableId, raising(4000)],
    });
    const byId = new Map(report.results.map((r) => [r.check, r]));
    expect(byId.get('raises-at-3')?.message).toMatch(
      /raised an error instead of reporting: broke at event 3$/,
    );
    expect(byId.get('raises-at-4000')?.message).toMatch(/broke at event 4000$/);
    expect(byId.get('stable-id')).toMatchObject({ verdict: 'fail', event: 4001 });
  });

  it('stops feeding a reducer whose line hook raised, and reports that error', async () => {
    let sawLine = false;
    const raisesOnALine: Check = {
      id: 'raises-on-a-line',
      severity: 'should',
      rule: 'Raises.',
      offline: true,
      run: () => ({ applies: false, reason: 'one pass only' }),
      pass: {
        reduce: () => ({
          event() {
            if (sawLine) throw new Error('fed an event after raising');
          },
          line() {
            sawLine = true;
            throw new Error('broke on a line');
          },
          end() {},
        }),
        judge: (run, read) => ({
          applies: true,
          findings: read(run.exchanges[0] as StreamExchange).findings,
        }),
      },
    };
    const report = await checkTranscripts([source()], { now: () => 0, checks: [raisesOnALine] });
    expect(sawLine).toBe(true);
    expect(report.results[0]?.message).toMatch(/raised an error instead of reporting: broke on a line$/);
  });

  it('reads recordings whole when a selected check has no single-pass form, so its run still sees every event', async () => {
    const counting: Check = {
      id: 'event-count',
      severity: 'should',
      rule: 'Counts events.',
      offline: true,
      run(run) {
        const sse = run.exchanges[0]!.response!.sse!;
        return { applies: true, findings: [{ message: `${decodeEvents(sse).length} events` }] };
      },
    };
    const report = await checkTranscripts([source()], { checks: [...OFFLINE, counting] });
    expect(report.results.find((r) => r.check === 'event-count')?.message).toBe('5002 events');
    expect(report.results.find((r) => r.check === 'stable-id')?.verdict).toBe('fail');
  });
});

describe('the pacing checks in one pass', () => {
  const body = readFileSync(join(ROOT, 'service', 'ten-content-chunks.sse'), 'utf8');
  const blocks = body.split(/(?<=\n\n)/);
  const request = {
    model: 'gpt-4o',
    stream: true,
    messages: [{ role: 'user', content: 'Count. [[chat-contract:delay-ms=50]][[chat-contract:tokens=10]]' }],
  };
  const pacing = CHECKS.filter((c) => c.id === 'stream-incremental' || c.id === 'compression-flush');

  /** Feeds the recording block by block, each stamped with its arrival time, through every pacing reducer. */
  function onePass(eventTimes: number[], compressed: boolean) {
    const headers = {
      'content-type': 'text/event-stream',
      ...(compressed ? { 'content-encoding': 'gzip' } : {}),
    };
    const run = runFromRecordings('basic-stream', 'success', [{ body, request, eventTimes, headers }], {
      facts: { directivesHonoured: true },
    });
    const exchange = run.exchanges[0] as StreamExchange;
    if (compressed) exchange.request.headers['accept-encoding'] = 'gzip, br';
    let reader: SseReader | undefined;
    const view: StreamView = {
      lines: (first, last = first) => reader!.recentLines(first, last),
      issues: () => [],
      lineCount: () => reader!.linesRead,
      linesAfterLastEvent: () => reader!.linesAfterLastEvent(),
    };
    const passes = new StreamPasses(pacing, exchange, run, view);
    const decoding = newDecoding();
    reader = new SseReader({
      keepLines: false,
      keepEvents: false,
      window: 64,
      onEvent: (event) => passes.event(decodeEvent(event, decoding)),
    });
    for (const [i, block] of blocks.entries()) reader.push(block, eventTimes[i]);
    reader.end();
    passes.end();
    return { run, passes };
  }

  it.each([
    ['spread over the generation', (i: number) => 100 + i * 50],
    ['in one late burst', () => 700],
    ['with the role early and the content in a burst', (i: number) => (i === 0 ? 20 : 1500 + i)],
  ])('judge a stream arriving %s as the checks do on the kept run', (_name, time) => {
    const eventTimes = blocks.map((_b, i) => time(i));
    const { run, passes } = onePass(eventTimes, false);
    const compressed = onePass(eventTimes, true);
    for (const check of pacing) {
      expect(passes.outcome(check, run)).toEqual(check.run(run, { profile: 'strict' }));
      expect(compressed.passes.outcome(check, compressed.run)).toEqual(
        check.run(compressed.run, { profile: 'strict' }),
      );
    }
    const flush = compressed.passes.outcome(
      pacing.find((c) => c.id === 'compression-flush')!,
      compressed.run,
    );
    expect(flush.applies && flush.findings.map((f) => f.message)).toEqual(
      time(1) === 150 ? [] : [expect.stringContaining('(content-encoding: gzip)')],
    );
    const burst = passes.outcome(pacing.find((c) => c.id === 'stream-incremental')!, run);
    expect(burst.applies).toBe(true);
    expect(burst.applies && burst.findings.length).toBe(time(1) === 150 ? 0 : 1);
  });
});

describe('reducers that skip content repeats', () => {
  /** A stream whose every chunk carries `frame` around a content delta: the repeats the runner skips. */
  function repeating(frame: Record<string, unknown>, choice: Record<string, unknown> = {}): string {
    const chunk = (delta: unknown) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-r', object: 'chat.completion.chunk', created: 7, model: 'm', ...frame, choices: [{ index: 0, delta, finish_reason: null, ...choice }] })}\n\n`;
    const out = [chunk({ role: 'assistant', content: '' })];
    for (let i = 0; i < 40; i++) out.push(chunk({ content: `w${i} ` }));
    out.push(chunk({ content: '<think>' }), chunk({ content: 'x' }));
    out.push(chunk({}), 'data: [DONE]\n\n');
    return out.join('');
  }

  it.each([
    ['an ordinary stream', {}, {}],
    ['an empty id on every chunk', { id: '' }, {}],
    ['a foreign id prefix', { id: 'cmpl-1' }, {}],
    ['an unknown service tier on every chunk', { service_tier: 'turbo' }, {}],
    ['usage on every chunk', { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }, {}],
    ['a finish_reason on every chunk', {}, { finish_reason: 'eos' }],
    ['a stray choice index', {}, { index: 3 }],
    ['a logprobs field on every choice', {}, { logprobs: null }],
  ])('give %s the report of feeding every event', async (_name, frame, choice) => {
    const body = Buffer.from(repeating(frame, choice));
    const source = () => ({ name: 'r.sse', body: pieces(body, 64) });
    const onePass = await checkTranscripts([source()], { now: () => 0, checks: ONE_PASS });
    const whole = await checkTranscripts([source()], { now: () => 0, checks: ONE_PASS, onePass: false });
    expect(onePass).toEqual(whole);
  });

  it('are not fed the chunks that repeat the previous frame with only content', async () => {
    let fed = 0;
    const counting: Check = {
      id: 'counts',
      severity: 'should',
      rule: 'Counts.',
      offline: true,
      run: () => ({ applies: false, reason: 'one pass only' }),
      pass: {
        reduce: () => ({
          skipsContentRepeats: true,
          event() {
            fed++;
          },
          end() {},
        }),
        judge: () => ({ applies: false, reason: 'counted' }),
      },
    };
    await checkTranscripts([{ name: 'r.sse', body: pieces(Buffer.from(repeating({})), 64) }], {
      checks: [counting],
    });
    // 45 events: the role chunk, 42 content chunks, an empty delta and [DONE]. The first content
    // chunk is the first decoded through the template the role chunk made; the 41 after it repeat it.
    expect(fed).toBe(4);
  });
});
