import { idPrefix } from '../../../src/harness/checks/id-prefix';
import { fixtureRun } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

describe('id-prefix check', () => {
  it('fails an id without chatcmpl-, relaxed in compatible', () => {
    expect(idPrefix.run(fixtureRun('id-without-prefix'), ctx)).toEqual({
      applies: true,
      findings: [
        {
          message: 'id "cmpl-8f3a2b" does not start with chatcmpl-',
          event: 1,
          lines: [1],
          evidence: [expect.stringContaining('"id":"cmpl-8f3a2b"')],
          exchange: 'stream',
          relaxed: 'foreign-id-prefix',
        },
      ],
    });
  });

  it('leaves empty ids to stable-id', () => {
    expect(idPrefix.run(fixtureRun('id-empty'), ctx)).toEqual({ applies: true, findings: [] });
  });
});
