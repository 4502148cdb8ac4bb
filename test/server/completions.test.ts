import type { Listening } from '../helpers/listen';
import { ask, post, serve } from './support/exchange';

describe('JSON completions (stream false or omitted)', () => {
  let srv: Listening;
  beforeAll(async () => {
    srv = await serve();
  });
  afterAll(() => srv.close());

  const complete = async (body: Record<string, unknown>) => {
    const ex = await post(srv.url, body);
    expect(ex.status).toBe(200);
    return JSON.parse(ex.text);
  };

  it('answers with a chat.completion echoing the model, with usage', async () => {
    const body = await complete(ask('hello json', { session_id: 'j' }));
    expect(body).toEqual({
      id: expect.stringMatching(/^chatcmpl-.+/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'chat-contract-scripted',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: '[session api:j, turn 1] You said: hello json' },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 8, total_tokens: 13 },
    });
  });

  it('gives n choices, indexed in order, and counts their tokens', async () => {
    const body = await complete(ask('x', { n: 3, max_tokens: 2 }));
    expect(body.choices.map((c: { index: number }) => c.index)).toEqual([0, 1, 2]);
    for (const c of body.choices) expect(c.finish_reason).toBe('length');
    expect(body.usage.completion_tokens).toBe(6);
  });

  it('returns a tool call with null content and finish_reason tool_calls', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup' } }];
    const body = await complete(ask('find it [[chat-contract:tool=lookup]]', { tools, session_id: 'tc' }));
    const [choice] = body.choices;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_/),
        type: 'function',
        function: { name: 'lookup', arguments: expect.any(String) },
      },
    ]);
    expect(JSON.parse(choice.message.tool_calls[0].function.arguments)).toEqual({
      request: 'find it',
      session: 'api:tc',
      turn: 1,
    });
  });

  it('replies with text when tool_choice is none even if a tool is asked for', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup' } }];
    const body = await complete(ask('[[chat-contract:tool=lookup]]', { tools, tool_choice: 'none' }));
    expect(body.choices[0].finish_reason).toBe('stop');
    expect(typeof body.choices[0].message.content).toBe('string');
  });

  it('answers a mid-stream fault with a 500 JSON error, not a partial success', async () => {
    const ex = await post(srv.url, ask('x [[chat-contract:fault=mid-stream]]'));
    expect(ex.status).toBe(500);
    expect(JSON.parse(ex.text).error.code).toBe('backend_error');
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const ex = await post(srv.url, { ...ask('x'), model: 'gpt-nope' });
    expect(ex.status).toBe(404);
    expect(JSON.parse(ex.text).error).toMatchObject({ code: 'model_not_found', param: 'model' });
  });
});
