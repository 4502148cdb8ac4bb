import { compressionFlush } from '../../../src/harness/checks/compression-flush';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import type { ScenarioRun } from '../../../src/harness/types';
import { chatRequest, findingsOf, fixture, STRICT } from './service-fixture';

/** ten-content-chunks.sse holds 13 events: role, ten content chunks, the finish and [DONE]. */
const body = fixture('ten-content-chunks.sse');
const EVENTS = 13;
const paced = chatRequest({
  stream: true,
  messages: [
    { role: 'user', content: 'Count to ten. [[chat-contract:delay-ms=50]][[chat-contract:tokens=10]]' },
  ],
});

function compressedRun(eventTimes: number[], acceptEncoding = 'gzip, br'): ScenarioRun {
  const run = runFromRecordings(
    'compressed-stream',
    'success',
    [{ body, request: paced, eventTimes, label: 'stream', headers: { 'content-encoding': 'gzip' } }],
    { facts: { directivesHonoured: true } },
  );
  if (acceptEncoding) run.exchanges[0]!.request.headers['accept-encoding'] = acceptEncoding;
  return run;
}

describe('compression-flush check', () => {
  it('passes a compressed stream whose chunks arrive spread over the generation', () => {
    const run = compressedRun(Array.from({ length: EVENTS }, (_, i) => i * 50));
    expect(findingsOf(compressionFlush.run(run, STRICT))).toEqual([]);
  });

  it('fails a compressed stream that arrives in one burst when the compressor flushes', () => {
    const run = compressedRun(Array.from({ length: EVENTS }, () => 700));
    const findings = findingsOf(compressionFlush.run(run, STRICT));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(
      /^10 of 10 content chunks arrived within 0 ms .* \(content-encoding: gzip\)$/,
    );
  });

  it('does not apply when the request offered no compression', () => {
    const run = compressedRun(
      Array.from({ length: EVENTS }, () => 700),
      '',
    );
    expect(compressionFlush.run(run, STRICT).applies).toBe(false);
  });

  it('does not apply when the target was not declared to honour the pacing directive', () => {
    const run = compressedRun(Array.from({ length: EVENTS }, () => 700));
    delete run.facts;
    expect(compressionFlush.run(run, STRICT)).toEqual({
      applies: false,
      reason: expect.stringContaining('not declared to honour directives'),
    });
  });

  it('does not apply to an unpaced stream (its generation time is unknown)', () => {
    const run = runFromRecordings(
      'compressed-stream',
      'success',
      [{ body, request: chatRequest({ stream: true }), eventTimes: Array(EVENTS).fill(700) }],
      { facts: { directivesHonoured: true } },
    );
    run.exchanges[0]!.request.headers['accept-encoding'] = 'gzip, br';
    expect(compressionFlush.run(run, STRICT)).toEqual({
      applies: false,
      reason: expect.stringMatching(/^no stream offered gzip or br and was paced/),
    });
  });
});
