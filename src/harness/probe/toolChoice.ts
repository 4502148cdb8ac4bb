import { ask } from './answer';
import type { Probe, ProbeResult } from './types';

const tool = (name: string, description: string) => ({
  type: 'function',
  function: {
    name,
    description,
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
});

const WEATHER = tool('get_weather', 'Current weather for a city.');
const TIME = tool('get_time', 'Current local time in a city.');

/** Judges the tool calls of an answer: a call (to `wanted`, when named) arrived → honoured. */
export function judgeCalls(parameter: string, names: unknown[], wanted?: string): ProbeResult {
  const evidence = [`tool calls: ${JSON.stringify(names)}${wanted ? `, ${wanted} asked for` : ''}`];
  const honoured = wanted ? names.includes(wanted) : names.length > 0;
  return { parameter, verdict: honoured ? 'honoured' : 'ignored', evidence };
}

function toolProbe(parameter: string, toolChoice: unknown, message: string, wanted?: string): Probe {
  return {
    parameter,
    async run(ctx) {
      const body = {
        model: ctx.model,
        messages: [{ role: 'user', content: message }],
        tools: [WEATHER, TIME],
        tool_choice: toolChoice,
      };
      const got = await ask(parameter, () => ctx.chat(parameter.replace(/\W+/g, '-'), body));
      if ('result' in got) return got.result;
      const calls = got.answer.choices[0]?.message?.tool_calls ?? [];
      return judgeCalls(parameter, Array.isArray(calls) ? calls.map((c) => c?.function?.name) : [], wanted);
    },
  };
}

/** `tools` with `tool_choice: "required"` (any call, on a message that needs none) and a named function. */
export const TOOL_CHOICE_PROBES: readonly Probe[] = [
  toolProbe('tool_choice required', 'required', 'Say hello.'),
  toolProbe(
    'tool_choice named',
    { type: 'function', function: { name: 'get_time' } },
    'What is the weather in Paris?',
    'get_time',
  ),
];
