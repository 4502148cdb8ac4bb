import { completionId, idGenerator } from '../../src/server/ids';

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

describe('completion ids', () => {
  it('are chatcmpl- and 24 base64url characters, never repeated across many pool refills', () => {
    const ids = Array.from({ length: 5_000 }, () => completionId());
    for (const id of ids) expect(id).toMatch(/^chatcmpl-[\w-]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // No shared prefix: the first characters vary from id to id.
    expect(new Set(ids.map((id) => id.slice(9, 13))).size).toBeGreaterThan(ids.length / 2);
  });
});
