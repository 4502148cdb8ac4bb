import { ask, clip, contentOf } from './answer';
import type { Probe } from './types';

/** `seed` with `temperature: 0`: two runs give the same content. */
export const seedProbe: Probe = {
  parameter: 'seed',
  async run(ctx) {
    const body = {
      model: ctx.model,
      messages: [{ role: 'user', content: 'Invent a name for a cat.' }],
      temperature: 0,
      seed: 1234,
    };
    const a = await ask('seed', () => ctx.chat('seed-1', body));
    if ('result' in a) return a.result;
    const b = await ask('seed', () => ctx.chat('seed-2', body));
    if ('result' in b) return b.result;
    const [first, second] = [contentOf(a.answer), contentOf(b.answer)];
    const evidence = [`run 1: ${clip(first)}`, `run 2: ${clip(second)}`];
    if (first === '')
      return { parameter: 'seed', verdict: 'inconclusive', evidence: ['empty content', ...evidence] };
    return { parameter: 'seed', verdict: first === second ? 'honoured' : 'ignored', evidence };
  },
};
