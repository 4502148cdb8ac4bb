import { streamIncremental } from '../../../src/harness/checks/stream-incremental';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { chatRequest, findingsOf, fixture, STRICT } from './service-fixture';

/** ten-content-chunks.sse holds 13 events: role, ten content chunks, the finish and [DONE]. */
const body = fixture('ten-content-chunks.sse');
const EVENTS = 13;
const ask = (text: string) => chatRequest({ stream: true, messages: [{ role: 'user', content: text }] });
/** Ten tokens 50 ms apart: a generation spanning 450 ms. */
const paced = ask('Count to ten. [[chat-contract:delay-ms=50]][[chat-contract:tokens=10]]');
/** The run's declaration that the target honours directives (the built-in server, --fault-directives). */
const HONOURED = { facts: { directivesHonoured: true } };
const spread = (startMs: number) => Array.from({ length: EVENTS }, (_, i) => startMs + i * 50);

describe('stream-incremental check', () => {
  it.each([
    ['right away', spread(0)],
    ['after a long first response (warm-up, queueing)', spread(2000)],
  ])('passes a paced stream whose chunks arrive spread over time %s', (_name, eventTimes) => {
    const run = runFromRecordings(
      'basic-stream',
      'success',
      [{ body, request: paced, eventTimes }],
      HONOURED,
    );
    expect(findingsOf(streamIncremental.run(run, STRICT))).toEqual([]);
  });

  it('fails a paced stream whose events all arrive at the same late time (buffered)', () => {
    const eventTimes = Array.from({ length: EVENTS }, () => 700);
    const run = runFromRecordings(
      'basic-stream',
      'success',
      [{ body, request: paced, eventTimes }],
      HONOURED,
    );
    const findings = findingsOf(streamIncremental.run(run, STRICT));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.event).toBe(2);
    expect(findings[0]!.message).toMatch(/^10 of 10 content chunks arrived within 0 ms .* paced over 450 ms/);
    expect(findings[0]!.evidence?.[0]).toContain('"content":"w1 "');
  });

  it('fails a stream that flushed its role chunk early, then the content in one burst (fault=slow)', () => {
    const eventTimes = [20, ...Array.from({ length: EVENTS - 1 }, (_, i) => 1500 + i)];
    const slow = ask('Count to ten. [[chat-contract:fault=slow]]');
    const run = runFromRecordings('basic-stream', 'success', [{ body, request: slow, eventTimes }], HONOURED);
    expect(findingsOf(streamIncremental.run(run, STRICT))).toHaveLength(1);
  });

  it.each([
    [
      'an unpaced stream (its generation time is unknown)',
      ask('Count to ten.'),
      Array(EVENTS).fill(900),
      body,
    ],
    [
      'a generation paced under 200 ms',
      ask('Hi [[chat-contract:delay-ms=10]]'),
      Array(EVENTS).fill(900),
      body,
    ],
    [
      'a stream with too few content chunks',
      paced,
      [900, 1000, 1000, 1000, 1000],
      fixture('conforming-stream.sse'),
    ],
  ])('does not apply to %s', (_name, request, eventTimes, stream) => {
    const run = runFromRecordings(
      'basic-stream',
      'success',
      [{ body: stream, request, eventTimes }],
      HONOURED,
    );
    expect(streamIncremental.run(run, STRICT).applies).toBe(false);
  });

  it('does not judge pacing the target was never declared to honour (an instant upstream behind a proxy)', () => {
    // A model server that ignores directives answers at once: 35 chunks in 0 ms, paced by nobody.
    const instant = Array.from({ length: EVENTS }, () => 1700);
    const run = runFromRecordings('abort-recovers', 'success', [
      { body, request: paced, eventTimes: instant },
    ]);
    const outcome = streamIncremental.run(run, STRICT);
    expect(outcome.applies).toBe(false);
    expect(outcome.applies || outcome.reason).toMatch(/not declared to honour directives/);
    // The same bytes, declared: the burst is judged.
    const declared = runFromRecordings(
      'abort-recovers',
      'success',
      [{ body, request: paced, eventTimes: instant }],
      HONOURED,
    );
    expect(findingsOf(streamIncremental.run(declared, STRICT))).toHaveLength(1);
  });
});
