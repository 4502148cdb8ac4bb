import { judgeCompletions } from '../judge';
import type { Check } from '../types';

/**
 * `stream: false` gets one `chat.completion` JSON document.
 * @see ../../../openapi.yaml (createChatCompletion, 200 application/json)
 */
export const jsonResponse: Check = {
  id: 'json-response',
  severity: 'must',
  rule: 'A request with `stream: false` gets 200 with an `application/json` body that validates as a `ChatCompletion` (`object: "chat.completion"`).',
  offline: true,
  eventFree: true,
  run: (run) =>
    judgeCompletions(
      run,
      (e) => e.requestJson?.stream === false,
      'stream: false',
      'no request with `stream: false`',
    ),
};
