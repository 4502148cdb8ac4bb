import { stableCreated } from '../../../src/harness/checks/stable-created';
import { fixtureRun } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

describe('stable-created check', () => {
  it('fails when created changes mid-stream, relaxed as changing-created', () => {
    expect(stableCreated.run(fixtureRun('created-changes'), ctx)).toEqual({
      applies: true,
      findings: [
        {
          message: 'created changed from 1732500000 to 1732500001',
          event: 3,
          lines: [5],
          evidence: [expect.stringContaining('"created":1732500001')],
          exchange: 'stream',
          relaxed: 'changing-created',
        },
      ],
    });
  });
});
