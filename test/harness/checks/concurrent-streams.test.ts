import { concurrentStreams } from '../../../src/harness/checks/concurrent-streams';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

const stream = (id: string) =>
  fixture('conforming-stream.sse').replaceAll('"chatcmpl-1"', JSON.stringify(id));

describe('concurrent-streams check', () => {
  it('passes streams that all complete with distinct ids', () => {
    const run = runFromRecordings(
      'concurrent-streams',
      'success',
      ['a', 'b', 'c'].map((id, i) => ({ body: stream(`chatcmpl-${id}`), label: `concurrent-${i + 1}` })),
    );
    expect(findingsOf(concurrentStreams.run(run, STRICT))).toEqual([]);
  });

  it('fails streams that share an id', () => {
    const run = runFromRecordings('concurrent-streams', 'success', [
      { body: stream('chatcmpl-a'), label: 'concurrent-1' },
      { body: stream('chatcmpl-shared'), label: 'concurrent-2' },
      { body: stream('chatcmpl-shared'), label: 'concurrent-3' },
    ]);
    const findings = findingsOf(concurrentStreams.run(run, STRICT));
    expect(findings).toHaveLength(1);
    expect(located(findings[0]!)).toBe('streams concurrent-2, concurrent-3 share the id "chatcmpl-shared"');
    expect(findings[0]!.evidence?.[0]).toMatch(/^concurrent-2: data: \{"id":"chatcmpl-shared"/);
  });

  it('fails when one of the streams does not complete', () => {
    const run = runFromRecordings('concurrent-streams', 'success', [
      { body: stream('chatcmpl-a'), label: 'concurrent-1' },
      { body: fixture('nanobot-bare-end.sse'), label: 'concurrent-2' },
    ]);
    const findings = findingsOf(concurrentStreams.run(run, STRICT));
    expect(findings.map((f) => located(f))).toEqual(['stream concurrent-2 ended truncated, not in success']);
  });

  it('does not apply to other scenarios', () => {
    const run = runFromRecordings('basic-stream', 'success', [{ body: stream('chatcmpl-a') }]);
    expect(concurrentStreams.run(run, STRICT).applies).toBe(false);
  });
});
