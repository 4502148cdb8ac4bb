import { directive } from '../../contract';
import type { Exchange } from '../types';
import { NO_FAULTS } from './faults';
import { WEATHER_TOOL } from './requests';
import { SLOW_STREAM_DELAY_MS, SLOW_STREAM_TOKENS } from './streams';
import { ask, type Scenario, type ScenarioContext } from './types';

/** The seed every deterministic request carries. */
export const PARITY_SEED = 42;

/** The second tool of the parallel-tool-call scenario. */
export const TIME_TOOL = {
  type: 'function',
  function: {
    name: 'get_time',
    description: 'Current local time in a city.',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

/**
 * Sends one deterministic request (temperature 0, a seed) streamed with usage, then twice not
 * streamed: the two non-stream answers show whether the target is deterministic at all, the stream
 * is compared with them (stream-parity, utf8-intact, reasoning-field).
 */
async function deterministicPair(ctx: ScenarioContext, text: string): Promise<Exchange[]> {
  const body = { model: ctx.model, messages: ask(text), temperature: 0, seed: PARITY_SEED };
  const stream = await ctx.chat('stream', { ...body, stream: true, stream_options: { include_usage: true } });
  const first = await ctx.chat('non-stream-1', { ...body, stream: false });
  const second = await ctx.chat('non-stream-2', { ...body, stream: false });
  return [stream, first, second];
}

function pair(id: string, text: string): Scenario {
  return { id, intent: 'success', run: async (ctx) => ({ exchanges: await deterministicPair(ctx, text) }) };
}

/** A request whose reply holds multibyte characters: accents, CJK, and emoji with a modifier. */
export const MULTIBYTE_TEXT = 'Repeat exactly: café, naïve, Zürich, 日本語のテキスト, 👋🏽 🎉 ✓.';

/**
 * Scenarios for the parity, reasoning, parallel-tool, service-tier and compression checks. Each
 * sends what a target without directives also understands; directives only add reasoning or calls.
 */
export const PARITY_SCENARIOS: readonly Scenario[] = [
  pair('deterministic-pair', 'Name three primary colours, comma-separated.'),
  pair('multibyte', MULTIBYTE_TEXT),
  pair('reasoning', `Is 17 a prime number? Answer yes or no. ${directive('reasoning', 6)}`),
  {
    id: 'parallel-tools',
    intent: 'success',
    run: async (ctx) => {
      const body = {
        model: ctx.model,
        messages: ask(
          `What are the weather and the local time in Paris? ${directive('tool', 'get_weather,get_time')}`,
        ),
        tools: [WEATHER_TOOL, TIME_TOOL],
        parallel_tool_calls: true,
        stream: true,
      };
      return { exchanges: [await ctx.chat('stream', body)] };
    },
  },
  {
    id: 'service-tier',
    intent: 'success',
    run: async (ctx) => {
      const body = { model: ctx.model, messages: ask('Say hello.'), service_tier: 'auto' };
      const stream = await ctx.chat('stream', { ...body, stream: true });
      const json = await ctx.chat('non-stream', { ...body, stream: false });
      return { exchanges: [stream, json] };
    },
  },
  {
    id: 'compressed-stream',
    intent: 'success',
    run: async (ctx) => {
      if (!ctx.faultDirectives) return { exchanges: [], skipped: NO_FAULTS };
      const text = `Tell me a story. ${directive('delay-ms', SLOW_STREAM_DELAY_MS)}${directive('tokens', SLOW_STREAM_TOKENS)}`;
      const headers = { ...ctx.headers, 'accept-encoding': 'gzip, br' };
      const body = { model: ctx.model, messages: ask(text), stream: true };
      return { exchanges: [await ctx.chat('stream', body, { headers })] };
    },
  },
];
