import { roleFirst } from '../../../src/harness/checks/role-first';
import { fixtureRun, located } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

function findings(name: string) {
  const outcome = roleFirst.run(fixtureRun(name), ctx);
  if (!outcome.applies) throw new Error('expected the check to apply');
  return outcome.findings.map((f) => ({ message: located(f), relaxed: f.relaxed }));
}

describe('role-first check', () => {
  it.each([
    [
      'role-missing',
      [{ message: 'event 1: choice 0: the first delta has no role', relaxed: 'missing-role-chunk' }],
    ],
    [
      'role-empty',
      [{ message: 'event 1: choice 0: role is "" (clients expect "assistant")', relaxed: undefined }],
    ],
    [
      'role-repeated',
      [
        { message: 'event 2: choice 0: role repeated after the first delta', relaxed: 'repeated-role' },
        { message: 'event 3: choice 0: role repeated after the first delta', relaxed: 'repeated-role' },
      ],
    ],
  ])('reports %s', (name, want) => {
    expect(findings(name)).toEqual(want);
  });

  it.each(['good-n2', 'good-refusal-null', 'good-tool-calls'])('accepts the role chunk of %s', (name) => {
    expect(findings(name)).toEqual([]);
  });
});
