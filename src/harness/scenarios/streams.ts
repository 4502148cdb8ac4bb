import { directive } from '../../contract';
import { NO_FAULTS } from './faults';
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

/** Prefix of the marker that finds the aborted request in an upstream's log. */
export const ABORT_MARKER_PREFIX = 'abort-';

/**
 * A slow stream dropped after a few events, then a normal request: the server must keep serving.
 * The dropped request carries a unique marker so an observed upstream can tell whether it was cancelled.
 */
export const abortRecovers: Scenario = {
  id: 'abort-recovers',
  intent: 'success',
  run: async (ctx) => {
    const marker = `${ABORT_MARKER_PREFIX}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const slow = `Tell me a story (${marker}). ${directive('delay-ms', 50)}${directive('tokens', 40)}`;
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

/** Content tokens of the slow stream, and the pause before each: a 330 ms paced generation. */
export const SLOW_STREAM_TOKENS = 12;
export const SLOW_STREAM_DELAY_MS = 30;

/**
 * A paced stream (needs directives) so `stream-incremental` can tell delivery as generated from a
 * buffered burst.
 */
export const slowStream: Scenario = {
  id: 'slow-stream',
  intent: 'success',
  run: async (ctx) => {
    if (!ctx.faultDirectives) return { exchanges: [], skipped: NO_FAULTS };
    const text = `Tell me a story. ${directive('delay-ms', SLOW_STREAM_DELAY_MS)}${directive('tokens', SLOW_STREAM_TOKENS)}`;
    return { exchanges: [await ctx.chat('stream', { model: ctx.model, messages: ask(text), stream: true })] };
  },
};

/** `GET /models`: the list the default model came from. */
export const models: Scenario = {
  id: 'models',
  intent: 'success',
  run: async (ctx) => ({ exchanges: [await ctx.get('models', '/models')] }),
};
