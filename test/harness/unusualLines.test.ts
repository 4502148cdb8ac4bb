import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS } from '../../src/harness/registry';
import type { ScenarioRun } from '../../src/harness/types';
import { SseReader } from '../../src/sse';
import { fixtureRun } from './checks/stream-fixtures';

const FIXTURES = readdirSync(join(__dirname, '../fixtures/streams'))
  .filter((f) => f.endsWith('.sse'))
  .map((f) => f.slice(0, -'.sse'.length));

/** The same run, its streams read keeping only the lines the events cannot rebuild. */
function withUnusualLines(run: ScenarioRun): ScenarioRun {
  return {
    ...run,
    exchanges: run.exchanges.map((e) => {
      if (!e.response?.sse) return e;
      const reader = new SseReader({ keepLines: 'unusual' });
      reader.push(e.response.body);
      return { ...e, response: { ...e.response, sse: reader.end() } };
    }),
  };
}

describe("offline checks on a transcript read with keepLines: 'unusual'", () => {
  it.each(FIXTURES)('quote the same evidence for %s as with every line kept', (name) => {
    const full = fixtureRun(name);
    const compact = withUnusualLines(full);
    expect(compact.exchanges[0]?.response?.sse?.lines.length).toBeLessThanOrEqual(
      full.exchanges[0]?.response?.sse?.lines.length ?? 0,
    );
    for (const check of CHECKS.filter((c) => c.offline)) {
      expect([check.id, check.run(compact, { profile: 'strict' })]).toEqual([
        check.id,
        check.run(full, { profile: 'strict' }),
      ]);
    }
  });
});
