import { directive } from '../../contract';
import { ask, type Scenario } from './types';

/** How many streams the concurrency scenario opens at once. */
export const CONCURRENT_STREAMS = 4;

/** Several streams at once: each must stay whole and keep its own id. */
export const concurrentStreams: Scenario = {
  id: 'concurrent-streams',
  intent: 'success',
  run: async (ctx) => {
    const body = (i: number) => ({ model: ctx.model, messages: ask(`Count to five. (${i})`), stream: true });
    const labels = Array.from({ length: CONCURRENT_STREAMS }, (_, i) => i + 1);
    return { exchanges: await Promise.all(labels.map((i) => ctx.chat(`concurrent-${i}`, body(i)))) };
  },
};

/** Events read before the abort scenario hangs up. */
export const ABORT_AFTER_EVENTS = 3;

/** A slow stream dropped after a few events, then a normal request: the server must keep serving. */
export const abortRecovers: Scenario = {
  id: 'abort-recovers',
  intent: 'success',
  run: async (ctx) => {
    const slow = `Tell me a story. ${directive('delay-ms', 50)}${directive('tokens', 40)}`;
    const aborted = await ctx.chat(
      'aborted',
      { model: ctx.model, messages: ask(slow), stream: true },
      { abortAfterEvents: ABORT_AFTER_EVENTS },
    );
    const after = await ctx.chat('after-abort', {
      model: ctx.model,
      messages: ask('Say hello.'),
      stream: true,
    });
    return { exchanges: [aborted, after] };
  },
};

/** `GET /models`: the list the default model came from. */
export const models: Scenario = {
  id: 'models',
  intent: 'success',
  run: async (ctx) => ({ exchanges: [await ctx.get('models', '/models')] }),
};
