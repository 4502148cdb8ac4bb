import { streamParity } from '../../../src/harness/checks/stream-parity';
import { completionOf, pairRun, streamOf } from './pair-fixture';
import { findingsOf, STRICT } from './service-fixture';

const usage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 };
const answer = completionOf({ content: 'Hello there' }, 'stop', usage);

describe('stream-parity check', () => {
  it('passes a stream that joins into the non-stream message', () => {
    const stream = streamOf([{ content: 'Hello' }, { content: ' there' }], 'stop', usage);
    expect(findingsOf(streamParity.run(pairRun(stream, [answer, answer]), STRICT))).toEqual([]);
  });

  it('fails a stream whose content, finish reason and usage differ from the non-stream answer', () => {
    const stream = streamOf([{ content: 'Hello' }], 'length', {
      ...usage,
      completion_tokens: 1,
      total_tokens: 6,
    });
    const findings = findingsOf(streamParity.run(pairRun(stream, [answer, answer]), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'the joined stream content differs from the non-stream message content',
      'the stream finished with "length", the non-stream answer with "stop"',
      'usage totals differ (completion_tokens, total_tokens) between the stream and the non-stream answer',
    ]);
    expect(findings[0]!.evidence).toEqual(['stream: Hello', 'non-stream: Hello there']);
  });

  it('fails tool calls whose arguments differ, whatever their ids', () => {
    const call = { index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } };
    const stream = streamOf([{ tool_calls: [call] }], 'tool_calls');
    const other = completionOf(
      {
        content: null,
        tool_calls: [{ id: 'call_b', type: 'function', function: { name: 'f', arguments: '{"x":2}' } }],
      },
      'tool_calls',
    );
    const findings = findingsOf(streamParity.run(pairRun(stream, [other, other]), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'the joined stream tool calls (names and arguments) differ from the non-stream tool calls',
    ]);
  });

  it('is inconclusive, not failed, when two non-stream answers already differ', () => {
    const stream = streamOf([{ content: 'Something else' }]);
    const outcome = streamParity.run(pairRun(stream, [answer, completionOf({ content: 'Hi' })]), STRICT);
    expect(outcome).toEqual({ applies: false, reason: expect.stringMatching(/^inconclusive/) });
  });

  it('does not compare usage the stream did not report', () => {
    const stream = streamOf([{ content: 'Hello' }, { content: ' there' }]);
    expect(findingsOf(streamParity.run(pairRun(stream, [answer, answer]), STRICT))).toEqual([]);
  });
});
