import { reasoningField } from '../../../src/harness/checks/reasoning-field';
import { completionOf, pairRun, streamOf } from './pair-fixture';
import { findingsOf, STRICT } from './service-fixture';
import { fixtureRun } from './stream-fixtures';

describe('reasoning-field check', () => {
  it('fails <think> tags left in content', () => {
    const findings = findingsOf(reasoningField.run(fixtureRun('reasoning-think-tags'), STRICT));
    expect(findings).toEqual([
      {
        message:
          'content holds <think>: reasoning text belongs in delta.reasoning_content or delta.reasoning, not in content',
        evidence: [expect.stringContaining('<think>')],
        exchange: 'stream',
        event: 2,
        lines: [3],
      },
    ]);
  });

  it('passes reasoning streamed in reasoning_content', () => {
    expect(findingsOf(reasoningField.run(fixtureRun('good-reasoning'), STRICT))).toEqual([]);
  });

  it('fails a stream that uses both fields', () => {
    const stream = streamOf([{ reasoning_content: 'a' }, { reasoning: 'b' }, { content: 'Hi' }]);
    const findings = findingsOf(reasoningField.run(pairRun(stream, []), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'reasoning arrives in both reasoning_content and reasoning: a client reads one',
    ]);
  });

  it('fails a stream and a non-stream answer that name the field differently (vLLM)', () => {
    const stream = streamOf([{ reasoning: 'thinking' }, { content: 'Hi' }]);
    const answer = completionOf({ content: 'Hi', reasoning_content: 'thinking' });
    const findings = findingsOf(reasoningField.run(pairRun(stream, [answer]), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'the stream carries reasoning in reasoning, the non-stream answer (non-stream-1) in reasoning_content: the same field must be used streamed and not',
    ]);
  });

  it('does not apply to a stream without reasoning', () => {
    expect(reasoningField.run(fixtureRun('good-basic'), STRICT)).toEqual({
      applies: false,
      reason: 'no stream carried reasoning',
    });
  });
});
