import { finishOnce } from '../../../src/harness/checks/finish-once';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { fixtureRun, located } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

function messages(name: string) {
  const outcome = finishOnce.run(fixtureRun(name), ctx);
  if (!outcome.applies) throw new Error('expected the check to apply');
  return outcome.findings.map((f) => located(f));
}

describe('finish-once check', () => {
  it.each([
    ['finish-twice', ['event 5: choice 0: a second finish_reason "stop" after the finish at event 4']],
    ['content-after-finish', ['event 5: choice 0: a delta after the finish at event 4']],
    ['no-finish', ['choice 0 never got a finish_reason']],
  ])('fails %s', (name, want) => {
    expect(messages(name)).toEqual(want);
  });

  it('fails a stream with no chunk at all', () => {
    const outcome = finishOnce.run(
      runFromRecordings('empty', 'success', [{ body: 'data: [DONE]\n\n' }]),
      ctx,
    );
    expect(outcome.applies && outcome.findings.map((f) => located(f))).toEqual([
      'the stream has no choice and no finish_reason at all',
    ]);
  });

  it('judges each choice on its own with n=2', () => {
    expect(messages('good-n2')).toEqual([]);
  });

  it('keeps reading after the first defect, showing five and counting the rest', () => {
    const head =
      '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,';
    const body = [
      `data: ${head}"delta":{"role":"assistant"},"finish_reason":"stop"}]}\n\n`,
      ...Array.from({ length: 9 }, () => `data: ${head}"delta":{"content":"x"},"finish_reason":null}]}\n\n`),
      'data: [DONE]\n\n',
    ].join('');
    const outcome = finishOnce.run(runFromRecordings('late', 'success', [{ body }]), ctx);
    if (!outcome.applies) throw new Error('expected the check to apply');
    expect(outcome.findings).toHaveLength(6);
    expect(outcome.findings[5] && located(outcome.findings[5])).toBe(
      '4 more finding(s) like these not shown',
    );
  });
});
