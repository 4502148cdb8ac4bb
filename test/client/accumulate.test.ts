import { accumulate, type ChatResult, readChatStream } from '../../src/client';
import type { ChatCompletion, ChatCompletionChunk } from '../../src/contract';
import { type RunningReferenceServer, startServer } from '../../src/start';
import { fixture, pieces } from './helpers';

/** The parts of an answer a stream and a JSON response must agree on. */
function fromCompletion(c: ChatCompletion) {
  return {
    model: c.model,
    usage: c.usage,
    choices: c.choices.map((choice) => ({
      index: choice.index,
      content: choice.message.content,
      toolCalls: choice.message.tool_calls ?? [],
      finishReason: choice.finish_reason,
    })),
  };
}

function fromResult(r: ChatResult) {
  return {
    model: r.model,
    usage: r.usage,
    choices: r.choices.map((choice) => ({
      index: choice.index,
      content: choice.content,
      toolCalls: choice.toolCalls.map(({ id, type, function: fn }) => ({ id, type, function: fn })),
      finishReason: choice.finishReason,
    })),
  };
}

describe('accumulate against the reference server', () => {
  // Two servers, so the same session is on its first turn on each: the scripted reply (and the
  // tool call id derived from session and turn) is then the same for the stream and the JSON answer.
  let streaming: RunningReferenceServer;
  let answering: RunningReferenceServer;
  beforeAll(async () => {
    streaming = await startServer({ port: 0 });
    answering = await startServer({ port: 0 });
  });
  afterAll(async () => {
    await streaming.close();
    await answering.close();
  });

  const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
  const requests: Array<[string, object]> = [
    ['text, n: 2', { n: 2, messages: [{ role: 'user', content: 'tell me about streams' }] }],
    [
      'a tool call, n: 2',
      {
        n: 2,
        tools,
        messages: [{ role: 'user', content: 'weather please [[chat-contract:tool=get_weather]]' }],
      },
    ],
    ['a reply cut by max_tokens', { max_tokens: 3, messages: [{ role: 'user', content: 'a b c d e f g' }] }],
  ];

  it.each(requests)('reproduces the JSON answer for %s', async (name, request) => {
    const body = { model: 'chat-contract-scripted', session_id: `accumulate ${name}`, ...request };
    const post = (base: string, extra: object) =>
      fetch(`${base}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, ...extra }),
      });
    const streamed = await accumulate(
      readChatStream(await post(streaming.url, { stream: true, stream_options: { include_usage: true } })),
    );
    const answer = (await (await post(answering.url, { stream: false })).json()) as ChatCompletion;
    expect(fromResult(streamed)).toEqual(fromCompletion(answer));
    expect(streamed.choices).toHaveLength((request as { n?: number }).n ?? 1);
    for (const choice of streamed.choices) {
      for (const call of choice.toolCalls) {
        expect(call.parsed).toEqual({ ok: true, value: JSON.parse(call.function.arguments) });
      }
    }
    if (name.startsWith('a tool call')) expect(streamed.choices[0]?.toolCalls).toHaveLength(1);
  });
});

describe('accumulate', () => {
  const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' } as const;
  const chunk = (delta: object, finish: 'stop' | null = null, index = 0): ChatCompletionChunk => ({
    ...base,
    choices: [{ index, delta, finish_reason: finish }],
  });

  it('joins tool-call fragments and keeps the parse error of arguments that are not JSON', async () => {
    const result = await accumulate(readChatStream(pieces(fixture('streams/tool-arguments-not-json.sse'))));
    const [first, second] = result.choices[0]!.toolCalls;
    expect(first).toMatchObject({
      index: 0,
      id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA',
      function: { arguments: '{"city":"Paris"' },
    });
    expect(first?.parsed.ok).toBe(false);
    expect(first?.parsed.ok === false && first.parsed.error).toMatch(/JSON/);
    expect(second).toMatchObject({ index: 1, parsed: { ok: true, value: { tz: 'CET' } } });
    expect(result.choices[0]?.finishReason).toBe('tool_calls');
  });

  it('joins a legacy function_call, parses its arguments, and leaves it null when absent', async () => {
    const result = await accumulate([
      chunk({ role: 'assistant', content: null }),
      chunk({ function_call: { name: 'get_weather', arguments: '' } }),
      chunk({ function_call: { arguments: '{"city":' } }),
      chunk({ function_call: { arguments: '"Oslo"}' } }),
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'function_call' }] },
      chunk({ content: 'plain' }, null, 1),
      chunk({}, 'stop', 1),
    ]);
    expect(result.choices[0]?.functionCall).toEqual({
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
      parsed: { ok: true, value: { city: 'Oslo' } },
    });
    expect(result.choices[0]?.content).toBeNull();
    expect(result.choices[0]?.finishReason).toBe('function_call');
    expect(result.choices[1]?.functionCall).toBeNull();
  });

  it('joins reasoning from reasoning_content, or from reasoning, never both', async () => {
    const result = await accumulate([
      chunk({ role: 'assistant', reasoning_content: 'Think', reasoning: 'Think' }),
      chunk({ reasoning_content: 'ing.' }),
      chunk({ reasoning: 'Other', content: 'Hi' }, null, 1),
      chunk({}, 'stop'),
      chunk({}, 'stop', 1),
    ]);
    expect(result.choices.map((c) => [c.reasoning, c.content, c.finishReason])).toEqual([
      ['Thinking.', null, 'stop'],
      ['Other', 'Hi', 'stop'],
    ]);
  });

  it('keeps content null without text, joins refusal, takes the usage chunk and orders choices', async () => {
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
    const result = await accumulate([
      chunk({ role: 'assistant', content: null }, null, 1),
      chunk({ role: 'assistant', content: null, refusal: 'I can' }),
      chunk({ refusal: 'not.' }, 'stop'),
      chunk({}, 'stop', 1),
      { ...base, choices: [], usage },
    ]);
    expect(result).toMatchObject({ id: 'chatcmpl-1', model: 'm', created: 1, usage });
    expect(result.choices.map((c) => [c.index, c.role, c.content, c.refusal])).toEqual([
      [0, 'assistant', null, 'I cannot.'],
      [1, 'assistant', null, null],
    ]);
  });
});
