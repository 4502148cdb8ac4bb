import type { FieldDefect } from './types';

const user = { role: 'user', content: 'hi' };
const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } };
const assistantCalling = (toolCall: unknown) => ({
  role: 'assistant',
  content: null,
  tool_calls: [toolCall],
});
const { arguments: _args, ...callFunctionWithoutArguments } = call.function;

/**
 * Conversation-shaped defects a schema walk reaches only in isolation: broken messages in the
 * middle of an otherwise valid exchange, as real clients send them.
 */
export function messageDefects(): FieldDefect[] {
  const table: Array<[string, unknown[]]> = [
    ['second message without role', [user, { content: 'again' }]],
    ['second message with role robot', [user, { role: 'robot', content: 'beep' }]],
    ['user message with empty role', [{ role: '', content: 'hi' }]],
    [
      'user message without content after a system message',
      [{ role: 'system', content: 's' }, { role: 'user' }],
    ],
    [
      'tool result without tool_call_id',
      [user, assistantCalling(call), { role: 'tool', content: '{"temp":21}' }],
    ],
    [
      'tool result with numeric tool_call_id',
      [user, assistantCalling(call), { role: 'tool', content: 'r', tool_call_id: 1 }],
    ],
    ['assistant tool_calls as an object', [user, { role: 'assistant', content: null, tool_calls: call }]],
    [
      'assistant tool call without arguments',
      [user, assistantCalling({ ...call, function: callFunctionWithoutArguments })],
    ],
    [
      'assistant tool call with object arguments',
      [user, assistantCalling({ ...call, function: { name: 'f', arguments: {} } })],
    ],
    ['assistant tool call of type tool', [user, assistantCalling({ ...call, type: 'tool' })]],
    [
      'assistant tool call without id',
      [user, assistantCalling({ type: 'function', function: call.function })],
    ],
    ['content part without type', [{ role: 'user', content: [{ text: 'hi' }] }]],
    ['content part with empty type', [{ role: 'user', content: [{ type: '', text: 'hi' }] }]],
    ['message that is a string', [user, 'hello']],
  ];
  return table.map(([name, messages]) => ({ name: `messages: ${name}`, key: 'messages', value: messages }));
}
