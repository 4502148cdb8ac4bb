import { ask, type Scenario } from './types';

/** A scenario that sends one chat request expected to succeed. */
function single(id: string, body: (model: string) => Record<string, unknown>, label = 'request'): Scenario {
  return {
    id,
    intent: 'success',
    run: async (ctx) => ({ exchanges: [await ctx.chat(label, body(ctx.model))] }),
  };
}

const HELLO = 'Say hello in one short sentence.';

/** The weather tool offered in the `tools` scenario. */
export const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
    },
  },
};

/**
 * Single-request scenarios that must succeed: streamed, non-streamed and the request variants
 * official clients send.
 */
export const REQUEST_SCENARIOS: readonly Scenario[] = [
  single('basic-stream', (model) => ({ model, messages: ask(HELLO), stream: true }), 'stream'),
  single('non-stream', (model) => ({ model, messages: ask(HELLO), stream: false })),
  single('stream-omitted', (model) => ({ model, messages: ask(HELLO) })),
  single(
    'include-usage',
    (model) => ({ model, messages: ask(HELLO), stream: true, stream_options: { include_usage: true } }),
    'stream',
  ),
  single('n-2', (model) => ({ model, messages: ask(HELLO), stream: true, n: 2 }), 'stream'),
  single(
    'max-tokens-length',
    (model) => ({
      model,
      messages: ask('Write a long story of at least five hundred words about a lighthouse keeper.'),
      stream: true,
      max_tokens: 5,
      // The usage chunk lets finish-reason-valid tell a reply cut by the cap from one that ended.
      stream_options: { include_usage: true },
    }),
    'stream',
  ),
  single(
    'tools',
    (model) => ({
      model,
      messages: ask('What is the weather in Paris? [[chat-contract:tool=get_weather]]'),
      tools: [WEATHER_TOOL],
      stream: true,
    }),
    'stream',
  ),
  single(
    'session-id',
    (model) => ({ model, messages: ask(HELLO), stream: true, session_id: 'chat-contract-session-1' }),
    'stream',
  ),
  single(
    'system-message',
    (model) => ({
      model,
      messages: [{ role: 'system', content: 'You are terse.' }, ...ask(HELLO)],
      stream: true,
    }),
    'stream',
  ),
  single(
    'multi-turn',
    (model) => ({
      model,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Name a colour.' },
        { role: 'assistant', content: 'Blue.' },
        { role: 'user', content: 'Name another one.' },
      ],
      stream: true,
    }),
    'stream',
  ),
];
