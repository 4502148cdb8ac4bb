import { judgeCompletions } from '../judge';
import type { Check } from '../types';

/**
 * `stream` defaults to false: a request without it gets JSON, not an event stream.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream
 */
export const streamDefaultFalse: Check = {
  id: 'stream-default-false',
  severity: 'must',
  rule: 'A request without `stream` gets a JSON `chat.completion`, not an event stream.',
  offline: true,
  eventFree: true,
  run: (run) =>
    judgeCompletions(
      run,
      (e) => !('stream' in (e.requestJson ?? {})),
      'a request without `stream`',
      'every request set `stream` explicitly',
    ),
};
