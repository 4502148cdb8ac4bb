import { streamIncremental } from '../../../src/harness/checks/stream-incremental';
import { runFromRecordings } from '../../../src/harness/recorded';
import { findingsOf, fixture, STRICT } from './service-fixture';

/** ten-content-chunks.sse holds 13 events: role, ten content chunks, the finish and [DONE]. */
const body = fixture('ten-content-chunks.sse');
const EVENTS = 13;

describe('stream-incremental check', () => {
  it('passes a stream whose chunks arrive spread over its duration', () => {
    const eventTimes = Array.from({ length: EVENTS }, (_, i) => 50 + i * 100);
    const run = runFromRecordings('basic-stream', 'success', [{ body, eventTimes }]);
    expect(findingsOf(streamIncremental.run(run, STRICT))).toEqual([]);
  });

  it('fails a stream whose events all arrive at the same late time (buffered)', () => {
    const eventTimes = Array.from({ length: EVENTS }, () => 1200);
    const run = runFromRecordings('basic-stream', 'success', [{ body, eventTimes }]);
    const findings = findingsOf(streamIncremental.run(run, STRICT));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/10 of 10 content chunks arrived between 1200 ms and 1200 ms/);
    expect(findings[0]!.evidence?.[0]).toContain('"content":"w1 "');
  });

  it('fails a stream flushed in one burst at the end after an early role chunk', () => {
    const eventTimes = [20, ...Array.from({ length: EVENTS - 1 }, (_, i) => 1500 + i)];
    const run = runFromRecordings('basic-stream', 'success', [{ body, eventTimes }]);
    expect(findingsOf(streamIncremental.run(run, STRICT))).toHaveLength(1);
  });

  it.each([
    [
      'a response too short to judge',
      Array.from({ length: EVENTS }, () => 150),
      fixture('ten-content-chunks.sse'),
    ],
    ['a stream with too few content chunks', [900, 1000, 1000, 1000, 1000], fixture('conforming-stream.sse')],
  ])('does not apply to %s', (_name, eventTimes, stream) => {
    const run = runFromRecordings('basic-stream', 'success', [{ body: stream, eventTimes }]);
    expect(streamIncremental.run(run, STRICT).applies).toBe(false);
  });
});
