import type { CreateChatCompletionRequest } from '../../src/contract';
import { createScriptedBackend } from '../../src/server/backends/scripted';
import { instanceOf } from '../../src/server/backends/scripted/formats';
import { type BackendEvent, eventsOf } from '../../src/server/backends/types';
import { MODEL } from './support/exchange';

const TOOLS = ['get_weather', 'get_time'].map((name) => ({
  type: 'function' as const,
  function: { name },
}));

async function run(
  body: Partial<CreateChatCompletionRequest> & { content?: string },
  sessionKey = 'api:req-1',
) {
  const backend = createScriptedBackend();
  const { content = 'hello there', ...rest } = body;
  const request = {
    body: { model: MODEL, messages: [{ role: 'user' as const, content }], ...rest },
    sessionKey,
    signal: new AbortController().signal,
    requestId: 'r',
  };
  const events: BackendEvent[] = [];
  for await (const step of backend.complete(request)) events.push(...eventsOf(step));
  const text = events.map((e) => (e.type === 'content' ? e.text : '')).join('');
  return { events, text };
}

function calls(events: BackendEvent[]): Array<{ index: number; id?: string; name?: string; args: string }> {
  const out: Array<{ index: number; id?: string; name?: string; args: string }> = [];
  for (const e of events) {
    if (e.type !== 'tool-call') continue;
    const call = out[e.index] ?? { index: e.index, args: '' };
    out[e.index] = call;
    if (e.id) call.id = e.id;
    if (e.name) call.name = e.name;
    call.args += e.arguments;
  }
  return out;
}

describe('scripted backend features', () => {
  it('makes parallel tool calls on their own indexes and ids with tool=a,b', async () => {
    const r = await run({
      content: 'Weather and time [[chat-contract:tool=get_weather,get_time]]',
      tools: TOOLS,
    });
    const made = calls(r.events);
    expect(made.map((c) => [c.index, c.name])).toEqual([
      [0, 'get_weather'],
      [1, 'get_time'],
    ]);
    expect(made[0]!.id).not.toBe(made[1]!.id);
    for (const c of made) expect(JSON.parse(c.args)).toMatchObject({ request: 'Weather and time' });
    expect(r.events.find((e) => e.type === 'finish')).toMatchObject({ reason: 'tool_calls' });
  });

  it('keeps only the first call when parallel_tool_calls is false', async () => {
    const r = await run({
      content: '[[chat-contract:tool=get_weather,get_time]]',
      tools: TOOLS,
      parallel_tool_calls: false,
    });
    expect(calls(r.events).map((c) => c.name)).toEqual(['get_weather']);
  });

  it.each([
    ['required', 'required' as const, 'get_weather'],
    ['a named function', { type: 'function' as const, function: { name: 'get_time' } }, 'get_time'],
  ])('calls a tool when tool_choice is %s', async (_name, toolChoice, want) => {
    const r = await run({ content: 'hi', tools: TOOLS, tool_choice: toolChoice });
    expect(calls(r.events).map((c) => c.name)).toEqual([want]);
  });

  it('streams reasoning before the answer with reasoning=N, counted in usage', async () => {
    const r = await run({ content: 'hi [[chat-contract:reasoning=3]]' });
    const kinds = r.events.map((e) => e.type);
    expect(kinds.slice(0, 3)).toEqual(['reasoning', 'reasoning', 'reasoning']);
    expect(kinds[3]).toBe('content');
    const usage = r.events.find((e) => e.type === 'usage');
    const content = kinds.filter((k) => k === 'content').length;
    expect(usage).toMatchObject({ usage: { completion_tokens: content + 3 } });
  });

  it('gives a seeded request without a session id the same reply every time', async () => {
    const a = await run({ content: 'hi', seed: 7 }, 'api:req-1');
    const b = await run({ content: 'hi', seed: 7 }, 'api:req-2');
    expect(a.text).toBe('[seed 7] You said: hi');
    expect(b.text).toBe(a.text);
  });

  it('attaches log probabilities to content tokens when asked', async () => {
    const r = await run({ content: 'hi', logprobs: true, top_logprobs: 2 });
    const first = r.events.find((e) => e.type === 'content');
    expect(first).toMatchObject({
      logprob: { logprob: 0, top_logprobs: [{ logprob: 0 }, { logprob: -10 }] },
    });
  });

  it('answers json_object with a JSON object and json_schema with an instance of the schema', async () => {
    const object = await run({ content: 'hi', response_format: { type: 'json_object' } });
    expect(JSON.parse(object.text)).toEqual({ reply: expect.stringContaining('You said: hi') });
    const schema = {
      type: 'object',
      properties: {
        answer: { type: 'string' },
        score: { type: 'integer' },
        tags: { type: 'array', items: { enum: ['a'] } },
      },
    };
    const schemaReply = await run({
      content: 'hi',
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'probe', schema: schema as unknown as Record<string, never> },
      },
    });
    expect(JSON.parse(schemaReply.text)).toEqual({ answer: expect.any(String), score: 0, tags: ['a'] });
  });

  it('builds schema instances for nested and constant schemas', () => {
    expect(instanceOf({ const: 3 }, 't')).toBe(3);
    expect(instanceOf({ type: ['boolean', 'null'] }, 't')).toBe(true);
  });
});
