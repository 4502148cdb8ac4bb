import { doneTerminator } from '../../../src/harness/checks/done-terminator';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { fixtureRun, fixtureText, located } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

function messages(name: string) {
  const outcome = doneTerminator.run(fixtureRun(name), ctx);
  if (!outcome.applies) throw new Error('expected the check to apply');
  return outcome.findings.map((f) => located(f));
}

describe('done-terminator check', () => {
  it.each([
    ['done-missing', ['event 4: the stream has no data: [DONE]']],
    ['done-twice', ['event 6: a second [DONE]']],
    ['done-lowercase', ['event 5: "[done]" is not exactly [DONE]']],
    ['done-trailing-space', ['event 5: "[DONE] " is not exactly [DONE]']],
    [
      'done-without-blank-line',
      ['event 5: data: [DONE] is not terminated by a blank line: clients may never dispatch it'],
    ],
    ['finish-after-done', ['event 5: 1 event(s) after [DONE]']],
  ])('fails %s', (name, want) => {
    expect(messages(name)).toEqual(want);
  });

  it('quotes the mistyped terminator as received', () => {
    const outcome = doneTerminator.run(fixtureRun('done-lowercase'), ctx);
    expect(outcome.applies && outcome.findings[0]?.evidence).toEqual(['data: [done]']);
  });

  it('accepts data:[DONE] without the optional space (the same event to an SSE parser)', () => {
    const body = fixtureText('good-basic').replace('data: [DONE]', 'data:[DONE]');
    expect(doneTerminator.run(runFromRecordings('no-space', 'success', [{ body }]), ctx)).toEqual({
      applies: true,
      findings: [],
    });
  });

  it('fails a comment after [DONE]', () => {
    const body = `${fixtureText('good-basic')}: bye\n\n`;
    const outcome = doneTerminator.run(runFromRecordings('comment', 'success', [{ body }]), ctx);
    expect(outcome.applies && outcome.findings.map((f) => f.evidence)).toEqual([[': bye']]);
  });
});
