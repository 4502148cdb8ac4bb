import { ChunkTemplate, DONE_EVENT, encodeData, encodeJson } from '../../src/sse';

const identity = { id: 'chatcmpl-"x"', created: 1700000000, model: 'm\u2028' };

/** The JSON of one framed `data:` event. */
function payload(event: string): unknown {
  expect(event.startsWith('data: ')).toBe(true);
  expect(event.endsWith('\n\n')).toBe(true);
  expect(event.slice(0, -2)).not.toMatch(/[\r\n]/);
  return JSON.parse(event.slice(6, -2));
}

const base = {
  id: identity.id,
  object: 'chat.completion.chunk',
  created: identity.created,
  model: identity.model,
};

describe('ChunkTemplate', () => {
  const plain = new ChunkTemplate(identity, false);

  it.each([
    [
      'role',
      plain.role(0, false),
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null },
    ],
    [
      'role of a tool call',
      plain.role(1, true),
      { index: 1, delta: { role: 'assistant', content: null }, finish_reason: null },
    ],
    [
      'content',
      plain.content(0, 'a "quoted"\nline'),
      { index: 0, delta: { content: 'a "quoted"\nline' }, finish_reason: null },
    ],
    [
      'first tool-call fragment',
      plain.toolCall(0, { index: 2, id: 'call_1', name: 'f', arguments: '{"a"' }),
      {
        index: 0,
        delta: {
          tool_calls: [
            { index: 2, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a"' } },
          ],
        },
        finish_reason: null,
      },
    ],
    [
      'later tool-call fragment',
      plain.toolCall(0, { index: 2, arguments: ':1}' }),
      {
        index: 0,
        delta: { tool_calls: [{ index: 2, function: { arguments: ':1}' } }] },
        finish_reason: null,
      },
    ],
    [
      'refusal',
      plain.refusal(0, 'I can\'t "help"\nhere'),
      { index: 0, delta: { refusal: 'I can\'t "help"\nhere' }, finish_reason: null },
    ],
    [
      'first legacy function-call piece',
      plain.functionCall(0, 'f', '{"a"'),
      { index: 0, delta: { function_call: { name: 'f', arguments: '{"a"' } }, finish_reason: null },
    ],
    [
      'later legacy function-call piece',
      plain.functionCall(0, undefined, ':1}'),
      { index: 0, delta: { function_call: { arguments: ':1}' } }, finish_reason: null },
    ],
    ['finish', plain.finish(0, 'length'), { index: 0, delta: {}, finish_reason: 'length' }],
  ])('frames the %s chunk as the JSON the object form gives', (_name, event, choice) => {
    expect(payload(event)).toEqual({ ...base, choices: [choice] });
  });

  it('adds usage: null to every chunk and a last usage chunk when usage was asked for', () => {
    const withUsage = new ChunkTemplate(identity, true);
    expect(payload(withUsage.content(0, 'x'))).toEqual({
      ...base,
      choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }],
      usage: null,
    });
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
    expect(payload(withUsage.usage(usage))).toEqual({ ...base, choices: [], usage });
  });
});

describe('data framing', () => {
  it('splits a payload with line breaks into several data: lines', () => {
    expect(encodeData('a\r\nb\rc\nd')).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n');
  });

  it('frames JSON on one line and ends with [DONE] exactly', () => {
    expect(encodeJson({ a: 'x\ny' })).toBe('data: {"a":"x\\ny"}\n\n');
    expect(DONE_EVENT).toBe('data: [DONE]\n\n');
  });
});
