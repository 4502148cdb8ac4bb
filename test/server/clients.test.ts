import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import OpenAI from 'openai';
import type { Listening } from '../helpers/listen';
import { MODEL, serve } from './support/exchange';

let srv: Listening;
beforeAll(async () => {
  srv = await serve();
});
afterAll(() => srv.close());

const FAULT = 'hello [[chat-contract:fault=mid-stream]]';

describe('the official openai client', () => {
  const client = () => new OpenAI({ apiKey: 'unused', baseURL: `${srv.url}/v1`, maxRetries: 0 });

  it('streams the full text, finish reason and usage', async () => {
    const stream = await client().chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'stream me please' }],
      stream: true,
      stream_options: { include_usage: true },
      session_id: 'oa',
    } as OpenAI.ChatCompletionCreateParamsStreaming);
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('[session api:oa, turn 1] You said: stream me please');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBe(9);
  });

  it('accumulates a streamed tool call with its helper', async () => {
    const stream = client().chat.completions.stream({
      model: MODEL,
      messages: [{ role: 'user', content: 'go [[chat-contract:tool=lookup]]' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    const done = await stream.finalChatCompletion();
    const call = done.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('lookup');
    expect(done.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('throws while iterating a stream that fails mid-way', async () => {
    const stream = await client().chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: FAULT }],
      stream: true,
    });
    let text = '';
    const iterate = async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    };
    await expect(iterate()).rejects.toThrow(/backend failed/);
    expect(text.length).toBeGreaterThan(0);
  });

  it('rejects with the status of a failure before the first token', async () => {
    const call = client().chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'x [[chat-contract:fault=before-first-token]]' }],
      stream: true,
    });
    await expect(call).rejects.toMatchObject({ status: 500, code: 'backend_error' });
  });
});

describe('the AI SDK with the openai-compatible provider', () => {
  const model = () =>
    createOpenAICompatible({ name: 'chat-contract', baseURL: `${srv.url}/v1`, includeUsage: true }).chatModel(
      MODEL,
    );

  it('streams the full text and a stop finish', async () => {
    const result = streamText({ model: model(), prompt: 'through the sdk', maxRetries: 0 });
    let text = '';
    for await (const part of result.fullStream) if (part.type === 'text-delta') text += part.text;
    expect(text).toMatch(/^\[session api:req-[\w-]+, turn 1\] You said: through the sdk$/);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
  });

  it('reports an error part, not a finished completion, when the stream fails mid-way', async () => {
    const errors: unknown[] = [];
    const result = streamText({
      model: model(),
      prompt: FAULT,
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    expect(types).toContain('error');
    expect(errors.length).toBeGreaterThan(0);
    const finish = await Promise.resolve(result.finishReason).catch(() => 'rejected');
    expect(finish).not.toBe('stop');
  });
});
