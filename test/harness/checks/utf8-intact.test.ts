import { utf8Intact } from '../../../src/harness/checks/utf8-intact';
import { completionOf, pairRun, seeded, streamOf } from './pair-fixture';
import { findingsOf, STRICT } from './service-fixture';

const answer = completionOf({ content: 'café 👋' });

describe('utf8-intact check', () => {
  it('fails a stream whose multibyte characters arrive as U+FFFD (split bytes decoded apart)', () => {
    const broken = streamOf([{ content: 'caf\uFFFD\uFFFD' }, { content: ' \uFFFD\uFFFD\uFFFD\uFFFD' }]);
    const findings = findingsOf(utf8Intact.run(pairRun(broken, [answer, answer]), STRICT));
    expect(findings).toEqual([
      {
        message:
          'the streamed content holds 6 U+FFFD replacement character(s), the non-stream answer to the same request 0: multibyte characters were broken in the stream',
        evidence: [expect.stringContaining('caf\uFFFD')],
        exchange: 'stream',
        event: 2,
        lines: [3],
      },
    ]);
  });

  it('fails broken characters in tool arguments', () => {
    const call = (args: string) => [
      { index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: args } },
    ];
    const broken = streamOf([{ tool_calls: call('{"city":"Z\uFFFDrich"}') }], 'tool_calls');
    const whole = completionOf(
      {
        content: null,
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"city":"Zürich"}' } }],
      },
      'tool_calls',
    );
    const findings = findingsOf(utf8Intact.run(pairRun(broken, [whole, whole]), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^the streamed tool arguments holds 1 U\+FFFD/),
    ]);
  });

  it('passes a stream whose characters survive, split anywhere between chunks', () => {
    const whole = streamOf([{ content: 'ca' }, { content: 'fé ' }, { content: '👋' }]);
    expect(findingsOf(utf8Intact.run(pairRun(whole, [answer, answer]), STRICT))).toEqual([]);
  });

  it('passes a U+FFFD the non-stream answer has too (the model wrote it)', () => {
    const both = completionOf({ content: 'a\uFFFD' });
    expect(
      findingsOf(utf8Intact.run(pairRun(streamOf([{ content: 'a\uFFFD' }]), [both, both]), STRICT)),
    ).toEqual([]);
  });

  it('is inconclusive when the two non-stream answers differ', () => {
    const outcome = utf8Intact.run(
      pairRun(streamOf([{ content: '\uFFFD' }]), [answer, completionOf({ content: 'other' })]),
      STRICT,
    );
    expect(outcome).toEqual({
      applies: false,
      reason: expect.stringMatching(/^inconclusive: two non-stream answers/),
    });
  });

  it('does not apply without a declared deterministic request', () => {
    const unseeded = (stream: boolean) => ({ ...seeded(stream), seed: undefined, temperature: 1 });
    const outcome = utf8Intact.run(
      pairRun(streamOf([{ content: '\uFFFD' }]), [answer, answer], unseeded),
      STRICT,
    );
    expect(outcome.applies).toBe(false);
  });

  it('does not apply with only one non-stream answer (determinism not established)', () => {
    const outcome = utf8Intact.run(pairRun(streamOf([{ content: '\uFFFD' }]), [answer]), STRICT);
    expect(outcome).toEqual({
      applies: false,
      reason: expect.stringMatching(/^determinism not established/),
    });
  });
});
