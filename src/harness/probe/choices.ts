import { ask } from './answer';
import type { Probe } from './types';

/** `n: 2`: two choices, indexed 0 and 1. */
export const choicesProbe: Probe = {
  parameter: 'n',
  async run(ctx) {
    const body = { model: ctx.model, messages: [{ role: 'user', content: 'Name a colour.' }], n: 2 };
    const got = await ask('n', () => ctx.chat('n', body));
    if ('result' in got) return got.result;
    const indexes = got.answer.choices.map((c) => c.index);
    const evidence = [`n: 2 asked, ${indexes.length} choice(s) with indexes ${JSON.stringify(indexes)}`];
    if (indexes.length === 2 && indexes.includes(0) && indexes.includes(1)) {
      return { parameter: 'n', verdict: 'honoured', evidence };
    }
    if (indexes.length === 1) return { parameter: 'n', verdict: 'ignored', evidence };
    return { parameter: 'n', verdict: 'inconclusive', evidence };
  },
};
