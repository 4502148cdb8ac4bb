import { invalidCases } from '../fuzz';
import type { Exchange } from '../types';
import type { Scenario } from './types';

/**
 * `check --fuzz N`: N invalid requests derived from the contract (missing and mistyped fields,
 * out-of-range values, broken JSON and UTF-8, wrong media types, oversize and deeply nested
 * bodies), each of which must get a 4xx in the error envelope. The same seed sends the same bytes,
 * so a failing case can be replayed.
 */
export const fuzz: Scenario = {
  id: 'fuzz',
  intent: 'invalid',
  run: async (ctx) => {
    if (!ctx.fuzz) return { exchanges: [], skipped: 'not asked for: pass --fuzz N' };
    const { count, seed } = ctx.fuzz;
    const exchanges: Exchange[] = [];
    for (const c of invalidCases(seed, count, { model: ctx.model })) {
      const label = `seed ${seed} #${c.index} ${c.name}`;
      exchanges.push(await ctx.chat(label, c.bytes, { contentType: c.contentType ?? null }));
    }
    return { exchanges };
  },
};
