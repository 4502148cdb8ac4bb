import {
  compileSchema,
  describeErrors,
  directive,
  lastUserText,
  parseDirectives,
  stripDirectives,
} from '../../src/contract';

const chunk = (over: Record<string, unknown> = {}, choice: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null, ...choice }],
  ...over,
});

describe('ChatCompletionChunk schema', () => {
  const validate = compileSchema('ChatCompletionChunk');
  it.each([
    ['usage absent', chunk()],
    ['usage null', chunk({ usage: null })],
    [
      'a usage chunk with empty choices',
      chunk({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }),
    ],
    [
      'system_fingerprint, service_tier and obfuscation',
      chunk({ system_fingerprint: 'fp', service_tier: 'default', obfuscation: 'abc' }),
    ],
    [
      'a first delta with content null and refusal null',
      chunk({}, { delta: { role: 'assistant', content: null, refusal: null } }),
    ],
    ['logprobs content/refusal', chunk({}, { logprobs: { content: [], refusal: null } })],
  ])('accepts what OpenAI sends: %s', (_name, value) => {
    expect(validate(value)).toBe(true);
  });
  it.each([
    ['tool_calls: null', chunk({}, { delta: { tool_calls: null } })],
    ['role: ""', chunk({}, { delta: { role: '' } })],
    ['a missing finish_reason', { ...chunk(), choices: [{ index: 0, delta: {} }] }],
    [
      'a tool-call delta without index',
      chunk({}, { delta: { tool_calls: [{ id: 'c', function: { arguments: '' } }] } }),
    ],
    ['an unknown finish_reason', chunk({}, { finish_reason: 'done' })],
    ['the wrong object', chunk({ object: 'chat.completion' })],
  ])('rejects %s', (_name, value) => {
    expect(validate(value)).toBe(false);
    expect(describeErrors(validate.errors).length).toBeGreaterThan(0);
  });
});

describe('ErrorResponse schema', () => {
  const validate = compileSchema('ErrorResponse');
  it('accepts the OpenAI envelope and rejects a bare message', () => {
    expect(
      validate({ error: { message: 'm', type: 'server_error', param: null, code: 'backend_error' } }),
    ).toBe(true);
    expect(validate({ error: { message: 'm' } })).toBe(false);
  });
});

describe('directives', () => {
  it.each([
    ['hi [[chat-contract:fault=mid-stream]]', { fault: 'mid-stream' }],
    ['[[chat-contract:tokens=5]][[chat-contract:delay-ms=10]]', { tokens: 5, delayMs: 10 }],
    ['[[chat-contract:tool=get_weather]] please', { tool: 'get_weather', tools: ['get_weather'] }],
    [
      '[[chat-contract:tool=get_weather,get_time]]',
      { tool: 'get_weather', tools: ['get_weather', 'get_time'] },
    ],
    ['[[chat-contract:reasoning=4]]', { reasoning: 4 }],
    ['[[chat-contract:defect=finish-abort]] [[chat-contract:defect=nonsense]]', { defect: 'finish-abort' }],
    ['[[chat-contract:tool=a,,b]]', {}],
    ['[[chat-contract:fault=http-503]]', { fault: 'http-503' }],
    ['[[chat-contract:fault=explode]] [[chat-contract:tokens=-1]]', {}],
    ['plain text', {}],
  ])('parses %s', (text, want) => {
    expect(parseDirectives(text)).toEqual(want);
  });
  it('renders directives the parser reads back, and strips them', () => {
    const text = `go ${directive('fault', 'hang')} now`;
    expect(parseDirectives(text)).toEqual({ fault: 'hang' });
    expect(stripDirectives(text)).toBe('go now');
  });
  it('finds the last user text in strings and parts', () => {
    expect(
      lastUserText([
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'x' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
      ]),
    ).toBe('ab');
  });
});
