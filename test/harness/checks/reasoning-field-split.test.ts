import { reasoningField } from '../../../src/harness/checks/reasoning-field';
import { pairRun, streamOf } from './pair-fixture';
import { findingsOf, STRICT } from './service-fixture';

// The single-pass form keeps only the end of the content: a tag cut across chunks must still be found.
describe('reasoning-field on tags split across chunks', () => {
  it('fails a tag whose pieces arrive in three chunks', () => {
    const stream = streamOf([{ content: 'Hi </rea' }, { content: 'son' }, { content: 'ing> there' }]);
    const findings = findingsOf(reasoningField.run(pairRun(stream, []), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'content holds </reasoning>: reasoning text belongs in delta.reasoning_content or delta.reasoning, not in content',
    ]);
  });

  it('passes content that only looks like the start of a tag', () => {
    const stream = streamOf([{ content: 'a <thin' }, { content: 'g> b' }]);
    expect(reasoningField.run(pairRun(stream, []), STRICT)).toEqual({
      applies: false,
      reason: 'no stream carried reasoning',
    });
  });
});
