import { usageChunk } from '../../../src/harness/checks/usage-chunk';
import { fixtureRun, located, REQUESTS } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

function messages(name: string, request?: Record<string, unknown>) {
  const outcome = usageChunk.run(fixtureRun(name, request ? { request } : {}), ctx);
  if (!outcome.applies) throw new Error('expected the check to apply');
  return outcome.findings.map((f) => located(f));
}

describe('usage-chunk check', () => {
  it.each([
    ['usage-chunk-missing', ['include_usage was asked but no chunk with choices [] and usage came']],
    ['usage-before-finish', ['event 4: the usage chunk comes before the finish at event 5']],
    [
      'empty-choices-unasked',
      ['event 5: choices [] although include_usage was not asked: clients index choices[0]'],
    ],
    [
      'usage-on-non-final-chunk',
      ['event 2: usage on a chunk that is not the usage chunk (must be absent or null)'],
    ],
  ])('fails %s', (name, want) => {
    expect(messages(name)).toEqual(want);
  });

  it('accepts usage absent (2024 captures) and null (2026 captures) on ordinary chunks', () => {
    expect(messages('good-openai-2024')).toEqual([]);
    expect(messages('good-openai-2026')).toEqual([]);
  });

  it('fails the usage chunk of a stream that did not ask for it', () => {
    expect(messages('good-include-usage', REQUESTS.plain)).toEqual([
      'event 5: choices [] although include_usage was not asked: clients index choices[0]',
    ]);
  });
});
