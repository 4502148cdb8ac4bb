import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS, SERVICE_CHECKS } from '../../../src/harness/registry';

describe('every check', () => {
  it.each(CHECKS.map((c) => [c.id, c] as const))(
    'keeps %s in a file named after its id, with a tested rule',
    (id, check) => {
      expect(existsSync(join(__dirname, '..', '..', '..', 'src', 'harness', 'checks', `${id}.ts`))).toBe(
        true,
      );
      expect(existsSync(join(__dirname, `${id}.test.ts`))).toBe(true);
      expect(check.rule).toMatch(/^[A-Z`].*\.$/);
      expect(check.rule.split(/\.\s/)).toHaveLength(1);
    },
  );

  it('lists each service check once', () => {
    const ids = SERVICE_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(19);
  });
});
