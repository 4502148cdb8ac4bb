import { stableId } from '../../../src/harness/checks/stable-id';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { fixtureRun, fixtureText, located } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

describe('stable-id check', () => {
  it('fails when the second chunk changes id, quoting that chunk', () => {
    const outcome = stableId.run(fixtureRun('id-changes'), ctx);
    if (!outcome.applies) throw new Error('expected the check to apply');
    expect(outcome.findings).toEqual([
      {
        message:
          'id changed from "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT" to "chatcmpl-7QyqpwdfhqwajicIEznoc6Q47XAyW"',
        event: 2,
        lines: [3],
        evidence: [expect.stringContaining('"id":"chatcmpl-7Qyq')],
        exchange: 'stream',
      },
    ]);
  });

  it('fails an empty id once for the whole stream, counting the chunks', () => {
    const outcome = stableId.run(fixtureRun('id-empty'), ctx);
    expect(outcome.applies && outcome.findings.map((f) => located(f))).toEqual([
      'event 1: 4 of 4 chunks have an empty or missing id',
    ]);
  });

  it('does not apply to fault scenarios (their failure rules are other checks)', () => {
    expect(stableId.run(fixtureRun('id-changes', { intent: 'fault' }), ctx).applies).toBe(false);
  });

  it('does not apply to an error status', () => {
    expect(stableId.run(fixtureRun('id-changes', { status: 500 }), ctx).applies).toBe(false);
  });

  it('labels findings with the exchange they are about', () => {
    const run = runFromRecordings('concurrent', 'success', [
      { body: fixtureText('good-basic'), label: 'concurrent-1' },
      { body: fixtureText('id-changes'), label: 'concurrent-2' },
    ]);
    const outcome = stableId.run(run, ctx);
    expect(outcome.applies && outcome.findings.map((f) => f.exchange)).toEqual(['concurrent-2']);
  });
});
