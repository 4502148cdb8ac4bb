import { choiceIndexes } from '../../../src/harness/checks/choice-indexes';
import { fixtureRun, located, REQUESTS } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

function messages(name: string, request?: Record<string, unknown>) {
  const outcome = choiceIndexes.run(fixtureRun(name, request ? { request } : {}), ctx);
  if (!outcome.applies) throw new Error('expected the check to apply');
  return outcome.findings.map((f) => located(f));
}

describe('choice-indexes check', () => {
  it('fails when index 1 never appears with n=2', () => {
    expect(messages('choice-index-1-missing')).toEqual(['choice index 1 never appeared (n=2)']);
  });

  it('fails index 2 with n=2 once, however often it repeats', () => {
    expect(messages('choice-index-2-extra')).toEqual(['event 3: choice index 2 is outside 0..1 (n=2)']);
  });

  it('defaults n to 1 when the request does not say', () => {
    expect(messages('good-n2', REQUESTS.plain)).toEqual(['event 2: choice index 1 is outside 0..0 (n=1)']);
  });

  it('lists at most five missing indexes and counts the rest', () => {
    expect(messages('good-basic', { ...REQUESTS.plain, n: 100 })).toEqual([
      'choice index 1, 2, 3, 4, 5 and 94 more never appeared (n=100)',
    ]);
  });
});
