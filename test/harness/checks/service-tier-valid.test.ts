import { serviceTierValid } from '../../../src/harness/checks/service-tier-valid';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { chatRequest, findingsOf, STRICT } from './service-fixture';
import { fixtureRun } from './stream-fixtures';

describe('service-tier-valid check', () => {
  it('fails a stream stamped "on_demand" (once, not per chunk)', () => {
    const findings = findingsOf(serviceTierValid.run(fixtureRun('service-tier-on-demand'), STRICT));
    expect(findings).toEqual([
      {
        message: 'service_tier is "on_demand", not one of auto, default, flex, scale, priority, fast',
        evidence: [expect.stringContaining('"service_tier":"on_demand"')],
        exchange: 'stream',
        event: 1,
        lines: [1],
      },
    ]);
  });

  it('fails a non-stream completion with tier "standard" (Bedrock)', () => {
    const body = JSON.stringify({
      id: 'x',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [],
      service_tier: 'standard',
    });
    const run = runFromRecordings('non-stream', 'success', [
      { body, request: chatRequest({ stream: false }) },
    ]);
    expect(findingsOf(serviceTierValid.run(run, STRICT)).map((f) => f.message)).toEqual([
      'service_tier is "standard", not one of auto, default, flex, scale, priority, fast',
    ]);
  });

  it('passes a documented tier', () => {
    expect(findingsOf(serviceTierValid.run(fixtureRun('good-reasoning'), STRICT))).toEqual([]);
  });

  it('does not apply when no response names a tier', () => {
    expect(serviceTierValid.run(fixtureRun('good-basic'), STRICT).applies).toBe(false);
  });
});
