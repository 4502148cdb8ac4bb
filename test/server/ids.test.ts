import { idGenerator } from '../../src/server/ids';

describe('id generator', () => {
  it('never repeats an id within a generator', () => {
    const next = idGenerator();
    const ids = new Set(Array.from({ length: 10_000 }, () => next()));
    expect(ids.size).toBe(10_000);
  });

  it('gives two generators different prefixes, so restarts do not reuse ids', () => {
    const a = idGenerator()();
    const b = idGenerator()();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[\w-]{12,}-1$/);
  });
});
