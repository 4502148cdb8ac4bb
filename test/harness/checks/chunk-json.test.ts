import { chunkJson } from '../../../src/harness/checks/chunk-json';
import { fixtureRun, located } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

describe('chunk-json check', () => {
  it('fails a data payload that is not JSON, quoting the raw line', () => {
    const outcome = chunkJson.run(fixtureRun('invalid-json-data'), ctx);
    if (!outcome.applies) throw new Error('expected the check to apply');
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0] && located(outcome.findings[0])).toMatch(/^event 3: data is not JSON/);
    expect(outcome.findings[0]?.evidence?.[0]).toMatch(/^data: \{"id":"chatcmpl-.*" wor$/);
  });

  it.each(['done-lowercase', 'done-trailing-space'])(
    'leaves the mistyped terminator of %s to done-terminator',
    (name) => {
      expect(chunkJson.run(fixtureRun(name), ctx)).toEqual({ applies: true, findings: [] });
    },
  );

  it('applies to fault scenarios too', () => {
    const outcome = chunkJson.run(fixtureRun('invalid-json-data', { intent: 'fault' }), ctx);
    expect(outcome.applies && outcome.findings).toHaveLength(1);
  });
});
