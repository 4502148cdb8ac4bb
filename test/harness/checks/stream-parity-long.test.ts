import { streamParity } from '../../../src/harness/checks/stream-parity';
import { completionOf, pairRun, streamOf } from './pair-fixture';
import { findingsOf, STRICT } from './service-fixture';

// The single-pass form keeps only the start of each joined text and a digest of the rest.
describe('stream-parity on texts longer than their excerpt', () => {
  const long = Array.from({ length: 60 }, (_, i) => `word${i} `);
  const text = long.join('');

  it('passes a long stream that joins into the non-stream message', () => {
    const stream = streamOf(
      long.map((content) => ({ content })),
      'stop',
    );
    const answer = completionOf({ content: text }, 'stop');
    expect(findingsOf(streamParity.run(pairRun(stream, [answer, answer]), STRICT))).toEqual([]);
  });

  it('fails a long stream whose end differs, with the excerpts of both', () => {
    const stream = streamOf(
      [...long, 'extra'].map((content) => ({ content })),
      'stop',
    );
    const answer = completionOf({ content: text }, 'stop');
    const findings = findingsOf(streamParity.run(pairRun(stream, [answer, answer]), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'the joined stream content differs from the non-stream message content',
    ]);
    expect(findings[0]!.evidence).toEqual([
      `stream: ${text.slice(0, 200)}…`,
      `non-stream: ${text.slice(0, 200)}…`,
    ]);
  });

  it('fails a stream whose only difference is past the excerpt, against a reference as long as the excerpt', () => {
    const stream = streamOf([{ content: text }], 'stop');
    const answer = completionOf({ content: text.slice(0, 201) }, 'stop');
    const findings = findingsOf(streamParity.run(pairRun(stream, [answer, answer]), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'the joined stream content differs from the non-stream message content',
    ]);
  });

  it('fails long tool arguments that differ only near their end', () => {
    const args = (n: number) => JSON.stringify({ text: text, n });
    const call = { index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: args(1) } };
    const stream = streamOf([{ tool_calls: [call] }], 'tool_calls');
    const other = completionOf(
      {
        content: null,
        tool_calls: [{ id: 'call_b', type: 'function', function: { name: 'f', arguments: args(2) } }],
      },
      'tool_calls',
    );
    const findings = findingsOf(streamParity.run(pairRun(stream, [other, other]), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'the joined stream tool calls (names and arguments) differ from the non-stream tool calls',
    ]);
  });
});
