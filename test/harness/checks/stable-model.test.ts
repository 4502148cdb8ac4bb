import { stableModel } from '../../../src/harness/checks/stable-model';
import { fixtureRun } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

describe('stable-model check', () => {
  it('fails when the model changes mid-stream, without relaxation', () => {
    expect(stableModel.run(fixtureRun('model-changes'), ctx)).toEqual({
      applies: true,
      findings: [
        {
          message: 'model changed from "gpt-4o-mini-2024-07-18" to "gpt-4o-mini"',
          event: 3,
          lines: [5],
          evidence: [expect.stringContaining('"model":"gpt-4o-mini"')],
          exchange: 'stream',
        },
      ],
    });
  });
});
